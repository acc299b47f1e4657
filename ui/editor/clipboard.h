// SPDX-License-Identifier: MIT
// SPDX-FileCopyrightText: 2026 Concord developers
#pragma once

#include <core/result.h>

#include <QList>
#include <QStringList>

class QTableView;

namespace Concord {

class EditUndo;
class VersionedTableModel;

/// Rows of cells as tab-separated text, the way spreadsheets put a range on the clipboard:
/// cells separated by tabs, rows by "\n" (no newline after the last row). A value holding a tab,
/// a newline, a carriage return or a double quote is put in double quotes, its quotes doubled.
QString tsvFromCells(const QList<QStringList> &rows);
/// The reverse of tsvFromCells(), also reading "\r\n" line ends and one trailing line end.
QList<QStringList> cellsFromTsv(const QString &text);

/// The grid's copy: the selected cells as a rectangle, the rows of the selection by the visible
/// columns holding a selected cell, in the order shown (whole rows: every visible column; a 3×2
/// range of cells: those 6 cells); with one cell or nothing selected, the current cell alone.
/// NULL is an empty cell; blobs are "base64:…", which valueFromText() reads back.
QString copyText(const QTableView &view, const VersionedTableModel &model);

/// Pastes \a text (TSV) into the grid from its current cell rightwards and downwards, over the
/// visible columns in the order shown, as one step of \a undo. Every value is converted for its
/// column by valueFromText() (an empty cell is NULL where the column allows it) and every target
/// is checked before anything is set: the paste is refused whole, with a message naming the cell,
/// when a value does not fit, when the block would reach past the last column or the last row
/// (add rows first), into a key column of a loaded row, the version column, a deleted row or a
/// read-only table. Returns the number of cells set.
Result<int> pasteText(QTableView &view, VersionedTableModel &model, EditUndo &undo, const QString &text);

} // namespace Concord
