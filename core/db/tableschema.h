// SPDX-License-Identifier: MIT
// SPDX-FileCopyrightText: 2026 Concord developers
#pragma once

#include <core/result.h>

#include <QSqlDatabase>
#include <QSqlRecord>
#include <QStringList>

namespace Concord {

/// What Concord needs to know about a table to protect its rows: its columns, its primary key
/// and its version column.
struct TableSchema
{
    QString table;
    QSqlRecord fields;      ///< every column, in table order
    QStringList primaryKey; ///< one or more columns
    QString versionColumn;

    /// Reads the table's columns and key. Fails with NotFound for an unknown table,
    /// NoPrimaryKey for a table without a key (no row of it could be protected) and
    /// NoVersionColumn when \a versionColumn is missing or not an integer column.
    static Result<TableSchema> load(const QSqlDatabase &db, const QString &table,
                                    const QString &versionColumn = QStringLiteral("version"));

    bool isKeyColumn(const QString &field) const { return primaryKey.contains(field, Qt::CaseInsensitive); }
};

/// The user's tables, sorted, without SQLite internals and Concord's own bookkeeping tables.
QStringList userTables(const QSqlDatabase &db);

/// True for Concord's own tables (metadata, locks), which editors and checks leave out.
bool isConcordTable(const QString &table);

/// \a name quoted by the driver as a table or field identifier. Only names that passed
/// checkIdentifier() (core/db/catalog.h) are quoted; any other gives an identifier that names
/// nothing, so that the statement fails rather than run what the name holds.
QString quotedTable(const QSqlDatabase &db, const QString &name);
QString quotedField(const QSqlDatabase &db, const QString &name);

} // namespace Concord
