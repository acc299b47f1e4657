// SPDX-License-Identifier: MIT
// SPDX-FileCopyrightText: 2026 Concord developers
#pragma once

#include <core/values/columntype.h>

#include <QByteArray>
#include <QLocale>
#include <QString>
#include <QVariant>

#include <optional>

namespace Concord {

/// How a cell's value looks in the grid and which editor fits it, by what its column holds
/// (declaredKinds(): a SQLite DATE column is a date although SQLite stores text) and by the
/// value itself (bytes are a blob in any column). Pure functions, no widgets: the delegate paints
/// with them, the tests read them.
namespace CellFace {

/// The editor a cell gets.
enum class Editor {
    Line,      ///< CellEditor: one line of text, read as the column's kind
    MultiLine, ///< TextCellDialog: text holding a line break, never squeezed into one line
    Date,      ///< CalendarCellEditor with a calendar pop-up
    DateTime,  ///< CalendarCellEditor with a calendar pop-up and a time
    Toggle,    ///< a check box: Space and a click toggle it (F2 still opens a Line editor)
    Blob,      ///< no editor in the cell: the BlobViewer
};

/// The editor for \a value in a column declared as \a declared. A date or time column whose value
/// is not a date the calendar can show (a SQLite text like "soon") gets the Line editor, so that
/// opening a cell never changes or hides what it holds.
Editor editorFor(ValueKind declared, const QVariant &value);

/// True for a blob: the value is bytes, or the column is declared as one.
bool isBlob(ValueKind declared, const QVariant &value);
/// "PNG", "JPEG" or "GIF" when \a bytes start like such an image, otherwise empty.
QString imageFormatOf(const QByteArray &bytes);
/// "blob, 102,400 bytes" or "image (PNG), 12,345 bytes": never the bytes themselves; the count
/// with \a locale's digit grouping, also when the grid's locale omits it for numbers.
QString blobLabel(const QByteArray &bytes, const QLocale &locale);
/// The bytes of a blob cell: a text value (SQLite may hold one in a BLOB column) as UTF-8.
QByteArray bytesOf(const QVariant &value);

/// \a text on one line: each line break ("\n", "\r\n" or "\r") shown as " ⏎ ".
QString oneLine(const QString &text);
/// The line-break marker oneLine() uses.
QString lineBreakMark();

/// A number as \a locale writes it ("12,5" in German), with every digit the value has (no
/// rounding to six digits as Qt's default); std::nullopt when \a value is not a number (a SQLite
/// text in a REAL column is shown as it is). Exact numeric text ("12.50" from PostgreSQL) keeps
/// its digits.
std::optional<QString> localeNumber(const QVariant &value, const QLocale &locale);

/// The truth value of a boolean cell: a bool, 0/1, or a word of booleanFromWord(); std::nullopt
/// for NULL and for anything else (shown as it is, never as a box).
std::optional<bool> booleanOf(const QVariant &value);

} // namespace CellFace

} // namespace Concord
