// SPDX-License-Identifier: MIT
// SPDX-FileCopyrightText: 2026 Concord developers
#pragma once

// Internal to concordcore: what PostgreSQL's two lock backends share. Owners connected directly
// (or through a pooler that keeps sessions) hold session advisory locks; owners behind a
// transaction-mode pooler hold leases in concord_lock_leases. Both count generations in
// concord_lock_names, both see each other's holders, and each refuses a grant the other holds:
// a lease is decided under a transaction advisory lock on the same key (which a session holder
// blocks, and which blocks a session grant while the lease is being written), and a session grant
// looks for a live lease after its try-lock, in a fresh snapshot (concord_lease_conflict(), a
// VOLATILE function, so that a lease committed meanwhile is seen).

#include <core/db/statementcache.h>
#include <core/locks/lockinfo.h>
#include <core/result.h>

#include <QList>
#include <QSqlDatabase>
#include <QString>

namespace Concord {

/// Creates concord_lock_names, concord_lock_holders, concord_lock_leases and
/// concord_lease_conflict() when any is missing (under a transaction advisory lock, so that two
/// first owners do not race).
Result<void> preparePostgresLockTables(const QSqlDatabase &db);

/// Records \a name under \a key, or reports the other name that already has the key.
Result<void> registerPostgresLockName(const QSqlDatabase &db, const QString &name, qint64 key);

/// Whether concord_lock_leases exists on a connection: databases whose lock tables were made
/// before leases have none until an owner prepares them. Asked until it is seen, then known (the
/// table is never dropped); one per backend.
struct LeaseTableSeen
{
    bool seen = false;
};

/// Everyone holding \a name (every lock when empty): session holders from pg_locks, then live
/// leases. The setup lock is never listed.
Result<QList<LockHolder>> readPostgresHolders(StatementCache &statements, LeaseTableSeen &leases, const QString &name);

/// A text that changes whenever a session lock or a lease may have been granted, given up or
/// expired (the editor reads the full list only when it moved).
Result<QString> readPostgresHoldersMark(StatementCache &statements, LeaseTableSeen &leases);

/// The NOTIFY channel that tells watchers a lock was taken or given up.
inline constexpr char postgresLocksChannel[] = "concord_locks";

} // namespace Concord
