// SPDX-License-Identifier: MIT
// SPDX-FileCopyrightText: 2026 Concord developers
//
// Issue #12, defect 4: a cell takes only what its column can hold, checked as it is typed and
// before anything is written. Runs on SQLite and PostgreSQL (tst_cellvalidation_postgresql).
#include <core/db/demodatabase.h>
#include <core/model/versionedtablemodel.h>
#include <tests/support/scratchdatabase.h>
#include <tests/support/testmacros.h>
#include <ui/editor/mainwindow.h>
#include <ui/widgets/celleditor.h>

#include <QAction>
#include "editorfixture.h"

#include <QApplication>
#include <QLabel>
#include <QSqlQuery>
#include <QStandardPaths>
#include <QStatusBar>
#include <QTableView>
#include <QTest>

#include <memory>

using namespace Concord;
using namespace Concord::Test;
using namespace Qt::StringLiterals;

class tst_CellValidation : public QObject
{
    Q_OBJECT

private:
    EditorFixture m_editor;

    MainWindow *window() const { return m_editor.window(); }

    QVariant stored(const QString &field)
    {
        QSqlQuery query(m_editor.other());
        if (!query.exec(u"SELECT %1 FROM products WHERE id = 1"_s.arg(field)) || !query.next())
            return {};
        return query.value(0);
    }
    QModelIndex cell(const QString &field) const
    {
        VersionedTableModel *model = window()->model();
        return model->index(0, model->fieldIndex(field));
    }
    // Opens the cell's editor like a user (select, F2) and types \a text over its content.
    CellEditor *typeInto(const QString &field, const QString &text)
    {
        QTableView *grid = window()->grid();
        grid->setCurrentIndex(cell(field));
        QTest::keyClick(grid, Qt::Key_F2);
        auto *editor = qobject_cast<CellEditor *>(QApplication::focusWidget());
        if (!editor)
            return nullptr;
        QTest::keyClick(editor, Qt::Key_A, Qt::ControlModifier);
        QTest::keyClicks(editor, text);
        return editor;
    }
    bool editorOpen() const
    {
        const auto editors = window()->grid()->findChildren<CellEditor *>();
        return std::any_of(editors.cbegin(), editors.cend(), [](const CellEditor *e) { return e->isVisible(); });
    }

private Q_SLOTS:
    void initTestCase()
    {
        QStandardPaths::setTestModeEnabled(true);
        CONCORD_REQUIRE_BACKEND();
    }

    void init()
    {
        QCOMPARE(m_editor.start(5, 5, 5), QString());
        QVERIFY(window()->showTable(u"products"_s));
    }

    void cleanup() { m_editor.stop(); }

    void aValueTheColumnCannotHoldIsNotCommitted_data()
    {
        QTest::addColumn<QString>("field");
        QTest::addColumn<QString>("text");
        QTest::addColumn<int>("key");
        QTest::addRow("letters in an integer, Enter") << u"stock"_s << u"abc"_s << int(Qt::Key_Return);
        QTest::addRow("letters in an integer, Tab") << u"stock"_s << u"12a"_s << int(Qt::Key_Tab);
        QTest::addRow("a word in a number") << u"price"_s << u"cheap"_s << int(Qt::Key_Return);
        QTest::addRow("a word in a boolean") << u"discontinued"_s << u"maybe"_s << int(Qt::Key_Return);
    }
    void aValueTheColumnCannotHoldIsNotCommitted()
    {
        QFETCH(QString, field);
        QFETCH(QString, text);
        QFETCH(int, key);
        const QVariant before = stored(field);
        // Given I type a value the column cannot hold into its cell
        CellEditor *editor = typeInto(field, text);
        QVERIFY(editor);
        // Then the reason shows at the cell as I type: a label under it and the tooltip
        auto *problem = window()->grid()->viewport()->findChild<QLabel *>(u"cellProblem"_s);
        QVERIFY(problem && problem->isVisible());
        QVERIFY2(problem->text().contains(field) && problem->text().contains(text), qPrintable(problem->text()));
        QCOMPARE(editor->toolTip(), problem->text());
        // When I press Enter (or Tab)
        QTest::keyClick(editor, Qt::Key(key));
        QTest::qWait(0);
        // Then the editor stays open with my text, the status bar says why, nothing is pending
        QVERIFY(editorOpen());
        QCOMPARE(editor->text(), text);
        QVERIFY2(window()->statusBar()->currentMessage().contains(field), qPrintable(window()->statusBar()->currentMessage()));
        QVERIFY(window()->model()->pendingRows().isEmpty());
        // And Escape cancels: the editor closes, the cell and the database are as before
        QTest::keyClick(editor, Qt::Key_Escape);
        QTRY_VERIFY(!editorOpen());
        QVERIFY(!window()->statusBar()->currentMessage().contains(field)); // the reason went with it
        QVERIFY(window()->model()->pendingRows().isEmpty());
        QCOMPARE(cell(field).data(Qt::EditRole), before);
        QTest::keySequence(window(), QKeySequence::Save);
        QCOMPARE(stored(field), before);
    }

    void aValidValueIsCommittedConvertedAndSaved_data()
    {
        QTest::addColumn<QString>("field");
        QTest::addColumn<QString>("text");
        QTest::addColumn<QVariant>("value");
        QTest::addRow("integer") << u"stock"_s << u"42"_s << QVariant(qlonglong(42));
        QTest::addRow("number") << u"price"_s << u"12.5"_s << QVariant(12.5);
        QTest::addRow("boolean") << u"discontinued"_s << u"yes"_s << QVariant(true);
    }
    void aValidValueIsCommittedConvertedAndSaved()
    {
        QFETCH(QString, field);
        QFETCH(QString, text);
        QFETCH(QVariant, value);
        // Given I fix a wrong text in the cell, the reason goes away
        CellEditor *editor = typeInto(field, u"x"_s);
        QVERIFY(editor);
        QVERIFY(!editor->problem().isEmpty());
        QTest::keyClick(editor, Qt::Key_A, Qt::ControlModifier);
        QTest::keyClicks(editor, text);
        QVERIFY(editor->problem().isEmpty());
        QVERIFY(!window()->statusBar()->currentMessage().contains(field));
        // When I press Enter
        QTest::keyClick(editor, Qt::Key_Return);
        QTRY_VERIFY(!editorOpen());
        // Then the cell holds the converted value, not the text
        QTRY_COMPARE(cell(field).data(Qt::EditRole), value);
        QCOMPARE(window()->model()->pendingRows(), QList<int>{0});
        // And saving stores it as that type
        QTest::keySequence(window(), QKeySequence::Save);
        QTRY_VERIFY(window()->model()->pendingRows().isEmpty());
        const QVariant saved = stored(field);
        if (value.metaType().id() == QMetaType::Bool)
            QCOMPARE(saved.toBool(), true);
        else
            QCOMPARE(saved.toString(), value.toString());
        if (backendUnderTest() == Backend::SQLite && field == u"stock"_s) {
            QSqlQuery query(m_editor.other());
            QVERIFY(query.exec(u"SELECT typeof(stock) FROM products WHERE id = 1"_s) && query.next());
            QCOMPARE(query.value(0).toString(), u"integer"_s);
        }
    }

    void openingACellNeverMakesItAProblem()
    {
        // Given a SQLite integer column that already holds text (written by someone else)
        if (backendUnderTest() != Backend::SQLite)
            QSKIP("only SQLite can hold text in an integer column");
        QVERIFY(m_editor.database()->exec({u"UPDATE products SET stock = 'lots' WHERE id = 1"_s}).isEmpty());
        window()->reload();
        // When I open its editor and press Enter without typing
        QTableView *grid = window()->grid();
        grid->setCurrentIndex(cell(u"stock"_s));
        QTest::keyClick(grid, Qt::Key_F2);
        auto *editor = qobject_cast<CellEditor *>(QApplication::focusWidget());
        QVERIFY(editor);
        QVERIFY(editor->problem().isEmpty());
        QTest::keyClick(editor, Qt::Key_Return);
        // Then it closes and nothing changed
        QTRY_VERIFY(!editorOpen());
        QVERIFY(window()->model()->pendingRows().isEmpty());
        QCOMPARE(stored(u"stock"_s).toString(), u"lots"_s);
    }

    // What is typed into a cell is never dropped by an action that re-reads or moves the grid.
    void typedTextThatDoesNotFitSurvivesReloadRevertMovesAndTableSwitches()
    {
        CellEditor *editor = typeInto(u"stock"_s, u"12 boxes"_s);
        QVERIFY(editor);
        const auto stillThere = [&] { return editorOpen() && editor->text() == u"12 boxes"_s; };
        window()->findChild<QAction *>(u"reloadAction"_s)->trigger();
        QVERIFY(stillThere());
        QVERIFY2(window()->statusBar()->currentMessage().startsWith(u"Not reloaded"_s),
                 qPrintable(window()->statusBar()->currentMessage()));
        window()->findChild<QAction *>(u"revertAction"_s)->trigger();
        QVERIFY(stillThere());
        QVERIFY(!window()->goToRow(3));
        QVERIFY(stillThere());
        QVERIFY(!window()->showTable(u"customers"_s));
        QVERIFY(stillThere());
        QCOMPARE(window()->model()->tableName(), u"products"_s);
        window()->sortByColumn(window()->model()->fieldIndex(u"name"_s));
        QVERIFY(stillThere());
        // And once fixed, it is committed as any other edit
        QTest::keyClick(editor, Qt::Key_A, Qt::ControlModifier);
        QTest::keyClicks(editor, u"12"_s);
        QTest::keyClick(editor, Qt::Key_Return);
        QTRY_VERIFY(!editorOpen());
        QCOMPARE(window()->model()->data(cell(u"stock"_s)).toInt(), 12);
    }
};

QTEST_MAIN(tst_CellValidation)
#include "tst_cellvalidation.moc"
