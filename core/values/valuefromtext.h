// SPDX-License-Identifier: MIT
// SPDX-FileCopyrightText: 2026 Concord developers
#pragma once

#include <core/result.h>
#include <core/values/columntype.h>

#include <QSqlField>
#include <QVariant>

namespace Concord {

/// Converts text typed by a person (a concordctl argument, a CSV cell) to a value of \a kind.
/// The one text-to-value rule that concordctl and CSV import share:
/// - Integer: optional sign and digits, surrounding spaces ignored; Decimal: a C-locale number.
/// - Boolean: the words of booleanFromWord() (true/false, yes/no, on/off, t/f, y/n, 1/0).
/// - Date: YYYY-MM-DD; Time: HH:MM[:SS[.zzz]]; DateTime: ISO 8601, with 'T' or a space.
/// - Blob: the text as UTF-8 bytes, or "base64:..." decoded.
/// - Text and Unknown: the text unchanged (an empty text is an empty string, never NULL).
/// - Any kind: a text holding a NUL character (U+0000) is refused (SQLite would cut it there).
/// Fails with InvalidValue and a message naming \a column, the expectation and the text.
Result<QVariant> valueFromText(const QString &text, ValueKind kind, const QString &column);

/// \a value as a column of \a kind stores it, by the same rule: NULL stays NULL; a string goes
/// through valueFromText(); a value already of \a kind (an int for an Integer column, a whole
/// double or an int for a Decimal one), and any value for a Text, Blob or Unknown column, is kept;
/// anything else is converted through its text (a double 3.0 is the integer 3, 3.5 is refused).
/// Fails with InvalidValue, naming \a column, when \a value cannot be stored as \a kind.
Result<QVariant> valueForKind(const QVariant &value, ValueKind kind, const QString &column);

/// valueFromText() for \a field's kind (valueKindOf(field.metaType())) and name.
Result<QVariant> valueFromText(const QString &text, const QSqlField &field);

} // namespace Concord
