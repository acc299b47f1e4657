// SPDX-License-Identifier: MIT
// SPDX-FileCopyrightText: 2026 Concord developers
#include "mergedialogdriver.h"

#include <core/db/auditstamp.h>
#include <core/model/versionedtablemodel.h>
#include <tests/support/scratchdatabase.h>
#include <tests/support/testmacros.h>

#include <QSqlQuery>
#include <QSqlRecord>
#include <QStandardPaths>
#include <QTest>

using namespace Concord;
using namespace Concord::Test;
using namespace Qt::StringLiterals;

// Two editors on one database (SQLite or PostgreSQL) edit the same customer; the second save
// conflicts, the merge dialog resolves it through its widgets, and the database must then hold
// exactly the merged record.
class tst_MergeFlow : public QObject
{
    Q_OBJECT

private:
    std::unique_ptr<ScratchDatabase> m_database;
    std::unique_ptr<VersionedTableModel> m_clientA;
    std::unique_ptr<VersionedTableModel> m_clientB;

    std::unique_ptr<VersionedTableModel> openClient(const QString &name)
    {
        auto model = std::make_unique<VersionedTableModel>(nullptr, m_database->open(name));
        model->setTable(u"customers"_s);
        if (!model->select())
            qWarning("select failed: %s", qPrintable(model->lastError().text()));
        return model;
    }

    static void edit(VersionedTableModel &model, const QString &field, const QVariant &value)
    {
        QVERIFY(model.setData(model.index(0, model.fieldIndex(field)), value));
    }

    QSqlRecord stored()
    {
        QSqlQuery query(m_database->open(u"checker"_s));
        if (!query.exec(u"SELECT * FROM customers WHERE id = 1"_s) || !query.next())
            return {};
        return query.record();
    }

    // A saves city, phone and credit limit; B edits email, city and credit limit and saves.
    RecordModifiedError conflictingEdits()
    {
        edit(*m_clientA, u"city"_s, u"New York"_s);
        edit(*m_clientA, u"phone"_s, u"+1 212 555 0199"_s);
        edit(*m_clientA, u"credit_limit"_s, 6000);
        if (!m_clientA->submitAll())
            qWarning("A could not save: %s", qPrintable(m_clientA->lastError().text()));
        edit(*m_clientB, u"email"_s, u"grace.hopper@navy.mil"_s);
        edit(*m_clientB, u"city"_s, u"Washington"_s);
        edit(*m_clientB, u"credit_limit"_s, 7500);
        if (m_clientB->submitAll() || !isRecordModified(m_clientB->lastError()) || m_clientB->conflicts().size() != 1)
            return {};
        return m_clientB->conflicts().constFirst();
    }

    // The name a save records (core/db/auditstamp.h): the OS user, or PostgreSQL's current_user.
    QString savingUser()
    {
        if (backendUnderTest() == Backend::SQLite)
            return currentUserName();
        QSqlQuery query(m_database->open(u"checker"_s));
        return query.exec(u"SELECT current_user"_s) && query.next() ? query.value(0).toString() : QString();
    }

    static std::unique_ptr<MergeDialog> openDialog(const RecordModifiedError &conflict)
    {
        auto dialog = std::make_unique<MergeDialog>(conflict);
        dialog->show();
        dialog->activateWindow();
        if (!QTest::qWaitForWindowActive(dialog.get()))
            qWarning("the dialog did not become active");
        return dialog;
    }

private Q_SLOTS:
    void initTestCase()
    {
        QStandardPaths::setTestModeEnabled(true); // edit journals go to a test folder
        CONCORD_REQUIRE_BACKEND();
    }

    void init()
    {
        // Given a customer loaded by two clients
        m_database = std::make_unique<ScratchDatabase>();
        const QString error = m_database->create(backendUnderTest());
        QVERIFY2(error.isEmpty(), qPrintable(error));
        const QString created = m_database->exec({
            u"CREATE TABLE customers (id INTEGER PRIMARY KEY, name TEXT NOT NULL, email TEXT, city TEXT, "
            "phone TEXT, credit_limit INTEGER, modified_by TEXT, version INTEGER NOT NULL DEFAULT 1)"_s,
            u"INSERT INTO customers VALUES (1, 'Grace Hopper', 'grace@example.org', 'Arlington', "
            "'+1 703 555 0142', 5000, 'ann', 1)"_s,
        });
        QVERIFY2(created.isEmpty(), qPrintable(created));
        m_clientA = openClient(u"clientA"_s);
        m_clientB = openClient(u"clientB"_s);
        QCOMPARE(m_clientA->rowCount(), 1);
        QCOMPARE(m_clientB->rowCount(), 1);
    }

    void cleanup()
    {
        m_clientA.reset();
        m_clientB.reset();
        m_database.reset();
    }

    void plainUpdatesReachTheDatabase()
    {
        // Given a loaded row, when A edits and saves it, then the database has the edit. Everything
        // below depends on this; it fails while VersionedTableModel::baseRecord() returns the
        // edited values (QSqlQueryModel::record(row) reads through the virtual data()), which makes
        // writeUpdate() skip every column as unchanged.
        edit(*m_clientA, u"city"_s, u"New York"_s);
        QVERIFY_SQL(*m_clientA, submitAll());
        QCOMPARE(stored().value(u"city"_s).toString(), u"New York"_s);
        QCOMPARE(stored().value(u"version"_s).toLongLong(), 2);
    }

    void dialogResolutionIsWhatTheDatabaseHolds()
    {
        // Given B's save conflicting with A's, in overlapping and disjoint fields
        const RecordModifiedError conflict = conflictingEdits();
        QVERIFY2(!conflict.base.isEmpty(), "B's save did not conflict");
        QCOMPARE(conflict.currentVersion.toLongLong(), 2);

        // When the user takes mine for the city and theirs for the credit limit, and saves
        auto dialog = openDialog(conflict);
        MergeDialogDriver driver(dialog.get());
        QCOMPARE(driver.currentFieldName(), u"city"_s);
        QVERIFY(driver.click("takeMineButton"));
        QCOMPARE(driver.currentFieldName(), u"credit_limit"_s);
        QVERIFY(driver.click("takeTheirsButton"));
        QVERIFY(driver.click("saveButton"));
        QCOMPARE(dialog->choice(), MergeDialog::Choice::Save);

        // And B resolves and saves again
        QVERIFY(m_clientB->resolve(conflict, dialog->resolution()));
        QVERIFY_SQL(*m_clientB, submitAll());

        // Then the database holds exactly the merged record, at theirs' version + 1
        const QSqlRecord row = stored();
        QCOMPARE(row.value(u"name"_s).toString(), u"Grace Hopper"_s);
        QCOMPARE(row.value(u"email"_s).toString(), u"grace.hopper@navy.mil"_s);
        QCOMPARE(row.value(u"city"_s).toString(), u"Washington"_s);
        QCOMPARE(row.value(u"phone"_s).toString(), u"+1 212 555 0199"_s);
        QCOMPARE(row.value(u"credit_limit"_s).toLongLong(), 6000);
        // modified_by is Concord's to write: it names whoever saved last (here both clients' user)
        QCOMPARE(row.value(u"modified_by"_s).toString(), savingUser());
        QCOMPARE(row.value(u"version"_s).toLongLong(), 3);
        QVERIFY(m_clientB->conflicts().isEmpty());
        QVERIFY(m_clientB->pendingRows().isEmpty());
    }

    void theirsChangingAgainConflictsAgain()
    {
        // Given the dialog open on B's conflict, fully resolved
        const RecordModifiedError conflict = conflictingEdits();
        QVERIFY2(!conflict.base.isEmpty(), "B's save did not conflict");
        auto dialog = openDialog(conflict);
        MergeDialogDriver driver(dialog.get());
        QVERIFY(driver.click("takeAllMineButton"));

        // When A saves once more while the dialog is open, and then B saves the merge
        edit(*m_clientA, u"phone"_s, u"+1 212 555 0100"_s);
        QVERIFY_SQL(*m_clientA, submitAll());
        QVERIFY(driver.click("saveButton"));
        QVERIFY(m_clientB->resolve(conflict, dialog->resolution()));
        QVERIFY(!m_clientB->submitAll());

        // Then it conflicts again, and the new conflict carries the new theirs
        QVERIFY(isRecordModified(m_clientB->lastError()));
        QCOMPARE(m_clientB->conflicts().size(), 1);
        const RecordModifiedError again = m_clientB->conflicts().constFirst();
        QCOMPARE(again.currentVersion.toLongLong(), 3);
        QCOMPARE(again.theirs.value(u"phone"_s).toString(), u"+1 212 555 0100"_s);
        QCOMPARE(again.mine.value(u"city"_s).toString(), u"Washington"_s);

        // When the dialog comes back on it, only their new phone changed: nothing to decide
        auto second = openDialog(again);
        MergeDialogDriver secondDriver(second.get());
        QCOMPARE(secondDriver.remainingText(), u"No conflicts left"_s);
        QCOMPARE(secondDriver.resultOf(u"phone"_s).toString(), u"+1 212 555 0100"_s);
        QVERIFY(secondDriver.click("saveButton"));
        QVERIFY(m_clientB->resolve(again, second->resolution()));
        QVERIFY_SQL(*m_clientB, submitAll());

        // Then the database has my merge on top of their latest save
        const QSqlRecord row = stored();
        QCOMPARE(row.value(u"city"_s).toString(), u"Washington"_s);
        QCOMPARE(row.value(u"credit_limit"_s).toLongLong(), 7500);
        QCOMPARE(row.value(u"phone"_s).toString(), u"+1 212 555 0100"_s);
        QCOMPARE(row.value(u"version"_s).toLongLong(), 4);
    }

    void cancelKeepsMyEditsPending()
    {
        // Given B's conflict in the dialog
        const RecordModifiedError conflict = conflictingEdits();
        QVERIFY2(!conflict.base.isEmpty(), "B's save did not conflict");
        auto dialog = openDialog(conflict);
        MergeDialogDriver driver(dialog.get());
        // When I cancel
        QVERIFY(driver.click("cancelButton"));
        QCOMPARE(dialog->choice(), MergeDialog::Choice::Cancel);
        // Then my edits are still pending in B and the conflict is still open
        QCOMPARE(m_clientB->pendingRows(), QList<int>({0}));
        QCOMPARE(m_clientB->data(m_clientB->index(0, m_clientB->fieldIndex(u"city"_s))).toString(), u"Washington"_s);
        QCOMPARE(m_clientB->conflicts().size(), 1);
        QCOMPARE(stored().value(u"city"_s).toString(), u"New York"_s);
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
        // Given A deleted the customer B is editing
        QVERIFY(m_clientA->removeRows(0, 1));
        QVERIFY_SQL(*m_clientA, submitAll());
        edit(*m_clientB, u"email"_s, u"grace.hopper@navy.mil"_s);
        QVERIFY(!m_clientB->submitAll());
        QCOMPARE(m_clientB->conflicts().size(), 1);
        const RecordModifiedError conflict = m_clientB->conflicts().constFirst();
        QVERIFY(conflict.deletedByOther);

        // When I re-create it, or discard my edits, in the dialog
        auto dialog = openDialog(conflict);
        MergeDialogDriver driver(dialog.get());
        QVERIFY(driver.click(recreate ? "recreateButton" : "discardButton"));
        QVERIFY(m_clientB->resolve(conflict, dialog->resolution()));
        QVERIFY_SQL(*m_clientB, submitAll());

        // Then the record is back with my values, or stays gone
        const QSqlRecord row = stored();
        if (recreate) {
            QCOMPARE(row.value(u"email"_s).toString(), u"grace.hopper@navy.mil"_s);
            QCOMPARE(row.value(u"city"_s).toString(), u"Arlington"_s);
        } else {
            QVERIFY(row.isEmpty());
        }
        QVERIFY(m_clientB->conflicts().isEmpty());
    }
};

QTEST_MAIN(tst_MergeFlow)
#include "tst_mergeflow.moc"
