// SPDX-License-Identifier: MIT
// SPDX-FileCopyrightText: 2026 Concord developers
#include "historyretentionjob.h"

#include <core/errors.h>
#include <core/db/transaction.h>
#include <core/versioning/history.h>

namespace Concord {

HistoryRetentionJob::HistoryRetentionJob(const JobConnection &connection, const QString &table, QObject *parent)
    : Job(connection, parent)
    , m_table(table)
{
}

QString HistoryRetentionJob::description() const
{
    return tr("Prune the history of %1").arg(m_table);
}

JobResult HistoryRetentionJob::work(Context &context)
{
    setProgress(0, 1);
    Transaction transaction(context.db);
    if (!transaction.begin())
        return sqlError(transaction.lastError(), tr("Cannot prune the history of %1").arg(m_table));
    const auto removed = History::applyRetention(context.db, m_table);
    if (!removed)
        return removed.error();
    if (isCancelled())
        return makeError(ErrorCode::Cancelled, tr("Pruning the history of %1 was cancelled.").arg(m_table));
    if (auto locked = stillLocked(context); !locked)
        return locked;
    if (!transaction.commit())
        return commitFailure(transaction);
    m_removed = removed.value();
    setProgress(1, 1);
    return {};
}

} // namespace Concord
