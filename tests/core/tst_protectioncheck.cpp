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
        QTest::addRow("empty, a foreign key to fill")
            << QStringLiteral("CREATE TABLE orders (id INTEGER PRIMARY KEY);"
                              "CREATE TABLE lines (id INTEGER PRIMARY KEY, order_id INTEGER NOT NULL REFERENCES orders (id),"
                              " qty INTEGER, version INTEGER NOT NULL DEFAULT 1)")
            << QStringLiteral("lines") << QStringLiteral("could not insert a row of its own");
    }
    void unprotectedTableFailsWithTheReason()
    {
        QFETCH(QString, ddl);
        QFETCH(QString, table);
        QFETCH(QString, reason);
        QVERIFY(m_fixture.exec(ddl.split(QLatin1Char(';'))).isEmpty());
        const auto result = Testing::verifyTableIsProtected(m_fixture.a(), table);
        QVERIFY(!result.ok());
        QVERIFY2(result.error().message.contains(reason), qPrintable(result.error().message));
    }

    void emptyTableGetsARowOfItsOwnAndIsLeftEmpty_data()
    {
        QTest::addColumn<QString>("ddl");
        // Auto keys and defaults are left to the database, NOT NULL columns without one get a
        // made-up value of their kind.
        QTest::addRow("auto key, nullable columns")
            << QStringLiteral("CREATE TABLE notes (id %1, body TEXT, version INTEGER NOT NULL DEFAULT 1)");
        QTest::addRow("NOT NULL columns without defaults")
            << QStringLiteral("CREATE TABLE parts (id %1, name VARCHAR(8) NOT NULL, price NUMERIC(6, 2) NOT NULL,"
                              " active BOOLEAN NOT NULL, due DATE NOT NULL, version INTEGER NOT NULL)");
        QTest::addRow("key given by the check")
            << QStringLiteral("CREATE TABLE codes (code VARCHAR(20) PRIMARY KEY, label TEXT NOT NULL, version INTEGER DEFAULT 1) -- %1");
    }
    void emptyTableGetsARowOfItsOwnAndIsLeftEmpty()
    {
        // Given an empty table
        QFETCH(QString, ddl);
        const QString autoKey = backendUnderTest() == Backend::SQLite ? QStringLiteral("INTEGER PRIMARY KEY")
                                                                       : QStringLiteral("SERIAL PRIMARY KEY");
        QVERIFY(m_fixture.exec({ddl.arg(autoKey)}).isEmpty());
        const QString table = ddl.section(QLatin1Char(' '), 2, 2);

        // When it is checked, Then it passes and is empty again
        CONCORD_VERIFY_PROTECTED(m_fixture.a(), table);
        QCOMPARE(m_fixture.scalar(QStringLiteral("SELECT count(*) FROM ") + table).toInt(), 0);
    }

    void emptyTableWithAColumnNothingFitsFailsWithTheReason()
    {
        // Given an empty table whose NOT NULL column is of a type the check cannot fill (SQLite
        // takes any value, so only PostgreSQL can refuse)
        if (backendUnderTest() == Backend::SQLite)
            QSKIP("SQLite stores any value in any column");
        QVERIFY(m_fixture.exec({QStringLiteral("CREATE TABLE places (id SERIAL PRIMARY KEY, spot POINT NOT NULL,"
                                               " version INTEGER NOT NULL DEFAULT 1)")}).isEmpty());

        // When it is checked, Then it fails asking for a row, and the table stays empty
        const auto result = Testing::verifyTableIsProtected(m_fixture.a(), QStringLiteral("places"));
        QVERIFY(!result.ok());
        QVERIFY2(result.error().message.contains(QStringLiteral("add a row")), qPrintable(result.error().message));
        QCOMPARE(m_fixture.scalar(QStringLiteral("SELECT count(*) FROM places")).toInt(), 0);
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
