// SPDX-License-Identifier: MIT
// SPDX-FileCopyrightText: 2026 Concord developers
#include "columntype.h"

#include <QRegularExpression>

using namespace Qt::StringLiterals;

namespace Concord {

bool isIntegralType(int typeId)
{
    switch (typeId) {
    case QMetaType::Int:
    case QMetaType::UInt:
    case QMetaType::LongLong:
    case QMetaType::ULongLong:
    case QMetaType::Short:
    case QMetaType::UShort:
    case QMetaType::Long:
    case QMetaType::ULong:
    case QMetaType::SChar:
    case QMetaType::UChar:
        return true;
    default:
        return false;
    }
}

bool isFloatType(int typeId)
{
    return typeId == QMetaType::Double || typeId == QMetaType::Float;
}

std::optional<bool> booleanFromWord(const QString &text)
{
    const QString word = text.trimmed().toLower();
    for (const QLatin1StringView yes : {"true"_L1, "t"_L1, "yes"_L1, "y"_L1, "on"_L1, "1"_L1}) {
        if (word == yes)
            return true;
    }
    for (const QLatin1StringView no : {"false"_L1, "f"_L1, "no"_L1, "n"_L1, "off"_L1, "0"_L1}) {
        if (word == no)
            return false;
    }
    return std::nullopt;
}

ValueKind valueKindOf(QMetaType columnType)
{
    const int id = columnType.id();
    if (isIntegralType(id))
        return ValueKind::Integer;
    if (isFloatType(id))
        return ValueKind::Decimal;
    switch (id) {
    case QMetaType::Bool:
        return ValueKind::Boolean;
    case QMetaType::QString:
    case QMetaType::QChar:
        return ValueKind::Text;
    case QMetaType::QDate:
        return ValueKind::Date;
    case QMetaType::QTime:
        return ValueKind::Time;
    case QMetaType::QDateTime:
        return ValueKind::DateTime;
    case QMetaType::QByteArray:
        return ValueKind::Blob;
    default:
        return ValueKind::Unknown;
    }
}

ValueKind valueKindOf(const QVariant &value)
{
    return !value.isValid() || value.isNull() ? ValueKind::Unknown : valueKindOf(value.metaType());
}

namespace {

// SQLite declares dates, and anything it does not know, as text: the values tell.
ValueKind kindOfSample(const QVariant &sample)
{
    static const QRegularExpression datePattern(u"^\\d{4}-\\d\\d-\\d\\d$"_s);
    static const QRegularExpression dateTimePattern(
        u"^\\d{4}-\\d\\d-\\d\\d[ T]\\d\\d:\\d\\d(:\\d\\d(\\.\\d+)?)?(Z|[+-]\\d\\d(:?\\d\\d)?)?$"_s);
    const ValueKind kind = valueKindOf(sample);
    if (kind != ValueKind::Text)
        return kind;
    const QString text = sample.toString();
    if (datePattern.match(text).hasMatch())
        return ValueKind::Date;
    if (dateTimePattern.match(text).hasMatch())
        return ValueKind::DateTime;
    return kind;
}

} // namespace

ValueKind columnKind(QMetaType columnType, const QVariantList &samples)
{
    const ValueKind declared = valueKindOf(columnType);
    if (declared != ValueKind::Text && declared != ValueKind::Unknown)
        return declared;
    ValueKind found = ValueKind::Unknown;
    for (const QVariant &sample : samples) {
        if (!sample.isValid() || sample.isNull())
            continue;
        const ValueKind kind = kindOfSample(sample);
        if (found != ValueKind::Unknown && found != kind)
            return declared == ValueKind::Unknown ? ValueKind::Text : declared;
        found = kind;
    }
    return found == ValueKind::Unknown ? declared : found;
}

} // namespace Concord
