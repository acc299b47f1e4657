// SPDX-License-Identifier: MIT
// SPDX-FileCopyrightText: 2026 Concord developers
#include "schemacache.h"

#include <core/db/boundquery.h>
#include <core/db/databaseaddress.h>

#include <QHash>
#include <QMutex>
#include <QSqlError>
#include <QSqlQuery>

using namespace Qt::StringLiterals;

namespace Concord::SchemaCache {

namespace {

struct Entry
{
    std::optional<TableShape> shape;
    std::optional<QList<DeclaredColumn>> declared;
};

struct Connection
{
    QHash<QString, Entry> tables;
    std::optional<QSet<QString>> names; ///< every visible table and view, when listed
    Stats stats;
};

QMutex s_mutex;
QHash<QString, Connection> s_connections;

Result<QList<DeclaredColumn>> readDeclaredColumns(const QSqlDatabase &db, const QString &table)
{
    BoundQuery query(db);
    query.setForwardOnly(true);
    query.prepare(u"SELECT name, type, dflt_value, pk FROM pragma_table_info(?)"_s);
    query.addBindValue(table);
    if (!query.exec())
        return makeError(ErrorCode::Sql, query.lastError().text(), query.lastError());
    QList<DeclaredColumn> columns;
    while (query.next())
        columns << DeclaredColumn{query.value(0).toString(), query.value(1).toString(), query.value(2), query.value(3).toInt()};
    return columns;
}

} // namespace

std::optional<TableShape> shape(const QSqlDatabase &db, const QString &table)
{
    const QMutexLocker locker(&s_mutex);
    Connection &connection = s_connections[db.connectionName()];
    const auto entry = connection.tables.constFind(table);
    if (entry == connection.tables.cend() || !entry->shape) {
        ++connection.stats.misses;
        return std::nullopt;
    }
    ++connection.stats.hits;
    return entry->shape;
}

bool knowsTable(const QSqlDatabase &db, const QString &table)
{
    const QMutexLocker locker(&s_mutex);
    const auto connection = s_connections.constFind(db.connectionName());
    if (connection == s_connections.cend())
        return false;
    const auto entry = connection->tables.constFind(table);
    return entry != connection->tables.cend() && entry->shape;
}

void storeShape(const QSqlDatabase &db, const QString &table, const TableShape &shape)
{
    const QMutexLocker locker(&s_mutex);
    s_connections[db.connectionName()].tables[table].shape = shape;
}

Result<QList<DeclaredColumn>> declaredColumns(const QSqlDatabase &db, const QString &table)
{
    if (!isSQLite(db))
        return QList<DeclaredColumn>();
    {
        const QMutexLocker locker(&s_mutex);
        const Connection &connection = s_connections[db.connectionName()];
        const auto entry = connection.tables.constFind(table);
        if (entry != connection.tables.cend() && entry->declared)
            return *entry->declared;
    }
    auto read = readDeclaredColumns(db, table); // not under the lock: it runs a statement
    if (read) {
        const QMutexLocker locker(&s_mutex);
        s_connections[db.connectionName()].tables[table].declared = read.value();
    }
    return read;
}

std::optional<QSet<QString>> tableNames(const QSqlDatabase &db)
{
    const QMutexLocker locker(&s_mutex);
    return s_connections.value(db.connectionName()).names;
}

void storeTableNames(const QSqlDatabase &db, const QSet<QString> &names)
{
    const QMutexLocker locker(&s_mutex);
    s_connections[db.connectionName()].names = names;
}

void forgetTable(const QSqlDatabase &db, const QString &table)
{
    const QMutexLocker locker(&s_mutex);
    const auto connection = s_connections.find(db.connectionName());
    if (connection != s_connections.end())
        connection->tables.remove(table);
}

void forgetTableEverywhere(const QString &table)
{
    const QMutexLocker locker(&s_mutex);
    for (Connection &connection : s_connections)
        connection.tables.remove(table);
}

void forgetTables(const QSqlDatabase &db)
{
    const QMutexLocker locker(&s_mutex);
    const auto connection = s_connections.find(db.connectionName());
    if (connection != s_connections.end()) {
        connection->tables.clear();
        connection->names.reset();
    }
}

void forgetConnection(const QString &connectionName)
{
    const QMutexLocker locker(&s_mutex);
    s_connections.remove(connectionName);
}

Stats stats(const QSqlDatabase &db)
{
    const QMutexLocker locker(&s_mutex);
    return s_connections.value(db.connectionName()).stats;
}

} // namespace Concord::SchemaCache
