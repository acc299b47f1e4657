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

#include "editorfixture.h"

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

class tst_References : public QObject
{
    Q_OBJECT

private:
    EditorFixture m_editor;

    MainWindow *window() const { return m_editor.window(); }

    QModelIndex cell(int row, const QString &field) const
    {
        return window()->model()->index(row, window()->model()->fieldIndex(field));
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
        m_editor.action(name)->trigger();
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
        QCOMPARE(m_editor.start(20, 6, 30, QSize(1100, 700)), QString());
    }

    void cleanup() { m_editor.stop(); }

    void aReferenceShowsTheLabelOfItsRecord()
    {
        QVERIFY(window()->showTable(u"orders"_s));
        const int customer = window()->model()->data(cell(0, u"customer_id"_s)).toInt();
        const QString name = m_editor.scalar(u"SELECT name FROM customers WHERE id = %1"_s.arg(customer)).toString();
        QVERIFY(!name.isEmpty());
        // The label is read after the first paint, in one query for the rows on screen
        QTRY_COMPARE(PaintedText::of(window()->grid(), cell(0, u"customer_id"_s)), u"%1 — %2"_s.arg(customer).arg(name));
        // Other columns are left alone, and the value itself is unchanged
        QCOMPARE(PaintedText::of(window()->grid(), cell(0, u"status"_s)), window()->model()->data(cell(0, u"status"_s)).toString());
        QCOMPARE(window()->model()->data(cell(0, u"customer_id"_s)).toInt(), customer);
        // A renamed customer shows its new name after a reload
        QVERIFY(QSqlQuery(m_editor.other()).exec(u"UPDATE customers SET name = 'Renamed Person' WHERE id = %1"_s.arg(customer)));
        m_editor.action("reloadAction")->trigger();
        QTRY_COMPARE(PaintedText::of(window()->grid(), cell(0, u"customer_id"_s)), u"%1 — Renamed Person"_s.arg(customer));
    }

    void theChoiceSearchesAHundredThousandRecordsInTheDatabase()
    {
        // Given 100,000 customers, one of them called "Zebulon Quist"
        const QString fill = backendUnderTest() == Backend::PostgreSQL
            ? u"INSERT INTO customers (id, name, version) SELECT i, 'Customer ' || i, 1 FROM generate_series(21, 100000) i"_s
            : u"INSERT INTO customers (id, name, version) WITH RECURSIVE n(i) AS (SELECT 21 UNION ALL SELECT i + 1 FROM n "
              "WHERE i < 100000) SELECT i, 'Customer ' || i, 1 FROM n"_s;
        QSqlQuery query(m_editor.other());
        QVERIFY2(query.exec(fill), qPrintable(query.lastError().text()));
        QVERIFY(query.exec(u"UPDATE customers SET name = 'Zebulon Quist' WHERE id = 98765"_s));
        QVERIFY(window()->showTable(u"orders"_s));
        window()->grid()->setCurrentIndex(cell(2, u"customer_id"_s));
        QVERIFY(m_editor.action("chooseReferenceAction")->isEnabled());
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
        QCOMPARE(window()->model()->data(cell(2, u"customer_id"_s)).toInt(), 98765);
        QCOMPARE(window()->model()->rowState(2), VersionedTableModel::RowState::Updated);
        QTRY_VERIFY(PaintedText::of(window()->grid(), cell(2, u"customer_id"_s)).endsWith(u" — Zebulon Quist"_s));
        const int id = window()->model()->data(cell(2, u"id"_s)).toInt();
        QVERIFY(window()->save());
        QCOMPARE(m_editor.scalar(u"SELECT customer_id FROM orders WHERE id = %1"_s.arg(id)).toInt(), 98765);
        // And a key typed into the search finds its record too; Cancel changes nothing
        withChooser("chooseReferenceAction", [](ReferenceChooser *chooser) {
            QTest::keyClicks(chooser->findChild<QLineEdit *>(u"referenceSearch"_s), u"54321"_s);
            chooser->searchNow();
            QCOMPARE(chooser->listedRows(), 1);
            chooser->reject();
        });
        QVERIFY(window()->model()->pendingRows().isEmpty());
    }

    void theChoiceIsOfferedOnlyOnReferences()
    {
        QVERIFY(window()->showTable(u"orders"_s));
        window()->grid()->setCurrentIndex(cell(0, u"status"_s));
        QVERIFY(!m_editor.action("chooseReferenceAction")->isEnabled());
        QVERIFY(!m_editor.action("goToReferencedAction")->isEnabled());
        window()->grid()->setCurrentIndex(cell(0, u"customer_id"_s));
        QVERIFY(m_editor.action("chooseReferenceAction")->isEnabled());
        QVERIFY(m_editor.action("goToReferencedAction")->isEnabled());
    }

    void goToTheReferencedRecord()
    {
        QVERIFY(window()->showTable(u"orders"_s));
        const int customer = window()->model()->data(cell(4, u"customer_id"_s)).toInt();
        window()->grid()->setCurrentIndex(cell(4, u"customer_id"_s));
        QTest::keyClick(window()->grid(), Qt::Key_J, Qt::ControlModifier);
        QCOMPARE(window()->model()->tableName(), u"customers"_s);
        QCOMPARE(window()->model()->rowCount(), 1);
        QCOMPARE(window()->model()->data(window()->grid()->currentIndex().siblingAtColumn(0)).toInt(), customer);
        // Clear Filters shows every customer again
        m_editor.action("clearFiltersAction")->trigger();
        QCOMPARE(window()->model()->rowCount(), 20);
    }

    void showTheRecordsThatReferToThisOne()
    {
        const QVariant customer = m_editor.scalar(u"SELECT customer_id FROM orders GROUP BY customer_id ORDER BY count(*) DESC, customer_id"_s);
        const int count = m_editor.scalar(u"SELECT count(*) FROM orders WHERE customer_id = %1"_s.arg(customer.toInt())).toInt();
        QVERIFY(count > 1);
        QVERIFY(window()->showTable(u"customers"_s));
        QVERIFY(window()->goToKey(customer.toString()));
        QVERIFY(m_editor.action("showReferencingAction")->isEnabled());
        m_editor.action("showReferencingAction")->trigger(); // only orders refer to customers: no menu
        QCOMPARE(window()->model()->tableName(), u"orders"_s);
        QCOMPARE(window()->model()->rowCount(), count);
        for (int row = 0; row < count; ++row)
            QCOMPARE(window()->model()->data(cell(row, u"customer_id"_s)), customer);
    }

    void aTableNobodyRefersToOffersNoReferencingRecords()
    {
        QVERIFY(window()->showTable(u"order_lines"_s));
        QVERIFY(window()->goToRow(0));
        QVERIFY(!m_editor.action("showReferencingAction")->isEnabled());
    }
};

QTEST_MAIN(tst_References)
#include "tst_references.moc"
