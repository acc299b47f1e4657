// SPDX-License-Identifier: MIT
// SPDX-FileCopyrightText: 2026 Concord developers
#pragma once

#include <core/jobs/job.h>
#include <core/versioning/history.h>

namespace Concord {

/// Turns a table's history on (or brings it up to date, or records a new retention) or off,
/// under the table's exclusive lock: history triggers change the table's schema, so like Enable
/// Versioning it is exclusive work that no import, bulk edit or prune of someone else's runs
/// across, and that everyone sees while it runs. History::enable() and History::disable() each
/// run in one transaction of their own. Finishes with their error, LockHeld or Cancelled.
class HistorySettingsJob : public Job
{
    Q_OBJECT

public:
    /// Keeps \a table's history with \a retention.
    static HistorySettingsJob *enabling(const JobConnection &connection, const QString &table,
                                        const History::Retention &retention);
    /// Stops \a table's history, keeping what was recorded unless \a dropHistory.
    static HistorySettingsJob *disabling(const JobConnection &connection, const QString &table, bool dropHistory);

    QString description() const override;
    QString table() const override { return m_table; }
    bool isEnabling() const { return m_enable; }
    bool dropsHistory() const { return m_drop; }
    const History::Retention &retention() const { return m_retention; }

protected:
    JobResult work(Context &context) override;

private:
    HistorySettingsJob(const JobConnection &connection, const QString &table, bool enable);

    QString m_table;
    bool m_enable = true;
    bool m_drop = false;
    History::Retention m_retention;
};

} // namespace Concord
