// SPDX-License-Identifier: MIT
// SPDX-FileCopyrightText: 2026 Concord developers
#pragma once

#include <core/result.h>
#include <core/db/tableschema.h>
#include <core/versioning/versioningconfig.h>

#include <QSqlDatabase>

namespace Concord {

/// The database-side half of the Trigger policy: an update trigger that bumps the version, so
/// that writes made with psql, sqlite3 or any other program are caught as conflicts too.
///
/// PostgreSQL: a plpgsql function and a BEFORE UPDATE row trigger setting
/// NEW.version = OLD.version + 1. SQLite: an AFTER UPDATE trigger that updates the row's version
/// (SQLite triggers cannot assign NEW; recursive triggers are off by default, so it fires once).
/// Both leave the version alone when the writer changed it itself, so a writer that bumps by
/// hand is not bumped twice. A delete records the row's version in concord_deleted_versions
/// (deletedversions.h), so that Concord inserts the key again above it: on PostgreSQL the same
/// function fires BEFORE DELETE too, on SQLite a second trigger "concord_deleted_<table>" AFTER
/// DELETE. On PostgreSQL the function also notifies live editors of the row's key as it was
/// before the write (ChangePayload). Triggers from before either are Outdated; they still
/// version rows, and an older one's notification names only the table, which makes editors
/// re-read it whole. There is no insert trigger: an insert keeps the version it supplies.
namespace VersionTriggers {

enum class State { Missing, UpToDate, Outdated };

struct Status
{
    QString table;
    QString name;
    State state = State::Missing;
};

/// "concord_version_<table>", shortened with a hash when the database would truncate it.
QString triggerName(const QString &table);

Result<Status> status(const QSqlDatabase &db, const TableSchema &schema);
/// Creates the trigger, or replaces an outdated one; does nothing when it is up to date.
/// Returns the state found before. Run inside a transaction so that a replace is atomic.
Result<State> create(const QSqlDatabase &db, const TableSchema &schema);
/// Drops the trigger (and its function on PostgreSQL); returns whether there was one.
Result<bool> drop(const QSqlDatabase &db, const QString &table);

QString stateName(State state);

} // namespace VersionTriggers
} // namespace Concord
