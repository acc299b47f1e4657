// SPDX-License-Identifier: MIT
// SPDX-FileCopyrightText: 2026 Concord developers
//
// AdvisoryLock on PostgreSQL: session advisory locks on the lock object's own connection.
// The server does the excluding; the tables only record what the server cannot tell: the name
// behind a key (to detect collisions), the generation counter, and who holds it since when.

#include <core/db/boundquery.h>
#include <core/db/pooling.h>
#include <core/locks/postgreslocksql.h>
#include <core/locks/lockbackend.h>

#include <core/errors.h>

#include <core/text.h>

#include <core/db/statementcache.h>
#include <core/db/transaction.h>

#include <QCoreApplication>
#include <QElapsedTimer>
#include <QHash>
#include <QSet>
#include <QSqlDriver>
#include <QSqlError>
#include <QSqlQuery>
#include <QVariant>

using namespace Qt::StringLiterals;

namespace Concord {

CONCORD_TRANSLATION_CONTEXT("Concord::AdvisoryLock")

namespace {

// Held for the moment the tables are created: two first clients starting at once would
// otherwise race in CREATE TABLE IF NOT EXISTS and one would fail on a unique index.
const QString setupLockName = u"concord/internal/lock-tables"_s;

// Every granted session-level advisory lock with a bigint key in this database. pg_locks splits
// the key into classid (high half) and objid (low half); objsubid 1 marks the one-bigint form.
const char heldLocksSql[] = R"(
    WITH held AS (
        SELECT l.pid, l.mode, (l.classid::bigint << 32) | l.objid::bigint AS key
        FROM pg_locks l
        WHERE l.locktype = 'advisory' AND l.granted AND l.objsubid = 1
          AND l.database = (SELECT oid FROM pg_database WHERE datname = current_database()))
    SELECT held.key, held.pid, held.mode, n.name, h.generation, h.user_name, h.host, h.pid,
           h.application, h.acquired_at, a.usename, a.application_name, a.backend_start
    FROM held
    LEFT JOIN concord_lock_names n ON n.key = held.key
    LEFT JOIN concord_lock_holders h ON h.key = held.key AND h.backend_pid = held.pid
    LEFT JOIN pg_stat_activity a ON a.pid = held.pid
    WHERE held.key <> ? %1
    ORDER BY n.name, held.key, h.acquired_at)";

// The try-lock (%1: pg_try_advisory_lock or its _shared form) and, when it is granted, the
// generation bumped and the holder row written: one statement. A row left by an earlier grant to
// the same server session is overwritten.
// A live lease (an owner behind a transaction-mode pooler) keeps the name taken even when the
// try-lock is granted: then nothing is recorded, and the caller gives the key back.
const char acquireSql[] = R"(
    WITH got AS (SELECT %1(?::bigint) AS ok),
    free AS (SELECT CASE WHEN (SELECT ok FROM got) THEN NOT concord_lease_conflict(?, ?) ELSE false END AS ok),
    bumped AS (UPDATE concord_lock_names SET generation = generation + 1
               WHERE name = ? AND (SELECT ok FROM free) RETURNING generation, now() AS since),
    recorded AS (INSERT INTO concord_lock_holders (name, key, backend_pid, mode, user_name, host, pid,
                                                   application, acquired_at, generation)
                 SELECT ?, ?, pg_backend_pid(), ?, ?, ?, ?, ?, b.since, b.generation FROM bumped b
                 ON CONFLICT (name, backend_pid) DO UPDATE SET key = EXCLUDED.key, mode = EXCLUDED.mode,
                     user_name = EXCLUDED.user_name, host = EXCLUDED.host, pid = EXCLUDED.pid,
                     application = EXCLUDED.application, acquired_at = EXCLUDED.acquired_at,
                     generation = EXCLUDED.generation
                 RETURNING 1),
    notified AS (SELECT pg_notify('concord_locks', '') FROM bumped)
    SELECT (SELECT ok FROM got), (SELECT generation FROM bumped), (SELECT since FROM bumped),
           (SELECT count(*) FROM recorded), (SELECT count(*) FROM notified), (SELECT ok FROM free))";

// The holder row and the lock (%1: pg_advisory_unlock or its _shared form), in one statement.
const char releaseSql[] = R"(
    WITH gone AS (DELETE FROM concord_lock_holders WHERE name = ? AND backend_pid = pg_backend_pid()),
    notified AS (SELECT pg_notify('concord_locks', ''))
    SELECT %1(?::bigint), (SELECT count(*) FROM notified))";

// Which advisory locks are granted in this database, as a digest: pg_locks alone, without the
// joins of heldLocksSql, for watchers that read the full list only when this changes.
const char holdersMarkSql[] = R"(
    SELECT coalesce(md5(string_agg(l.pid || ':' || l.classid || ':' || l.objid || ':' || l.mode, ','
                                   ORDER BY l.pid, l.classid, l.objid, l.mode)), '')
    FROM pg_locks l
    WHERE l.locktype = 'advisory' AND l.granted AND l.objsubid = 1
      AND l.database = (SELECT oid FROM pg_database WHERE datname = current_database()))";

// The same of the live leases (which come and go without pg_locks seeing them).
const char leaseMarkSql[] = R"(
    SELECT coalesce(md5(string_agg(e.name || ':' || e.owner || ':' || e.generation, ',' ORDER BY e.name, e.owner)), '')
    FROM concord_lock_leases e WHERE e.expires_at > clock_timestamp())";

// Live leases, as holders (%1: a name filter).
const char leaseHoldersSql[] = R"(
    SELECT e.key, e.mode, e.name, e.generation, e.user_name, e.host, e.pid, e.application, e.acquired_at,
           e.expires_at
    FROM concord_lock_leases e
    WHERE e.expires_at > clock_timestamp() %1
    ORDER BY e.name, e.acquired_at)";

const QString changesChannel = QString::fromLatin1(postgresLocksChannel);

class PostgresLockBackend final : public LockBackend
{
public:
    PostgresLockBackend(const QString &connectionName, const LockOwnerInfo &owner, LockConnection connection)
        : m_connectionName(connectionName)
        , m_connection(connection)
        , m_owner(owner)
    {
    }

    ~PostgresLockBackend() override
    {
        m_statements.clear(); // before the connection goes: no statement may outlive it
        if (m_connection == LockConnection::Owned) {
            closeDatabase(m_connectionName);
            return;
        }
        // A shared connection stays; what this backend set up on it goes.
        QObject::disconnect(m_notification);
        QSqlDatabase database = db();
        if (m_listening && database.isOpen() && database.driver())
            database.driver()->unsubscribeFromNotification(changesChannel);
    }

    QSqlDatabase db() const { return QSqlDatabase::database(m_connectionName, false); }
    QString connectionName() const override { return m_connectionName; }

    Result<void> prepare() override { return preparePostgresLockTables(db()); }

    // Once per name and owner: a name's key never changes, and its row is never deleted.
    Result<void> registerName(const QString &name, qint64 key)
    {
        if (m_registered.contains(name))
            return {};
        if (auto registered = registerPostgresLockName(db(), name, key); !registered)
            return registered;
        m_registered.insert(name);
        return {};
    }

    // One statement, one round trip: the server's try-lock, and when granted, the generation bumped
    // and the holder row written, all or nothing. A session lock taken by a statement that then
    // fails stays held (session locks ignore rollback), so a failure releases it again.
    LockResult tryLock(const QString &name, LockMode mode) override
    {
        const qint64 key = advisoryLockKey(name);
        if (auto registered = registerName(name, key); !registered)
            return LockResult(registered.error());
        BoundQuery *query = m_statements.statement(QString::fromLatin1(acquireSql).arg(
            mode == LockMode::Shared ? u"pg_try_advisory_lock_shared"_s : u"pg_try_advisory_lock"_s));
        if (!query)
            return LockResult(sqlError(m_statements.lastError(), tr("Cannot take lock %1").arg(name)));
        int at = 0;
        for (const QVariant &value : {QVariant(key), QVariant(name), QVariant(mode == LockMode::Exclusive), QVariant(name),
                                      QVariant(name), QVariant(key), QVariant(lockModeName(mode)), QVariant(m_owner.user),
                                      QVariant(m_owner.host), QVariant(m_owner.processId),
                                      QVariant(m_owner.application)})
            query->bindValue(at++, value);
        if (!query->exec() || !query->next()) {
            const Error failed = sqlError(*query, tr("Cannot take lock %1").arg(name));
            unlockKey(key, mode); // in case the try-lock was granted before the failure
            return LockResult(failed);
        }
        const bool granted = query->value(0).toBool();
        if (granted && !query->value(5).toBool()) // a live lease holds the name: give the key back
            unlockKey(key, mode);
        if (!granted || !query->value(5).toBool()) {
            removeGoneHolders(name);
            auto current = holders(name);
            const QList<LockHolder> list = current ? current.value() : QList<LockHolder>();
            return LockResult(lockHeldError(name, list), list);
        }
        if (query->isNull(1)) { // granted, but the name's row is gone: record it again next time
            m_registered.remove(name);
            unlockKey(key, mode);
            return LockResult(makeError(ErrorCode::Sql, tr("Cannot record lock %1: its name is no longer registered").arg(name)));
        }
        LockGrant grant;
        grant.name = name;
        grant.mode = mode;
        grant.generation = query->value(1).toLongLong();
        grant.since = query->value(2).toDateTime().toUTC();
        m_lostNames.remove(name);
        return grant;
    }

    // Rows of holders that are gone (crashed, or killed) are dropped when someone finds the lock
    // taken, not on every grant: the listing never shows them (it starts from pg_locks).
    void removeGoneHolders(const QString &name)
    {
        BoundQuery *query = m_statements.statement(
            u"DELETE FROM concord_lock_holders h WHERE h.name = ? AND NOT EXISTS (SELECT 1 FROM pg_locks l"
            " WHERE l.locktype = 'advisory' AND l.granted AND l.objsubid = 1 AND l.pid = h.backend_pid"
            " AND (l.classid::bigint << 32) | l.objid::bigint = h.key)"_s);
        if (!query)
            return;
        query->bindValue(0, name);
        query->exec(); // tidying only: a failure changes nothing that anyone reads
    }

    Result<void> unlockKey(qint64 key, LockMode mode)
    {
        BoundQuery *query = m_statements.statement(mode == LockMode::Shared ? u"SELECT pg_advisory_unlock_shared(?)"_s
                                                                         : u"SELECT pg_advisory_unlock(?)"_s);
        if (!query)
            return sqlError(m_statements.lastError(), tr("Cannot release lock %1").arg(key));
        query->bindValue(0, key);
        if (!query->exec() || !query->next())
            return sqlError(*query, tr("Cannot release lock %1").arg(key));
        if (!query->value(0).toBool())
            return makeError(ErrorCode::NotFound, tr("Lock %1 was not held by this session.").arg(key));
        return {};
    }

    // One statement: the holder row goes with the lock.
    Result<void> unlock(const QString &name, LockMode mode) override
    {
        BoundQuery *query = m_statements.statement(QString::fromLatin1(releaseSql).arg(
            mode == LockMode::Shared ? u"pg_advisory_unlock_shared"_s : u"pg_advisory_unlock"_s));
        if (!query)
            return sqlError(m_statements.lastError(), tr("Cannot release lock %1").arg(name));
        query->bindValue(0, name);
        query->bindValue(1, advisoryLockKey(name));
        if (!query->exec() || !query->next())
            return sqlError(*query, tr("Cannot release lock %1").arg(name));
        if (!query->value(0).toBool())
            return makeError(ErrorCode::NotFound, tr("Lock %1 was not held by this session.").arg(name));
        return {};
    }

    Result<QString> holdersMark() override { return readPostgresHoldersMark(m_statements, m_leaseTable); }

    bool watchChanges(std::function<void()> onChange) override
    {
        if (isTransactionPooled(db())) // a LISTEN there subscribes a session others use next
            return false;
        QSqlDriver *driver = db().driver();
        if (!driver || !driver->subscribeToNotification(changesChannel))
            return false;
        m_listening = true;
        QObject::disconnect(m_notification);
        m_notification = QObject::connect(driver, &QSqlDriver::notification, driver,
                                          [onChange = std::move(onChange)](const QString &channel) {
                                              if (channel == changesChannel)
                                                  onChange();
                                          });
        return true;
    }

    Result<QList<LockHolder>> holders(const QString &name) override
    {
        return readPostgresHolders(m_statements, m_leaseTable, name);
    }

    // A session advisory lock lives and dies with the lock connection's server session: a
    // server restart, pg_terminate_backend() or a network cut frees it for others without a word
    // to us. So the holder asks the server whether its session still holds the key, at most
    // every maxAgeMs (concordctl lock polls every 20 ms; a job asks with 0 before it commits),
    // and the first failed answer reports the lock lost, for good: a new session would be
    // another owner, whose grant nobody checked.
    bool stillHeld(const QString &name, int maxAgeMs) const override
    {
        if (m_lostNames.contains(name))
            return false;
        const auto confirmed = m_confirmed.constFind(name);
        if (maxAgeMs > 0 && confirmed != m_confirmed.cend() && !confirmed->hasExpired(maxAgeMs))
            return true;
        BoundQuery *query = m_statements.statement(
            u"SELECT 1 FROM pg_locks WHERE locktype = 'advisory' AND granted AND objsubid = 1"
            " AND pid = pg_backend_pid() AND (classid::bigint << 32) | objid::bigint = ?"_s);
        if (query)
            query->bindValue(0, advisoryLockKey(name));
        const bool held = query && query->exec() && query->next();
        if (!held) {
            const QSqlError error = query ? query->lastError() : m_statements.lastError();
            const QString reason = error.isValid()
                ? tr("the lock's database session ended (%1)").arg(error.text().trimmed())
                : tr("the lock's database session no longer holds it");
            m_lostNames.insert(name);
            if (m_lostHandler)
                m_lostHandler(name, reason);
            return false;
        }
        m_confirmed[name].start();
        return true;
    }

private:
    QString m_connectionName;
    LockConnection m_connection = LockConnection::Owned;
    QMetaObject::Connection m_notification; ///< watchChanges() on the connection's driver
    bool m_listening = false;
    LockOwnerInfo m_owner;
    mutable QHash<QString, QElapsedTimer> m_confirmed; ///< when the server last confirmed each held name
    mutable QSet<QString> m_lostNames;                 ///< names whose session ended: lost for good
    QSet<QString> m_registered;                        ///< names this owner recorded in concord_lock_names
    mutable StatementCache m_statements{m_connectionName}; ///< acquire, release and polls, prepared once
    LeaseTableSeen m_leaseTable;
};

} // namespace

std::unique_ptr<LockBackend> createPostgresLockBackend(const QString &connectionName, const LockOwnerInfo &owner,
                                                       LockConnection connection)
{
    return std::make_unique<PostgresLockBackend>(connectionName, owner, connection);
}

Result<void> preparePostgresLockTables(const QSqlDatabase &db)
{
    BoundQuery query(db);
    // Once the tables exist (nearly always), one catalog look instead of a locked transaction
    // of CREATE ... IF NOT EXISTS. openDatabase() already quieted the server's notices.
    if (query.exec(u"SELECT to_regclass('concord_lock_names') IS NOT NULL"
                   " AND to_regclass('concord_lock_holders') IS NOT NULL"
                   " AND to_regclass('concord_lock_leases') IS NOT NULL"
                   " AND to_regprocedure('concord_lease_conflict(text, boolean)') IS NOT NULL"_s)
        && query.next() && query.value(0).toBool())
        return {};
    Transaction transaction(db);
    if (!transaction.begin())
        return makeError(ErrorCode::Sql, transaction.lastError().text(), transaction.lastError());
    query.prepare(u"SELECT pg_advisory_xact_lock(?)"_s);
    query.addBindValue(advisoryLockKey(setupLockName));
    if (!query.exec())
        return sqlError(query, tr("Cannot create the lock tables"));
    const QStringList statements{
        u"CREATE TABLE IF NOT EXISTS concord_lock_names ("
        " name text PRIMARY KEY,"
        " key bigint NOT NULL UNIQUE,"
        " generation bigint NOT NULL DEFAULT 0,"
        " created_at timestamptz NOT NULL DEFAULT now())"_s,
        u"CREATE TABLE IF NOT EXISTS concord_lock_holders ("
        " name text NOT NULL REFERENCES concord_lock_names (name) ON DELETE CASCADE,"
        " key bigint NOT NULL,"
        " backend_pid integer NOT NULL,"
        " mode text NOT NULL,"
        " user_name text, host text, pid bigint, application text,"
        " acquired_at timestamptz NOT NULL DEFAULT now(),"
        " generation bigint NOT NULL,"
        " PRIMARY KEY (name, backend_pid))"_s,
        // Leases of owners behind a transaction-mode pooler, timed by the server's clock.
        u"CREATE TABLE IF NOT EXISTS concord_lock_leases ("
        " name text NOT NULL REFERENCES concord_lock_names (name) ON DELETE CASCADE,"
        " owner text NOT NULL,"
        " key bigint NOT NULL,"
        " mode text NOT NULL,"
        " user_name text, host text, pid bigint, application text,"
        " acquired_at timestamptz NOT NULL,"
        " expires_at timestamptz NOT NULL,"
        " generation bigint NOT NULL,"
        " PRIMARY KEY (name, owner))"_s,
        // VOLATILE, and not plain SQL (which the planner may inline): its query takes a snapshot
        // of its own when called, after the caller's try-lock was granted.
        u"CREATE OR REPLACE FUNCTION concord_lease_conflict(lock_name text, exclusive boolean) RETURNS boolean"
        " LANGUAGE plpgsql VOLATILE AS $$ BEGIN RETURN EXISTS (SELECT 1 FROM concord_lock_leases"
        " WHERE name = lock_name AND expires_at > clock_timestamp() AND (exclusive OR mode = 'exclusive')); END $$"_s,
    };
    for (const QString &statement : statements) {
        if (!query.exec(statement))
            return sqlError(query, tr("Cannot create the lock tables"));
    }
    if (!transaction.commit())
        return makeError(ErrorCode::Sql, transaction.lastError().text(), transaction.lastError());
    return {};
}

Result<void> registerPostgresLockName(const QSqlDatabase &db, const QString &name, qint64 key)
{
    // One statement: the insert's own row is not visible to the same statement's read of the
    // table, so it comes in through RETURNING.
    BoundQuery query(db);
    query.prepare(u"WITH added AS (INSERT INTO concord_lock_names (name, key) VALUES (?, ?) ON CONFLICT DO NOTHING"
                  " RETURNING name, key)"
                  " SELECT name, key FROM added UNION ALL SELECT name, key FROM concord_lock_names WHERE key = ? OR name = ?"_s);
    query.addBindValue(name);
    query.addBindValue(key);
    query.addBindValue(key);
    query.addBindValue(name);
    if (!query.exec())
        return sqlError(query, tr("Cannot record lock %1").arg(name));
    while (query.next()) {
        if (query.value(0).toString() != name || query.value(1).toLongLong() != key) {
            return makeError(ErrorCode::InvalidArgument,
                             tr("Lock name %1 collides with %2 (key %3 against %4): rename one of them.")
                                 .arg(name, query.value(0).toString())
                                 .arg(key)
                                 .arg(query.value(1).toLongLong()));
        }
    }
    return {};
}

namespace {

Result<QList<LockHolder>> readSessionHolders(StatementCache &statements, const QString &name)
{
    BoundQuery *statement = statements.statement(
        QString::fromLatin1(heldLocksSql).arg(name.isEmpty() ? QString() : u"AND held.key = ?"_s));
    if (!statement)
        return sqlError(statements.lastError(), tr("Cannot list the lock holders"));
    BoundQuery &query = *statement;
    query.bindValue(0, advisoryLockKey(setupLockName));
    if (!name.isEmpty())
        query.bindValue(1, advisoryLockKey(name));
    if (!query.exec())
        return sqlError(query, tr("Cannot list the lock holders"));
    QList<LockHolder> list;
    while (query.next()) {
        LockHolder holder;
        holder.key = query.value(0).toLongLong();
        holder.backendPid = query.value(1).toLongLong();
        holder.mode = query.value(2).toString() == "ShareLock"_L1 ? LockMode::Shared : LockMode::Exclusive;
        holder.name = query.isNull(3) ? u"#%1"_s.arg(holder.key) : query.value(3).toString();
        holder.generation = query.value(4).toLongLong();
        holder.user = query.value(5).toString();
        holder.host = query.value(6).toString();
        holder.processId = query.value(7).toLongLong();
        holder.application = query.value(8).toString();
        holder.since = query.value(9).toDateTime().toUTC();
        holder.databaseUser = query.value(10).toString();
        // Between the grant and its holder row, the session is all there is to show.
        if (holder.application.isEmpty())
            holder.application = query.value(11).toString();
        if (!holder.since.isValid())
            holder.since = query.value(12).toDateTime().toUTC();
        list << holder;
    }
    return list;
}

Result<QList<LockHolder>> readLeaseHolders(StatementCache &statements, const QString &name)
{
    BoundQuery *statement = statements.statement(
        QString::fromLatin1(leaseHoldersSql).arg(name.isEmpty() ? QString() : u"AND e.name = ?"_s));
    if (!statement)
        return sqlError(statements.lastError(), tr("Cannot list the lock holders"));
    BoundQuery &query = *statement;
    if (!name.isEmpty())
        query.bindValue(0, name);
    if (!query.exec())
        return sqlError(query, tr("Cannot list the lock holders"));
    QList<LockHolder> list;
    while (query.next()) {
        LockHolder holder;
        holder.key = query.value(0).toLongLong();
        holder.mode = query.value(1).toString() == "shared"_L1 ? LockMode::Shared : LockMode::Exclusive;
        holder.name = query.value(2).toString();
        holder.generation = query.value(3).toLongLong();
        holder.user = query.value(4).toString();
        holder.host = query.value(5).toString();
        holder.processId = query.value(6).toLongLong();
        holder.application = query.value(7).toString();
        holder.since = query.value(8).toDateTime().toUTC();
        holder.expiresAt = query.value(9).toDateTime().toUTC();
        list << holder;
    }
    return list;
}

// A watcher (which writes nothing) lists session holders only while the table is missing.
Result<bool> hasLeaseTable(StatementCache &statements, LeaseTableSeen &leases)
{
    if (leases.seen)
        return true;
    BoundQuery *query = statements.statement(u"SELECT to_regclass('concord_lock_leases') IS NOT NULL"_s);
    if (!query || !query->exec() || !query->next())
        return sqlError(query ? query->lastError() : statements.lastError(), tr("Cannot list the lock holders"));
    leases.seen = query->value(0).toBool();
    return leases.seen;
}

} // namespace

Result<QList<LockHolder>> readPostgresHolders(StatementCache &statements, LeaseTableSeen &leaseTable,
                                              const QString &name)
{
    Result<QList<LockHolder>> sessions = readSessionHolders(statements, name);
    if (!sessions)
        return sessions;
    const Result<bool> leases = hasLeaseTable(statements, leaseTable);
    if (!leases)
        return leases.error();
    if (!leases.value())
        return sessions;
    const Result<QList<LockHolder>> leased = readLeaseHolders(statements, name);
    if (!leased)
        return leased;
    return sessions.value() + leased.value();
}

Result<QString> readPostgresHoldersMark(StatementCache &statements, LeaseTableSeen &leaseTable)
{
    const Result<bool> leases = hasLeaseTable(statements, leaseTable);
    if (!leases)
        return leases.error();
    const QString sql = leases.value() ? u"SELECT (%1) || ':' || (%2)"_s.arg(QString::fromLatin1(holdersMarkSql),
                                                                           QString::fromLatin1(leaseMarkSql))
                                       : QString::fromLatin1(holdersMarkSql);
    BoundQuery *query = statements.statement(sql);
    if (!query)
        return sqlError(statements.lastError(), tr("Cannot list the lock holders"));
    if (!query->exec() || !query->next())
        return sqlError(*query, tr("Cannot list the lock holders"));
    // Never empty: empty means "no mark" to the caller.
    return u"pg:"_s + query->value(0).toString();
}


} // namespace Concord
