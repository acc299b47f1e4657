// SPDX-License-Identifier: MIT
// SPDX-FileCopyrightText: 2026 Concord developers
//
// SaveController, the editor's one owner of "save": every outcome of a save is read once, from
// the model, into a SaveOutcome; on SQLite and PostgreSQL.
#include <ui/editor/savecontroller.h>

#include <core/locks/advisorylock.h>
#include <core/locks/tablelock.h>
#include <core/model/versionedtablemodel.h>
#include <tests/support/modelfixture.h>
#include <tests/support/testmacros.h>

#include <QSignalSpy>
#include <QTest>

using namespace Concord;
using namespace Concord::Test;
using namespace Qt::StringLiterals;

class tst_SaveController : public QObject
{
    Q_OBJECT

private:
    ModelFixture m_fixture;
    std::unique_ptr<VersionedTableModel> m_model;
    std::unique_ptr<SaveController> m_saver;

private Q_SLOTS:
    void initTestCase() { CONCORD_REQUIRE_BACKEND(); }

    void init()
    {
        const QString error = m_fixture.create();
        QVERIFY2(error.isEmpty(), qPrintable(error));
        m_model = m_fixture.load(m_fixture.a());
        m_model->setSubmitPolicy(VersionedTableModel::SubmitPolicy::SaveOthers);
        m_saver = std::make_unique<SaveController>();
        m_saver->setModel(m_model.get());
    }

    void cleanup()
    {
        m_saver.reset();
        m_model.reset();
        m_fixture.destroy();
    }

    void withoutModelNothingIsSaved()
    {
        SaveController saver;
        QSignalSpy finished(&saver, &SaveController::saveFinished);
        QCOMPARE(saver.save().status, SaveOutcome::Status::NoModel);
        QCOMPARE(finished.count(), 0);
    }

    void savedEditsAreCountedAndTheirRowsReported()
    {
        // Given two edited rows
        QVERIFY(ModelFixture::edit(*m_model, 0, u"qty"_s, 10));
        QVERIFY(ModelFixture::edit(*m_model, 2, u"qty"_s, 30));
        QSignalSpy finished(m_saver.get(), &SaveController::saveFinished);
        QSignalSpy failed(m_saver.get(), &SaveController::failed);

        // When they are saved
        const SaveOutcome outcome = m_saver->save();

        // Then both are written, both rows are reported, and nothing failed
        QCOMPARE(outcome.status, SaveOutcome::Status::Saved);
        QVERIFY(outcome.ok());
        QCOMPARE(outcome.saved, 2);
        QCOMPARE(outcome.rows, (QList<int>{0, 2}));
        QCOMPARE(finished.count(), 1);
        QCOMPARE(failed.count(), 0);
        QCOMPARE(m_fixture.scalar(u"SELECT qty FROM items WHERE id = 3"_s).toInt(), 30);
    }

    void aConflictIsReportedAsConflictsNotAsFailure()
    {
        // Given another user saved row 1 after this model loaded it
        const QString other = ModelFixture::saveAsOtherUser(m_fixture.b(), u"items"_s, 1, u"qty"_s, 99);
        QVERIFY2(other.isEmpty(), qPrintable(other));
        QVERIFY(ModelFixture::edit(*m_model, 0, u"qty"_s, 11));
        QVERIFY(ModelFixture::edit(*m_model, 1, u"qty"_s, 22));
        QSignalSpy failed(m_saver.get(), &SaveController::failed);

        // When saving
        const SaveOutcome outcome = m_saver->save();

        // Then the free row is saved, the stale one conflicts and stays pending, and no failure is shown
        QCOMPARE(outcome.status, SaveOutcome::Status::Conflicts);
        QCOMPARE(outcome.saved, 1);
        QCOMPARE(outcome.conflicted, 1);
        QVERIFY(outcome.reason.isEmpty());
        QCOMPARE(failed.count(), 0);
        QVERIFY(m_model->conflict(0).has_value());
        QCOMPARE(m_fixture.scalar(u"SELECT qty FROM items WHERE id = 1"_s).toInt(), 99);
    }

    void aSaveUnderSomeoneElsesTableLockWritesNothingAndSaysWhy()
    {
        // Given the model checks the table lock and another owner holds it
        auto mine = AdvisoryLock::open(m_fixture.database().address());
        QVERIFY_RESULT(mine);
        m_model->setTableLock(mine.value().get());
        auto other = AdvisoryLock::open(m_fixture.database().address());
        QVERIFY_RESULT(other);
        QVERIFY_RESULT(other.value()->tryAcquire(tableLockName(u"items"_s)));
        QVERIFY(ModelFixture::edit(*m_model, 0, u"qty"_s, 12));
        QSignalSpy failed(m_saver.get(), &SaveController::failed);

        // When saving
        const SaveOutcome outcome = m_saver->save();

        // Then nothing is written, the edit stays, and the reason is signalled once
        QCOMPARE(outcome.status, SaveOutcome::Status::TableLocked);
        QVERIFY(!outcome.reason.isEmpty());
        QCOMPARE(failed.count(), 1);
        QCOMPARE(failed.first().first().toString(), outcome.reason);
        QVERIFY(m_model->isRowDirty(0));
        QCOMPARE(m_fixture.scalar(u"SELECT qty FROM items WHERE id = 1"_s).toInt(), 1);
        m_model->setTableLock(nullptr);
    }

    void aDatabaseErrorIsAFailureThatKeepsTheEdit()
    {
        // Given an edit that the database refuses (name is NOT NULL)
        QVERIFY(ModelFixture::edit(*m_model, 0, u"name"_s, QVariant(QMetaType(QMetaType::QString))));
        QSignalSpy failed(m_saver.get(), &SaveController::failed);

        // When saving
        const SaveOutcome outcome = m_saver->save();

        // Then the outcome is a failure with the driver's reason, and the edit is still pending
        QCOMPARE(outcome.status, SaveOutcome::Status::Failed);
        QVERIFY(!outcome.reason.isEmpty());
        QCOMPARE(failed.count(), 1);
        QVERIFY(m_model->isRowDirty(0));
        QCOMPARE(m_fixture.scalar(u"SELECT name FROM items WHERE id = 1"_s).toString(), u"apple"_s);
    }

    void rowsTheCallerSettledJoinTheReportedRows()
    {
        QVERIFY(ModelFixture::edit(*m_model, 1, u"qty"_s, 5));
        const SaveOutcome outcome = m_saver->save({3, 1});
        QCOMPARE(outcome.rows, (QList<int>{1, 3}));
    }
};

QTEST_MAIN(tst_SaveController)
#include "tst_savecontroller.moc"
