// SPDX-License-Identifier: MIT
// SPDX-FileCopyrightText: 2026 Concord developers
#pragma once

#include <core/db/tableschema.h>
#include <core/result.h>
#include <core/versioning/versioningconfig.h>

#include <QSqlDatabase>
#include <QSqlRecord>
#include <QVariant>

namespace Concord {

/// A write whose outcome is unknown: the connection was lost after the statement (or the COMMIT
/// that would have made it durable) was sent and before the server's answer arrived. The server
/// may have committed it or not; only a look at the row can tell (resolveUncertainWrite()).
///
/// VersionedWriter returns Outcome::Unknown for such a write and describes it here
/// (VersionedWriter::uncertainWrite()); VersionedTableModel and concordctl resolve it by reading
/// the row again on a new connection.
struct UncertainWrite
{
    enum class Operation { Update, Insert, Delete };

    Operation operation = Operation::Update;
    QSqlRecord key;          ///< the primary key (for an insert: the key given, if any)
    QVariant loadedVersion;  ///< the version the write expected (updates and deletes)
    QSqlRecord base;         ///< the row as loaded, when known: tells "not stored" for sure
    QSqlRecord values;       ///< the fields the write set (generated fields only count)
    /// The version the row has if the write was committed (null when the write cannot know it,
    /// e.g. with the version check skipped by a guard).
    QVariant expectedVersion;
};

/// What a re-read says about an UncertainWrite. Unchecked comes first: a value-initialised
/// resolution claims nothing (VersionedTableModel forward-declares this enum).
enum class WriteResolution {
    Unchecked,      ///< the row could not be read (the server is still away): still unknown
    Stored,         ///< the row holds exactly what the write would have left: it was committed
    NotStored,      ///< the row is still as loaded (or, for an insert, absent): nothing was written
    ChangedByOther, ///< the row holds something else: someone wrote meanwhile; a conflict to show
};

/// A resolution, the row it was decided on, and why it stays Unchecked.
struct ResolvedWrite
{
    WriteResolution resolution = WriteResolution::Unchecked;
    QSqlRecord current; ///< the row as read (empty when absent or not read)
    QString reason;     ///< for Unchecked: why the row could not be read
};

/// Decides what became of \a write from \a current, the row read after the connection was lost
/// (an empty record: no such row). Pure: no I/O. \a schema names the version column.
/// A row at expectedVersion whose written fields hold the written values is Stored; a row at the
/// loaded version whose fields hold base (or the row absent, for an insert) is NotStored; any
/// other row is ChangedByOther; a failed read is Unchecked.
ResolvedWrite resolveUncertainWrite(const UncertainWrite &write, const Result<QSqlRecord> &current,
                                    const TableSchema &schema);

/// Reads the row of \a write on a connection of its own to the database \a db is set up for
/// (the same address and password, never a new prompt), opened for this read and closed after
/// it, so that it works while \a db itself is still dead; then resolves it. On PostgreSQL the
/// read takes the row's share lock without waiting (`FOR SHARE NOWAIT`): a row still locked by
/// the write's own transaction, which the server may yet commit, is Unchecked rather than
/// wrongly NotStored. Never fails: a read that cannot be made is Unchecked with the reason.
ResolvedWrite recheckUncertainWrite(const QSqlDatabase &db, const TableSchema &schema, const VersioningConfig &config,
                                    const UncertainWrite &write);

} // namespace Concord
