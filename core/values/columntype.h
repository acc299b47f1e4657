// SPDX-License-Identifier: MIT
// SPDX-FileCopyrightText: 2026 Concord developers
#pragma once

#include <QMetaType>
#include <QString>
#include <QVariant>

#include <optional>

namespace Concord {

/// What a column holds, as far as comparing, converting and editing its values is concerned:
/// Concord's one vocabulary of column types. Drivers do not agree on C++ types (SQLite returns
/// dates as text, QPSQL may return numeric as a string, booleans arrive as bool, 0/1 or
/// 't'/'f'), so the kind, not the QVariant type, decides. Comparison (sameValue()), conversion
/// from text (valueFromText()), the schema checks and the protection check all ask this header.
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

/// True for the C++ integer types drivers hand back (int, qlonglong, short, char...).
bool isIntegralType(int typeId);
/// True for float and double.
bool isFloatType(int typeId);

/// The one list of words Concord reads as a boolean, case and surrounding spaces ignored:
/// true/t/yes/y/on/1 and false/f/no/n/off/0. Anything else is std::nullopt.
std::optional<bool> booleanFromWord(const QString &text);

} // namespace Concord
