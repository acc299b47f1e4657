// SPDX-License-Identifier: MIT
// SPDX-FileCopyrightText: 2026 Concord developers
#include "historysettingsjob.h"

#include <core/db/tableschema.h>
#include <core/errors.h>
#include <core/versioning/versioningconfig.h>

namespace Concord {

HistorySettingsJob::HistorySettingsJob(const JobConnection &connection, const QString &table, bool enable)
    : Job(connection)
    , m_table(table)
    , m_enable(enable)
{
}

HistorySettingsJob *HistorySettingsJob::enabling(const JobConnection &connection, const QString &table,
                                                 const History::Retention &retention)
{
    auto *job = new HistorySettingsJob(connection, table, true);
    job->m_retention = retention;
    return job;
}

HistorySettingsJob *HistorySettingsJob::disabling(const JobConnection &connection, const QString &table, bool dropHistory)
{
    auto *job = new HistorySettingsJob(connection, table, false);
    job->m_drop = dropHistory;
    return job;
}

QString HistorySettingsJob::description() const
{
    return m_enable ? tr("Keep the history of %1").arg(m_table) : tr("Stop the history of %1").arg(m_table);
}

JobResult HistorySettingsJob::work(Context &context)
{
    setProgress(0, 1);
    if (isCancelled())
        return makeError(ErrorCode::Cancelled, tr("%1 was cancelled; nothing was changed.").arg(description()));
    if (auto locked = stillLocked(context); !locked)
        return locked;
    // NotFound for a table that is not there (or no longer): nothing to keep or stop.
    if (const Result<History::Status> status = History::status(context.db, m_table); !status)
        return status.error();
    Result<void> done;
    if (m_enable) {
        // The table's recorded version column, as every writer of it uses.
        const Result<VersioningConfig> config = versioningFor(context.db, m_table);
        if (!config)
            return config.error();
        const Result<TableSchema> schema = TableSchema::load(context.db, m_table, config.value().column);
        if (!schema)
            return schema.error();
        done = History::enable(context.db, schema.value(), m_retention);
    } else {
        done = History::disable(context.db, m_table, !m_drop);
    }
    if (!done)
        return done;
    setProgress(1, 1);
    return {};
}

} // namespace Concord
