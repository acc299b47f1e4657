// SPDX-License-Identifier: MIT
// SPDX-FileCopyrightText: 2026 Concord developers
#pragma once

#include <QElapsedTimer>
#include <QList>
#include <QObject>
#include <QStringList>
#include <QTimer>

#include <functional>

class QSqlDatabase;

namespace Concord {

class ChangeWatcher;
struct TableChange;
class VersionedTableModel;

/// The live updates of one VersionedTableModel (see VersionedTableModel::setLiveUpdates()):
/// the ChangeWatcher, whether others changed the table while edits were pending, and the
/// refresh blocker a view installs. It drives the model through its public API only.
///
/// Notifications that arrive together (in one turn of the event loop; for a bulk write, until it
/// pauses for bulkSettleMs, bulkMaxWaitMs at most) are handled as one change. When the
/// notifications named the rows (PostgreSQL), at most maxKeys of them, those rows are read again
/// in place (VersionedTableModel::refreshRowsInPlace()); when the database only said "changed"
/// (SQLite), the rows in memory are checked by their versions (refreshHeldRowsInPlace()). What
/// cannot be shown in place (an insert, a delete, a row with pending edits, more rows than
/// maxKeys, a notification that named no rows or could not be read) makes the table outdated:
/// it is re-read whole by select() as soon as nothing is pending. Nothing is shown, in place or
/// not, while the refresh blocker says no.
class LiveUpdates : public QObject
{
    Q_OBJECT

public:
    /// Past this many changed rows of the table in one change, the table is re-read whole.
    static constexpr int maxKeys = 50;
    /// A burst of more than maxKeys rows is re-read once it pauses this long...
    static constexpr int bulkSettleMs = 20;
    /// ...or once it has lasted this long, so that a steady stream of writes still shows.
    static constexpr int bulkMaxWaitMs = 250;

    explicit LiveUpdates(VersionedTableModel *model);
    ~LiveUpdates() override;

    /// Starts (or restarts, with a new interval) or stops watching \a db.
    void setEnabled(const QSqlDatabase &db, bool enabled, int pollIntervalMs);
    bool isEnabled() const { return m_watcher != nullptr; }
    int pollInterval() const { return m_pollIntervalMs; }
    bool isOutdated() const { return m_outdated; }
    void setRefreshBlocker(std::function<bool()> blocked) { m_refreshBlocked = std::move(blocked); }
    /// Shows what others changed, if the blocker allows: in place when it can, else by re-reading
    /// the model's table if nothing is pending.
    void refreshIfIdle();
    /// The model re-read its whole table (a reload, a new sort or filter): whatever others
    /// changed before is on screen now, so the table is no longer outdated and no change waits.
    void clearOutdated();

Q_SIGNALS:
    void aboutToRefresh();
    void refreshed();
    void outdatedChanged(bool outdated);

private:
    void onDatabaseChanged(const TableChange &change);
    void showChanges();
    bool showInPlace();
    void markOutdated();
    bool isBlocked() const { return m_refreshBlocked && m_refreshBlocked(); }
    bool hasUnshownChanges() const { return m_rowsUnknown || !m_changedKeys.isEmpty(); }

    VersionedTableModel *m_model;
    ChangeWatcher *m_watcher = nullptr;
    int m_pollIntervalMs = 250;
    bool m_outdated = false;          ///< a change others made is not on screen
    bool m_needsSelect = false;       ///< ... and only a whole re-read can show it
    QTimer m_coalesce;                ///< one pass over notifications that arrive together
    QElapsedTimer m_burst;            ///< since a burst passed maxKeys; invalid outside one
    QList<QStringList> m_changedKeys; ///< rows others changed, not shown yet
    bool m_rowsUnknown = false;       ///< a change that named no rows (or too many) is not shown yet
    std::function<bool()> m_refreshBlocked; ///< a view's "not now", see setRefreshBlocker()
};

} // namespace Concord
