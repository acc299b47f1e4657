// SPDX-License-Identifier: MIT
// SPDX-FileCopyrightText: 2026 Concord developers
//
// AdvisoryLock on PostgreSQL behind a transaction-mode pooler: leases in concord_lock_leases.
// There no server session is the owner's own, so a session advisory lock would stay with a session
// that then serves other clients (pooling.h). A grant is a row instead, decided in one transaction
// under pg_try_advisory_xact_lock() on the name's key: that lock is the transaction's own, whatever
// session runs it, it conflicts with session holders of the key (owners connected directly), and a
// session grant attempted meanwhile fails (see postgreslocksql.h for the other half). The row is
// renewed by a heartbeat thread on a connection of its own; a holder that dies lets the lease run
// out (Options::leaseMs) instead of freeing it at once. Times are the server's clock.

#include <core/db/boundquery.h>
#include <core/db/statementcache.h>
#include <core/db/transaction.h>
#include <core/errors.h>
#include <core/locks/leasebackend.h>
#include <core/locks/lockbackend.h>
#include <core/locks/postgreslocksql.h>
#include <core/text.h>

#include <QCoreApplication>
#include <QSet>
#include <QSqlError>
#include <QUuid>

using namespace Qt::StringLiterals;

namespace Concord {

CONCORD_TRANSLATION_CONTEXT("Concord::AdvisoryLock")

namespace {

// Renewed only while still live: a lease that ran out may already be someone else's.
const char renewSql[] = "UPDATE concord_lock_leases SET expires_at = clock_timestamp() + ?::double precision"
                        " * interval '1 millisecond' WHERE name = ? AND owner = ? AND expires_at > clock_timestamp()";

class PostgresLeaseBackend final : public LeaseBackendBase
{
public:
    PostgresLeaseBackend(const QString &connectionName, const DatabaseAddress &address, const OpenOptions &options,
                         const LockOwnerInfo &owner, int leaseMs)
        : LeaseBackendBase(connectionName, address, options, QString::fromLatin1(renewSql), leaseMs)
        , m_owner(owner)
    {
    }

    Result<void> prepare() override { return preparePostgresLockTables(db()); }

    LockResult tryLock(const QString &name, LockMode mode) override
    {
        const qint64 key = advisoryLockKey(name);
        if (!m_registered.contains(name)) {
            if (auto registered = registerPostgresLockName(db(), name, key); !registered)
                return LockResult(registered.error());
            m_registered.insert(name);
        }
        Transaction transaction(db());
        if (!transaction.begin())
            return LockResult(sqlError(transaction.lastError(), tr("Cannot take lock %1").arg(name)));
        const Result<bool> decided = decide(name, key, mode);
        if (!decided)
            return LockResult(decided.error());
        if (!decided.value()) {
            transaction.rollback();
            auto current = holders(name);
            const QList<LockHolder> list = current ? current.value() : QList<LockHolder>();
            return LockResult(lockHeldError(name, list), list);
        }
        LockResult granted = record(name, key, mode);
        if (!granted)
            return granted;
        if (!transaction.commit())
            return LockResult(sqlError(transaction.lastError(), tr("Cannot take lock %1").arg(name)));
        startLease(name);
        return granted;
    }

    Result<void> unlock(const QString &name, LockMode mode) override
    {
        Q_UNUSED(mode)
        forgetLease(name);
        BoundQuery *query = statement(u"WITH gone AS (DELETE FROM concord_lock_leases WHERE name = ? AND owner = ?"
                                      " RETURNING 1), notified AS (SELECT pg_notify('%1', '') FROM gone)"
                                      " SELECT (SELECT count(*) FROM gone), (SELECT count(*) FROM notified)"_s
                                          .arg(QString::fromLatin1(postgresLocksChannel)),
                                      {name, token()});
        if (!query || !query->exec() || !query->next())
            return sqlError(lastErrorOf(query), tr("Cannot release lock %1").arg(name));
        if (query->value(0).toInt() != 1)
            return makeError(ErrorCode::NotFound, tr("The lease of lock %1 had already been lost.").arg(name));
        return {};
    }

    Result<QList<LockHolder>> holders(const QString &name) override
    {
        return readPostgresHolders(statements(), m_leaseTable, name);
    }
    Result<QString> holdersMark() override { return readPostgresHoldersMark(statements(), m_leaseTable); }

private:
    // Inside the transaction: true when \a name is free for \a mode. The transaction lock on the
    // key fails while an owner connected directly holds it (or another lease is being decided);
    // expired leases are removed, and live ones decide as SQLite's do.
    Result<bool> decide(const QString &name, qint64 key, LockMode mode)
    {
        const auto failed = [&name](const QSqlError &error) -> Result<bool> {
            return sqlError(error, tr("Cannot take lock %1").arg(name));
        };
        BoundQuery *query = statement(mode == LockMode::Shared ? u"SELECT pg_try_advisory_xact_lock_shared(?::bigint)"_s
                                                               : u"SELECT pg_try_advisory_xact_lock(?::bigint)"_s,
                                      {key});
        if (!query || !query->exec() || !query->next())
            return failed(lastErrorOf(query));
        if (!query->value(0).toBool())
            return false;
        query = statement(u"DELETE FROM concord_lock_leases WHERE name = ? AND expires_at <= clock_timestamp()"_s, {name});
        if (!query || !query->exec())
            return failed(lastErrorOf(query));
        query = statement(u"SELECT count(*), count(*) FILTER (WHERE mode = 'exclusive') FROM concord_lock_leases"
                          " WHERE name = ?"_s,
                          {name});
        if (!query || !query->exec() || !query->next())
            return failed(lastErrorOf(query));
        return mode == LockMode::Exclusive ? query->value(0).toInt() == 0 : query->value(1).toInt() == 0;
    }

    // Inside the transaction: the generation bumped and the lease written, in one statement.
    LockResult record(const QString &name, qint64 key, LockMode mode)
    {
        BoundQuery *query = statement(
            u"WITH bumped AS (UPDATE concord_lock_names SET generation = generation + 1 WHERE name = ?"
            " RETURNING generation),"
            " leased AS (INSERT INTO concord_lock_leases (name, owner, key, mode, user_name, host, pid, application,"
            " acquired_at, expires_at, generation) SELECT ?, ?, ?, ?, ?, ?, ?, ?, clock_timestamp(),"
            " clock_timestamp() + ?::double precision * interval '1 millisecond', b.generation FROM bumped b RETURNING acquired_at,"
            " generation), notified AS (SELECT pg_notify('%1', '') FROM leased)"
            " SELECT generation, acquired_at, (SELECT count(*) FROM notified) FROM leased"_s.arg(
                QString::fromLatin1(postgresLocksChannel)),
            {name, name, token(), key, lockModeName(mode), m_owner.user, m_owner.host, m_owner.processId,
             m_owner.application, leaseMs()});
        if (!query || !query->exec() || !query->next()) {
            m_registered.remove(name); // the name's row may be gone: record it again next time
            return LockResult(sqlError(lastErrorOf(query), tr("Cannot take lock %1").arg(name)));
        }
        LockGrant grant;
        grant.name = name;
        grant.mode = mode;
        grant.generation = query->value(0).toLongLong();
        grant.since = query->value(1).toDateTime().toUTC();
        return grant;
    }

    LockOwnerInfo m_owner;
    QSet<QString> m_registered; ///< names this owner recorded in concord_lock_names
    LeaseTableSeen m_leaseTable;
};

} // namespace

std::unique_ptr<LockBackend> createPostgresLeaseBackend(const QString &connectionName, const DatabaseAddress &address,
                                                        const OpenOptions &options, const LockOwnerInfo &owner,
                                                        int leaseMs)
{
    return std::make_unique<PostgresLeaseBackend>(connectionName, address, options, owner, leaseMs);
}

} // namespace Concord
