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
/// - announces who holds which "table:NAME" lock, so that everyone sees "Import into orders by
///   ann@ws7 since 10:32": on PostgreSQL at once (every grant and release notifies), and by a
///   poll every couple of seconds that reads only AdvisoryLock::holdersMark() (a digest of
///   pg_locks) and the full list only when the mark moved (a holder that died sends nothing);
///   on SQLite by the poll, which reads the one small lease table;
/// - keeps every holder of every lock of the last poll (holders(), holdersChanged()) for the
///   Locks dock.
///
/// The editor's own work (a job this process runs under the application name "concord", see
/// isOwn()) is listed among the holders but is never someone else's busy work: busyTables()
/// leaves it out, the job runner in the status bar shows it instead.
class LockMonitor : public QObject
{
    Q_OBJECT

public:
    explicit LockMonitor(QObject *parent = nullptr);
    ~LockMonitor() override;

    /// Opens the lock owner for the database of \a editing, the window's own connection, and
    /// starts polling. On PostgreSQL the owner only watches, on \a editing itself
    /// (AdvisoryLock::openWatcher()): an idle window holds one connection, and a lost connection
    /// is noticed on the connection that matters. On SQLite it opens its own connection to
    /// \a address, the file \a editing is on. On failure the editor works without lock visibility (saves are then not checked
    /// against table locks). Reopening \a editing (a reconnect) needs open() again.
    Result<void> open(const QSqlDatabase &editing, const DatabaseAddress &address);
    void close();
    AdvisoryLock *lock() const { return m_lock.get(); }

    void setInterval(int milliseconds);
    /// Table -> one line per other holder of its lock ("Import into orders by ann@ws7 since
    /// 10:32"); this editor's own jobs are left out.
    const QHash<QString, QString> &busyTables() const { return m_busy; }
    /// Every lock held on the database at the last poll, sorted by name, own ones included.
    const QList<LockHolder> &holders() const { return m_holders; }
    /// True for a holder that is this editor's own work: this process on this host, under the
    /// application name the editor's jobs record (applicationName()). A second lock owner the
    /// same process opens under another name (a test's "other user") is someone else.
    static bool isOwn(const LockHolder &holder);
    /// True when the database tells of grants and releases (PostgreSQL's NOTIFY): the editor
    /// shows them at once instead of at the next poll.
    bool isNotified() const { return m_notified; }
    /// How often the full holder list was read; a poll that finds the mark unchanged reads none.
    int fullReadCount() const { return m_fullReads; }
    /// "concord": what the editor's lock owner and its jobs record as their application.
    static QString applicationName();

public Q_SLOTS:
    /// Polls now (also after a job starts or ends, so the display does not lag).
    void refresh();

Q_SIGNALS:
    /// The set of busy tables, or who holds them, changed.
    void busyTablesChanged(const QHash<QString, QString> &busy);
    /// The held locks changed: a grant, a release, another holder or generation.
    void holdersChanged(const QList<Concord::LockHolder> &holders);
    /// The lock owner's connection is gone (a server restart, a failover): the editor learns of
    /// it within one poll, even while nobody saves. Emitted once per loss; open() starts afresh.
    void connectionLost(const QString &reason);

private:
    std::unique_ptr<AdvisoryLock> m_lock;
    QString m_mark;          ///< holdersMark() at the last full read; empty: read in full
    bool m_changed = false;  ///< a notification came: read in full at the next refresh
    bool m_notified = false; ///< the database notifies grants and releases
    int m_fullReads = 0;
    QTimer *m_timer = nullptr;
    QHash<QString, QString> m_busy;
    QList<LockHolder> m_holders;
    bool m_lost = false;
};

} // namespace Concord
