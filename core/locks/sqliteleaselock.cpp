// SPDX-License-Identifier: MIT
// SPDX-FileCopyrightText: 2026 Concord developers
//
// AdvisoryLock on SQLite: leases in concord_locks. SQLite has no named locks, so a grant is a
// row, written in a short BEGIN IMMEDIATE transaction (one writer at a time decides), renewed by
// a heartbeat thread with a connection of its own, and owner-checked on renew and release.
//
// Clocks: every time is computed inside the statement from the clock of the process running
// it (julianday('now')). A SQLite file is only safely shared by processes on one machine (file
// locking over network filesystems is unreliable), so all of them read one clock. No client
// ever writes a time it computed itself. The holder also gives up on its own: when it could not
// renew for a whole lease, counted on its monotonic clock from *before* its last successful
// renewal, it reports the lock lost, which is no later than others may take it over.

#include <core/db/boundquery.h>
#include <core/locks/leaseheartbeat.h>
#include <core/locks/lockbackend.h>

#include <core/errors.h>

#include <core/text.h>

#include <core/db/statementcache.h>
#include <core/db/transaction.h>

#include <QCoreApplication>
#include <QElapsedTimer>
#include <QMutex>
#include <QSqlError>
#include <QSet>
#include <QSqlQuery>
#include <QThread>
#include <QUuid>
#include <QVariant>
#include <QWaitCondition>

using namespace Qt::StringLiterals;

namespace Concord {

CONCORD_TRANSLATION_CONTEXT("Concord::AdvisoryLock")

namespace {

// Milliseconds since 1970 by the clock of the process running the statement.
#define CONCORD_NOW_MS "CAST((julianday('now') - 2440587.5) * 86400000.0 AS INTEGER)"

QDateTime fromMs(const QVariant &value)
{
    return value.isNull() ? QDateTime() : QDateTime::fromMSecsSinceEpoch(value.toLongLong(), Qt::UTC);
}

class SqliteLockBackend final : public LockBackend
{
public:
    SqliteLockBackend(const QString &connectionName, const DatabaseAddress &address, const LockOwnerInfo &owner,
                      int leaseMs)
        : m_connectionName(connectionName)
        , m_address(address)
        , m_owner(owner)
        , m_token(QUuid::createUuid().toString(QUuid::WithoutBraces))
        , m_leaseMs(leaseMs)
    {
    }

    ~SqliteLockBackend() override
    {
        if (m_heartbeat)
            m_heartbeat->stop();
        m_statements.clear(); // before the connection goes: no statement may outlive it
        closeDatabase(m_connectionName);
    }

    QSqlDatabase db() const { return QSqlDatabase::database(m_connectionName, false); }
    QString connectionName() const override { return m_connectionName; }

    Result<void> prepare() override
    {
        Transaction transaction(db());
        if (!transaction.begin())
            return sqlError(transaction.lastError(), tr("Cannot create the lock tables"));
        QSqlQuery query(db());
        const QStringList statements{
            u"CREATE TABLE IF NOT EXISTS concord_locks ("
            " name TEXT NOT NULL, owner TEXT NOT NULL, mode TEXT NOT NULL,"
            " user_name TEXT, host TEXT, pid INTEGER, application TEXT,"
            " acquired_at INTEGER NOT NULL, heartbeat_at INTEGER NOT NULL, expires_at INTEGER NOT NULL,"
            " generation INTEGER NOT NULL, PRIMARY KEY (name, owner))"_s,
            u"CREATE TABLE IF NOT EXISTS concord_lock_names ("
            " name TEXT PRIMARY KEY, generation INTEGER NOT NULL DEFAULT 0)"_s,
        };
        for (const QString &statement : statements) {
            if (!query.exec(statement))
                return sqlError(query.lastError(), tr("Cannot create the lock tables"));
        }
        if (!transaction.commit())
            return sqlError(transaction.lastError(), tr("Cannot create the lock tables"));
        return {};
    }

    // Prepared once (StatementCache) and run on the lock connection; nullptr when it cannot be.
    BoundQuery *statement(const QString &sql, const QVariantList &values)
    {
        BoundQuery *query = m_statements.statement(sql);
        for (int i = 0; query && i < values.size(); ++i)
            query->bindValue(i, values.at(i));
        return query;
    }
    QSqlError lastErrorOf(const BoundQuery *query) const
    {
        return query ? query->lastError() : m_statements.lastError();
    }

    // The name's row holds the generation counter; recorded once per name and owner.
    Result<void> registerName(const QString &name)
    {
        if (m_registered.contains(name))
            return {};
        BoundQuery *query = statement(
            u"INSERT INTO concord_lock_names (name, generation) VALUES (?, 0) ON CONFLICT (name) DO NOTHING"_s, {name});
        if (!query || !query->exec())
            return sqlError(lastErrorOf(query), tr("Cannot take lock %1").arg(name));
        m_registered.insert(name);
        return {};
    }

    LockResult tryLock(const QString &name, LockMode mode) override
    {
        if (auto registered = registerName(name); !registered)
            return LockResult(registered.error());
        Transaction transaction(db());
        if (!transaction.begin())
            return LockResult(sqlError(transaction.lastError(), tr("Cannot take lock %1").arg(name)));
        const auto failed = [&name](const QSqlError &error) {
            return LockResult(sqlError(error, tr("Cannot take lock %1").arg(name)));
        };
        // An expired lease is no lease: its holder stopped renewing it a whole lease ago.
        BoundQuery *query = statement(u"DELETE FROM concord_locks WHERE name = ? AND expires_at <= " CONCORD_NOW_MS ""_s, {name});
        if (!query || !query->exec())
            return failed(lastErrorOf(query));
        query = statement(u"SELECT count(*), coalesce(sum(mode = 'exclusive'), 0) FROM concord_locks WHERE name = ?"_s, {name});
        if (!query || !query->exec() || !query->next())
            return failed(lastErrorOf(query));
        const bool busy = mode == LockMode::Exclusive ? query->value(0).toInt() > 0 : query->value(1).toInt() > 0;
        query->finish();
        if (busy) {
            auto current = holders(name);
            const QList<LockHolder> list = current ? current.value() : QList<LockHolder>();
            return LockResult(lockHeldError(name, list), list);
        }
        LockGrant grant;
        grant.name = name;
        grant.mode = mode;
        query = statement(u"UPDATE concord_lock_names SET generation = generation + 1 WHERE name = ? RETURNING generation"_s,
                          {name});
        if (!query || !query->exec() || !query->next()) {
            m_registered.remove(name); // the row is gone: record it again next time
            return failed(lastErrorOf(query));
        }
        grant.generation = query->value(0).toLongLong();
        query->finish(); // a statement left stepping would keep the commit from running
        query = statement(u"INSERT INTO concord_locks (name, owner, mode, user_name, host, pid, application, acquired_at,"
                          " heartbeat_at, expires_at, generation) VALUES (?, ?, ?, ?, ?, ?, ?, " CONCORD_NOW_MS ", "
                          CONCORD_NOW_MS ", " CONCORD_NOW_MS " + ?, ?) RETURNING acquired_at"_s,
                          {name, m_token, lockModeName(mode), m_owner.user, m_owner.host, m_owner.processId,
                           m_owner.application, m_leaseMs, grant.generation});
        if (!query || !query->exec() || !query->next())
            return failed(lastErrorOf(query));
        grant.since = fromMs(query->value(0));
        query->finish();
        if (!transaction.commit())
            return LockResult(sqlError(transaction.lastError(), tr("Cannot take lock %1").arg(name)));
        startLease(name);
        return grant;
    }

    void startLease(const QString &name)
    {
        QMutexLocker locker(&m_state.mutex);
        LeaseState::Lease lease;
        lease.serial = m_state.nextSerial++;
        lease.renewed.start();
        m_state.leases.insert(name, lease);
        if (!m_heartbeat) {
            OpenOptions options;
            options.busyTimeoutMs = qBound(100, m_leaseMs / 4, 5000);
            m_heartbeat = std::make_unique<LeaseHeartbeat>(
                m_address, options,
                u"UPDATE concord_locks SET heartbeat_at = " CONCORD_NOW_MS ", expires_at = " CONCORD_NOW_MS
                " + ? WHERE name = ? AND owner = ?"_s,
                m_token, m_leaseMs, &m_state, m_lostHandler);
            m_heartbeat->start();
        }
    }

    Result<void> unlock(const QString &name, LockMode mode) override
    {
        Q_UNUSED(mode)
        {
            QMutexLocker locker(&m_state.mutex);
            m_state.leases.remove(name);
        }
        Transaction transaction(db());
        if (!transaction.begin())
            return sqlError(transaction.lastError(), tr("Cannot release lock %1").arg(name));
        BoundQuery *query = statement(u"DELETE FROM concord_locks WHERE name = ? AND owner = ?"_s, {name, m_token});
        if (!query || !query->exec())
            return sqlError(lastErrorOf(query), tr("Cannot release lock %1").arg(name));
        const bool deleted = query->numRowsAffected() == 1;
        if (!transaction.commit())
            return sqlError(transaction.lastError(), tr("Cannot release lock %1").arg(name));
        if (!deleted)
            return makeError(ErrorCode::NotFound, tr("The lease of lock %1 had already been lost.").arg(name));
        return {};
    }

    // The heartbeat thread keeps this state fresh (a takeover needs the file's write lock, which
    // a job about to commit holds), so no age asks for a query here.
    bool stillHeld(const QString &name, int maxAgeMs) const override
    {
        Q_UNUSED(maxAgeMs)
        QMutexLocker locker(&m_state.mutex);
        return m_state.leases.contains(name);
    }

    Result<QList<LockHolder>> holders(const QString &name) override
    {
        BoundQuery *statement = this->statement(
            u"SELECT name, mode, generation, user_name, host, pid, application, acquired_at, expires_at"
            " FROM concord_locks WHERE expires_at > " CONCORD_NOW_MS "%1"
            " ORDER BY name, acquired_at"_s.arg(name.isEmpty() ? QString() : u" AND name = ?"_s),
            name.isEmpty() ? QVariantList() : QVariantList{name});
        if (!statement || !statement->exec())
            return sqlError(lastErrorOf(statement), tr("Cannot list the lock holders"));
        BoundQuery &query = *statement;
        QList<LockHolder> list;
        while (query.next()) {
            LockHolder holder;
            holder.name = query.value(0).toString();
            holder.mode = query.value(1).toString() == "shared"_L1 ? LockMode::Shared : LockMode::Exclusive;
            holder.generation = query.value(2).toLongLong();
            holder.user = query.value(3).toString();
            holder.host = query.value(4).toString();
            holder.processId = query.value(5).toLongLong();
            holder.application = query.value(6).toString();
            holder.since = fromMs(query.value(7));
            holder.expiresAt = fromMs(query.value(8));
            list << holder;
        }
        query.finish();
        return list;
    }

private:
    QString m_connectionName;
    DatabaseAddress m_address;
    LockOwnerInfo m_owner;
    QString m_token;
    int m_leaseMs;
    mutable LeaseState m_state;
    std::unique_ptr<LeaseHeartbeat> m_heartbeat;
    QSet<QString> m_registered;                        ///< names this owner recorded in concord_lock_names
    StatementCache m_statements{m_connectionName};     ///< acquire, release and the listing, prepared once
};

} // namespace

std::unique_ptr<LockBackend> createSqliteLockBackend(const QString &connectionName, const DatabaseAddress &address,
                                                     const LockOwnerInfo &owner, int leaseMs)
{
    return std::make_unique<SqliteLockBackend>(connectionName, address, owner, leaseMs);
}

} // namespace Concord
