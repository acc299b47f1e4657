// SPDX-License-Identifier: MIT
// SPDX-FileCopyrightText: 2026 Concord developers
//
// PostgreSQL behind PgBouncer (issue #14), with the real poolers scripts/test starts in front of
// the test server, one in session mode and one in transaction mode: how a connection finds out
// which it goes through, values bound on the client where no prepared statement survives, saves
// and conflicts there, session locks refused there, live updates by polling there, and a full
// pool reported as such.
#include <core/db/boundquery.h>
#include <core/db/changewatcher.h>
#include <core/db/databaseaddress.h>
#include <core/db/pooling.h>
#include <core/locks/advisorylock.h>
#include <core/model/versionedtablemodel.h>
#include <core/versioning/versioning.h>
#include <tests/support/ctlprocess.h>
#include <tests/support/scratchdatabase.h>

#include <QCoreApplication>
#include <QDateTime>
#include <QProcess>
#include <QSignalSpy>
#include <QSqlError>
#include <QSqlQuery>
#include <QSqlRecord>
#include <QTest>

#include <memory>

using namespace Concord;
using namespace Concord::Test;
using namespace Qt::StringLiterals;

class tst_Pooling : public QObject
{
    Q_OBJECT

private:
    QString m_direct;
    QString m_session;
    QString m_transaction;
    QString m_table;
    QStringList m_connections;

    Result<QSqlDatabase> open(const QString &address)
    {
        const auto parsed = DatabaseAddress::parse(address);
        if (!parsed)
            return parsed.error();
        const QString name = connectionNameFor(u"pooling-%1"_s.arg(m_connections.size()));
        m_connections << name;
        return openDatabase(parsed.value(), name);
    }

    QSqlDatabase openOrFail(const QString &address)
    {
        auto db = open(address);
        if (!db)
            qWarning("%s", qPrintable(db.error().message));
        return db ? db.value() : QSqlDatabase();
    }

    QVariant scalar(const QSqlDatabase &db, const QString &sql)
    {
        QSqlQuery query(db);
        if (!query.exec(sql) || !query.next())
            return u"error: %1"_s.arg(query.lastError().text());
        return query.value(0);
    }

    // The value \a value comes back as when sent through \a db as a literal and cast to \a type.
    QVariant roundTrip(const QSqlDatabase &db, const QVariant &value, const QString &type)
    {
        BoundQuery query(db);
        if (!query.prepare(u"SELECT ?::%1"_s.arg(type)))
            return u"error: %1"_s.arg(query.lastError().text());
        query.addBindValue(value);
        if (!query.exec() || !query.next())
            return u"error: %1"_s.arg(query.lastError().text());
        return query.value(0);
    }

    static QString withOption(const QString &address, const QString &option)
    {
        return address + (address.contains(u'?') ? u'&' : u'?') + option;
    }

    int version(int id)
    {
        auto db = openOrFail(m_direct);
        return scalar(db, u"SELECT version FROM %1 WHERE id = %2"_s.arg(m_table).arg(id)).toInt();
    }

private slots:
    void initTestCase()
    {
        m_direct = qEnvironmentVariable("CONCORD_TEST_POSTGRESQL");
        m_session = qEnvironmentVariable("CONCORD_TEST_PGBOUNCER_SESSION");
        m_transaction = qEnvironmentVariable("CONCORD_TEST_PGBOUNCER_TRANSACTION");
        if (m_direct.isEmpty() || m_session.isEmpty() || m_transaction.isEmpty()) {
            const char *reason = "no PgBouncer in front of a test server (scripts/test starts both)";
            if (postgresRequired())
                QFAIL(reason);
            QSKIP(reason);
        }
        m_table = u"pooled_items_%1"_s.arg(QCoreApplication::applicationPid());
        auto db = openOrFail(m_direct);
        QVERIFY(db.isOpen());
        QSqlQuery query(db);
        QVERIFY2(query.exec(u"CREATE TABLE %1 (id integer PRIMARY KEY, name text, qty integer, version integer "
                            "NOT NULL DEFAULT 1)"_s.arg(m_table)),
                 qPrintable(query.lastError().text()));
        QVERIFY(query.exec(u"INSERT INTO %1 (id, name, qty) SELECT g, 'item ' || g, g FROM generate_series(1, 20) g"_s
                               .arg(m_table)));
        VersioningConfig config;
        config.table = m_table;
        const auto applied = applyVersioning(db, config);
        QVERIFY2(applied, applied ? "" : qPrintable(applied.error().message));
    }

    void cleanupTestCase()
    {
        if (m_table.isEmpty() || m_direct.isEmpty())
            return;
        if (auto db = open(m_direct)) {
            QSqlQuery(db.value()).exec(u"DROP TABLE IF EXISTS %1"_s.arg(m_table));
            QSqlQuery(db.value()).exec(u"DELETE FROM concord_versioning WHERE table_name = '%1'"_s.arg(m_table));
        }
        for (const QString &name : std::as_const(m_connections))
            closeDatabase(name);
    }

    void eachConnectionKnowsHowItReachesTheServer()
    {
        const PoolingProbe direct = poolingOf(openOrFail(m_direct));
        QCOMPARE(direct.pooling, Pooling::Direct);
        QVERIFY(!direct.proxied);
        const PoolingProbe session = poolingOf(openOrFail(m_session));
        QCOMPARE(session.pooling, Pooling::Session);
        QVERIFY(session.proxied);
        const PoolingProbe transaction = poolingOf(openOrFail(m_transaction));
        QCOMPARE(transaction.pooling, Pooling::Transaction);
        QVERIFY2(transaction.evidence.contains(u"server session"_s), qPrintable(transaction.evidence));
    }

    // A busy transaction pool can pass the probe for a session pool: the address can say the
    // mode outright, no probe connection is opened for it, and every connection made from it
    // again (a job's, the grid reader's, fromDatabase()) keeps it.
    void aStatedPoolingModeIsTakenAndKept()
    {
        const QString stated = withOption(m_session, u"concord_pooling=transaction"_s);
        auto db = openOrFail(stated);
        QVERIFY(db.isOpen());
        const PoolingProbe probe = poolingOf(db);
        QCOMPARE(probe.pooling, Pooling::Transaction);
        QVERIFY(probe.stated);
        QVERIFY2(probe.evidence.contains(u"concord_pooling=transaction"_s), qPrintable(probe.evidence));
        const auto again = DatabaseAddress::fromDatabase(db);
        QVERIFY2(again, again ? "" : qPrintable(again.error().message));
        QCOMPARE(again.value().options.value(u"concord_pooling"_s), u"transaction"_s);
        QVERIFY2(again.value().toString().contains(u"concord_pooling=transaction"_s), qPrintable(again.value().toString()));

        // Locks taken there are leases, although the pooler keeps sessions.
        const QString name = u"stated-%1"_s.arg(QCoreApplication::applicationPid());
        auto leased = AdvisoryLock::open(DatabaseAddress::parse(stated).value());
        QVERIFY2(leased, leased ? "" : qPrintable(leased.error().message));
        QVERIFY(leased.value()->tryAcquire(name));
        auto direct = openOrFail(m_direct);
        QCOMPARE(scalar(direct, u"SELECT count(*) FROM concord_lock_leases WHERE name = '%1'"_s.arg(name)).toInt(), 1);
        QVERIFY(leased.value()->release(name));

        auto session = openOrFail(withOption(m_session, u"concord_pooling=session"_s));
        QCOMPARE(poolingOf(session).pooling, Pooling::Session);
        QVERIFY(poolingOf(session).stated);
        QVERIFY(bindsOnClient(session));

        const auto bad = DatabaseAddress::parse(withOption(m_session, u"concord_pooling=sometimes"_s));
        QVERIFY(!bad);
        QCOMPARE(bad.error().code, ErrorCode::InvalidAddress);
        QVERIFY2(bad.error().message.contains(u"auto, session or transaction"_s), qPrintable(bad.error().message));
    }

    void literalsSkipQuotesCommentsAndDollarQuotes()
    {
        auto db = openOrFail(m_direct);
        const auto text = withLiteralValues(db,
                                            u"SELECT '?', \"a?\", $$ ? $$, $tag$ ? $tag$, ? -- ?\n, /* ? /* ? */ */ ?"_s,
                                            {1, u"it's"_s});
        QVERIFY2(text, qPrintable(text.error().message));
        QCOMPARE(text.value(), u"SELECT '?', \"a?\", $$ ? $$, $tag$ ? $tag$, '1' -- ?\n, /* ? /* ? */ */ 'it''s'"_s);
        const auto numbered = withLiteralValues(db, u"SELECT $2, $1, $2"_s, {u"a"_s, u"b"_s});
        QVERIFY(numbered);
        QCOMPARE(numbered.value(), u"SELECT 'b', 'a', 'b'"_s);
        QCOMPARE(withLiteralValues(db, u"SELECT ?, ?"_s, {1}).error().code, ErrorCode::InvalidArgument);
        QCOMPARE(withLiteralValues(db, u"SELECT ?"_s, {1, 2}).error().code, ErrorCode::InvalidArgument);
        QCOMPARE(withLiteralValues(db, u"SELECT ?"_s, {QVariantList{1, 2}}).error().code, ErrorCode::InvalidArgument);
        QCOMPARE(withLiteralValues(db, u"SELECT ?"_s, {QVariant()}).value(), u"SELECT NULL"_s);
    }

    void valuesArriveExactlyWhenBoundOnTheClient()
    {
        auto db = openOrFail(m_transaction);
        QVERIFY(bindsOnClient(db));
        const QString nasty = u"O'Brien \\ back\\slash; DROP TABLE x; -- $$ ? \"q\" Zoë 東京"_s;
        QCOMPARE(roundTrip(db, nasty, u"text"_s).toString(), nasty);
        QCOMPARE(roundTrip(db, 9007199254740993LL, u"bigint"_s).toLongLong(), 9007199254740993LL);
        QCOMPARE(roundTrip(db, 0.1, u"double precision"_s).toDouble(), 0.1);
        QCOMPARE(roundTrip(db, true, u"boolean"_s).toBool(), true);
        const QByteArray bytes("\x00\x01'\\\xff", 5);
        QCOMPARE(roundTrip(db, bytes, u"bytea"_s).toByteArray(), bytes);
        const QDateTime when = QDateTime::fromString(u"2026-12-01T10:20:30.123Z"_s, Qt::ISODateWithMs);
        QCOMPARE(roundTrip(db, when, u"timestamptz"_s).toDateTime().toUTC(), when);
        QCOMPARE(roundTrip(db, QDate(2026, 2, 28), u"date"_s).toDate(), QDate(2026, 2, 28));
        QVERIFY(roundTrip(db, QVariant(QMetaType(QMetaType::QString)), u"text"_s).isNull());
    }

    void aModelSavesAndSeesConflictsThroughATransactionPooler()
    {
        auto db = openOrFail(m_transaction);
        QVERIFY(db.isOpen());
        VersionedTableModel model(nullptr, db);
        model.setTable(m_table);
        model.setSort(0, Qt::AscendingOrder);
        QVERIFY2(model.select(), qPrintable(model.lastError().text()));
        const int before = version(1);
        QVERIFY(model.setData(model.index(0, model.fieldIndex(u"qty"_s)), 101));
        QVERIFY2(model.submitAll(), qPrintable(model.lastError().text()));
        QCOMPARE(version(1), before + 1);
        QCOMPARE(model.data(model.index(0, model.fieldIndex(u"version"_s))).toInt(), before + 1);

        // Someone else writes row 2 meanwhile: the save is refused, nothing overwritten.
        auto other = openOrFail(m_direct);
        QSqlQuery(other).exec(u"UPDATE %1 SET qty = 777, version = version + 1 WHERE id = 2"_s.arg(m_table));
        QVERIFY(model.setData(model.index(1, model.fieldIndex(u"qty"_s)), 202));
        QVERIFY(!model.submitAll());
        QVERIFY(model.lastError().text().contains(u"modified"_s, Qt::CaseInsensitive)
                || !model.conflicts().isEmpty());
        QCOMPARE(scalar(other, u"SELECT qty FROM %1 WHERE id = 2"_s.arg(m_table)).toInt(), 777);
    }

    // What the issue saw: concurrent concordctl sets through a transaction pooler failed with
    // "prepared statement does not exist / already exists" or printed another client's result.
    void concurrentSetsThroughATransactionPoolerAllLand()
    {
        QList<std::shared_ptr<QProcess>> processes;
        QList<int> expected;
        for (int id = 3; id <= 14; ++id) {
            expected << version(id);
            auto process = std::make_shared<QProcess>();
            process->setProcessEnvironment(ctlEnvironment(m_transaction));
            process->start(QStringLiteral(CONCORD_CTL),
                           {u"set"_s, m_table, QString::number(id), u"qty=%1"_s.arg(1000 + id), u"--expect-version"_s,
                            QString::number(expected.last())});
            processes << process;
        }
        for (int i = 0; i < processes.size(); ++i) {
            const CtlResult result = finishCtl(*processes.at(i));
            const int id = 3 + i;
            QVERIFY2(result.exitCode == 0, qPrintable(u"row %1: %2"_s.arg(id).arg(result.err)));
            QCOMPARE(result.out.trimmed().toInt(), expected.at(i) + 1);
            QCOMPARE(version(id), expected.at(i) + 1);
        }
    }

    // Through a transaction pooler a lock is a lease, decided under a transaction lock on the
    // same key: exclusive against owners connected directly and through a session pooler, either
    // way round, with one generation counter for all.
    void locksThroughATransactionPoolerAreLeasesExclusiveWithEveryone()
    {
        const QString name = u"pooled-import-%1"_s.arg(QCoreApplication::applicationPid());
        auto leased = AdvisoryLock::open(DatabaseAddress::parse(m_transaction).value());
        QVERIFY2(leased, leased ? "" : qPrintable(leased.error().message));
        auto direct = AdvisoryLock::open(DatabaseAddress::parse(m_direct).value());
        QVERIFY(direct);
        auto session = AdvisoryLock::open(DatabaseAddress::parse(m_session).value());
        QVERIFY(session);

        const LockResult first = leased.value()->tryAcquire(name);
        QVERIFY2(first, first ? "" : qPrintable(first.error().message));
        for (AdvisoryLock *other : {direct.value().get(), session.value().get()}) {
            const LockResult refused = other->tryAcquire(name);
            QVERIFY(!refused);
            QCOMPARE(refused.error().code, ErrorCode::LockHeld);
        }
        // Everyone sees the lease as a holder.
        const auto seen = direct.value()->holders(name);
        QVERIFY2(seen, seen ? "" : qPrintable(seen.error().message));
        QCOMPARE(seen.value().size(), 1);
        QCOMPARE(seen.value().constFirst().generation, first.value().generation);
        QVERIFY(leased.value()->release(name));

        // The other way round: a direct session holder keeps the lease owner out.
        const LockResult second = direct.value()->tryAcquire(name);
        QVERIFY(second);
        QCOMPARE(second.value().generation, first.value().generation + 1);
        const LockResult refused = leased.value()->tryAcquire(name);
        QVERIFY(!refused);
        QCOMPARE(refused.error().code, ErrorCode::LockHeld);
        QVERIFY(direct.value()->release(name));
        const LockResult third = leased.value()->tryAcquire(name);
        QVERIFY(third);
        QCOMPARE(third.value().generation, second.value().generation + 1);
        QVERIFY(leased.value()->release(name));
    }

    // A lease owner that dies without a word frees the name when its lease runs out, and not
    // before; an owner whose lease ran out reports the lock lost.
    void aKilledLeaseHolderFreesTheNameWhenItsLeaseRunsOut()
    {
        const QString name = u"pooled-killed-%1"_s.arg(QCoreApplication::applicationPid());
        QProcess holder;
        holder.setProcessEnvironment(ctlEnvironment(m_transaction, {{u"CONCORD_LOCK_LEASE_MS"_s, u"1500"_s}}));
        holder.start(QStringLiteral(CONCORD_CTL), {u"lock"_s, name, u"--"_s, u"sleep"_s, u"60"_s});
        auto direct = AdvisoryLock::open(DatabaseAddress::parse(m_direct).value());
        QVERIFY(direct);
        QTRY_VERIFY_WITH_TIMEOUT(direct.value()->holders(name) && direct.value()->holders(name).value().size() == 1,
                                 15000);
        QVERIFY(!direct.value()->tryAcquire(name));
        holder.kill(); // SIGKILL: no release, no heartbeat
        holder.waitForFinished();
        QTRY_VERIFY_WITH_TIMEOUT(direct.value()->tryAcquire(name), 10000);
        QVERIFY(direct.value()->release(name));
    }

    void liveUpdatesArePolledThroughATransactionPooler()
    {
        auto db = openOrFail(m_transaction);
        ChangeWatcher watcher(db, 250);
        QVERIFY(watcher.isPolling());
        QSignalSpy changed(&watcher, &ChangeWatcher::changed);
        auto other = openOrFail(m_direct);
        QSqlQuery(other).exec(u"UPDATE %1 SET qty = qty + 1, version = version + 1 WHERE id = 20"_s.arg(m_table));
        QTRY_VERIFY_WITH_TIMEOUT(changed.count() >= 1, 15000);
        // Directly, LISTEN: no polling.
        ChangeWatcher listening(openOrFail(m_direct), 250);
        QVERIFY(!listening.isPolling());
    }

    // The fail-open: a set through a pooler wrote under another user's table lock. Through
    // either pooler the busy check runs and refuses, naming the holder; nothing is written.
    void aSetThroughEitherPoolerIsRefusedUnderAnotherUsersTableLock()
    {
        auto holder = AdvisoryLock::open(DatabaseAddress::parse(m_direct).value());
        QVERIFY(holder);
        const QString tableLock = u"table:%1"_s.arg(m_table);
        QVERIFY(holder.value()->tryAcquire(tableLock));
        const int before = version(15);
        for (const QString &address : {m_session, m_transaction}) {
            const CtlResult result = runCtl(QStringLiteral(CONCORD_CTL),
                                            {u"set"_s, m_table, u"15"_s, u"qty=9999"_s, u"--expect-version"_s,
                                             QString::number(before)},
                                            address);
            QCOMPARE(result.exitCode, 4);
            QVERIFY2(result.err.contains(u"busy"_s) && result.err.contains(u"nothing was written"_s),
                     qPrintable(result.err));
        }
        QCOMPARE(version(15), before);
        QVERIFY(holder.value()->release(tableLock));
    }

    // Through a session pooler a killed holder's lock comes free at once: PgBouncer resets the
    // server session it held (DISCARD ALL releases session advisory locks) when the client goes.
    // Live updates arrive by LISTEN there, not by polling.
    void aSessionPoolerFreesAKilledHoldersLockAndDeliversNotifications()
    {
        const QString name = u"session-killed-%1"_s.arg(QCoreApplication::applicationPid());
        QProcess holder;
        holder.setProcessEnvironment(ctlEnvironment(m_session));
        holder.start(QStringLiteral(CONCORD_CTL), {u"lock"_s, name, u"--"_s, u"sleep"_s, u"60"_s});
        auto direct = AdvisoryLock::open(DatabaseAddress::parse(m_direct).value());
        QVERIFY(direct);
        QTRY_VERIFY_WITH_TIMEOUT(direct.value()->holders(name) && direct.value()->holders(name).value().size() == 1,
                                 15000);
        QVERIFY(!direct.value()->tryAcquire(name));
        holder.kill();
        holder.waitForFinished();
        QTRY_VERIFY_WITH_TIMEOUT(direct.value()->tryAcquire(name), 5000);
        QVERIFY(direct.value()->release(name));

        ChangeWatcher watcher(openOrFail(m_session), 250);
        QVERIFY(!watcher.isPolling());
        QSignalSpy changed(&watcher, &ChangeWatcher::changed);
        auto other = openOrFail(m_direct);
        QSqlQuery(other).exec(u"SELECT pg_notify('%1', '')"_s.arg(QLatin1String(ChangeWatcher::channel)));
        QTRY_VERIFY_WITH_TIMEOUT(changed.count() >= 1, 5000);
    }

    void aFullPoolIsReportedAsSuch()
    {
        // concord_tiny has one server connection: a client in a transaction holds it.
        const QString tiny = m_session.left(m_session.lastIndexOf(u'/')) + u"/concord_tiny"_s;
        auto holder = openOrFail(tiny);
        QVERIFY(holder.isOpen());
        QVERIFY(holder.transaction());
        QSqlQuery(holder).exec(u"SELECT 1"_s);
        const auto second = open(tiny);
        QVERIFY(!second);
        QCOMPARE(second.error().code, ErrorCode::ConnectionFailed);
        QVERIFY2(second.error().message.contains(u"pool is full"_s), qPrintable(second.error().message));
        holder.rollback();
    }
};

QTEST_GUILESS_MAIN(tst_Pooling)
#include "tst_pooling.moc"
