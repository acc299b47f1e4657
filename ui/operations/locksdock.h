// SPDX-License-Identifier: MIT
// SPDX-FileCopyrightText: 2026 Concord developers
#pragma once

#include <core/locks/lockinfo.h>

#include <QDateTime>
#include <QDockWidget>

class QLabel;
class QTimer;
class QTreeWidget;

namespace Concord {

class LockMonitor;

/// Every lock held on the database, live: table locks and any other name (`concordctl lock
/// nightly-report`), one row per holder with its holder, host, operation, since when ("3 min
/// ago", the exact time in the tooltip) and generation. The editor's own work is marked "(you)".
///
/// It shows what the window's LockMonitor polls (holdersChanged()); it never asks the database
/// itself. A timer only rewrites the relative times. Toggled by View > Locks
/// (toggleViewAction(), objectName "locksDockAction"). objectName "locksDock"; the list is
/// "locksView", the line shown when nothing is held "locksEmpty".
class LocksDock : public QDockWidget
{
    Q_OBJECT

public:
    enum Column { LockColumn, HolderColumn, HostColumn, OperationColumn, SinceColumn, GenerationColumn };

    explicit LocksDock(LockMonitor *monitor, QWidget *parent = nullptr);

    QTreeWidget *view() const { return m_view; }
    /// "just now", "3 min ago", "2 h ago", "yesterday"-free "5 days ago": how long \a since is
    /// before \a now.
    static QString relativeTime(const QDateTime &since, const QDateTime &now);

public Q_SLOTS:
    void setHolders(const QList<Concord::LockHolder> &holders);

private:
    void updateTimes();

    QTreeWidget *m_view = nullptr;
    QLabel *m_empty = nullptr;
    QTimer *m_clock = nullptr;
};

} // namespace Concord
