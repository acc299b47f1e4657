// SPDX-License-Identifier: MIT
// SPDX-FileCopyrightText: 2026 Concord developers
// Measure 4: taking and giving up a lock.
#include "measures.h"

#include "instructions.h"

#include <core/locks/advisorylock.h>
#include <core/locks/lockinfo.h>

#include <QSqlError>
#include <QSqlQuery>

using namespace Qt::StringLiterals;

namespace Concord::Bench {

namespace {

const QString lockName = u"bench:lock"_s;

/// PostgreSQL floor: the two advisory-lock calls, prepared once, on one connection.
class RawAdvisoryLock
{
public:
    explicit RawAdvisoryLock(const QSqlDatabase &db)
        : m_lock(db)
        , m_unlock(db)
    {
        if (!m_lock.prepare(u"SELECT pg_try_advisory_lock(?)"_s) || !m_unlock.prepare(u"SELECT pg_advisory_unlock(?)"_s))
            die(u"cannot prepare the raw advisory lock: %1"_s.arg(m_lock.lastError().text()));
    }

    void acquireAndRelease(qint64 key)
    {
        m_lock.bindValue(0, key);
        if (!m_lock.exec() || !m_lock.next() || !m_lock.value(0).toBool())
            die(u"raw pg_try_advisory_lock failed: %1"_s.arg(m_lock.lastError().text()));
        m_unlock.bindValue(0, key);
        if (!m_unlock.exec() || !m_unlock.next() || !m_unlock.value(0).toBool())
            die(u"raw pg_advisory_unlock failed: %1"_s.arg(m_unlock.lastError().text()));
    }

private:
    QSqlQuery m_lock;
    QSqlQuery m_unlock;
};

/// SQLite floor: what a lease is made of, one single-row UPDATE in a write transaction.
class RawRowUpdate
{
public:
    explicit RawRowUpdate(const QSqlDatabase &db)
        : m_db(db)
        , m_update(db)
    {
        execOrDie(db, u"CREATE TABLE IF NOT EXISTS bench_lockref (id INTEGER PRIMARY KEY, holder INTEGER NOT NULL)"_s);
        execOrDie(db, u"INSERT OR IGNORE INTO bench_lockref VALUES (1, 0)"_s);
        if (!m_update.prepare(u"UPDATE bench_lockref SET holder = holder + 1 WHERE id = 1"_s))
            die(u"cannot prepare the raw update: %1"_s.arg(m_update.lastError().text()));
    }

    void run()
    {
        execOrDie(m_db, u"BEGIN IMMEDIATE"_s);
        if (!m_update.exec() || m_update.numRowsAffected() != 1)
            die(u"raw single-row update failed: %1"_s.arg(m_update.lastError().text()));
        execOrDie(m_db, u"COMMIT"_s);
    }

private:
    QSqlDatabase m_db;
    QSqlQuery m_update;
};

} // namespace

void measureLock(const Context &context)
{
    const Settings &s = context.settings;
    auto opened = AdvisoryLock::open(context.backend.address);
    if (!opened)
        die(u"cannot open the advisory lock: %1"_s.arg(opened.error().message));
    AdvisoryLock &lock = *opened.value();
    const QSqlDatabase db = openOrDie(context.backend, u"bench-lock"_s);

    const auto ours = [&] {
        Stopwatch timer;
        const LockResult grant = lock.tryAcquire(lockName);
        if (!grant)
            die(u"AdvisoryLock::tryAcquire failed: %1"_s.arg(grant.error().message));
        if (auto released = lock.release(lockName); !released)
            die(u"AdvisoryLock::release failed: %1"_s.arg(released.error().message));
        return timer.stop();
    };
    const int repetitions = s.quick ? 40 : 200;
    if (context.backend.isSQLite()) {
        RawRowUpdate raw(db);
        const auto reference = [&] {
            Stopwatch timer;
            raw.run();
            return timer.stop();
        };
        const Paired result = measurePaired(5, repetitions, ours, reference);
        context.report->add(Row{u"4 lock acquire+release (ms) vs UPDATE txn"_s, context.backend.name, u"-"_s,
                                result.ours, result.reference, result.ratio, u"<= 2.5x"_s, result.ratio <= 2.5});
    } else {
        RawAdvisoryLock raw(db);
        const qint64 key = advisoryLockKey(u"bench:raw"_s);
        const auto reference = [&] {
            Stopwatch timer;
            raw.acquireAndRelease(key);
            return timer.stop();
        };
        const Paired result = measurePaired(5, repetitions, ours, reference);
        context.report->add(Row{u"4 lock acquire+release (ms) vs pg_try_advisory_lock"_s, context.backend.name,
                                u"-"_s, result.ours, result.reference, result.ratio, u"<= 2x"_s, result.ratio <= 2});
    }
}

} // namespace Concord::Bench
