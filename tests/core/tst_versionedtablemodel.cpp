// SPDX-License-Identifier: MIT
// SPDX-FileCopyrightText: 2026 Concord developers
//
// Runs on SQLite and on PostgreSQL (CONCORD_TEST_BACKEND); every case uses two clients, A and B,
// with connections of their own, as two users would.
#include <core/db/tableschema.h>
#include <core/errors.h>
#include <core/model/versionedtablemodel.h>
#include <tests/support/modelfixture.h>
#include <tests/support/testmacros.h>

#include <QAbstractItemModelTester>
#include <QItemSelectionModel>
#include <QProcess>
#include <QSignalSpy>
#include <QSqlQuery>
#include <QTest>

#include <memory>

using namespace Concord;
using namespace Concord::Test;

class tst_VersionedTableModel : public QObject
{
    Q_OBJECT

private:
    ModelFixture m_fixture;
    ScratchDatabase *m_db = nullptr;
    QSqlDatabase m_a;
    QSqlDatabase m_b;

    std::unique_ptr<VersionedTableModel> load(const QSqlDatabase &db, const QString &table = QStringLiteral("items"))
    {
        return m_fixture.load(db, table);
    }
    QVariant scalar(const QString &sql) { return m_fixture.scalar(sql); }
    static bool edit(VersionedTableModel &model, int row, const QString &field, const QVariant &value)
    {
        return ModelFixture::edit(model, row, field, value);
    }
    static QVariant value(const VersionedTableModel &model, int row, const QString &field)
    {
        return ModelFixture::value(model, row, field);
    }

private Q_SLOTS:
    void initTestCase() { CONCORD_REQUIRE_BACKEND(); }

    void init()
    {
        const QString error = m_fixture.create();
        QVERIFY2(error.isEmpty(), qPrintable(error));
        m_db = &m_fixture.database();
        m_a = m_fixture.a();
        m_b = m_fixture.b();
    }

    void cleanup()
    {
        m_a = {};
        m_b = {};
        m_db = nullptr;
        m_fixture.destroy();
    }

    void saveWritesCheckedUpdateAndBumpsVersion()
    {
        // Given a row at version 1
        auto a = load(m_a);
        QCOMPARE(a->loadedVersion(0).toInt(), 1);
        // When A edits and saves
        QVERIFY(edit(*a, 0, QStringLiteral("qty"), 10));
        QVERIFY_SQL(*a, submitAll());
        // Then the database has the value and version 2, and the model knows the new version
        QCOMPARE(scalar(QStringLiteral("SELECT qty FROM items WHERE id = 1")).toInt(), 10);
        QCOMPARE(scalar(QStringLiteral("SELECT version FROM items WHERE id = 1")).toInt(), 2);
        QCOMPARE(a->loadedVersion(0).toInt(), 2);
        QVERIFY(a->pendingRows().isEmpty());
        QCOMPARE(a->lastSubmitReport().saved, 1);
    }

    void conflictOnStaleVersion()
    {
        // Given A and B loaded the same row
        auto a = load(m_a);
        auto b = load(m_b);
        QSignalSpy spy(a.get(), &VersionedTableModel::recordModified);
        // When B saves first and A saves after
        QVERIFY(edit(*b, 1, QStringLiteral("note"), QStringLiteral("ripe")));
        QVERIFY_SQL(*b, submitAll());
        QVERIFY(edit(*a, 1, QStringLiteral("qty"), 20));
        QVERIFY(!a->submitAll());
        // Then A gets a RecordModifiedError with base, mine and theirs, and nothing of A is written
        QVERIFY(isRecordModified(a->lastError()));
        QCOMPARE(spy.count(), 1);
        const auto conflict = spy.at(0).at(0).value<RecordModifiedError>();
        QCOMPARE(conflict.table, QStringLiteral("items"));
        QCOMPARE(conflict.key.value(QStringLiteral("id")).toInt(), 2);
        QCOMPARE(conflict.base.value(QStringLiteral("note")).toString(), QStringLiteral("yellow"));
        QCOMPARE(conflict.mine.value(QStringLiteral("qty")).toInt(), 20);
        QCOMPARE(conflict.theirs.value(QStringLiteral("note")).toString(), QStringLiteral("ripe"));
        QCOMPARE(conflict.loadedVersion.toInt(), 1);
        QCOMPARE(conflict.currentVersion.toInt(), 2);
        QCOMPARE(conflict.changedByMe, QStringList{QStringLiteral("qty")});
        QCOMPARE(conflict.changedByThem, QStringList{QStringLiteral("note")});
        QVERIFY(!conflict.deletedByOther);
        QCOMPARE(a->conflicts().size(), 1);
        QVERIFY(a->hasConflict(1));
        QVERIFY(a->data(a->index(1, 0), VersionedTableModel::ConflictRole).toBool());
        QCOMPARE(scalar(QStringLiteral("SELECT qty FROM items WHERE id = 2")).toInt(), 2);
        // And A's edit is still pending in the model, its version unchanged
        QCOMPARE(value(*a, 1, QStringLiteral("qty")).toInt(), 20);
        QCOMPARE(a->pendingRows(), QList<int>{1});
        QCOMPARE(a->loadedVersion(1).toInt(), 1);
    }

    void deleteOfChangedRowConflicts()
    {
        auto a = load(m_a);
        auto b = load(m_b);
        QVERIFY(edit(*b, 2, QStringLiteral("qty"), 33));
        QVERIFY_SQL(*b, submitAll());
        // When A deletes its stale copy
        QVERIFY(a->removeRow(2));
        QVERIFY(!a->submitAll());
        // Then the delete is a conflict and the row survives
        QVERIFY(isRecordModified(a->lastError()));
        QCOMPARE(a->conflicts().value(0).operation, RecordModifiedError::Operation::Delete);
        QCOMPARE(scalar(QStringLiteral("SELECT count(*) FROM items WHERE id = 3")).toInt(), 1);
    }

    void deleteOfRowDeletedByOtherIsNoConflict()
    {
        auto a = load(m_a);
        auto b = load(m_b);
        QVERIFY(b->removeRow(2));
        QVERIFY_SQL(*b, submitAll());
        QVERIFY(a->removeRow(2));
        QVERIFY_SQL(*a, submitAll());
        QVERIFY(a->isRemoved(2));
        QVERIFY(a->conflicts().isEmpty());
    }

    void deleteConflictCanBeResolvedEitherWay_data()
    {
        QTest::addColumn<bool>("deleteAnyway");
        QTest::addRow("delete anyway") << true;
        QTest::addRow("keep theirs") << false;
    }
    void deleteConflictCanBeResolvedEitherWay()
    {
        QFETCH(bool, deleteAnyway);
        auto a = load(m_a);
        auto b = load(m_b);
        QVERIFY(edit(*b, 2, QStringLiteral("qty"), 33));
        QVERIFY_SQL(*b, submitAll());
        QVERIFY(a->removeRow(2));
        QVERIFY(!a->submitAll());
        const RecordModifiedError conflict = a->conflicts().value(0);
        QCOMPARE(conflict.operation, RecordModifiedError::Operation::Delete);
        if (deleteAnyway)
            QVERIFY(a->resolve(conflict, conflict.theirs));
        else
            a->revertRow(2);
        QVERIFY_SQL(*a, submitAll());
        QCOMPARE(scalar(QStringLiteral("SELECT count(*) FROM items WHERE id = 3")).toInt(), deleteAnyway ? 0 : 1);
        if (!deleteAnyway)
            QCOMPARE(value(*a, 2, QStringLiteral("qty")).toInt(), 33);
    }

    void deleteOfCurrentRowSucceedsAndHidesRow()
    {
        auto a = load(m_a);
        QVERIFY(a->removeRow(0));
        QVERIFY_SQL(*a, submitAll());
        QCOMPARE(scalar(QStringLiteral("SELECT count(*) FROM items WHERE id = 1")).toInt(), 0);
        QVERIFY(a->isRemoved(0));
        QCOMPARE(a->flags(a->index(0, 1)), Qt::NoItemFlags);
        QVERIFY(a->pendingRows().isEmpty());
    }

    void updateOfRowDeletedByOtherIsReportedNotReinserted()
    {
        auto a = load(m_a);
        auto b = load(m_b);
        QVERIFY(b->removeRow(3));
        QVERIFY_SQL(*b, submitAll());
        QVERIFY(edit(*a, 3, QStringLiteral("qty"), 44));
        QVERIFY(!a->submitAll());
        const auto conflict = a->conflicts().value(0);
        QVERIFY(conflict.deletedByOther);
        QVERIFY(conflict.theirs.isEmpty());
        QVERIFY(conflict.currentVersion.isNull());
        QCOMPARE(scalar(QStringLiteral("SELECT count(*) FROM items WHERE id = 4")).toInt(), 0);
    }

    void legacyVersionsAreStillProtected_data()
    {
        QTest::addColumn<QString>("legacy");
        QTest::addRow("NULL") << QStringLiteral("NULL");
        QTest::addRow("zero") << QStringLiteral("0");
    }
    void legacyVersionsAreStillProtected()
    {
        QFETCH(QString, legacy);
        // Given a row that predates versioning
        QVERIFY(m_db->exec({QStringLiteral("UPDATE items SET version = %1 WHERE id = 1").arg(legacy)}).isEmpty());
        auto a = load(m_a);
        auto b = load(m_b);
        // When both edit it and B saves first
        QVERIFY(edit(*b, 0, QStringLiteral("qty"), 7));
        QVERIFY_SQL(*b, submitAll());
        // Then the save wrote a real version and A's stale save conflicts
        QCOMPARE(scalar(QStringLiteral("SELECT version FROM items WHERE id = 1")).toInt(), 1);
        QVERIFY(edit(*a, 0, QStringLiteral("qty"), 8));
        QVERIFY(!a->submitAll());
        QVERIFY(isRecordModified(a->lastError()));
        QCOMPARE(scalar(QStringLiteral("SELECT qty FROM items WHERE id = 1")).toInt(), 7);
    }

    void compositeKeysAreChecked()
    {
        QVERIFY(m_db->exec({
            QStringLiteral("CREATE TABLE lines (order_id INTEGER NOT NULL, line_no INTEGER NOT NULL, qty INTEGER, "
                           "version INTEGER NOT NULL DEFAULT 1, PRIMARY KEY (order_id, line_no))"),
            QStringLiteral("INSERT INTO lines VALUES (1, 1, 5, 1)"),
            QStringLiteral("INSERT INTO lines VALUES (1, 2, 6, 1)"),
            QStringLiteral("INSERT INTO lines VALUES (2, 1, 7, 1)"),
        }).isEmpty());
        auto a = load(m_a, QStringLiteral("lines"));
        auto b = load(m_b, QStringLiteral("lines"));
        QCOMPARE(a->schema().primaryKey, (QStringList{QStringLiteral("order_id"), QStringLiteral("line_no")}));
        QVERIFY(edit(*b, 1, QStringLiteral("qty"), 60));
        QVERIFY_SQL(*b, submitAll());
        // Only the line B changed conflicts; its neighbour with the same order_id saves
        a->setSubmitPolicy(VersionedTableModel::SubmitPolicy::SaveOthers);
        QVERIFY(edit(*a, 0, QStringLiteral("qty"), 50));
        QVERIFY(edit(*a, 1, QStringLiteral("qty"), 61));
        QVERIFY(!a->submitAll());
        QCOMPARE(a->conflicts().size(), 1);
        QCOMPARE(a->conflicts().value(0).keyText(), QStringLiteral("order_id=1, line_no=2"));
        QCOMPARE(scalar(QStringLiteral("SELECT qty FROM lines WHERE order_id = 1 AND line_no = 1")).toInt(), 50);
        QCOMPARE(scalar(QStringLiteral("SELECT qty FROM lines WHERE order_id = 1 AND line_no = 2")).toInt(), 60);
    }

    void refusesTablesThatCannotBeProtected_data()
    {
        QTest::addColumn<QString>("ddl");
        QTest::addColumn<QString>("code");
        QTest::addRow("no key") << QStringLiteral("CREATE TABLE t (name TEXT, version INTEGER)")
                                << QStringLiteral("NO_PRIMARY_KEY");
        QTest::addRow("no version") << QStringLiteral("CREATE TABLE t (id INTEGER PRIMARY KEY, name TEXT)")
                                    << QStringLiteral("NO_VERSION_COLUMN");
        QTest::addRow("text version") << QStringLiteral("CREATE TABLE t (id INTEGER PRIMARY KEY, version TEXT)")
                                      << QStringLiteral("NO_VERSION_COLUMN");
    }
    void refusesTablesThatCannotBeProtected()
    {
        QFETCH(QString, ddl);
        QFETCH(QString, code);
        QVERIFY(m_db->exec({ddl}).isEmpty());
        VersionedTableModel model(nullptr, m_a);
        model.setTable(QStringLiteral("t"));
        QVERIFY(model.tableName().isEmpty());
        QCOMPARE(model.lastError().nativeErrorCode(), code);
        QVERIFY(!model.lastError().text().isEmpty());
        QVERIFY(!model.select());
    }

    void versionColumnNameIsConfigurable()
    {
        QVERIFY(m_db->exec({QStringLiteral("CREATE TABLE docs (id INTEGER PRIMARY KEY, version TEXT, revision INTEGER)"),
                            QStringLiteral("INSERT INTO docs VALUES (1, 'v1.0', 4)")}).isEmpty());
        VersionedTableModel model(nullptr, m_a);
        model.setVersionColumn(QStringLiteral("revision"));
        model.setTable(QStringLiteral("docs"));
        QVERIFY_SQL(model, select());
        // A user column called "version" stays editable; the real one is not
        QVERIFY(model.flags(model.index(0, 1)) & Qt::ItemIsEditable);
        QVERIFY(!(model.flags(model.index(0, 2)) & Qt::ItemIsEditable));
        QVERIFY(model.setData(model.index(0, 1), QStringLiteral("v2.0")));
        QVERIFY_SQL(model, submitAll());
        QCOMPARE(scalar(QStringLiteral("SELECT revision FROM docs")).toInt(), 5);
    }

    void insertWritesVersionOneAndReadsBackKey()
    {
        auto a = load(m_a);
        const int row = a->rowCount();
        QVERIFY(a->insertRow(0)); // appended at the bottom whatever row is asked for
        QCOMPARE(a->rowCount(), row + 1);
        QVERIFY(edit(*a, row, QStringLiteral("name"), QStringLiteral("elderberry")));
        QVERIFY(edit(*a, row, QStringLiteral("qty"), 5));
        QVERIFY_SQL(*a, submitAll());
        QCOMPARE(scalar(QStringLiteral("SELECT version FROM items WHERE name = 'elderberry'")).toInt(), 1);
        // The row now shows the key the database generated, and edits of it are checked
        QCOMPARE(value(*a, row, QStringLiteral("id")).toInt(), 5);
        QCOMPARE(a->loadedVersion(row).toInt(), 1);
        auto b = load(m_b);
        QVERIFY(edit(*b, row, QStringLiteral("qty"), 55));
        QVERIFY_SQL(*b, submitAll());
        QVERIFY(edit(*a, row, QStringLiteral("qty"), 56));
        QVERIFY(!a->submitAll());
        QVERIFY(isRecordModified(a->lastError()));
    }

    void failedInsertKeepsEditsAndWritesNothing()
    {
        auto a = load(m_a);
        QVERIFY(edit(*a, 0, QStringLiteral("qty"), 100));
        const int row = a->rowCount();
        QVERIFY(a->insertRow(row));
        QVERIFY(edit(*a, row, QStringLiteral("qty"), 1)); // name is NOT NULL: the insert must fail
        QVERIFY(!a->submitAll());
        QVERIFY(!isRecordModified(a->lastError()));
        QVERIFY(a->lastError().isValid());
        QCOMPARE(scalar(QStringLiteral("SELECT qty FROM items WHERE id = 1")).toInt(), 1);
        QCOMPARE(a->pendingRows(), (QList<int>{0, row}));
        QCOMPARE(value(*a, 0, QStringLiteral("qty")).toInt(), 100);
    }

    void conflictOnSecondOfThreeRowsKeepsAllEdits_data()
    {
        QTest::addColumn<VersionedTableModel::SubmitPolicy>("policy");
        QTest::addRow("AbortAll") << VersionedTableModel::SubmitPolicy::AbortAll;
        QTest::addRow("SaveOthers") << VersionedTableModel::SubmitPolicy::SaveOthers;
    }
    void conflictOnSecondOfThreeRowsKeepsAllEdits()
    {
        QFETCH(VersionedTableModel::SubmitPolicy, policy);
        // Given A edited three rows and B changed the second meanwhile
        auto a = load(m_a);
        a->setSubmitPolicy(policy);
        auto b = load(m_b);
        QVERIFY(edit(*b, 1, QStringLiteral("note"), QStringLiteral("theirs")));
        QVERIFY_SQL(*b, submitAll());
        for (int row = 0; row < 3; ++row)
            QVERIFY(edit(*a, row, QStringLiteral("qty"), 100 + row));
        // When A submits
        QVERIFY(!a->submitAll());
        QVERIFY(isRecordModified(a->lastError()));
        QCOMPARE(a->conflicts().size(), 1);
        QCOMPARE(a->conflicts().value(0).row, 1);
        // Then every edit survives: written, or still pending in the model
        const bool others = policy == VersionedTableModel::SubmitPolicy::SaveOthers;
        QCOMPARE(scalar(QStringLiteral("SELECT qty FROM items WHERE id = 1")).toInt(), others ? 100 : 1);
        QCOMPARE(scalar(QStringLiteral("SELECT qty FROM items WHERE id = 2")).toInt(), 2);
        QCOMPARE(scalar(QStringLiteral("SELECT qty FROM items WHERE id = 3")).toInt(), others ? 102 : 3);
        QCOMPARE(a->pendingRows(), others ? QList<int>{1} : (QList<int>{0, 1, 2}));
        for (int row = 0; row < 3; ++row)
            QCOMPARE(value(*a, row, QStringLiteral("qty")).toInt(), 100 + row);
        QCOMPARE(a->lastSubmitReport().saved, others ? 2 : 0);
        QCOMPARE(a->lastSubmitReport().conflicted, 1);
        // And a second submit still writes nothing silently: the conflict stands until resolved
        QVERIFY(!a->submitAll());
        QCOMPARE(scalar(QStringLiteral("SELECT qty FROM items WHERE id = 2")).toInt(), 2);
    }

    void saveOthersKeepsFailedInsertAndConflictPending()
    {
        // Given a conflicting update, two good inserts and a bad one between them
        auto a = load(m_a);
        a->setSubmitPolicy(VersionedTableModel::SubmitPolicy::SaveOthers);
        auto b = load(m_b);
        QVERIFY(edit(*b, 0, QStringLiteral("note"), QStringLiteral("theirs")));
        QVERIFY_SQL(*b, submitAll());
        QVERIFY(edit(*a, 0, QStringLiteral("qty"), 70));
        const QStringList names{QStringLiteral("fig"), QString(), QStringLiteral("grape")};
        for (const QString &name : names) {
            QVERIFY(a->insertRow(a->rowCount()));
            QVERIFY(edit(*a, a->rowCount() - 1, QStringLiteral("qty"), 1));
            if (!name.isNull())
                QVERIFY(edit(*a, a->rowCount() - 1, QStringLiteral("name"), name));
        }
        // When A submits
        QVERIFY(!a->submitAll());
        // Then the good inserts are saved and clean, the others pending with their edits
        QCOMPARE(scalar(QStringLiteral("SELECT count(*) FROM items WHERE name IN ('fig', 'grape')")).toInt(), 2);
        QCOMPARE(a->rowCount(), 7);
        QCOMPARE(a->pendingRows(), (QList<int>{0, 6}));
        QVERIFY(a->hasConflict(0));
        QCOMPARE(value(*a, 0, QStringLiteral("qty")).toInt(), 70);
        QVERIFY(value(*a, 6, QStringLiteral("name")).isNull());
        QCOMPARE(value(*a, 6, QStringLiteral("qty")).toInt(), 1);
        QCOMPARE(value(*a, 4, QStringLiteral("name")).toString(), QStringLiteral("fig"));
        QCOMPARE(value(*a, 5, QStringLiteral("name")).toString(), QStringLiteral("grape"));
        QCOMPARE(a->loadedVersion(5).toInt(), 1);
        QVERIFY(!a->isRowDirty(4) && !a->isRowDirty(5));
        // And fixing the bad row saves it alone, without inserting the others twice
        QVERIFY(edit(*a, 6, QStringLiteral("name"), QStringLiteral("honeydew")));
        a->revertRow(0);
        QVERIFY_SQL(*a, submitAll());
        QCOMPARE(scalar(QStringLiteral("SELECT count(*) FROM items")).toInt(), 7);
    }

    void abortAllReportsEveryConflictingRow()
    {
        auto a = load(m_a);
        auto b = load(m_b);
        QVERIFY(edit(*b, 0, QStringLiteral("note"), QStringLiteral("x")));
        QVERIFY(edit(*b, 2, QStringLiteral("note"), QStringLiteral("y")));
        QVERIFY_SQL(*b, submitAll());
        for (int row = 0; row < 4; ++row)
            QVERIFY(edit(*a, row, QStringLiteral("qty"), 9));
        QSignalSpy spy(a.get(), &VersionedTableModel::recordModified);
        QVERIFY(!a->submitAll());
        QCOMPARE(spy.count(), 2);
        QCOMPARE(a->conflicts().value(0).row, 0);
        QCOMPARE(a->conflicts().value(1).row, 2);
        QCOMPARE(scalar(QStringLiteral("SELECT count(*) FROM items WHERE qty = 9")).toInt(), 0);
    }

    void unchangedValuesAreNotWritten()
    {
        auto a = load(m_a);
        auto b = load(m_b);
        QVERIFY(edit(*b, 0, QStringLiteral("note"), QStringLiteral("changed")));
        QVERIFY_SQL(*b, submitAll());
        // Changing a field and back again is not an edit: no conflict, no bump, just a re-read
        QVERIFY(edit(*a, 0, QStringLiteral("qty"), 5));
        QVERIFY(edit(*a, 0, QStringLiteral("qty"), 1));
        QCOMPARE(a->pendingRows(), QList<int>{0});
        QVERIFY_SQL(*a, submitAll());
        QCOMPARE(scalar(QStringLiteral("SELECT version FROM items WHERE id = 1")).toInt(), 2);
        QCOMPARE(value(*a, 0, QStringLiteral("note")).toString(), QStringLiteral("changed"));
    }

    void saveRereadsOnlySavedRowsAndKeepsSelection()
    {
        auto a = load(m_a);
        QAbstractItemModelTester tester(a.get(), QAbstractItemModelTester::FailureReportingMode::QtTest);
        QItemSelectionModel selection(a.get());
        selection.select(a->index(2, 0), QItemSelectionModel::Select | QItemSelectionModel::Rows);
        selection.setCurrentIndex(a->index(2, 1), QItemSelectionModel::NoUpdate);
        QSignalSpy resets(a.get(), &QAbstractItemModel::modelReset);
        // Someone else changes row 4 without conflicting with us
        QVERIFY(m_db->exec({QStringLiteral("UPDATE items SET note = 'outside', version = version + 1 WHERE id = 4")}).isEmpty());
        QVERIFY(edit(*a, 0, QStringLiteral("qty"), 11));
        QVERIFY_SQL(*a, submitAll());
        // The saved row is re-read, the rest of the table is not, and the view state survives
        QCOMPARE(resets.count(), 0);
        QCOMPARE(value(*a, 0, QStringLiteral("version")).toInt(), 2);
        QVERIFY(value(*a, 3, QStringLiteral("note")).isNull());
        QVERIFY(selection.isRowSelected(2, {}));
        QCOMPARE(selection.currentIndex(), a->index(2, 1));
    }

    void savePicksUpValuesSetByTheDatabase()
    {
        QVERIFY(m_db->exec({QStringLiteral("CREATE TABLE stamped (id INTEGER PRIMARY KEY, name TEXT, "
                                           "status TEXT DEFAULT 'new', version INTEGER)")}).isEmpty());
        auto a = load(m_a, QStringLiteral("stamped"));
        QVERIFY(a->insertRow(0));
        QVERIFY(edit(*a, 0, QStringLiteral("id"), 70));
        QVERIFY(edit(*a, 0, QStringLiteral("name"), QStringLiteral("n")));
        QVERIFY_SQL(*a, submitAll());
        QCOMPARE(value(*a, 0, QStringLiteral("status")).toString(), QStringLiteral("new"));
        QCOMPARE(value(*a, 0, QStringLiteral("version")).toInt(), 1);
    }

    void resolveRebasesOntoTheirsVersion()
    {
        auto a = load(m_a);
        auto b = load(m_b);
        QVERIFY(edit(*b, 0, QStringLiteral("note"), QStringLiteral("theirs")));
        QVERIFY_SQL(*b, submitAll());
        QVERIFY(edit(*a, 0, QStringLiteral("qty"), 12));
        QVERIFY(!a->submitAll());
        // When A accepts a merge of both edits
        RecordModifiedError conflict = a->conflicts().value(0);
        QSqlRecord merged = conflict.theirs;
        merged.setValue(QStringLiteral("qty"), 12);
        QVERIFY(a->resolve(conflict, merged));
        QVERIFY(a->conflicts().isEmpty());
        QCOMPARE(a->loadedVersion(0).toInt(), 2);
        QVERIFY_SQL(*a, submitAll());
        // Then the database holds the merge at theirs' version + 1
        QCOMPARE(scalar(QStringLiteral("SELECT qty FROM items WHERE id = 1")).toInt(), 12);
        QCOMPARE(scalar(QStringLiteral("SELECT note FROM items WHERE id = 1")).toString(), QStringLiteral("theirs"));
        QCOMPARE(scalar(QStringLiteral("SELECT version FROM items WHERE id = 1")).toInt(), 3);
        QVERIFY(!a->resolve(conflict, merged)); // a conflict is resolved once
    }

    void resolvedRowConflictsAgainIfTheirsMovesOn()
    {
        auto a = load(m_a);
        auto b = load(m_b);
        QVERIFY(edit(*b, 0, QStringLiteral("note"), QStringLiteral("theirs 1")));
        QVERIFY_SQL(*b, submitAll());
        QVERIFY(edit(*a, 0, QStringLiteral("qty"), 12));
        QVERIFY(!a->submitAll());
        const RecordModifiedError first = a->conflicts().value(0);
        // B saves again while A is deciding
        QVERIFY(edit(*b, 0, QStringLiteral("note"), QStringLiteral("theirs 2")));
        QVERIFY_SQL(*b, submitAll());
        QVERIFY(a->resolve(first, first.mine));
        QVERIFY(!a->submitAll());
        const RecordModifiedError second = a->conflicts().value(0);
        QCOMPARE(second.loadedVersion.toInt(), 2);
        QCOMPARE(second.currentVersion.toInt(), 3);
        QCOMPARE(second.theirs.value(QStringLiteral("note")).toString(), QStringLiteral("theirs 2"));
        QCOMPARE(scalar(QStringLiteral("SELECT qty FROM items WHERE id = 1")).toInt(), 1);
    }

    void resolveDeletedByOtherRecreatesOrDrops_data()
    {
        QTest::addColumn<bool>("recreate");
        QTest::addRow("recreate") << true;
        QTest::addRow("drop") << false;
    }
    void resolveDeletedByOtherRecreatesOrDrops()
    {
        QFETCH(bool, recreate);
        auto a = load(m_a);
        auto b = load(m_b);
        QVERIFY(b->removeRow(1));
        QVERIFY_SQL(*b, submitAll());
        QVERIFY(edit(*a, 1, QStringLiteral("qty"), 22));
        QVERIFY(!a->submitAll());
        const RecordModifiedError conflict = a->conflicts().value(0);
        QVERIFY(a->resolve(conflict, recreate ? conflict.mine : QSqlRecord()));
        QVERIFY_SQL(*a, submitAll());
        QCOMPARE(scalar(QStringLiteral("SELECT count(*) FROM items WHERE id = 2 AND qty = 22")).toInt(), recreate ? 1 : 0);
        if (recreate)
            QCOMPARE(scalar(QStringLiteral("SELECT version FROM items WHERE id = 2")).toInt(), 2);
        QVERIFY(a->pendingRows().isEmpty());
    }

    // Issue #12, item 2: a re-created record is inserted with every value it had, also when the
    // grid has read only its first page (the insert used to land on another, loaded row).
    void recreateInsertsTheWholeRecord_data()
    {
        QTest::addColumn<int>("rows");
        QTest::addRow("small table") << 4;
        QTest::addRow("beyond the first page") << 2000;
    }
    void recreateInsertsTheWholeRecord()
    {
        QFETCH(int, rows);
        QString table = QStringLiteral("items");
        if (rows > 4) {
            table = QStringLiteral("big");
            QStringList values;
            for (int i = 1; i <= rows; ++i)
                values << QStringLiteral("(%1, 'name %1', %1, 1)").arg(i);
            QVERIFY(m_db->exec({QStringLiteral("CREATE TABLE big (id INTEGER PRIMARY KEY, name TEXT NOT NULL, "
                                               "qty INTEGER, version INTEGER NOT NULL DEFAULT 1)"),
                                QStringLiteral("INSERT INTO big VALUES ") + values.join(QLatin1Char(','))})
                        .isEmpty());
        }
        // Given A edits a record that B deleted, in a grid that may have read only its first page
        auto a = load(m_a, table);
        QCOMPARE(a->rowCount(), rows);
        QCOMPARE(a->pagesHeld(), 1);
        const QString name = value(*a, 1, QStringLiteral("name")).toString();
        QVERIFY(m_db->exec({QStringLiteral("DELETE FROM %1 WHERE id = 2").arg(table)}).isEmpty());
        QVERIFY(edit(*a, 1, QStringLiteral("qty"), 22));
        QVERIFY(!a->submitAll());
        const RecordModifiedError conflict = a->conflicts().value(0);
        QVERIFY(conflict.deletedByOther);
        // When A re-creates it with the record as merged (only my change marked as generated)
        QVERIFY(a->resolve(conflict, conflict.mine));
        QVERIFY_SQL(*a, submitAll());
        // Then it is back under its own key with all its values, and no other row was touched
        const QString where = QStringLiteral("SELECT %2 FROM %1 WHERE id = 2").arg(table);
        QCOMPARE(scalar(where.arg(QStringLiteral("name"))).toString(), name);
        QCOMPARE(scalar(where.arg(QStringLiteral("qty"))).toInt(), 22);
        QCOMPARE(scalar(where.arg(QStringLiteral("version"))).toInt(), 2);
        QCOMPARE(scalar(QStringLiteral("SELECT count(*) FROM %1").arg(table)).toInt(), rows);
        QCOMPARE(scalar(QStringLiteral("SELECT count(*) FROM %1 WHERE version <> 1").arg(table)).toInt(), 1);
        QVERIFY(a->pendingRows().isEmpty());
        // And the model holds no empty row
        while (a->canFetchMore())
            a->fetchMore();
        for (int row = 0; row < a->rowCount(); ++row)
            QVERIFY2(a->isRemoved(row) || !value(*a, row, QStringLiteral("name")).isNull(), qPrintable(QString::number(row)));
    }

    // A re-create the database refuses (the key was taken meanwhile) keeps my record pending.
    void refusedRecreateKeepsTheRecordPending()
    {
        auto a = load(m_a);
        QVERIFY(m_db->exec({QStringLiteral("DELETE FROM items WHERE id = 2")}).isEmpty());
        QVERIFY(edit(*a, 1, QStringLiteral("qty"), 22));
        QVERIFY(!a->submitAll());
        const RecordModifiedError conflict = a->conflicts().value(0);
        QVERIFY(m_db->exec({QStringLiteral("INSERT INTO items (id, name, qty, version) VALUES (2, 'taken', 0, 1)")})
                    .isEmpty());
        QVERIFY(a->resolve(conflict, conflict.mine));
        a->setSubmitPolicy(VersionedTableModel::SubmitPolicy::SaveOthers);
        QVERIFY(!a->submitAll());
        QVERIFY(!isRecordModified(a->lastError()));
        QCOMPARE(scalar(QStringLiteral("SELECT name FROM items WHERE id = 2")).toString(), QStringLiteral("taken"));
        QCOMPARE(a->pendingRows().size(), 1);
        const int row = a->pendingRows().constFirst();
        QCOMPARE(a->rowState(row), VersionedTableModel::RowState::Inserted);
        QCOMPARE(value(*a, row, QStringLiteral("name")).toString(), QStringLiteral("banana"));
        QCOMPARE(value(*a, row, QStringLiteral("qty")).toInt(), 22);
    }

    void revertDropsEditsAndConflict()
    {
        auto a = load(m_a);
        auto b = load(m_b);
        QVERIFY(edit(*b, 0, QStringLiteral("note"), QStringLiteral("theirs")));
        QVERIFY_SQL(*b, submitAll());
        QVERIFY(edit(*a, 0, QStringLiteral("qty"), 13));
        QVERIFY(!a->submitAll());
        a->revertRow(0);
        QVERIFY(a->conflicts().isEmpty());
        QVERIFY(a->pendingRows().isEmpty());
        QCOMPARE(value(*a, 0, QStringLiteral("qty")).toInt(), 1);
    }

    void modelPassesItemModelTesterThroughEdits()
    {
        auto a = load(m_a);
        QAbstractItemModelTester tester(a.get(), QAbstractItemModelTester::FailureReportingMode::QtTest);
        QVERIFY(edit(*a, 0, QStringLiteral("qty"), 5));
        QVERIFY(a->insertRow(a->rowCount()));
        QVERIFY(edit(*a, a->rowCount() - 1, QStringLiteral("name"), QStringLiteral("fig")));
        QVERIFY(a->removeRow(2));
        QVERIFY_SQL(*a, submitAll());
        a->revertAll();
        QVERIFY_SQL(*a, select());
        QCOMPARE(a->rowCount(), 4);
    }

    void rowStateFollowsPendingEdits()
    {
        using RowState = VersionedTableModel::RowState;
        auto a = load(m_a);
        QVERIFY(edit(*a, 0, QStringLiteral("qty"), 5));
        QVERIFY(a->removeRow(1));
        QVERIFY(a->insertRow(a->rowCount()));
        QCOMPARE(a->rowState(0), RowState::Updated);
        QCOMPARE(a->rowState(1), RowState::Deleted);
        QCOMPARE(a->rowState(2), RowState::Unchanged);
        QCOMPARE(a->rowState(4), RowState::Inserted);
        QCOMPARE(a->data(a->index(1, 0), VersionedTableModel::RowStateRole).value<RowState>(), RowState::Deleted);
    }

    void conflictOfRowIsItsOpenConflict()
    {
        // Given B saved row 1 after A loaded it, and A edited rows 0 and 1
        auto a = load(m_a);
        auto b = load(m_b);
        QVERIFY(edit(*b, 1, QStringLiteral("note"), QStringLiteral("ripe")));
        QVERIFY_SQL(*b, submitAll());
        QVERIFY(edit(*a, 0, QStringLiteral("qty"), 10));
        QVERIFY(edit(*a, 1, QStringLiteral("qty"), 20));
        // When A saves the rows without a conflict
        a->setSubmitPolicy(VersionedTableModel::SubmitPolicy::SaveOthers);
        QVERIFY(!a->submitAll());
        // Then conflict(1) is row 1's open conflict, the same as conflicts() lists
        const std::optional<RecordModifiedError> open = a->conflict(1);
        QVERIFY(open.has_value());
        QCOMPARE(open->row, 1);
        QCOMPARE(open->key.value(QStringLiteral("id")).toInt(), 2);
        QCOMPARE(open->theirs.value(QStringLiteral("note")).toString(), QStringLiteral("ripe"));
        QCOMPARE(open->mine.value(QStringLiteral("qty")).toInt(), 20);
        QCOMPARE(a->conflicts().value(0).key, open->key);
        // And rows without one, or out of range, have none
        QVERIFY(!a->conflict(0).has_value());
        QVERIFY(!a->conflict(-1).has_value());
        QVERIFY(!a->conflict(a->rowCount()).has_value());
        // And once resolved, the row's conflict is gone
        QVERIFY(a->resolve(*open, open->mine));
        QVERIFY(!a->conflict(1).has_value());
    }

    void rowKeyIsTheLoadedPrimaryKey()
    {
        // Given a loaded table
        auto a = load(m_a);
        // When a row's key is asked for, Then it holds the key fields in key order, as loaded
        const QSqlRecord key = a->rowKey(2);
        QCOMPARE(key.count(), int(a->schema().primaryKey.size()));
        QCOMPARE(key.fieldName(0), QStringLiteral("id"));
        QCOMPARE(key.value(0).toInt(), 3);
        // And edits of other columns, a pending delete or a conflict do not change it
        QVERIFY(edit(*a, 2, QStringLiteral("qty"), 30));
        QCOMPARE(a->rowKey(2).value(0).toInt(), 3);
        QVERIFY(a->removeRow(3));
        QCOMPARE(a->rowKey(3).value(0).toInt(), 4);
        // And rows out of range have no key
        QVERIFY(a->rowKey(-1).isEmpty());
        QVERIFY(a->rowKey(a->rowCount()).isEmpty());
    }

    void rowKeyOfInsertIsTheKeyTypedThenStored()
    {
        // Given a new row without a key yet
        auto a = load(m_a);
        const int row = a->rowCount();
        QVERIFY(a->insertRow(row));
        QVERIFY(edit(*a, row, QStringLiteral("name"), QStringLiteral("elderberry")));
        // Then its key has the key fields, empty so far
        QCOMPARE(a->rowKey(row).count(), 1);
        QCOMPARE(a->rowKey(row).fieldName(0), QStringLiteral("id"));
        QVERIFY(a->rowKey(row).isNull(0));
        // When a key is typed, Then it is the row's key
        QVERIFY(edit(*a, row, QStringLiteral("id"), 42));
        QCOMPARE(a->rowKey(row).value(0).toInt(), 42);
        // When a second new row leaves its key to the database and both are saved
        QVERIFY(a->insertRow(row + 1));
        QVERIFY(edit(*a, row + 1, QStringLiteral("name"), QStringLiteral("fig")));
        QVERIFY_SQL(*a, submitAll());
        // Then each key is the one stored
        QCOMPARE(a->rowKey(row).value(0).toInt(), 42);
        QCOMPARE(a->rowKey(row + 1).value(0).toInt(),
                 scalar(QStringLiteral("SELECT id FROM items WHERE name = 'fig'")).toInt());
    }

    void rowStateFollowsRevertAndSave()
    {
        using RowState = VersionedTableModel::RowState;
        // Given a pending delete, a pending insert and an edit
        auto a = load(m_a);
        QVERIFY(a->removeRow(1));
        QVERIFY(a->insertRow(a->rowCount()));
        QVERIFY(edit(*a, 4, QStringLiteral("name"), QStringLiteral("elderberry")));
        QVERIFY(edit(*a, 2, QStringLiteral("qty"), 30));
        QCOMPARE(a->pendingRows(), (QList<int>{1, 2, 4}));
        // When the delete is reverted, Then the row is unchanged and no longer pending
        a->revertRow(1);
        QCOMPARE(a->rowState(1), RowState::Unchanged);
        QVERIFY(!a->isRemoved(1));
        QVERIFY(!a->isRowDirty(1));
        QCOMPARE(a->pendingRows(), (QList<int>{2, 4}));
        // When the rest is saved, Then nothing is pending and the saved insert is a plain row
        QVERIFY_SQL(*a, submitAll());
        QVERIFY(a->pendingRows().isEmpty());
        QCOMPARE(a->rowState(4), RowState::Unchanged);
        QCOMPARE(a->rowState(2), RowState::Unchanged);
        // And a saved delete shows as removed, not pending, and cannot be edited
        QVERIFY(a->removeRow(0));
        QCOMPARE(a->rowState(0), RowState::Deleted);
        QVERIFY(!a->isRemoved(0));
        QVERIFY_SQL(*a, submitAll());
        QVERIFY(a->isRemoved(0));
        QCOMPARE(a->rowState(0), RowState::Unchanged);
        QVERIFY(a->pendingRows().isEmpty());
        QCOMPARE(a->flags(a->index(0, 1)), Qt::NoItemFlags);
        // And reverting an unsaved insert removes it, moving no saved row
        QVERIFY(a->insertRow(a->rowCount()));
        const int inserted = a->rowCount() - 1;
        QCOMPARE(a->rowState(inserted), RowState::Inserted);
        a->revertRow(inserted);
        QCOMPARE(a->rowCount(), inserted);
        QVERIFY(a->isRemoved(0));
    }

    void savesWhileOnlyPartOfTheGridIsRead()
    {
        // Given a table larger than one page, of which the grid has read only the first
        QStringList statements;
        statements << QStringLiteral("CREATE TABLE big (id INTEGER PRIMARY KEY, n INTEGER, version INTEGER NOT NULL DEFAULT 1)");
        QStringList values;
        for (int i = 1; i <= 2000; ++i)
            values << QStringLiteral("(%1, %1, 1)").arg(i);
        statements << QStringLiteral("INSERT INTO big VALUES ") + values.join(QLatin1Char(','));
        QVERIFY(m_db->exec(statements).isEmpty());
        auto a = load(m_a, QStringLiteral("big"));
        QCOMPARE(a->rowCount(), 2000); // the true count at once
        QCOMPARE(a->pagesHeld(), 1);
        // When another client commits meanwhile, and A edits a row it changed and one it did not
        QVERIFY(m_db->exec({QStringLiteral("UPDATE big SET n = -1, version = 2 WHERE id = 2")}).isEmpty());
        a->setSubmitPolicy(VersionedTableModel::SubmitPolicy::SaveOthers);
        QVERIFY(edit(*a, 0, QStringLiteral("n"), 100));
        QVERIFY(edit(*a, 1, QStringLiteral("n"), 200));
        QVERIFY(!a->submitAll());
        // Then the first saves, the second conflicts, and both refreshes see the database as it is
        QVERIFY(isRecordModified(a->lastError()));
        QCOMPARE(a->conflicts().size(), 1);
        QCOMPARE(a->conflicts().value(0).theirs.value(QStringLiteral("n")).toInt(), -1);
        QCOMPARE(scalar(QStringLiteral("SELECT n FROM big WHERE id = 1")).toInt(), 100);
        QCOMPARE(value(*a, 0, QStringLiteral("version")).toInt(), 2);
        // And the rest of the table reads as it is now, down to the last row
        QCOMPARE(value(*a, 1999, QStringLiteral("n")).toInt(), 2000);
        QCOMPARE(a->rowCount(), 2000);
    }

    void twoProcessesEditingTheSameRow()
    {
        // Given two editors in processes of their own, both holding row 1 at version 1
        const auto start = [this](QProcess &process, const QString &value) {
            process.start(QStringLiteral(CONCORD_TEST_CLIENT),
                          {m_db->addressText(), QStringLiteral("items"), QStringLiteral("id"), QStringLiteral("1"),
                           QStringLiteral("note"), value});
            return process.waitForStarted(10000) && process.waitForReadyRead(20000);
        };
        QProcess first;
        QProcess second;
        QVERIFY(start(first, QStringLiteral("first")));
        QVERIFY(start(second, QStringLiteral("second")));
        QCOMPARE(first.readLine().trimmed(), QByteArray("loaded 1"));
        QCOMPARE(second.readLine().trimmed(), QByteArray("loaded 1"));
        // When the first saves and then the second
        first.write("go\n");
        QVERIFY(first.waitForFinished(20000));
        second.write("go\n");
        QVERIFY(second.waitForFinished(20000));
        // Then the first wins, the second is told of the conflict, and no update is lost
        QCOMPARE(first.readAll().trimmed(), QByteArray("saved 2"));
        QCOMPARE(first.exitCode(), 0);
        QCOMPARE(second.readAll().trimmed(), QByteArray("conflict 2"));
        QCOMPARE(second.exitCode(), 3);
        QCOMPARE(scalar(QStringLiteral("SELECT note FROM items WHERE id = 1")).toString(), QStringLiteral("first"));
    }

    // Issue #12, defect 4: the model keeps only values the column can hold, for every caller.
    void setDataRefusesAValueTheColumnCannotHold_data()
    {
        QTest::addColumn<QString>("field");
        QTest::addColumn<QVariant>("bad");
        QTest::addColumn<QVariant>("good");
        QTest::addColumn<QVariant>("stored");
        QTest::addRow("letters into an integer") << QStringLiteral("qty") << QVariant(QStringLiteral("abc"))
                                                 << QVariant(QStringLiteral(" 42 ")) << QVariant(qlonglong(42));
        QTest::addRow("a fraction into an integer") << QStringLiteral("qty") << QVariant(2.5) << QVariant(7.0)
                                                    << QVariant(qlonglong(7));
        QTest::addRow("a word into a real") << QStringLiteral("price") << QVariant(QStringLiteral("cheap"))
                                            << QVariant(QStringLiteral("12.5")) << QVariant(12.5);
        QTest::addRow("a word into a boolean") << QStringLiteral("active") << QVariant(QStringLiteral("maybe"))
                                               << QVariant(QStringLiteral("yes")) << QVariant(true);
    }
    void setDataRefusesAValueTheColumnCannotHold()
    {
        QFETCH(QString, field);
        QFETCH(QVariant, bad);
        QFETCH(QVariant, good);
        QFETCH(QVariant, stored);
        // Given a table with an integer, a real and a boolean column
        const bool sqlite = m_fixture.backend() == Backend::SQLite;
        QVERIFY(m_db->exec({QStringLiteral("CREATE TABLE typed (id %1, qty INTEGER, price %2, active BOOLEAN, version INTEGER)")
                                .arg(m_fixture.autoKey(), sqlite ? QStringLiteral("REAL") : QStringLiteral("double precision")),
                            QStringLiteral("INSERT INTO typed (qty, price, active, version) VALUES (1, 1.5, %1, 1)")
                                .arg(sqlite ? QStringLiteral("0") : QStringLiteral("false"))})
                    .isEmpty());
        auto model = load(m_a, QStringLiteral("typed"));
        QAbstractItemModelTester tester(model.get());
        const QModelIndex index = model->index(0, model->fieldIndex(field));
        const QVariant before = index.data(Qt::EditRole);
        // When a value the column cannot hold is set, then it is refused and nothing changes
        QVERIFY(!model->setData(index, bad));
        QVERIFY(hasNativeCode(model->lastError(), NativeError::InvalidValue));
        QVERIFY2(model->lastError().text().contains(field), qPrintable(model->lastError().text()));
        QCOMPARE(index.data(Qt::EditRole), before);
        QVERIFY(model->pendingRows().isEmpty());
        // And a value it can hold is kept converted, and saved so
        QVERIFY(model->setData(index, good));
        QCOMPARE(index.data(Qt::EditRole), stored);
        QVERIFY_SQL(*model, submitAll());
        const QVariant saved = scalar(QStringLiteral("SELECT %1 FROM typed").arg(field));
        QCOMPARE(saved.toString(), stored.metaType().id() == QMetaType::Bool ? (sqlite ? QStringLiteral("1") : QStringLiteral("true"))
                                                                              : stored.toString());
    }
};

QTEST_GUILESS_MAIN(tst_VersionedTableModel)
#include "tst_versionedtablemodel.moc"
