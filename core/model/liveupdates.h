// SPDX-License-Identifier: MIT
// SPDX-FileCopyrightText: 2026 Concord developers
#pragma once

#include <QObject>
#include <QStringList>

#include <functional>

class QSqlDatabase;

namespace Concord {

class ChangeWatcher;
class VersionedTableModel;

/// The live updates of one VersionedTableModel (see VersionedTableModel::setLiveUpdates()):
/// the ChangeWatcher, whether others changed the table while edits were pending, and the
/// refresh blocker a view installs. It drives the model through its public API only.
class LiveUpdates : public QObject
{
    Q_OBJECT

public:
    explicit LiveUpdates(VersionedTableModel *model);
    ~LiveUpdates() override;

    /// Starts (or restarts, with a new interval) or stops watching \a db.
    void setEnabled(const QSqlDatabase &db, bool enabled, int pollIntervalMs);
    bool isEnabled() const { return m_watcher != nullptr; }
    int pollInterval() const { return m_pollIntervalMs; }
    bool isOutdated() const { return m_outdated; }
    void setRefreshBlocker(std::function<bool()> blocked) { m_refreshBlocked = std::move(blocked); }
    /// Re-reads the model's table if others changed it and the model has nothing pending.
    void refreshIfIdle();
    /// The model re-read its whole table (a reload, a new sort or filter): whatever others
    /// changed before is on screen now, so the table is no longer outdated.
    void clearOutdated();

Q_SIGNALS:
    void aboutToRefresh();
    void refreshed();
    void outdatedChanged(bool outdated);

private:
    void onDatabaseChanged(const QStringList &tables);

    VersionedTableModel *m_model;
    ChangeWatcher *m_watcher = nullptr;
    int m_pollIntervalMs = 250;
    bool m_outdated = false;
    std::function<bool()> m_refreshBlocked; ///< a view's "not now", see setRefreshBlocker()
};

} // namespace Concord
