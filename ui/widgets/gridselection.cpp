// SPDX-License-Identifier: MIT
// SPDX-FileCopyrightText: 2026 Concord developers
#include "gridselection.h"

#include <QAbstractItemView>
#include <QItemSelectionModel>

#include <set>

namespace Concord {

namespace {

QList<int> spanned(const QAbstractItemView &view, bool rows)
{
    std::set<int> found;
    if (const QItemSelectionModel *selection = view.selectionModel()) {
        for (const QItemSelectionRange &range : selection->selection()) {
            const int first = rows ? range.top() : range.left();
            const int last = rows ? range.bottom() : range.right();
            for (int i = first; i <= last; ++i)
                found.insert(i);
        }
    }
    return QList<int>(found.cbegin(), found.cend());
}

} // namespace

QList<int> selectedRowsOf(const QAbstractItemView &view)
{
    QList<int> rows = spanned(view, true);
    if (rows.isEmpty() && view.currentIndex().isValid())
        rows << view.currentIndex().row();
    return rows;
}

QList<int> selectedColumnsOf(const QAbstractItemView &view)
{
    return spanned(view, false);
}

} // namespace Concord
