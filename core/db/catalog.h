// SPDX-License-Identifier: MIT
// SPDX-FileCopyrightText: 2026 Concord developers
#pragma once

#include <core/result.h>

#include <QSqlDatabase>
#include <QSqlIndex>
#include <QSqlRecord>
#include <QString>

namespace Concord {

/// The only way Concord reads a table's columns and key from the database.
///
/// Qt's drivers build their catalog queries from the table name without escaping it
/// (QPSQLDriver::record() and primaryIndex() paste it into `relname = '%1'`), split it at the
/// first '.' into schema and table, and their escapeIdentifier() leaves a name alone when it
/// starts or ends with '"' (both drivers) or contains '[' and ']' (SQLite). A table or column name
/// from a user, a file or the database itself could therefore run SQL of its choosing, or quietly
/// name another table. So a name reaches a driver call, or SQL text through quotedTable() /
/// quotedField(), only after checkIdentifier() passed it, and a table name only after Concord's
/// own bound catalog query found the table. Names that fail are refused with a message; nothing is
/// guessed.

/// Success when \a name can be given to the drivers and quoted by them: not empty, at most 63
/// UTF-8 bytes (PostgreSQL's identifier limit), valid text, no control character and none of ' " \ [ ] .
/// otherwise InvalidArgument naming \a what ("table", "column") and the name.
Result<void> checkIdentifier(const QString &name, const QString &what);

/// True when \a table is an existing table or view, found in the catalog (sqlite_master,
/// case-insensitively like SQLite; pg_class, visible on the search path, the name exact).
/// Runs checkIdentifier() first and fails with its error; a failed query is an Sql error. The
/// connection's first lookup lists every table in one statement, kept in the SchemaCache until
/// its forgetTables(); a name the list lacks is looked up by a bound query.
Result<bool> tableExists(const QSqlDatabase &db, const QString &table);

/// True when Concord's own bookkeeping table \a name (a fixed lower-case name such as
/// "concord_versioning", never a user's) exists: one statement with the name in its text, where
/// tableExists() binds it (three round trips on PostgreSQL through Qt's driver). A lookup that
/// cannot run is an error, never "absent". InvalidArgument for a name that is not [a-z_]+.
/// concord_versioning and concord_audit, once in the connection's table list (see
/// tableExists()), need no statement.
Result<bool> concordTableExists(const QSqlDatabase &db, const QString &name);

/// Deletes \a table's row (column table_name, bound) from Concord's settings table \a settingsTable
/// (concord_versioning, concord_audit); nothing to do when that table was never created.
Result<void> deleteSettingsRow(const QSqlDatabase &db, const QString &settingsTable, const QString &table);

/// The table's columns, in table order, through the driver once the name is proven safe and the
/// table found (or from the SchemaCache, as tableShape()): NotFound for no such table,
/// InvalidArgument for an unsafe table or column name.
Result<QSqlRecord> tableColumns(const QSqlDatabase &db, const QString &table);

/// The table's primary key columns (empty index: no key), under the same rules as tableColumns().
Result<QSqlIndex> tablePrimaryKey(const QSqlDatabase &db, const QString &table);

/// A table's columns and primary key together.
struct TableShape
{
    QSqlRecord columns;
    QSqlIndex primaryKey;
};
/// tableColumns() and tablePrimaryKey() with one lookup of the table instead of two. A shape
/// kept in the SchemaCache (core/db/schemacache.h) is returned without any statement; one read
/// from the catalog is kept there.
Result<TableShape> tableShape(const QSqlDatabase &db, const QString &table);

/// For a caller that had the driver read \a table's \a columns and \a key itself
/// (QSqlTableModel::setTable()) after tableExists() found the table: checks the column names as
/// tableColumns() does and keeps the shape in the SchemaCache, so that tableShape() and the
/// rest of Concord do not read the catalog again. InvalidArgument for an unsafe column name,
/// NotFound (or the connection's error) when \a columns is empty.
Result<TableShape> adoptTableShape(const QSqlDatabase &db, const QString &table, const QSqlRecord &columns,
                                   const QSqlIndex &key);

} // namespace Concord
