// SPDX-License-Identifier: MIT
// SPDX-FileCopyrightText: 2026 Concord developers
// MainWindow's chrome: the actions' icons, a toolbar that fits the default window, the Locks
// dock, the row field of the status bar and a first size that fits the screen. Kept apart from
// mainwindow.cpp (the window and its editing) so that each stays under budget.
#include "mainwindow.h"

#include <ui/editor/statusfields.h>
#include <ui/operations/locksdock.h>
#include <ui/operations/lockmonitor.h>
#include <ui/operations/tableoperations.h>
#include <ui/widgets/busybanner.h>
#include <ui/widgets/tablelist.h>

#include <core/model/versionedtablemodel.h>

#include <QAction>
#include <QIcon>
#include <QMenu>
#include <QMenuBar>
#include <QScreen>
#include <QStatusBar>
#include <QTableView>
#include <QToolBar>
#include <QToolButton>

using namespace Qt::StringLiterals;

namespace Concord {

namespace {

// Action objectName -> icon file under :/icons/actions/.
struct ActionIcon
{
    const char16_t *action;
    const char16_t *icon;
};

constexpr ActionIcon s_actionIcons[] = {
    {u"saveAction", u"save"},
    {u"revertAction", u"revert"},
    {u"revertRowAction", u"revert-row"},
    {u"reviewConflictAction", u"review-conflict"},
    {u"addRowAction", u"add-row"},
    {u"deleteRowsAction", u"delete-row"},
    {u"reloadAction", u"reload"},
    {u"setNullAction", u"set-null"},
    {u"importCsvAction", u"import"},
    {u"bulkEditAction", u"bulk-edit"},
    {u"bulkDeleteAction", u"bulk-delete"},
    {u"enableVersioningAction", u"enable-versioning"},
};

// The actions whose text stays beside their icon; the others show the icon alone (their text is
// the tooltip and the menu entry). Together they fit a 1100 px window without an overflow ».
constexpr const char16_t *s_labelledActions[] = {u"saveAction", u"revertAction", u"addRowAction",
                                                 u"importCsvAction", u"enableVersioningAction"};

} // namespace

void MainWindow::createChrome()
{
    setActionIcons();
    createLocksDock();
    createHistory();
    arrangeToolBars();
    resizeToFitScreen();
}

void MainWindow::setActionIcons()
{
    for (const ActionIcon &entry : s_actionIcons) {
        const QString name = QString::fromUtf16(entry.action);
        const QIcon icon(u":/icons/actions/%1.svg"_s.arg(QString::fromUtf16(entry.icon)));
        for (QAction *action : findChildren<QAction *>(name))
            action->setIcon(icon);
    }
}

void MainWindow::arrangeToolBars()
{
    QStringList labelled;
    for (const char16_t *name : s_labelledActions)
        labelled << QString::fromUtf16(name);
    const QList<QToolBar *> toolBars = findChildren<QToolBar *>();
    for (QToolBar *toolBar : toolBars) {
        toolBar->setToolButtonStyle(Qt::ToolButtonIconOnly);
        toolBar->setIconSize(QSize(20, 20));
        for (QAction *action : toolBar->actions()) {
            auto *button = qobject_cast<QToolButton *>(toolBar->widgetForAction(action));
            if (button && labelled.contains(action->objectName()))
                button->setToolButtonStyle(Qt::ToolButtonTextBesideIcon);
        }
    }
    if (QToolBar *operations = findChild<QToolBar *>(u"operationsToolBar"_s)) {
        operations->addSeparator();
        operations->addAction(m_locksDock->toggleViewAction());
    }
}

// View > Locks. The menu bar may already have a View menu (objectName "viewMenu", or titled
// "View"); otherwise this makes one, so that the dock can always be brought back once closed.
void MainWindow::createLocksDock()
{
    m_locksDock = new LocksDock(m_locks, this);
    addDockWidget(Qt::BottomDockWidgetArea, m_locksDock);
    m_locksDock->hide();
    QMenu *view = menuBar()->findChild<QMenu *>(u"viewMenu"_s);
    for (QAction *entry : menuBar()->actions()) {
        if (!view && entry->menu() && QString(entry->text()).remove(u'&') == tr("View"))
            view = entry->menu();
    }
    if (!view) {
        view = menuBar()->addMenu(tr("&View"));
        view->setObjectName(u"viewMenu"_s);
    }
    m_locksDock->toggleViewAction()->setText(tr("&Locks"));
    // Opened from the toolbar or the menu: a few rows high, the grid keeps the rest.
    connect(m_locksDock->toggleViewAction(), &QAction::toggled, this, [this](bool shown) {
        if (shown)
            resizeDocks({m_locksDock}, {m_locksDock->fontMetrics().height() * 9}, Qt::Vertical);
    });
    view->addAction(m_locksDock->toggleViewAction());
}

// 1100 x 680, or less where the screen is smaller (a laptop at QT_SCALE_FACTOR=2 has ~960 x 540
// device-independent pixels): the window never starts larger than the screen's free area.
void MainWindow::resizeToFitScreen()
{
    QSize size(1100, 680);
    if (const QScreen *screen = this->screen()) {
        const QRect available = screen->availableGeometry();
        // Room for the window frame, which is not part of size().
        size = size.boundedTo(available.size() - QSize(16, 48));
        move(available.topLeft() + QPoint((available.width() - size.width()) / 2,
                                          (available.height() - size.height()) / 2));
    }
    resize(size);
}

void MainWindow::updateRowStatus()
{
    if (!m_model || m_model->tableName().isEmpty()) {
        m_statusFields->setRow(-1, 0);
        return;
    }
    const QModelIndex current = m_grid->currentIndex();
    m_statusFields->setRow(current.isValid() ? current.row() : -1, m_model->rowCount());
}

// A view or a table without versioning, opened read-only: the status bar says what it is and,
// for a table, how to make it editable.
void MainWindow::showReadOnlyTable(const QString &table)
{
    const QListWidgetItem *item = m_tableList->itemFor(table);
    const bool view = item && item->data(TableList::ViewRole).toBool();
    const bool needsVersioning = item && item->data(TableList::NeedsVersioningRole).toBool();
    QString text;
    if (view)
        text = tr("%1 is a view — read-only").arg(table);
    else if (needsVersioning)
        text = tr("%1 is not versioned — read-only; Enable Versioning… to edit").arg(table);
    else
        text = tr("%1 is read-only: %2").arg(table, m_tableList->reason(table));
    statusBar()->showMessage(text);
    m_busyBanner->setCurrentTable(table);
}

} // namespace Concord
