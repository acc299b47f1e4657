// SPDX-License-Identifier: MIT
// SPDX-FileCopyrightText: 2026 Concord developers
//
// Issue #12: status texts that tell the truth (defect 5) and save errors a person can act on.
// Runs on SQLite and PostgreSQL (tst_savemessages_postgresql), "the other user" writing through
// a connection of their own.
#include <core/db/demodatabase.h>
#include <core/model/versionedtablemodel.h>
#include <tests/support/modelfixture.h>
#include <tests/support/scratchdatabase.h>
#include <tests/support/testmacros.h>
#include <ui/editor/conflictresolver.h>
#include <ui/editor/mainwindow.h>
#include <ui/merge/conflictbanner.h>
#include <ui/merge/mergedialog.h>

#include "editorfixture.h"
#include "mergedialogdriver.h"

#include <QApplication>
#include <QLabel>
#include <QMessageBox>
#include <QPushButton>
#include <QSqlQuery>
#include <QStandardPaths>
#include <QTableView>
#include <QTest>
#include <QTimer>

#include <memory>

using namespace Concord;
using namespace Concord::Test;
using namespace Qt::StringLiterals;

class tst_SaveMessages : public QObject
{
    Q_OBJECT

private:
    EditorFixture m_editor;

    MainWindow *window() const { return m_editor.window(); }

    QVariant scalar(const QString &sql)
    {
        QSqlQuery query(m_editor.other());
        if (!query.exec(sql) || !query.next())
            return {};
        return query.value(0);
    }
    QString pendingText() const { return window()->findChild<QLabel *>(u"pendingStatus"_s)->text(); }
    int rowOf(int id) const
    {
        VersionedTableModel *model = window()->model();
        for (int row = 0; row < model->rowCount(); ++row) {
            if (model->data(model->index(row, model->fieldIndex(u"id"_s))).toInt() == id)
                return row;
        }
        return -1;
    }
    void typeInto(int row, const QString &field, const QString &text)
    {
        QTableView *grid = window()->grid();
        const QModelIndex index = window()->model()->index(row, window()->model()->fieldIndex(field));
        grid->setCurrentIndex(index);
        QTest::keyClick(grid, Qt::Key_F2);
        QWidget *editor = QApplication::focusWidget();
        QVERIFY(editor && editor != grid);
        QTest::keyClick(editor, Qt::Key_A, Qt::ControlModifier);
        QTest::keyClicks(editor, text);
        QTest::keyClick(editor, Qt::Key_Return);
        QTRY_COMPARE(window()->model()->data(index).toString(), text);
    }
    void save() { QTest::keySequence(window(), QKeySequence::Save); }
    int firstId() const
    {
        VersionedTableModel *model = window()->model();
        return model->data(model->index(0, model->fieldIndex(u"id"_s)), Qt::EditRole).toInt();
    }
    QMessageBox *saveFailure() const { return window()->findChild<QMessageBox *>(u"saveFailedMessage"_s); }
    // Given I edited a customer and someone else changed it since: the status says so. (A change
    // of a record without edits here would be shown in place, leaving nothing outdated.)
    void pendingEditWhileOthersChangeTheTable()
    {
        typeInto(0, u"city"_s, u"Mine"_s);
        // Through a model of their own, as another editor would: PostgreSQL hears of it by NOTIFY.
        const QString error =
            ModelFixture::saveAsOtherUser(m_editor.other(), u"customers"_s, firstId(), u"city"_s, u"Theirs"_s);
        QVERIFY2(error.isEmpty(), qPrintable(error));
        QTRY_VERIFY2(pendingText().contains(u"others changed this table"_s), qPrintable(pendingText()));
    }

private Q_SLOTS:
    void initTestCase()
    {
        QStandardPaths::setTestModeEnabled(true);
        CONCORD_REQUIRE_BACKEND();
    }

    void init()
    {
        QCOMPARE(m_editor.start(10, 5, 20), QString());
        QVERIFY(window()->showTable(u"customers"_s));
    }

    void cleanup() { m_editor.stop(); }

    // Defect 5: "others changed this table" is about edits waiting; with none left it goes.
    void othersChangedGoesAwayAfterRevertAll()
    {
        pendingEditWhileOthersChangeTheTable();
        // When I revert everything, then the table is re-read and the status says so
        window()->revertAll();
        QTRY_COMPARE(pendingText(), u"All saved"_s);
        QCOMPARE(window()->model()->data(window()->model()->index(rowOf(firstId()), window()->model()->fieldIndex(u"city"_s))).toString(),
                 u"Theirs"_s);
    }

    void othersChangedGoesAwayAfterReload()
    {
        pendingEditWhileOthersChangeTheTable();
        // When I reload and discard my edit when asked
        QTimer::singleShot(0, this, [] {
            auto *box = qobject_cast<QMessageBox *>(QApplication::activeModalWidget());
            if (box)
                box->button(QMessageBox::Discard)->click();
        });
        window()->reload();
        // Then the status no longer claims others' changes are waiting
        QCOMPARE(pendingText(), u"All saved"_s);
        QTest::qWait(50); // a late refresh must not bring it back
        QCOMPARE(pendingText(), u"All saved"_s);
    }

    // Defect 5: a record someone else deleted is "deleted", in the dialog, the bar and the tooltip.
    void aRecordDeletedBySomeoneElseIsCalledDeleted()
    {
        // Given the other user deleted a customer without orders that I am editing
        const int id = scalar(u"SELECT min(id) FROM customers WHERE id NOT IN (SELECT customer_id FROM orders)"_s).toInt();
        QVERIFY(id > 0);
        const int row = rowOf(id);
        QVERIFY(m_editor.database()->exec({u"DELETE FROM customers WHERE id = %1"_s.arg(id)}).isEmpty());
        typeInto(row, u"city"_s, u"Tromsø"_s);
        // When I save, then the merge dialog's title says it was deleted
        save();
        MergeDialog *dialog = window()->conflictResolver()->dialog();
        QVERIFY(dialog);
        QVERIFY2(dialog->windowTitle().startsWith(u"Record Deleted by Someone Else"_s), qPrintable(dialog->windowTitle()));
        QVERIFY(!dialog->windowTitle().contains(u"changed"_s, Qt::CaseInsensitive));
        // And when I cancel it, the bar and the row's tooltip say "deleted", never "changed"
        QVERIFY(MergeDialogDriver(dialog).click("cancelButton"));
        ConflictBanner *banner = window()->conflictBanner();
        QTRY_VERIFY(banner->isVisible());
        QVERIFY2(banner->text().startsWith(u"⚠ 1 record was deleted by someone else"_s), qPrintable(banner->text()));
        const QString tip = window()->model()->index(row, 1).data(Qt::ToolTipRole).toString();
        QVERIFY2(tip.contains(u"deleted"_s) && !tip.contains(u"changed"_s), qPrintable(tip));
    }

    void theBarCountsChangedAndDeletedRecordsApart()
    {
        // Given one customer changed and one deleted by the other user, both edited by me
        const int gone = scalar(u"SELECT min(id) FROM customers WHERE id NOT IN (SELECT customer_id FROM orders)"_s).toInt();
        const int changed = gone == 1 ? 2 : 1;
        QVERIFY(m_editor.database()->exec({u"DELETE FROM customers WHERE id = %1"_s.arg(gone),
                            u"UPDATE customers SET city = 'Theirs', version = version + 1 WHERE id = %1"_s.arg(changed)})
                    .isEmpty());
        typeInto(rowOf(gone), u"city"_s, u"Mine"_s);
        typeInto(rowOf(changed), u"city"_s, u"Mine"_s);
        save();
        QVERIFY(window()->conflictResolver()->dialog());
        QVERIFY(MergeDialogDriver(window()->conflictResolver()->dialog()).click("cancelButton"));
        // Then the bar tells them apart
        QTRY_VERIFY(window()->conflictBanner()->isVisible());
        QVERIFY2(window()->conflictBanner()->text().startsWith(u"⚠ 1 record was changed and 1 deleted by others"_s),
                 qPrintable(window()->conflictBanner()->text()));
    }

    // Errors a person can act on: a refused delete names the referring table and how many rows.
    void aDeleteOfAReferencedRecordSaysWhoRefersToIt()
    {
        // Given a customer with orders
        const int id = scalar(u"SELECT customer_id FROM orders GROUP BY customer_id ORDER BY count(*) DESC, customer_id LIMIT 1"_s).toInt();
        const int orders = scalar(u"SELECT count(*) FROM orders WHERE customer_id = %1"_s.arg(id)).toInt();
        QVERIFY(orders > 0);
        // When I delete it and save
        const int row = rowOf(id);
        window()->grid()->selectRow(row);
        QVERIFY(window()->model()->removeRows(row, 1));
        save();
        // Then the message names the record, the referring table, the column and the count
        QMessageBox *box = saveFailure();
        QVERIFY(box);
        QTRY_VERIFY(box->isVisible());
        const QString expected = orders == 1
            ? u"Cannot delete record id=%1 of customers: 1 record of orders refers to it (orders.customer_id)."_s.arg(id)
            : u"Cannot delete record id=%1 of customers: %2 records of orders refer to it (orders.customer_id)."_s.arg(id).arg(orders);
        QCOMPARE(box->informativeText(), expected);
        // And the driver's words are under Details
        QVERIFY2(box->detailedText().contains(u"foreign key"_s, Qt::CaseInsensitive), qPrintable(box->detailedText()));
        box->close();
        // And nothing is lost: the delete is still pending, the customer still in the database
        QCOMPARE(window()->model()->pendingRows(), QList<int>{row});
        QCOMPARE(window()->model()->rowState(row), VersionedTableModel::RowState::Deleted);
        QCOMPARE(scalar(u"SELECT count(*) FROM customers WHERE id = %1"_s.arg(id)).toInt(), 1);
    }
};

QTEST_MAIN(tst_SaveMessages)
#include "tst_savemessages.moc"
