// SPDX-License-Identifier: MIT
// SPDX-FileCopyrightText: 2026 Concord developers
//
// Issue #11, browsing in the editor: header clicks sort, the filter row and the quick find
// filter with bound values, Ctrl+End reaches the last of 100,000 rows at once, Go to Key finds
// any record, and a live refresh deep in the table keeps the selection and the scroll position.
// On SQLite and PostgreSQL, driving the window as a user does.
#include <core/model/versionedtablemodel.h>
#include <tests/support/modelfixture.h>
#include <tests/support/scratchdatabase.h>
#include <tests/support/testmacros.h>
#include <ui/editor/mainwindow.h>
#include <ui/widgets/filterheader.h>
#include <ui/widgets/findbar.h>
#include <ui/widgets/gridselection.h>
#include <ui/widgets/tablelist.h>

#include <QApplication>
#include <QItemSelectionModel>
#include <QLineEdit>
#include <QListWidget>
#include <QMessageBox>
#include <QPushButton>
#include <QScrollBar>
#include <QSignalSpy>
#include <QSqlQuery>
#include <QStandardPaths>
#include <QStatusBar>
#include <QTableView>
#include <QTest>
#include <QTimer>

#include <memory>

using namespace Concord;
using namespace Concord::Test;
using namespace Qt::StringLiterals;

class tst_Browsing : public QObject
{
    Q_OBJECT

private:
    static constexpr int bigRows = 100000;
    std::unique_ptr<ScratchDatabase> m_db;
    std::unique_ptr<MainWindow> m_window;
    QSqlDatabase m_other;

    VersionedTableModel *model() const { return m_window->model(); }
    QTableView *grid() const { return m_window->grid(); }
    int id(int row) const { return ModelFixture::value(*model(), row, u"id"_s).toInt(); }
    int column(const QString &name) const { return model()->fieldIndex(name); }

    QString createBig()
    {
        const bool postgres = m_db->backend() == Backend::PostgreSQL;
        const QString rows = postgres ? u"SELECT x FROM generate_series(1, %1) AS x"_s
                                      : u"WITH RECURSIVE c(x) AS (SELECT 1 UNION ALL SELECT x + 1 FROM c WHERE x < %1) "
                                        "SELECT x FROM c"_s;
        return m_db->exec({u"CREATE TABLE big (id INTEGER PRIMARY KEY, name TEXT NOT NULL, qty INTEGER, "
                           "version INTEGER NOT NULL DEFAULT 1)"_s,
                           u"INSERT INTO big (id, name, qty, version) SELECT x, 'name ' || x, x %% 1000, 1 FROM (%1) AS r"_s
                               .replace(u"%%"_s, u"%"_s)
                               .arg(rows.arg(bigRows)),
                           u"INSERT INTO big (id, name, qty) VALUES (200001, 'O''Brien 100%', 1), "
                           "(200002, 'O''Brien 1000', 2)"_s});
    }

    void clickHeader(int logical)
    {
        QHeaderView *header = grid()->horizontalHeader();
        const QPoint at(header->sectionViewportPosition(logical) + header->sectionSize(logical) / 2, 6);
        QTest::mouseClick(header->viewport(), Qt::LeftButton, {}, at);
    }

    // Answers the next message box with \a button, as a user would.
    static void answerNextMessageBox(QMessageBox::StandardButton button)
    {
        QTimer::singleShot(0, [button] {
            auto *box = qobject_cast<QMessageBox *>(QApplication::activeModalWidget());
            if (box)
                box->button(button)->click();
        });
    }

    void insertAsOtherUser(int id)
    {
        VersionedTableModel other(nullptr, m_other);
        other.setTable(u"big"_s);
        QVERIFY_SQL(other, select());
        QVERIFY(other.insertRow(other.rowCount()));
        const int row = other.rowCount() - 1;
        QVERIFY(other.setData(other.index(row, other.fieldIndex(u"id"_s)), id));
        QVERIFY(other.setData(other.index(row, other.fieldIndex(u"name"_s)), u"inserted"_s));
        QVERIFY_SQL(other, submitAll());
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
        QCOMPARE(createBig(), QString());
        m_other = m_db->open(u"other"_s);
        m_window = std::make_unique<MainWindow>();
        QVERIFY_RESULT(m_window->openAddress(m_db->address()));
        QVERIFY(m_window->showTable(u"big"_s));
        m_window->show();
        QVERIFY(QTest::qWaitForWindowExposed(m_window.get()));
    }

    void cleanup()
    {
        m_window.reset();
        m_other = {};
        m_db.reset();
    }

    void theGridKnowsEveryRowAndCtrlEndReachesTheLast()
    {
        QCOMPARE(model()->rowCount(), bigRows + 2);
        QCOMPARE(m_window->findBar()->summary(), u"%1 rows"_s.arg(QLocale().toString(bigRows + 2)));
        // The table list's capped count ("100,000+ rows" on SQLite) gives way to the grid's exact one
        const QList<QListWidgetItem *> items = m_window->tableList()->findItems(u"big"_s, Qt::MatchExactly);
        QCOMPARE(items.size(), 1);
        QVERIFY(items.first()->data(TableList::DetailRole).toString().startsWith(
            u"%1 rows"_s.arg(QLocale().toString(bigRows + 2))));
        grid()->setFocus();
        grid()->setCurrentIndex(model()->index(0, column(u"name"_s)));
        QTest::keyClick(grid(), Qt::Key_End, Qt::ControlModifier);
        QCOMPARE(grid()->currentIndex().row(), bigRows + 1);
        QCOMPARE(id(grid()->currentIndex().row()), 200002);
        QVERIFY(grid()->verticalScrollBar()->value() > bigRows - 100); // scrolled there
        // The pages on screen at the top and at the end, never the 390 in between
        QVERIFY2(model()->pagesRead() < 10, qPrintable(QString::number(model()->pagesRead())));
        QTest::keyClick(grid(), Qt::Key_Home, Qt::ControlModifier);
        QCOMPARE(grid()->currentIndex().row(), 0);
    }

    void headerClicksSortAscendingDescendingThenByKey()
    {
        const QImage before = grid()->horizontalHeader()->grab().toImage();
        clickHeader(column(u"qty"_s));
        QCOMPARE(ModelFixture::value(*model(), 0, u"qty"_s).toInt(), 0);
        QCOMPARE(grid()->horizontalHeader()->sortIndicatorSection(), column(u"qty"_s));
        QVERIFY(grid()->horizontalHeader()->isSortIndicatorShown());
        QVERIFY(grid()->horizontalHeader()->grab().toImage() != before); // the arrow is painted
        QCOMPARE(grid()->horizontalHeader()->sortIndicatorOrder(), Qt::AscendingOrder);
        clickHeader(column(u"qty"_s));
        QCOMPARE(ModelFixture::value(*model(), 0, u"qty"_s).toInt(), 999);
        QCOMPARE(grid()->horizontalHeader()->sortIndicatorOrder(), Qt::DescendingOrder);
        clickHeader(column(u"qty"_s));
        QCOMPARE(id(0), 1);
        QCOMPARE(model()->rowCount(), bigRows + 2);
    }

    void aSortWithPendingEditsAsksAndDropsNothing()
    {
        QVERIFY(model()->setData(model()->index(2, column(u"name"_s)), u"mine"_s));
        answerNextMessageBox(QMessageBox::Cancel);
        clickHeader(column(u"qty"_s));
        QCOMPARE(id(0), 1); // not sorted
        QCOMPARE(ModelFixture::value(*model(), 2, u"name"_s).toString(), u"mine"_s);
        QCOMPARE(grid()->horizontalHeader()->sortIndicatorSection(), -1);
        answerNextMessageBox(QMessageBox::Save);
        clickHeader(column(u"qty"_s));
        QCOMPARE(ModelFixture::value(*model(), 0, u"qty"_s).toInt(), 0); // saved, then sorted
        QSqlQuery stored(m_other);
        QVERIFY(stored.exec(u"SELECT name FROM big WHERE id = 3"_s) && stored.next());
        QCOMPARE(stored.value(0).toString(), u"mine"_s);
    }

    void theFilterRowAndTheFindBarFilterInTheDatabase()
    {
        QLineEdit *name = m_window->filterHeader()->field(column(u"name"_s));
        QVERIFY(name);
        QVERIFY(name->isVisible());
        QTest::keyClicks(name, u"O'Brien 100%"_s);
        QTest::keyClick(name, Qt::Key_Return);
        QCOMPARE(model()->rowCount(), 1);
        QCOMPARE(id(0), 200001);
        QCOMPARE(m_window->findBar()->summary(), u"1 matching row"_s);
        name->clear();
        QLineEdit *qty = m_window->filterHeader()->field(column(u"qty"_s));
        QTest::keyClicks(qty, u">=998"_s);
        QTest::keyClick(qty, Qt::Key_Return);
        QCOMPARE(model()->rowCount(), 200);
        // A value that does not fit the column is refused with the reason; the grid is unchanged
        qty->clear();
        QTest::keyClicks(qty, u"=abc"_s);
        QTest::keyClick(qty, Qt::Key_Return);
        QCOMPARE(model()->rowCount(), 200);
        QVERIFY(m_window->statusBar()->currentMessage().contains(u"Filter not applied"_s));
        QCOMPARE(qty->text(), u">=998"_s); // the field shows what the grid shows
        // The quick find, from Ctrl+F
        QTest::keySequence(m_window.get(), QKeySequence::Find);
        QVERIFY(m_window->findBar()->field()->hasFocus());
        QTest::keyClicks(m_window->findBar()->field(), u"name 99998"_s);
        QTest::keyClick(m_window->findBar()->field(), Qt::Key_Return);
        QCOMPARE(model()->rowCount(), 1); // qty >= 998 and the text
        QCOMPARE(id(0), 99998);
        m_window->clearFilters();
        QCOMPARE(model()->rowCount(), bigRows + 2);
    }

    void goToKeyFindsAnyRecord()
    {
        clickHeader(column(u"qty"_s));
        QTest::mouseClick(grid()->viewport(), Qt::LeftButton, {}, grid()->visualRect(model()->index(2, 1)).center());
        QVERIFY(m_window->goToKey(u"77777"_s));
        QCOMPARE(id(grid()->currentIndex().row()), 77777);
        QVERIFY(!m_window->goToKey(u"abc"_s));
        QVERIFY(!m_window->statusBar()->currentMessage().isEmpty());
        QVERIFY(!m_window->goToKey(u"300000"_s));
        QVERIFY(m_window->goToRow(bigRows));
        QCOMPARE(grid()->currentIndex().row(), bigRows);
        // Shift+Down selects from there, as after a click on the cell: its cell and the one below
        grid()->setFocus();
        QTest::keyClick(grid(), Qt::Key_Down, Qt::ShiftModifier);
        QCOMPARE(grid()->selectionModel()->selectedIndexes().size(), 2);
        QCOMPARE(selectedRowsOf(*grid()), (QList<int>{bigRows, bigRows + 1}));
    }

    void aLiveRefreshDeepInTheTableKeepsSelectionAndScroll()
    {
        // Given rows 90,001 to 90,003 selected, far down the table
        QVERIFY(m_window->goToRow(90000));
        QItemSelectionModel *selection = grid()->selectionModel();
        selection->select(QItemSelection(model()->index(90000, 0), model()->index(90002, model()->columnCount() - 1)),
                          QItemSelectionModel::ClearAndSelect);
        const int scroll = grid()->verticalScrollBar()->value();
        QVERIFY(scroll > 80000);
        // When another user saves a row near the top (its page is held: it is read in place),
        // and inserts one above everything (the table is read again)
        QSignalSpy refreshed(model(), &VersionedTableModel::refreshed);
        QCOMPARE(ModelFixture::saveAsOtherUser(m_other, u"big"_s, 5, u"name"_s, u"theirs"_s), QString());
        QTRY_COMPARE_WITH_TIMEOUT(ModelFixture::value(*model(), 4, u"name"_s).toString(), u"theirs"_s, 10000);
        QCOMPARE(refreshed.count(), 0);
        QCOMPARE(grid()->verticalScrollBar()->value(), scroll);
        QCOMPARE(id(grid()->currentIndex().row()), 90001);
        QCOMPARE(selection->selectedRows().size(), 3);
        insertAsOtherUser(-1);
        QTRY_VERIFY_WITH_TIMEOUT(refreshed.count() >= 1, 10000);
        // Then the same records are current and selected, one row further down
        QCOMPARE(grid()->currentIndex().row(), 90001);
        QCOMPARE(id(grid()->currentIndex().row()), 90001);
        QList<int> ids;
        for (const QModelIndex &index : selection->selectedRows())
            ids << id(index.row());
        std::sort(ids.begin(), ids.end());
        QCOMPARE(ids, (QList<int>{90001, 90002, 90003}));
        QCOMPARE(grid()->verticalScrollBar()->value(), scroll);
    }
};

QTEST_MAIN(tst_Browsing)
#include "tst_browsing.moc"
