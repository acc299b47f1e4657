// SPDX-License-Identifier: MIT
// SPDX-FileCopyrightText: 2026 Concord developers
//
// Issue #12, keyboard: every menu and dialog can be used with Alt and a letter, no letter does
// two things, Tab leaves the grid, and switching tables with pending edits keeps the table list
// and the grid in agreement.
#include <core/db/demodatabase.h>
#include <core/merge/recordmodifiederror.h>
#include <core/model/versionedtablemodel.h>
#include <tests/support/scratchdatabase.h>
#include <tests/support/testmacros.h>
#include <ui/editor/mainwindow.h>
#include <ui/start/welcomeview.h>
#include <ui/merge/mergedialog.h>
#include <ui/operations/bulkeditdialog.h>
#include <ui/operations/importdialog.h>
#include <ui/start/connectiondialog.h>
#include <ui/widgets/referencechooser.h>
#include <ui/widgets/tablelist.h>

#include "editorfixture.h"

#include <QAbstractButton>
#include <QApplication>
#include <QDialogButtonBox>
#include <QLabel>
#include <QMenu>
#include <QMenuBar>
#include <QMessageBox>
#include <QSqlField>
#include <QStandardPaths>
#include <QTableView>
#include <QTest>
#include <QTimer>

#include <memory>

using namespace Concord;
using namespace Concord::Test;
using namespace Qt::StringLiterals;

namespace {

// The letter after a single '&' ("Re&view" → 'v'), lower-case; null when the text has none.
QChar mnemonicOf(const QString &text)
{
    for (qsizetype i = 0; i + 1 < text.size(); ++i) {
        if (text[i] != u'&')
            continue;
        if (text[i + 1] == u'&') {
            ++i;
            continue;
        }
        return text[i + 1].toLower();
    }
    return {};
}

// What is wrong with \a texts as the entries of one menu or dialog: entries without a letter, and
// letters used twice. Empty when every entry has a letter of its own.
QStringList problems(const QStringList &texts)
{
    QStringList found;
    QHash<QChar, QString> owners;
    for (const QString &text : texts) {
        const QChar letter = mnemonicOf(text);
        if (letter.isNull()) {
            found << u"no mnemonic: \"%1\""_s.arg(text);
            continue;
        }
        if (owners.contains(letter))
            found << u"Alt+%1 is \"%2\" and \"%3\""_s.arg(letter, owners.value(letter), text);
        owners.insert(letter, text);
    }
    return found;
}

// A dialog's buttons and labelled fields. Cancel and Close are Escape, and need no letter.
QStringList dialogTexts(QWidget *dialog)
{
    QStringList texts;
    for (QAbstractButton *button : dialog->findChildren<QAbstractButton *>()) {
        if (!button->isVisibleTo(dialog) || button->text().isEmpty())
            continue;
        auto *box = qobject_cast<QDialogButtonBox *>(button->parentWidget());
        if (box && box->buttonRole(button) == QDialogButtonBox::RejectRole)
            continue;
        texts << button->text();
    }
    for (QLabel *label : dialog->findChildren<QLabel *>()) {
        if (label->buddy() && label->isVisibleTo(dialog))
            texts << label->text();
    }
    return texts;
}

QStringList menuProblems(QMenu *menu, const QString &skipSubmenu)
{
    QStringList texts;
    QStringList found;
    for (QAction *action : menu->actions()) {
        if (action->isSeparator() || !action->isVisible())
            continue;
        texts << action->text();
        if (action->menu() && action->menu()->objectName() != skipSubmenu) {
            for (const QString &problem : menuProblems(action->menu(), skipSubmenu))
                found << action->text() + u" > "_s + problem;
        }
    }
    for (const QString &problem : problems(texts))
        found << menu->title() + u": "_s + problem;
    return found;
}

} // namespace

class tst_Mnemonics : public QObject
{
    Q_OBJECT

private:
    EditorFixture m_editor;

    MainWindow *window() const { return m_editor.window(); }

private Q_SLOTS:
    void initTestCase() { QStandardPaths::setTestModeEnabled(true); }

    void init()
    {
        QCOMPARE(m_editor.start(5, 5, 5), QString()); // SQLite: mnemonics do not depend on the backend
        QVERIFY(window()->showTable(u"customers"_s));
    }
    void cleanup() { m_editor.stop(); }

    void theCheckFindsWhatIsWrong()
    {
        QCOMPARE(mnemonicOf(u"Re&view"_s), u'v');
        QCOMPARE(mnemonicOf(u"Fish && &Chips"_s), u'c');
        QVERIFY(mnemonicOf(u"Plain"_s).isNull());
        QCOMPARE(problems({u"&Reset"_s, u"&Re-create Record"_s, u"Cancel"_s}).size(), 2);
        QVERIFY(problems({u"R&eset"_s, u"&Re-create Record"_s}).isEmpty());
    }

    void everyMenuEntryHasALetterOfItsOwn()
    {
        QStringList titles;
        QStringList found;
        for (QAction *action : window()->menuBar()->actions()) {
            titles << action->text();
            // Open Recent lists file names: typed by the user, not by us.
            found << menuProblems(action->menu(), u"recentMenu"_s);
        }
        found << problems(titles);
        QVERIFY2(found.isEmpty(), qPrintable(found.join(u'\n')));
    }

    void theWindowsOwnLettersDoNotClashWithTheMenus()
    {
        // The bars above the grid and the form view's buttons share Alt with the menu bar.
        window()->findChild<QAction *>(u"formViewAction"_s)->trigger();
        QStringList texts;
        for (QAction *action : window()->menuBar()->actions())
            texts << action->text();
        for (QAbstractButton *button : window()->findChildren<QAbstractButton *>()) {
            // The welcome view is never shown together with the grid or the form.
            if (!mnemonicOf(button->text()).isNull() && !window()->welcomeView()->isAncestorOf(button))
                texts << button->text();
        }
        const QStringList found = problems(texts);
        QVERIFY2(found.isEmpty(), qPrintable(found.join(u'\n')));
    }

    void everyDialogHasLettersOfItsOwn_data()
    {
        QTest::addColumn<QString>("dialog");
        QTest::newRow("connection") << u"connection"_s;
        QTest::newRow("merge") << u"merge"_s;
        QTest::newRow("merge, deleted by the other user") << u"merge-deleted"_s;
        QTest::newRow("bulk edit") << u"bulk"_s;
        QTest::newRow("import") << u"import"_s;
        QTest::newRow("reference chooser") << u"reference"_s;
    }
    void everyDialogHasLettersOfItsOwn()
    {
        QFETCH(QString, dialog);
        std::unique_ptr<QWidget> widget;
        if (dialog == u"connection"_s) {
            widget = std::make_unique<ConnectionDialog>();
        } else if (dialog.startsWith(u"merge"_s)) {
            RecordModifiedError conflict;
            conflict.table = u"customers"_s;
            for (const char *name : {"id", "city", "version"}) {
                const QSqlField field(QString::fromLatin1(name), QMetaType(QMetaType::QString), u"customers"_s);
                conflict.base.append(field);
                conflict.mine.append(field);
                if (dialog == u"merge"_s)
                    conflict.theirs.append(field);
            }
            conflict.base.setValue(u"city"_s, u"Porto"_s);
            conflict.mine.setValue(u"city"_s, u"Faro"_s);
            if (dialog == u"merge"_s)
                conflict.theirs.setValue(u"city"_s, u"Braga"_s);
            conflict.key.append(conflict.base.field(0));
            conflict.deletedByOther = dialog != u"merge"_s;
            widget = std::make_unique<MergeDialog>(conflict);
        } else if (dialog == u"bulk"_s) {
            widget = std::make_unique<BulkEditDialog>(window()->model(), 2, 5);
        } else if (dialog == u"import"_s) {
            widget = std::make_unique<ImportDialog>(window()->model()->database(), QStringList{u"customers"_s},
                                                    u"customers"_s);
        } else if (dialog == u"reference"_s) {
            widget = std::make_unique<ReferenceChooser>(window()->model()->database(),
                                                        ReferenceTarget{u"customers"_s, u"id"_s, u"name"_s, {}},
                                                        u"customer_id"_s, QVariant());
        }
        QVERIFY(widget);
        const QStringList found = problems(dialogTexts(widget.get()));
        QVERIFY2(found.isEmpty(), qPrintable(found.join(u'\n')));
    }

    void theUnsavedEditsQuestionHasLetters()
    {
        QVERIFY(window()->model()->setData(window()->model()->index(0, 2), u"x@example.com"_s));
        QStringList found{u"no question was asked"_s};
        QTimer::singleShot(0, this, [&found] {
            auto *box = qobject_cast<QMessageBox *>(QApplication::activeModalWidget());
            if (!box)
                return;
            QStringList texts;
            for (QAbstractButton *button : box->buttons()) {
                if (box->buttonRole(button) != QMessageBox::RejectRole)
                    texts << button->text();
            }
            found = problems(texts);
            box->button(QMessageBox::Cancel)->click();
        });
        // Cancelled: the grid stays on customers, and the list agrees with it
        QVERIFY(!window()->showTable(u"orders"_s));
        QVERIFY2(found.isEmpty(), qPrintable(found.join(u'\n')));
        QCOMPARE(window()->model()->tableName(), u"customers"_s);
        QCOMPARE(window()->tableList()->tableOf(window()->tableList()->currentItem()), u"customers"_s);
    }

    void aCancelledSwitchFromTheListKeepsTheListOnTheGridsTable()
    {
        QVERIFY(window()->model()->setData(window()->model()->index(0, 2), u"x@example.com"_s));
        QTimer::singleShot(0, this, [] {
            if (auto *box = qobject_cast<QMessageBox *>(QApplication::activeModalWidget()))
                box->button(QMessageBox::Cancel)->click();
        });
        // When I click orders in the table list and cancel the question
        TableList *list = window()->tableList();
        QListWidgetItem *orders = nullptr;
        for (int i = 0; i < list->count(); ++i) {
            if (list->tableOf(list->item(i)) == u"orders"_s)
                orders = list->item(i);
        }
        QVERIFY(orders);
        QTest::mouseClick(list->viewport(), Qt::LeftButton, {}, list->visualItemRect(orders).center());
        // Then the list shows customers selected again, as the grid does, and the edit is kept
        QTRY_COMPARE(list->tableOf(list->currentItem()), u"customers"_s);
        QCOMPARE(window()->model()->tableName(), u"customers"_s);
        QCOMPARE(window()->model()->pendingRows().size(), 1);
    }

    void tabLeavesTheGrid()
    {
        QTableView *grid = window()->grid();
        grid->setFocus();
        grid->setCurrentIndex(window()->model()->index(0, 1));
        QTRY_VERIFY(grid->hasFocus());
        QTest::keyClick(grid, Qt::Key_Tab);
        QVERIFY(!grid->hasFocus());
        QCOMPARE(grid->currentIndex().column(), 1); // the cell did not move
        grid->setFocus();
        QTest::keyClick(grid, Qt::Key_Backtab, Qt::ShiftModifier);
        QVERIFY(!grid->hasFocus());
    }
};

QTEST_MAIN(tst_Mnemonics)
#include "tst_mnemonics.moc"
