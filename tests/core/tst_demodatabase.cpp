// SPDX-License-Identifier: MIT
// SPDX-FileCopyrightText: 2026 Concord developers
//
// `concord --create-demo ADDRESS`: the demo is created where there is nothing yet, on SQLite and
// PostgreSQL, and never beside someone's data.
#include <core/db/demodatabase.h>
#include <core/db/tableschema.h>
#include <tests/support/scratchdatabase.h>
#include <tests/support/testmacros.h>

#include <QSqlQuery>
#include <QTemporaryDir>
#include <QTest>

using namespace Concord;
using namespace Concord::Test;
using namespace Qt::StringLiterals;

class tst_DemoDatabase : public QObject
{
    Q_OBJECT

private:
    std::unique_ptr<ScratchDatabase> m_db;
    QTemporaryDir m_dir;

    // An address with nothing at it yet: a new file path on SQLite, the empty scratch database on PostgreSQL.
    DatabaseAddress emptyAddress() const
    {
        if (m_db->backend() == Backend::SQLite)
            return DatabaseAddress::parse(m_dir.filePath(u"new-demo.sqlite"_s)).value();
        return m_db->address();
    }

    DemoDatabase::Size smallSize() const
    {
        DemoDatabase::Size size;
        size.customers = 20;
        size.products = 5;
        size.orders = 10;
        return size;
    }

    int count(const DatabaseAddress &address, const QString &table)
    {
        const QString name = connectionNameFor(u"check"_s);
        int rows = -1;
        {
            auto db = openDatabase(address, name);
            if (db) {
                QSqlQuery query(db.value());
                if (query.exec(u"SELECT count(*) FROM "_s + table) && query.next())
                    rows = query.value(0).toInt();
            }
        }
        closeDatabase(name);
        return rows;
    }

private Q_SLOTS:
    void initTestCase() { CONCORD_REQUIRE_BACKEND(); }
    void init()
    {
        m_db = std::make_unique<ScratchDatabase>();
        QCOMPARE(m_db->create(backendUnderTest()), QString());
    }
    void cleanup() { m_db.reset(); }

    void theDemoIsCreatedWhereThereIsNothingYetAndOnlyOnce()
    {
        const DatabaseAddress address = emptyAddress();
        QVERIFY_RESULT(DemoDatabase::createIfMissing(address, smallSize()));
        QCOMPARE(count(address, u"customers"_s), 20);
        QCOMPARE(count(address, u"orders"_s), 10);
        // A second start leaves it as it is
        QVERIFY_RESULT(DemoDatabase::createIfMissing(address, smallSize()));
        QCOMPARE(count(address, u"customers"_s), 20);
    }

    void customersNameWhoChangedThemLastAndWhen()
    {
        // Given the demo, then every customer names its last editor and a time, as a save would
        const DatabaseAddress address = emptyAddress();
        QVERIFY_RESULT(DemoDatabase::createIfMissing(address, smallSize()));
        QCOMPARE(count(address, u"customers WHERE modified_by IS NOT NULL AND modified_at IS NOT NULL"_s), 20);
        QVERIFY(count(address, u"customers WHERE modified_by = 'ann'"_s) > 0);
    }

    void aDatabaseWithOtherTablesIsLeftAlone()
    {
        if (m_db->backend() == Backend::SQLite)
            QSKIP("an existing SQLite file is never touched: the demo goes only into a new file");
        QCOMPARE(m_db->exec({u"CREATE TABLE ledger (id INTEGER PRIMARY KEY, version INTEGER)"_s}), QString());
        const auto created = DemoDatabase::createIfMissing(m_db->address(), smallSize());
        QVERIFY(!created);
        QVERIFY2(created.error().message.contains(u"ledger"_s), qPrintable(created.error().message));
        QCOMPARE(count(m_db->address(), u"customers"_s), -1);
    }

    void anExistingSQLiteFileIsNotTouched()
    {
        if (m_db->backend() != Backend::SQLite)
            QSKIP("SQLite only");
        QCOMPARE(m_db->exec({u"CREATE TABLE ledger (id INTEGER PRIMARY KEY, version INTEGER)"_s}), QString());
        QVERIFY_RESULT(DemoDatabase::createIfMissing(m_db->address(), smallSize()));
        QCOMPARE(count(m_db->address(), u"customers"_s), -1);
    }
};

QTEST_GUILESS_MAIN(tst_DemoDatabase)
#include "tst_demodatabase.moc"
