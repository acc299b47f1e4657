// SPDX-License-Identifier: MIT
// SPDX-FileCopyrightText: 2026 Concord developers
//
// The PostgreSQL server really restarts (pg_ctl restart, run by scripts/test's server) while an
// edit is pending: the save fails saying the connection was lost and keeps the edit; once the
// server is back, reconnect() and the same save goes through (issue #10, item 9). Runs alone
// (RUN_SERIAL): a restart ends every other test's sessions too.
#include <core/errors.h>
#include <core/model/versionedtablemodel.h>
#include <tests/support/modelfixture.h>
#include <tests/support/testmacros.h>

#include <QDeadlineTimer>
#include <QProcess>
#include <QSqlDatabase>
#include <QTest>
#include <QThread>

using namespace Concord;
using namespace Concord::Test;
using namespace Qt::StringLiterals;

class tst_ServerRestart : public QObject
{
    Q_OBJECT

private:
    ModelFixture m_fixture;

private Q_SLOTS:
    void initTestCase()
    {
        CONCORD_REQUIRE_BACKEND();
        if (backendUnderTest() != Backend::PostgreSQL)
            QSKIP("restarting the server is a PostgreSQL case");
        if (qEnvironmentVariable("CONCORD_TEST_PG_RESTART").isEmpty())
            QSKIP("needs CONCORD_TEST_PG_RESTART (scripts/test sets it for the server it starts)");
    }
    void init() { QCOMPARE(m_fixture.create(), QString()); }
    void cleanup() { m_fixture.destroy(); }

    void aSaveAcrossARealRestartKeepsTheEditAndThenGoesThrough()
    {
        // Given a pending edit
        auto model = m_fixture.load(m_fixture.a());
        QVERIFY(ModelFixture::edit(*model, 0, u"qty"_s, 41));

        // When the server restarts
        QProcess restart;
        restart.start(u"sh"_s, {u"-c"_s, qEnvironmentVariable("CONCORD_TEST_PG_RESTART")});
        QVERIFY(restart.waitForFinished(60000));
        QVERIFY2(restart.exitCode() == 0, restart.readAllStandardError().constData());

        // Then the save fails saying why, and keeps the edit
        QVERIFY(!model->submitAll());
        QVERIFY2(isConnectionLost(model->lastError()), qPrintable(model->lastError().text()));
        QCOMPARE(model->pendingRows().size(), 1);

        // ...and once reconnected, the same save goes through
        Result<void> reconnected = model->reconnect();
        for (QDeadlineTimer deadline(20000); !reconnected && !deadline.hasExpired();) {
            QThread::msleep(250);
            reconnected = model->reconnect();
        }
        QVERIFY_RESULT(reconnected);
        QVERIFY_SQL(*model, submitAll());
        QSqlDatabase checker = m_fixture.b(); // the restart ended this session too
        checker.close();
        QVERIFY(checker.open());
        QCOMPARE(m_fixture.scalar(u"SELECT qty FROM items WHERE id = 1"_s).toInt(), 41);
    }
};

QTEST_GUILESS_MAIN(tst_ServerRestart)
#include "tst_serverrestart.moc"
