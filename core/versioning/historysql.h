// SPDX-License-Identifier: MIT
// SPDX-FileCopyrightText: 2026 Concord developers
#pragma once

// Internal to concordcore's history sources and VersionedWriter: not installed.

#include <core/result.h>
#include <core/db/tableschema.h>
#include <core/versioning/history.h>

#include <QList>
#include <QSqlDatabase>
#include <QString>

#include <optional>

namespace Concord::History::Internal {

/// The history table's own columns, before the copy of the table's.
inline constexpr char idColumn[] = "concord_id";
inline constexpr char operationColumn[] = "concord_operation";
inline constexpr char changedByColumn[] = "concord_changed_by";
inline constexpr char changedAtColumn[] = "concord_changed_at";
inline constexpr char rowKeyColumn[] = "concord_row_key";

/// A column as declared: its name and its declared type ("" on SQLite for none).
struct ColumnDeclaration
{
    QString name;
    QString type;
};

/// The declared columns of \a table, in order (SQLite: pragma_table_info; PostgreSQL:
/// pg_attribute with format_type()), names checked; an empty list when the table does not exist.
Result<QList<ColumnDeclaration>> declaredColumns(const QSqlDatabase &db, const QString &table);

/// The recorded settings of \a table; empty when none (also without the settings table).
struct Settings
{
    QString table;
    QString historyTable;
    Retention retention;
    QString signature; ///< what the triggers were made for (see shapeSignature())
};
Result<std::optional<Settings>> loadSettings(const QSqlDatabase &db, const QString &table);
/// Creates the settings table when needed and records \a settings. Call inside a transaction.
Result<void> storeSettings(const QSqlDatabase &db, const Settings &settings);

/// What \a table's history triggers would be made for now, against what exists.
struct CurrentShape
{
    QString signature;          ///< columns, version column, policy and audit the triggers depend on
    QStringList missingColumns; ///< the table's columns the history table lacks
    bool triggersPresent = false;
};
Result<CurrentShape> currentShape(const QSqlDatabase &db, const QString &table);

/// Whether \a table's history table exists.
Result<bool> historyTableExists(const QSqlDatabase &db, const QString &table);

/// For VersionedWriter on SQLite: the quoted history table whose newest entry a Concord write of
/// \a table signs with the OS account (see history.h, "Who"), or empty when there is none
/// (PostgreSQL, history off).
Result<QString> sqliteStampTarget(const QSqlDatabase &db, const QString &table);

/// The statement that signs the newest entry of \a quotedHistory, bound to the account.
QString stampStatement(const QString &quotedHistory);

} // namespace Concord::History::Internal
