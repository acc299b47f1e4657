// SPDX-License-Identifier: MIT
// SPDX-FileCopyrightText: 2026 Concord developers
#pragma once

#include <core/values/columntype.h>

#include <QVariant>

namespace Concord {

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

/// \a value converted to the canonical C++ type of \a kind: qlonglong, double, bool, QString,
/// QDate, QTime, QDateTime, QByteArray. A Decimal becomes a double even when its text has more
/// digits than a double holds; compare with sameValue(), which keeps every digit, not with this.
/// NULL stays NULL; a value that cannot be read as \a kind gives an invalid QVariant.
QVariant typedValue(const QVariant &value, ValueKind kind);

} // namespace Concord
