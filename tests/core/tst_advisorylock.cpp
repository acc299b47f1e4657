// SPDX-License-Identifier: MIT
// SPDX-FileCopyrightText: 2026 Concord developers
//
// AdvisoryLock on the backend in CONCORD_TEST_BACKEND, against other processes
// (concord_test_lockholder) and other owners in this process.

#include <core/db/transaction.h>
#include <core/locks/advisorylock.h>
#include <tests/support/lockholderprocess.h>
#include <tests/support/scratchdatabase.h>
#include <tests/support/testmacros.h>

#include <QCoreApplication>
#include <QSignalSpy>
#include <QSqlQuery>
#include <QTest>
#include <QThread>

#include <memory>

using namespace Concord;
using namespace Concord::Test;
using namespace Qt::StringLiterals;

namespace {

constexpr int testLeaseMs = 2000;

} // namespace

class tst_AdvisoryLock : public QObject
{
    Q_OBJECT

private:
    std::unique_ptr<ScratchDatabase> m_db;

    bool isSQLite() const { return m_db->backend() == Backend::SQLite; }

    std::unique_ptr<AdvisoryLock> openLock(int leaseMs = testLeaseMs, const QString &application = u"tst_advisorylock"_s)
    {
        AdvisoryLock::Options options;
        options.leaseMs = leaseMs;
        options.applicationName = application;
        auto lock = AdvisoryLock::open(m_db->address(), options);
        if (!lock) {
            qWarning("%s", qPrintable(lock.error().message));
            return {};
        }
        return std::move(lock).value();
    }

    std::unique_ptr<LockHolderProcess> startHolder(const QString &name, const QStringList &extra = {})
    {
        auto holder = std::make_unique<LockHolderProcess>(QStringLiteral(CONCORD_TEST_LOCKHOLDER));
        QStringList arguments{m_db->addressText(), name, u"--lease-ms"_s, QString::number(testLeaseMs)};
        holder->start(arguments + extra);
        return holder;
    }

private Q_SLOTS:
    void initTestCase() { CONCORD_REQUIRE_BACKEND(); }

    void init()
    {
        m_db = std::make_unique<ScratchDatabase>();
        const QString error = m_db->create(backendUnderTest());
        QVERIFY2(error.isEmpty(), qPrintable(error));
    }

    void cleanup() { m_db.reset(); }

    // Issue #13: the editor's lock monitor watches on the editor's own connection.
    void aWatcherOnASharedConnectionSeesHoldersTakesNothingAndLeavesItOpen()
    {
        if (isSQLite())
            QSKIP("the watcher shares a PostgreSQL session; SQLite leases need none");
        // Given another owner holding a lock, and a watcher on a connection of ours
        auto other = openLock(testLeaseMs, u"other"_s);
        QVERIFY(other);
        QVERIFY_RESULT(other->tryAcquire(u"table:orders"_s));
        QSqlDatabase editing = m_db->open(u"editing"_s);
        auto watcher = AdvisoryLock::openWatcher(editing, {});
        QVERIFY_RESULT(watcher);
        QVERIFY(watcher.value()->isWatcher());

        // Then it lists the holder and refuses to take a lock
        const auto held = watcher.value()->heldLocks();
        QVERIFY_RESULT(held);
        QCOMPARE(held.value().size(), 1);
        QCOMPARE(held.value().constFirst().name, u"table:orders"_s);
        QVERIFY_RESULT(watcher.value()->holdersMark());
        QCOMPARE(watcher.value()->tryAcquire(u"table:customers"_s).error().code, ErrorCode::InvalidArgument);

        // ...and once gone, leaves the connection open and usable
        watcher.value().reset();
        QVERIFY(editing.isOpen());
        QSqlQuery query(editing);
        QVERIFY_SQL(query, exec(u"SELECT 1"_s));
    }

    // Issue #14: a job's lock takes its session lock on the job's own connection.
    void aDedicatedOwnerLocksOnTheCallersConnectionAndLeavesItOpen()
    {
        QSqlDatabase jobs = m_db->open(u"jobs"_s);
        AdvisoryLock::Options options;
        options.applicationName = u"tst_advisorylock: Import into orders"_s;
        auto dedicated = AdvisoryLock::openDedicated(jobs, options);
        if (isSQLite()) { // leases need a heartbeat and a connection of their own
            QCOMPARE(dedicated.error().code, ErrorCode::InvalidArgument);
            return;
        }
        QVERIFY_RESULT(dedicated);
        AdvisoryLock &lock = *dedicated.value();
        QVERIFY(lock.isDedicated());
        QVERIFY(!lock.isWatcher());

        // When it takes a lock, another owner is kept out, and the holder is the caller's session
        QVERIFY_RESULT(lock.tryAcquire(u"table:orders"_s));
        auto other = openLock(testLeaseMs, u"other"_s);
        QVERIFY(other);
        QCOMPARE(other->tryAcquire(u"table:orders"_s).error().code, ErrorCode::LockHeld);
        QSqlQuery query(jobs);
        QVERIFY_SQL(query, exec(u"SELECT pg_backend_pid()"_s));
        QVERIFY(query.next());
        const qint64 session = query.value(0).toLongLong();
        query.finish();
        const auto holders = [&] {
            const auto listed = other->holders(u"table:orders"_s);
            return listed ? listed.value() : QList<LockHolder>();
        };
        QCOMPARE(holders().size(), 1);
        QCOMPARE(holders().constFirst().backendPid, session);
        QCOMPARE(holders().constFirst().application, options.applicationName);

        // Work rolled back on the connection undoes nothing of the grant; a first acquisition
        // inside the transaction is refused, as its record would be rolled back
        {
            Transaction transaction(jobs);
            QVERIFY(transaction.begin());
            QCOMPARE(lock.tryAcquire(u"table:customers"_s).error().code, ErrorCode::InvalidArgument);
            QVERIFY(lock.verifyHeld(u"table:orders"_s));
        }
        QCOMPARE(holders().size(), 1);
        QCOMPARE(holders().constFirst().application, options.applicationName);
        QVERIFY(lock.verifyHeld(u"table:orders"_s));

        // ...and once gone it released the lock and left the connection open and usable
        dedicated.value().reset();
        QVERIFY(holders().isEmpty());
        QVERIFY_RESULT(other->tryAcquire(u"table:orders"_s));
        QVERIFY(jobs.isOpen());
        QVERIFY_SQL(query, exec(u"SELECT 1"_s));
    }

    void keyIsFirstEightBytesOfSha256BigEndian()
    {
        // Values computed independently (Python hashlib, struct '>q'); they must never change.
        QCOMPARE(advisoryLockKey(u"orders"_s), Q_INT64_C(2023957755765852388));
        QCOMPARE(advisoryLockKey(u"import:orders"_s), Q_INT64_C(-1050790079653828694));
        QCOMPARE(advisoryLockKey(u"Zürich"_s), Q_INT64_C(4778715432666969653));
    }

    void tryAcquireFailsWhileAnotherProcessHoldsIt()
    {
        // Given another process holding "orders"
        auto holder = startHolder(u"orders"_s, {u"--app"_s, u"importer"_s});
        QCOMPARE(LockHolderProcess::generationOf(holder->nextOutcome()), 1);
        auto lock = openLock();
        QVERIFY(lock);

        // When this process tries
        const LockResult result = lock->tryAcquire(u"orders"_s);

        // Then it is refused with the holder named, as a value
        QVERIFY(!result);
        QCOMPARE(result.error().code, ErrorCode::LockHeld);
        QCOMPARE(result.holders().size(), 1);
        QCOMPARE(result.holders().first().processId, holder->processId());
        QVERIFY2(result.error().message.contains(u"importer"_s), qPrintable(result.error().message));
        QVERIFY(!lock->isHeld(u"orders"_s));

        // ...and once released it can be taken, with the next generation
        QCOMPARE(holder->release(), u"released"_s);
        const LockResult again = lock->tryAcquire(u"orders"_s);
        QVERIFY_RESULT(again);
        QCOMPARE(again.value().generation, 2);
    }

    void waitingProcessGetsLockWhenReleased()
    {
        // Given this process holding the lock and another process waiting for it
        auto lock = openLock();
        QVERIFY(lock);
        QVERIFY_RESULT(lock->tryAcquire(u"orders"_s));
        auto waiter = startHolder(u"orders"_s, {u"--wait-ms"_s, u"-1"_s});
        QCOMPARE(waiter->nextLine(), u"waiting"_s);
        // The waiter is still waiting while we hold: its attempts keep failing.
        QVERIFY(!waiter->process().waitForReadyRead(300));

        // When released here, the waiter gets it
        QVERIFY_RESULT(lock->release(u"orders"_s));
        QCOMPARE(LockHolderProcess::generationOf(waiter->nextOutcome()), 2);
        QCOMPARE(waiter->release(), u"released"_s);
    }

    void acquireWaitsForAnotherProcessToRelease()
    {
        // Given a process that releases on its own after a while
        auto holder = startHolder(u"orders"_s, {u"--hold-ms"_s, u"800"_s});
        QCOMPARE(LockHolderProcess::generationOf(holder->nextOutcome()), 1);
        auto lock = openLock();
        QVERIFY(lock);

        // When this process waits (generously bounded)
        const LockResult result = lock->acquire(u"orders"_s, LockMode::Exclusive, 30000);

        // Then it gets the lock after the holder let go
        QVERIFY_RESULT(result);
        QCOMPARE(result.value().generation, 2);
        QCOMPARE(holder->nextLine(), u"released"_s);
    }

    void acquireTimesOutWithTheHolder()
    {
        auto holder = startHolder(u"orders"_s);
        QCOMPARE(LockHolderProcess::generationOf(holder->nextOutcome()), 1);
        auto lock = openLock();
        QVERIFY(lock);

        const LockResult result = lock->acquire(u"orders"_s, LockMode::Exclusive, 300);

        QCOMPARE(result.error().code, ErrorCode::LockHeld);
        QCOMPARE(result.holders().size(), 1);
        QCOMPARE(result.holders().first().processId, holder->processId());
    }

    void cancelEndsAWaitFromAnotherThread()
    {
        auto holder = startHolder(u"orders"_s);
        QCOMPARE(LockHolderProcess::generationOf(holder->nextOutcome()), 1);
        auto lock = openLock();
        QVERIFY(lock);
        AdvisoryLock *raw = lock.get();
        std::unique_ptr<QThread> canceller(QThread::create([raw] {
            QThread::msleep(200);
            raw->cancel();
        }));
        canceller->start();

        const LockResult result = lock->acquire(u"orders"_s); // forever, unless cancelled

        canceller->wait();
        QCOMPARE(result.error().code, ErrorCode::Cancelled);
        // Cancellation is sticky until reset.
        QCOMPARE(lock->acquire(u"other"_s).error().code, ErrorCode::Cancelled);
        lock->resetCancellation();
        QVERIFY_RESULT(lock->acquire(u"other"_s, LockMode::Exclusive, 5000));
    }

    void sharedHoldersCoexistAndExcludeExclusive()
    {
        // Given two other processes holding "orders" shared
        auto first = startHolder(u"orders"_s, {u"--shared"_s});
        QVERIFY(LockHolderProcess::generationOf(first->nextOutcome()) > 0);
        auto second = startHolder(u"orders"_s, {u"--shared"_s});
        QVERIFY(LockHolderProcess::generationOf(second->nextOutcome()) > 0);
        auto lock = openLock();
        QVERIFY(lock);

        // Then an exclusive attempt fails naming both, and a shared one succeeds
        const LockResult exclusive = lock->tryAcquire(u"orders"_s, LockMode::Exclusive);
        QCOMPARE(exclusive.error().code, ErrorCode::LockHeld);
        QCOMPARE(exclusive.holders().size(), 2);
        for (const LockHolder &holder : exclusive.holders())
            QCOMPARE(holder.mode, LockMode::Shared);
        const LockResult shared = lock->tryAcquire(u"orders"_s, LockMode::Shared);
        QVERIFY_RESULT(shared);
        QCOMPARE(shared.value().generation, 3);
        QCOMPARE(first->release(), u"released"_s);
        QCOMPARE(second->release(), u"released"_s);
        QVERIFY_RESULT(lock->release(u"orders"_s));

        // And an exclusive holder keeps shared ones out
        QVERIFY_RESULT(lock->tryAcquire(u"orders"_s, LockMode::Exclusive));
        auto third = startHolder(u"orders"_s, {u"--shared"_s});
        const QString outcome = third->nextOutcome();
        QVERIFY2(outcome.startsWith(u"held "_s), qPrintable(outcome));
        QVERIFY(third->process().waitForFinished(20000));
        QCOMPARE(third->process().exitCode(), 4);
    }

    void sameOwnerStacksOtherOwnersAreExcluded()
    {
        auto lock = openLock();
        auto otherOwner = openLock();
        QVERIFY(lock && otherOwner);

        // Re-acquiring through the same owner stacks, with the same generation
        const LockResult first = lock->tryAcquire(u"orders"_s);
        QVERIFY_RESULT(first);
        const LockResult second = lock->acquire(u"orders"_s, LockMode::Exclusive, 0);
        QVERIFY_RESULT(second);
        QCOMPARE(second.value().generation, first.value().generation);
        QCOMPARE(second.value().depth, 2);
        QCOMPARE(lock->depth(u"orders"_s), 2);
        // ...but never changes mode
        QCOMPARE(lock->tryAcquire(u"orders"_s, LockMode::Shared).error().code, ErrorCode::InvalidArgument);

        // A second owner in the same process is excluded like another process
        QCOMPARE(otherOwner->tryAcquire(u"orders"_s).error().code, ErrorCode::LockHeld);

        // One release is not enough
        QVERIFY_RESULT(lock->release(u"orders"_s));
        QVERIFY(lock->isHeld(u"orders"_s));
        QCOMPARE(otherOwner->tryAcquire(u"orders"_s).error().code, ErrorCode::LockHeld);
        QVERIFY_RESULT(lock->release(u"orders"_s));
        QVERIFY(!lock->isHeld(u"orders"_s));
        QCOMPARE(lock->release(u"orders"_s).error().code, ErrorCode::InvalidArgument);
        QVERIFY_RESULT(otherOwner->tryAcquire(u"orders"_s));
    }

    void guardReleasesAtScopeExit()
    {
        auto lock = openLock();
        auto otherOwner = openLock();
        QVERIFY(lock && otherOwner);
        {
            const LockResult grant = lock->tryAcquire(u"orders"_s);
            QVERIFY_RESULT(grant);
            LockGuard guard(lock.get(), grant.value());
            QVERIFY(guard.isLocked());
            LockGuard moved = std::move(guard);
            QVERIFY(!guard.isLocked());
            QVERIFY(moved.isLocked());
            QCOMPARE(otherOwner->tryAcquire(u"orders"_s).error().code, ErrorCode::LockHeld);
        }
        QVERIFY(!lock->isHeld(u"orders"_s));
        QVERIFY_RESULT(otherOwner->tryAcquire(u"orders"_s));
    }

    void generationsGrowAcrossProcesses()
    {
        auto lock = openLock();
        QVERIFY(lock);
        QCOMPARE(lock->currentGeneration(u"orders"_s).value(), 0);
        qint64 last = 0;
        for (int round = 0; round < 2; ++round) {
            auto holder = startHolder(u"orders"_s);
            const qint64 theirs = LockHolderProcess::generationOf(holder->nextOutcome());
            QVERIFY(theirs > last);
            QCOMPARE(holder->release(), u"released"_s);
            const LockResult mine = lock->tryAcquire(u"orders"_s);
            QVERIFY_RESULT(mine);
            QVERIFY(mine.value().generation > theirs);
            last = mine.value().generation;
            QCOMPARE(lock->currentGeneration(u"orders"_s).value(), last);
            QVERIFY_RESULT(lock->release(u"orders"_s));
        }
        QCOMPARE(last, 4);
        // Other names count on their own
        QCOMPARE(lock->tryAcquire(u"customers"_s).value().generation, 1);
    }

    void holderIsVisibleFromAnotherProcess()
    {
        // Given another process holding the lock
        const QDateTime before = QDateTime::currentDateTimeUtc().addSecs(-60);
        auto holder = startHolder(u"import:orders"_s, {u"--app"_s, u"bulk-import"_s});
        const qint64 generation = LockHolderProcess::generationOf(holder->nextOutcome());
        QCOMPARE(generation, 1);
        auto lock = openLock();
        QVERIFY(lock);

        // When asked who holds it
        const auto holders = lock->holders(u"import:orders"_s);
        QVERIFY_RESULT(holders);

        // Then user, host, process, application and since are those of the other process
        QCOMPARE(holders.value().size(), 1);
        const LockHolder h = holders.value().first();
        QCOMPARE(h.name, u"import:orders"_s);
        QCOMPARE(h.mode, LockMode::Exclusive);
        QCOMPARE(h.generation, generation);
        QCOMPARE(h.user, currentUserName());
        QCOMPARE(h.host, currentHostName());
        QCOMPARE(h.processId, holder->processId());
        QCOMPARE(h.application, u"bulk-import"_s);
        QVERIFY(h.since.isValid());
        QVERIFY2(h.since > before && h.since < QDateTime::currentDateTimeUtc().addSecs(60),
                 qPrintable(h.since.toString(Qt::ISODate)));
        if (isSQLite()) {
            QVERIFY(h.expiresAt > h.since);
        } else {
            QVERIFY(h.backendPid > 0);
            QVERIFY(!h.databaseUser.isEmpty());
            QCOMPARE(h.key, advisoryLockKey(u"import:orders"_s));
            // The lock connection shows the application to any PostgreSQL tool, too.
            QSqlQuery query(m_db->open(u"activity"_s));
            QVERIFY_SQL(query, exec(u"SELECT application_name FROM pg_stat_activity WHERE pid = %1"_s.arg(h.backendPid)));
            QVERIFY(query.next());
            QCOMPARE(query.value(0).toString(), u"bulk-import"_s);
        }
        QVERIFY(h.description().contains(u"bulk-import"_s));
        QCOMPARE(h.toJson().value(u"pid"_s).toInteger(), holder->processId());

        // And the list of all locks has it next to ours
        QVERIFY_RESULT(lock->tryAcquire(u"customers"_s, LockMode::Shared));
        const auto all = lock->heldLocks();
        QVERIFY_RESULT(all);
        QCOMPARE(all.value().size(), 2);
        QCOMPARE(all.value().at(0).name, u"customers"_s);
        QCOMPARE(all.value().at(0).application, u"tst_advisorylock"_s);
        QCOMPARE(all.value().at(1).name, u"import:orders"_s);
        QCOMPARE(holder->release(), u"released"_s);
        QCOMPARE(lock->heldLocks().value().size(), 1);
    }

    void killedHolderReleasesTheLock()
    {
        // Given another process holding the lock
        auto holder = startHolder(u"orders"_s);
        QCOMPARE(LockHolderProcess::generationOf(holder->nextOutcome()), 1);
        auto lock = openLock();
        QVERIFY(lock);
        const auto before = lock->holders(u"orders"_s);
        QVERIFY_RESULT(before);
        QCOMPARE(before.value().size(), 1);

        // When it is killed without a chance to clean up
        holder->kill();

        // Then the lock becomes free: on PostgreSQL at once (the session ends), on SQLite when
        // the lease runs out
        QTRY_VERIFY_WITH_TIMEOUT(lock->tryAcquire(u"orders"_s).ok(), 15000);
        const LockGrant grant = *lock->grant(u"orders"_s);
        QCOMPARE(grant.generation, 2);
        if (isSQLite()) {
            // ...and not before: the grant was made at or after the dead lease's expiry, both
            // read from the same clock. (A later heartbeat could only have moved it further.)
            QVERIFY2(grant.since >= before.value().first().expiresAt,
                     qPrintable(grant.since.toString(Qt::ISODateWithMs) + u" < "_s
                                + before.value().first().expiresAt.toString(Qt::ISODateWithMs)));
        }
    }

    void heartbeatKeepsALongHoldersLease()
    {
        if (!isSQLite())
            QSKIP("PostgreSQL locks have no lease: they last as long as the session");
        // Given a process holding with a short lease
        auto holder = std::make_unique<LockHolderProcess>(QStringLiteral(CONCORD_TEST_LOCKHOLDER));
        holder->start({m_db->addressText(), u"orders"_s, u"--lease-ms"_s, u"600"_s});
        QCOMPARE(LockHolderProcess::generationOf(holder->nextOutcome()), 1);
        auto lock = openLock(600);
        QVERIFY(lock);
        const QDateTime since = lock->holders(u"orders"_s).value().value(0).since;
        QVERIFY(since.isValid());

        // When several lease lengths pass (as the database clock shows through the renewals)
        QTRY_VERIFY_WITH_TIMEOUT(lock->holders(u"orders"_s).value().value(0).expiresAt > since.addMSecs(4 * 600),
                                 20000);

        // Then it still holds the same grant, and nobody else gets in
        const LockResult attempt = lock->tryAcquire(u"orders"_s);
        QCOMPARE(attempt.error().code, ErrorCode::LockHeld);
        QCOMPARE(attempt.holders().value(0).generation, 1);
        QCOMPARE(attempt.holders().value(0).since, since);
        QCOMPARE(holder->release(), u"released"_s);
    }

    void takenOverLeaseIsReportedLost()
    {
        if (!isSQLite())
            QSKIP("PostgreSQL locks cannot be taken over while the session lives");
        // Given this process holding a lease
        auto lock = openLock(900);
        QVERIFY(lock);
        QVERIFY_RESULT(lock->tryAcquire(u"orders"_s));
        QSignalSpy lost(lock.get(), &AdvisoryLock::lockLost);

        // When its row is taken over behind its back (as after a long pause of the holder)
        const QString error = m_db->exec({u"UPDATE concord_locks SET owner = 'someone-else' WHERE name = 'orders'"_s});
        QVERIFY2(error.isEmpty(), qPrintable(error));

        // Then the next heartbeat notices and the lock is no longer held
        QVERIFY(lost.wait(10000));
        QCOMPARE(lost.first().first().toString(), u"orders"_s);
        QVERIFY(!lock->isHeld(u"orders"_s));
    }

    void endedSessionIsReportedLost()
    {
        if (isSQLite())
            QSKIP("SQLite locks are leases, not sessions (takenOverLeaseIsReportedLost)");
        // Given this process holding a lock on PostgreSQL
        auto lock = openLock();
        QVERIFY(lock);
        QVERIFY_RESULT(lock->tryAcquire(u"orders"_s));
        QVERIFY(lock->verifyHeld(u"orders"_s));
        QSignalSpy lost(lock.get(), &AdvisoryLock::lockLost);

        // When the server ends the lock's session (a restart, an administrator, a network cut)
        const QString error = m_db->exec({u"SELECT pg_terminate_backend(backend_pid) FROM concord_lock_holders WHERE name = 'orders'"_s});
        QVERIFY2(error.isEmpty(), qPrintable(error));

        // Then the holder learns it at its next check, and the lock is lost for good
        QTRY_VERIFY_WITH_TIMEOUT(!lock->isHeld(u"orders"_s), 5000);
        QVERIFY(lost.wait(5000) || lost.count() == 1);
        QCOMPARE(lost.count(), 1);
        QCOMPARE(lost.first().first().toString(), u"orders"_s);
        QVERIFY(!lock->verifyHeld(u"orders"_s));
    }

    void nameHashCollisionIsReported()
    {
        if (isSQLite())
            QSKIP("SQLite locks are keyed by the name itself");
        auto lock = openLock();
        QVERIFY(lock);
        // The first acquisition creates the bookkeeping tables (opening does not)
        QVERIFY(lock->tryAcquire(u"setup"_s).ok());
        QVERIFY(lock->release(u"setup"_s).ok());
        // Given another name recorded under the key of "orders" (a collision, simulated)
        const QString error = m_db->exec({u"INSERT INTO concord_lock_names (name, key) VALUES ('impostor', %1)"_s.arg(
            advisoryLockKey(u"orders"_s))});
        QVERIFY2(error.isEmpty(), qPrintable(error));

        // Then taking "orders" is refused, naming the other
        const LockResult result = lock->tryAcquire(u"orders"_s);
        QCOMPARE(result.error().code, ErrorCode::InvalidArgument);
        QVERIFY2(result.error().message.contains(u"impostor"_s), qPrintable(result.error().message));
        QVERIFY(!lock->isHeld(u"orders"_s));
        QCOMPARE(lock->heldLocks().value().size(), 0);
    }
};

QTEST_GUILESS_MAIN(tst_AdvisoryLock)
#include "tst_advisorylock.moc"
