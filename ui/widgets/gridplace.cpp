// SPDX-License-Identifier: MIT
// SPDX-FileCopyrightText: 2026 Concord developers
#include "gridplace.h"

#include <core/model/versionedtablemodel.h>

#include <QItemSelectionModel>
#include <QScrollBar>
#include <QTableView>

namespace Concord {

void GridPlace::remember(const QTableView &view, const VersionedTableModel &model)
{
    m_current = {};
    m_selected.clear();
    const QModelIndex current = view.currentIndex();
    if (current.isValid()) {
        m_current = {model.rowKey(current.row()), current.row()};
        m_column = current.column();
    }
    if (const QItemSelectionModel *selection = view.selectionModel()) {
        for (const QItemSelectionRange &range : selection->selection()) {
            const bool wholeRows = range.left() == 0 && range.right() == model.columnCount() - 1;
            for (int row = range.top(); row <= range.bottom(); ++row)
                m_selected << Mark{model.rowKey(row), row, range.left(), wholeRows ? -1 : range.right()};
        }
    }
    m_scroll = view.verticalScrollBar()->value();
    m_valid = true;
}

void GridPlace::restore(QTableView &view, const VersionedTableModel &model)
{
    for (int row : std::as_const(m_hiddenRows))
        view.setRowHidden(row, false);
    m_hiddenRows.clear();
    if (!m_valid)
        return;
    m_valid = false;
    // The scroll value first: finding the records then reads the pages the user will see anyway.
    view.verticalScrollBar()->setValue(m_scroll);
    QItemSelectionModel *selection = view.selectionModel();
    if (!m_current.key.isEmpty()) {
        const int row = model.findRowNear(m_current.key, m_current.row);
        if (row >= 0 && selection)
            selection->setCurrentIndex(model.index(row, m_column), QItemSelectionModel::NoUpdate);
    }
    if (!selection)
        return;
    QItemSelection rows;
    for (const Mark &mark : std::as_const(m_selected)) {
        const int row = model.findRowNear(mark.key, mark.row);
        if (row >= 0)
            rows.select(model.index(row, mark.left), model.index(row, mark.right < 0 ? model.columnCount() - 1 : mark.right));
    }
    if (!rows.isEmpty())
        selection->select(rows, QItemSelectionModel::ClearAndSelect);
    view.verticalScrollBar()->setValue(m_scroll);
}

void GridPlace::hideRow(QTableView &view, int row)
{
    view.setRowHidden(row, true);
    m_hiddenRows.insert(row);
}

} // namespace Concord
