// SPDX-License-Identifier: MIT
// SPDX-FileCopyrightText: 2026 Concord developers
#pragma once

#include <QList>
#include <QSet>
#include <QSqlRecord>

class QTableView;

namespace Concord {

class VersionedTableModel;

/// Where a user is in a grid, kept by record rather than by row, so that a full re-read of the
/// table (someone else's commit, Reload) leaves the current record, every selected record and the
/// scroll position where they were, wherever in a table of any size they are.
///
/// Records are found again near the rows they had (VersionedTableModel::findRowNear()): others'
/// inserts and deletes move a record by a few rows, and looking near costs at most two pages
/// whatever the table's size. A record no longer there (deleted, or filtered out) is left out.
class GridPlace
{
public:
    /// Remembers \a view's current record and column, its selected records (with the columns
    /// selected in them: a rectangle of cells stays that rectangle) and its scroll value.
    void remember(const QTableView &view, const VersionedTableModel &model);
    /// Puts them back after the model was re-read; rows hidden by hideRow() are shown again.
    void restore(QTableView &view, const VersionedTableModel &model);
    /// Hides \a row of \a view until the next restore() (a record this user deleted).
    void hideRow(QTableView &view, int row);

private:
    struct Mark
    {
        QSqlRecord key;
        int row = -1;
        int left = 0;   ///< the selected columns of the row: a rectangle's, or every one
        int right = -1; ///< -1: to the last column
    };
    Mark m_current;
    int m_column = 0;
    QList<Mark> m_selected;
    int m_scroll = 0;
    bool m_valid = false;
    QSet<int> m_hiddenRows;
};

} // namespace Concord
