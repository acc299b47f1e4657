// SPDX-License-Identifier: MIT
// SPDX-FileCopyrightText: 2026 Concord developers
//
// Issue #12: editors that fit the column (calendar, check box, locale numbers, multi-line text),
// cell-rectangle copy, and a typed text that survives a click elsewhere. Driven with the keys and
// clicks a user makes, saved and read back from the database; runs on SQLite and PostgreSQL
// (tst_celleditors_postgresql).
#include <core/model/versionedtablemodel.h>
#include <tests/support/scratchdatabase.h>
#include <tests/support/testmacros.h>
#include <ui/cells/calendarcelleditor.h>
#include <ui/cells/cellface.h>
#include <ui/cells/textcelldialog.h>
#include <ui/editor/cellactions.h>
#include <ui/editor/editundo.h>
#include <ui/editor/journalprompt.h>
#include <ui/editor/mainwindow.h>
#include <ui/editor/recorddelegate.h>
#include <ui/widgets/celleditor.h>
#include <ui/widgets/tablelist.h>

#include <QAction>
#include <QApplication>
#include <QCalendarWidget>
#include <QClipboard>
#include <QHeaderView>
#include <QLabel>
#include <QMenu>
#include <QPlainTextEdit>
#include <QSqlQuery>
#include <QStandardPaths>
#include <QStatusBar>
#include <QTableView>
#include <QTest>
#include <QUndoStack>

#include <memory>

using namespace Concord;
using namespace Concord::Test;
using namespace Qt::StringLiterals;

class tst_CellEditors : public QObject
{
    Q_OBJECT

private:
    std::unique_ptr<ScratchDatabase> m_db;
    std::unique_ptr<MainWindow> m_window;
    QSqlDatabase m_other; // the test's view of what is saved

    VersionedTableModel *model() const { return m_window->model(); }
    QTableView *grid() const { return m_window->grid(); }
    RecordDelegate *delegate() const { return static_cast<RecordDelegate *>(grid()->itemDelegate()); }
    QModelIndex cell(int row, const QString &field) const { return model()->index(row, model()->fieldIndex(field)); }

    QVariant stored(int id, const QString &field)
    {
        QSqlQuery query(m_other);
        if (!query.exec(u"SELECT %1 FROM things WHERE id = %2"_s.arg(field).arg(id)) || !query.next())
            return u"<no row>"_s;
        return query.value(0);
    }
    // What the cell shows, as the grid paints it.
    QString shown(const QModelIndex &index) const
    {
        QStyleOptionViewItem option;
        option.initFrom(grid()->viewport());
        option.widget = grid();
        option.locale = grid()->locale();
        option.rect = grid()->visualRect(index);
        return delegate()->shownText(option, index);
    }
    // Makes \a index current and opens its editor with F2, as a user does.
    QWidget *openEditor(const QModelIndex &index)
    {
        grid()->setFocus();
        grid()->setCurrentIndex(index);
        grid()->scrollTo(index);
        QTest::keyClick(grid(), Qt::Key_F2);
        QWidget *focus = QApplication::focusWidget();
        return focus == grid() ? nullptr : focus;
    }
    // Shortcuts reach the active window only; a closed pop-up or dialog may leave none active.
    bool activate()
    {
        m_window->activateWindow();
        return QTest::qWaitForWindowActive(m_window.get());
    }
    void save()
    {
        QVERIFY(activate());
        QTest::keySequence(m_window.get(), QKeySequence::Save);
        QTRY_VERIFY(model()->pendingRows().isEmpty());
    }
    // Opens \a editor's calendar with a click on its arrow and clicks day \a day of the month shown.
    bool pickDay(QDateTimeEdit *editor, int day)
    {
        QTest::mouseClick(editor, Qt::LeftButton, {}, QPoint(editor->width() - 4, editor->height() / 2));
        QCalendarWidget *calendar = editor->calendarWidget();
        if (!QTest::qWaitFor([calendar] { return calendar->isVisible(); }))
            return false;
        auto *days = calendar->findChild<QTableView *>();
        if (!days)
            return false;
        // Row 0 holds the weekday names and column 0 the week numbers; the first "15" after
        // them is of the month shown (the previous month's days there are all past 22).
        for (int row = 1; row < days->model()->rowCount(); ++row) {
            for (int column = 1; column < days->model()->columnCount(); ++column) {
                const QModelIndex index = days->model()->index(row, column);
                if (index.data().toString() == QString::number(day)) {
                    QTest::mouseClick(days->viewport(), Qt::LeftButton, {}, days->visualRect(index).center());
                    return QTest::qWaitFor([calendar] { return !calendar->isVisible(); });
                }
            }
        }
        return false;
    }
    bool editorOpen() const
    {
        const auto editors = grid()->findChildren<CellEditor *>();
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
        m_db = std::make_unique<ScratchDatabase>();
        QCOMPARE(m_db->create(backendUnderTest()), QString());
        m_other = m_db->open(u"other"_s);
        const bool sqlite = backendUnderTest() == Backend::SQLite;
        const QString chr = sqlite ? u"char"_s : u"chr"_s;
        const QString schema = sqlite
            ? u"CREATE TABLE things (id INTEGER PRIMARY KEY, title TEXT, notes TEXT, due DATE, seen TIMESTAMP, "
              "done BOOLEAN NOT NULL DEFAULT 0, maybe BOOLEAN, amount REAL, qty INTEGER, version INTEGER NOT NULL DEFAULT 1)"_s
            : u"CREATE TABLE things (id integer PRIMARY KEY, title text, notes text, due date, seen timestamp, "
              "done boolean NOT NULL DEFAULT false, maybe boolean, amount double precision, qty integer, "
              "version integer NOT NULL DEFAULT 1)"_s;
        const QString f = sqlite ? u"0"_s : u"false"_s;
        const QString t = sqlite ? u"1"_s : u"true"_s;
        QCOMPARE(m_db->exec({schema,
                             u"INSERT INTO things VALUES (1, 'first', 'two' || %1(10) || 'lines', '2026-03-02', "
                              "'2026-03-02 14:05:00', %2, NULL, 12.5, 3, 1)"_s.arg(chr, f),
                             u"INSERT INTO things VALUES (2, 'second', NULL, NULL, NULL, %1, %1, NULL, NULL, 1)"_s.arg(t),
                             u"INSERT INTO things VALUES (3, 'third', 'x', NULL, NULL, %1, NULL, 0.25, 7, 1)"_s.arg(f),
                             u"CREATE TABLE others (id INTEGER PRIMARY KEY, version INTEGER NOT NULL DEFAULT 1)"_s}),
                 QString());
        m_window = std::make_unique<MainWindow>();
        QVERIFY_RESULT(m_window->openAddress(m_db->address()));
        m_window->show();
        QVERIFY(QTest::qWaitForWindowExposed(m_window.get()));
        QVERIFY(m_window->showTable(u"things"_s));
    }

    void cleanup()
    {
        if (m_window && model())
            m_window->journalPrompt()->discardEdits();
        m_window.reset();
        m_other = {};
        m_db.reset();
    }

    void aDateIsPickedInTheCalendarAndSaved()
    {
        // Given a date cell, opened with F2
        auto *editor = qobject_cast<CalendarCellEditor *>(openEditor(cell(0, u"due"_s)));
        QVERIFY(editor);
        QVERIFY(editor->calendarPopup());
        QCOMPARE(editor->date(), QDate(2026, 3, 2));
        QCOMPARE(editor->text(), u"2026-03-02"_s);
        // When I pick the 15th in its calendar and press Enter
        QVERIFY(pickDay(editor, 15));
        QCOMPARE(editor->date(), QDate(2026, 3, 15));
        QTest::keyClick(editor, Qt::Key_Return);
        // Then the cell holds it as a pending edit, and saving stores it
        QTRY_COMPARE(model()->pendingRows(), QList<int>{0});
        save();
        QCOMPARE(stored(1, u"due"_s).toDate(), QDate(2026, 3, 15));
        if (backendUnderTest() == Backend::SQLite)
            QCOMPARE(stored(1, u"due"_s).toString(), u"2026-03-15"_s); // the form SQLite's date functions read
    }

    void aNullDateStaysNullUntilADayIsPicked()
    {
        // Given a NULL date: opening and closing it changes nothing
        auto *editor = qobject_cast<CalendarCellEditor *>(openEditor(cell(1, u"due"_s)));
        QVERIFY(editor);
        QCOMPARE(editor->text(), u"NULL"_s);
        QTest::keyClick(editor, Qt::Key_Return);
        QTRY_VERIFY(!grid()->findChild<CalendarCellEditor *>() || !grid()->findChild<CalendarCellEditor *>()->isVisible());
        QVERIFY(model()->pendingRows().isEmpty());
        QVERIFY(cell(1, u"due"_s).data(Qt::EditRole).isNull());
        // When I open its calendar, it shows this month (not the minimum), and I pick the 15th
        editor = qobject_cast<CalendarCellEditor *>(openEditor(cell(1, u"due"_s)));
        QVERIFY(editor);
        QVERIFY(pickDay(editor, 15));
        QCOMPARE(editor->calendarWidget()->monthShown(), QDate::currentDate().month());
        QTest::keyClick(editor, Qt::Key_Return);
        const QDate expected(QDate::currentDate().year(), QDate::currentDate().month(), 15);
        QTRY_COMPARE(model()->pendingRows(), QList<int>{1});
        save();
        QCOMPARE(stored(2, u"due"_s).toDate(), expected);
    }

    void aTimestampKeepsItsTimeWhenItsDayIsPicked()
    {
        auto *editor = qobject_cast<CalendarCellEditor *>(openEditor(cell(0, u"seen"_s)));
        QVERIFY(editor);
        QCOMPARE(editor->text(), u"2026-03-02 14:05:00"_s);
        QVERIFY(pickDay(editor, 20));
        // The time steps section by section: the hour is the fourth section.
        editor->setCurrentSectionIndex(3);
        for (int i = 0; i < 5; ++i)
            QTest::keyClick(editor, Qt::Key_Down);
        QCOMPARE(editor->dateTime(), QDateTime(QDate(2026, 3, 20), QTime(9, 5)));
        QTest::keyClick(editor, Qt::Key_Return);
        QTRY_COMPARE(model()->pendingRows(), QList<int>{0});
        save();
        if (backendUnderTest() == Backend::SQLite)
            QCOMPARE(stored(1, u"seen"_s).toString(), u"2026-03-20 09:05:00"_s);
        else
            QCOMPARE(stored(1, u"seen"_s).toDateTime(), QDateTime(QDate(2026, 3, 20), QTime(9, 5)));
    }

    void aBooleanIsToggledBySpaceAndByAClickAndSaved()
    {
        // Given boolean cells painted as check boxes, NULL among them
        QVERIFY(shown(cell(0, u"done"_s)).isEmpty());
        QCOMPARE(shown(cell(0, u"maybe"_s)), u"NULL"_s);
        QStyleOptionViewItem option;
        option.initFrom(grid()->viewport());
        option.widget = grid();
        option.rect = grid()->visualRect(cell(1, u"done"_s));
        const QRect box = delegate()->checkBoxRect(option, cell(1, u"done"_s));
        QVERIFY(!box.isEmpty());
        QVERIFY(delegate()->checkBoxRect(option, cell(1, u"title"_s)).isEmpty());
        // When I press Space on row 1's box: a pending edit, which Undo takes back and Redo repeats
        grid()->setFocus();
        grid()->setCurrentIndex(cell(0, u"done"_s));
        QTest::keyClick(grid(), Qt::Key_Space);
        QCOMPARE(cell(0, u"done"_s).data(Qt::EditRole).toBool(), true);
        QVERIFY(!editorOpen()); // Space toggles, it does not type
        QCOMPARE(m_window->editUndo()->stack()->count(), 1);
        QTest::keySequence(grid(), QKeySequence(Qt::CTRL | Qt::Key_Z));
        QCOMPARE(cell(0, u"done"_s).data(Qt::EditRole).toBool(), false);
        QVERIFY(model()->pendingRows().isEmpty());
        QTest::keySequence(grid(), QKeySequence(Qt::CTRL | Qt::SHIFT | Qt::Key_Z));
        QCOMPARE(cell(0, u"done"_s).data(Qt::EditRole).toBool(), true);
        // And a click on row 2's box unticks it
        QTest::mouseClick(grid()->viewport(), Qt::LeftButton, {}, box.center());
        QCOMPARE(cell(1, u"done"_s).data(Qt::EditRole).toBool(), false);
        // And a nullable box goes from NULL to ticked, and back to NULL with Set to NULL
        grid()->setCurrentIndex(cell(0, u"maybe"_s));
        QTest::keyClick(grid(), Qt::Key_Space);
        QCOMPARE(cell(0, u"maybe"_s).data(Qt::EditRole).toBool(), true);
        QTest::keySequence(grid(), QKeySequence(Qt::CTRL | Qt::SHIFT | Qt::Key_0));
        QVERIFY(cell(0, u"maybe"_s).data(Qt::EditRole).isNull());
        QCOMPARE(shown(cell(0, u"maybe"_s)), u"NULL"_s);
        save();
        QCOMPARE(stored(1, u"done"_s).toBool(), true);
        QCOMPARE(stored(2, u"done"_s).toBool(), false);
        QVERIFY(stored(1, u"maybe"_s).isNull());
    }

    void multiLineTextIsEnteredAndSavedIntact()
    {
        // Given a one-line text being typed, Shift+Enter moves it into the multi-line editor
        QWidget *editor = openEditor(cell(2, u"notes"_s));
        QVERIFY(qobject_cast<CellEditor *>(editor));
        QTest::keyClick(editor, Qt::Key_A, Qt::ControlModifier);
        QTest::keyClicks(editor, u"line one"_s);
        QTest::keyClick(editor, Qt::Key_Return, Qt::ShiftModifier);
        QTRY_VERIFY(m_window->cellActions()->textDialog());
        TextCellDialog *dialog = m_window->cellActions()->textDialog();
        QTRY_VERIFY(dialog->isVisible());
        QCOMPARE(dialog->text(), u"line one"_s);
        // When I add a line with Enter and commit with Ctrl+Enter
        QTest::keyClick(dialog->editor(), Qt::Key_Return);
        QTest::keyClicks(dialog->editor(), u"line two"_s);
        QTest::keyClick(dialog->editor(), Qt::Key_Return, Qt::ControlModifier);
        QTRY_VERIFY(!m_window->cellActions()->textDialog());
        // Then the cell holds both lines, shows them on one line, the whole text as its tooltip
        QCOMPARE(cell(2, u"notes"_s).data(Qt::EditRole).toString(), u"line one\nline two"_s);
        QCOMPARE(shown(cell(2, u"notes"_s)), u"line one ⏎ line two"_s);
        QStyleOptionViewItem option;
        option.initFrom(grid()->viewport());
        option.widget = grid();
        option.rect = QRect(0, 0, 2000, 20); // wide enough: the tooltip is for the line break
        QCOMPARE(delegate()->elidedToolTip(option, cell(2, u"notes"_s)), u"line one\nline two"_s);
        save();
        QCOMPARE(stored(3, u"notes"_s).toString(), u"line one\nline two"_s);
    }

    void openingATextWithLineBreaksNeverLosesThem()
    {
        // Given a value with a line break, F2 opens the multi-line editor, not a line edit
        const QModelIndex notes = cell(0, u"notes"_s);
        grid()->setFocus();
        grid()->setCurrentIndex(notes);
        QTest::keyClick(grid(), Qt::Key_F2);
        QTRY_VERIFY(m_window->cellActions()->textDialog());
        QVERIFY(!editorOpen());
        TextCellDialog *dialog = m_window->cellActions()->textDialog();
        QCOMPARE(dialog->text(), u"two\nlines"_s);
        // Escape cancels, nothing changes
        QTest::keyClick(dialog->editor(), Qt::Key_Escape);
        QTRY_VERIFY(!m_window->cellActions()->textDialog());
        QVERIFY(model()->pendingRows().isEmpty());
        // And Edit Text… (Shift+Enter on the grid, the Edit menu) opens it on any text cell
        auto *action = m_window->findChild<QAction *>(u"editTextAction"_s);
        QVERIFY(m_window->findChild<QMenu *>(u"editMenu"_s)->actions().contains(action));
        QVERIFY(grid()->actions().contains(action));
        QVERIFY(activate());
        grid()->setFocus();
        grid()->setCurrentIndex(cell(1, u"title"_s));
        QTest::keyClick(grid(), Qt::Key_Return, Qt::ShiftModifier);
        QTRY_VERIFY(m_window->cellActions()->textDialog());
        dialog = m_window->cellActions()->textDialog();
        QCOMPARE(dialog->text(), u"second"_s);
        QTest::keyClick(dialog->editor(), Qt::Key_End, Qt::ControlModifier);
        QTest::keyClick(dialog->editor(), Qt::Key_Return);
        QTest::keyClicks(dialog->editor(), u"half"_s);
        dialog->accept();
        QCOMPARE(cell(1, u"title"_s).data(Qt::EditRole).toString(), u"second\nhalf"_s);
        // The edit is one undo step
        QTest::keySequence(grid(), QKeySequence(Qt::CTRL | Qt::Key_Z));
        QCOMPARE(cell(1, u"title"_s).data(Qt::EditRole).toString(), u"second"_s);
    }

    void numbersAreShownAndReadInTheLocale()
    {
        // Given a German grid, where the comma is the decimal separator
        grid()->setLocale(QLocale(QLocale::German, QLocale::Germany));
        QCOMPARE(shown(cell(0, u"amount"_s)), u"12,5"_s);
        QCOMPARE(shown(cell(2, u"amount"_s)), u"0,25"_s);
        // When I open the cell, it shows the same, and I type "7,25"
        auto *editor = qobject_cast<CellEditor *>(openEditor(cell(0, u"amount"_s)));
        QVERIFY(editor);
        QCOMPARE(editor->text(), u"12,5"_s);
        QTest::keyClick(editor, Qt::Key_A, Qt::ControlModifier);
        QTest::keyClicks(editor, u"7,25"_s);
        QVERIFY(editor->problem().isEmpty());
        QTest::keyClick(editor, Qt::Key_Return);
        QTRY_COMPARE(cell(0, u"amount"_s).data(Qt::EditRole).toDouble(), 7.25);
        // And "." is read too, and garbage is refused at the cell with the reason
        editor = qobject_cast<CellEditor *>(openEditor(cell(2, u"amount"_s)));
        QVERIFY(editor);
        QTest::keyClick(editor, Qt::Key_A, Qt::ControlModifier);
        QTest::keyClicks(editor, u"1,2,3"_s);
        QVERIFY2(editor->problem().contains(u"amount"_s), qPrintable(editor->problem()));
        auto *problem = grid()->viewport()->findChild<QLabel *>(u"cellProblem"_s);
        QVERIFY(problem && problem->isVisible());
        QTest::keyClick(editor, Qt::Key_A, Qt::ControlModifier);
        QTest::keyClicks(editor, u"3.5"_s);
        QVERIFY(editor->problem().isEmpty());
        QTest::keyClick(editor, Qt::Key_Return);
        QTRY_COMPARE(cell(2, u"amount"_s).data(Qt::EditRole).toDouble(), 3.5);
        save();
        QCOMPARE(stored(1, u"amount"_s).toDouble(), 7.25);
        QCOMPARE(stored(3, u"amount"_s).toDouble(), 3.5);
    }

    void localeNumbersKeepEveryDigit_data()
    {
        QTest::addColumn<QVariant>("value");
        QTest::addColumn<QString>("german");
        QTest::addColumn<QString>("english");
        QTest::addRow("double") << QVariant(12.5) << u"12,5"_s << u"12.5"_s;
        QTest::addRow("more than six digits") << QVariant(1234567.125) << u"1.234.567,125"_s << u"1,234,567.125"_s;
        QTest::addRow("negative") << QVariant(-0.5) << u"-0,5"_s << u"-0.5"_s;
        QTest::addRow("exact numeric text") << QVariant(u"12.50"_s) << u"12,50"_s << u"12.50"_s;
        QTest::addRow("integer") << QVariant(qlonglong(1234)) << u"1.234"_s << u"1,234"_s;
    }
    void localeNumbersKeepEveryDigit()
    {
        QFETCH(QVariant, value);
        QFETCH(QString, german);
        QFETCH(QString, english);
        QCOMPARE(CellFace::localeNumber(value, QLocale(QLocale::German, QLocale::Germany)).value_or(u"?"_s), german);
        QCOMPARE(CellFace::localeNumber(value, QLocale(QLocale::English, QLocale::UnitedStates)).value_or(u"?"_s), english);
        QVERIFY(!CellFace::localeNumber(QVariant(u"lots"_s), QLocale()));
    }

    void eachValueGetsTheEditorThatFitsAndNeverLosesWhatItHolds_data()
    {
        using Editor = CellFace::Editor;
        QTest::addColumn<int>("declared");
        QTest::addColumn<QVariant>("value");
        QTest::addColumn<int>("editor");
        QTest::addRow("date") << int(ValueKind::Date) << QVariant(QDate(2026, 3, 2)) << int(Editor::Date);
        QTest::addRow("date as SQLite text") << int(ValueKind::Date) << QVariant(u"2026-03-02"_s) << int(Editor::Date);
        QTest::addRow("NULL date") << int(ValueKind::Date) << QVariant() << int(Editor::Date);
        QTest::addRow("text in a date column") << int(ValueKind::Date) << QVariant(u"soon"_s) << int(Editor::Line);
        QTest::addRow("epoch in a timestamp column") << int(ValueKind::DateTime) << QVariant(qlonglong(1700000000)) << int(Editor::Line);
        QTest::addRow("timestamp text") << int(ValueKind::DateTime) << QVariant(u"2026-03-02 14:05"_s) << int(Editor::DateTime);
        QTest::addRow("boolean 0/1") << int(ValueKind::Boolean) << QVariant(qlonglong(1)) << int(Editor::Toggle);
        QTest::addRow("a word in a boolean") << int(ValueKind::Boolean) << QVariant(u"maybe"_s) << int(Editor::Line);
        QTest::addRow("text with a line break") << int(ValueKind::Text) << QVariant(u"a\r\nb"_s) << int(Editor::MultiLine);
        QTest::addRow("bytes in an untyped column") << int(ValueKind::Unknown) << QVariant(QByteArray("x")) << int(Editor::Blob);
        QTest::addRow("NULL blob") << int(ValueKind::Blob) << QVariant() << int(Editor::Blob);
        QTest::addRow("number") << int(ValueKind::Decimal) << QVariant(1.5) << int(Editor::Line);
    }
    void eachValueGetsTheEditorThatFitsAndNeverLosesWhatItHolds()
    {
        QFETCH(int, declared);
        QFETCH(QVariant, value);
        QFETCH(int, editor);
        QCOMPARE(int(CellFace::editorFor(ValueKind(declared), value)), editor);
    }

    void invalidTextSurvivesAClickOnAnotherCell()
    {
        // Given "abc" typed into an integer cell
        auto *editor = qobject_cast<CellEditor *>(openEditor(cell(0, u"qty"_s)));
        QVERIFY(editor);
        QTest::keyClick(editor, Qt::Key_A, Qt::ControlModifier);
        QTest::keyClicks(editor, u"abc"_s);
        QVERIFY(!editor->problem().isEmpty());
        // When I click another cell with the mouse
        const QRect other = grid()->visualRect(cell(1, u"title"_s));
        QTest::mouseClick(grid()->viewport(), Qt::LeftButton, {}, other.center());
        QTest::qWait(50);
        // Then the editor is still open with my text and its reason; the current cell stayed
        QVERIFY(editorOpen());
        QCOMPARE(editor->text(), u"abc"_s);
        QCOMPARE(grid()->currentIndex(), cell(0, u"qty"_s));
        QVERIFY2(m_window->statusBar()->currentMessage().contains(u"qty"_s), qPrintable(m_window->statusBar()->currentMessage()));
        QVERIFY(model()->pendingRows().isEmpty());
        // And a fixed text commits, after which clicks move on again
        QTest::keyClick(editor, Qt::Key_A, Qt::ControlModifier);
        QTest::keyClicks(editor, u"42"_s);
        QTest::mouseClick(grid()->viewport(), Qt::LeftButton, {}, other.center());
        QTRY_VERIFY(!editorOpen());
        QCOMPARE(cell(0, u"qty"_s).data(Qt::EditRole).toLongLong(), 42);
        QCOMPARE(grid()->currentIndex(), cell(1, u"title"_s));
    }

    void invalidTextSurvivesFocusMovingToAnotherWidget()
    {
        auto *editor = qobject_cast<CellEditor *>(openEditor(cell(0, u"qty"_s)));
        QVERIFY(editor);
        QTest::keyClick(editor, Qt::Key_A, Qt::ControlModifier);
        QTest::keyClicks(editor, u"abc"_s);
        // When the focus goes to another widget of the window
        m_window->tableList()->setFocus();
        QTest::qWait(50);
        // Then the text is still there, visibly a problem
        QVERIFY(editorOpen());
        QCOMPARE(editor->text(), u"abc"_s);
        QVERIFY(model()->pendingRows().isEmpty());
        // And a click on another table in the list does not take it away either
        TableList *tables = m_window->tableList();
        const QList<QListWidgetItem *> others = tables->findItems(u"others"_s, Qt::MatchExactly);
        QCOMPARE(others.size(), 1);
        QTest::mouseClick(tables->viewport(), Qt::LeftButton, {}, tables->visualItemRect(others.first()).center());
        QTest::qWait(50);
        QVERIFY(editorOpen());
        QCOMPARE(model()->tableName(), u"things"_s);
    }

    void aRectangleOfCellsIsCopiedAsTsv()
    {
        // Given a 3×2 range selected with a click and a shift-click
        grid()->setFocus();
        QTest::mouseClick(grid()->viewport(), Qt::LeftButton, {}, grid()->visualRect(cell(0, u"title"_s)).center());
        QTest::mouseClick(grid()->viewport(), Qt::LeftButton, Qt::ShiftModifier,
                          grid()->visualRect(cell(2, u"notes"_s)).center());
        QCOMPARE(grid()->selectionModel()->selectedIndexes().size(), 6);
        // When I copy
        QTest::keySequence(grid(), QKeySequence::Copy);
        // Then the clipboard holds those 6 cells, as spreadsheets read them
        QCOMPARE(QApplication::clipboard()->text(), u"first\t\"two\nlines\"\nsecond\t\nthird\tx"_s);
        // And actions on selected rows take the rows of the range
        QTest::keySequence(m_window.get(), QKeySequence(Qt::CTRL | Qt::Key_Delete));
        QCOMPARE(model()->pendingRows(), (QList<int>{0, 1, 2}));
        QTest::keySequence(grid(), QKeySequence(Qt::CTRL | Qt::Key_Z));
        QVERIFY(model()->pendingRows().isEmpty());
    }

    void aClickOnTheRowHeaderSelectsTheWholeRow()
    {
        QHeaderView *rows = grid()->verticalHeader();
        QVERIFY(rows->isVisible());
        QTest::mouseClick(rows->viewport(), Qt::LeftButton, {},
                          QPoint(rows->width() / 2, rows->sectionViewportPosition(1) + rows->sectionSize(1) / 2));
        QVERIFY(grid()->selectionModel()->isRowSelected(1, QModelIndex()));
        QTest::keySequence(grid(), QKeySequence::Copy);
        const QStringList cells = QApplication::clipboard()->text().split(u'\t');
        QCOMPARE(cells.value(0), u"2"_s);
        QCOMPARE(cells.value(1), u"second"_s);
        // A click on a column header sorts, and selects no column (Delete Rows would take every row)
        QHeaderView *columns = grid()->horizontalHeader();
        const int title = model()->fieldIndex(u"title"_s);
        QTest::mouseClick(columns->viewport(), Qt::LeftButton, {},
                          QPoint(columns->sectionViewportPosition(title) + columns->sectionSize(title) / 2, columns->height() / 4));
        QTRY_COMPARE(cell(0, u"title"_s).data().toString(), u"first"_s);
        QVERIFY(!grid()->selectionModel()->isColumnSelected(title, QModelIndex()));
    }
};

QTEST_MAIN(tst_CellEditors)
#include "tst_celleditors.moc"
