// SPDX-License-Identifier: MIT
// SPDX-FileCopyrightText: 2026 Concord developers
#pragma once

#include <core/result.h>

#include <QSqlError>
#include <QString>

class QSqlQuery;

namespace Concord {

/// The nativeErrorCode() values Concord puts in a QSqlError (VersionedTableModel::lastError(),
/// VersionedWriter::lastError()). Callers compare codes through the helpers below or against these
/// constants, never the text, which is translated.
namespace NativeError {
/// A record changed or was deleted by someone else since it was loaded.
inline constexpr char RecordModified[] = "RECORD_MODIFIED";
/// The table is under someone else's exclusive advisory lock (or its holders could not be read).
inline constexpr char LockHeld[] = "LOCK_HELD";
/// setTable() refused a table without a primary key.
inline constexpr char NoPrimaryKey[] = "NO_PRIMARY_KEY";
/// setTable() refused a table without an integer version column.
inline constexpr char NoVersionColumn[] = "NO_VERSION_COLUMN";
/// setTable() refused a table whose recorded versioning policy is unknown or broken.
inline constexpr char BadVersioning[] = "BAD_VERSIONING";
/// setTable() named a table that does not exist.
inline constexpr char NoTable[] = "NO_TABLE";
/// A sort, filter or find was refused because it would re-read a table with pending edits.
inline constexpr char PendingEdits[] = "PENDING_EDITS";
/// setData() was given a value the column's type cannot hold ("abc" for an integer column).
inline constexpr char InvalidValue[] = "INVALID_VALUE";
/// A NoIncrement guard met a table whose trigger bumps the version anyway.
inline constexpr char NoIncrementWithTrigger[] = "NO_INCREMENT_WITH_TRIGGER";
/// The connection was lost after a write (or its COMMIT) was sent and before the server answered,
/// and a re-read could not tell whether it was stored (core/versioning/uncertainwrite.h).
inline constexpr char OutcomeUnknown[] = "OUTCOME_UNKNOWN";
} // namespace NativeError

/// A QSqlError of Concord's own, carrying \a nativeCode (one of NativeError).
QSqlError concordSqlError(const QString &message, QSqlError::ErrorType type, const char *nativeCode);

/// True when \a error carries \a nativeCode.
bool hasNativeCode(const QSqlError &error, const char *nativeCode);

/// True when \a error reports a RecordModifiedError (compares the code, never the text).
bool isRecordModified(const QSqlError &error);

/// True when \a error reports that the table is locked by someone else (LOCK_HELD): a save refused
/// before anything was written.
bool isLockHeld(const QSqlError &error);

/// True when \a error says the connection to the server is gone (PostgreSQL SQLSTATE class 08,
/// 57P01-57P03, or libpq's "server closed the connection", "no connection to the server"), also
/// when it is an OUTCOME_UNKNOWN (isOutcomeUnknown()), which only a lost connection makes.
bool isConnectionLost(const QSqlError &error);
/// True when \a error reports a write whose outcome is unknown: the connection was lost after it
/// was sent, and it may or may not be stored (OUTCOME_UNKNOWN).
bool isOutcomeUnknown(const QSqlError &error);
/// True when \a error is the database refusing a privilege (PostgreSQL 42501; SQLite SQLITE_PERM,
/// SQLITE_AUTH).
bool isPermissionDenied(const QSqlError &error);

/// True when the database refuses writes: a read-only file or file system (SQLite), a read-only
/// transaction or standby (PostgreSQL).
bool isReadOnlyDatabase(const QSqlError &error);
/// True when the disk holding the database is full.
bool isDiskFull(const QSqlError &error);
/// True for SQLite's "database is busy / locked" after the busy timeout: another connection holds
/// the write lock.
bool isDatabaseBusy(const QSqlError &error);

/// \a error as a message that names its real cause, never empty: "the connection to the database
/// was lost: ...", "permission denied: ...", read-only, disk full or "the database is busy: ..." around the driver's
/// text when it is one of those,
/// and a message with the error's code when the driver gave no text at all.
QString describeSqlError(const QSqlError &error);

/// The one way to turn a driver error into an Error (text by describeSqlError()): ErrorCode::Sql, the driver's text prefixed
/// by \a what ("Cannot take lock x: ...") when \a what is not empty, and the QSqlError kept.
Error sqlError(const QSqlError &error, const QString &what = {});
/// sqlError() of \a query's last error.
Error sqlError(const QSqlQuery &query, const QString &what = {});

} // namespace Concord
