// SPDX-License-Identifier: MIT
// SPDX-FileCopyrightText: 2026 Concord developers
//
// A write the database refuses for one of its rules is explained in words, naming the record
// and the rule, with the driver's text kept as details. Runs on SQLite and PostgreSQL.
#include <core/db/constraintviolation.h>
#include <core/db/demodatabase.h>
#include <core/model/versionedtablemodel.h>
#include <tests/support/scratchdatabase.h>
#include <tests/support/testmacros.h>

#include <QSqlQuery>
#include <QTest>

#include <memory>

using namespace Concord;
using namespace Concord::Test;
using namespace Qt::StringLiterals;

class tst_ConstraintViolation : public QObject
{
    Q_OBJECT

private:
    std::unique_ptr<ScratchDatabase> m_db;
    QSqlDatabase m_conn;

    QVariant scalar(const QString &sql)
    {
        QSqlQuery query(m_conn);
        if (!query.exec(sql) || !query.next())
            return {};
        return query.value(0);
    }
    std::unique_ptr<VersionedTableModel> load(const QString &table)
    {
        auto model = std::make_unique<VersionedTableModel>(nullptr, m_conn);
        model->setTable(table);
        if (!model->select())
            return nullptr;
        while (model->canFetchMore())
            model->fetchMore();
        return model;
    }
    static int rowOf(const VersionedTableModel &model, const QString &field, const QVariant &value)
    {
        for (int row = 0; row < model.rowCount(); ++row) {
            if (model.data(model.index(row, model.fieldIndex(field))) == value)
                return row;
        }
        return -1;
    }
    static bool set(VersionedTableModel &model, int row, const QString &field, const QVariant &value)
    {
        return model.setData(model.index(row, model.fieldIndex(field)), value);
    }
    // Then the save failed, lastError() says \a expected, the driver's text is the details.
    static void checkRefused(VersionedTableModel &model, const QString &expected)
    {
        QVERIFY(!model.submitAll());
        QCOMPARE(model.lastError().text(), expected);
        QVERIFY(!model.lastErrorDetails().isEmpty());
        QVERIFY(model.lastErrorDetails() != expected);
        QVERIFY(!model.pendingRows().isEmpty()); // nothing lost
    }

private Q_SLOTS:
    void initTestCase() { CONCORD_REQUIRE_BACKEND(); }

    void init()
    {
        m_db = std::make_unique<ScratchDatabase>();
        QCOMPARE(m_db->create(backendUnderTest()), QString());
        m_conn = m_db->open(u"client"_s);
        DemoDatabase::Size size;
        size.customers = 5;
        size.products = 3;
        size.orders = 10;
        QVERIFY_RESULT(DemoDatabase::create(m_conn, size));
        const bool sqlite = backendUnderTest() == Backend::SQLite;
        QVERIFY(m_db->exec({u"CREATE TABLE stock (id %1, qty INTEGER CONSTRAINT qty_not_negative CHECK (qty >= 0), "
                             "version INTEGER NOT NULL DEFAULT 1)"_s
                                .arg(sqlite ? u"INTEGER PRIMARY KEY"_s : u"integer PRIMARY KEY"_s),
                            u"INSERT INTO stock (id, qty, version) VALUES (1, 5, 1)"_s})
                    .isEmpty());
    }

    void cleanup()
    {
        m_conn = {};
        m_db.reset();
    }

    void deletingAReferencedRecordNamesTheReferringTableAndCount()
    {
        // Given a customer with orders
        const int id = scalar(u"SELECT customer_id FROM orders GROUP BY customer_id ORDER BY count(*) DESC, customer_id LIMIT 1"_s).toInt();
        const int orders = scalar(u"SELECT count(*) FROM orders WHERE customer_id = %1"_s.arg(id)).toInt();
        auto model = load(u"customers"_s);
        QVERIFY(model);
        // When I delete it, then the save says who refers to it
        QVERIFY(model->removeRows(rowOf(*model, u"id"_s, id), 1));
        checkRefused(*model, orders == 1 ? u"Cannot delete record id=%1 of customers: 1 record of orders refers to it (orders.customer_id)."_s.arg(id)
                                         : u"Cannot delete record id=%1 of customers: %2 records of orders refer to it (orders.customer_id)."_s.arg(id).arg(orders));
        QCOMPARE(scalar(u"SELECT count(*) FROM customers WHERE id = %1"_s.arg(id)).toInt(), 1);
    }

    void aReferenceToNoRecordNamesTheValueAndTheTable_data()
    {
        QTest::addColumn<bool>("insert");
        QTest::addRow("insert") << true;
        QTest::addRow("update") << false;
    }
    void aReferenceToNoRecordNamesTheValueAndTheTable()
    {
        QFETCH(bool, insert);
        auto model = load(u"orders"_s);
        QVERIFY(model);
        int row = 0;
        const int id = model->data(model->index(0, model->fieldIndex(u"id"_s))).toInt();
        if (insert) {
            row = model->rowCount();
            QVERIFY(model->insertRows(row, 1));
            QVERIFY(set(*model, row, u"ordered_at"_s, u"2026-01-02 10:00:00"_s));
            QVERIFY(set(*model, row, u"status"_s, u"new"_s));
            QVERIFY(set(*model, row, u"total"_s, 1.0));
        }
        QVERIFY(set(*model, row, u"customer_id"_s, 999));
        const QString record = insert ? u"Cannot add the new record to orders"_s : u"Cannot save record id=%1 of orders"_s.arg(id);
        checkRefused(*model, record + u": customer_id = 999 refers to no record of customers (customers.id)."_s);
    }

    void aMissingValueNamesTheColumn()
    {
        auto model = load(u"customers"_s);
        QVERIFY(model);
        QVERIFY(set(*model, 0, u"name"_s, QVariant()));
        const int id = model->data(model->index(0, model->fieldIndex(u"id"_s))).toInt();
        checkRefused(*model, u"Cannot save record id=%1 of customers: name needs a value (it cannot be NULL)."_s.arg(id));
    }

    void aDuplicateNamesTheValueTaken_data()
    {
        QTest::addColumn<QString>("field");
        QTest::addRow("unique") << u"sku"_s;
        QTest::addRow("primary key") << u"id"_s;
    }
    void aDuplicateNamesTheValueTaken()
    {
        QFETCH(QString, field);
        auto model = load(u"products"_s);
        QVERIFY(model);
        const QVariant taken = model->data(model->index(1, model->fieldIndex(field)));
        const int row = model->rowCount();
        QVERIFY(model->insertRows(row, 1));
        QVERIFY(set(*model, row, u"sku"_s, field == u"sku"_s ? taken : QVariant(u"NEW-1"_s)));
        if (field == u"id"_s)
            QVERIFY(set(*model, row, u"id"_s, taken));
        QVERIFY(set(*model, row, u"name"_s, u"New"_s));
        QVERIFY(set(*model, row, u"price"_s, 2.5));
        const QString shown = field == u"sku"_s ? u"'%1'"_s.arg(taken.toString()) : taken.toString();
        checkRefused(*model, u"Cannot add the new record to products: another record already has %1 = %2."_s.arg(field, shown));
    }

    void aBrokenCheckNamesTheRule()
    {
        auto model = load(u"stock"_s);
        QVERIFY(model);
        QVERIFY(set(*model, 0, u"qty"_s, -1));
        const QString text = [&] {
            model->submitAll();
            return model->lastError().text();
        }();
        QVERIFY2(text.startsWith(u"Cannot save record id=1 of stock: a value breaks the table's rule "_s), qPrintable(text));
        QVERIFY2(text.contains(u"qty"_s), qPrintable(text));
        QVERIFY(!model->lastErrorDetails().isEmpty());
        QCOMPARE(scalar(u"SELECT qty FROM stock WHERE id = 1"_s).toInt(), 5);
    }

    void otherErrorsAreLeftAsTheDriverSaidThem()
    {
        QCOMPARE(constraintKindOf(QSqlError(u"disk I/O error"_s, {}, QSqlError::StatementError, u"10"_s)), ConstraintKind::None);
        QCOMPARE(constraintKindOf(QSqlError(u"x"_s, {}, QSqlError::StatementError, u"23505"_s)), ConstraintKind::Unique);
        QCOMPARE(constraintKindOf(QSqlError(u"Unable to fetch row"_s, u"FOREIGN KEY constraint failed"_s,
                                            QSqlError::StatementError, u"19"_s)),
                 ConstraintKind::ForeignKey);
        QCOMPARE(explainConstraintViolation(m_conn, QSqlError(u"disk I/O error"_s, {}, QSqlError::StatementError, u"10"_s), {}),
                 QString());
    }
};

QTEST_GUILESS_MAIN(tst_ConstraintViolation)
#include "tst_constraintviolation.moc"
