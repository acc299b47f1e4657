// SPDX-License-Identifier: MIT
// SPDX-FileCopyrightText: 2026 Concord developers
#pragma once

#include <QList>

class QAbstractItemView;

namespace Concord {

/// The rows that hold a selected cell of \a view, ascending, each once; the current row when
/// nothing is selected. The grid selects cells (a rectangle for Copy) as well as whole rows (a
/// click on the row header), and every action on "the selected rows" (Revert Row, Delete Rows,
/// Set Field on Selected Rows…) takes the rows of the selection. Read from the selection's
/// ranges, never expanded into one index per cell (whole rows of a wide table are one range).
QList<int> selectedRowsOf(const QAbstractItemView &view);

/// The columns that hold a selected cell of \a view, ascending (logical indexes).
QList<int> selectedColumnsOf(const QAbstractItemView &view);

} // namespace Concord
