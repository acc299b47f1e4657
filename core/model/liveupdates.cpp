// SPDX-License-Identifier: MIT
// SPDX-FileCopyrightText: 2026 Concord developers
#include "liveupdates.h"

#include <core/db/changewatcher.h>
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

void LiveUpdates::onDatabaseChanged(const QStringList &tables)
{
    const QString table = m_model->tableName();
    if (table.isEmpty() || (!tables.isEmpty() && !tables.contains(table)))
        return;
    if (!m_outdated) {
        m_outdated = true;
        emit outdatedChanged(true);
    }
    refreshIfIdle();
}

// Re-reading the whole table is the only way a QSqlTableModel can show rows others inserted, and
// it would drop pending edits: so it waits until there are none.
void LiveUpdates::refreshIfIdle()
{
    if (!m_outdated || !m_model->conflicts().isEmpty() || !m_model->pendingRows().isEmpty()
        || (m_refreshBlocked && m_refreshBlocked()))
        return;
    emit aboutToRefresh();
    m_model->select(); // clears the outdated state (clearOutdated())
    clearOutdated();
    emit refreshed();
}

void LiveUpdates::clearOutdated()
{
    if (!m_outdated)
        return;
    m_outdated = false;
    emit outdatedChanged(false);
}

} // namespace Concord
