// SPDX-License-Identifier: MIT
// SPDX-FileCopyrightText: 2026 Concord developers
//
// concordctl lock / locks / import end to end: real child processes, on SQLite and PostgreSQL.
#include <core/locks/advisorylock.h>
#include <core/jobs/job.h>
#include <tests/support/lockholderprocess.h>
#include <tests/support/modelfixture.h>
#include <tests/support/testmacros.h>

#include <QFile>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QProcess>
#include <QTemporaryDir>
#include <QSqlError>
#include <QSqlQuery>
#include <QTest>

#include <csignal>

using namespace Concord;
using namespace Concord::Test;
using namespace Qt::StringLiterals;

namespace {

constexpr int shortLeaseMs = 1000;

struct CtlResult
{
    int exitCode = -1;
    QString out;
    QString err;
};

// True while \a pid exists and is not a zombie (a reparented child may wait to be reaped).
bool isAlive(qint64 pid)
{
    QFile stat(u"/proc/%1/stat"_s.arg(pid));
    if (!stat.open(QIODevice::ReadOnly))
        return false;
    const QByteArray text = stat.readAll();
    const qsizetype close = text.lastIndexOf(')');
    return close > 0 && text.size() > close + 2 && text.at(close + 2) != 'Z' && text.at(close + 2) != 'X';
}

} // namespace

class tst_CtlLock : public QObject
{
    Q_OBJECT

private:
    ModelFixture m_fixture;
    QTemporaryDir m_dir;

    void prepare(QProcess &process)
    {
        QProcessEnvironment environment = QProcessEnvironment::systemEnvironment();
        environment.insert(u"CONCORD_DB"_s, m_fixture.database().addressText());
        environment.insert(u"CONCORD_LOCK_LEASE_MS"_s, QString::number(shortLeaseMs));
        process.setProcessEnvironment(environment);
    }

    CtlResult ctl(const QStringList &arguments)
    {
        QProcess process;
        prepare(process);
        process.start(QStringLiteral(CONCORD_CTL), arguments);
        if (!process.waitForFinished(30000))
            return {};
        return {process.exitStatus() == QProcess::NormalExit ? process.exitCode() : -1,
                QString::fromUtf8(process.readAllStandardOutput()), QString::fromUtf8(process.readAllStandardError())};
    }

    std::unique_ptr<LockHolderProcess> hold(const QString &name, const QString &application)
    {
        auto holder = std::make_unique<LockHolderProcess>(QStringLiteral(CONCORD_TEST_LOCKHOLDER));
        holder->start({m_fixture.database().addressText(), name, u"--app"_s, application, u"--lease-ms"_s,
                       QString::number(shortLeaseMs)});
        if (!holder->nextOutcome().startsWith(u"acquired"_s))
            return {};
        return holder;
    }

    QString readLine(QProcess &process)
    {
        while (!process.canReadLine()) {
            if (!process.waitForReadyRead(20000))
                return {};
        }
        return QString::fromUtf8(process.readLine()).trimmed();
    }

private Q_SLOTS:
    void initTestCase() { CONCORD_REQUIRE_BACKEND(); }
    void init() { QCOMPARE(m_fixture.create(), QString()); }
    void cleanup() { m_fixture.destroy(); }

    void abortFailsAtOnceNamingTheHolder()
    {
        const auto holder = hold(u"jobs"_s, u"nightly-sync"_s);
        QVERIFY(holder);
        const CtlResult result = ctl({u"lock"_s, u"jobs"_s, u"--abort"_s, u"--"_s, u"sh"_s, u"-c"_s, u"echo ran"_s});
        QCOMPARE(result.exitCode, 4);
        QVERIFY(result.out.isEmpty());
        QVERIFY2(result.err.contains(u"nightly-sync"_s), qPrintable(result.err));
        QVERIFY2(result.err.contains(u"pid %1"_s.arg(holder->processId())), qPrintable(result.err));
    }

    void commandExitCodeAndGenerationPassThrough()
    {
        const QStringList command{u"lock"_s, u"jobs"_s, u"--abort"_s, u"--"_s, u"sh"_s, u"-c"_s,
                                  u"echo \"$CONCORD_LOCK_NAME $CONCORD_LOCK_GENERATION\"; exit 7"_s};
        const CtlResult first = ctl(command);
        QCOMPARE(first.exitCode, 7);
        QCOMPARE(first.out, u"jobs 1\n"_s);
        const CtlResult second = ctl(command);
        QCOMPARE(second.exitCode, 7);
        QCOMPARE(second.out, u"jobs 2\n"_s);
        QCOMPARE(ctl({u"lock"_s, u"jobs"_s, u"--"_s, u"true"_s}).exitCode, 0); // released each time
        QCOMPARE(ctl({u"lock"_s, u"jobs"_s, u"--abort"_s}).exitCode, 2);     // no command
    }

    void blockWaitsUntilTheHolderReleases()
    {
        // Given a holder (generation 1) and a blocking concordctl started after it
        const auto holder = hold(u"jobs"_s, u"nightly-sync"_s);
        QVERIFY(holder);
        QProcess waiting;
        prepare(waiting);
        waiting.start(QStringLiteral(CONCORD_CTL), {u"lock"_s, u"jobs"_s, u"--block"_s, u"--timeout"_s, u"60"_s, u"--"_s,
                                                    u"sh"_s, u"-c"_s, u"echo $CONCORD_LOCK_GENERATION"_s});
        QVERIFY(waiting.waitForStarted());
        // When the holder releases
        QCOMPARE(holder->release(), u"released"_s);
        // Then the command runs with the next generation: it waited instead of failing
        QVERIFY(waiting.waitForFinished(30000));
        QCOMPARE(waiting.exitCode(), 0);
        QCOMPARE(QString::fromUtf8(waiting.readAllStandardOutput()), u"2\n"_s);
    }

    void blockTimesOutWithExit4()
    {
        const auto holder = hold(u"jobs"_s, u"nightly-sync"_s);
        QVERIFY(holder);
        const CtlResult result = ctl({u"lock"_s, u"jobs"_s, u"--block"_s, u"--timeout"_s, u"0.3"_s, u"--"_s, u"true"_s});
        QCOMPARE(result.exitCode, 4);
        QVERIFY2(result.err.contains(u"nightly-sync"_s), qPrintable(result.err));
    }

    void killedConcordctlTakesItsCommandAndLockWithIt()
    {
        // Given concordctl running a long command under the lock
        QProcess holder;
        prepare(holder);
        holder.start(QStringLiteral(CONCORD_CTL), {u"lock"_s, u"jobs"_s, u"--abort"_s, u"--"_s, u"sh"_s, u"-c"_s,
                                                   u"echo $$; exec sleep 60"_s});
        const qint64 commandPid = readLine(holder).toLongLong();
        QVERIFY(commandPid > 0);
        QVERIFY(isAlive(commandPid));

        // When concordctl is killed with SIGKILL
        holder.kill();
        QVERIFY(holder.waitForFinished(10000));

        // Then the command dies with it (PR_SET_PDEATHSIG)...
        QTRY_VERIFY_WITH_TIMEOUT(!isAlive(commandPid), 10000);
        // ...and the lock comes free: at once on PostgreSQL, after the short lease on SQLite
        const CtlResult next = ctl({u"lock"_s, u"jobs"_s, u"--block"_s, u"--timeout"_s, u"20"_s, u"--"_s, u"true"_s});
        QCOMPARE(next.exitCode, 0);
    }

    // Issue #10, item 2: on PostgreSQL the lock lives in the holder's session. When the server
    // ends that session, the holder must stop its command and say so, never run on beside a
    // second holder.
    void aHolderWhoseSessionEndsStopsItsCommandAndFails()
    {
        if (m_fixture.backend() != Backend::PostgreSQL)
            QSKIP("SQLite locks are leases; their loss is tested in tst_advisorylock");
        // Given concordctl running a long command under the lock
        QProcess holder;
        prepare(holder);
        holder.start(QStringLiteral(CONCORD_CTL), {u"lock"_s, u"jobs"_s, u"--abort"_s, u"--"_s, u"sh"_s, u"-c"_s,
                                                   u"echo $$; exec sleep 60"_s});
        const qint64 commandPid = readLine(holder).toLongLong();
        QVERIFY(commandPid > 0);

        // When the server terminates the holder's lock session
        QSqlQuery query(m_fixture.b());
        QVERIFY2(query.exec(u"SELECT pg_terminate_backend(backend_pid) FROM concord_lock_holders WHERE name = 'jobs'"_s)
                     && query.next() && query.value(0).toBool(),
                 qPrintable(query.lastError().text()));

        // Then the command is stopped and concordctl fails, naming the lost lock
        QVERIFY(holder.waitForFinished(10000));
        QCOMPARE(holder.exitCode(), 1);
        const QString err = QString::fromUtf8(holder.readAllStandardError());
        QVERIFY2(err.contains(u"lost"_s), qPrintable(err));
        QTRY_VERIFY_WITH_TIMEOUT(!isAlive(commandPid), 5000);
        // ...and the lock is free for the next holder, who is then the only one
        const CtlResult next = ctl({u"lock"_s, u"jobs"_s, u"--abort"_s, u"--"_s, u"true"_s});
        QCOMPARE(next.exitCode, 0);
    }

    void terminateIsForwardedToTheCommand()
    {
        QProcess holder;
        prepare(holder);
        holder.start(QStringLiteral(CONCORD_CTL),
                     {u"lock"_s, u"jobs"_s, u"--"_s, u"sh"_s, u"-c"_s,
                      u"trap 'echo got-term; exit 3' TERM; echo ready; while :; do sleep 0.05; done"_s});
        QCOMPARE(readLine(holder), u"ready"_s);
        holder.terminate();
        QVERIFY(holder.waitForFinished(20000));
        QCOMPARE(holder.exitCode(), 3);
        QVERIFY(holder.readAllStandardOutput().contains("got-term"));
        QCOMPARE(ctl({u"lock"_s, u"jobs"_s, u"--abort"_s, u"--"_s, u"true"_s}).exitCode, 0);
    }

    void locksListsHoldersAsJson()
    {
        const auto holder = hold(u"jobs"_s, u"nightly-sync"_s);
        QVERIFY(holder);
        const CtlResult json = ctl({u"locks"_s, u"--json"_s});
        QCOMPARE(json.exitCode, 0);
        const QJsonArray locks = QJsonDocument::fromJson(json.out.toUtf8()).array();
        QCOMPARE(locks.size(), 1);
        const QJsonObject lock = locks.first().toObject();
        QCOMPARE(lock.value(u"name"_s).toString(), u"jobs"_s);
        QCOMPARE(lock.value(u"application"_s).toString(), u"nightly-sync"_s);
        QCOMPARE(lock.value(u"pid"_s).toInteger(), holder->processId());
        const CtlResult table = ctl({u"locks"_s});
        QCOMPARE(table.exitCode, 0);
        QVERIFY2(table.out.contains(u"jobs\texclusive"_s), qPrintable(table.out));
    }

    void importExitCodes()
    {
        const QString bad = m_dir.filePath(u"bad.csv"_s);
        const QString good = m_dir.filePath(u"good.csv"_s);
        QFile badFile(bad), goodFile(good);
        QVERIFY(badFile.open(QIODevice::WriteOnly) && goodFile.open(QIODevice::WriteOnly));
        badFile.write("label,qty\nfig,1\ngrape,x\n");
        goodFile.write("label,qty\nfig,1\ngrape,2\n");
        badFile.close();
        goodFile.close();
        const QStringList map{u"--map"_s, u"label=name"_s};

        // A rejected line: exit 1, the line on stderr, nothing written
        const CtlResult rejected = ctl(QStringList{u"import"_s, u"items"_s, bad} + map);
        QCOMPARE(rejected.exitCode, 1);
        QVERIFY2(rejected.err.contains(u"line 3, column qty"_s), qPrintable(rejected.err));
        QCOMPARE(m_fixture.scalar(u"SELECT count(*) FROM items"_s).toInt(), 4);

        // The table locked by someone else: exit 4 naming the holder
        {
            const auto holder = hold(tableLockName(u"items"_s), u"nightly-sync"_s);
            QVERIFY(holder);
            const CtlResult locked = ctl(QStringList{u"import"_s, u"items"_s, good} + map);
            QCOMPARE(locked.exitCode, 4);
            QVERIFY2(locked.err.contains(u"nightly-sync"_s), qPrintable(locked.err));
            QCOMPARE(holder->release(), u"released"_s);
        }

        // Usage errors: exit 2
        QCOMPARE(ctl({u"import"_s, u"items"_s, good, u"--map"_s, u"label=nosuchcolumn"_s}).exitCode, 2);

        // A good file: exit 0, rows at version 1
        const CtlResult imported = ctl(QStringList{u"import"_s, u"items"_s, good} + map);
        QCOMPARE(imported.exitCode, 0);
        QVERIFY2(imported.out.contains(u"2 inserted"_s), qPrintable(imported.out));
        QCOMPARE(m_fixture.scalar(u"SELECT count(*) FROM items WHERE version = 1"_s).toInt(), 6);
    }
};

QTEST_GUILESS_MAIN(tst_CtlLock)
#include "tst_ctllock.moc"
