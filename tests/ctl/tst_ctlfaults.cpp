// SPDX-License-Identifier: MIT
// SPDX-FileCopyrightText: 2026 Concord developers
//
// Faults through the real program (issue #10): concordctl killed with SIGKILL in the middle of a
// large import leaves nothing half-written, and the database opens at once afterwards, on SQLite
// (a hot journal) and PostgreSQL (a dead session).
#include <tests/support/modelfixture.h>
#include <tests/support/testmacros.h>

#include <QElapsedTimer>
#include <QFile>
#include <QProcess>
#include <QTemporaryDir>
#include <QSqlQuery>
#include <QTest>

using namespace Concord;
using namespace Concord::Test;
using namespace Qt::StringLiterals;

class tst_CtlFaults : public QObject
{
    Q_OBJECT

private:
    ModelFixture m_fixture;
    QTemporaryDir m_dir;

    QProcessEnvironment environment()
    {
        QProcessEnvironment env = QProcessEnvironment::systemEnvironment();
        env.insert(u"CONCORD_DB"_s, m_fixture.database().addressText());
        return env;
    }

    QString bigCsv(int rows)
    {
        const QString path = m_dir.filePath(u"big.csv"_s);
        QFile file(path);
        if (!file.open(QIODevice::WriteOnly))
            return {};
        file.write("name,qty,note\n");
        for (int row = 0; row < rows; ++row)
            file.write(QStringLiteral("item %1,%1,%2\n").arg(row).arg(QString(80, u'x')).toUtf8());
        return path;
    }

private Q_SLOTS:
    void initTestCase() { CONCORD_REQUIRE_BACKEND(); }
    void init() { QCOMPARE(m_fixture.create(), QString()); }
    void cleanup() { m_fixture.destroy(); }

    void anImportKilledHalfwayLeavesNothingAndTheDatabaseOpensAtOnce()
    {
        // Given an import of 200,000 rows, all or nothing, under way
        const QString csv = bigCsv(200000);
        QVERIFY(!csv.isEmpty());
        QProcess import;
        import.setProcessEnvironment(environment());
        import.start(QStringLiteral(CONCORD_CTL), {u"import"_s, u"items"_s, csv});
        QVERIFY(import.waitForStarted());
        // When it is killed with SIGKILL once it has written for a while (well before it could finish)
        QElapsedTimer writing;
        writing.start();
        QTRY_VERIFY_WITH_TIMEOUT(writing.elapsed() > 700 || import.state() == QProcess::NotRunning, 5000);
        QVERIFY2(import.state() == QProcess::Running, "the import finished before it could be killed: make it bigger");
        import.kill();
        QVERIFY(import.waitForFinished(10000));

        // Then the next command opens the database at once and sees exactly the rows from before
        QProcess get;
        get.setProcessEnvironment(environment());
        QElapsedTimer opening;
        opening.start();
        get.start(QStringLiteral(CONCORD_CTL), {u"get"_s, u"items"_s, u"1"_s});
        QVERIFY(get.waitForFinished(30000));
        QVERIFY2(get.exitCode() == 0, get.readAllStandardError().constData());
        QVERIFY2(opening.elapsed() < 10000, "the database should open at once, not after a lock timeout");
        QCOMPARE(m_fixture.scalar(u"SELECT count(*) FROM items"_s).toInt(), 4);
    }

    // A SQLite file another program keeps locked for writing: a bounded wait, then a message that
    // says the file is busy, and nothing written.
    void aBusySQLiteFileIsReportedAsBusyAfterABoundedWait()
    {
        if (m_fixture.backend() != Backend::SQLite)
            QSKIP("SQLite's single writer");
        QSqlQuery holder(m_fixture.b());
        QVERIFY(holder.exec(u"BEGIN IMMEDIATE"_s));
        QVERIFY(holder.exec(u"UPDATE items SET qty = 2 WHERE id = 1"_s));
        QProcess set;
        set.setProcessEnvironment(environment());
        QElapsedTimer waited;
        waited.start();
        set.start(QStringLiteral(CONCORD_CTL), {u"set"_s, u"items"_s, u"1"_s, u"--expect-version"_s, u"1"_s, u"qty=5"_s});
        QVERIFY(set.waitForFinished(60000));
        const QString err = QString::fromUtf8(set.readAllStandardError());
        QCOMPARE(set.exitCode(), 1);
        QVERIFY2(err.contains(u"busy"_s), qPrintable(err));
        QVERIFY2(waited.elapsed() < 30000, "the wait must be bounded");
        QVERIFY(holder.exec(u"ROLLBACK"_s));
        QCOMPARE(m_fixture.scalar(u"SELECT qty FROM items WHERE id = 1"_s).toInt(), 1);
    }
};

QTEST_GUILESS_MAIN(tst_CtlFaults)
#include "tst_ctlfaults.moc"
