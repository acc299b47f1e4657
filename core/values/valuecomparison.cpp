// SPDX-License-Identifier: MIT
// SPDX-FileCopyrightText: 2026 Concord developers
#include "valuecomparison.h"

#include <QDateTime>
#include <QRegularExpression>

#include <cmath>
#include <optional>

using namespace Qt::StringLiterals;

namespace Concord {

namespace {

bool isNullValue(const QVariant &v)
{
    return !v.isValid() || v.isNull();
}

bool isUnsignedType(int typeId)
{
    return typeId == QMetaType::ULongLong || typeId == QMetaType::ULong || typeId == QMetaType::UInt;
}

// "-0012.500" -> "-12.5"; empty when the text is not a plain decimal (exponents go through
// double instead). Decimal text compares exactly, so numeric(30,10) values keep every digit.
QString normalizedDecimal(const QString &text)
{
    QString s = text.trimmed();
    bool negative = false;
    if (s.startsWith(u'-') || s.startsWith(u'+')) {
        negative = s.startsWith(u'-');
        s.remove(0, 1);
    }
    const qsizetype dot = s.indexOf(u'.');
    QString whole = dot < 0 ? s : s.left(dot);
    QString fraction = dot < 0 ? QString() : s.mid(dot + 1);
    if (whole.isEmpty() && fraction.isEmpty())
        return {};
    for (const QString *part : {&whole, &fraction}) {
        for (QChar c : *part) {
            if (!c.isDigit() || c.unicode() > 0x7f)
                return {};
        }
    }
    while (whole.size() > 1 && whole.startsWith(u'0'))
        whole.remove(0, 1);
    if (whole.isEmpty())
        whole = u"0"_s;
    while (fraction.endsWith(u'0'))
        fraction.chop(1);
    QString result = whole;
    if (!fraction.isEmpty())
        result += u'.' + fraction;
    if (negative && result != "0"_L1)
        result.prepend(u'-');
    return result;
}

// A number as exact decimal text when it has one, otherwise as a double.
struct Number
{
    QString exact;
    double approximate = 0;
};

std::optional<Number> toNumber(const QVariant &v)
{
    const int type = v.typeId();
    if (isUnsignedType(type))
        return Number{QString::number(v.toULongLong()), v.toDouble()};
    if (isIntegralType(type))
        return Number{QString::number(v.toLongLong()), v.toDouble()};
    if (type == QMetaType::Bool)
        return std::nullopt;
    if (isFloatType(type)) {
        const double d = v.toDouble();
        // An integral double compares exactly against integers: 2^53 as a double is not 2^53 + 1.
        if (std::isfinite(d) && std::trunc(d) == d && std::fabs(d) < 9.2e18)
            return Number{QString::number(qlonglong(d)), d};
        return Number{QString(), d};
    }
    if (type == QMetaType::QString || type == QMetaType::QByteArray) {
        const QString text = v.toString();
        bool ok = false;
        const double d = text.trimmed().toDouble(&ok);
        if (!ok)
            return std::nullopt;
        return Number{normalizedDecimal(text), d};
    }
    return std::nullopt;
}

std::optional<bool> sameNumber(const QVariant &a, const QVariant &b)
{
    const auto x = toNumber(a);
    const auto y = toNumber(b);
    if (!x || !y)
        return std::nullopt;
    if (!x->exact.isEmpty() && !y->exact.isEmpty())
        return x->exact == y->exact;
    return x->approximate == y->approximate || (std::isnan(x->approximate) && std::isnan(y->approximate));
}

std::optional<bool> toBoolean(const QVariant &v)
{
    const int type = v.typeId();
    if (type == QMetaType::Bool)
        return v.toBool();
    if (isIntegralType(type) || isFloatType(type)) {
        const double d = v.toDouble();
        if (d == 0 || d == 1)
            return d == 1;
        return std::nullopt;
    }
    if (type == QMetaType::QString || type == QMetaType::QByteArray || type == QMetaType::QChar)
        return booleanFromWord(v.toString());
    return std::nullopt;
}

// Drivers write ISO 8601 with a space ("2024-03-01 10:00:00+01"); Qt wants a 'T' and "+01:00".
QString isoText(const QVariant &v)
{
    QString s = v.toString().trimmed();
    if (s.size() > 10 && s.at(10) == u' ')
        s[10] = u'T';
    static const QRegularExpression shortOffset(u"T.*[+-]\\d\\d$"_s);
    if (shortOffset.match(s).hasMatch())
        s += ":00"_L1;
    return s;
}

std::optional<QDateTime> toDateTime(const QVariant &v)
{
    QDateTime result;
    switch (v.typeId()) {
    case QMetaType::QDateTime:
        result = v.toDateTime();
        break;
    case QMetaType::QDate:
        result = v.toDate().startOfDay();
        break;
    case QMetaType::QString:
    case QMetaType::QByteArray: {
        const QString s = isoText(v);
        result = QDateTime::fromString(s, Qt::ISODateWithMs);
        if (!result.isValid() && s.size() == 10)
            result = QDate::fromString(s, Qt::ISODate).startOfDay();
        break;
    }
    default:
        break;
    }
    return result.isValid() ? std::optional<QDateTime>(result) : std::nullopt;
}

std::optional<QDate> toDate(const QVariant &v)
{
    if (v.typeId() == QMetaType::QDate)
        return v.toDate().isValid() ? std::optional<QDate>(v.toDate()) : std::nullopt;
    const QString s = v.toString().trimmed();
    if (v.typeId() == QMetaType::QString && s.size() == 10) {
        const QDate date = QDate::fromString(s, Qt::ISODate);
        return date.isValid() ? std::optional<QDate>(date) : std::nullopt;
    }
    // A date column read as a date-time is the same date only at midnight.
    const auto dateTime = toDateTime(v);
    if (dateTime && dateTime->time() == QTime(0, 0))
        return dateTime->date();
    return std::nullopt;
}

std::optional<QTime> toTime(const QVariant &v)
{
    QTime time;
    if (v.typeId() == QMetaType::QTime)
        time = v.toTime();
    else if (v.typeId() == QMetaType::QString)
        time = QTime::fromString(v.toString().trimmed(), Qt::ISODateWithMs);
    return time.isValid() ? std::optional<QTime>(time) : std::nullopt;
}

ValueKind inferredKind(const QVariant &a, const QVariant &b)
{
    const ValueKind x = valueKindOf(a);
    const ValueKind y = valueKindOf(b);
    for (ValueKind kind : {ValueKind::Blob, ValueKind::DateTime, ValueKind::Date, ValueKind::Time,
                           ValueKind::Boolean, ValueKind::Decimal, ValueKind::Integer}) {
        if (x == kind || y == kind)
            return kind;
    }
    return ValueKind::Text;
}

template<typename T>
std::optional<bool> compareAs(const std::optional<T> &x, const std::optional<T> &y)
{
    if (!x || !y)
        return std::nullopt;
    return *x == *y;
}

std::optional<bool> compare(const QVariant &a, const QVariant &b, ValueKind kind)
{
    switch (kind) {
    case ValueKind::Integer:
    case ValueKind::Decimal:
        return sameNumber(a, b);
    case ValueKind::Boolean:
        return compareAs(toBoolean(a), toBoolean(b));
    case ValueKind::Date:
        return compareAs(toDate(a), toDate(b));
    case ValueKind::Time:
        return compareAs(toTime(a), toTime(b));
    case ValueKind::DateTime:
        // QDateTime::operator== compares instants, whatever the time zones.
        return compareAs(toDateTime(a), toDateTime(b));
    case ValueKind::Blob: {
        const auto bytes = [](const QVariant &v) {
            return v.typeId() == QMetaType::QString ? v.toString().toUtf8() : v.toByteArray();
        };
        return bytes(a) == bytes(b);
    }
    case ValueKind::Text:
        if (a.typeId() == QMetaType::QString && b.typeId() == QMetaType::QString)
            return a.toString() == b.toString();
        // SQLite stores what it is given: a text column may hand back 5 for "5".
        if (const auto numbers = sameNumber(a, b); numbers && (valueKindOf(a) != ValueKind::Text || valueKindOf(b) != ValueKind::Text))
            return numbers;
        return std::nullopt;
    case ValueKind::Unknown:
        break;
    }
    return std::nullopt;
}

} // namespace

bool sameValue(const QVariant &a, const QVariant &b, ValueKind kind)
{
    const bool aNull = isNullValue(a);
    const bool bNull = isNullValue(b);
    if (aNull || bNull)
        return aNull == bNull;
    if (kind == ValueKind::Unknown)
        kind = inferredKind(a, b);
    if (const auto same = compare(a, b, kind))
        return *same;
    // The values do not read as the column's kind (a driver or a user put something else in):
    // fall back to what they are.
    if (a.typeId() == b.typeId())
        return a == b;
    return a.toString() == b.toString();
}

QVariant typedValue(const QVariant &value, ValueKind kind)
{
    if (isNullValue(value))
        return value.isValid() ? QVariant(value.metaType()) : QVariant();
    switch (kind) {
    case ValueKind::Integer: {
        const auto number = toNumber(value);
        bool ok = false;
        const qlonglong n = number ? number->exact.toLongLong(&ok) : 0;
        return ok ? QVariant(n) : QVariant();
    }
    case ValueKind::Decimal: {
        const auto number = toNumber(value);
        return number ? QVariant(number->approximate) : QVariant();
    }
    case ValueKind::Boolean: {
        const auto b = toBoolean(value);
        return b ? QVariant(*b) : QVariant();
    }
    case ValueKind::Date: {
        const auto date = toDate(value);
        return date ? QVariant(*date) : QVariant();
    }
    case ValueKind::Time: {
        const auto time = toTime(value);
        return time ? QVariant(*time) : QVariant();
    }
    case ValueKind::DateTime: {
        const auto dateTime = toDateTime(value);
        return dateTime ? QVariant(*dateTime) : QVariant();
    }
    case ValueKind::Blob:
        return value.typeId() == QMetaType::QString ? QVariant(value.toString().toUtf8()) : QVariant(value.toByteArray());
    case ValueKind::Text:
        return value.toString();
    case ValueKind::Unknown:
        break;
    }
    return value;
}

} // namespace Concord
