// SPDX-License-Identifier: MIT
// SPDX-FileCopyrightText: 2026 Concord developers
#pragma once

// Internal to concordcore: the database side of AdvisoryLock. AdvisoryLock keeps the nesting
// counts, waits and signals; a backend makes one attempt at a time and knows nothing of nesting.

#include <core/db/boundquery.h>
#include <core/locks/advisorylock.h>

#include <QSqlDatabase>
#include <QSqlError>
#include <QSqlQuery>

#include <functional>

namespace Concord {

class LockBackend
{
public:
    /// Called from any thread when a held lock was lost (name, reason).
    using LostHandler = std::function<void(const QString &, const QString &)>;

    virtual ~LockBackend() = default;

    /// Creates the bookkeeping tables when missing.
    virtual Result<void> prepare() = 0;
    /// The backend's own connection.
    virtual QString connectionName() const = 0;
    /// One attempt at a name this owner does not hold: a grant, LockHeld with the holders, or Sql.
    virtual LockResult tryLock(const QString &name, LockMode mode) = 0;
    /// Gives up a name this owner holds.
    virtual Result<void> unlock(const QString &name, LockMode mode) = 0;
    /// Holders of \a name, or of every lock when \a name is empty.
    virtual Result<QList<LockHolder>> holders(const QString &name) = 0;
    /// The newest generation granted for \a name, 0 if never: both backends count in
    /// concord_lock_names.
    Result<qint64> currentGeneration(const QString &name)
    {
        BoundQuery query(QSqlDatabase::database(connectionName(), false));
        query.prepare(QStringLiteral("SELECT generation FROM concord_lock_names WHERE name = ?"));
        query.addBindValue(name);
        if (!query.exec()) {
            return makeError(ErrorCode::Sql, QStringLiteral("Cannot read the generation of lock %1: %2")
                                                 .arg(name, query.lastError().text()),
                             query.lastError());
        }
        return query.next() ? query.value(0).toLongLong() : qint64(0);
    }
    /// False once a held lock was lost, possibly before the lost handler's report arrived.
    /// \a maxAgeMs: how old an answer may be; 0 asks the database now (before a commit).
    virtual bool stillHeld(const QString &name, int maxAgeMs) const
    {
        Q_UNUSED(name)
        Q_UNUSED(maxAgeMs)
        return true;
    }

    /// A short text that changes whenever a lock may have been granted or given up on the
    /// database; empty when the backend has no cheaper way to tell than holders().
    virtual Result<QString> holdersMark() { return QString(); }
    /// Calls \a onChange (on this connection's thread) soon after anyone takes or gives up a lock;
    /// false when the backend cannot tell.
    virtual bool watchChanges(std::function<void()> onChange)
    {
        Q_UNUSED(onChange)
        return false;
    }

    void setLostHandler(LostHandler handler) { m_lostHandler = std::move(handler); }

protected:
    LostHandler m_lostHandler;
};

/// What every backend records about its owner.
struct LockOwnerInfo
{
    QString user;
    QString host;
    qint64 processId = 0;
    QString application;
};

/// Whether a backend's connection is its own (closed with it) or another's, left open: a
/// watcher's shared connection, or one a caller dedicated to the owner (AdvisoryLock::openDedicated()).
enum class LockConnection { Owned, Shared };

std::unique_ptr<LockBackend> createPostgresLockBackend(const QString &connectionName, const LockOwnerInfo &owner,
                                                       LockConnection connection);
/// PostgreSQL behind a transaction-mode pooler: leases (postgresleaselock.cpp). \a options open
/// the heartbeat's own connection.
std::unique_ptr<LockBackend> createPostgresLeaseBackend(const QString &connectionName, const DatabaseAddress &address,
                                                        const OpenOptions &options, const LockOwnerInfo &owner,
                                                        int leaseMs);
std::unique_ptr<LockBackend> createSqliteLockBackend(const QString &connectionName, const DatabaseAddress &address,
                                                     const LockOwnerInfo &owner, int leaseMs);

} // namespace Concord
