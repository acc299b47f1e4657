// SPDX-License-Identifier: MIT
// SPDX-FileCopyrightText: 2026 Concord developers
#pragma once

#include <QSqlDatabase>
#include <QSqlError>
#include <QSqlRecord>
#include <QString>

namespace Concord {

/// Which rule of the table a refused write broke, from the driver's error code (PostgreSQL's
/// SQLSTATE 23503/23502/23505/23514; SQLite's extended result codes, or its fixed English
/// "... constraint failed" texts when only SQLITE_CONSTRAINT came back).
enum class ConstraintKind {
    None,       ///< not a constraint violation (or one Concord does not know)
    ForeignKey, ///< a reference to a record that is not there, or a record others refer to
    NotNull,
    Unique,     ///< a UNIQUE constraint or the primary key
    Check,
};

ConstraintKind constraintKindOf(const QSqlError &error);

/// One record's write that the database refused: enough to say which record and why.
struct RecordWrite
{
    enum class Operation { Insert, Update, Delete };
    Operation operation = Operation::Update;
    QString table;
    QSqlRecord key;    ///< the primary key as loaded (empty for an insert)
    QSqlRecord values; ///< the record's values: those written, or for a delete those loaded
};

/// What happened, and to which record, when the database refused \a write with \a error: for
/// example "Cannot delete record id=7 of customers: 3 records of orders refer to it
/// (orders.customer_id)." Empty when \a error is no constraint violation.
///
/// The referencing tables, the referenced record that is missing, the column without a value and
/// the duplicate are found in the catalog (SQLite: pragma_foreign_key_list, pragma_index_list;
/// PostgreSQL: pg_constraint, pg_index) and counted with bound values; a table or column name
/// reaches SQL text only after checkIdentifier() and driver quoting. Run it after the failed
/// transaction was rolled back (a PostgreSQL transaction refuses every statement after an error);
/// when the catalog cannot tell more, the sentence still names the record and the rule.
QString explainConstraintViolation(const QSqlDatabase &db, const QSqlError &error, const RecordWrite &write);

} // namespace Concord
