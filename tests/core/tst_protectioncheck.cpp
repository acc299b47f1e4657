// SPDX-License-Identifier: MIT
// SPDX-FileCopyrightText: 2026 Concord developers
//
// The helper users link into their own suites (concordtesting), on SQLite and PostgreSQL.
#include <core/testing/protectioncheck.h>
#include <core/versioning/versionguard.h>
#include <tests/support/modelfixture.h>
#include <tests/support/testmacros.h>

#include <QTest>

using namespace Concord;
using namespace Concord::Test;

class tst_ProtectionCheck : public QObject
{
    Q_OBJECT

private:
    ModelFixture m_fixture;

private Q_SLOTS:
    void initTestCase() { CONCORD_REQUIRE_BACKEND(); }
    void init() { QCOMPARE(m_fixture.create(), QString()); }
    void cleanup() { m_fixture.destroy(); }

    void protectedTablePassesAndKeepsItsData()
    {
        CONCORD_VERIFY_PROTECTED(m_fixture.a(), QStringLiteral("items"));
        QCOMPARE(m_fixture.scalar(QStringLiteral("SELECT name FROM items WHERE id = 1")).toString(), QStringLiteral("apple"));
        QCOMPARE(m_fixture.scalar(QStringLiteral("SELECT count(*) FROM items")).toInt(), 4);
    }

    void unprotectedTableFailsWithTheReason_data()
    {
        QTest::addColumn<QString>("ddl");
        QTest::addColumn<QString>("table");
        QTest::addColumn<QString>("reason");
        QTest::addRow("no key") << QStringLiteral("CREATE TABLE loose (name TEXT, version INTEGER)") << QStringLiteral("loose")
                                << QStringLiteral("no primary key");
        QTest::addRow("no version") << QStringLiteral("CREATE TABLE plain (id INTEGER PRIMARY KEY, name TEXT)")
                                    << QStringLiteral("plain") << QStringLiteral("no version column");
        QTest::addRow("empty") << QStringLiteral("CREATE TABLE empty (id INTEGER PRIMARY KEY, name TEXT, version INTEGER)")
                               << QStringLiteral("empty") << QStringLiteral("at least one row");
    }
    void unprotectedTableFailsWithTheReason()
    {
        QFETCH(QString, ddl);
        QFETCH(QString, table);
        QFETCH(QString, reason);
        QVERIFY(m_fixture.exec({ddl}).isEmpty());
        const auto result = Testing::verifyTableIsProtected(m_fixture.a(), table);
        QVERIFY(!result.ok());
        QVERIFY2(result.error().message.contains(reason), qPrintable(result.error().message));
    }

    void checksTurnedOffAreCaught()
    {
        // A process-wide guard left on is exactly the kind of mistake the helper must reveal.
        const auto guard = VersionGuard::forTable(QStringLiteral("items"), GuardKind::SkipCheck);
        const auto result = Testing::verifyTableIsProtected(m_fixture.a(), QStringLiteral("items"));
        QVERIFY(!result.ok());
        QVERIFY2(result.error().message.contains(QStringLiteral("stale copy went through")), qPrintable(result.error().message));
    }
};

QTEST_GUILESS_MAIN(tst_ProtectionCheck)
#include "tst_protectioncheck.moc"
