// SPDX-License-Identifier: MIT
// SPDX-FileCopyrightText: 2026 Concord developers
//
// ImportJob, BulkEditJob, BulkDeleteJob, EnableVersioningJob and the model's save under a job's
// table lock, on the backend in CONCORD_TEST_BACKEND.
#include <core/locks/advisorylock.h>
#include <core/jobs/bulkeditjob.h>
#include <core/jobs/enableversioningjob.h>
#include <core/jobs/importjob.h>
#include <tests/support/lockholderprocess.h>
#include <tests/support/modelfixture.h>
#include <tests/support/testmacros.h>

#include <QElapsedTimer>
#include <QScopeGuard>
#include <QSignalSpy>
#include <QSqlError>
#include <QSqlQuery>
#include <QSqlField>
#include <QTemporaryDir>
#include <QTest>

using namespace Concord;
using namespace Concord::Test;
using namespace Qt::StringLiterals;

class tst_Jobs : public QObject
{
    Q_OBJECT

private:
    ModelFixture m_fixture;
    QTemporaryDir m_dir;

    QString writeCsv(const QByteArray &data)
    {
        static int counter = 0;
        const QString path = m_dir.filePath(u"import%1.csv"_s.arg(++counter));
        QFile file(path);
        if (!file.open(QIODevice::WriteOnly) || file.write(data) != data.size())
            return {};
        return path;
    }

    ImportOptions importOf(const QByteArray &data)
    {
        ImportOptions options;
        options.table = u"items"_s;
        options.filePath = writeCsv(data);
        return options;
    }

    int count(const QString &where = u"1 = 1"_s) { return m_fixture.scalar(u"SELECT count(*) FROM items WHERE "_s + where).toInt(); }
    int versionOf(int id) { return m_fixture.scalar(u"SELECT version FROM items WHERE id = %1"_s.arg(id)).toInt(); }

    static BulkRow row(int id, int version)
    {
        QSqlRecord key;
        key.append(QSqlField(u"id"_s, QMetaType(QMetaType::Int)));
        key.setValue(0, id);
        return BulkRow{key, version};
    }

    // The application's own connection, built by hand the way a Qt program does: on
    // PostgreSQL the password is set on the QSqlDatabase, not left to libpq's environment.
    QSqlDatabase applicationConnection(const QString &name)
    {
        const DatabaseAddress address = m_fixture.database().address();
        QSqlDatabase db = QSqlDatabase::addDatabase(address.isSQLite() ? u"QSQLITE"_s : u"QPSQL"_s, name);
        if (address.isSQLite()) {
            db.setDatabaseName(address.path);
        } else {
            db.setHostName(address.host);
            db.setPort(address.port);
            db.setUserName(address.user);
            db.setDatabaseName(address.databaseName);
            db.setPassword(qEnvironmentVariable("PGPASSWORD"));
            db.setConnectOptions(u"connect_timeout=5;application_name=inventory"_s);
        }
        return db;
    }

    std::unique_ptr<AdvisoryLock> openLock(const QString &operation)
    {
        AdvisoryLock::Options options;
        options.applicationName = operationApplicationName(u"tst_jobs"_s, operation);
        options.leaseMs = 5000;
        auto lock = AdvisoryLock::open(m_fixture.database().address(), options);
        return lock ? std::move(lock).value() : nullptr;
    }

private Q_SLOTS:
    void initTestCase() { CONCORD_REQUIRE_BACKEND(); }
    void init() { QCOMPARE(m_fixture.create(), QString()); }
    void cleanup() { m_fixture.destroy(); }

    void importWithOneBadLineWritesNothing()
    {
        // Given a file whose third data line has a word for a number
        ImportJob job(m_fixture.database().address(),
                      importOf("name,qty\nfig,5\ngrape,6\nkiwi,many\nlime,8\n"));

        // When it is imported
        const JobResult result = job.run();

        // Then nothing is written and exactly that line is reported
        QVERIFY(!result);
        QCOMPARE(result.error().code, ErrorCode::InvalidValue);
        QCOMPARE(job.report().rejected.size(), 1);
        QCOMPARE(job.report().rejected.first().line, 4);
        QCOMPARE(job.report().rejected.first().column, u"qty"_s);
        QVERIFY(!job.report().committed);
        QCOMPARE(count(), 4);
    }

    void databaseRejectionWritesNothing()
    {
        // Given a unique name, and a file whose line 4 repeats a name only the database checks
        QVERIFY(m_fixture.exec({u"CREATE UNIQUE INDEX items_name ON items (name)"_s}).isEmpty());
        ImportJob job(m_fixture.database().address(), importOf("name,qty\nfig,5\napple2,1\nfig,7\n"));
        QVERIFY(!job.run());
        QCOMPARE(job.report().rejected.size(), 1);
        QCOMPARE(job.report().rejected.first().line, 4);
        QCOMPARE(count(), 4);
    }

    void goodImportSetsVersionsOnce()
    {
        // Given rows 1 (changed by the file), 2 (as it is) and new rows
        ImportOptions options = importOf("ID,Name,Qty,Note,version\n"
                                         "1,apple,10,red,99\n"
                                         "2,banana,2,yellow,99\n"
                                         ",fig,5,\"\",99\n"
                                         ",\"gr\"\"ape, green\",,,\n");
        ImportJob job(m_fixture.database().address(), options);
        QSignalSpy progress(&job, &Job::progressChanged);

        // When imported
        const JobResult result = job.run();

        // Then new rows start at 1, the changed row is bumped once, the unchanged one stays
        QVERIFY_RESULT(result);
        QCOMPARE(job.report().inserted, 2);
        QCOMPARE(job.report().updated, 1);
        QCOMPARE(job.report().unchanged, 1);
        QCOMPARE(versionOf(1), 2);
        QCOMPARE(versionOf(2), 1);
        QCOMPARE(m_fixture.scalar(u"SELECT qty FROM items WHERE id = 1"_s).toInt(), 10);
        QCOMPARE(m_fixture.scalar(u"SELECT version FROM items WHERE name = 'fig'"_s).toInt(), 1);
        QCOMPARE(m_fixture.scalar(u"SELECT note FROM items WHERE name = 'fig'"_s).toString(), QString());
        QVERIFY(!m_fixture.scalar(u"SELECT note FROM items WHERE name = 'fig'"_s).isNull());
        QVERIFY(m_fixture.scalar(u"SELECT qty FROM items WHERE name = 'gr\"ape, green'"_s).isNull());
        // ...and progress reached the end
        QVERIFY(!progress.isEmpty());
        QCOMPARE(progress.last().at(0).toLongLong(), progress.last().at(1).toLongLong());
    }

    void previewMapsTheFirstRows()
    {
        ImportOptions options = importOf("Label,qty,extra\nfig,5,x\ngrape,lots,y\nkiwi,1,z\n");
        options.mapping.insert(u"label"_s, u"name"_s);
        // A column of the file that matches none of the table is never dropped without a word
        const auto unmapped = ImportJob::preview(m_fixture.a(), options, 2);
        QVERIFY(!unmapped);
        QCOMPARE(unmapped.error().code, ErrorCode::InvalidArgument);
        QVERIFY2(unmapped.error().message.contains(u"'extra' matches no column of items"_s), qPrintable(unmapped.error().message));
        options.mapping.insert(u"extra"_s, QString()); // ignored on purpose
        const auto preview = ImportJob::preview(m_fixture.a(), options, 2);
        QVERIFY_RESULT(preview);
        QCOMPARE(preview.value().mapping.columns.size(), 2);
        QCOMPARE(preview.value().mapping.ignoredHeaders, QStringList{u"extra"_s});
        QCOMPARE(preview.value().rows.size(), 2);
        QCOMPARE(preview.value().rows.at(0).values.value(u"name"_s).toString(), u"fig"_s);
        QVERIFY(preview.value().rows.at(0).problems.isEmpty());
        QCOMPARE(preview.value().rows.at(1).problems.size(), 1);

        options.mapping.insert(u"extra"_s, u"version"_s);
        const auto refused = ImportJob::preview(m_fixture.a(), options);
        QVERIFY(!refused);
        QCOMPARE(refused.error().code, ErrorCode::InvalidArgument);
    }

    void importWhileAnotherProcessHoldsTheTableFailsNamingIt()
    {
        // Given another process holding the table lock
        LockHolderProcess holder{QStringLiteral(CONCORD_TEST_LOCKHOLDER)};
        QVERIFY(holder.start({m_fixture.database().addressText(), tableLockName(u"items"_s), u"--app"_s, u"nightly-sync"_s}));
        QVERIFY(holder.nextOutcome().startsWith(u"acquired"_s));

        // When an import starts (in its thread)
        ImportJob job(m_fixture.database().address(), importOf("name\nfig\n"));
        QSignalSpy finished(&job, &Job::finished);
        job.start();
        QVERIFY(finished.wait(20000));

        // Then it finishes with LockHeld naming the holder, and nothing is written
        const JobResult result = finished.first().first().value<JobResult>();
        QCOMPARE(result.error().code, ErrorCode::LockHeld);
        QVERIFY2(result.error().message.contains(u"nightly-sync"_s), qPrintable(result.error().message));
        QCOMPARE(count(), 4);
    }

    void othersSeeTheJobsOperation()
    {
        // Given a job waiting for a lock this test holds...
        const auto blocker = openLock(u"Maintenance"_s);
        QVERIFY(blocker);
        QVERIFY_RESULT(blocker->tryAcquire(tableLockName(u"items"_s)));
        ImportJob job(m_fixture.database().address(), importOf("name\nfig\n"));
        job.setApplicationName(u"concord"_s);
        job.setLockTimeout(-1);
        QSignalSpy finished(&job, &Job::finished);
        job.start();
        // ...which then gets it once released, and holds it while importing
        QVERIFY_RESULT(blocker->release(tableLockName(u"items"_s)));
        QVERIFY(finished.wait(20000));
        QVERIFY_RESULT(finished.first().first().value<JobResult>());
        QVERIFY(job.generation() >= 2);

        // A recorded holder reads back as the operation
        LockHolder holder;
        holder.application = operationApplicationName(u"concord"_s, job.description());
        holder.user = u"ann"_s;
        holder.host = u"ws7"_s;
        QCOMPARE(holder.operation(), u"Import into items"_s);
        QCOMPARE(holder.activityText(), u"Import into items by ann@ws7"_s);
    }

    // Issue #14: on PostgreSQL the job waits for its lock on its own connection; cancel() ends
    // the wait there as well, and the job leaves neither a holder nor a session behind.
    void cancelEndsTheWaitForTheTableLock()
    {
        // Given a job waiting for a lock this test holds
        const auto blocker = openLock(u"Maintenance"_s);
        QVERIFY(blocker);
        QVERIFY_RESULT(blocker->tryAcquire(tableLockName(u"items"_s)));
        ImportJob job(m_fixture.database().address(), importOf("name\nfig\n"));
        job.setApplicationName(u"tst_jobs"_s);
        job.setLockTimeout(-1);
        QSignalSpy finished(&job, &Job::finished);
        job.start();
        QTest::qWait(300);
        QVERIFY(finished.isEmpty());

        // When it is cancelled
        QElapsedTimer timer;
        timer.start();
        job.cancel();

        // Then it ends soon, cancelled, and nothing is written or left holding
        QVERIFY(finished.wait(5000));
        QVERIFY2(timer.elapsed() < 2000, qPrintable(QString::number(timer.elapsed())));
        QCOMPARE(finished.first().first().value<JobResult>().error().code, ErrorCode::Cancelled);
        QCOMPARE(count(), 4);
        const auto holders = blocker->holders(tableLockName(u"items"_s));
        QVERIFY_RESULT(holders);
        QCOMPARE(holders.value().size(), 1);
        QCOMPARE(holders.value().constFirst().operation(), u"Maintenance"_s);
        if (m_fixture.backend() == Backend::PostgreSQL) {
            QTRY_COMPARE(m_fixture.scalar(u"SELECT count(*) FROM pg_stat_activity WHERE datname = current_database()"
                                          " AND application_name LIKE 'tst_jobs: Import%'"_s).toInt(), 0);
        }
    }

    void cancelMidwayWritesNothing()
    {
        // Given a long file, and a receiver that cancels at the first progress report
        QByteArray data("name,qty\n");
        for (int i = 0; i < 2000; ++i)
            data += "row" + QByteArray::number(i) + "," + QByteArray::number(i) + "\n";
        ImportJob job(m_fixture.database().address(), importOf(data));
        int reports = 0;
        connect(&job, &Job::progressChanged, this, [&](qint64 done, qint64 total) {
            // the write pass starts at half the total: cancel inside it
            if (done > total / 2 && ++reports == 2)
                job.cancel();
        });
        // When it runs
        const JobResult result = job.run();
        // Then it is cancelled and nothing is written
        QCOMPARE(result.error().code, ErrorCode::Cancelled);
        QVERIFY(reports >= 2);
        QCOMPARE(count(), 4);
    }

    void bulkEditSavesAllButTheConflictingRow()
    {
        // Given rows 1..3 seen at version 1, and row 2 changed meanwhile by client B
        QVERIFY(m_fixture.exec({u"UPDATE items SET qty = 20, version = 2 WHERE id = 2"_s}).isEmpty());
        BulkEditJob job(m_fixture.database().address(), u"items"_s, {row(1, 1), row(2, 1), row(3, 1)}, u"note"_s,
                        u"sale"_s);
        QSignalSpy finished(&job, &Job::finished);
        QSignalSpy progress(&job, &Job::progressChanged);

        // When the bulk edit runs in its thread
        job.start();
        QVERIFY(finished.wait(20000));

        // Then rows 1 and 3 are saved and bumped, row 2 is reported and untouched
        const JobResult result = finished.first().first().value<JobResult>();
        QCOMPARE(result.error().code, ErrorCode::RecordModified);
        const BulkReport report = job.report();
        QVERIFY(report.committed);
        QCOMPARE(report.saved.size(), 2);
        QCOMPARE(report.conflicts.size(), 1);
        QCOMPARE(report.conflicts.first().key.value(u"id"_s).toInt(), 2);
        QCOMPARE(report.conflicts.first().currentVersion.toInt(), 2);
        QCOMPARE(count(u"note = 'sale'"_s), 2);
        QCOMPARE(m_fixture.scalar(u"SELECT note FROM items WHERE id = 2"_s).toString(), u"yellow"_s);
        QCOMPARE(versionOf(1), 2);
        QCOMPARE(versionOf(3), 2);
        QCOMPARE(progress.last().at(0).toLongLong(), 3);
    }

    void bulkDeleteIsVersionChecked()
    {
        QVERIFY(m_fixture.exec({u"DELETE FROM items WHERE id = 4"_s, u"UPDATE items SET version = 5 WHERE id = 3"_s}).isEmpty());
        BulkDeleteJob job(m_fixture.database().address(), u"items"_s, {row(1, 1), row(3, 1), row(4, 1)});
        const JobResult result = job.run();
        QCOMPARE(result.error().code, ErrorCode::RecordModified);
        QCOMPARE(job.report().saved.size(), 1);
        QCOMPARE(job.report().conflicts.size(), 2);
        QVERIFY(job.report().conflicts.at(1).deleted);
        QCOMPARE(count(u"id = 1"_s), 0);
        QCOMPARE(count(u"id = 3"_s), 1);
    }

    void bulkEditRefusesTheVersionColumn()
    {
        BulkEditJob job(m_fixture.database().address(), u"items"_s, {row(1, 1)}, u"version"_s, 7);
        QCOMPARE(job.run().error().code, ErrorCode::InvalidArgument);
        QCOMPARE(versionOf(1), 1);
    }

    void enableVersioningRunsUnderTheLock()
    {
        QVERIFY(m_fixture.exec({u"CREATE TABLE plain (id INTEGER PRIMARY KEY, name TEXT)"_s}).isEmpty());
        VersioningConfig config;
        config.table = u"plain"_s;
        EnableVersioningJob held(m_fixture.database().address(), config);
        const auto blocker = openLock(u"Maintenance"_s);
        QVERIFY_RESULT(blocker->tryAcquire(tableLockName(u"plain"_s)));
        QCOMPARE(held.run().error().code, ErrorCode::LockHeld);
        QVERIFY_RESULT(blocker->release(tableLockName(u"plain"_s)));

        EnableVersioningJob job(m_fixture.database().address(), config);
        QVERIFY_RESULT(job.run());
        QVERIFY(!job.actions().isEmpty());
    }

    void jobConnectsWithTheSettingsOfAnApplicationsConnection()
    {
        // Given the application's connection, and (on PostgreSQL) no password anywhere but in it
        {
            QSqlDatabase application = applicationConnection(u"application"_s);
            QVERIFY2(application.open(), qPrintable(application.lastError().text()));
            const QByteArray pgPassword = qgetenv("PGPASSWORD");
            const QByteArray pgPassFile = qgetenv("PGPASSFILE");
            qunsetenv("PGPASSWORD");
            qputenv("PGPASSFILE", QFile::encodeName(m_dir.filePath(u"no-such-pgpass"_s)));
            const auto restore = qScopeGuard([&] {
                qputenv("PGPASSWORD", pgPassword);
                pgPassFile.isNull() ? qunsetenv("PGPASSFILE") : qputenv("PGPASSFILE", pgPassFile);
            });

            // When a bulk edit made from it runs in its own thread
            BulkEditJob job(application, u"items"_s, {row(1, 1), row(2, 1)}, u"note"_s, u"sale"_s);
            QSignalSpy finished(&job, &Job::finished);
            job.start();
            QVERIFY(finished.wait(20000));

            // Then it connected (the password came from the QSqlDatabase) and saved both rows
            const JobResult result = finished.first().first().value<JobResult>();
            QVERIFY_RESULT(result);
            QCOMPARE(count(u"note = 'sale'"_s), 2);
            QCOMPARE(versionOf(1), 2);
            // ...and the application's connection is untouched and still usable
            QVERIFY(application.isOpen());
            QSqlQuery query(application);
            QVERIFY(query.exec(u"SELECT note FROM items WHERE id = 1"_s) && query.next());
            QCOMPARE(query.value(0).toString(), u"sale"_s);

            // And without the password the same job cannot connect: it really was needed
            if (backendUnderTest() == Backend::PostgreSQL) {
                QSqlDatabase withoutPassword = QSqlDatabase::cloneDatabase(application, u"application-no-password"_s);
                withoutPassword.setPassword({});
                BulkEditJob refused(withoutPassword, u"items"_s, {row(3, 1)}, u"note"_s, u"sale"_s);
                const JobResult refusal = refused.run();
                QVERIFY2(refusal.error().code == ErrorCode::PasswordRequired
                             || refusal.error().code == ErrorCode::ConnectionFailed,
                         qPrintable(refusal.error().message));
                QCOMPARE(versionOf(3), 1);
            }
        }
        QSqlDatabase::removeDatabase(u"application-no-password"_s);
        QSqlDatabase::removeDatabase(u"application"_s);
    }

    void jobRefusesAConnectionItCannotReproduce()
    {
        // Given an in-memory SQLite connection, which no second connection can reach
        {
            QSqlDatabase memory = QSqlDatabase::addDatabase(u"QSQLITE"_s, u"memory"_s);
            memory.setDatabaseName(u":memory:"_s);
            VersioningConfig config;
            config.table = u"items"_s;
            EnableVersioningJob job(memory, config);

            // When it runs, Then it says why and writes nothing
            const JobResult result = job.run();
            QCOMPARE(result.error().code, ErrorCode::InvalidArgument);
            QVERIFY2(result.error().message.contains(u"in-memory"_s), qPrintable(result.error().message));
        }
        QSqlDatabase::removeDatabase(u"memory"_s);
    }

    void modelSaveFailsWhileAJobHoldsTheTable()
    {
        // Given an editor with a pending edit, its lock owner set on the model
        auto model = m_fixture.load(m_fixture.a());
        const auto editorLock = openLock({});
        QVERIFY(editorLock);
        model->setTableLock(editorLock.get());
        QVERIFY(ModelFixture::edit(*model, 0, u"note"_s, u"mine"_s));
        // ...and an exclusive job's lock on the table, held by another owner
        const auto job = openLock(u"Import into items"_s);
        QVERIFY_RESULT(job->tryAcquire(tableLockName(u"items"_s)));

        // When the editor saves, Then it fails at once naming the operation, writing nothing
        QVERIFY(!model->submitAll());
        QVERIFY(VersionedTableModel::isLockHeld(model->lastError()));
        QVERIFY2(model->lastError().text().contains(u"Import into items"_s), qPrintable(model->lastError().text()));
        QVERIFY(model->isRowDirty(0));
        QCOMPARE(m_fixture.scalar(u"SELECT note FROM items WHERE id = 1"_s).toString(), u"red"_s);

        // ...and once the job is done the same edit saves
        QVERIFY_RESULT(job->release(tableLockName(u"items"_s)));
        QVERIFY_SQL(*model, submitAll());
        QCOMPARE(m_fixture.scalar(u"SELECT note FROM items WHERE id = 1"_s).toString(), u"mine"_s);
    }
};

QTEST_GUILESS_MAIN(tst_Jobs)
#include "tst_jobs.moc"
