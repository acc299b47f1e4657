// SPDX-License-Identifier: MIT
// SPDX-FileCopyrightText: 2026 Concord developers
#include <core/db/columndefaults.h>
#include <core/db/demodatabase.h>
#include <core/model/editjournal.h>
#include <core/model/versionedtablemodel.h>
#include <tests/support/scratchdatabase.h>
#include <tests/support/testmacros.h>
#include <ui/editor/clipboard.h>
#include <ui/editor/editundo.h>
#include <ui/editor/journalprompt.h>
#include <ui/editor/mainwindow.h>

#include "editorfixture.h"

#include <QAction>
#include <QApplication>
#include <QClipboard>
#include <QMenu>
#include <QMessageBox>
#include <QSqlQuery>
#include <QSqlRecord>
#include <QStandardPaths>
#include <QTableView>
#include <QTest>
#include <QUndoStack>

#include <memory>

using namespace Concord;
using namespace Concord::Test;
using namespace Qt::StringLiterals;

// Undo/redo, copy/paste and Duplicate Row in the editor window (issue #12), on a scratch database
// (SQLite, and PostgreSQL as tst_undo_postgresql), driven with the keys a user presses.
class tst_Undo : public QObject
{
    Q_OBJECT

private:
    std::unique_ptr<ScratchDatabase> m_db;
    std::unique_ptr<MainWindow> m_window;
    QSqlDatabase m_other; // another user, and the test's view of what is saved

    VersionedTableModel *model() const { return m_window->model(); }
    QTableView *grid() const { return m_window->grid(); }
    QUndoStack *stack() const { return m_window->editUndo()->stack(); }
    QAction *action(const char *name) const { return m_window->findChild<QAction *>(QLatin1String(name)); }
    void keys(const QKeySequence &sequence) { QTest::keySequence(grid(), sequence); }
    void undoKey() { keys(QKeySequence(Qt::CTRL | Qt::Key_Z)); }
    void redoKey() { keys(QKeySequence(Qt::CTRL | Qt::SHIFT | Qt::Key_Z)); }

    QVariant scalar(const QString &sql)
    {
        QSqlQuery query(m_other);
        if (!query.exec(sql) || !query.next())
            return {};
        return query.value(0);
    }

    QModelIndex cell(int row, const QString &field) const { return model()->index(row, model()->fieldIndex(field)); }
    QString text(int row, const QString &field) const { return model()->data(cell(row, field), Qt::EditRole).toString(); }

    // Types into a cell the way a user does: select it, F2, text, Enter.
    void typeInto(int row, const QString &field, const QString &value)
    {
        const QModelIndex index = cell(row, field);
        grid()->setCurrentIndex(index);
        grid()->scrollTo(index);
        QTest::keyClick(grid(), Qt::Key_F2);
        QWidget *editor = QApplication::focusWidget();
        QVERIFY(editor && editor != grid());
        QTest::keyClick(editor, Qt::Key_A, Qt::ControlModifier);
        QTest::keyClicks(editor, value);
        QTest::keyClick(editor, Qt::Key_Return);
        QTRY_COMPARE(model()->data(index, Qt::EditRole).toString(), value);
        grid()->setFocus();
    }

    // Every row's state and shown values: what "the same pending state" means.
    QStringList gridState() const
    {
        QStringList rows;
        for (int row = 0; row < model()->rowCount(); ++row) {
            QStringList values{QString::number(int(model()->rowState(row)))};
            for (int column = 0; column < model()->columnCount(); ++column)
                values << model()->data(model()->index(row, column), Qt::EditRole).toString();
            rows << values.join(u'|');
        }
        return rows;
    }

    void pasteAt(int row, const QString &field, const QString &tsv)
    {
        grid()->setCurrentIndex(cell(row, field));
        QApplication::clipboard()->setText(tsv);
        keys(QKeySequence::Paste);
    }

    QMessageBox *refusal() const { return m_window->findChild<QMessageBox *>(u"pasteRefusedMessage"_s); }

private Q_SLOTS:
    void initTestCase()
    {
        QStandardPaths::setTestModeEnabled(true); // edit journals go to a test folder
        CONCORD_REQUIRE_BACKEND();
    }

    void init()
    {
        m_db = std::make_unique<ScratchDatabase>();
        QCOMPARE(m_db->create(backendUnderTest()), QString());
        m_other = m_db->open(QStringLiteral("other"));
        DemoDatabase::Size size;
        size.customers = 10;
        size.products = 10;
        size.orders = 5;
        QVERIFY_RESULT(DemoDatabase::create(m_other, size));
        // A value holding a tab and quotes, and one holding a newline (char() / chr() by backend).
        const QString chr = backendUnderTest() == Backend::SQLite ? u"char"_s : u"chr"_s;
        QVERIFY(m_db->exec({u"CREATE TABLE items (id INTEGER PRIMARY KEY, label TEXT NOT NULL, qty INTEGER, "
                            "note TEXT, version INTEGER NOT NULL DEFAULT 1)"_s,
                            u"INSERT INTO items VALUES (1, 'apple', 3, NULL, 1)"_s,
                            u"INSERT INTO items VALUES (2, 'pear', NULL, 'say \"hi\"' || %1(9) || 'now', 1)"_s.arg(chr),
                            u"INSERT INTO items VALUES (3, 'plum', 7, 'two' || %1(10) || 'lines', 1)"_s.arg(chr),
                            u"INSERT INTO items VALUES (4, 'fig', 1, 'ok', 1)"_s,
                            u"CREATE TABLE tasks (id INTEGER PRIMARY KEY, title TEXT, state TEXT NOT NULL DEFAULT 'open', "
                            "points INTEGER DEFAULT (-1), due TEXT DEFAULT CURRENT_TIMESTAMP, "
                            "version INTEGER NOT NULL DEFAULT 1)"_s})
                    .isEmpty());
        m_window = std::make_unique<MainWindow>();
        QVERIFY_RESULT(m_window->openAddress(m_db->address()));
        m_window->show();
        QVERIFY(QTest::qWaitForWindowExposed(m_window.get()));
    }

    void cleanup()
    {
        if (m_window && model())
            m_window->journalPrompt()->discardEdits();
        m_window.reset();
        m_other = {};
        m_db.reset();
    }

    void undoAllReturnsToTheLoadedStateAndRedoAllBringsEveryEditBack()
    {
        // Given items as loaded
        QVERIFY(m_window->showTable(u"items"_s));
        const QStringList loaded = gridState();
        // When the user edits three cells, adds a row and deletes one
        typeInto(0, u"label"_s, u"apricot"_s);
        QCOMPARE(action("undoAction")->text(), u"&Undo Edit of label"_s);
        typeInto(0, u"qty"_s, u"5"_s);
        typeInto(1, u"note"_s, u"ripe"_s);
        QTest::keySequence(m_window.get(), QKeySequence(Qt::CTRL | Qt::Key_N));
        QCOMPARE(model()->rowCount(), 5);
        QCOMPARE(action("undoAction")->text(), u"&Undo Insertion of a row"_s);
        typeInto(4, u"id"_s, u"10"_s);
        typeInto(4, u"label"_s, u"kiwi"_s);
        grid()->selectRow(3);
        QTest::keySequence(m_window.get(), QKeySequence(Qt::CTRL | Qt::Key_Delete));
        QCOMPARE(model()->rowState(3), VersionedTableModel::RowState::Deleted);
        QCOMPARE(model()->pendingRows(), (QList<int>{0, 1, 3, 4}));
        const QStringList pending = gridState();
        QCOMPARE(stack()->count(), 7);

        // Then undoing everything leaves the table as loaded, nothing pending
        while (stack()->canUndo())
            undoKey();
        QCOMPARE(model()->pendingRows(), QList<int>());
        QCOMPARE(model()->rowCount(), 4);
        QCOMPARE(gridState(), loaded);
        // (the crash journal agrees: nothing is pending, so it has no file)
        QTRY_VERIFY(!QFile::exists(EditJournal::pathFor(m_window->address(), u"items"_s)));

        // And redoing everything gives back the same pending state
        while (stack()->canRedo())
            redoKey();
        QCOMPARE(gridState(), pending);
        QCOMPARE(model()->pendingRows(), (QList<int>{0, 1, 3, 4}));
        QTRY_VERIFY(QFile::exists(EditJournal::pathFor(m_window->address(), u"items"_s)));

        // And after a save, Ctrl+Z has nothing to take back, and the saved rows stay as saved
        QTest::keySequence(m_window.get(), QKeySequence::Save);
        QTRY_COMPARE(model()->pendingRows(), QList<int>());
        QCOMPARE(stack()->count(), 0);
        undoKey();
        QVERIFY(model()->pendingRows().isEmpty());
        QCOMPARE(scalar(u"SELECT label FROM items WHERE id = 1"_s).toString(), u"apricot"_s);
        QCOMPARE(scalar(u"SELECT qty FROM items WHERE id = 1"_s).toInt(), 5);
        QCOMPARE(scalar(u"SELECT note FROM items WHERE id = 2"_s).toString(), u"ripe"_s);
        QCOMPARE(scalar(u"SELECT label FROM items WHERE id = 10"_s).toString(), u"kiwi"_s);
        QCOMPARE(scalar(u"SELECT count(*) FROM items WHERE id = 4"_s).toInt(), 0);
    }

    void theEditMenuHoldsUndoRedoCopyPasteAndRevertAllMovedAside()
    {
        const QList<QAction *> edit = m_window->findChild<QMenu *>(u"editMenu"_s)->actions();
        for (const char *name : {"undoAction", "redoAction", "copyAction", "pasteAction"})
            QVERIFY2(edit.contains(action(name)), name);
        QVERIFY(m_window->findChild<QMenu *>(u"recordsMenu"_s)->actions().contains(action("duplicateRowAction")));
        QCOMPARE(action("redoAction")->shortcut(), QKeySequence(Qt::CTRL | Qt::SHIFT | Qt::Key_Z));
        QCOMPARE(action("revertAction")->shortcut(), QKeySequence(Qt::CTRL | Qt::SHIFT | Qt::Key_R));
        QCOMPARE(action("duplicateRowAction")->shortcut(), QKeySequence(Qt::CTRL | Qt::Key_D));
    }

    void undoOfACellBackToItsLoadedValueLeavesTheRowNotDirty()
    {
        QVERIFY(m_window->showTable(u"customers"_s));
        typeInto(2, u"city"_s, u"Faro"_s);
        typeInto(2, u"phone"_s, u"1"_s);
        grid()->setCurrentIndex(cell(7, u"name"_s));
        undoKey();
        QCOMPARE(model()->pendingRows(), QList<int>{2}); // the city edit is still there
        QCOMPARE(grid()->currentIndex(), cell(2, u"phone"_s)); // and undo shows what it changed
        undoKey();
        QCOMPARE(model()->pendingRows(), QList<int>());
        QCOMPARE(model()->rowState(2), VersionedTableModel::RowState::Unchanged);
    }

    void undoOfADeleteGivesTheRowBackItsEdits()
    {
        QVERIFY(m_window->showTable(u"customers"_s));
        typeInto(4, u"city"_s, u"Braga"_s);
        grid()->selectRow(4);
        QTest::keySequence(m_window.get(), QKeySequence(Qt::CTRL | Qt::Key_Delete));
        QCOMPARE(action("undoAction")->text(), u"&Undo Delete of a row"_s);
        undoKey();
        QCOMPARE(model()->rowState(4), VersionedTableModel::RowState::Updated);
        QCOMPARE(text(4, u"city"_s), u"Braga"_s);
        QVERIFY(!model()->isDirty(cell(4, u"name"_s)));
    }

    void undoOfDeletingANewRowPutsItBackInPlace()
    {
        QVERIFY(m_window->showTable(u"items"_s));
        for (const QString &label : {u"A"_s, u"B"_s, u"C"_s}) {
            QTest::keySequence(m_window.get(), QKeySequence(Qt::CTRL | Qt::Key_N));
            typeInto(model()->rowCount() - 1, u"label"_s, label);
        }
        grid()->selectRow(5);
        QTest::keySequence(m_window.get(), QKeySequence(Qt::CTRL | Qt::Key_Delete));
        QCOMPARE(model()->rowCount(), 6);
        QCOMPARE(text(5, u"label"_s), u"C"_s);
        undoKey();
        QCOMPARE(model()->rowCount(), 7);
        QCOMPARE((QStringList{text(4, u"label"_s), text(5, u"label"_s), text(6, u"label"_s)}),
                 (QStringList{u"A"_s, u"B"_s, u"C"_s}));
        QVERIFY(model()->data(cell(5, u"qty"_s)).isNull());
    }

    void reloadAndTableSwitchClearTheHistory()
    {
        QVERIFY(m_window->showTable(u"customers"_s));
        typeInto(0, u"city"_s, u"Lisbon"_s);
        undoKey();
        QVERIFY(stack()->canRedo());
        QTest::keySequence(m_window.get(), QKeySequence::Refresh);
        QCOMPARE(stack()->count(), 0);
        typeInto(0, u"city"_s, u"Lisbon"_s);
        undoKey();
        QVERIFY(m_window->showTable(u"items"_s));
        QCOMPARE(stack()->count(), 0);
    }

    void othersChangeShownInPlaceKeepsTheHistory()
    {
        // Given an undoable edit of the first item
        QVERIFY(m_window->showTable(u"items"_s));
        typeInto(0, u"label"_s, u"apricot"_s);
        QCOMPARE(stack()->count(), 1);
        // When another user saves the third, which the grid shows in place
        VersionedTableModel other(nullptr, m_other);
        other.setTable(u"items"_s);
        QVERIFY_SQL(other, select());
        QVERIFY(other.setData(other.index(2, other.fieldIndex(u"qty"_s)), 70));
        QVERIFY_SQL(other, submitAll());
        QTRY_COMPARE(text(2, u"qty"_s), u"70"_s);
        // Then the step is still there, and undoing it leaves their change alone
        QCOMPARE(stack()->count(), 1);
        undoKey();
        QCOMPARE(text(0, u"label"_s), u"apple"_s);
        QCOMPARE(text(2, u"qty"_s), u"70"_s);
        QVERIFY(model()->pendingRows().isEmpty());
    }

    void copyOfSelectedRowsGivesExactTsv()
    {
        QVERIFY(m_window->showTable(u"items"_s));
        grid()->setCurrentIndex(cell(0, u"label"_s));
        grid()->selectionModel()->select(QItemSelection(cell(0, u"id"_s), cell(2, u"note"_s)),
                                         QItemSelectionModel::ClearAndSelect | QItemSelectionModel::Rows);
        keys(QKeySequence::Copy);
        QCOMPARE(QApplication::clipboard()->text(),
                 u"1\tapple\t3\t\n2\tpear\t\t\"say \"\"hi\"\"\tnow\"\n3\tplum\t7\t\"two\nlines\""_s);
        // One cell selected (the grid selects cells since rectangle copy): the current cell alone
        grid()->clearSelection();
        grid()->setCurrentIndex(cell(1, u"note"_s));
        QCOMPARE(grid()->selectionModel()->selectedIndexes().size(), 1);
        keys(QKeySequence::Copy);
        QCOMPARE(QApplication::clipboard()->text(), u"\"say \"\"hi\"\"\tnow\""_s);
        QCOMPARE(cellsFromTsv(QApplication::clipboard()->text()), (QList<QStringList>{{u"say \"hi\"\tnow"_s}}));
    }

    void tsvReadsWhatSpreadsheetsWrite()
    {
        QCOMPARE(cellsFromTsv(u"a\tb\r\n\"c\"\"d\"\t\r\n"_s), (QList<QStringList>{{u"a"_s, u"b"_s}, {u"c\"d"_s, QString()}}));
        const QList<QStringList> cells{{u"x\ty"_s, u"1"_s}, {QString(), u"two\nlines"_s}};
        QCOMPARE(cellsFromTsv(tsvFromCells(cells)), cells);
    }

    void pasteOfAThreeByFourRangeConvertsValuesAndIsOneUndoStep()
    {
        // Given products, whose price and stock are numbers
        QVERIFY(m_window->showTable(u"products"_s));
        const QStringList loaded = gridState();
        // When a 3x4 block from a spreadsheet is pasted at row 1's sku
        pasteAt(1, u"sku"_s,
                u"S-1\tFirst\t9.5\t12\r\nS-2\t\"Second, \"\"big\"\"\"\t10\t0\r\nS-3\tThird\t0.25\t 7\r\n"_s);
        // Then every value is converted for its column
        QVERIFY(!refusal());
        QCOMPARE(text(1, u"sku"_s), u"S-1"_s);
        QCOMPARE(text(2, u"name"_s), u"Second, \"big\""_s);
        QCOMPARE(model()->data(cell(1, u"price"_s), Qt::EditRole).toDouble(), 9.5);
        QCOMPARE(model()->data(cell(3, u"stock"_s), Qt::EditRole).toInt(), 7);
        QVERIFY(model()->data(cell(3, u"stock"_s), Qt::EditRole).metaType().id() != QMetaType::QString);
        QCOMPARE(model()->pendingRows(), (QList<int>{1, 2, 3}));
        QCOMPARE(action("undoAction")->text(), u"&Undo Paste of 12 cells"_s);
        // And one Ctrl+Z takes it all back
        undoKey();
        QCOMPARE(model()->pendingRows(), QList<int>());
        QCOMPARE(gridState(), loaded);
        redoKey();
        QCOMPARE(model()->pendingRows(), (QList<int>{1, 2, 3}));
    }

    void pasteWithOneBadValueIsRefusedWhole()
    {
        QVERIFY(m_window->showTable(u"products"_s));
        const QStringList loaded = gridState();
        pasteAt(0, u"sku"_s, u"S-1\tFirst\t9.5\t12\nS-2\tSecond\t10\tabc"_s);
        QTRY_VERIFY(refusal() && refusal()->isVisible());
        QVERIFY2(refusal()->text().contains(u"stock"_s), qPrintable(refusal()->text()));
        QCOMPARE(gridState(), loaded);
        QCOMPARE(stack()->count(), 0);
    }

    void pasteThatWouldReachPastTheGridOrIntoAKeyIsRefused()
    {
        QVERIFY(m_window->showTable(u"items"_s));
        const QStringList loaded = gridState();
        pasteAt(3, u"label"_s, u"a\nb"_s); // past the last row
        QTRY_VERIFY(refusal());
        delete refusal();
        pasteAt(0, u"note"_s, u"a\tb"_s); // past the last column
        QTRY_VERIFY(refusal());
        delete refusal();
        pasteAt(0, u"id"_s, u"9"_s); // the key of a loaded row
        QTRY_VERIFY(refusal());
        QVERIFY(refusal()->text().contains(u"id"_s));
        QCOMPARE(gridState(), loaded);
    }

    void duplicateRowCopiesEverythingButTheKeyAndVersion()
    {
        QVERIFY(m_window->showTable(u"customers"_s));
        const int rows = model()->rowCount();
        typeInto(2, u"city"_s, u"Evora"_s);
        grid()->setCurrentIndex(cell(2, u"name"_s));
        QTest::keySequence(m_window.get(), QKeySequence(Qt::CTRL | Qt::Key_D));
        QCOMPARE(model()->rowCount(), rows + 1);
        QCOMPARE(model()->rowState(rows), VersionedTableModel::RowState::Inserted);
        QCOMPARE(text(rows, u"name"_s), text(2, u"name"_s));
        QCOMPARE(text(rows, u"city"_s), u"Evora"_s);
        QVERIFY(model()->data(cell(rows, u"id"_s)).isNull());
        QCOMPARE(grid()->currentIndex(), cell(rows, u"name"_s));
        QCOMPARE(action("undoAction")->text(), u"&Undo Duplicate Row"_s);
        QTest::keySequence(m_window.get(), QKeySequence::Save);
        QTRY_COMPARE(model()->pendingRows(), QList<int>());
        QCOMPARE(scalar(u"SELECT count(*) FROM customers WHERE city = 'Evora'"_s).toInt(), 2);
        QCOMPARE(scalar(u"SELECT max(version) FROM customers WHERE city = 'Evora'"_s).toInt(), 2);
        QCOMPARE(scalar(u"SELECT min(version) FROM customers WHERE city = 'Evora'"_s).toInt(), 1);
    }

    void aNewRowShowsTheColumnsConstantDefaults()
    {
        const auto defaults = columnDefaults(m_other, u"tasks"_s);
        QVERIFY_RESULT(defaults);
        QVERIFY(defaults.value().value(u"state"_s).isConstant);
        QVERIFY(!defaults.value().value(u"due"_s).isConstant);
        QVERIFY(!defaults.value().contains(u"title"_s));
        QCOMPARE(parseColumnDefault(u"'it''s'::character varying"_s).constantText, u"it's"_s);
        QVERIFY(!parseColumnDefault(u"nextval('tasks_id_seq'::regclass)"_s).isConstant);

        QVERIFY(m_window->showTable(u"tasks"_s));
        QTest::keySequence(m_window.get(), QKeySequence(Qt::CTRL | Qt::Key_N));
        QCOMPARE(model()->rowCount(), 1);
        QCOMPARE(text(0, u"state"_s), u"open"_s);
        QCOMPARE(model()->data(cell(0, u"points"_s), Qt::EditRole).toInt(), -1);
        QVERIFY(model()->data(cell(0, u"due"_s), Qt::EditRole).isNull()); // left to the database
        QVERIFY(model()->data(cell(0, u"version"_s), Qt::EditRole).isNull());
        // and the cell says what the database will put there, not "NULL"
        const QString due = PaintedText::of(m_window->grid(), cell(0, u"due"_s));
        QVERIFY2(due.startsWith(u"default: "_s) && due.contains(u"CURRENT_TIMESTAMP"_s, Qt::CaseInsensitive), qPrintable(due));
        QCOMPARE(PaintedText::of(m_window->grid(), cell(0, u"title"_s)), u"NULL"_s);
        QCOMPARE(PaintedText::of(m_window->grid(), cell(0, u"id"_s)),
                 backendUnderTest() == Backend::SQLite ? u"(automatic)"_s : u"NULL"_s); // a plain integer key on PostgreSQL
        typeInto(0, u"id"_s, u"1"_s);
        QTest::keySequence(m_window.get(), QKeySequence::Save);
        QTRY_COMPARE(model()->pendingRows(), QList<int>());
        QCOMPARE(scalar(u"SELECT state FROM tasks WHERE id = 1"_s).toString(), u"open"_s);
        // An identity column (the demo's keys on PostgreSQL) is numbered by the database too
        QVERIFY(m_window->showTable(u"customers"_s));
        QTest::keySequence(m_window.get(), QKeySequence(Qt::CTRL | Qt::Key_N));
        QCOMPARE(PaintedText::of(m_window->grid(), cell(model()->rowCount() - 1, u"id"_s)), u"(automatic)"_s);
        m_window->revertAll();
        QVERIFY(!scalar(u"SELECT due FROM tasks WHERE id = 1"_s).isNull());
    }
};

QTEST_MAIN(tst_Undo)
#include "tst_undo.moc"
