// SPDX-License-Identifier: MIT
// SPDX-FileCopyrightText: 2026 Concord developers
// MainWindow's cells: the grid selects cells as well as rows, and the editors that do not fit in
// a cell (CellActions: Edit Text…, View Blob…) join the Edit menu and the grid's context menu.
#include "mainwindow.h"

#include <ui/editor/cellactions.h>
#include <ui/editor/recorddelegate.h>
#include <ui/widgets/tablelist.h>

#include <QAction>
#include <QHeaderView>
#include <QMenu>
#include <QStatusBar>
#include <QTableView>

namespace Concord {

// Cells can be selected one by one or as a rectangle (for Copy); a click on the row header
// selects whole rows, which every "selected rows" action takes (selectedRowsOf()).
void MainWindow::createCellSelection()
{
    m_grid->setSelectionBehavior(QAbstractItemView::SelectItems);
    m_grid->setSelectionMode(QAbstractItemView::ExtendedSelection);
    QHeaderView *rows = m_grid->verticalHeader();
    rows->setSectionResizeMode(QHeaderView::Fixed); // never measures the rows of a large table
    rows->setDefaultAlignment(Qt::AlignRight | Qt::AlignVCenter);
    rows->setToolTip(tr("Click to select rows; * marks a new row, ! a deleted one"));
    // A click on a column header sorts (sortByColumn()); QTableView would also select the whole
    // column, every row of a table of any size, for Delete Rows to take.
    QHeaderView *columns = m_grid->horizontalHeader();
    disconnect(columns, &QHeaderView::sectionPressed, m_grid, nullptr);
    disconnect(columns, &QHeaderView::sectionEntered, m_grid, nullptr);
}

void MainWindow::createCellActions()
{
    auto *delegate = static_cast<RecordDelegate *>(m_grid->itemDelegate());
    m_cellActions = new CellActions(m_grid, delegate, this);
    // Another table would take an open editor, and a text it could not commit, away.
    delegate->guardClicks(m_tableList->viewport());
    connect(m_cellActions, &CellActions::statusMessage, statusBar(), [this](const QString &text) {
        statusBar()->showMessage(text);
    });
    // Next to Set to NULL, the other ways of giving a cell a value.
    if (auto *edit = findChild<QMenu *>(QStringLiteral("editMenu"))) {
        QAction *setNull = findChild<QAction *>(QStringLiteral("setNullAction"));
        const QList<QAction *> actions = edit->actions();
        const int at = int(actions.indexOf(setNull));
        QAction *before = at >= 0 && at + 1 < actions.size() ? actions.at(at + 1) : nullptr;
        edit->insertActions(before, {m_cellActions->editTextAction(), m_cellActions->viewBlobAction()});
    }
}

} // namespace Concord
