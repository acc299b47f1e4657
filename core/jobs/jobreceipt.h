// SPDX-License-Identifier: MIT
// SPDX-FileCopyrightText: 2026 Concord developers
#pragma once

#include <core/result.h>

#include <QSqlDatabase>
#include <QString>

/// Receipts of committed jobs: how a job whose COMMIT answer was lost learns what happened.
///
/// A job writes one row into concord_job_receipts (token, kind 'receipt', table_name,
/// description, finished_at) inside its own transaction, just before COMMIT; the token is a random UUID per
/// run of its work. The row is stored exactly when the work is, so once the answer to COMMIT is
/// lost, a new connection that finds the token knows the work is stored, and one that does not
/// knows it is not.
///
/// "Does not find" must be final: the old session may still be alive on the server, its COMMIT
/// not yet done. So the check does not read, it inserts the same token itself
/// (ON CONFLICT DO NOTHING). PostgreSQL makes that insert wait for a transaction still holding
/// the token; then a conflict means the lost transaction committed, and a row inserted means it
/// did not and now never can (its own insert of the token would conflict). The check's row has
/// kind 'fence', and the check reads the kind of whatever row holds the token in the same
/// transaction: a check whose own answer was lost, repeated, finds its fence, never a receipt.
/// Fences are cleared like receipts.
///
/// Receipts older than a day are deleted by the next job on the same table, in its own
/// transaction, so the table stays small. It is one of Concord's own tables (isConcordTable()),
/// hidden from the editor like concord_versioning.
namespace Concord::JobReceipts {

inline constexpr char tableName[] = "concord_job_receipts";

/// Creates the table when it is missing (outside any transaction). An error says why receipts
/// cannot be used (no right to create it, a lost connection); the job then runs without one.
Result<void> prepare(const QSqlDatabase &db);

/// In the job's transaction: writes the receipt \a token for \a table and deletes the table's
/// receipts older than a day (one statement on PostgreSQL, two on SQLite).
Result<void> write(const QSqlDatabase &db, const QString &token, const QString &table, const QString &description);

/// What the check found: the work is stored, or it is not and never will be.
enum class Found { Stored, NotStored };

/// On a new connection, after the answer to the COMMIT that carried \a token was lost: fences
/// the token (see above) and says what the lost transaction did, in a transaction of its own
/// (four statements, five on PostgreSQL). There the wait for a session still holding the token
/// is bounded by \a waitMs (SET LOCAL lock_timeout: nothing is left on a pooled session); an
/// error then, or a lost connection, leaves the outcome unknown for now.
Result<Found> resolve(const QSqlDatabase &db, const QString &token, const QString &table, int waitMs);

} // namespace Concord::JobReceipts
