// SPDX-License-Identifier: MIT
// SPDX-FileCopyrightText: 2026 Concord developers
#include "changepayload.h"

#include <core/db/tableschema.h>

#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>

using namespace Qt::StringLiterals;

namespace Concord::ChangePayload {

namespace {

// Every key value travels as text, so that a bigint keeps all its digits (JSON numbers are
// doubles to most readers) and the reader compares it in the column's own kind.
QString keyArraySql(const QSqlDatabase &db, const QStringList &keyColumns, const QString &rowPrefix)
{
    QStringList values;
    for (const QString &column : keyColumns)
        values << u"CAST(%1%2 AS TEXT)"_s.arg(rowPrefix, quotedField(db, column));
    return u"json_build_array(%1)"_s.arg(values.join(", "_L1));
}

std::optional<QStringList> keyOf(const QJsonValue &value)
{
    if (!value.isArray() || value.toArray().isEmpty())
        return std::nullopt;
    QStringList key;
    for (const QJsonValue &part : value.toArray()) {
        if (!part.isString())
            return std::nullopt; // a NULL key part, or not ours: no row can be named by it
        key << part.toString();
    }
    return key;
}

} // namespace

QString sql(const QSqlDatabase &db, const QString &tableSql, const QStringList &keyColumns, const QString &rowPrefix)
{
    const QString key = keyArraySql(db, keyColumns, rowPrefix);
    return u"json_build_object('table', %1, 'key', CASE WHEN octet_length(CAST(%2 AS TEXT)) <= %3 THEN %2 END)::text"_s
        .arg(tableSql, key)
        .arg(maxKeyBytes);
}

TableChange parse(const QString &payload)
{
    if (!payload.startsWith(u'{'))
        return TableChange{payload, std::nullopt};
    QJsonParseError error;
    const QJsonDocument document = QJsonDocument::fromJson(payload.toUtf8(), &error);
    const QJsonValue table = document.object().value("table"_L1);
    if (error.error != QJsonParseError::NoError || !document.isObject() || !table.isString())
        return {};
    return TableChange{table.toString(), keyOf(document.object().value("key"_L1))};
}

} // namespace Concord::ChangePayload
