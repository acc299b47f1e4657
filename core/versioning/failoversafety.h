// SPDX-License-Identifier: MIT
// SPDX-FileCopyrightText: 2026 Concord developers
#pragma once

#include <core/result.h>
#include <core/versioning/versioning.h>
#include <core/versioning/versioningconfig.h>

#include <QSqlDatabase>
#include <QSqlRecord>

/// Versions across a failover (issue #14). An asynchronous standby may lack the last commits of the
/// primary it replaces: those writes are lost although their clients were told they succeeded. A
/// counter version then repeats: the row is back at version 3, another user saves it as 4, and a
/// client that saw the lost 4 writes with `--expect-version 4`, matches, and overwrites the other
/// user without a conflict (the ABA case). The timestamp policy does not repeat: a version written
/// after the failover is at least the clock of that later moment, never the lost one's.
namespace Concord {

/// The standbys the server streams to now, as pg_stat_replication shows them.
struct ReplicationState
{
    int synchronous = 0;  ///< sync or quorum: a commit waits for them
    int asynchronous = 0; ///< async or potential: a commit does not wait, so a failover can lose it
};

/// Reads pg_stat_replication. Fails (ErrorCode::Sql, with the reason) when the role may not see the
/// standbys' state (it needs pg_read_all_stats), or with the SQL error when the view cannot be
/// read: never an empty state in place of an unknown one. On SQLite: no standbys.
Result<ReplicationState> replicationState(const QSqlDatabase &db);

/// concordctl check's failover findings, one per table whose versions count up (counter,
/// conditional and trigger policies, and tables with a version column never adopted): warning
/// ASYNC_STANDBY_COUNTER when the server has asynchronous standbys, FAILOVER_UNCHECKED when
/// replicationState() failed (the check could not run, which is never reported as fine). Nothing
/// on SQLite or without such tables. Reads only. Fails only when the tables cannot be listed.
Result<QList<SchemaFinding>> checkFailoverSafety(const QSqlDatabase &db);

/// The policy for a table adopted without one (`concordctl apply TABLE`): Timestamp on PostgreSQL,
/// where a failover can lose writes, when the version column \a column of \a fields is missing (it
/// is then added as bigint) or 64-bit; Counter on SQLite, or for a narrower column, which cannot
/// hold timestamp versions.
VersionPolicy defaultPolicyFor(const QSqlDatabase &db, const QSqlRecord &fields, const QString &column);

} // namespace Concord
