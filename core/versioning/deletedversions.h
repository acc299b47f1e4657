// SPDX-License-Identifier: MIT
// SPDX-FileCopyrightText: 2026 Concord developers
#pragma once

#include <core/result.h>
#include <core/db/tableschema.h>

#include <QSqlDatabase>
#include <QSqlRecord>
#include <QString>

namespace Concord {

/// The rule that versions of a key never repeat, and its bookkeeping table (tombstones).
///
/// A deleted row takes its versions with it, so a key inserted again would start over at 1 and a
/// stale write or delete that expects a version of the first row would hit the new one. Concord
/// therefore keeps, per deleted key, the highest version it had (table `concord_deleted_versions`:
/// table_name, row_key, version), and a row inserted with that key starts above it. A key never
/// deleted starts at the policy's first version (1, or the clock for Timestamp) as before.
///
/// Who records a delete:
/// - VersionedWriter::remove(), in the same statement as the DELETE on PostgreSQL (a CTE) and in
///   the same savepoint on SQLite, so that the delete and its tombstone commit or roll back together;
/// - the Trigger policy's triggers, for deletes made outside Concord (psql, sqlite3); they encode
///   the key in SQL, which matches encodeKey() for integer and text keys.
///
/// How an insert uses it (VersionedWriter::insert()): it inserts, then, in a second statement of
/// the same transaction (a savepoint, or a transaction of its own when none is open), raises the
/// new row's version above the key's tombstone. On PostgreSQL an insert racing an uncommitted
/// delete of the same key waits on the key until that delete commits, and the second statement's
/// fresh snapshot then sees the tombstone; a key the database generates is covered the same way
/// (SQLite reuses rowids).
///
/// The table is created by the first Concord delete (or applyVersioning()) that finds it missing,
/// never by reading or inserting; it is one of Concord's own tables (isConcordTable()).
namespace DeletedVersions {

inline constexpr char tableName[] = "concord_deleted_versions";

/// The table_name under which \a table is recorded: the name itself on PostgreSQL (where names
/// are case-sensitive once quoted), lower-cased on SQLite (where they are not).
QString recordedName(const QSqlDatabase &db, const QString &table);

/// The row_key of \a key (the key columns of \a schema, in key order): each value as text
/// (integers in decimal, dates in ISO 8601), '\' and ',' escaped with '\', joined with ','.
QString encodeKey(const TableSchema &schema, const QSqlRecord &key);

/// The same encoding in SQL, of the row \a prefix names ("OLD." in a trigger).
QString encodeKeySql(const QSqlDatabase &db, const TableSchema &schema, const QString &prefix);

/// Whether the bookkeeping table exists.
Result<bool> exists(const QSqlDatabase &db);

/// Creates the table when it is missing. Fails with the database's error, e.g. when the user may
/// not create tables; a delete then does not go ahead.
Result<void> prepare(const QSqlDatabase &db);

/// The highest version a deleted row of \a table with \a key had; 0 when none was recorded
/// (also when the bookkeeping table does not exist: reading never creates it).
Result<qint64> highestDeleted(const QSqlDatabase &db, const TableSchema &schema, const QSqlRecord &key);

} // namespace DeletedVersions
} // namespace Concord
