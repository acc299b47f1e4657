// SPDX-License-Identifier: MIT
// SPDX-FileCopyrightText: 2026 Concord developers
#include "valuefromtext.h"

#include <core/text.h>

#include <QDate>
#include <QDateTime>
#include <QLocale>
#include <QTime>

#include <cmath>

using namespace Qt::StringLiterals;

namespace Concord {

CONCORD_TRANSLATION_CONTEXT("Concord::Values")

namespace {

Error badValue(const QString &column, const QString &text, const QString &expected)
{
    return makeError(ErrorCode::InvalidValue, tr("column %1 expects %2, got '%3'").arg(column, expected, text));
}

// Drivers and people write "2024-03-01 10:00"; Qt's ISO parser wants the 'T'.
QString isoDateTimeText(const QString &text)
{
    QString s = text.trimmed();
    if (s.size() > 10 && s.at(10) == u' ')
        s[10] = u'T';
    return s;
}

Result<QVariant> blobFromText(const QString &text, const QString &column)
{
    if (!text.startsWith("base64:"_L1))
        return QVariant(text.toUtf8());
    const auto decoded = QByteArray::fromBase64Encoding(text.mid(7).toLatin1(), QByteArray::AbortOnBase64DecodingErrors);
    if (!decoded)
        return badValue(column, text, tr("base64 data"));
    return QVariant(*decoded);
}

} // namespace

// The text with control characters as \uXXXX, so that a message shows what the value holds.
QString visible(const QString &text)
{
    QString shown;
    for (const QChar c : text) {
        if (c.category() == QChar::Other_Control)
            shown += u"\\u%1"_s.arg(c.unicode(), 4, 16, QChar(u'0'));
        else
            shown += c;
    }
    return shown;
}

Result<QVariant> valueFromText(const QString &text, ValueKind kind, const QString &column)
{
    // SQLite would cut the text at the NUL, PostgreSQL refuses it: never store something else.
    if (text.contains(QChar(u'\0'))) {
        return makeError(ErrorCode::InvalidValue,
                         tr("column %1: '%2' holds a NUL character (\\u0000), which cannot be stored as text%3")
                             .arg(column, visible(text), kind == ValueKind::Blob ? tr("; give binary data as base64:...") : QString()));
    }
    bool ok = false;
    switch (kind) {
    case ValueKind::Integer: {
        const qlonglong value = text.trimmed().toLongLong(&ok);
        return ok ? Result<QVariant>(QVariant(value)) : badValue(column, text, tr("an integer"));
    }
    case ValueKind::Decimal: {
        const double value = QLocale::c().toDouble(text.trimmed(), &ok);
        return ok ? Result<QVariant>(QVariant(value)) : badValue(column, text, tr("a number"));
    }
    case ValueKind::Boolean: {
        const auto value = booleanFromWord(text);
        return value ? Result<QVariant>(QVariant(*value)) : badValue(column, text, tr("true or false"));
    }
    case ValueKind::Date: {
        const QDate date = QDate::fromString(text.trimmed(), Qt::ISODate);
        return date.isValid() ? Result<QVariant>(QVariant(date)) : badValue(column, text, tr("a date (YYYY-MM-DD)"));
    }
    case ValueKind::Time: {
        const QTime time = QTime::fromString(text.trimmed(), Qt::ISODateWithMs);
        return time.isValid() ? Result<QVariant>(QVariant(time)) : badValue(column, text, tr("a time (HH:MM:SS)"));
    }
    case ValueKind::DateTime: {
        const QDateTime dateTime = QDateTime::fromString(isoDateTimeText(text), Qt::ISODateWithMs);
        return dateTime.isValid() ? Result<QVariant>(QVariant(dateTime))
                                  : badValue(column, text, tr("a date and time (ISO 8601)"));
    }
    case ValueKind::Blob:
        return blobFromText(text, column);
    case ValueKind::Text:
    case ValueKind::Unknown:
        break;
    }
    return QVariant(text);
}

Result<QVariant> valueForKind(const QVariant &value, ValueKind kind, const QString &column)
{
    if (value.isNull())
        return value;
    const int type = value.metaType().id();
    if (type == QMetaType::QString)
        return valueFromText(value.toString(), kind, column);
    if (kind == ValueKind::Text || kind == ValueKind::Blob || kind == ValueKind::Unknown)
        return value;
    const ValueKind own = valueKindOf(value);
    if (own == kind || (kind == ValueKind::Decimal && own == ValueKind::Integer))
        return value;
    if (kind == ValueKind::Integer && isFloatType(type)) {
        const double number = value.toDouble();
        if (std::isfinite(number) && number == std::trunc(number) && std::abs(number) < 9.2e18)
            return QVariant(qlonglong(number));
        return badValue(column, value.toString(), tr("an integer"));
    }
    return valueFromText(value.toString(), kind, column);
}

Result<QVariant> valueFromText(const QString &text, const QSqlField &field)
{
    return valueFromText(text, valueKindOf(field.metaType()), field.name());
}

} // namespace Concord
