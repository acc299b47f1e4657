// SPDX-License-Identifier: MIT
// SPDX-FileCopyrightText: 2026 Concord developers
//
// Issue #14: a job running when its server fails over. The real primary and streaming standby of
// scripts/lib/standby.sh ($CONCORD_TEST_STANDBY_CTL, a pair of its own, shared with tst_failover
// through the resource lock): the primary stops in the middle of an import, the standby is
// promoted, and the job, on a multi-host address with target_session_attrs=read-write,
// reconnects to the new primary and runs again from the start. Every test starts from a fresh pair.
#include <core/db/databaseaddress.h>
#include <core/jobs/importjob.h>
#include <tests/support/scratchdatabase.h>
#include <tests/support/standbypair.h>
#include <tests/support/testmacros.h>

#include <QElapsedTimer>
#include <QFile>
#include <QSignalSpy>
#include <QTemporaryDir>
#include <QTest>

using namespace Concord;
using namespace Qt::StringLiterals;
using Concord::Test::StandbyPair;

namespace {

constexpr int rowCount = 2000;

} // namespace

class tst_JobFailover : public QObject
{
    Q_OBJECT

private:
    StandbyPair m_pair;
    QTemporaryDir m_dir;

    // rowCount lines "id,qty" with qty = id.
    QString writeCsv()
    {
        QByteArray data = "id,qty\n";
        for (int i = 1; i <= rowCount; ++i)
            data += QByteArray::number(i) + ',' + QByteArray::number(i) + '\n';
        const QString path = m_dir.filePath(u"rows.csv"_s);
        QFile file(path);
        if (!file.open(QIODevice::WriteOnly) || file.write(data) != data.size())
            return {};
        return path;
    }

private Q_SLOTS:
    void initTestCase()
    {
        if (qEnvironmentVariable("CONCORD_TEST_STANDBY_CTL").isEmpty()) {
            if (Concord::Test::postgresRequired())
                QFAIL("needs the primary and standby of scripts/lib/standby.sh (CONCORD_TEST_STANDBY_CTL)");
            QSKIP("needs the primary and standby of scripts/lib/standby.sh (scripts/test starts them)");
        }
        QVERIFY(!m_pair.primary().isEmpty() && !m_pair.replica().isEmpty() && !m_pair.failover().isEmpty());
        QVERIFY(m_dir.isValid());
    }
    void init() { QVERIFY(StandbyPair::control(u"reset"_s)); }
    void cleanup() { m_pair.closeConnections(); }
    void cleanupTestCase() { StandbyPair::control(u"reset"_s); }

    void anImportInterruptedByAFailoverRunsAgainOnTheNewPrimaryAndStoresEachRowOnce()
    {
        // Given a table whose inserts are slowed by a row trigger (on both servers: it streams),
        // so that the import is still writing when the primary dies
        QCOMPARE(m_pair.execOn(m_pair.primary(),
                               {u"CREATE TABLE items (id integer PRIMARY KEY, qty integer, version bigint NOT NULL DEFAULT 1)"_s,
                                u"CREATE FUNCTION slow_insert() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN "
                                "PERFORM pg_sleep(0.002); RETURN NEW; END $$"_s,
                                u"CREATE TRIGGER slow_insert BEFORE INSERT ON items FOR EACH ROW EXECUTE FUNCTION slow_insert()"_s}),
                 QString());
        QVERIFY(m_pair.waitForStandby());
        ImportOptions options;
        options.table = u"items"_s;
        options.filePath = writeCsv();
        const DatabaseAddress address = DatabaseAddress::parse(m_pair.failover()).value();
        ImportJob job(address, options);
        QSignalSpy reconnecting(&job, &Job::reconnecting);
        QSignalSpy finished(&job, &Job::finished);
        qint64 done = 0;
        qint64 total = 0;
        connect(&job, &Job::progressChanged, this, [&](qint64 d, qint64 t) {
            done = d;
            total = t;
        });

        // When the primary stops while the job writes (the second half of its progress), and
        // the standby is promoted
        job.start();
        QTRY_VERIFY_WITH_TIMEOUT(total > 0 && done > total * 6 / 10, 60000);
        QVERIFY(finished.isEmpty());
        QElapsedTimer sinceStop;
        sinceStop.start();
        QVERIFY(StandbyPair::control(u"stop-primary"_s));
        QVERIFY(StandbyPair::control(u"promote-standby"_s));
        const qint64 promotedAfter = sinceStop.elapsed();

        // Then the job reconnected, ran again on the new primary and finished
        QTRY_VERIFY_WITH_TIMEOUT(!finished.isEmpty(), 90000);
        const JobResult result = job.result().value();
        QVERIFY2(result.ok(), qPrintable(result.ok() ? QString() : result.error().message));
        QVERIFY(!reconnecting.isEmpty());
        QVERIFY(job.attempts() >= 2);
        QVERIFY(!job.recoveryNote().isEmpty());
        qInfo("promoted %lld ms after the stop; the job finished %lld ms after it, %d runs, %lld reconnect signals",
              promotedAfter, sinceStop.elapsed(), job.attempts(), qint64(reconnecting.size()));
        // ...with every row there, once, at its first version
        QCOMPARE(m_pair.scalarOn(m_pair.replica(), u"SELECT count(*) FROM items"_s).toInt(), rowCount);
        QCOMPARE(m_pair.scalarOn(m_pair.replica(), u"SELECT sum(qty) FROM items"_s).toLongLong(),
                 qint64(rowCount) * (rowCount + 1) / 2);
        QCOMPARE(m_pair.scalarOn(m_pair.replica(), u"SELECT count(*) FROM items WHERE version <> 1 OR qty <> id"_s).toInt(), 0);
        QCOMPARE(job.report().inserted, qint64(rowCount));
        QCOMPARE(m_pair.scalarOn(m_pair.replica(), u"SELECT count(*) FROM concord_job_receipts WHERE kind = 'receipt'"_s).toInt(),
                 1);
    }
};

QTEST_GUILESS_MAIN(tst_JobFailover)
#include "tst_jobfailover.moc"
