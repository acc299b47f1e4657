// SPDX-License-Identifier: MIT
// SPDX-FileCopyrightText: 2026 Concord developers
#include "deletedversions.h"

#include <core/db/boundquery.h>
#include <core/errors.h>

#include <core/db/catalog.h>
#include <core/db/databaseaddress.h>
#include <core/values/columntype.h>

#include <QDate>
#include <QDateTime>
#include <QSqlField>
#include <QSqlQuery>

using namespace Qt::StringLiterals;

namespace Concord::DeletedVersions {

namespace {

// As the database's CAST(... AS TEXT) writes it, so that a trigger's key matches Concord's.
QString keyText(const QVariant &value, ValueKind kind)
{
    switch (kind) {
    case ValueKind::Integer:
        return QString::number(value.toLongLong());
    case ValueKind::Date:
        return value.toDate().toString(Qt::ISODate);
    case ValueKind::DateTime:
        return value.toDateTime().toString(Qt::ISODateWithMs);
    case ValueKind::Blob:
        return QString::fromLatin1(value.toByteArray().toBase64());
    default:
        return value.toString();
    }
}

} // namespace

QString recordedName(const QSqlDatabase &db, const QString &table)
{
    return isSQLite(db) ? table.toLower() : table;
}

QString encodeKey(const TableSchema &schema, const QSqlRecord &key)
{
    QStringList parts;
    for (const QString &column : schema.primaryKey) {
        QString text = keyText(key.value(column), valueKindOf(schema.fields.field(column).metaType()));
        text.replace(u"\\"_s, u"\\\\"_s).replace(u","_s, u"\\,"_s);
        parts << text;
    }
    return parts.join(u',');
}

QString encodeKeySql(const QSqlDatabase &db, const TableSchema &schema, const QString &prefix)
{
    QStringList parts;
    for (const QString &column : schema.primaryKey)
        parts << u"replace(replace(CAST(%1%2 AS TEXT), '\\', '\\\\'), ',', '\\,')"_s.arg(prefix, quotedField(db, column));
    return parts.join(u" || ',' || "_s);
}

Result<bool> exists(const QSqlDatabase &db)
{
    return tableExists(db, QString::fromLatin1(tableName));
}

Result<void> prepare(const QSqlDatabase &db)
{
    const auto found = exists(db);
    if (!found)
        return found.error();
    if (found.value())
        return {};
    // Checked first: CREATE TABLE IF NOT EXISTS needs the right to create even when the table is there.
    QSqlQuery query(db);
    // Two first deletes at once race in CREATE TABLE IF NOT EXISTS on PostgreSQL (the loser hits
    // the catalog's unique index; found by concord_stress). Inside a caller's transaction the
    // attempt runs in a savepoint, so that losing the race does not abort the caller's work; the
    // loser then finds the winner's table.
    const bool inTransaction = !isSQLite(db) && query.exec(u"SAVEPOINT concord_prepare"_s);
    const bool created = query.exec(u"CREATE TABLE IF NOT EXISTS %1 (table_name TEXT NOT NULL, row_key TEXT NOT NULL, "
                                    "version %2 NOT NULL, PRIMARY KEY (table_name, row_key))"_s
                                        .arg(QString::fromLatin1(tableName), isSQLite(db) ? u"INTEGER"_s : u"BIGINT"_s));
    const QSqlError error = query.lastError();
    if (inTransaction) {
        if (!created)
            query.exec(u"ROLLBACK TO SAVEPOINT concord_prepare"_s);
        query.exec(u"RELEASE SAVEPOINT concord_prepare"_s);
    }
    if (created)
        return {};
    if (const auto again = exists(db); again && again.value())
        return {};
    return sqlError(error, u"Cannot create %1"_s.arg(QString::fromLatin1(tableName)));
}

Result<qint64> highestDeleted(const QSqlDatabase &db, const TableSchema &schema, const QSqlRecord &key)
{
    const auto found = exists(db);
    if (!found)
        return found.error();
    if (!found.value())
        return qint64(0);
    BoundQuery query(db);
    query.prepare(u"SELECT version FROM %1 WHERE table_name = ? AND row_key = ?"_s.arg(QString::fromLatin1(tableName)));
    query.addBindValue(recordedName(db, schema.table));
    query.addBindValue(encodeKey(schema, key));
    if (!query.exec())
        return sqlError(query);
    return query.next() ? query.value(0).toLongLong() : qint64(0);
}

} // namespace Concord::DeletedVersions
