// SPDX-License-Identifier: MIT
// SPDX-FileCopyrightText: 2026 Concord developers
#pragma once

#include <core/jobs/job.h>

#include <atomic>

namespace Concord {

/// History::applyRetention() on a table, under its exclusive table lock, in one transaction:
/// the history of a table is pruned while nobody runs other exclusive work on it (an import, a
/// bulk edit, a second prune). Finishes with applyRetention()'s error (NotFound when the table
/// keeps no history), LockHeld or Cancelled; removed() then says how many entries went.
class HistoryRetentionJob : public Job
{
    Q_OBJECT

public:
    HistoryRetentionJob(const JobConnection &connection, const QString &table, QObject *parent = nullptr);

    QString description() const override;
    QString table() const override { return m_table; }
    /// The entries deleted, once finished (0 before).
    int removed() const { return m_removed.load(); }

protected:
    JobResult work(Context &context) override;

private:
    QString m_table;
    std::atomic<int> m_removed{0};
};

} // namespace Concord
