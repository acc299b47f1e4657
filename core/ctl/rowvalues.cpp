// SPDX-License-Identifier: MIT
// SPDX-FileCopyrightText: 2026 Concord developers
#include "rowvalues.h"

#include <QCoreApplication>
#include <QDate>
#include <QDateTime>
#include <QJsonArray>
#include <QJsonDocument>
#include <QLocale>

using namespace Qt::StringLiterals;

namespace Concord::Ctl {

namespace {

QString tr(const char *text)
{
    return QCoreApplication::translate("concordctl", text);
}

Error badValue(const QSqlField &field, const QString &text, const QString &expected)
{
    return makeError(ErrorCode::InvalidValue,
                     tr("column %1 expects %2, got '%3'").arg(field.name(), expected, text));
}

} // namespace

Result<QVariant> convertValue(const QSqlField &field, const QString &text)
{
    bool ok = false;
    switch (field.metaType().id()) {
    case QMetaType::Int:
    case QMetaType::UInt:
    case QMetaType::Short:
    case QMetaType::UShort:
    case QMetaType::LongLong:
    case QMetaType::ULongLong: {
        const qlonglong value = text.trimmed().toLongLong(&ok);
        if (!ok)
            return badValue(field, text, tr("an integer"));
        return QVariant(value);
    }
    case QMetaType::Double:
    case QMetaType::Float: {
        const double value = QLocale::c().toDouble(text.trimmed(), &ok);
        if (!ok)
            return badValue(field, text, tr("a number"));
        return QVariant(value);
    }
    case QMetaType::Bool: {
        const QString lower = text.trimmed().toLower();
        if (QStringList{u"true"_s, u"t"_s, u"yes"_s, u"y"_s, u"1"_s}.contains(lower))
            return QVariant(true);
        if (QStringList{u"false"_s, u"f"_s, u"no"_s, u"n"_s, u"0"_s}.contains(lower))
            return QVariant(false);
        return badValue(field, text, tr("true or false"));
    }
    case QMetaType::QDate: {
        const QDate date = QDate::fromString(text.trimmed(), Qt::ISODate);
        if (!date.isValid())
            return badValue(field, text, tr("a date (YYYY-MM-DD)"));
        return QVariant(date);
    }
    case QMetaType::QTime: {
        const QTime time = QTime::fromString(text.trimmed(), Qt::ISODateWithMs);
        if (!time.isValid())
            return badValue(field, text, tr("a time (HH:MM:SS)"));
        return QVariant(time);
    }
    case QMetaType::QDateTime: {
        const QDateTime dateTime = QDateTime::fromString(text.trimmed(), Qt::ISODateWithMs);
        if (!dateTime.isValid())
            return badValue(field, text, tr("a date and time (ISO 8601)"));
        return QVariant(dateTime);
    }
    case QMetaType::QByteArray: {
        if (!text.startsWith("base64:"_L1))
            return QVariant(text.toUtf8());
        const auto decoded = QByteArray::fromBase64Encoding(text.mid(7).toLatin1(),
                                                            QByteArray::AbortOnBase64DecodingErrors);
        if (!decoded)
            return badValue(field, text, tr("base64 data"));
        return QVariant(*decoded);
    }
    default:
        return QVariant(text);
    }
}

Result<QSqlRecord> parseAssignments(const TableSchema &schema, const QStringList &assignments)
{
    QSqlRecord record = schema.fields;
    for (int i = 0; i < record.count(); ++i)
        record.setGenerated(i, false);
    for (const QString &assignment : assignments) {
        const int equals = assignment.indexOf(u'=');
        if (equals <= 0)
            return makeError(ErrorCode::InvalidArgument, tr("expected COLUMN=VALUE or COLUMN:=JSON, got '%1'").arg(assignment));
        const bool json = assignment.at(equals - 1) == u':';
        const QString column = assignment.left(json ? equals - 1 : equals);
        const QString text = assignment.mid(equals + 1);
        const int index = record.indexOf(column);
        if (index < 0)
            return makeError(ErrorCode::NotFound, tr("table %1 has no column %2").arg(schema.table, column));
        if (column.compare(schema.versionColumn, Qt::CaseInsensitive) == 0) {
            return makeError(ErrorCode::InvalidArgument,
                             tr("%1 is the version column; Concord sets it (use --expect-version)").arg(column));
        }
        QVariant value;
        if (json) {
            const QJsonDocument document = QJsonDocument::fromJson("[" + text.toUtf8() + "]");
            if (!document.isArray() || document.array().size() != 1)
                return makeError(ErrorCode::InvalidValue, tr("column %1: '%2' is not a JSON value").arg(column, text));
            const QJsonValue jsonValue = document.array().at(0);
            if (!jsonValue.isNull()) {
                const QString asText = jsonValue.isString() ? jsonValue.toString()
                                     : jsonValue.isBool()   ? (jsonValue.toBool() ? u"true"_s : u"false"_s)
                                                            : QString::fromUtf8(QJsonDocument(QJsonArray{jsonValue}).toJson(QJsonDocument::Compact)).mid(1).chopped(1);
                auto converted = convertValue(record.field(index), asText);
                if (!converted)
                    return converted.error();
                value = converted.value();
            }
        } else {
            auto converted = convertValue(record.field(index), text);
            if (!converted)
                return converted.error();
            value = converted.value();
        }
        record.setValue(index, value);
        record.setGenerated(index, true);
    }
    return record;
}

Result<QSqlRecord> parseKey(const TableSchema &schema, const QString &text)
{
    QSqlRecord key;
    for (const QString &column : schema.primaryKey)
        key.append(schema.fields.field(column));
    if (schema.primaryKey.size() == 1 && !text.contains(u'=')) {
        auto value = convertValue(key.field(0), text);
        if (!value)
            return value.error();
        key.setValue(0, value.value());
        return key;
    }
    QStringList seen;
    for (const QString &part : text.split(u',')) {
        const int equals = part.indexOf(u'=');
        const QString column = part.left(equals).trimmed();
        const int index = key.indexOf(column);
        if (equals <= 0 || index < 0) {
            return makeError(ErrorCode::InvalidArgument,
                             tr("the key of %1 is %2; give it as %3").arg(schema.table, schema.primaryKey.join(", "_L1),
                                                                          schema.primaryKey.join("=…,"_L1) + "=…"_L1));
        }
        auto value = convertValue(key.field(index), part.mid(equals + 1));
        if (!value)
            return value.error();
        key.setValue(index, value.value());
        seen << column;
    }
    if (seen.size() != schema.primaryKey.size())
        return makeError(ErrorCode::InvalidArgument, tr("the key of %1 needs all of %2").arg(schema.table, schema.primaryKey.join(", "_L1)));
    return key;
}

QJsonValue valueToJson(const QVariant &value)
{
    if (value.isNull() || !value.isValid())
        return QJsonValue::Null;
    switch (value.typeId()) {
    case QMetaType::Int:
    case QMetaType::UInt:
    case QMetaType::Short:
    case QMetaType::UShort:
    case QMetaType::LongLong:
    case QMetaType::ULongLong:
        return QJsonValue(value.toLongLong());
    case QMetaType::Double:
    case QMetaType::Float:
        return QJsonValue(value.toDouble());
    case QMetaType::Bool:
        return QJsonValue(value.toBool());
    case QMetaType::QByteArray:
        return QJsonValue(QString::fromLatin1(value.toByteArray().toBase64()));
    case QMetaType::QDate:
        return QJsonValue(value.toDate().toString(Qt::ISODate));
    case QMetaType::QDateTime:
        return QJsonValue(value.toDateTime().toString(Qt::ISODateWithMs));
    default:
        return QJsonValue(value.toString());
    }
}

QString valueToText(const QVariant &value)
{
    if (value.isNull() || !value.isValid())
        return u"NULL"_s;
    const QJsonValue json = valueToJson(value);
    if (json.isDouble())
        return value.toString();
    if (json.isBool())
        return json.toBool() ? u"true"_s : u"false"_s;
    return json.toString();
}

QJsonObject rowToJson(const TableSchema &schema, const QSqlRecord &row)
{
    QJsonObject key;
    for (const QString &column : schema.primaryKey)
        key.insert(column, valueToJson(row.value(column)));
    QJsonObject values;
    for (int i = 0; i < row.count(); ++i)
        values.insert(row.fieldName(i), valueToJson(row.value(i)));
    return QJsonObject{{u"table"_s, schema.table},
                       {u"key"_s, key},
                       {u"version"_s, valueToJson(row.value(schema.versionColumn))},
                       {u"values"_s, values}};
}

} // namespace Concord::Ctl
