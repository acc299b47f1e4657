// SPDX-License-Identifier: MIT
// SPDX-FileCopyrightText: 2026 Concord developers
//
// Issue #14: a primary with a real streaming standby (scripts/lib/standby.sh, a pair of its own
// apart from the shared test server) fails over: the primary stops, the standby is promoted, and
// Concord carries on through a multi-host address with target_session_attrs=read-write. Every test
// starts from a fresh pair ($CONCORD_TEST_STANDBY_CTL reset).
#include <core/db/databaseaddress.h>
#include <core/errors.h>
#include <core/model/versionedtablemodel.h>
#include <tests/support/ctlprocess.h>
#include <tests/support/modelfixture.h>
#include <tests/support/scratchdatabase.h>
#include <tests/support/standbypair.h>
#include <tests/support/testmacros.h>

#include <QDeadlineTimer>
#include <QDir>
#include <QFileInfo>
#include <QJsonDocument>
#include <QJsonObject>
#include <QSqlQuery>
#include <QTest>
#include <QThread>

using namespace Concord;
using namespace Concord::Test;
using namespace Qt::StringLiterals;

class tst_Failover : public QObject
{
    Q_OBJECT

private:
    StandbyPair m_pair;

    static CtlResult ctl(const QStringList &arguments, const QString &address)
    {
        return runCtl(QStringLiteral(CONCORD_CTL), arguments, address);
    }

    // An address of the pair's hosts in the given order, with libpq options.
    QString addressOf(const QStringList &nodes, const QString &query)
    {
        auto address = DatabaseAddress::parse(m_pair.primary()).value();
        QList<DatabaseHost> hosts;
        for (const QString &node : nodes)
            hosts << DatabaseAddress::parse(node).value().hosts().constFirst();
        address.setHosts(hosts);
        return address.toString() + query;
    }

    static qint64 versionOf(const CtlResult &get)
    {
        return QJsonDocument::fromJson(get.out.toUtf8()).object().value(u"version"_s).toVariant().toLongLong();
    }

private Q_SLOTS:
    void initTestCase()
    {
        if (qEnvironmentVariable("CONCORD_TEST_STANDBY_CTL").isEmpty()) {
            if (postgresRequired())
                QFAIL("needs the primary and standby of scripts/lib/standby.sh (CONCORD_TEST_STANDBY_CTL)");
            QSKIP("needs the primary and standby of scripts/lib/standby.sh (scripts/test starts them)");
        }
        QVERIFY(!m_pair.primary().isEmpty() && !m_pair.replica().isEmpty() && !m_pair.failover().isEmpty());
    }
    void init() { QVERIFY(StandbyPair::control(u"reset"_s)); }
    void cleanup() { m_pair.closeConnections(); }
    void cleanupTestCase() { StandbyPair::control(u"reset"_s); } // the next run, or scripts/test's trap, finds a pair as made

    void targetSessionAttrsSkipsAStandbyListedFirst()
    {
        // Given an address that names the standby first
        const QString anyServer = addressOf({m_pair.replica(), m_pair.primary()}, {});
        const QString writable = addressOf({m_pair.replica(), m_pair.primary()}, u"?target_session_attrs=read-write"_s);
        const int primaryPort = DatabaseAddress::parse(m_pair.primary()).value().port;
        const int standbyPort = DatabaseAddress::parse(m_pair.replica()).value().port;
        // Then libpq takes the standby when any server will do...
        QCOMPARE(m_pair.scalarOn(anyServer, u"SELECT inet_server_port()"_s).toInt(), standbyPort);
        QCOMPARE(m_pair.scalarOn(anyServer, u"SELECT pg_is_in_recovery()"_s).toBool(), true);
        // ...and skips it for the primary when the address asks for read-write
        QCOMPARE(m_pair.scalarOn(writable, u"SELECT inet_server_port()"_s).toInt(), primaryPort);
        QCOMPARE(m_pair.scalarOn(writable, u"SELECT pg_is_in_recovery()"_s).toBool(), false);
    }

    void concordctlWritesToThePromotedStandbyUnderTheVersionCheck()
    {
        // Given a row at version 1, streamed to the standby
        QCOMPARE(m_pair.execOn(m_pair.primary(),
                               {u"CREATE TABLE items (id integer PRIMARY KEY, qty integer, version bigint NOT NULL DEFAULT 1)"_s,
                                u"INSERT INTO items (id, qty) VALUES (1, 1)"_s}),
                 QString());
        QVERIFY(m_pair.waitForStandby());

        // When the primary stops, nothing takes writes until the standby is promoted
        QVERIFY(StandbyPair::control(u"stop-primary"_s));
        const CtlResult noPrimary = ctl({u"set"_s, u"items"_s, u"1"_s, u"--expect-version"_s, u"1"_s, u"qty=4"_s},
                                        m_pair.failover());
        QCOMPARE(noPrimary.exitCode, 1);
        QVERIFY(!noPrimary.err.trimmed().isEmpty());
        QVERIFY(StandbyPair::control(u"promote-standby"_s));

        // Then concordctl on the same address writes to the new primary, under the version check
        const CtlResult set = ctl({u"set"_s, u"items"_s, u"1"_s, u"--expect-version"_s, u"1"_s, u"qty=5"_s}, m_pair.failover());
        QVERIFY2(set.exitCode == 0, qPrintable(set.err));
        QCOMPARE(set.out.trimmed(), u"2"_s);
        const CtlResult stale = ctl({u"set"_s, u"items"_s, u"1"_s, u"--expect-version"_s, u"1"_s, u"qty=6"_s}, m_pair.failover());
        QCOMPARE(stale.exitCode, 3);
        QCOMPARE(m_pair.scalarOn(m_pair.replica(), u"SELECT qty FROM items WHERE id = 1"_s).toInt(), 5);
        QCOMPARE(m_pair.scalarOn(m_pair.replica(), u"SELECT version FROM items WHERE id = 1"_s).toInt(), 2);
    }

    void aPendingEditSurvivesTheFailoverAndIsSavedOnTheNewPrimary()
    {
        // Given an editor's model on the multi-host address with an edit pending
        QCOMPARE(m_pair.execOn(m_pair.primary(),
                               {u"CREATE TABLE items (id integer PRIMARY KEY, qty integer, version bigint NOT NULL DEFAULT 1)"_s,
                                u"INSERT INTO items (id, qty) VALUES (1, 1), (2, 2)"_s}),
                 QString());
        QVERIFY(m_pair.waitForStandby());
        QSqlDatabase db = m_pair.openOn(m_pair.failover());
        QVERIFY(db.isOpen());
        auto model = std::make_unique<VersionedTableModel>(nullptr, db);
        model->setTable(u"items"_s);
        model->setSort(0, Qt::AscendingOrder);
        QVERIFY_SQL(*model, select());
        QVERIFY(ModelFixture::edit(*model, 0, u"qty"_s, 41));

        // When the primary fails and the standby takes over
        QVERIFY(StandbyPair::control(u"stop-primary"_s));
        QVERIFY(StandbyPair::control(u"promote-standby"_s));

        // Then the save fails saying the connection was lost, and keeps the edit
        QVERIFY(!model->submitAll());
        QVERIFY2(isConnectionLost(model->lastError()), qPrintable(model->lastError().text()));
        QCOMPARE(model->pendingRows().size(), 1);
        // ...and reconnecting (what the editor's Reconnector does, with backoff) finds the new
        // primary through the same address, where the edit is saved under the version check
        Result<void> reconnected = model->reconnect();
        for (QDeadlineTimer deadline(30000); !reconnected && !deadline.hasExpired();) {
            QThread::msleep(250);
            reconnected = model->reconnect();
        }
        QVERIFY_RESULT(reconnected);
        QVERIFY_SQL(*model, submitAll());
        QCOMPARE(model->pendingRows().size(), 0);
        QCOMPARE(m_pair.scalarOn(m_pair.replica(), u"SELECT qty FROM items WHERE id = 1"_s).toInt(), 41);
        QCOMPARE(m_pair.scalarOn(m_pair.replica(), u"SELECT version FROM items WHERE id = 1"_s).toInt(), 2);
    }

    // The ABA case: an asynchronous standby lacks a write the old primary acknowledged; after the
    // failover another user writes the row again, and the client that made the lost write saves
    // with the version it was told. Counter versions repeat, so that stale save overwrites the
    // other user (the hazard concordctl check warns about); the policy `concordctl apply` gives
    // tables on PostgreSQL, timestamp, ends it in a conflict.
    void aWriteLostInAFailover_data()
    {
        QTest::addColumn<QStringList>("applyOptions");
        QTest::addColumn<QString>("policy");
        QTest::addColumn<int>("staleSaveExit");
        QTest::addRow("apply's default: timestamp, a conflict") << QStringList{} << u"timestamp"_s << 3;
        QTest::addRow("counter: the repeat check warns about") << QStringList{u"--policy"_s, u"counter"_s} << u"counter"_s << 0;
    }
    void aWriteLostInAFailover()
    {
        QFETCH(QStringList, applyOptions);
        QFETCH(QString, policy);
        QFETCH(int, staleSaveExit);

        // Given a table adopted by concordctl apply, its row streamed to the standby
        QCOMPARE(m_pair.execOn(m_pair.primary(),
                               {u"CREATE TABLE items (id integer PRIMARY KEY, qty integer)"_s,
                                u"INSERT INTO items (id, qty) VALUES (1, 1)"_s}),
                 QString());
        const CtlResult apply = ctl(QStringList{u"apply"_s, u"items"_s} + applyOptions, m_pair.primary());
        QVERIFY2(apply.exitCode == 0, qPrintable(apply.err));
        QVERIFY2(apply.out.contains(u"recorded %1 versioning"_s.arg(policy)), qPrintable(apply.out));
        QVERIFY(m_pair.waitForStandby());

        // When the standby is cut off, client A's save is acknowledged by the primary alone...
        QVERIFY(StandbyPair::control(u"stop-standby"_s));
        const CtlResult a = ctl({u"set"_s, u"items"_s, u"1"_s, u"--expect-version"_s, u"1"_s, u"qty=10"_s}, m_pair.primary());
        QVERIFY2(a.exitCode == 0, qPrintable(a.err));
        const qint64 versionA = a.out.trimmed().toLongLong();
        // ...the primary dies, and the standby takes over without that write
        QVERIFY(StandbyPair::control(u"stop-primary"_s));
        QVERIFY(StandbyPair::control(u"start-standby"_s));
        QVERIFY(StandbyPair::control(u"promote-standby"_s));
        const CtlResult lost = ctl({u"get"_s, u"items"_s, u"1"_s, u"--json"_s}, m_pair.failover());
        QVERIFY2(lost.exitCode == 0, qPrintable(lost.err));
        QCOMPARE(versionOf(lost), qint64(1));
        // ...client B saves the row as it is now
        const CtlResult b = ctl({u"set"_s, u"items"_s, u"1"_s, u"--expect-version"_s, u"1"_s, u"qty=20"_s}, m_pair.failover());
        QVERIFY2(b.exitCode == 0, qPrintable(b.err));
        const qint64 versionB = b.out.trimmed().toLongLong();
        // ...and client A saves again with the version its lost write returned
        const CtlResult stale = ctl({u"set"_s, u"items"_s, u"1"_s, u"--expect-version"_s, QString::number(versionA),
                                     u"qty=30"_s},
                                    m_pair.failover());

        // Then
        QCOMPARE(stale.exitCode, staleSaveExit);
        if (staleSaveExit == 3) {
            // the versions never met, and B's write stands
            QVERIFY(versionB != versionA);
            QCOMPARE(m_pair.scalarOn(m_pair.replica(), u"SELECT qty FROM items WHERE id = 1"_s).toInt(), 20);
        } else {
            // the counter repeated A's lost version, and B's write was overwritten unseen
            QCOMPARE(versionB, versionA);
            QCOMPARE(m_pair.scalarOn(m_pair.replica(), u"SELECT qty FROM items WHERE id = 1"_s).toInt(), 30);
        }
    }

    // With a synchronous standby every acknowledged commit is on it: the failover loses nothing,
    // and concordctl check has no reason to warn about counter versions.
    void aSynchronousStandbyLosesNoAcknowledgedWrite()
    {
        // Given a counter table on a primary that waits for its standby at every commit
        QVERIFY(StandbyPair::control(u"make-synchronous"_s));
        QCOMPARE(m_pair.execOn(m_pair.primary(),
                               {u"CREATE TABLE items (id integer PRIMARY KEY, qty integer)"_s,
                                u"INSERT INTO items (id, qty) VALUES (1, 1)"_s}),
                 QString());
        QCOMPARE(ctl({u"apply"_s, u"items"_s, u"--policy"_s, u"counter"_s}, m_pair.primary()).exitCode, 0);
        const CtlResult check = ctl({u"check"_s}, m_pair.primary());
        QCOMPARE(check.exitCode, 0);
        QVERIFY2(!check.out.contains(u"ASYNC_STANDBY_COUNTER"_s), qPrintable(check.out));

        // When a save is acknowledged and the primary dies at once
        const CtlResult set = ctl({u"set"_s, u"items"_s, u"1"_s, u"--expect-version"_s, u"1"_s, u"qty=10"_s}, m_pair.primary());
        QVERIFY2(set.exitCode == 0, qPrintable(set.err));
        QVERIFY(StandbyPair::control(u"stop-primary"_s));
        QVERIFY(StandbyPair::control(u"promote-standby"_s));

        // Then the promoted standby has it
        const CtlResult get = ctl({u"get"_s, u"items"_s, u"1"_s, u"--json"_s}, m_pair.failover());
        QVERIFY2(get.exitCode == 0, qPrintable(get.err));
        QCOMPARE(versionOf(get), qint64(2));
        QCOMPARE(m_pair.scalarOn(m_pair.replica(), u"SELECT qty FROM items WHERE id = 1"_s).toInt(), 10);
    }

    void checkWarnsAboutCounterTablesWhileAsynchronousStandbysStream()
    {
        // Given a counter table, a timestamp table and a table with a version column never adopted
        QCOMPARE(m_pair.execOn(m_pair.primary(),
                               {u"CREATE TABLE counted (id integer PRIMARY KEY, qty integer)"_s,
                                u"CREATE TABLE timed (id integer PRIMARY KEY, qty integer)"_s,
                                u"CREATE TABLE legacy (id integer PRIMARY KEY, version integer NOT NULL DEFAULT 1)"_s}),
                 QString());
        QCOMPARE(ctl({u"apply"_s, u"counted"_s, u"--policy"_s, u"counter"_s}, m_pair.primary()).exitCode, 0);
        QCOMPARE(ctl({u"apply"_s, u"timed"_s}, m_pair.primary()).exitCode, 0);

        // When concordctl check runs while the standby streams asynchronously
        const CtlResult check = ctl({u"check"_s}, m_pair.primary());

        // Then it warns about the counting tables only, and a warning is no failure
        QCOMPARE(check.exitCode, 0);
        QVERIFY2(check.out.contains(u"warning\tcounted\tASYNC_STANDBY_COUNTER\t"_s), qPrintable(check.out));
        QVERIFY2(check.out.contains(u"warning\tlegacy\tASYNC_STANDBY_COUNTER\t"_s), qPrintable(check.out));
        QVERIFY2(!check.out.contains(u"\ttimed\t"_s), qPrintable(check.out));

        // ...and without a standby streaming, it has nothing to say about failovers
        QVERIFY(StandbyPair::control(u"stop-standby"_s));
        QSqlQuery senders(m_pair.openOn(m_pair.primary()));
        for (QDeadlineTimer deadline(30000); !deadline.hasExpired(); QThread::msleep(50)) {
            if (senders.exec(u"SELECT count(*) FROM pg_stat_replication"_s) && senders.next() && senders.value(0).toInt() == 0)
                break;
        }
        const CtlResult alone = ctl({u"check"_s}, m_pair.primary());
        QCOMPARE(alone.exitCode, 0);
        QVERIFY2(!alone.out.contains(u"ASYNC_STANDBY_COUNTER"_s), qPrintable(alone.out));
        QVERIFY2(!alone.out.contains(u"FAILOVER_UNCHECKED"_s), qPrintable(alone.out));
    }

    void checkSaysSoWhenTheStandbysCannotBeRead()
    {
        // Given a counter table and a role that may not read the standbys' state
        QCOMPARE(m_pair.execOn(m_pair.primary(), {u"CREATE TABLE counted (id integer PRIMARY KEY, qty integer)"_s}), QString());
        QCOMPARE(ctl({u"apply"_s, u"counted"_s, u"--policy"_s, u"counter"_s}, m_pair.primary()).exitCode, 0);
        QCOMPARE(m_pair.execOn(m_pair.primary(),
                               {u"CREATE ROLE reader LOGIN"_s, u"GRANT SELECT ON ALL TABLES IN SCHEMA public TO reader"_s}),
                 QString());
        // (through the primary's socket, which trusts local roles: the role needs no password)
        const QString socket = QFileInfo(qEnvironmentVariable("CONCORD_TEST_STANDBY_CTL")).dir().filePath(u"primary/sock"_s);
        const int port = DatabaseAddress::parse(m_pair.primary()).value().port;
        const QString reader = u"postgresql://reader@/concord?host=%1&port=%2"_s.arg(socket).arg(port);

        // When it runs concordctl check
        const CtlResult check = ctl({u"check"_s}, reader);

        // Then the check says it could not run, never that all is well
        QVERIFY2(check.out.contains(u"warning\tcounted\tFAILOVER_UNCHECKED\t"_s), qPrintable(check.out + check.err));
        QVERIFY2(check.out.contains(u"pg_read_all_stats"_s), qPrintable(check.out));
        QVERIFY(!check.out.contains(u"every table is protected"_s));
    }
};

QTEST_GUILESS_MAIN(tst_Failover)
#include "tst_failover.moc"
