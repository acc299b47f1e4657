// SPDX-License-Identifier: MIT
// SPDX-FileCopyrightText: 2026 Concord developers
#include "cellface.h"

#include <core/text.h>
#include <core/values/columntype.h>

#include <QDate>
#include <QDateTime>
#include <QRegularExpression>

using namespace Qt::StringLiterals;

namespace Concord {

CONCORD_TRANSLATION_CONTEXT("Concord::CellFace")

namespace CellFace {

namespace {

// What the calendar editors can show: NULL, a date (time) value, or ISO text of one.
bool isCalendarValue(const QVariant &value, bool withTime)
{
    if (value.isNull())
        return true;
    const int type = value.metaType().id();
    if (type == QMetaType::QDate)
        return !withTime && value.toDate().year() > 100;
    if (type == QMetaType::QDateTime)
        return withTime && value.toDateTime().date().year() > 100;
    if (type != QMetaType::QString)
        return false;
    const QString text = value.toString().trimmed();
    if (!withTime)
        return text.size() == 10 && QDate::fromString(text, Qt::ISODate).isValid();
    QString iso = text;
    if (iso.size() > 10 && iso.at(10) == u' ')
        iso[10] = u'T';
    // A date alone is a date-time at midnight to Qt; in a timestamp column keep it as typed.
    return iso.size() > 10 && QDateTime::fromString(iso, Qt::ISODateWithMs).isValid();
}

bool hasLineBreak(const QVariant &value)
{
    if (value.metaType().id() != QMetaType::QString)
        return false;
    const QString text = value.toString();
    return text.contains(u'\n') || text.contains(u'\r');
}

// "-1234.50" with the locale's minus sign and decimal point; the integer digits grouped only
// when the locale groups numbers.
QString localizedDigits(const QString &sign, const QString &whole, const QString &fraction, const QLocale &locale)
{
    bool ok = false;
    const qulonglong number = whole.toULongLong(&ok);
    QString text = ok ? locale.toString(number) : whole;
    if (!fraction.isEmpty())
        text += locale.decimalPoint() + fraction;
    return (sign == "-"_L1 ? locale.negativeSign() : QString()) + text;
}

} // namespace

bool isBlob(ValueKind declared, const QVariant &value)
{
    return value.metaType().id() == QMetaType::QByteArray || declared == ValueKind::Blob;
}

Editor editorFor(ValueKind declared, const QVariant &value)
{
    if (isBlob(declared, value))
        return Editor::Blob;
    switch (declared) {
    case ValueKind::Date:
        return isCalendarValue(value, false) ? Editor::Date : Editor::Line;
    case ValueKind::DateTime:
        return isCalendarValue(value, true) ? Editor::DateTime : Editor::Line;
    case ValueKind::Boolean:
        return value.isNull() || booleanOf(value) ? Editor::Toggle : Editor::Line;
    default:
        break;
    }
    return hasLineBreak(value) ? Editor::MultiLine : Editor::Line;
}

QString imageFormatOf(const QByteArray &bytes)
{
    if (bytes.startsWith("\x89PNG\r\n\x1a\n"))
        return u"PNG"_s;
    if (bytes.startsWith("\xff\xd8\xff"))
        return u"JPEG"_s;
    if (bytes.startsWith("GIF87a") || bytes.startsWith("GIF89a"))
        return u"GIF"_s;
    return {};
}

QString blobLabel(const QByteArray &bytes, const QLocale &locale)
{
    QLocale grouped = locale;
    grouped.setNumberOptions(locale.numberOptions() & ~QLocale::OmitGroupSeparator);
    const QString count = bytes.size() == 1 ? tr("1 byte") : tr("%1 bytes").arg(grouped.toString(qlonglong(bytes.size())));
    const QString format = imageFormatOf(bytes);
    return format.isEmpty() ? tr("blob, %1").arg(count) : tr("image (%1), %2").arg(format, count);
}

QByteArray bytesOf(const QVariant &value)
{
    if (value.metaType().id() == QMetaType::QByteArray)
        return value.toByteArray();
    return value.isNull() ? QByteArray() : value.toString().toUtf8();
}

QString lineBreakMark()
{
    return u" ⏎ "_s;
}

QString oneLine(const QString &text)
{
    QString line = text;
    line.replace("\r\n"_L1, "\n"_L1).replace(u'\r', u'\n');
    return line.replace(u'\n', lineBreakMark());
}

std::optional<QString> localeNumber(const QVariant &value, const QLocale &locale)
{
    const int type = value.metaType().id();
    if (value.isNull())
        return std::nullopt;
    if (isFloatType(type)) {
        // Shortest text that reads back as the same double: never rounded to six digits.
        const QString c = QLocale::c().toString(value.toDouble(), 'g', QLocale::FloatingPointShortest);
        if (!c.contains(u'e'))
            return localeNumber(QVariant(c), locale);
        return locale.toString(value.toDouble(), 'g', QLocale::FloatingPointShortest);
    }
    if (isIntegralType(type))
        return locale.toString(value.toLongLong());
    if (type != QMetaType::QString)
        return std::nullopt;
    static const QRegularExpression number(u"^([+-]?)(\\d+)(?:\\.(\\d+))?$"_s);
    const auto match = number.match(value.toString().trimmed());
    if (!match.hasMatch())
        return std::nullopt;
    return localizedDigits(match.captured(1), match.captured(2), match.captured(3), locale);
}

std::optional<bool> booleanOf(const QVariant &value)
{
    if (value.isNull())
        return std::nullopt;
    if (value.metaType().id() == QMetaType::Bool)
        return value.toBool();
    return booleanFromWord(value.toString());
}

} // namespace CellFace

} // namespace Concord
