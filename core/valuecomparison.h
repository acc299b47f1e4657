// SPDX-License-Identifier: MIT
// SPDX-FileCopyrightText: 2026 Concord developers
#pragma once

#include <QMetaType>
#include <QVariant>

namespace Concord {

/// What a column holds, as far as comparing and editing its values is concerned. Drivers do not
/// agree on C++ types (SQLite returns dates as text, QPSQL may return numeric as a string,
/// booleans arrive as bool, 0/1 or 't'/'f'), so the kind, not the QVariant type, decides.
enum class ValueKind {
    Unknown,  ///< nothing known: inferred from the values themselves
    Integer,  ///< whole numbers of any width
    Decimal,  ///< floating point or exact numeric
    Boolean,
    Text,
    Date,
    Time,
    DateTime, ///< a point in time; values with different time zones but the same instant are equal
    Blob,     ///< compared byte by byte
};

/// The kind of a column whose driver reports \a columnType (QSqlField::metaType()).
/// SQLite reports every undeclared or date column as QString, which gives Text; pass the
/// values to sameValue() with ValueKind::Unknown when the column type says nothing.
ValueKind valueKindOf(QMetaType columnType);

/// The kind suggested by the C++ type of \a value (Unknown for NULL).
ValueKind valueKindOf(const QVariant &value);

/// The kind of a column from its declared type and, when that is only text, from sample
/// values: a "text" column whose values are QDateTime is a date-time column.
ValueKind columnKind(QMetaType columnType, const QVariantList &samples);

/// True when two database values mean the same thing, compared as \a kind:
/// - NULL (or an invalid QVariant) equals only NULL; an empty string is not NULL.
/// - Numbers compare by value whatever their C++ type: 4 == 4LL == 4.0 == "4" == "4.00".
///   Integers compare exactly, also against doubles (2^53 + 1 is not 2^53).
/// - Booleans accept bool, 0/1 and the strings t/f, true/false, yes/no, on/off, 1/0.
/// - Date-times compare as instants: "10:00Z" equals "11:00+01:00"; ISO text from drivers is
///   parsed, with a space or 'T' between date and time. Values without a zone are local time.
/// - Blobs compare by content; text compares exactly (case and spaces count).
/// With ValueKind::Unknown the kind is inferred from the two values; two strings then compare
/// as text, so "4" and "4.0" differ unless the column is known to be numeric.
bool sameValue(const QVariant &a, const QVariant &b, ValueKind kind = ValueKind::Unknown);

/// \a value converted to the canonical C++ type of \a kind: qlonglong, double (or QString for a
/// decimal that does not fit one), bool, QString, QDate, QTime, QDateTime, QByteArray.
/// NULL stays NULL; a value that cannot be read as \a kind gives an invalid QVariant.
QVariant typedValue(const QVariant &value, ValueKind kind);

} // namespace Concord
