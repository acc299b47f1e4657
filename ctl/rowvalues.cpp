// SPDX-License-Identifier: MIT
// SPDX-FileCopyrightText: 2026 Concord developers
#include "rowvalues.h"

#include <core/text.h>
#include <core/values/valuefromtext.h>

#include <QCoreApplication>
#include <QDate>
#include <QDateTime>
#include <QJsonArray>
#include <QJsonDocument>

using namespace Qt::StringLiterals;

namespace Concord::Ctl {

CONCORD_TRANSLATION_CONTEXT("concordctl")

Result<QSqlRecord> parseAssignments(const TableSchema &schema, const QStringList &assignments, const AuditColumns &audit)
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
        if (audit.contains(column)) {
            return makeError(ErrorCode::InvalidArgument,
                             tr("%1 records who changed the row and when; Concord sets it with every write").arg(column));
        }
        QVariant value;
        if (json) {
            const QJsonDocument document = QJsonDocument::fromJson("[" + text.toUtf8() + "]");
            if (!document.isArray() || document.array().size() != 1)
                return makeError(ErrorCode::InvalidValue, tr("column %1: '%2' is not a JSON value").arg(column, text));
            const QJsonValue jsonValue = document.array().at(0);
            if (jsonValue.isObject() || jsonValue.isArray()) {
                // Stored as its text it would no longer be what was given.
                return makeError(ErrorCode::InvalidValue,
                                 tr("column %1: '%2' is a JSON %3; := takes null, a number, a boolean or a string")
                                     .arg(column, text, jsonValue.isObject() ? tr("object") : tr("array")));
            }
            if (!jsonValue.isNull()) {
                const QString asText = jsonValue.isString() ? jsonValue.toString()
                                     : jsonValue.isBool()   ? (jsonValue.toBool() ? u"true"_s : u"false"_s)
                                                            : QString::fromUtf8(QJsonDocument(QJsonArray{jsonValue}).toJson(QJsonDocument::Compact)).mid(1).chopped(1);
                auto converted = valueFromText(asText, record.field(index));
                if (!converted)
                    return converted.error();
                value = converted.value();
            }
        } else {
            auto converted = valueFromText(text, record.field(index));
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
        auto value = valueFromText(text, key.field(0));
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
        auto value = valueFromText(part.mid(equals + 1), key.field(index));
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
    switch (valueKindOf(value)) {
    case ValueKind::Unknown:
        return value.isNull() || !value.isValid() ? QJsonValue(QJsonValue::Null) : QJsonValue(value.toString());
    case ValueKind::Integer:
        return QJsonValue(value.toLongLong());
    case ValueKind::Decimal:
        return QJsonValue(value.toDouble());
    case ValueKind::Boolean:
        return QJsonValue(value.toBool());
    case ValueKind::Blob:
        return QJsonValue(QString::fromLatin1(value.toByteArray().toBase64()));
    case ValueKind::Date:
        return QJsonValue(value.toDate().toString(Qt::ISODate));
    case ValueKind::DateTime:
        return QJsonValue(value.toDateTime().toString(Qt::ISODateWithMs));
    case ValueKind::Text:
    case ValueKind::Time:
        break;
    }
    return QJsonValue(value.toString());
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
