// SPDX-License-Identifier: MIT
// SPDX-FileCopyrightText: 2026 Concord developers
#include "catalog.h"

#include <core/db/boundquery.h>
#include <core/errors.h>
#include <core/text.h>
#include <core/db/databaseaddress.h>
#include <core/db/schemacache.h>

#include <QSqlField>
#include <QRegularExpression>
#include <QSqlQuery>

using namespace Qt::StringLiterals;

namespace Concord {

CONCORD_TRANSLATION_CONTEXT("Concord::Catalog")

namespace {

constexpr int maxIdentifierBytes = 63;

// Printable for a message: control characters shown as \uXXXX, so that the message itself
// cannot hide or reorder what the name holds.
QString visible(const QString &name)
{
    QString text;
    for (const QChar c : name) {
        if (c.category() == QChar::Other_Control || c.category() == QChar::Other_Format)
            text += u"\\u%1"_s.arg(c.unicode(), 4, 16, QChar(u'0'));
        else
            text += c;
    }
    return text;
}

bool isForbidden(QChar c)
{
    static const QString forbidden = u"'\"\\[]."_s;
    return c.category() == QChar::Other_Control || c.category() == QChar::Other_Format || forbidden.contains(c);
}

Error unsafe(const QString &what, const QString &name, const QString &why)
{
    return makeError(ErrorCode::InvalidArgument,
                     tr("Concord will not use the %1 name \"%2\": %3.").arg(what, visible(name), why));
}

} // namespace

Result<void> checkIdentifier(const QString &name, const QString &what)
{
    if (name.trimmed().isEmpty())
        return unsafe(what, name, tr("it is empty"));
    if (!name.isValidUtf16())
        return unsafe(what, name, tr("it is not valid text"));
    if (name.toUtf8().size() > maxIdentifierBytes)
        return unsafe(what, name, tr("it is longer than %1 bytes").arg(maxIdentifierBytes));
    for (const QChar c : name) {
        if (isForbidden(c)) {
            return unsafe(what, name, tr("it contains %1, which the database drivers do not quote safely")
                                          .arg(c.isPrint() ? u"'%1'"_s.arg(c) : tr("a control character")));
        }
    }
    return {};
}

// Also what a PostgreSQL connection says once libpq saw the server end it (the lock monitor's
// LISTEN notices that first): the lookup would fail without a message.
static Result<void> requireOpen(const QSqlDatabase &db, const QString &table)
{
    if (db.isOpen())
        return {};
    return makeError(ErrorCode::ConnectionFailed,
                     tr("Cannot look up table %1: the connection to the database is closed or was lost.").arg(table));
}

namespace {

// Every visible table and view, in one statement without values: a name Concord then looks up
// is a set lookup, however many tables a start-up checks.
Result<QSet<QString>> listTableNames(const QSqlDatabase &db)
{
    QSqlQuery query(db);
    query.setForwardOnly(true);
    const QString sql = isSQLite(db)
        ? u"SELECT lower(name) FROM sqlite_master WHERE type IN ('table', 'view') "
          "UNION ALL SELECT lower(name) FROM sqlite_temp_master WHERE type IN ('table', 'view')"_s
        : u"SELECT c.relname FROM pg_catalog.pg_class c WHERE c.relkind IN ('r', 'p', 'v', 'm', 'f') "
          "AND pg_catalog.pg_table_is_visible(c.oid)"_s;
    if (!query.exec(sql))
        return sqlError(query, tr("Cannot list the tables"));
    QSet<QString> names;
    while (query.next())
        names.insert(query.value(0).toString());
    return names;
}

// The exact lookup, for a name the list does not hold (a table created since it was read).
Result<bool> lookUpTable(const QSqlDatabase &db, const QString &table)
{
    BoundQuery query(db);
    query.setForwardOnly(true);
    if (isSQLite(db)) {
        query.prepare(u"SELECT 1 FROM sqlite_master WHERE type IN ('table', 'view') AND name = ? COLLATE NOCASE "
                      "UNION ALL SELECT 1 FROM sqlite_temp_master WHERE type IN ('table', 'view') AND name = ? COLLATE NOCASE"_s);
        query.addBindValue(table);
    } else {
        query.prepare(u"SELECT 1 FROM pg_catalog.pg_class c WHERE c.relname = $1 AND c.relkind IN ('r', 'p', 'v', 'm', 'f') "
                      "AND pg_catalog.pg_table_is_visible(c.oid)"_s);
    }
    query.addBindValue(table);
    if (!query.exec())
        return sqlError(query, tr("Cannot look up table %1").arg(table));
    return query.next();
}

} // namespace

Result<bool> tableExists(const QSqlDatabase &db, const QString &table)
{
    if (auto safe = checkIdentifier(table, tr("table")); !safe)
        return safe.error();
    if (auto open = requireOpen(db, table); !open)
        return open.error();
    auto names = SchemaCache::tableNames(db);
    if (!names) {
        auto listed = listTableNames(db);
        if (!listed)
            return listed.error();
        SchemaCache::storeTableNames(db, listed.value());
        names = listed.value();
    }
    if (names->contains(isSQLite(db) ? table.toLower() : table))
        return true; // listed a moment ago; one dropped since fails at its first read instead
    return lookUpTable(db, table);
}

Result<bool> concordTableExists(const QSqlDatabase &db, const QString &name)
{
    static const QRegularExpression fixedName(u"^concord_[a-z_]+$"_s);
    if (!fixedName.match(name).hasMatch())
        return makeError(ErrorCode::InvalidArgument, tr("%1 is not one of Concord's table names.").arg(name));
    if (auto open = requireOpen(db, name); !open)
        return open.error();
    // The settings tables are never dropped, so one listed is there (a rollback forgets the
    // list: it may undo their creation); one not listed may have been made since by another
    // client, and is looked up. Others (deleted versions) come and go with transactions.
    const bool settings = name == "concord_versioning"_L1 || name == "concord_audit"_L1;
    if (const auto names = SchemaCache::tableNames(db); settings && names && names->contains(name))
        return true;
    QSqlQuery query(db);
    query.setForwardOnly(true);
    const QString sql = isSQLite(db)
        ? u"SELECT count(*) FROM sqlite_master WHERE type = 'table' AND name = '%1'"_s.arg(name)
        : u"SELECT count(*) FROM pg_catalog.pg_class WHERE oid = to_regclass('%1')"_s.arg(name);
    if (!query.exec(sql) || !query.next())
        return sqlError(query, tr("Cannot look up table %1").arg(name));
    return query.value(0).toInt() > 0;
}

Result<void> deleteSettingsRow(const QSqlDatabase &db, const QString &settingsTable, const QString &table)
{
    const auto exists = concordTableExists(db, settingsTable); // also proves the name is one of ours
    if (!exists)
        return exists.error();
    if (!exists.value())
        return {};
    BoundQuery query(db);
    query.prepare(u"DELETE FROM %1 WHERE table_name = ?"_s.arg(settingsTable));
    query.addBindValue(table);
    if (!query.exec())
        return sqlError(query);
    return {};
}

// What the driver said of the columns of a table proven to exist: names safe, not empty.
static Result<QSqlRecord> checkedColumns(const QSqlDatabase &db, const QString &table, const QSqlRecord &fields)
{
    for (int i = 0; i < fields.count(); ++i) {
        if (auto safe = checkIdentifier(fields.fieldName(i), tr("column")); !safe)
            return makeError(ErrorCode::InvalidArgument, tr("Table %1: %2").arg(table, safe.error().message));
    }
    if (fields.isEmpty()) {
        // The driver hides why its lookup came back empty: a lost connection must not read as "no columns".
        QSqlQuery probe(db);
        if (!probe.exec(u"SELECT 1"_s))
            return sqlError(probe, tr("Cannot read the columns of %1").arg(table));
        return makeError(ErrorCode::NotFound, tr("Table %1 has no columns Concord can read.").arg(table));
    }
    return fields;
}

static Result<void> requireTable(const QSqlDatabase &db, const QString &table)
{
    const auto exists = tableExists(db, table);
    if (!exists)
        return exists.error();
    if (!exists.value())
        return makeError(ErrorCode::NotFound, tr("There is no table %1.").arg(table));
    return {};
}

// Both read the whole shape on a miss: one more statement than either needs, kept for the other.
Result<QSqlRecord> tableColumns(const QSqlDatabase &db, const QString &table)
{
    auto shape = tableShape(db, table);
    if (!shape)
        return shape.error();
    return shape.value().columns;
}

Result<QSqlIndex> tablePrimaryKey(const QSqlDatabase &db, const QString &table)
{
    auto shape = tableShape(db, table);
    if (!shape)
        return shape.error();
    return shape.value().primaryKey;
}

Result<TableShape> tableShape(const QSqlDatabase &db, const QString &table)
{
    // A connection libpq saw end answers nothing, kept or not: its caller must learn it was lost.
    if (auto open = requireOpen(db, table); !open)
        return open.error();
    if (auto kept = SchemaCache::shape(db, table))
        return *kept;
    if (auto found = requireTable(db, table); !found)
        return found.error();
    return adoptTableShape(db, table, db.record(table), db.primaryIndex(table));
}

Result<TableShape> adoptTableShape(const QSqlDatabase &db, const QString &table, const QSqlRecord &columns,
                                   const QSqlIndex &key)
{
    auto checked = checkedColumns(db, table, columns);
    if (!checked)
        return checked.error();
    const TableShape shape{std::move(checked).value(), key};
    SchemaCache::storeShape(db, table, shape);
    return shape;
}

} // namespace Concord
