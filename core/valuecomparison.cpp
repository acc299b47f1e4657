// SPDX-License-Identifier: MIT
// SPDX-FileCopyrightText: 2026 Concord developers
#include "valuecomparison.h"

#include <QDateTime>

#include <cmath>

namespace Concord {

namespace {

bool isNumeric(const QVariant &v)
{
    switch (v.typeId()) {
    case QMetaType::Int:
    case QMetaType::UInt:
    case QMetaType::LongLong:
    case QMetaType::ULongLong:
    case QMetaType::Double:
    case QMetaType::Float:
    case QMetaType::Short:
    case QMetaType::UShort:
    case QMetaType::Long:
    case QMetaType::ULong:
        return true;
    default:
        return false;
    }
}

bool isIntegral(const QVariant &v)
{
    return isNumeric(v) && v.typeId() != QMetaType::Double && v.typeId() != QMetaType::Float;
}

bool sameNumber(const QVariant &a, const QVariant &b)
{
    // Integers compare exactly: going through double would merge 2^53 + 1 with 2^53.
    if (isIntegral(a) && isIntegral(b))
        return a.toLongLong() == b.toLongLong();
    const double x = a.toDouble();
    const double y = b.toDouble();
    return x == y || (std::isnan(x) && std::isnan(y));
}

// Drivers hand back some typed columns as strings (SQLite has no column types, QPSQL returns
// numeric as a string). A number and a string that parses to the same number are the same value.
bool numberMatchesText(const QVariant &number, const QVariant &text)
{
    bool ok = false;
    const QString s = text.toString().trimmed();
    if (isIntegral(number)) {
        const qlonglong n = s.toLongLong(&ok);
        if (ok)
            return n == number.toLongLong();
    }
    const double d = s.toDouble(&ok);
    return ok && d == number.toDouble();
}

} // namespace

bool sameValue(const QVariant &a, const QVariant &b)
{
    const bool aNull = a.isNull() || !a.isValid();
    const bool bNull = b.isNull() || !b.isValid();
    if (aNull || bNull)
        return aNull == bNull;

    if (isNumeric(a) && isNumeric(b))
        return sameNumber(a, b);
    if (isNumeric(a) && b.typeId() == QMetaType::QString)
        return numberMatchesText(a, b);
    if (isNumeric(b) && a.typeId() == QMetaType::QString)
        return numberMatchesText(b, a);
    if (a.typeId() == QMetaType::QDateTime && b.typeId() == QMetaType::QDateTime)
        return a.toDateTime() == b.toDateTime();
    if (a.typeId() == QMetaType::QByteArray || b.typeId() == QMetaType::QByteArray)
        return a.toByteArray() == b.toByteArray();
    if (a.typeId() == QMetaType::Bool || b.typeId() == QMetaType::Bool)
        return a.toBool() == b.toBool() && a.canConvert<bool>() && b.canConvert<bool>();
    if (a.typeId() == b.typeId())
        return a == b;
    return a.toString() == b.toString();
}

} // namespace Concord
