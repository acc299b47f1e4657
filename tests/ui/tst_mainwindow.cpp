// SPDX-License-Identifier: MIT
// SPDX-FileCopyrightText: 2026 Concord developers
#include <core/demodatabase.h>
#include <core/versionedtablemodel.h>
#include <tests/support/scratchdatabase.h>
#include <tests/support/testmacros.h>
#include <ui/mainwindow.h>

#include <QAction>
#include <QLabel>
#include <QListWidget>
#include <QMessageBox>
#include <QPushButton>
#include <QSqlQuery>
#include <QTableView>
#include <QTest>

#include <memory>

using namespace Concord;
using namespace Concord::Test;

class tst_MainWindow : public QObject
{
    Q_OBJECT

private:
    std::unique_ptr<ScratchDatabase> m_db;
    std::unique_ptr<MainWindow> m_window;
    QSqlDatabase m_other; // another user

    QVariant scalar(const QString &sql)
    {
        QSqlQuery query(m_other);
        if (!query.exec(sql) || !query.next())
            return {};
        return query.value(0);
    }

    QString statusText() const { return m_window->findChild<QLabel *>(QStringLiteral("pendingStatus"))->text(); }

    // Types into a cell the way a user does: select it, F2, text, Enter.
    void typeInto(int row, const QString &field, const QString &text)
    {
        QTableView *grid = m_window->grid();
        const QModelIndex index = m_window->model()->index(row, m_window->model()->fieldIndex(field));
        grid->setCurrentIndex(index);
        grid->scrollTo(index);
        QTest::keyClick(grid, Qt::Key_F2);
        QWidget *editor = QApplication::focusWidget();
        QVERIFY(editor && editor != grid);
        QTest::keyClick(editor, Qt::Key_A, Qt::ControlModifier);
        QTest::keyClicks(editor, text);
        QTest::keyClick(editor, Qt::Key_Return);
        // The delegate commits on Return through a queued call.
        QTRY_COMPARE(m_window->model()->data(index).toString(), text);
    }

    void save() { QTest::keySequence(m_window.get(), QKeySequence::Save); }

private Q_SLOTS:
    void init()
    {
        m_db = std::make_unique<ScratchDatabase>();
        QCOMPARE(m_db->create(Backend::SQLite), QString());
        m_other = m_db->open(QStringLiteral("other"));
        DemoDatabase::Size size;
        size.customers = 40;
        size.products = 10;
        size.orders = 30;
        QVERIFY_RESULT(DemoDatabase::create(m_other, size));
        QVERIFY(m_db->exec({QStringLiteral("CREATE TABLE audit (at TEXT, what TEXT)")}).isEmpty());
        m_window = std::make_unique<MainWindow>();
        QVERIFY_RESULT(m_window->openAddress(m_db->address()));
        m_window->show();
        QVERIFY(QTest::qWaitForWindowExposed(m_window.get()));
    }

    void cleanup()
    {
        m_window.reset();
        m_other = {};
        m_db.reset();
    }

    void listsTablesAndExplainsUneditableOnes()
    {
        auto *list = m_window->findChild<QListWidget *>(QStringLiteral("tableList"));
        QStringList names;
        for (int i = 0; i < list->count(); ++i)
            names << list->item(i)->text();
        QCOMPARE(names, (QStringList{QStringLiteral("audit"), QStringLiteral("customers"), QStringLiteral("order_lines"),
                                     QStringLiteral("orders"), QStringLiteral("products")}));
        QListWidgetItem *audit = list->item(0);
        QVERIFY(!(audit->flags() & Qt::ItemIsEnabled));
        QVERIFY(audit->toolTip().contains(QStringLiteral("no primary key")));
        // The first editable table is open, its version column hidden
        QCOMPARE(m_window->model()->tableName(), QStringLiteral("customers"));
        QVERIFY(m_window->grid()->isColumnHidden(m_window->model()->fieldIndex(QStringLiteral("version"))));
        QCOMPARE(m_window->model()->rowCount(), 40);
    }

    void editAndSaveFromTheKeyboard()
    {
        typeInto(2, QStringLiteral("city"), QStringLiteral("Porto"));
        QCOMPARE(statusText(), QStringLiteral("1 unsaved record"));
        QVERIFY(m_window->model()->data(m_window->model()->index(2, 3), VersionedTableModel::DirtyRole).toBool());
        save();
        QCOMPARE(scalar(QStringLiteral("SELECT city FROM customers WHERE id = 3")).toString(), QStringLiteral("Porto"));
        QCOMPARE(scalar(QStringLiteral("SELECT version FROM customers WHERE id = 3")).toInt(), 2);
        QCOMPARE(statusText(), QStringLiteral("All saved"));
    }

    void conflictIsNamedAndMineCanBeKept()
    {
        // Given another user changed the notes of customer 5 after the grid loaded it
        QVERIFY(m_db->exec({QStringLiteral("UPDATE customers SET notes = 'VIP', version = version + 1 WHERE id = 5")}).isEmpty());
        // When I change the city of the same customer and save
        typeInto(4, QStringLiteral("city"), QStringLiteral("Quito"));
        save();
        // Then a message names the record and both sides' fields, and my edit is still pending
        auto *box = m_window->findChild<QMessageBox *>(QStringLiteral("conflictMessage"));
        QVERIFY(box);
        QTRY_VERIFY(box->isVisible());
        QVERIFY(box->informativeText().contains(QStringLiteral("id=5")));
        QVERIFY(box->informativeText().contains(QStringLiteral("They changed: notes")));
        QVERIFY(box->informativeText().contains(QStringLiteral("You changed: city")));
        QCOMPARE(statusText(), QStringLiteral("1 unsaved record · 1 conflict"));
        QVERIFY(m_window->model()->hasConflict(4));
        QCOMPARE(scalar(QStringLiteral("SELECT city FROM customers WHERE id = 5")).toString() == QStringLiteral("Quito"), false);
        // When I keep mine
        QTest::mouseClick(box->findChild<QPushButton *>(QStringLiteral("keepMineButton")), Qt::LeftButton);
        // Then my city is written on top of their notes, at their version + 1
        QCOMPARE(scalar(QStringLiteral("SELECT city FROM customers WHERE id = 5")).toString(), QStringLiteral("Quito"));
        QCOMPARE(scalar(QStringLiteral("SELECT notes FROM customers WHERE id = 5")).toString(), QStringLiteral("VIP"));
        QCOMPARE(scalar(QStringLiteral("SELECT version FROM customers WHERE id = 5")).toInt(), 3);
        QCOMPARE(statusText(), QStringLiteral("All saved"));
    }

    void conflictCanBeSettledByTakingTheirs()
    {
        QVERIFY(m_db->exec({QStringLiteral("UPDATE customers SET city = 'Lima', version = version + 1 WHERE id = 1")}).isEmpty());
        typeInto(0, QStringLiteral("city"), QStringLiteral("Cusco"));
        save();
        auto *box = m_window->findChild<QMessageBox *>(QStringLiteral("conflictMessage"));
        QVERIFY(box);
        QTest::mouseClick(box->findChild<QPushButton *>(QStringLiteral("takeTheirsButton")), Qt::LeftButton);
        QCOMPARE(m_window->model()->data(m_window->model()->index(0, 3)).toString(), QStringLiteral("Lima"));
        QCOMPARE(statusText(), QStringLiteral("All saved"));
        QCOMPARE(scalar(QStringLiteral("SELECT version FROM customers WHERE id = 1")).toInt(), 2);
    }

    void addAndDeleteRows()
    {
        QTableView *grid = m_window->grid();
        // Delete customer 40, who has no orders in a database this small... choose one without orders
        const int free = scalar(QStringLiteral("SELECT min(id) FROM customers WHERE id NOT IN (SELECT customer_id FROM orders)")).toInt();
        QVERIFY(free > 0);
        grid->selectRow(free - 1);
        QTest::keyClick(m_window.get(), Qt::Key_Delete, Qt::ControlModifier);
        m_window->findChild<QAction *>(QStringLiteral("addRowAction"))->trigger();
        typeInto(40, QStringLiteral("name"), QStringLiteral("Zoe New"));
        QCOMPARE(statusText(), QStringLiteral("2 unsaved records"));
        save();
        QCOMPARE(statusText(), QStringLiteral("All saved"));
        QCOMPARE(scalar(QStringLiteral("SELECT count(*) FROM customers WHERE id = %1").arg(free)).toInt(), 0);
        QCOMPARE(scalar(QStringLiteral("SELECT version FROM customers WHERE name = 'Zoe New'")).toInt(), 1);
        QVERIFY(grid->isRowHidden(free - 1));
        QCOMPARE(m_window->model()->data(m_window->model()->index(40, 0)).toInt(), 41);
    }
};

QTEST_MAIN(tst_MainWindow)
#include "tst_mainwindow.moc"
