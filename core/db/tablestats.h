// SPDX-License-Identifier: MIT
// SPDX-FileCopyrightText: 2026 Concord developers
#pragma once

#include <core/result.h>

#include <QSqlDatabase>
#include <QStringList>

namespace Concord {

/// How many rows a table or view holds, as the table list shows it ("12,345 rows",
/// "≈ 2,400,000 rows", "100,000+ rows").
struct RowCount
{
    qint64 rows = 0;
    /// PostgreSQL: \a rows is the planner's estimate (pg_class.reltuples), not a count.
    bool estimated = false;
    /// \a rows is the cap of a capped count: the table holds at least that many, maybe more.
    bool atLeast = false;
};

/// The rows of \a table (a table or a view), with one statement whose cost is bounded:
/// - PostgreSQL tables: the exact count(*) while the planner's estimate (reltuples, kept by
///   ANALYZE and autovacuum) is below \a exactLimit, otherwise that estimate (estimated = true).
///   The count is a sub-query PostgreSQL runs only when the estimate is small.
/// - SQLite, and views on either backend (a view has no estimate, and counting it may run any
///   query): count(*) over at most \a exactLimit + 1 rows; more than \a exactLimit gives
///   exactLimit with atLeast = true.
/// The name reaches SQL only after checkIdentifier() and Concord's catalog lookup
/// (tableExists()); fails with their errors (InvalidArgument, NotFound) or Sql.
Result<RowCount> countRows(const QSqlDatabase &db, const QString &table, qint64 exactLimit = 100000);

/// The user's views, sorted, without SQLite internals and Concord's own (userTables() lists
/// tables only). Views are not versioned: the editor shows them read-only.
QStringList userViews(const QSqlDatabase &db);

} // namespace Concord
