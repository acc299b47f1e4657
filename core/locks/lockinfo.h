// SPDX-License-Identifier: MIT
// SPDX-FileCopyrightText: 2026 Concord developers
#pragma once

#include <core/result.h>
#include <core/db/auditstamp.h>

#include <QDateTime>
#include <QJsonObject>
#include <QList>
#include <QString>

namespace Concord {

/// How a named lock is held. Any number of Shared holders may hold a name together; an Exclusive
/// holder excludes everyone else, shared or exclusive.
enum class LockMode { Exclusive, Shared };

QString lockModeName(LockMode mode); ///< "exclusive" or "shared"

/// One holder of a named lock, as other clients see it (`concordctl locks`, "Import into orders by
/// USER@HOST since 10:32"). Fields a backend cannot know stay empty, 0 or invalid.
struct LockHolder
{
    QString name;            ///< the lock name; "#KEY" on PostgreSQL for an advisory lock nobody recorded
    LockMode mode = LockMode::Exclusive;
    qint64 generation = 0;   ///< the fencing token of this grant (see LockGrant::generation)
    QString user;            ///< operating-system login of the holder
    QString host;            ///< machine the holder runs on
    qint64 processId = 0;    ///< process id of the holder on that machine
    QString application;     ///< the holder's application name (PostgreSQL: its application_name)
    QDateTime since;         ///< when this grant was made, UTC
    QDateTime expiresAt;     ///< SQLite and file locks: when the lease runs out unless renewed, UTC
    QString databaseUser;    ///< PostgreSQL: the role of the holding session
    qint64 backendPid = 0;   ///< PostgreSQL: the server process of the holding session
    qint64 key = 0;          ///< PostgreSQL: the advisory lock key (advisoryLockKey(name))

    /// "exclusive lock orders held by ann@ws7 (pid 4711, concord) since 2026-03-01 10:32:05 UTC, generation 12"
    QString description() const;
    /// The holder for `concordctl locks --json`; times in ISO 8601 UTC, empty fields left out.
    QJsonObject toJson() const;

    /// The operation the holder recorded, or empty. Exclusive jobs (core/job.h) record it in
    /// their application name as "APP: OPERATION" (operationApplicationName()), which both
    /// backends store in full, so no extra column is needed: "Import into orders".
    QString operation() const;
    /// One line for status bars and banners: "Import into orders by ann@ws7 since 10:32"
    /// (local time; the date is added when it is not today). Without a recorded operation the
    /// application (or the lock name) stands in: "concordctl by ann@ws7 since 10:32".
    QString activityText() const;
};

/// The application name an owner records to announce \a operation: "concord: Import into
/// orders". LockHolder::operation() reads it back.
QString operationApplicationName(const QString &application, const QString &operation);

/// The SQLite lease for lock owners that do not set one: CONCORD_LOCK_LEASE_MS when it holds a
/// number of at least 300, otherwise \a fallback. Tests use it to make a crashed holder's lease
/// run out quickly; concordctl and jobs read it.
int configuredLeaseMs(int fallback = 30000);

/// A lock the caller now holds.
struct LockGrant
{
    QString name;
    LockMode mode = LockMode::Exclusive;
    /// Fencing token: grows with every grant of this name, on every client, and never repeats.
    /// A holder that may have lost its lock unnoticed (a long pause, a lost lease) is caught by
    /// data that remembers the highest generation it has seen and refuses older ones. A nested
    /// (reentrant) acquisition returns the generation of the grant it nests in.
    qint64 generation = 0;
    QDateTime since;  ///< when the grant was made, UTC (the database's clock where there is one)
    int depth = 1;    ///< 1 for a fresh grant, more when the same owner acquired it again
};

/// The outcome of an acquisition: a LockGrant, or an Error. When the lock is held by someone
/// else the error is ErrorCode::LockHeld, its message names the holders and holders() lists them.
class LockResult : public Result<LockGrant>
{
public:
    LockResult(LockGrant grant) : Result<LockGrant>(std::move(grant)) {}
    LockResult(Error error, QList<LockHolder> holders = {})
        : Result<LockGrant>(std::move(error)), m_holders(std::move(holders)) {}

    /// Who held the lock when the acquisition failed with LockHeld; empty otherwise.
    const QList<LockHolder> &holders() const { return m_holders; }

private:
    QList<LockHolder> m_holders;
};

/// The LockHeld error for \a name, with a message naming \a holders.
Error lockHeldError(const QString &name, const QList<LockHolder> &holders);

/// The PostgreSQL advisory lock key of \a name: the first 8 bytes of SHA-256 of the name's UTF-8
/// bytes, read big-endian as a signed 64-bit integer. Stable across versions, platforms and
/// processes; changing it would let old and new clients hold the same name at once.
qint64 advisoryLockKey(const QString &name);

/// Facts about the calling process recorded with every grant (and currentUserName(), in
/// core/db/auditstamp.h).
QString currentHostName();

} // namespace Concord
