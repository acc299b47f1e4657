// SPDX-License-Identifier: MIT
// SPDX-FileCopyrightText: 2026 Concord developers
//
// Issue #12, foreign keys in the editor: the referenced record's label beside a referencing
// value, the searchable choice of the referenced record on a 100,000-row table, Go to Referenced
// Record and Show Referencing Records. Runs on SQLite and PostgreSQL.
#include <core/db/demodatabase.h>
#include <core/model/versionedtablemodel.h>
#include <tests/support/modelfixture.h>
#include <tests/support/scratchdatabase.h>
#include <tests/support/testmacros.h>
#include <ui/editor/mainwindow.h>
#include <ui/editor/recorddelegate.h>
#include <ui/widgets/referencechooser.h>

#include <QAction>
#include <QApplication>
#include <QLabel>
#include <QLineEdit>
#include <QSqlQuery>
#include <QStandardPaths>
#include <QTableView>
#include <QTest>
#include <QTimer>

#include <functional>
#include <memory>

using namespace Concord;
using namespace Concord::Test;
using namespace Qt::StringLiterals;

namespace {

// The text the grid's own delegate paints in a cell (labels included).
struct PaintedText : RecordDelegate
{
    static QString of(QTableView *view, const QModelIndex &index)
    {
        auto *delegate = static_cast<RecordDelegate *>(view->itemDelegate());
        QStyleOptionViewItem option;
        option.widget = view;
        (delegate->*(&PaintedText::initStyleOption))(&option, index);
        return option.text;
    }
};

} // namespace

class tst_References : public QObject
{
    Q_OBJECT

private:
    std::unique_ptr<ScratchDatabase> m_db;
    std::unique_ptr<MainWindow> m_window;
    QSqlDatabase m_other;

    QAction *action(const char *name) const { return m_window->findChild<QAction *>(QLatin1String(name)); }
    QVariant scalar(const QString &sql)
    {
        QSqlQuery query(m_other);
        if (!query.exec(sql) || !query.next())
            return {};
        return query.value(0);
    }
    QModelIndex cell(int row, const QString &field) const
    {
        return m_window->model()->index(row, m_window->model()->fieldIndex(field));
    }
    // Runs \a drive on the modal chooser once it is up, then triggers \a name.
    void withChooser(const char *name, const std::function<void(ReferenceChooser *)> &drive)
    {
        bool driven = false;
        QTimer::singleShot(0, this, [&] {
            auto *chooser = qobject_cast<ReferenceChooser *>(QApplication::activeModalWidget());
            if (chooser) {
                drive(chooser);
                driven = true;
            }
            if (QApplication::activeModalWidget() == chooser && chooser && chooser->isVisible())
                chooser->reject();
        });
        action(name)->trigger();
        QVERIFY(driven);
    }

private Q_SLOTS:
    void initTestCase()
    {
        QStandardPaths::setTestModeEnabled(true);
        CONCORD_REQUIRE_BACKEND();
    }

    void init()
    {
        m_db = std::make_unique<ScratchDatabase>();
        QCOMPARE(m_db->create(backendUnderTest()), QString());
        m_other = m_db->open(u"other"_s);
        DemoDatabase::Size size;
        size.customers = 20;
        size.products = 6;
        size.orders = 30;
        QVERIFY_RESULT(DemoDatabase::create(m_other, size));
        m_window = std::make_unique<MainWindow>();
        QVERIFY_RESULT(m_window->openAddress(m_db->address()));
        m_window->resize(1100, 700);
        m_window->show();
        QVERIFY(QTest::qWaitForWindowExposed(m_window.get()));
    }

    void cleanup()
    {
        m_window.reset();
        m_other = {};
        m_db.reset();
    }

    void aReferenceShowsTheLabelOfItsRecord()
    {
        QVERIFY(m_window->showTable(u"orders"_s));
        const int customer = m_window->model()->data(cell(0, u"customer_id"_s)).toInt();
        const QString name = scalar(u"SELECT name FROM customers WHERE id = %1"_s.arg(customer)).toString();
        QVERIFY(!name.isEmpty());
        // The label is read after the first paint, in one query for the rows on screen
        QTRY_COMPARE(PaintedText::of(m_window->grid(), cell(0, u"customer_id"_s)), u"%1 — %2"_s.arg(customer).arg(name));
        // Other columns are left alone, and the value itself is unchanged
        QCOMPARE(PaintedText::of(m_window->grid(), cell(0, u"status"_s)), m_window->model()->data(cell(0, u"status"_s)).toString());
        QCOMPARE(m_window->model()->data(cell(0, u"customer_id"_s)).toInt(), customer);
        // A renamed customer shows its new name after a reload
        QVERIFY(QSqlQuery(m_other).exec(u"UPDATE customers SET name = 'Renamed Person' WHERE id = %1"_s.arg(customer)));
        action("reloadAction")->trigger();
        QTRY_COMPARE(PaintedText::of(m_window->grid(), cell(0, u"customer_id"_s)), u"%1 — Renamed Person"_s.arg(customer));
    }

    void theChoiceSearchesAHundredThousandRecordsInTheDatabase()
    {
        // Given 100,000 customers, one of them called "Zebulon Quist"
        const QString fill = m_db->backend() == Backend::PostgreSQL
            ? u"INSERT INTO customers (id, name, version) SELECT i, 'Customer ' || i, 1 FROM generate_series(21, 100000) i"_s
            : u"INSERT INTO customers (id, name, version) WITH RECURSIVE n(i) AS (SELECT 21 UNION ALL SELECT i + 1 FROM n "
              "WHERE i < 100000) SELECT i, 'Customer ' || i, 1 FROM n"_s;
        QSqlQuery query(m_other);
        QVERIFY2(query.exec(fill), qPrintable(query.lastError().text()));
        QVERIFY(query.exec(u"UPDATE customers SET name = 'Zebulon Quist' WHERE id = 98765"_s));
        QVERIFY(m_window->showTable(u"orders"_s));
        m_window->grid()->setCurrentIndex(cell(2, u"customer_id"_s));
        QVERIFY(action("chooseReferenceAction")->isEnabled());
        // When I open the choice (F4), it lists the first records and says there are more
        withChooser("chooseReferenceAction", [](ReferenceChooser *chooser) {
            QCOMPARE(chooser->listedRows(), ReferenceChooser::rowLimit());
            QVERIFY(chooser->findChild<QLabel *>(u"referenceNote"_s)->text().contains(u"type more"_s));
            // When I type part of the name, the database finds the one record
            auto *search = chooser->findChild<QLineEdit *>(u"referenceSearch"_s);
            QTest::keyClicks(search, u"ebulon q"_s);
            chooser->searchNow();
            QCOMPARE(chooser->listedRows(), 1);
            QTest::keyClick(search, Qt::Key_Return);
        });
        // Then the cell holds its key as a pending edit, shown with its label, and Save writes it
        QCOMPARE(m_window->model()->data(cell(2, u"customer_id"_s)).toInt(), 98765);
        QCOMPARE(m_window->model()->rowState(2), VersionedTableModel::RowState::Updated);
        QTRY_VERIFY(PaintedText::of(m_window->grid(), cell(2, u"customer_id"_s)).endsWith(u" — Zebulon Quist"_s));
        const int id = m_window->model()->data(cell(2, u"id"_s)).toInt();
        QVERIFY(m_window->save());
        QCOMPARE(scalar(u"SELECT customer_id FROM orders WHERE id = %1"_s.arg(id)).toInt(), 98765);
        // And a key typed into the search finds its record too; Cancel changes nothing
        withChooser("chooseReferenceAction", [](ReferenceChooser *chooser) {
            QTest::keyClicks(chooser->findChild<QLineEdit *>(u"referenceSearch"_s), u"54321"_s);
            chooser->searchNow();
            QCOMPARE(chooser->listedRows(), 1);
            chooser->reject();
        });
        QVERIFY(m_window->model()->pendingRows().isEmpty());
    }

    void theChoiceIsOfferedOnlyOnReferences()
    {
        QVERIFY(m_window->showTable(u"orders"_s));
        m_window->grid()->setCurrentIndex(cell(0, u"status"_s));
        QVERIFY(!action("chooseReferenceAction")->isEnabled());
        QVERIFY(!action("goToReferencedAction")->isEnabled());
        m_window->grid()->setCurrentIndex(cell(0, u"customer_id"_s));
        QVERIFY(action("chooseReferenceAction")->isEnabled());
        QVERIFY(action("goToReferencedAction")->isEnabled());
    }

    void goToTheReferencedRecord()
    {
        QVERIFY(m_window->showTable(u"orders"_s));
        const int customer = m_window->model()->data(cell(4, u"customer_id"_s)).toInt();
        m_window->grid()->setCurrentIndex(cell(4, u"customer_id"_s));
        QTest::keyClick(m_window->grid(), Qt::Key_J, Qt::ControlModifier);
        QCOMPARE(m_window->model()->tableName(), u"customers"_s);
        QCOMPARE(m_window->model()->rowCount(), 1);
        QCOMPARE(m_window->model()->data(m_window->grid()->currentIndex().siblingAtColumn(0)).toInt(), customer);
        // Clear Filters shows every customer again
        action("clearFiltersAction")->trigger();
        QCOMPARE(m_window->model()->rowCount(), 20);
    }

    void showTheRecordsThatReferToThisOne()
    {
        const QVariant customer = scalar(u"SELECT customer_id FROM orders GROUP BY customer_id ORDER BY count(*) DESC, customer_id"_s);
        const int count = scalar(u"SELECT count(*) FROM orders WHERE customer_id = %1"_s.arg(customer.toInt())).toInt();
        QVERIFY(count > 1);
        QVERIFY(m_window->showTable(u"customers"_s));
        QVERIFY(m_window->goToKey(customer.toString()));
        QVERIFY(action("showReferencingAction")->isEnabled());
        action("showReferencingAction")->trigger(); // only orders refer to customers: no menu
        QCOMPARE(m_window->model()->tableName(), u"orders"_s);
        QCOMPARE(m_window->model()->rowCount(), count);
        for (int row = 0; row < count; ++row)
            QCOMPARE(m_window->model()->data(cell(row, u"customer_id"_s)), customer);
    }

    void aTableNobodyRefersToOffersNoReferencingRecords()
    {
        QVERIFY(m_window->showTable(u"order_lines"_s));
        QVERIFY(m_window->goToRow(0));
        QVERIFY(!action("showReferencingAction")->isEnabled());
    }
};

QTEST_MAIN(tst_References)
#include "tst_references.moc"
