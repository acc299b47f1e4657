// SPDX-License-Identifier: MIT
// SPDX-FileCopyrightText: 2026 Concord developers
//
// Issue #13, connections held: the grid reads on the editing connection, so an editor holds one
// connection however many models it opens; a page read while a Concord transaction is open on
// that connection goes to a spare reader, and never shows the transaction's uncommitted writes.
#include <core/db/transaction.h>
#include <tests/support/modelfixture.h>
#include <tests/support/testmacros.h>

#include <QSqlError>
#include <QSqlQuery>
#include <QTest>

using namespace Concord;
using namespace Concord::Test;
using namespace Qt::StringLiterals;

class tst_GridReader : public QObject
{
    Q_OBJECT

private:
    ModelFixture m_fixture;

    bool postgres() const { return m_fixture.backend() == Backend::PostgreSQL; }

    // Sessions on the test's database (PostgreSQL), else this process's named connections.
    int connections() const
    {
        if (!postgres())
            return int(QSqlDatabase::connectionNames().size());
        return m_fixture.scalar(u"SELECT count(*) FROM pg_stat_activity WHERE datname = current_database()"_s).toInt();
    }

    // Shows every row once: with smallPages() the first ones then have left memory.
    static QString lastName(const VersionedTableModel &model)
    {
        QString name;
        for (int row = 0; row < model.rowCount(); ++row)
            name = ModelFixture::value(model, row, u"name"_s).toString();
        return name;
    }

    // Items a row to a page and at most two pages held, so that rows leave memory.
    std::unique_ptr<VersionedTableModel> smallPages()
    {
        auto model = std::make_unique<VersionedTableModel>(nullptr, m_fixture.a());
        model->setPaging(1, 2);
        model->setTable(u"items"_s);
        model->setSort(0, Qt::AscendingOrder);
        if (!model->select())
            qWarning() << model->lastError().text();
        return model;
    }

private Q_SLOTS:
    void initTestCase() { CONCORD_REQUIRE_BACKEND(); }
    void init() { QCOMPARE(m_fixture.create(), QString()); }
    void cleanup() { m_fixture.destroy(); }

    void modelsOnOneConnectionOpenNoConnectionOfTheirOwn()
    {
        // Given the editing connection and its fixture's other client
        const int before = connections();

        // When two models open and scroll the same table on it
        auto first = m_fixture.load(m_fixture.a());
        auto second = m_fixture.load(m_fixture.a());
        QCOMPARE(ModelFixture::value(*first, 3, u"name"_s).toString(), u"damson"_s);
        QCOMPARE(ModelFixture::value(*second, 3, u"name"_s).toString(), u"damson"_s);

        // Then no connection was opened for them, and none is left in a transaction
        QCOMPARE(connections(), before);
        if (postgres()) {
            QCOMPARE(m_fixture.scalar(u"SELECT count(*) FROM pg_stat_activity WHERE datname = current_database() "
                                      "AND state LIKE 'idle in transaction%'"_s).toInt(), 0);
        }
    }

    void aPageReadDuringATransactionDoesNotShowItsUncommittedWrites()
    {
        // Given a grid whose first rows left memory
        auto model = smallPages();
        QCOMPARE(lastName(*model), u"damson"_s);
        const int idle = connections();

        // When a transaction on the editing connection writes, and the grid reads the first row again
        Transaction transaction(m_fixture.a());
        QVERIFY(transaction.begin());
        QSqlQuery write(m_fixture.a());
        QVERIFY_SQL(write, exec(u"UPDATE items SET name = 'uncommitted' WHERE id = 1"_s));
        QVERIFY(Transaction::isOpenOn(m_fixture.a()));
        const QString shown = ModelFixture::value(*model, 0, u"name"_s).toString();

        // Then the row shows as committed, read on a spare connection
        QCOMPARE(shown, u"apple"_s);
        QCOMPARE(connections(), idle + 1);

        // ...which goes at the first read after the transaction ended
        transaction.rollback();
        QVERIFY(!Transaction::isOpenOn(m_fixture.a()));
        QCOMPARE(lastName(*model), u"damson"_s);
        QTRY_COMPARE(connections(), idle); // a server session ends a moment after its client left
    }

    void aPageReadOutsideATransactionShowsTheConnectionsCommits()
    {
        // Given a grid whose first rows left memory
        auto model = smallPages();
        QCOMPARE(lastName(*model), u"damson"_s);

        // When a transaction on the editing connection commits
        Transaction transaction(m_fixture.a());
        QVERIFY(transaction.begin());
        QSqlQuery write(m_fixture.a());
        QVERIFY_SQL(write, exec(u"UPDATE items SET name = 'committed' WHERE id = 1"_s));
        QVERIFY(transaction.commit());

        // Then the page read again shows it
        QCOMPARE(ModelFixture::value(*model, 0, u"name"_s).toString(), u"committed"_s);
    }
};

QTEST_GUILESS_MAIN(tst_GridReader)
#include "tst_gridreader.moc"
