// SPDX-License-Identifier: MIT
// SPDX-FileCopyrightText: 2026 Concord developers
//
// A known password never shows up where others can read it: in concordctl's output and errors, in
// the environment or command line of a command run under a lock, in the shared lock tables, or in
// what the server shows of its sessions (issue #10, "Security"). PostgreSQL: SQLite has none.
#include <tests/support/modelfixture.h>
#include <tests/support/testmacros.h>

#include <QProcess>
#include <QSqlQuery>
#include <QTest>

using namespace Concord;
using namespace Concord::Test;
using namespace Qt::StringLiterals;

class tst_Secrets : public QObject
{
    Q_OBJECT

private:
    ModelFixture m_fixture;
    QString m_password;
    QString m_seen; ///< everything concordctl printed in this test

    int ctl(const QStringList &arguments, const QString &address = {})
    {
        QProcess process;
        QProcessEnvironment environment = QProcessEnvironment::systemEnvironment();
        environment.insert(u"CONCORD_DB"_s, address.isEmpty() ? m_fixture.database().addressText() : address);
        process.setProcessEnvironment(environment);
        process.start(QStringLiteral(CONCORD_CTL), arguments);
        if (!process.waitForFinished(30000))
            return -1;
        m_seen += QString::fromUtf8(process.readAllStandardOutput()) + QString::fromUtf8(process.readAllStandardError());
        return process.exitCode();
    }

    QString sharedState()
    {
        QString text;
        QSqlQuery query(m_fixture.b());
        for (const QString &sql : {u"SELECT application_name FROM pg_stat_activity"_s,
                                   u"SELECT coalesce(application, '') || ' ' || coalesce(host, '') || ' ' || coalesce(user_name, '') FROM concord_lock_holders"_s}) {
            if (query.exec(sql)) {
                while (query.next())
                    text += query.value(0).toString() + u'\n';
            }
        }
        return text;
    }

private Q_SLOTS:
    void initTestCase()
    {
        CONCORD_REQUIRE_BACKEND();
        if (backendUnderTest() != Backend::PostgreSQL)
            QSKIP("SQLite has no passwords");
        m_password = qEnvironmentVariable("PGPASSWORD");
        if (m_password.size() < 8)
            QSKIP("needs the test server's PGPASSWORD (scripts/test sets it)");
    }
    void init() { QCOMPARE(m_fixture.create(), QString()); }
    void cleanup() { m_fixture.destroy(); }

    void thePasswordAppearsNowhere()
    {
        // Given a session of ordinary work, some of it failing
        QCOMPARE(ctl({u"get"_s, u"items"_s, u"1"_s}), 0);
        QCOMPARE(ctl({u"set"_s, u"items"_s, u"1"_s, u"--expect-version"_s, u"1"_s, u"qty=5"_s}), 0);
        QCOMPARE(ctl({u"set"_s, u"items"_s, u"1"_s, u"--expect-version"_s, u"1"_s, u"qty=6"_s}), 3);
        QCOMPARE(ctl({u"insert"_s, u"items"_s, u"name=fig"_s}), 0);
        ctl({u"check"_s});
        // ...a command under a lock that prints its environment and its own and its parent's command line...
        QCOMPARE(ctl({u"lock"_s, u"table:items"_s, u"--"_s, u"sh"_s, u"-c"_s,
                      u"env; tr '\\0' ' ' < /proc/$PPID/cmdline; \"$0\" locks --json"_s, QStringLiteral(CONCORD_CTL)}),
                 0);
        // ...and addresses that try to carry the password, or a wrong one
        ctl({u"get"_s, u"items"_s, u"1"_s}, m_fixture.database().addressText() + u"?sslmode=prefer%20password%3D"_s + m_password);
        ctl({u"get"_s, u"items"_s, u"1"_s},
            m_fixture.database().addressText().replace(u"concord@"_s, u"concord:"_s + m_password + u"@"_s));

        // Then the password is in none of it, nor in what the server and the lock tables show others
        QVERIFY(!m_seen.isEmpty());
        QVERIFY2(!m_seen.contains(m_password), "concordctl printed the password");
        QVERIFY(m_seen.contains(u"table:items"_s)); // the run did reach the lock listing
        const QString shared = sharedState();
        QVERIFY2(!shared.contains(m_password), "the password is visible in shared state");
    }
};

QTEST_GUILESS_MAIN(tst_Secrets)
#include "tst_secrets.moc"
