// SPDX-License-Identifier: MIT
// SPDX-FileCopyrightText: 2026 Concord developers
//
// Issue #12, the form view: the current record as labelled fields, edited through the same model
// (pending marks, undo, one save path, conflicts), Previous/Next, and typed text that nothing
// overwrites. Runs on SQLite and PostgreSQL.
#include <core/db/demodatabase.h>
#include <core/model/versionedtablemodel.h>
#include <tests/support/modelfixture.h>
#include <tests/support/scratchdatabase.h>
#include <tests/support/testmacros.h>
#include <ui/editor/conflictresolver.h>
#include <ui/editor/mainwindow.h>
#include <ui/editor/recorddelegate.h>
#include <ui/editor/recordform.h>
#include <ui/merge/mergedialog.h>
#include <ui/cells/calendarcelleditor.h>
#include <ui/widgets/celleditor.h>

#include "editorfixture.h"
#include "mergedialogdriver.h"

#include <QAction>
#include <QApplication>
#include <QCheckBox>
#include <QStyle>
#include <QStyleOptionButton>
#include <QLabel>
#include <QPlainTextEdit>
#include <QPointer>
#include <QPushButton>
#include <QSqlQuery>
#include <QStandardPaths>
#include <QStatusBar>
#include <QTableView>
#include <QTest>

#include <memory>

using namespace Concord;
using namespace Concord::Test;
using namespace Qt::StringLiterals;

class tst_FormView : public QObject
{
    Q_OBJECT

private:
    EditorFixture m_editor;

    MainWindow *window() const { return m_editor.window(); }

    RecordForm *form() const { return window()->recordForm(); }
    QVariant stored(const QString &table, int id, const QString &field)
    {
        QSqlQuery query(m_editor.other());
        if (!query.exec(u"SELECT %1 FROM %2 WHERE id = %3"_s.arg(field, table).arg(id)) || !query.next())
            return {};
        return query.value(0);
    }
    QString fieldText(const QString &column) const
    {
        QWidget *field = form()->field(column);
        if (auto *plain = qobject_cast<QPlainTextEdit *>(field))
            return plain->toPlainText();
        if (auto *line = qobject_cast<QLineEdit *>(field))
            return line->text();
        return u"<no field>"_s;
    }
    // Clicks into the field, replaces its text with \a text as typed keys, and leaves it with Tab.
    void typeIntoField(const QString &column, const QString &text, bool leave = true)
    {
        QWidget *field = form()->field(column);
        QVERIFY2(field, qPrintable(column));
        QTest::mouseClick(field, Qt::LeftButton);
        QTRY_VERIFY(field->hasFocus());
        QTest::keyClick(field, Qt::Key_A, Qt::ControlModifier);
        QTest::keyClick(field, Qt::Key_Delete);
        QTest::keyClicks(field, text);
        if (leave)
            QTest::keyClick(field, Qt::Key_Tab);
    }
    static QPoint indicatorOf(QCheckBox *box)
    {
        QStyleOptionButton option;
        option.initFrom(box);
        return box->style()->subElementRect(QStyle::SE_CheckBoxIndicator, &option, box).center();
    }
    QString position() const { return form()->findChild<QLabel *>(u"formPosition"_s)->text(); }
    void showForm(const QString &table, int row)
    {
        QVERIFY(window()->showTable(table));
        QVERIFY(window()->goToRow(row));
        m_editor.action("formViewAction")->trigger();
        QVERIFY(window()->isFormViewShown());
        QVERIFY(form()->isVisible());
        QVERIFY(!window()->grid()->isVisible());
    }

private Q_SLOTS:
    void initTestCase()
    {
        QStandardPaths::setTestModeEnabled(true);
        CONCORD_REQUIRE_BACKEND();
    }

    void init()
    {
        QCOMPARE(m_editor.start(12, 6, 10, QSize(1000, 700)), QString());
    }

    void cleanup() { m_editor.stop(); }

    void theFormShowsTheCurrentRecordFieldByField()
    {
        // Given the third customer is current in the grid, when I press Ctrl+Shift+F
        QVERIFY(window()->showTable(u"customers"_s));
        QVERIFY(window()->goToRow(2));
        QCOMPARE(m_editor.action("formViewAction")->shortcut(), QKeySequence(u"Ctrl+Shift+F"_s));
        QTest::keyClick(window()->grid(), Qt::Key_F, Qt::ControlModifier | Qt::ShiftModifier);
        // Then the form shows that record: one labelled field per column, the version left out
        QTRY_VERIFY(window()->isFormViewShown());
        QCOMPARE(position(), u"Record 3 of 12"_s);
        QCOMPARE(fieldText(u"name"_s), stored(u"customers"_s, 3, u"name"_s).toString());
        QCOMPARE(fieldText(u"id"_s), u"3"_s);
        QVERIFY(!form()->field(u"version"_s));
        auto *label = qobject_cast<QLabel *>(form()->findChildren<QLabel *>().value(0));
        QVERIFY(label);
        // The key of a saved record is shown, not edited; a NULL says NULL and stays NULL
        QVERIFY(qobject_cast<QLineEdit *>(form()->field(u"id"_s))->isReadOnly());
        QSqlQuery query(m_editor.other());
        QVERIFY(query.exec(u"SELECT id FROM customers WHERE notes IS NULL ORDER BY id"_s) && query.next());
        const int nullId = query.value(0).toInt();
        QVERIFY(window()->goToRow(nullId - 1));
        auto *notes = qobject_cast<QPlainTextEdit *>(form()->field(u"notes"_s));
        QVERIFY(notes);
        QCOMPARE(notes->toPlainText(), QString());
        QCOMPARE(notes->placeholderText(), u"NULL"_s);
        QTest::mouseClick(notes->viewport(), Qt::LeftButton);
        QTest::keyClick(notes, Qt::Key_Tab);
        QVERIFY(window()->model()->pendingRows().isEmpty());
        // And Ctrl+Shift+F again goes back to the grid on the same record
        m_editor.action("formViewAction")->trigger();
        QVERIFY(!window()->isFormViewShown());
        QCOMPARE(window()->grid()->currentIndex().row(), nullId - 1);
    }

    void anEditInTheFormIsSavedThroughTheOneSavePath()
    {
        showForm(u"customers"_s, 4);
        // When I change the city and leave the field
        typeIntoField(u"city"_s, u"Ponta Delgada"_s);
        // Then it is a pending edit of the row, marked like the grid marks it, and undoable
        VersionedTableModel *model = window()->model();
        QCOMPARE(model->rowState(4), VersionedTableModel::RowState::Updated);
        QCOMPARE(form()->field(u"city"_s)->palette().color(QPalette::Base),
                 RecordDelegate::stateColor(RecordDelegate::RowMark::Edited, form()->palette()));
        QVERIFY(form()->field(u"name"_s)->palette().color(QPalette::Base)
                != RecordDelegate::stateColor(RecordDelegate::RowMark::Edited, form()->palette()));
        QCOMPARE(form()->findChild<QLabel *>(u"formState"_s)->text(), u"Unsaved edits."_s);
        QCOMPARE(stored(u"customers"_s, 5, u"city"_s).toString() == u"Ponta Delgada"_s, false);
        // When I undo and redo, the form follows
        m_editor.action("undoAction")->trigger();
        QTRY_COMPARE(fieldText(u"city"_s), stored(u"customers"_s, 5, u"city"_s).toString());
        QVERIFY(model->pendingRows().isEmpty());
        m_editor.action("redoAction")->trigger();
        QTRY_COMPARE(fieldText(u"city"_s), u"Ponta Delgada"_s);
        // And Save writes it, with the version moved on
        const int version = stored(u"customers"_s, 5, u"version"_s).toInt();
        m_editor.action("saveAction")->trigger();
        QCOMPARE(stored(u"customers"_s, 5, u"city"_s).toString(), u"Ponta Delgada"_s);
        QCOMPARE(stored(u"customers"_s, 5, u"version"_s).toInt(), version + 1);
        QVERIFY(model->pendingRows().isEmpty());
        QCOMPARE(form()->findChild<QLabel *>(u"formState"_s)->text(), QString());
    }

    void previousAndNextMoveTheGridToo()
    {
        showForm(u"customers"_s, 0);
        auto *previous = form()->findChild<QPushButton *>(u"formPrevious"_s);
        auto *next = form()->findChild<QPushButton *>(u"formNext"_s);
        QVERIFY(!previous->isEnabled());
        QTest::mouseClick(next, Qt::LeftButton);
        QTest::mouseClick(next, Qt::LeftButton);
        QCOMPARE(position(), u"Record 3 of 12"_s);
        QCOMPARE(window()->grid()->currentIndex().row(), 2);
        QCOMPARE(fieldText(u"email"_s), stored(u"customers"_s, 3, u"email"_s).toString());
        QTest::mouseClick(form()->field(u"email"_s), Qt::LeftButton);
        QTest::keyClick(form()->field(u"email"_s), Qt::Key_PageUp, Qt::ControlModifier);
        QTRY_COMPARE(position(), u"Record 2 of 12"_s); // a button's shortcut clicks it a moment later
        QVERIFY(previous->isEnabled());
        QVERIFY(window()->goToRow(11));
        QCOMPARE(position(), u"Record 12 of 12"_s);
        QVERIFY(!next->isEnabled());
    }

    void aValueTheColumnCannotHoldStaysAndTheFormStaysOnTheRecord()
    {
        showForm(u"products"_s, 1);
        // When I type letters into the stock and click Next
        typeIntoField(u"stock"_s, u"12abc"_s);
        QTest::mouseClick(form()->findChild<QPushButton *>(u"formNext"_s), Qt::LeftButton);
        // Then nothing was written or made pending, the text is still there with the reason,
        // and the form did not leave the record
        QCOMPARE(position(), u"Record 2 of 6"_s);
        QCOMPARE(fieldText(u"stock"_s), u"12abc"_s);
        QVERIFY(window()->model()->pendingRows().isEmpty());
        QVERIFY2(window()->statusBar()->currentMessage().contains(u"stock"_s), qPrintable(window()->statusBar()->currentMessage()));
        QVERIFY(form()->hasUncommittedText());
        // And leaving the form view is refused too, until the value fits
        m_editor.action("formViewAction")->trigger();
        QVERIFY(window()->isFormViewShown());
        typeIntoField(u"stock"_s, u"12"_s);
        QTest::mouseClick(form()->findChild<QPushButton *>(u"formNext"_s), Qt::LeftButton);
        QCOMPARE(position(), u"Record 3 of 6"_s);
        QCOMPARE(ModelFixture::value(*window()->model(), 1, u"stock"_s).toInt(), 12);
    }

    void escapeTakesBackWhatWasTyped()
    {
        showForm(u"customers"_s, 0);
        const QString before = fieldText(u"city"_s);
        typeIntoField(u"city"_s, u"Somewhere"_s, false);
        QTest::keyClick(form()->field(u"city"_s), Qt::Key_Escape);
        QCOMPARE(fieldText(u"city"_s), before);
        QVERIFY(!form()->hasUncommittedText());
    }

    void typingIsNotOverwrittenByALiveRefresh()
    {
        showForm(u"customers"_s, 0);
        // Given I am typing into the email of the first customer
        typeIntoField(u"email"_s, u"half-typed@exa"_s, false);
        // When another user saves another customer and the editor would refresh
        const QString error = ModelFixture::saveAsOtherUser(m_editor.other(), u"customers"_s, 7, u"city"_s, u"Elsewhere"_s);
        QVERIFY2(error.isEmpty(), qPrintable(error));
        window()->model()->refreshIfIdle();
        QTest::qWait(600);
        // Then what I typed is still there
        QCOMPARE(fieldText(u"email"_s), u"half-typed@exa"_s);
        QTest::keyClick(form()->field(u"email"_s), Qt::Key_Tab);
        QCOMPARE(ModelFixture::value(*window()->model(), 0, u"email"_s).toString(), u"half-typed@exa"_s);
    }

    void booleansAreCheckBoxesAndDatesHaveACalendar()
    {
        QVERIFY(m_editor.database()->exec({u"CREATE TABLE events (id INTEGER PRIMARY KEY, title TEXT, happens DATE, "
                                           "done BOOLEAN, version INTEGER NOT NULL DEFAULT 1)"_s,
                                           u"INSERT INTO events (id, title, happens, done, version) VALUES "
                                           "(1, 'launch', '2026-03-02', NULL, 1)"_s})
                    .isEmpty());
        showForm(u"events"_s, 0);
        // A NULL boolean is a partly checked box saying NULL; a click makes it true, a pending edit
        auto *done = qobject_cast<QCheckBox *>(form()->field(u"done"_s));
        QVERIFY(done);
        QCOMPARE(done->checkState(), Qt::PartiallyChecked);
        QTest::mouseClick(done, Qt::LeftButton, {}, indicatorOf(done));
        QCOMPARE(done->checkState(), Qt::Checked);
        QCOMPARE(ModelFixture::value(*window()->model(), 0, u"done"_s).toBool(), true);
        QTest::mouseClick(done, Qt::LeftButton, {}, indicatorOf(done));
        QCOMPARE(done->checkState(), Qt::Unchecked);
        QCOMPARE(ModelFixture::value(*window()->model(), 0, u"done"_s).toBool(), false);
        // Undo takes the cell's edits back (one step for the same cell, as for typing): the box
        // follows the model back to NULL
        m_editor.action("undoAction")->trigger();
        QVERIFY(ModelFixture::value(*window()->model(), 0, u"done"_s).isNull());
        QTRY_COMPARE(done->checkState(), Qt::PartiallyChecked);
        QTest::mouseClick(done, Qt::LeftButton, {}, indicatorOf(done));
        QCOMPARE(done->checkState(), Qt::Checked);
        // A date is edited with the calendar's editor, and saved as the column stores dates
        auto *happens = qobject_cast<CalendarCellEditor *>(form()->field(u"happens"_s));
        QVERIFY(happens);
        QCOMPARE(happens->date(), QDate(2026, 3, 2));
        QVERIFY(happens->calendarPopup());
        happens->setFocus();
        QTRY_VERIFY(happens->hasFocus());
        happens->setDate(QDate(2026, 4, 15)); // as a day picked in the pop-up sets it
        QVERIFY(happens->isChanged());
        QTest::keyClick(happens, Qt::Key_Return); // Tab moves between day, month and year, as in Qt
        QVERIFY2(ModelFixture::value(*window()->model(), 0, u"happens"_s).toDate() == QDate(2026, 4, 15),
                 qPrintable(ModelFixture::value(*window()->model(), 0, u"happens"_s).toString()));
        m_editor.action("saveAction")->trigger();
        QVERIFY(window()->model()->pendingRows().isEmpty());
        QCOMPARE(stored(u"events"_s, 1, u"happens"_s).toDate(), QDate(2026, 4, 15));
        QCOMPARE(stored(u"events"_s, 1, u"done"_s).toBool(), true);
    }

    void aLiveRefreshKeepsTheFieldsAndTheFocus()
    {
        showForm(u"customers"_s, 0);
        QPointer<QWidget> city = form()->field(u"city"_s);
        QTest::mouseClick(city, Qt::LeftButton);
        QTRY_VERIFY(city->hasFocus());
        // When another user's save is shown by a live re-read of the table
        const QString error = ModelFixture::saveAsOtherUser(m_editor.other(), u"customers"_s, 1, u"phone"_s, u"+1 555 0000"_s);
        QVERIFY2(error.isEmpty(), qPrintable(error));
        window()->model()->refreshIfIdle();
        QTRY_COMPARE(qobject_cast<QLineEdit *>(form()->field(u"phone"_s))
                         ? qobject_cast<QLineEdit *>(form()->field(u"phone"_s))->text()
                         : qobject_cast<QPlainTextEdit *>(form()->field(u"phone"_s))->toPlainText(),
                     u"+1 555 0000"_s);
        // Then the field I was in is the same widget, and still has the focus
        QVERIFY(city);
        QCOMPARE(form()->field(u"city"_s), city.data());
        QVERIFY(city->hasFocus());
    }

    void aConflictFromTheFormOpensTheMergeDialog()
    {
        showForm(u"customers"_s, 5);
        // Given I change the city of customer 6 in the form and another user changes it too
        typeIntoField(u"city"_s, u"Mine"_s);
        const QString error = ModelFixture::saveAsOtherUser(m_editor.other(), u"customers"_s, 6, u"city"_s, u"Theirs"_s);
        QVERIFY2(error.isEmpty(), qPrintable(error));
        // When I save
        m_editor.action("saveAction")->trigger();
        // Then the merge dialog is up on that record, and the form says so
        MergeDialog *dialog = window()->conflictResolver()->dialog();
        QVERIFY(dialog);
        QCOMPARE(dialog->conflict().keyText(), u"id=6"_s);
        QVERIFY(form()->findChild<QLabel *>(u"formState"_s)->text().startsWith(RecordDelegate::conflictMark()));
        QCOMPARE(form()->field(u"city"_s)->palette().color(QPalette::Base),
                 RecordDelegate::stateColor(RecordDelegate::RowMark::Conflict, form()->palette()));
        // When I cancel, the form's Review button opens it again; taking mine saves mine
        QVERIFY(MergeDialogDriver(dialog).click("cancelButton"));
        auto *review = form()->findChild<QPushButton *>(u"formReview"_s);
        QVERIFY(review->isVisible());
        QTest::mouseClick(review, Qt::LeftButton);
        dialog = window()->conflictResolver()->dialog();
        QVERIFY(dialog);
        MergeDialogDriver driver(dialog);
        QVERIFY(driver.click("takeAllMineButton"));
        QVERIFY(driver.click("saveButton"));
        QCOMPARE(stored(u"customers"_s, 6, u"city"_s).toString(), u"Mine"_s);
        QVERIFY(!review->isVisible());
        QCOMPARE(fieldText(u"city"_s), u"Mine"_s);
    }
};

QTEST_MAIN(tst_FormView)
#include "tst_formview.moc"
