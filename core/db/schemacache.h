// SPDX-License-Identifier: MIT
// SPDX-FileCopyrightText: 2026 Concord developers
#pragma once

#include <core/db/catalog.h>
#include <core/result.h>

#include <QList>
#include <QSet>
#include <QSqlDatabase>
#include <QString>
#include <QVariant>

#include <optional>

namespace Concord {

/// One column as SQLite declares it (pragma_table_info): what the driver's QSqlRecord does not
/// say. Column kinds (columnkinds.h), the version column's affinity (tableschema.h) and the
/// defaults (columndefaults.h) all come from it.
struct DeclaredColumn
{
    QString name;
    QString declaredType; ///< as written in CREATE TABLE, e.g. "VARCHAR(20)"; empty for none
    QVariant defaultExpression; ///< dflt_value: NULL for no default
    int primaryKeyPosition = 0; ///< 1-based position in the primary key, 0 when not part of it
};

/// What Concord read of a table's shape, kept per connection so that one open of a table reads
/// its catalog once, however many parts of Concord ask (the model, TableSchema, column kinds and
/// defaults, reference labels). tableShape() (core/db/catalog.h) fills and reads it.
///
/// Entries are dropped when Concord itself alters the table (versioning adds or drops a column;
/// on every connection of the process, as the change may come from a job's connection), on an
/// explicit reload (forgetTables(): the editor's table list after a schema change),
/// when a VersionedTableModel opens the table again (setTable(): a reload reads afresh, so a
/// change made by another client shows at the next open), and when the connection is closed
/// through closeDatabase(). Between those, a shape another client changed is not seen: the
/// statements built from it then fail with the database's error, as they would have before.
///
/// Thread-safe; entries are per connection name, so a job's connection has entries of its own.
namespace SchemaCache {

/// Reads served from the cache and reads that went to the catalog, since the connection was
/// opened: a test sees "the schema was read once" as misses() == 1.
struct Stats
{
    int hits = 0;
    int misses = 0;
};

/// The kept shape of \a table on \a db's connection, counting a hit; nullopt counts a miss.
std::optional<TableShape> shape(const QSqlDatabase &db, const QString &table);
/// True when a shape of \a table is kept: tableExists() found it on this connection before, so
/// that its name is known to be safe and to name this table (nothing is counted).
bool knowsTable(const QSqlDatabase &db, const QString &table);
/// Keeps \a shape, read from the catalog by the caller after tableExists() found the table.
void storeShape(const QSqlDatabase &db, const QString &table, const TableShape &shape);

/// SQLite's declaration of every column of \a table, in table order: kept, or read with one
/// bound pragma_table_info query. Fails with the driver's error; on other drivers it is empty.
Result<QList<DeclaredColumn>> declaredColumns(const QSqlDatabase &db, const QString &table);

/// The tables and views visible on \a db's connection when they were last listed (with
/// storeTableNames()); nullopt when not listed since the last forgetTables(). SQLite names are
/// kept lower-case, as SQLite compares them.
std::optional<QSet<QString>> tableNames(const QSqlDatabase &db);
void storeTableNames(const QSqlDatabase &db, const QSet<QString> &names);

/// Drops what is kept of \a table on \a db's connection.
void forgetTable(const QSqlDatabase &db, const QString &table);
/// Drops what is kept of \a table on every connection: Concord altered it on one (a job's), and
/// the others (the editor's) must read it again. Names on other databases go too, harmlessly.
void forgetTableEverywhere(const QString &table);
/// Drops every table kept for \a db's connection and the list of its tables, keeping its stats
/// (an explicit reload).
void forgetTables(const QSqlDatabase &db);
/// Drops every entry of the connection \a connectionName, and its stats.
void forgetConnection(const QString &connectionName);

Stats stats(const QSqlDatabase &db);

} // namespace SchemaCache
} // namespace Concord
