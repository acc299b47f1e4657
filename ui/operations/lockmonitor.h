// SPDX-License-Identifier: MIT
// SPDX-FileCopyrightText: 2026 Concord developers
#pragma once

#include <core/locks/advisorylock.h>

#include <QHash>
#include <QObject>

#include <memory>

class QTimer;

namespace Concord {

/// The editor's view of exclusive work on its database: one AdvisoryLock owner (application
/// "concord") that never takes a table lock itself, but
/// - is given to the model (VersionedTableModel::setTableLock()), so that a save while someone
///   else holds the table fails at once naming the holder, and
/// - polls heldLocks() every couple of seconds (one cheap query) and announces who holds which
///   "table:NAME" lock, so that everyone sees "Import into orders by ann@ws7 since 10:32".
class LockMonitor : public QObject
{
    Q_OBJECT

public:
    explicit LockMonitor(QObject *parent = nullptr);
    ~LockMonitor() override;

    /// Opens the lock owner for \a address and starts polling. On failure the editor works
    /// without lock visibility (saves are then not checked against table locks).
    /// \a password: the one the user typed for \a address, if any (kept in memory only).
    Result<void> open(const DatabaseAddress &address, const QString &password = {});
    void close();
    AdvisoryLock *lock() const { return m_lock.get(); }

    void setInterval(int milliseconds);
    /// Table -> one line per holder of its lock ("Import into orders by ann@ws7 since 10:32").
    const QHash<QString, QString> &busyTables() const { return m_busy; }

public Q_SLOTS:
    /// Polls now (also after a job starts or ends, so the display does not lag).
    void refresh();

Q_SIGNALS:
    /// The set of busy tables, or who holds them, changed.
    void busyTablesChanged(const QHash<QString, QString> &busy);
    /// The lock owner's connection is gone (a server restart, a failover): the editor learns of
    /// it within one poll, even while nobody saves. Emitted once per loss; open() starts afresh.
    void connectionLost(const QString &reason);

private:
    std::unique_ptr<AdvisoryLock> m_lock;
    QTimer *m_timer = nullptr;
    QHash<QString, QString> m_busy;
    bool m_lost = false;
};

} // namespace Concord
