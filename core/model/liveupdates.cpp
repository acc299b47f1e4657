// SPDX-License-Identifier: MIT
// SPDX-FileCopyrightText: 2026 Concord developers
#include "liveupdates.h"

#include <core/db/changewatcher.h>
#include <core/db/databaseaddress.h>
#include <core/model/versionedtablemodel.h>

namespace Concord {

LiveUpdates::LiveUpdates(VersionedTableModel *model)
    : QObject(model)
    , m_model(model)
{
    // The moment nothing is pending any more (a save, a revert, a discarded conflict), a table
    // others changed meanwhile is re-read. Queued: pendingChanged() comes from inside setData(),
    // revertRow() and submitAll(), where a re-read would pull the rows from under the caller.
    connect(model, &VersionedTableModel::pendingChanged, this, &LiveUpdates::refreshIfIdle, Qt::QueuedConnection);
    // A transaction that wrote several rows notifies once per row; the driver reports what one
    // read of the socket brought in one go, so the next turn of the event loop sees them all.
    m_coalesce.setSingleShot(true);
    connect(&m_coalesce, &QTimer::timeout, this, &LiveUpdates::showChanges);
}

LiveUpdates::~LiveUpdates() = default;

void LiveUpdates::setEnabled(const QSqlDatabase &db, bool enabled, int pollIntervalMs)
{
    delete m_watcher;
    m_watcher = nullptr;
    if (!enabled)
        return;
    m_pollIntervalMs = pollIntervalMs;
    m_watcher = new ChangeWatcher(db, pollIntervalMs, this);
    connect(m_watcher, &ChangeWatcher::changed, this, &LiveUpdates::onDatabaseChanged);
}

void LiveUpdates::onDatabaseChanged(const TableChange &change)
{
    const QString table = m_model->tableName();
    if (table.isEmpty() || (!change.table.isEmpty() && change.table != table))
        return;
    if (!change.key || change.table.isEmpty()) {
        m_rowsUnknown = true;
    } else if (!m_rowsUnknown && !m_changedKeys.contains(*change.key)) {
        m_changedKeys << *change.key;
    }
    // A bulk job's thousands of rows: one re-read costs less than reading them one by one, and
    // their notifications take more than one read of the socket, so the re-read waits for a pause.
    if (m_changedKeys.size() > maxKeys) {
        m_rowsUnknown = true;
        m_changedKeys.clear();
        m_burst.start();
    }
    if (m_burst.isValid() && m_burst.elapsed() < bulkMaxWaitMs)
        m_coalesce.start(bulkSettleMs);
    else if (!m_coalesce.isActive())
        m_coalesce.start(0);
}

void LiveUpdates::showChanges()
{
    if (!hasUnshownChanges())
        return;
    if (isBlocked()) {
        markOutdated(); // kept: refreshIfIdle() shows them once the view lets it
        return;
    }
    m_burst.invalidate();
    const bool shown = showInPlace();
    m_changedKeys.clear();
    m_rowsUnknown = false;
    m_needsSelect = m_needsSelect || !shown;
    if (m_needsSelect)
        markOutdated();
    else
        clearOutdated(); // it was only held back by the blocker
    refreshIfIdle();
}

// SQLite never names rows, so the rows in memory are checked; a PostgreSQL notification that
// names none is an old trigger's, a payload that could not be read, or a bulk write.
bool LiveUpdates::showInPlace()
{
    if (m_rowsUnknown)
        return isSQLite(m_model->database()) && m_model->refreshHeldRowsInPlace();
    return m_model->refreshRowsInPlace(m_changedKeys);
}

// Re-reading the whole table drops pending edits: so it waits until there are none.
void LiveUpdates::refreshIfIdle()
{
    if (isBlocked())
        return;
    if (hasUnshownChanges()) {
        showChanges();
        return;
    }
    if (!m_needsSelect || !m_model->conflicts().isEmpty() || !m_model->pendingRows().isEmpty())
        return;
    emit aboutToRefresh();
    m_model->select(); // clears the outdated state (clearOutdated())
    clearOutdated();
    emit refreshed();
}

void LiveUpdates::markOutdated()
{
    if (m_outdated)
        return;
    m_outdated = true;
    emit outdatedChanged(true);
}

void LiveUpdates::clearOutdated()
{
    m_burst.invalidate();
    m_needsSelect = false;
    m_changedKeys.clear();
    m_rowsUnknown = false;
    if (!m_outdated)
        return;
    m_outdated = false;
    emit outdatedChanged(false);
}

} // namespace Concord
