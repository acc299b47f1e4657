// SPDX-License-Identifier: MIT
// SPDX-FileCopyrightText: 2026 Concord developers
//
// EditJournal: unsaved edits are on disk as they are made, come back after a crash, and never
// overwrite a change someone made meanwhile. On SQLite and PostgreSQL.
#include <core/model/editjournal.h>
#include <core/model/versionedtablemodel.h>
#include <tests/support/modelfixture.h>
#include <tests/support/testmacros.h>

#include <QDir>
#include <QFile>
#include <QStandardPaths>
#include <QTest>

using namespace Concord;
using namespace Concord::Test;
using namespace Qt::StringLiterals;

class tst_EditJournal : public QObject
{
    Q_OBJECT

private:
    ModelFixture m_fixture;

    QString journalPath() { return EditJournal::pathFor(m_fixture.database().address(), u"items"_s); }

    // Edits two rows, deletes one and adds one, as a user would before the crash.
    void makeEdits(VersionedTableModel &model)
    {
        QVERIFY(ModelFixture::edit(model, 0, u"qty"_s, 10));
        QVERIFY(ModelFixture::edit(model, 1, u"note"_s, QVariant(QMetaType(QMetaType::QString))));
        QVERIFY(model.removeRows(2, 1));
        const int row = model.rowCount();
        QVERIFY(model.insertRows(row, 1));
        QVERIFY(ModelFixture::edit(model, row, u"name"_s, u"fig"_s));
        QVERIFY(ModelFixture::edit(model, row, u"qty"_s, 9));
    }

private Q_SLOTS:
    void initTestCase()
    {
        QStandardPaths::setTestModeEnabled(true);
        CONCORD_REQUIRE_BACKEND();
    }
    void init()
    {
        QCOMPARE(m_fixture.create(), QString());
        QFile::remove(journalPath());
    }
    void cleanup()
    {
        QFile::remove(journalPath());
        m_fixture.destroy();
    }

    void editsAreOnDiskAsTheyAreMade()
    {
        auto model = m_fixture.load(m_fixture.a());
        EditJournal journal(model.get(), m_fixture.database().address(), journalPath());
        makeEdits(*model);
        QTRY_VERIFY(QFile::exists(journalPath()));
        const auto read = Journal::read(journalPath());
        QVERIFY_RESULT(read);
        QCOMPARE(read.value().table, u"items"_s);
        QCOMPARE(read.value().entries.size(), 4);
        QVERIFY(!read.value().address.contains(qEnvironmentVariable("PGPASSWORD", u"no password"_s)));
        QCOMPARE(int(QFile(journalPath()).permissions() & (QFileDevice::ReadOther | QFileDevice::ReadGroup)), 0);
    }

    void savingOrRevertingEverythingRemovesTheJournal()
    {
        auto model = m_fixture.load(m_fixture.a());
        EditJournal journal(model.get(), m_fixture.database().address(), journalPath());
        QVERIFY(ModelFixture::edit(*model, 0, u"qty"_s, 10));
        QTRY_VERIFY(QFile::exists(journalPath()));
        QVERIFY_SQL(*model, submitAll());
        QTRY_VERIFY(!QFile::exists(journalPath()));
    }

    void editsComeBackAfterACrash()
    {
        // Given edits journaled by an editor that then died without saving
        {
            auto model = m_fixture.load(m_fixture.a());
            EditJournal journal(model.get(), m_fixture.database().address(), journalPath());
            makeEdits(*model);
            QTRY_VERIFY(QFile::exists(journalPath()));
        }
        QVERIFY(QFile::exists(journalPath()));
        // When a new editor opens the table and restores the journal
        auto model = m_fixture.load(m_fixture.a());
        const auto journal = Journal::read(journalPath());
        QVERIFY_RESULT(journal);
        const auto report = EditJournal::restore(*model, journal.value());
        QVERIFY_RESULT(report);
        // Then every edit is pending again, and saving writes exactly them
        QCOMPARE(report.value().restored, 4);
        QVERIFY(report.value().notRestored.isEmpty());
        QCOMPARE(model->pendingRows().size(), 4);
        QVERIFY_SQL(*model, submitAll());
        QCOMPARE(m_fixture.scalar(u"SELECT qty FROM items WHERE id = 1"_s).toInt(), 10);
        QVERIFY(m_fixture.scalar(u"SELECT note FROM items WHERE id = 2"_s).isNull());
        QCOMPARE(m_fixture.scalar(u"SELECT count(*) FROM items WHERE id = 3"_s).toInt(), 0);
        QCOMPARE(m_fixture.scalar(u"SELECT qty FROM items WHERE name = 'fig'"_s).toInt(), 9);
    }

    void aRecordChangedMeanwhileIsListedNotOverwritten()
    {
        // Given a journaled edit of row 1, and another user's save of that record afterwards
        {
            auto model = m_fixture.load(m_fixture.a());
            EditJournal journal(model.get(), m_fixture.database().address(), journalPath());
            QVERIFY(ModelFixture::edit(*model, 0, u"qty"_s, 10));
            QTRY_VERIFY(QFile::exists(journalPath()));
        }
        const QString other = ModelFixture::saveAsOtherUser(m_fixture.b(), u"items"_s, 1, u"qty"_s, 55);
        QVERIFY2(other.isEmpty(), qPrintable(other));
        // When the journal is restored
        auto model = m_fixture.load(m_fixture.a());
        const auto report = EditJournal::restore(*model, Journal::read(journalPath()).value());
        QVERIFY_RESULT(report);
        // Then my edit is shown, not applied, and their value stands
        QCOMPARE(report.value().restored, 0);
        QCOMPARE(report.value().notRestored.size(), 1);
        QVERIFY2(report.value().notRestored.first().contains(u"qty = 10"_s), qPrintable(report.value().notRestored.first()));
        QVERIFY(model->pendingRows().isEmpty());
        QCOMPARE(m_fixture.scalar(u"SELECT qty FROM items WHERE id = 1"_s).toInt(), 55);
    }

    void aDamagedJournalIsReportedNotGuessed()
    {
        QDir().mkpath(QFileInfo(journalPath()).absolutePath());
        QFile file(journalPath());
        QVERIFY(file.open(QIODevice::WriteOnly));
        file.write("{\"entries\": [");
        file.close();
        const auto journal = Journal::read(journalPath());
        QVERIFY(!journal);
        QCOMPARE(journal.error().code, ErrorCode::InvalidValue);
    }
};

QTEST_GUILESS_MAIN(tst_EditJournal)
#include "tst_editjournal.moc"
