// SPDX-License-Identifier: MIT
// SPDX-FileCopyrightText: 2026 Concord developers
#include "mergedialogdriver.h"

#include <ui/merge/mergedialog.h>
#include <ui/merge/mergefieldmodel.h>

#include <QAbstractSpinBox>
#include <QCheckBox>
#include <QDateTimeEdit>
#include <QLineEdit>
#include <QPushButton>
#include <QSpinBox>
#include <QSqlField>
#include <QTest>

using namespace Concord;
using namespace Concord::Test;
using namespace Qt::StringLiterals;

namespace {

struct FieldSpec
{
    const char *name;
    QMetaType::Type type;
    QVariant base, mine, theirs;
};

RecordModifiedError makeConflict(const QString &table, const QList<FieldSpec> &fields, bool deleted = false)
{
    RecordModifiedError conflict;
    conflict.table = table;
    for (const FieldSpec &spec : fields) {
        const QSqlField field(QString::fromLatin1(spec.name), QMetaType(spec.type), table);
        conflict.base.append(field);
        conflict.mine.append(field);
        conflict.base.setValue(field.name(), spec.base);
        conflict.mine.setValue(field.name(), spec.mine);
        if (!deleted) {
            conflict.theirs.append(field);
            conflict.theirs.setValue(field.name(), spec.theirs);
        }
    }
    conflict.key.append(conflict.base.field(0));
    conflict.key.setValue(0, conflict.base.value(0));
    conflict.deletedByOther = deleted;
    conflict.loadedVersion = conflict.base.value(u"version"_s);
    if (!deleted)
        conflict.currentVersion = conflict.theirs.value(u"version"_s);
    return conflict;
}

QVariant null(QMetaType::Type type)
{
    return QVariant(QMetaType(type));
}

// A customer both users edited: two conflicts (city, credit_limit), one-sided changes on each
// side, and the audit columns the database fills in.
RecordModifiedError customerConflict(bool deleted = false)
{
    const QDateTime before(QDate(2024, 5, 2), QTime(9, 12), Qt::UTC);
    const QDateTime after(QDate(2024, 5, 3), QTime(14, 27), Qt::UTC);
    return makeConflict(u"customers"_s, {
        {"id", QMetaType::LongLong, 1042, 1042, 1042},
        {"name", QMetaType::QString, u"Grace Hopper"_s, u"Grace Hopper"_s, u"Grace Hopper"_s},
        {"email", QMetaType::QString, u"grace@example.org"_s, u"grace.hopper@navy.mil"_s, u"grace@example.org"_s},
        {"city", QMetaType::QString, u"Arlington"_s, u"Washington"_s, u"New York"_s},
        {"phone", QMetaType::QString, u"+1 703 555 0142"_s, u"+1 703 555 0142"_s, u"+1 212 555 0199"_s},
        {"credit_limit", QMetaType::LongLong, 5000, 7500, 6000},
        {"vip", QMetaType::Bool, false, false, true},
        {"notes", QMetaType::QString, null(QMetaType::QString), u"Prefers phone calls"_s, null(QMetaType::QString)},
        {"modified_by", QMetaType::QString, u"ann"_s, u"ann"_s, u"bob"_s},
        {"modified_at", QMetaType::QDateTime, before, before, after},
        {"version", QMetaType::LongLong, 6, 6, 7},
    }, deleted);
}

MergeDialogOptions customerOptions()
{
    MergeDialogOptions options;
    options.merge.computedColumns = {u"modified_by"_s, u"modified_at"_s};
    return options;
}

// Every editable kind in conflict, for the editors.
RecordModifiedError typedConflict()
{
    const QDateTime at(QDate(2024, 1, 1), QTime(8, 0), Qt::UTC);
    return makeConflict(u"orders"_s, {
        {"id", QMetaType::LongLong, 7, 7, 7},
        {"quantity", QMetaType::LongLong, 1, 2, 3},
        {"price", QMetaType::Double, 1.5, 2.5, 3.5},
        {"paid", QMetaType::Bool, null(QMetaType::Bool), u"t"_s, 0},
        {"due", QMetaType::QDate, QDate(2024, 1, 1), QDate(2024, 1, 2), QDate(2024, 1, 3)},
        {"shipped_at", QMetaType::QDateTime, at, at.addSecs(60), at.addSecs(120)},
        {"label", QMetaType::QString, u"a"_s, u"b"_s, u"c"_s},
        {"version", QMetaType::LongLong, 1, 1, 2},
    });
}

} // namespace

class tst_MergeDialog : public QObject
{
    Q_OBJECT

private:
    std::unique_ptr<MergeDialog> open(const RecordModifiedError &conflict, const MergeDialogOptions &options = {})
    {
        auto dialog = std::make_unique<MergeDialog>(conflict, options);
        dialog->show();
        // Shortcuts and mnemonics only reach an active window.
        dialog->activateWindow();
        if (!QTest::qWaitForWindowActive(dialog.get()))
            qWarning("the dialog did not become active");
        return dialog;
    }

private Q_SLOTS:
    void opensOnFirstConflictWithOneSidedChangesTaken()
    {
        // Given a customer both users edited
        auto dialog = open(customerConflict(), customerOptions());
        MergeDialogDriver driver(dialog.get());

        // Then the header names the record, who changed it, when, and both versions
        QCOMPARE(driver.widget<QLabel>("titleLabel")->text(), u"Record id=1042 in customers"_s);
        const QString changedBy = driver.widget<QLabel>("changedByLabel")->text();
        QVERIFY2(changedBy.startsWith("Changed by bob on "_L1), qPrintable(changedBy));
        const QDateTime at = customerConflict().theirs.value(u"modified_at"_s).toDateTime();
        QCOMPARE(driver.widget<QLabel>("changedByLabel")->toolTip(), at.toLocalTime().toString(u"yyyy-MM-dd HH:mm:ss"_s));
        QVERIFY2(changedBy.contains("version 7"_L1) && changedBy.contains("version 6"_L1), qPrintable(changedBy));
        QVERIFY(!driver.widget("deletedBanner")->isVisible());
        // And the first conflict is current, two are left, Save is disabled
        QCOMPARE(driver.currentFieldName(), u"city"_s);
        QCOMPARE(driver.remainingText(), u"2 conflicts left"_s);
        QVERIFY(!driver.button("saveButton")->isEnabled());
        // And one-sided changes are already resolved and marked in words
        QCOMPARE(driver.resultOf(u"email"_s).toString(), u"grace.hopper@navy.mil"_s);
        QCOMPARE(driver.resultOf(u"phone"_s).toString(), u"+1 212 555 0199"_s);
        QCOMPARE(driver.cellText(u"email"_s, MergeFieldModel::StatusColumn), u"Changed by you"_s);
        QCOMPARE(driver.cellText(u"phone"_s, MergeFieldModel::StatusColumn), u"Changed by them"_s);
        QCOMPARE(driver.cellText(u"city"_s, MergeFieldModel::StatusColumn), u"Conflict: choose a value"_s);
        QCOMPARE(driver.cellText(u"city"_s, MergeFieldModel::ResultColumn), u"(unresolved)"_s);
        QCOMPARE(driver.cellText(u"notes"_s, MergeFieldModel::BaseColumn), u"NULL"_s);
        // And a conflict stands out by more than colour: an icon and bold text
        const QModelIndex status = driver.table()->model()->index(3, MergeFieldModel::StatusColumn);
        QVERIFY(!status.data(Qt::DecorationRole).value<QIcon>().isNull());
        QVERIFY(status.data(Qt::FontRole).value<QFont>().bold());
    }

    void progressShowsInTitleAndHeader()
    {
        // Given a dialog on one record of a sequence
        auto dialog = open(customerConflict(), customerOptions());
        MergeDialogDriver driver(dialog.get());
        auto *progress = driver.widget<QLabel>("progressLabel");
        QVERIFY(progress);
        // Then alone it says nothing about a sequence
        QVERIFY(!progress->isVisible());
        QCOMPARE(dialog->windowTitle(), u"Resolve Conflict — customers"_s);
        // When it is the second of three
        dialog->setProgress(2, 3);
        // Then the header and the title say so, and so does the accessible name
        QVERIFY(progress->isVisible());
        QCOMPARE(progress->text(), u"2 of 3"_s);
        QCOMPARE(dialog->windowTitle(), u"Resolve Conflict 2 of 3 — customers"_s);
        QCOMPARE(progress->accessibleName(), u"Record 2 of 3"_s);
        // When the sequence has one record only, then nothing is shown again
        dialog->setProgress(1, 1);
        QVERIFY(!progress->isVisible());
        QCOMPARE(dialog->progressText(), QString());
    }

    void takeMineThenTheirsAdvancesAndEnablesSave()
    {
        // Given the customer conflict
        auto dialog = open(customerConflict(), customerOptions());
        MergeDialogDriver driver(dialog.get());

        // When I take mine for the city by clicking
        QVERIFY(driver.click("takeMineButton"));
        // Then it is resolved and the next conflict comes up
        QCOMPARE(driver.resultOf(u"city"_s).toString(), u"Washington"_s);
        QCOMPARE(driver.currentFieldName(), u"credit_limit"_s);
        QCOMPARE(driver.remainingText(), u"1 conflict left"_s);
        QVERIFY(!driver.button("saveButton")->isEnabled());

        // When I take theirs for the credit limit from the keyboard (Alt+T)
        driver.press(Qt::Key_T, Qt::AltModifier);
        // Then nothing is left, Save is enabled and has the focus
        QTRY_COMPARE(driver.resultOf(u"credit_limit"_s).toLongLong(), 6000); // mnemonics click animated
        QCOMPARE(driver.remainingText(), u"No conflicts left"_s);
        QVERIFY(driver.button("saveButton")->isEnabled());
        QCOMPARE(QApplication::focusWidget(), driver.widget("saveButton"));

        // When I press Space on Save
        driver.press(Qt::Key_Space);
        // Then the dialog is accepted with the merged record and theirs' version
        QCOMPARE(dialog->result(), int(QDialog::Accepted));
        QCOMPARE(dialog->choice(), MergeDialog::Choice::Save);
        const QSqlRecord merged = dialog->resolution();
        QCOMPARE(merged.value(u"city"_s).toString(), u"Washington"_s);
        QCOMPARE(merged.value(u"credit_limit"_s).toLongLong(), 6000);
        QCOMPARE(merged.value(u"email"_s).toString(), u"grace.hopper@navy.mil"_s);
        QCOMPARE(merged.value(u"phone"_s).toString(), u"+1 212 555 0199"_s);
        QCOMPARE(merged.value(u"notes"_s).toString(), u"Prefers phone calls"_s);
        QCOMPARE(merged.value(u"vip"_s).toBool(), true);
        QCOMPARE(merged.value(u"modified_by"_s).toString(), u"bob"_s);
        QCOMPARE(merged.value(u"version"_s).toLongLong(), 7);
    }

    void f7AndShiftF7VisitUnresolvedConflictsOnly()
    {
        // Given the customer conflict, on the city
        auto dialog = open(customerConflict(), customerOptions());
        MergeDialogDriver driver(dialog.get());
        QCOMPARE(driver.currentFieldName(), u"city"_s);
        // When I press F7, then F7 again, then Shift+F7
        driver.press(Qt::Key_F7);
        QCOMPARE(driver.currentFieldName(), u"credit_limit"_s);
        driver.press(Qt::Key_F7);
        QCOMPARE(driver.currentFieldName(), u"city"_s); // wraps around
        driver.press(Qt::Key_F7, Qt::ShiftModifier);
        QCOMPARE(driver.currentFieldName(), u"credit_limit"_s);
        // When I go to a one-sided row, F7 goes on to the next unresolved conflict below it
        driver.goTo(u"phone"_s);
        QCOMPARE(driver.currentFieldName(), u"phone"_s);
        driver.press(Qt::Key_F7);
        QCOMPARE(driver.currentFieldName(), u"credit_limit"_s);
        // When that conflict is resolved
        QVERIFY(driver.click("takeTheirsButton"));
        // Then only the city is left, and F7 and Shift+F7 both go there
        QCOMPARE(driver.currentFieldName(), u"city"_s);
        driver.goTo(u"name"_s);
        driver.press(Qt::Key_F7, Qt::ShiftModifier);
        QCOMPARE(driver.currentFieldName(), u"city"_s);
        // And the navigation buttons do the same and disable when nothing is left
        QVERIFY(driver.click("takeBaseButton"));
        QCOMPARE(driver.resultOf(u"city"_s).toString(), u"Arlington"_s);
        QVERIFY(!driver.button("nextButton")->isEnabled());
        QVERIFY(!driver.button("previousButton")->isEnabled());
    }

    void editorsFitTheColumnType_data()
    {
        QTest::addColumn<QString>("field");
        QTest::addColumn<QString>("editor");
        QTest::addColumn<QString>("typed");
        QTest::addColumn<QVariant>("expected");
        QTest::addRow("integer spin box") << u"quantity"_s << u"integerEdit"_s << u"42"_s << QVariant(42LL);
        QTest::addRow("decimal line edit") << u"price"_s << u"decimalEdit"_s << u"19.95"_s << QVariant(19.95);
        QTest::addRow("text line edit") << u"label"_s << u"textEdit"_s << u"typed"_s << QVariant(u"typed"_s);
        QTest::addRow("boolean check box") << u"paid"_s << u"booleanEdit"_s << u" "_s << QVariant(u"f"_s);
        // Date editors are driven by sections: Home selects the year, Up adds one.
        QTest::addRow("date edit") << u"due"_s << u"dateEdit"_s << u"<up>"_s << QVariant(QDate(2025, 1, 2));
        QTest::addRow("date-time edit") << u"shipped_at"_s << u"dateTimeEdit"_s << u"<up>"_s
                                        << QVariant(QDateTime(QDate(2025, 1, 1), QTime(8, 1), Qt::UTC));
    }

    void editorsFitTheColumnType()
    {
        QFETCH(QString, field);
        QFETCH(QString, editor);
        QFETCH(QString, typed);
        QFETCH(QVariant, expected);
        // Given a conflict in a column of some type, made current
        auto dialog = open(typedConflict());
        MergeDialogDriver driver(dialog.get());
        driver.goTo(field);
        QCOMPARE(driver.currentFieldName(), field);
        // When I move to the value with Alt+V and type a new one, then take it with Alt+U
        driver.press(Qt::Key_V, Qt::AltModifier);
        QWidget *input = QApplication::focusWidget();
        QVERIFY(input);
        QCOMPARE(dialog->findChild<QWidget *>(editor)->isVisible(), true);
        QVERIFY2(input == dialog->findChild<QWidget *>(editor) || input->parentWidget() == dialog->findChild<QWidget *>(editor),
                 qPrintable(input->objectName()));
        if (typed == " "_L1) {
            driver.press(Qt::Key_Space); // mine is 't': toggling gives false, spelled as the column does
        } else if (typed == "<up>"_L1) {
            driver.press(Qt::Key_Home);
            driver.press(Qt::Key_Up);
        } else {
            driver.press(Qt::Key_A, Qt::ControlModifier);
            if (auto *spin = qobject_cast<QAbstractSpinBox *>(dialog->findChild<QWidget *>(editor)))
                spin->selectAll();
            QTest::keyClicks(input, typed);
        }
        driver.press(Qt::Key_U, Qt::AltModifier);
        // Then the result is the typed value in the column's type, marked as edited
        QTRY_COMPARE(driver.sourceOf(field), ResultSource::Edited);
        QVERIFY2(sameValue(driver.resultOf(field), expected),
                 qPrintable(driver.resultOf(field).toString() + " != "_L1 + expected.toString()));
        QCOMPARE(driver.cellText(field, MergeFieldModel::StatusColumn), u"Resolved: edited"_s);
        // And the next conflict came up
        QVERIFY(driver.currentFieldName() != field);
    }

    void invalidOrNullEdits()
    {
        // Given the price conflict
        auto dialog = open(typedConflict());
        MergeDialogDriver driver(dialog.get());
        driver.goTo(u"price"_s);
        auto *edit = driver.widget<QLineEdit>("decimalEdit");
        // When I type something that is not a number, then the validator refuses it
        edit->clear();
        QTest::keyClicks(edit, u"abc"_s);
        QCOMPARE(edit->text(), QString());
        // When the field is empty, then using it fails and says why
        QVERIFY(!driver.click("applyEditButton") || driver.sourceOf(u"price"_s) == ResultSource::None);
        QCOMPARE(driver.sourceOf(u"price"_s), ResultSource::None);
        QVERIFY(!driver.widget<QLabel>("panelHint")->text().isEmpty());
        // When I tick NULL (Alt+L) and take the value, then the result is NULL, not empty
        driver.press(Qt::Key_L, Qt::AltModifier);
        QTRY_VERIFY(driver.widget<QCheckBox>("nullCheck")->isChecked());
        QVERIFY(driver.click("applyEditButton"));
        QVERIFY(driver.resultOf(u"price"_s).isNull());
        QCOMPARE(driver.sourceOf(u"price"_s), ResultSource::Edited);
        QCOMPARE(driver.cellText(u"price"_s, MergeFieldModel::ResultColumn), u"NULL"_s);
    }

    void takeAllMineAndTakeAllTheirs()
    {
        // Given the customer conflict
        auto dialog = open(customerConflict(), customerOptions());
        MergeDialogDriver driver(dialog.get());
        // When I take all theirs (Alt+H)
        driver.press(Qt::Key_H, Qt::AltModifier);
        // Then every conflict is theirs, one-sided changes are kept, and Save is enabled
        QTRY_COMPARE(driver.resultOf(u"city"_s).toString(), u"New York"_s);
        QCOMPARE(driver.resultOf(u"credit_limit"_s).toLongLong(), 6000);
        QCOMPARE(driver.resultOf(u"email"_s).toString(), u"grace.hopper@navy.mil"_s);
        QVERIFY(driver.button("saveButton")->isEnabled());
        // When I take all mine by clicking, then every conflict is mine
        QVERIFY(driver.click("takeAllMineButton"));
        QCOMPARE(driver.resultOf(u"city"_s).toString(), u"Washington"_s);
        QCOMPARE(driver.resultOf(u"credit_limit"_s).toLongLong(), 7500);
        QCOMPARE(driver.resultOf(u"phone"_s).toString(), u"+1 212 555 0199"_s);
        QCOMPARE(driver.remainingText(), u"No conflicts left"_s);
    }

    void overridingAndResettingAOneSidedChange()
    {
        // Given the customer conflict, on my one-sided e-mail change
        auto dialog = open(customerConflict(), customerOptions());
        MergeDialogDriver driver(dialog.get());
        driver.goTo(u"email"_s);
        QVERIFY(!driver.button("resetButton")->isEnabled());
        // When I take base there, then it is marked overridden and the selection stays
        QVERIFY(driver.click("takeBaseButton"));
        QCOMPARE(driver.resultOf(u"email"_s).toString(), u"grace@example.org"_s);
        QCOMPARE(driver.cellText(u"email"_s, MergeFieldModel::StatusColumn), u"Changed by you, overridden"_s);
        QCOMPARE(driver.currentFieldName(), u"email"_s);
        // When I reset (Alt+E), then mine is back
        driver.press(Qt::Key_E, Qt::AltModifier);
        QTRY_COMPARE(driver.resultOf(u"email"_s).toString(), u"grace.hopper@navy.mil"_s);
        // And the version and computed columns cannot be chosen at all
        driver.goTo(u"version"_s);
        QVERIFY(!driver.button("takeMineButton")->isEnabled());
        QVERIFY(!driver.button("applyEditButton")->isEnabled());
    }

    void saveIsGatedOnUnresolvedConflicts()
    {
        // Given a conflict with one of two decisions made
        auto dialog = open(customerConflict(), customerOptions());
        MergeDialogDriver driver(dialog.get());
        QVERIFY(driver.click("takeMineButton"));
        // When I try to save with Alt+S and with a click
        driver.press(Qt::Key_S, Qt::AltModifier);
        QVERIFY(!driver.click("saveButton"));
        // Then the dialog stays open and has decided nothing
        QVERIFY(!QTest::qWaitFor([&dialog] { return !dialog->isVisible(); }, 300));
        QCOMPARE(dialog->choice(), MergeDialog::Choice::Cancel);
        QVERIFY(dialog->resolution().isEmpty());
    }

    void enterInTheValueOfTheLastConflictDoesNotSave()
    {
        // Given the customer conflict with the credit limit decided: the city is the last one
        auto dialog = open(customerConflict(), customerOptions());
        MergeDialogDriver driver(dialog.get());
        driver.goTo(u"credit_limit"_s);
        QVERIFY(driver.click("takeTheirsButton"));
        QCOMPARE(driver.currentFieldName(), u"city"_s);
        // When I type the city into the value (Alt+V) and press Enter to take it
        driver.press(Qt::Key_V, Qt::AltModifier);
        auto *edit = driver.widget<QLineEdit>("textEdit");
        QTRY_COMPARE(QApplication::focusWidget(), static_cast<QWidget *>(edit));
        edit->selectAll();
        QTest::keyClicks(edit, u"Baltimore"_s);
        driver.press(Qt::Key_Return);
        // Then the value is taken and nothing is left, but the record is not saved behind my
        // back: the dialog stays open, with Save focused for me to review and press
        QCOMPARE(driver.sourceOf(u"city"_s), ResultSource::Edited);
        QCOMPARE(driver.resultOf(u"city"_s).toString(), u"Baltimore"_s);
        QCOMPARE(driver.remainingText(), u"No conflicts left"_s);
        QVERIFY(!QTest::qWaitFor([&dialog] { return !dialog->isVisible(); }, 300));
        QCOMPARE(dialog->choice(), MergeDialog::Choice::Cancel);
        QCOMPARE(QApplication::focusWidget(), driver.widget("saveButton"));
        // And Enter on the field table does not save either; Space on Save does
        driver.table()->setFocus();
        driver.press(Qt::Key_Return);
        QVERIFY(!QTest::qWaitFor([&dialog] { return !dialog->isVisible(); }, 100));
        QVERIFY(driver.widget("saveButton")->isEnabled());
        driver.widget("saveButton")->setFocus();
        driver.press(Qt::Key_Space);
        QCOMPARE(dialog->choice(), MergeDialog::Choice::Save);
        QCOMPARE(dialog->resolution().value(u"city"_s).toString(), u"Baltimore"_s);
    }

    void cancelDecidesNothing_data()
    {
        QTest::addColumn<bool>("byEscape");
        QTest::addRow("escape key") << true;
        QTest::addRow("cancel button") << false;
    }

    void cancelDecidesNothing()
    {
        QFETCH(bool, byEscape);
        // Given a fully resolved merge
        auto dialog = open(customerConflict(), customerOptions());
        MergeDialogDriver driver(dialog.get());
        QVERIFY(driver.click("takeAllTheirsButton"));
        // When I cancel
        if (byEscape)
            driver.press(Qt::Key_Escape);
        else
            QVERIFY(driver.click("cancelButton"));
        // Then the dialog is rejected with no resolution: the caller keeps my edits pending
        QCOMPARE(dialog->result(), int(QDialog::Rejected));
        QCOMPARE(dialog->choice(), MergeDialog::Choice::Cancel);
        QVERIFY(dialog->resolution().isEmpty());
    }

    void headerSaysWhoChangedItAndHowLongAgo()
    {
        // Given their change of the customer three minutes before the dialog opens
        const RecordModifiedError conflict = customerConflict();
        MergeDialogOptions options = customerOptions();
        options.now = conflict.theirs.value(u"modified_at"_s).toDateTime().addSecs(3 * 60 + 20);
        auto dialog = open(conflict, options);
        // Then the header names them and how long ago, from theirs (the row now in the database)
        QCOMPARE(MergeDialogDriver(dialog.get()).widget<QLabel>("changedByLabel")->text(),
                 u"Changed by bob 3 minutes ago, now version 7. You edited version 6."_s);

        // Given a table whose rows name nobody, then the header says when only
        options.modifiedByColumn.clear();
        dialog = open(conflict, options);
        QCOMPARE(MergeDialogDriver(dialog.get()).widget<QLabel>("changedByLabel")->text(),
                 u"Changed by another user 3 minutes ago, now version 7. You edited version 6."_s);
        // And with no audit columns at all, that another user changed it
        options.modifiedAtColumn.clear();
        dialog = open(conflict, options);
        QCOMPARE(MergeDialogDriver(dialog.get()).widget<QLabel>("changedByLabel")->text(),
                 u"Changed by another user, now version 7. You edited version 6."_s);
    }

    void deletedByThemRecreateOrDiscard_data()
    {
        QTest::addColumn<bool>("recreate");
        QTest::addRow("re-create") << true;
        QTest::addRow("discard") << false;
    }

    void deletedByThemRecreateOrDiscard()
    {
        QFETCH(bool, recreate);
        // Given a customer I edited and they deleted
        auto dialog = open(customerConflict(true), customerOptions());
        MergeDialogDriver driver(dialog.get());
        // Then the dialog says so and offers re-create and discard instead of save
        QVERIFY(driver.widget("deletedBanner")->isVisible());
        QVERIFY(driver.widget<QLabel>("changedByLabel")->text().contains("deleted"_L1));
        QVERIFY(!driver.button("saveButton")->isVisible());
        QVERIFY(driver.button("recreateButton")->isEnabled());
        QVERIFY(driver.button("discardButton")->isEnabled());
        QCOMPARE(driver.remainingText(), u"No conflicts left"_s);
        QCOMPARE(driver.cellText(u"city"_s, MergeFieldModel::TheirsColumn), u"(deleted)"_s);
        driver.goTo(u"city"_s);
        QVERIFY(!driver.button("takeTheirsButton")->isEnabled());
        // When I choose, from the keyboard
        driver.press(recreate ? Qt::Key_R : Qt::Key_D, Qt::AltModifier);
        // Then re-create hands back my merged values, discard an empty record
        QTRY_COMPARE(dialog->result(), int(QDialog::Accepted));
        if (recreate) {
            QCOMPARE(dialog->choice(), MergeDialog::Choice::Recreate);
            QCOMPARE(dialog->resolution().value(u"city"_s).toString(), u"Washington"_s);
            QCOMPARE(dialog->resolution().value(u"email"_s).toString(), u"grace.hopper@navy.mil"_s);
        } else {
            QCOMPARE(dialog->choice(), MergeDialog::Choice::Discard);
            QVERIFY(dialog->resolution().isEmpty());
        }
    }

    void deletedByMeDeleteAnywayOrKeepTheirs_data()
    {
        QTest::addColumn<bool>("deleteAnyway");
        QTest::addRow("delete anyway") << true;
        QTest::addRow("keep theirs") << false;
    }

    void deletedByMeDeleteAnywayOrKeepTheirs()
    {
        QFETCH(bool, deleteAnyway);
        // Given a customer I deleted and they changed meanwhile
        RecordModifiedError conflict = customerConflict();
        conflict.operation = RecordModifiedError::Operation::Delete;
        conflict.mine = QSqlRecord();
        auto dialog = open(conflict, customerOptions());
        MergeDialogDriver driver(dialog.get());
        // Then the dialog explains it, shows their changes and offers both ways out
        const QString explained = driver.widget<QLabel>("changedByLabel")->text();
        QVERIFY2(explained.startsWith("You deleted this record, but it was changed by bob "_L1), qPrintable(explained));
        QCOMPARE(driver.cellText(u"city"_s, MergeFieldModel::TheirsColumn), u"New York"_s);
        QCOMPARE(driver.remainingText(), u"No conflicts left"_s);
        QCOMPARE(driver.button("saveButton")->text(), u"&Delete Anyway"_s);
        QCOMPARE(driver.button("discardButton")->text(), u"&Keep Their Version"_s);
        QVERIFY(driver.button("saveButton")->isEnabled());
        QVERIFY(!driver.button("recreateButton")->isVisible());
        // When I choose from the keyboard
        driver.press(deleteAnyway ? Qt::Key_D : Qt::Key_K, Qt::AltModifier);
        QTRY_COMPARE(dialog->result(), int(QDialog::Accepted));
        // Then delete-anyway hands back their record (the delete is rebased onto it), keep an empty one
        if (deleteAnyway) {
            QCOMPARE(dialog->choice(), MergeDialog::Choice::Save);
            QCOMPARE(dialog->resolution().value(u"version"_s).toInt(), 7);
        } else {
            QCOMPARE(dialog->choice(), MergeDialog::Choice::Discard);
            QVERIFY(dialog->resolution().isEmpty());
        }
    }

    void everyControlIsNamedForTestsAndScreenReaders()
    {
        // Given the dialog
        auto dialog = open(customerConflict(), customerOptions());
        // Then every control a user can reach has an objectName and an accessible name
        const auto widgets = dialog->findChildren<QWidget *>();
        int checked = 0;
        for (QWidget *w : widgets) {
            const bool control = qobject_cast<QAbstractButton *>(w) || qobject_cast<QAbstractItemView *>(w)
                              || qobject_cast<QAbstractSpinBox *>(w)
                              || (qobject_cast<QLineEdit *>(w) && !qobject_cast<QAbstractSpinBox *>(w->parentWidget()));
            if (!control || qobject_cast<QAbstractItemView *>(w->parentWidget()))
                continue;
            ++checked;
            QVERIFY2(!w->objectName().isEmpty(), w->metaObject()->className());
            QVERIFY2(!w->accessibleName().isEmpty(), qPrintable(w->objectName()));
        }
        QVERIFY(checked > 15);
    }

    void readableAtDoubleSize()
    {
        // Given the dialog with text twice as large, as at 200% scaling
        auto dialog = std::make_unique<MergeDialog>(customerConflict(), customerOptions());
        QFont font = dialog->font();
        font.setPointSizeF(font.pointSizeF() * 2);
        dialog->setFont(font);
        dialog->show();
        QVERIFY(QTest::qWaitForWindowExposed(dialog.get()));
        // Then the dialog grew with it and no button is cut below its text
        QVERIFY(dialog->width() >= dialog->minimumSizeHint().width());
        for (QPushButton *button : dialog->findChildren<QPushButton *>()) {
            if (button->isVisible())
                QVERIFY2(button->width() >= button->sizeHint().width(), qPrintable(button->objectName()));
        }
    }

    void screenshot()
    {
        // Given a realistic conflict half way through: the city decided, the credit limit not
        auto dialog = open(customerConflict(), customerOptions());
        MergeDialogDriver driver(dialog.get());
        QVERIFY(driver.click("takeMineButton"));
        // When it is grabbed, at the size it asks for on a real screen (the offscreen one is 800x600)
        dialog->resize(1040, 520);
        const QPixmap pixmap = dialog->grab();
        // Then it is an image (scripts/screenshots renders docs/merge-dialog.png from the editor)
        QVERIFY(!pixmap.isNull());
    }
};

QTEST_MAIN(tst_MergeDialog)
#include "tst_mergedialog.moc"
