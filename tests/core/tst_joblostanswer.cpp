// SPDX-License-Identifier: MIT
// SPDX-FileCopyrightText: 2026 Concord developers
//
// Issue #14: a job whose connection is lost runs again, and a job whose COMMIT answer is lost
// learns from its receipt (core/jobs/jobreceipt.h) whether its work is stored. The connection is
// lost on the real server, three ways: a row trigger ends its own session in the middle of the
// work (before COMMIT), a deferred constraint trigger ends it at COMMIT (the commit never
// happens), and a forwarder drops the answer after the server committed (AnswerDropProxy). The
// receipt's bookkeeping runs on both backends.
#include <core/db/tableschema.h>
#include <core/errors.h>
#include <core/jobs/bulkeditjob.h>
#include <core/jobs/importjob.h>
#include <core/jobs/jobreceipt.h>
#include <tests/support/answerdropproxy.h>
#include <tests/support/ctlprocess.h>
#include <tests/support/modelfixture.h>
#include <tests/support/testmacros.h>

#include <QSignalSpy>
#include <QSqlField>
#include <QTemporaryDir>
#include <QTest>

using namespace Concord;
using namespace Concord::Test;
using namespace Qt::StringLiterals;

class tst_JobLostAnswer : public QObject
{
    Q_OBJECT

private:
    ModelFixture m_fixture;
    QTemporaryDir m_dir;
    std::unique_ptr<AnswerDropProxy> m_proxy;

    bool isPostgreSQL() const { return m_fixture.backend() == Backend::PostgreSQL; }

    // An import of \a rows new rows named row-1, row-2, ... with qty 1 each.
    ImportOptions importOfRows(int rows)
    {
        QByteArray data = "name,qty\n";
        for (int i = 1; i <= rows; ++i)
            data += "row-" + QByteArray::number(i) + ",1\n";
        const QString path = m_dir.filePath(u"rows%1.csv"_s.arg(rows));
        QFile file(path);
        if (!file.open(QIODevice::WriteOnly) || file.write(data) != data.size())
            return {};
        ImportOptions options;
        options.table = u"items"_s;
        options.filePath = path;
        return options;
    }

    int imported() { return m_fixture.scalar(u"SELECT count(*) FROM items WHERE name LIKE 'row-%'"_s).toInt(); }
    int distinctImported()
    {
        return m_fixture.scalar(u"SELECT count(DISTINCT name) FROM items WHERE name LIKE 'row-%'"_s).toInt();
    }
    int receipts(const QString &kind)
    {
        return m_fixture.scalar(u"SELECT count(*) FROM concord_job_receipts WHERE kind = '%1'"_s.arg(kind)).toInt();
    }

    // The scratch database's address through a fresh AnswerDropProxy (port 0 when it cannot listen).
    DatabaseAddress proxiedAddress()
    {
        m_proxy = std::make_unique<AnswerDropProxy>();
        DatabaseAddress address = m_fixture.database().address();
        if (!m_proxy->start(address.host, address.port))
            return {};
        address.host = u"127.0.0.1"_s;
        address.port = m_proxy->port();
        return address;
    }

    // One job run first, so that the lock's and the receipts' tables exist: their creation
    // commits too, and the proxy must lose the answer to the job's own COMMIT.
    bool warmUp()
    {
        ImportJob job(m_fixture.database().address(), importOfRows(0));
        return job.run().ok();
    }

    // A trigger that ends the writing session (pg_terminate_backend of itself) at the row named
    // row-50, on the first run only: a sequence counts outside of transactions. \a deferred
    // makes it a constraint trigger run at COMMIT; otherwise it runs amid the work.
    QString killTheFirstRunAtRow50(bool deferred, bool everyRun = false)
    {
        const QString condition = everyRun ? u"TRUE"_s : u"nextval('kill_once') = 1"_s;
        return m_fixture.exec({
            u"CREATE SEQUENCE kill_once"_s,
            u"CREATE FUNCTION kill_first_run() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN "
            "IF NEW.name = 'row-50' AND %1 THEN PERFORM pg_terminate_backend(pg_backend_pid()); "
            "PERFORM pg_sleep(30); END IF; RETURN NULL; END $$"_s.arg(condition),
            deferred ? u"CREATE CONSTRAINT TRIGGER kill_first_run AFTER INSERT ON items DEFERRABLE INITIALLY DEFERRED "
                       "FOR EACH ROW EXECUTE FUNCTION kill_first_run()"_s
                     : u"CREATE TRIGGER kill_first_run AFTER INSERT ON items FOR EACH ROW EXECUTE FUNCTION kill_first_run()"_s,
        });
    }

    static BulkRow row(int id, int version)
    {
        QSqlRecord key;
        key.append(QSqlField(u"id"_s, QMetaType(QMetaType::Int)));
        key.setValue(0, id);
        return BulkRow{key, version};
    }

private Q_SLOTS:
    void initTestCase()
    {
        CONCORD_REQUIRE_BACKEND();
        QVERIFY(m_dir.isValid());
    }
    void init() { QCOMPARE(m_fixture.create(), QString()); }
    void cleanup()
    {
        m_proxy.reset();
        m_fixture.destroy();
    }

    // --- the receipt's bookkeeping, both backends ------------------------------------------------

    void aJobLeavesOneReceiptAndDeletesItsTablesOldOnes()
    {
        // Given receipts older than a day, of this table and another
        QVERIFY_RESULT(JobReceipts::prepare(m_fixture.a()));
        const QString dayAgo = isPostgreSQL() ? u"CURRENT_TIMESTAMP - INTERVAL '2 days'"_s : u"datetime('now', '-2 days')"_s;
        QCOMPARE(m_fixture.exec({u"INSERT INTO concord_job_receipts (token, table_name, description, finished_at) "
                                 "VALUES ('old-items', 'items', 'an old import', %1), "
                                 "('old-other', 'other', 'an old import', %1)"_s.arg(dayAgo)}),
                 QString());

        // When an import runs
        ImportJob job(m_fixture.database().address(), importOfRows(3));
        QVERIFY_RESULT(job.run());

        // Then its receipt is there, the table's old one is gone, the other table's is left to its
        // own jobs, and the editor does not list the bookkeeping table
        QCOMPARE(m_fixture.scalar(u"SELECT count(*) FROM concord_job_receipts WHERE table_name = 'items'"_s).toInt(), 1);
        QCOMPARE(m_fixture.scalar(u"SELECT description FROM concord_job_receipts WHERE table_name = 'items'"_s).toString(),
                 job.description());
        QCOMPARE(m_fixture.scalar(u"SELECT count(*) FROM concord_job_receipts WHERE token = 'old-other'"_s).toInt(), 1);
        QVERIFY(isConcordTable(QString::fromLatin1(JobReceipts::tableName)));
        QVERIFY(job.recoveryNote().isEmpty());
        QCOMPARE(job.attempts(), 1);
    }

    // --- lost connections, PostgreSQL -------------------------------------------------------------

    void aConnectionLostAmidTheWorkRunsItAgainAndStoresItOnce()
    {
        if (!isPostgreSQL())
            QSKIP("a session ended by the server is a PostgreSQL case");
        // Given a trigger that ends the job's session at row 50 of its first run
        QCOMPARE(killTheFirstRunAtRow50(false), QString());
        ImportJob job(m_fixture.database().address(), importOfRows(200));
        QSignalSpy reconnecting(&job, &Job::reconnecting);
        QSignalSpy progress(&job, &Job::progressChanged);

        // When it runs
        const JobResult result = job.run();

        // Then it reconnected once, ran again from the start, and every row is stored once
        QVERIFY2(result.ok(), qPrintable(result.ok() ? QString() : result.error().message));
        QCOMPARE(job.attempts(), 2);
        QCOMPARE(reconnecting.size(), 1);
        QCOMPARE(reconnecting.at(0).at(0).toInt(), 1);
        QCOMPARE(reconnecting.at(0).at(1).toInt(), 500);
        QVERIFY2(!reconnecting.at(0).at(2).toString().isEmpty(), "the reason is said");
        QCOMPARE(imported(), 200);
        QCOMPARE(distinctImported(), 200);
        QCOMPARE(job.report().inserted, qint64(200));
        QVERIFY(job.report().committed);
        QVERIFY2(!job.recoveryNote().isEmpty(), "the report says it ran again");
        // ...and progress went back to 0 before the second run
        bool wentBack = false;
        for (const QList<QVariant> &report : std::as_const(progress))
            wentBack = wentBack || (report.at(0).toLongLong() == 0 && report.at(1).toLongLong() == 0);
        QVERIFY(wentBack);
        QCOMPARE(receipts(u"receipt"_s), 1);
    }

    void cancelDuringTheReconnectPauseWritesNothing()
    {
        if (!isPostgreSQL())
            QSKIP("a session ended by the server is a PostgreSQL case");
        // Given a trigger that ends the job's session at row 50 of every run
        QCOMPARE(killTheFirstRunAtRow50(false, true), QString());
        ImportJob job(m_fixture.database().address(), importOfRows(100));
        connect(&job, &Job::reconnecting, &job, [&job] { job.cancel(); });

        // When the user cancels while it waits to reconnect
        const JobResult result = job.run();

        // Then it stops there, saying nothing was written, which is so
        QVERIFY(!result.ok());
        QCOMPARE(result.error().code, ErrorCode::Cancelled);
        QCOMPARE(job.attempts(), 1);
        QCOMPARE(imported(), 0);
    }

    void aConnectionNeverBackFailsSayingNothingWasWritten()
    {
        if (!isPostgreSQL())
            QSKIP("a session ended by the server is a PostgreSQL case");
        // Given a trigger that ends the job's session at row 50 of every run, and a short limit
        QCOMPARE(killTheFirstRunAtRow50(false, true), QString());
        ImportJob job(m_fixture.database().address(), importOfRows(100));
        job.setReconnectLimit(1200);
        QSignalSpy reconnecting(&job, &Job::reconnecting);

        // When it runs
        const JobResult result = job.run();

        // Then it gives up within the limit, saying nothing was written
        QVERIFY(!result.ok());
        QCOMPARE(result.error().code, ErrorCode::ConnectionFailed);
        QVERIFY2(result.error().message.contains(u"nothing was written"_s), qPrintable(result.error().message));
        QVERIFY(reconnecting.size() >= 1);
        QVERIFY(job.attempts() >= 2);
        QCOMPARE(imported(), 0);
    }

    void aCommitKilledBeforeItWasMadeIsFoundNotStoredAndRunsAgain()
    {
        if (!isPostgreSQL())
            QSKIP("a session ended at COMMIT is a PostgreSQL case");
        // Given a deferred trigger that ends the job's session at its first COMMIT, before the
        // commit is made
        QCOMPARE(killTheFirstRunAtRow50(true), QString());
        ImportJob job(m_fixture.database().address(), importOfRows(100));
        QSignalSpy reconnecting(&job, &Job::reconnecting);

        // When it runs
        const JobResult result = job.run();

        // Then the receipt check found the first run not stored (and fenced it), the job ran
        // again, and every row is there once
        QVERIFY2(result.ok(), qPrintable(result.ok() ? QString() : result.error().message));
        QCOMPARE(job.attempts(), 2);
        QCOMPARE(reconnecting.size(), 2); // the receipt check, then the second run
        QCOMPARE(imported(), 100);
        QCOMPARE(distinctImported(), 100);
        QCOMPARE(receipts(u"fence"_s), 1);
        QCOMPARE(receipts(u"receipt"_s), 1);
    }

    void anImportWhoseCommitAnswerIsLostIsProvenStoredByItsReceipt()
    {
        if (!isPostgreSQL())
            QSKIP("a lost answer is a PostgreSQL case");
        QVERIFY(warmUp());
        const DatabaseAddress address = proxiedAddress();
        QVERIFY(address.port > 0);
        m_proxy->dropAnswerTo("COMMIT");
        ImportJob job(address, importOfRows(100));
        QSignalSpy reconnecting(&job, &Job::reconnecting);

        // When the server commits the import and its answer never arrives
        const JobResult result = job.run();

        // Then the receipt proved it stored: success, said in the report, and nothing ran twice
        QVERIFY(m_proxy->hasDropped());
        QVERIFY2(result.ok(), qPrintable(result.ok() ? QString() : result.error().message));
        QCOMPARE(job.attempts(), 1);
        QCOMPARE(reconnecting.size(), 1);
        QVERIFY(job.report().committed);
        QCOMPARE(job.report().inserted, qint64(100));
        QVERIFY2(job.recoveryNote().contains(u"receipt"_s), qPrintable(job.recoveryNote()));
        QCOMPARE(imported(), 100);
        QCOMPARE(distinctImported(), 100);
        QCOMPARE(receipts(u"fence"_s), 0);
    }

    void aBulkEditWhoseCommitAnswerIsLostIsProvenStoredOnce()
    {
        if (!isPostgreSQL())
            QSKIP("a lost answer is a PostgreSQL case");
        QVERIFY(warmUp());
        const DatabaseAddress address = proxiedAddress();
        QVERIFY(address.port > 0);
        m_proxy->dropAnswerTo("COMMIT");
        BulkEditJob job(address, u"items"_s, {row(1, 1), row(2, 1)}, u"qty"_s, 9);

        // When the server commits the edit and its answer never arrives
        const JobResult result = job.run();

        // Then it succeeded, its report is committed, and each row was bumped once
        QVERIFY(m_proxy->hasDropped());
        QVERIFY2(result.ok(), qPrintable(result.ok() ? QString() : result.error().message));
        QVERIFY(job.report().committed);
        QCOMPARE(job.report().saved.size(), 2);
        QCOMPARE(m_fixture.scalar(u"SELECT count(*) FROM items WHERE qty = 9 AND version = 2"_s).toInt(), 2);
        QVERIFY(!job.recoveryNote().isEmpty());
    }

    void aLostAnswerWhoseReceiptCannotBeReadStaysUnknown()
    {
        if (!isPostgreSQL())
            QSKIP("a lost answer is a PostgreSQL case");
        QVERIFY(warmUp());
        const DatabaseAddress address = proxiedAddress();
        QVERIFY(address.port > 0);
        m_proxy->dropAnswerTo("COMMIT");
        m_proxy->setRefuseAfterDrop(true);
        ImportJob job(address, importOfRows(20));
        job.setReconnectLimit(1600);

        // When the answer is lost and the database cannot be reached again within the limit
        const JobResult result = job.run();

        // Then the job says that all of it or none of it is stored (it is: the server committed),
        // never "nothing was written", and it did not run again
        QVERIFY(m_proxy->hasDropped());
        QVERIFY(!result.ok());
        QVERIFY(isOutcomeUnknown(result.error().sqlError));
        QVERIFY2(result.error().message.contains(u"all of it or none of it is stored"_s), qPrintable(result.error().message));
        QVERIFY(!result.error().message.contains(u"nothing was written"_s));
        QVERIFY(!job.report().committed);
        QCOMPARE(job.attempts(), 1);
        QCOMPARE(imported(), 20);
    }

    void concordctlImportSaysItReconnectsAndWhatTheReceiptProved()
    {
        if (!isPostgreSQL())
            QSKIP("a lost answer is a PostgreSQL case");
        QVERIFY(warmUp());
        const DatabaseAddress address = proxiedAddress();
        QVERIFY(address.port > 0);
        m_proxy->dropAnswerTo("COMMIT");

        // When concordctl imports and the answer to its COMMIT is lost
        const CtlResult import = runCtl(QStringLiteral(CONCORD_CTL), {u"import"_s, u"items"_s, importOfRows(30).filePath},
                                        address.toString());

        // Then it says so on stderr, and the import succeeded once
        QVERIFY(m_proxy->hasDropped());
        QVERIFY2(import.exitCode == 0, qPrintable(import.err));
        QVERIFY2(import.err.contains(u"connection lost; reconnecting (attempt 1, in 0.5 s)"_s), qPrintable(import.err));
        QVERIFY2(import.err.contains(u"receipt proved the work stored"_s), qPrintable(import.err));
        QVERIFY2(import.out.contains(u"30 inserted"_s), qPrintable(import.out));
        QCOMPARE(imported(), 30);
    }
};

QTEST_GUILESS_MAIN(tst_JobLostAnswer)
#include "tst_joblostanswer.moc"
