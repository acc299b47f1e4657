// SPDX-License-Identifier: MIT
// SPDX-FileCopyrightText: 2026 Concord developers
//
// Issue #12, foreign keys: the catalog's references in both directions, the label column, the
// chooser's search in the database and the labels read in batches. SQLite and PostgreSQL.
#include <core/db/demodatabase.h>
#include <core/db/foreignkeys.h>
#include <core/db/referencerows.h>
#include <tests/support/scratchdatabase.h>
#include <tests/support/testmacros.h>

#include <QSqlQuery>
#include <QTest>

#include <memory>

using namespace Concord;
using namespace Concord::Test;
using namespace Qt::StringLiterals;

class tst_ForeignKeys : public QObject
{
    Q_OBJECT

private:
    std::unique_ptr<ScratchDatabase> m_scratch;
    QSqlDatabase m_db;

    void exec(const QString &sql)
    {
        QSqlQuery query(m_db);
        QVERIFY2(query.exec(sql), qPrintable(query.lastError().text() + u": "_s + sql));
    }
    ReferenceTarget customers() const { return {u"customers"_s, u"id"_s, u"name"_s, {}}; }

private Q_SLOTS:
    void initTestCase() { CONCORD_REQUIRE_BACKEND(); }

    void init()
    {
        m_scratch = std::make_unique<ScratchDatabase>();
        QCOMPARE(m_scratch->create(backendUnderTest()), QString());
        m_db = m_scratch->open(u"fk"_s);
        DemoDatabase::Size size;
        size.customers = 30;
        size.products = 10;
        size.orders = 40;
        QVERIFY_RESULT(DemoDatabase::create(m_db, size));
    }
    void cleanup()
    {
        m_db = {};
        m_scratch.reset();
    }

    void keysDeclaredByATable()
    {
        const auto keys = foreignKeysOf(m_db, u"order_lines"_s);
        QVERIFY_RESULT(keys);
        QCOMPARE(keys.value().size(), 2);
        QStringList parents;
        for (const ForeignKey &key : keys.value()) {
            QCOMPARE(key.child, u"order_lines"_s);
            QVERIFY(key.isSingleColumn());
            parents << key.parent + u'.' + key.parentColumns.join(u',') + u'<' + key.childColumns.join(u',');
        }
        parents.sort();
        QCOMPARE(parents, QStringList({u"orders.id<order_id"_s, u"products.id<product_id"_s}));
    }

    void keysReferringToATable()
    {
        const auto keys = foreignKeysTo(m_db, u"orders"_s);
        QVERIFY_RESULT(keys);
        QCOMPARE(keys.value().size(), 1);
        QCOMPARE(keys.value().first().child, u"order_lines"_s);
        QCOMPARE(keys.value().first().childColumns, QStringList{u"order_id"_s});
        QVERIFY_RESULT(foreignKeysTo(m_db, u"order_lines"_s));
        QVERIFY(foreignKeysTo(m_db, u"order_lines"_s).value().isEmpty());
    }

    void aKeyWithoutColumnsRefersToThePrimaryKey()
    {
        exec(u"CREATE TABLE notes (id INTEGER PRIMARY KEY, customer INTEGER REFERENCES customers, body TEXT)"_s);
        const auto keys = foreignKeysOf(m_db, u"notes"_s);
        QVERIFY_RESULT(keys);
        QCOMPARE(keys.value().size(), 1);
        QCOMPARE(keys.value().first().parentColumns, QStringList{u"id"_s});
    }

    void anUnsafeNameIsRefusedNotQueried()
    {
        QCOMPARE(foreignKeysOf(m_db, u"x'); DROP TABLE customers; --"_s).error().code, ErrorCode::InvalidArgument);
        QCOMPARE(foreignKeysTo(m_db, u"a\"b"_s).error().code, ErrorCode::InvalidArgument);
        ReferenceTarget bad = customers();
        bad.labelColumn = u"name\" FROM customers; --"_s;
        QCOMPARE(findReferenceRows(m_db, bad, u"x"_s, 10).error().code, ErrorCode::InvalidArgument);
        QVERIFY_RESULT(findReferenceRows(m_db, customers(), QString(), 1));
    }

    void theLabelColumnNamesTheRecord()
    {
        QCOMPARE(labelColumnOf(m_db, u"customers"_s), u"name"_s);
        QCOMPARE(labelColumnOf(m_db, u"products"_s), u"name"_s); // before the earlier "sku"
        exec(u"CREATE TABLE codes (code INTEGER PRIMARY KEY, version INTEGER)"_s);
        QCOMPARE(labelColumnOf(m_db, u"codes"_s), QString());
    }

    void searchRunsInTheDatabaseWithBoundText()
    {
        exec(u"UPDATE customers SET name = 'Ann 100% O''Brien_x' WHERE id = 7"_s);
        exec(u"UPDATE customers SET name = 'Annabel 1000 OBrienQx' WHERE id = 8"_s);
        // The wildcards typed are literal: only record 7 holds "100% O'Brien_".
        const auto rows = findReferenceRows(m_db, customers(), u"100% o'brien_"_s, 10);
        QVERIFY_RESULT(rows);
        QCOMPARE(rows.value().size(), 1);
        QCOMPARE(rows.value().first().key.toInt(), 7);
        // A key typed finds its record; the empty search lists the first records by key.
        const auto byKey = findReferenceRows(m_db, customers(), u"12"_s, 10);
        QVERIFY_RESULT(byKey);
        QVERIFY(std::any_of(byKey.value().cbegin(), byKey.value().cend(), [](const ReferenceRow &r) { return r.key.toInt() == 12; }));
        // Details tell namesakes apart: the chooser shows them beside the label
        ReferenceTarget detailed = customers();
        detailed.detailColumns = detailColumnsOf(m_db, u"customers"_s, u"name"_s);
        QCOMPARE(detailed.detailColumns, QStringList({u"email"_s, u"city"_s}));
        const auto withDetails = findReferenceRows(m_db, detailed, u"100% o'brien_"_s, 10);
        QVERIFY_RESULT(withDetails);
        QVERIFY(withDetails.value().first().details.value(0).endsWith(u"7@example.com"_s));
        const auto first = findReferenceRows(m_db, customers(), QString(), 5);
        QVERIFY_RESULT(first);
        QCOMPARE(first.value().size(), 5);
        QCOMPARE(first.value().first().key.toInt(), 1);
        QCOMPARE(first.value().last().key.toInt(), 5);
    }

    void labelsAreReadForManyKeysAtOnce()
    {
        QVariantList keys;
        for (int id = 1; id <= 450; ++id) // three batches, most keys without a record
            keys << id;
        const auto labels = referenceLabels(m_db, customers(), keys);
        QVERIFY_RESULT(labels);
        QCOMPARE(labels.value().size(), 30);
        QSqlQuery query(m_db);
        QVERIFY(query.exec(u"SELECT name FROM customers WHERE id = 30"_s) && query.next());
        QCOMPARE(labels.value().value(u"30"_s), query.value(0).toString());
    }

    void referencingRowsAreCounted()
    {
        QSqlQuery query(m_db);
        QVERIFY(query.exec(u"SELECT customer_id, count(*) FROM orders GROUP BY customer_id ORDER BY 2 DESC"_s) && query.next());
        const auto count = countReferencing(m_db, u"orders"_s, {u"customer_id"_s}, {query.value(0)});
        QVERIFY_RESULT(count);
        QCOMPARE(count.value(), query.value(1).toLongLong());
        QCOMPARE(countReferencing(m_db, u"orders"_s, {u"customer_id"_s}, {}).error().code, ErrorCode::InvalidArgument);
    }
};

QTEST_GUILESS_MAIN(tst_ForeignKeys)
#include "tst_foreignkeys.moc"
