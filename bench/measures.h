// SPDX-License-Identifier: MIT
// SPDX-FileCopyrightText: 2026 Concord developers
#pragma once

#include "benchdatabase.h"
#include "benchreport.h"

#include <QList>
#include <QStringList>

namespace Concord::Bench {

/// What every measure gets: the backend to run on, the run's settings and the report to fill.
struct Context
{
    Backend backend;
    Settings settings;
    QList<int> sizes;       ///< table sizes for the measures that grow the table
    QString program;        ///< this binary, re-executed for worker processes
    Report *report = nullptr;
};

/// 1. Save one edited row: VersionedTableModel vs a raw prepared UPDATE and vs QSqlTableModel.
void measureSaveOne(const Context &context);
/// 2. Save 10k edited rows in one submit vs a raw prepared batch in one transaction.
void measureSaveMany(const Context &context);
/// 3. Open a table and show its first screen: time, and resident memory in fresh processes.
void measureOpen(const Context &context);
/// 4. Lock acquire + release via AdvisoryLock vs the raw statements.
void measureLock(const Context &context);
/// 5. Read-modify-write with retry by 1, 2, 4 and 8 processes on one row and on disjoint rows.
void measureContention(const Context &context);
/// 6. Change propagation: from a commit in a worker process until the live model shows the row.
void measurePropagation(const Context &context);
/// 8. Browsing a large table: jump to the end, sort, filter, and memory after every page.
void measureBrowse(const Context &context);
/// 9. Add Row on tables of every size against the same on the smallest: it must not grow.
void measureAddRow(const Context &context);
/// 10. Statements a watching editor sends for one other user's commit of one row, against a
/// whole re-read of its table (counted by SQLite's trace and PostgreSQL's statement log).
void measureWatcherStatements(const Context &context);
/// 11. Statements sent by an editor-like start-up, opening a table and `concordctl get`, and
/// the connections an idle editor holds (PostgreSQL; the statement log needs --server-log).
void measureStatements(const Context &context);
/// 12. Save one row of a table keeping history against the same save without (issue #15), and
/// on SQLite the statements each sends.
void measureHistorySave(const Context &context);

/// Worker entry points, selected by --worker NAME; they print one JSON object on stdout.
int openWorker(const QStringList &arguments);
int contentionWorker(const QStringList &arguments);
int propagationWorker(const QStringList &arguments);
int browseWorker(const QStringList &arguments);

/// The backend a worker process was given with --address (exits with the reason when it is bad).
Backend workerBackend(const QStringList &arguments);

/// The value following \a flag in \a arguments, or \a fallback.
QString argumentValue(const QStringList &arguments, const QString &flag, const QString &fallback = {});

} // namespace Concord::Bench
