// SPDX-License-Identifier: MIT
// SPDX-FileCopyrightText: 2026 Concord developers
#include <core/db/tablestats.h>
#include <tests/support/scratchdatabase.h>
#include <tests/support/testmacros.h>

#include <QTest>

#include <memory>

using namespace Concord;
using namespace Concord::Test;
using namespace Qt::StringLiterals;

// Row counts for the table list, on SQLite and PostgreSQL: exact for small tables, bounded for
// big ones and views, names checked before they reach SQL.

class tst_TableStats : public QObject
{
    Q_OBJECT

private:
    std::unique_ptr<ScratchDatabase> m_db;
    QSqlDatabase m_conn;

private Q_SLOTS:
    void initTestCase() { CONCORD_REQUIRE_BACKEND(); }

    void init()
    {
        m_db = std::make_unique<ScratchDatabase>();
        QCOMPARE(m_db->create(backendUnderTest()), QString());
        QStringList rows;
        for (int id = 1; id <= 12; ++id)
            rows << u"(%1, 'item %1')"_s.arg(id);
        QCOMPARE(m_db->exec({u"CREATE TABLE items (id INTEGER PRIMARY KEY, name TEXT)"_s,
                             u"INSERT INTO items (id, name) VALUES "_s + rows.join(u','),
                             u"CREATE TABLE empty_one (id INTEGER PRIMARY KEY)"_s,
                             u"CREATE VIEW item_names AS SELECT name FROM items"_s}),
                 QString());
        m_conn = m_db->open(u"stats"_s);
    }

    void cleanup()
    {
        m_conn = {};
        m_db.reset();
    }

    void smallTablesAreCountedExactly()
    {
        const auto items = countRows(m_conn, u"items"_s);
        QVERIFY_RESULT(items);
        QCOMPARE(items.value().rows, 12);
        QVERIFY(!items.value().estimated);
        QVERIFY(!items.value().atLeast);
        const auto empty = countRows(m_conn, u"empty_one"_s);
        QVERIFY_RESULT(empty);
        QCOMPARE(empty.value().rows, 0);
    }

    void viewsAreCountedUpToTheCap()
    {
        const auto all = countRows(m_conn, u"item_names"_s);
        QVERIFY_RESULT(all);
        QCOMPARE(all.value().rows, 12);
        const auto capped = countRows(m_conn, u"item_names"_s, 5);
        QVERIFY_RESULT(capped);
        QCOMPARE(capped.value().rows, 5);
        QVERIFY(capped.value().atLeast);
        QVERIFY(!capped.value().estimated);
    }

    void bigTablesAreEstimatedOnPostgresAndCappedOnSQLite()
    {
        // Given a table bigger than the limit (and, on PostgreSQL, analysed: the estimate is known)
        if (backendUnderTest() == Backend::PostgreSQL)
            QCOMPARE(m_db->exec({u"ANALYZE items"_s}), QString());
        const auto count = countRows(m_conn, u"items"_s, 10);
        QVERIFY_RESULT(count);
        if (backendUnderTest() == Backend::PostgreSQL) {
            // Then PostgreSQL answers with the planner's estimate, marked as one
            QVERIFY(count.value().estimated);
            QCOMPARE(count.value().rows, 12);
        } else {
            QVERIFY(count.value().atLeast);
            QCOMPARE(count.value().rows, 10);
        }
    }

    void namesAreCheckedFirst()
    {
        const auto unsafe = countRows(m_conn, u"items\"; DROP TABLE items; --"_s);
        QVERIFY(!unsafe);
        QCOMPARE(unsafe.error().code, ErrorCode::InvalidArgument);
        const auto missing = countRows(m_conn, u"nothing_here"_s);
        QVERIFY(!missing);
        QCOMPARE(missing.error().code, ErrorCode::NotFound);
        QVERIFY_RESULT(countRows(m_conn, u"items"_s)); // still there
    }

    void viewsAreListedApart()
    {
        QCOMPARE(userViews(m_conn), QStringList{u"item_names"_s});
    }
};

QTEST_GUILESS_MAIN(tst_TableStats)
#include "tst_tablestats.moc"
