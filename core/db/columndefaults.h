// SPDX-License-Identifier: MIT
// SPDX-FileCopyrightText: 2026 Concord developers
#pragma once

#include <core/result.h>

#include <QHash>
#include <QSqlDatabase>
#include <QString>
#include <QVariant>

namespace Concord {

/// A column's default, as the catalog declares it.
struct ColumnDefault
{
    QString expression; ///< as stored: "1", "'open'", "'open'::text", "CURRENT_TIMESTAMP", "nextval(…)"
    bool isConstant = false; ///< a number, a quoted string or TRUE/FALSE, perhaps cast or in parentheses
    QString constantText;    ///< the constant as text (quotes removed), for valueFromText()
    /// The database numbers the column itself: a sequence (nextval), an identity column, or
    /// SQLite's INTEGER PRIMARY KEY (the rowid).
    bool isAutomatic = false;
};

/// Reads the declared default of every column of \a table that has one, keyed by column name:
/// SQLite's `pragma_table_info(?)` dflt_value, PostgreSQL's information_schema.columns
/// column_default (in the current schema). Identity columns and SQLite's INTEGER PRIMARY KEY have
/// no declared default and are listed as isAutomatic. The table name is bound, after
/// checkIdentifier() passed it; a failed query is an Sql error.
Result<QHash<QString, ColumnDefault>> columnDefaults(const QSqlDatabase &db, const QString &table);

/// Classifies a default expression (see ColumnDefault); anything but a plain constant, such as
/// CURRENT_TIMESTAMP, a function call or NULL, is not constant.
ColumnDefault parseColumnDefault(const QString &expression);

} // namespace Concord
