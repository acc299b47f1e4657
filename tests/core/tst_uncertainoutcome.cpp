// SPDX-License-Identifier: MIT
// SPDX-FileCopyrightText: 2026 Concord developers
//
// Honest outcomes (issue #14): a write whose answer was lost is unknown, not failed and never
// saved with no version, and a re-read on a new connection tells what the database holds.
// The re-read runs on both backends; losing the answer is PostgreSQL's case, made two ways:
// a deferred constraint trigger ends its own session at COMMIT (the commit never happens), and
// a forwarder between client and server drops the connection after the server committed
// (AnswerDropProxy).
#include <core/errors.h>
#include <core/db/databaseaddress.h>
#include <core/model/versionedtablemodel.h>
#include <core/versioning/uncertainwrite.h>
#include <core/versioning/versionedwriter.h>
#include <core/versioning/versioningconfig.h>
#include <tests/support/answerdropproxy.h>
#include <tests/support/modelfixture.h>
#include <tests/support/testmacros.h>

#include <QSqlError>
#include <QSqlField>
#include <QSqlQuery>
#include <QTest>

using namespace Concord;
using namespace Concord::Test;
using namespace Qt::StringLiterals;

namespace {

// The note that makes the trigger end the writing session at COMMIT, and the one the proxy
// recognises to lose the answer.
const QString dieAtCommit = u"die-at-commit"_s;
const QString loseTheAnswer = u"lose-the-answer"_s;

} // namespace

class tst_UncertainOutcome : public QObject
{
    Q_OBJECT

private:
    ModelFixture m_fixture;
    std::unique_ptr<AnswerDropProxy> m_proxy;

    bool isPostgreSQL() const { return m_fixture.backend() == Backend::PostgreSQL; }

    std::optional<VersionedWriter> writerOn(const QSqlDatabase &db)
    {
        auto config = versioningFor(db, u"items"_s);
        if (!config)
            return std::nullopt;
        auto schema = TableSchema::load(db, u"items"_s, config.value().column);
        if (!schema)
            return std::nullopt;
        return VersionedWriter(db, schema.value(), config.value());
    }

    static QSqlRecord keyOf(const VersionedWriter &writer, int id)
    {
        QSqlRecord key;
        key.append(writer.schema().fields.field(u"id"_s));
        key.setValue(0, id);
        return key;
    }

    static QSqlRecord noteAndQty(const VersionedWriter &writer, const QString &note, int qty)
    {
        QSqlRecord values;
        values.append(writer.schema().fields.field(u"note"_s));
        values.append(writer.schema().fields.field(u"qty"_s));
        values.setValue(0, note);
        values.setValue(1, qty);
        return values;
    }

    // A deferred constraint trigger runs at COMMIT; for a row noted die-at-commit it ends its
    // own session there, before the commit is made: the client never gets an answer.
    QString killCommitsOfMarkedRows()
    {
        return m_fixture.exec({
            u"CREATE FUNCTION die_at_commit() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN "
            "IF NEW.note = '%1' THEN PERFORM pg_terminate_backend(pg_backend_pid()); PERFORM pg_sleep(30); END IF; "
            "RETURN NULL; END $$"_s.arg(dieAtCommit),
            u"CREATE CONSTRAINT TRIGGER die_at_commit AFTER UPDATE ON items DEFERRABLE INITIALLY DEFERRED "
            "FOR EACH ROW EXECUTE FUNCTION die_at_commit()"_s,
        });
    }

    // The scratch database's address through a fresh AnswerDropProxy (empty when it cannot listen).
    DatabaseAddress proxiedAddress()
    {
        m_proxy = std::make_unique<AnswerDropProxy>();
        DatabaseAddress address = m_fixture.database().address();
        if (!m_proxy->start(address.host, address.port))
            return {};
        address.host = u"127.0.0.1"_s;
        address.port = m_proxy->port();
        return address;
    }

    // A connection to the scratch database through a fresh AnswerDropProxy.
    QSqlDatabase openThroughProxy(const QString &name)
    {
        const DatabaseAddress address = proxiedAddress();
        if (address.port <= 0)
            return {};
        auto opened = openDatabase(address, name);
        return opened ? opened.value() : QSqlDatabase();
    }

    int qtyOf(int id) { return m_fixture.scalar(u"SELECT qty FROM items WHERE id = %1"_s.arg(id)).toInt(); }

private Q_SLOTS:
    void initTestCase() { CONCORD_REQUIRE_BACKEND(); }
    void init() { QCOMPARE(m_fixture.create(), QString()); }
    void cleanup()
    {
        m_fixture.destroy();
        m_proxy.reset();
        closeDatabase(u"proxied"_s);
    }

    // --- the re-read, on both backends --------------------------------------------------------

    void aReReadTellsWhatTheDatabaseHolds_data()
    {
        QTest::addColumn<QString>("meanwhile");
        QTest::addColumn<int>("expected");
        QTest::addRow("my write landed") << u"mine"_s << int(WriteResolution::Stored);
        QTest::addRow("nothing landed") << u"nothing"_s << int(WriteResolution::NotStored);
        QTest::addRow("someone else wrote") << u"theirs"_s << int(WriteResolution::ChangedByOther);
        QTest::addRow("someone else deleted") << u"deleted"_s << int(WriteResolution::ChangedByOther);
    }
    void aReReadTellsWhatTheDatabaseHolds()
    {
        QFETCH(QString, meanwhile);
        QFETCH(int, expected);
        // Given a write of row 1 at version 1 whose answer is taken as lost
        auto writer = writerOn(m_fixture.a());
        QVERIFY(writer);
        const QSqlRecord key = keyOf(*writer, 1);
        const QSqlRecord base = writer->readCurrent(key);
        const QSqlRecord values = noteAndQty(*writer, u"mine"_s, 50);
        if (meanwhile == u"mine"_s) {
            QSqlRecord stored;
            QCOMPARE(writer->update(key, 1, base, values, {}, &stored), VersionedWriter::Outcome::Written);
        } else if (meanwhile == u"theirs"_s) {
            QCOMPARE(ModelFixture::saveAsOtherUser(m_fixture.b(), u"items"_s, 1, u"qty"_s, 60), QString());
        } else if (meanwhile == u"deleted"_s) {
            QCOMPARE(m_fixture.exec({u"DELETE FROM items WHERE id = 1"_s}), QString());
        }
        UncertainWrite write;
        write.key = key;
        write.loadedVersion = 1;
        write.base = base;
        write.values = values;
        write.expectedVersion = 2;

        // When it is checked on a new connection
        const ResolvedWrite resolved = recheckUncertainWrite(m_fixture.a(), writer->schema(), writer->config(), write);

        // Then the row tells which it was
        QCOMPARE(int(resolved.resolution), expected);
    }

    void aReReadThatCannotReachTheDatabaseIsUnchecked()
    {
        if (!isPostgreSQL())
            QSKIP("a SQLite file is always there to be read");
        // Given a write through a proxy that refuses every connection after losing an answer
        QSqlDatabase db = openThroughProxy(u"proxied"_s);
        QVERIFY(db.isOpen());
        auto writer = writerOn(db);
        QVERIFY(writer);
        m_proxy->setRefuseAfterDrop(true);
        m_proxy->dropAnswerTo(loseTheAnswer.toUtf8());
        const QSqlRecord key = keyOf(*writer, 1);

        // When the answer is lost and the row cannot be read again
        QCOMPARE(writer->update(key, 1, writer->readCurrent(key), noteAndQty(*writer, loseTheAnswer, 9)),
                 VersionedWriter::Outcome::Unknown);
        const ResolvedWrite resolved = recheckUncertainWrite(db, writer->schema(), writer->config(), writer->uncertainWrite());

        // Then nothing is claimed, and the reason is given
        QCOMPARE(int(resolved.resolution), int(WriteResolution::Unchecked));
        QVERIFY(!resolved.reason.trimmed().isEmpty());
        QCOMPARE(qtyOf(1), 9); // it was stored after all: which is why nothing may be claimed
    }

    // --- the writer --------------------------------------------------------------------------

    void aCommitKilledBeforeItsAnswerIsUnknownThenFoundNotStored()
    {
        if (!isPostgreSQL())
            QSKIP("a session ended at COMMIT is a PostgreSQL case");
        QCOMPARE(killCommitsOfMarkedRows(), QString());
        auto writer = writerOn(m_fixture.a());
        QVERIFY(writer);
        const QSqlRecord key = keyOf(*writer, 1);

        // When the session dies at the COMMIT of an update
        QSqlRecord stored;
        const auto outcome = writer->update(key, 1, writer->readCurrent(key), noteAndQty(*writer, dieAtCommit, 42), {}, &stored);

        // Then the outcome is unknown, said in words, and the re-read finds nothing stored
        QCOMPARE(outcome, VersionedWriter::Outcome::Unknown);
        QVERIFY(isOutcomeUnknown(writer->lastError()));
        QVERIFY(isConnectionLost(writer->lastError()));
        QVERIFY(!writer->lastError().text().trimmed().isEmpty());
        QCOMPARE(writer->uncertainWrite().expectedVersion.toInt(), 2);
        const ResolvedWrite resolved = recheckUncertainWrite(m_fixture.a(), writer->schema(), writer->config(), writer->uncertainWrite());
        QCOMPARE(int(resolved.resolution), int(WriteResolution::NotStored));
        QCOMPARE(qtyOf(1), 1);
    }

    void aWriteCommittedWhoseAnswerWasLostIsUnknownThenFoundStored()
    {
        if (!isPostgreSQL())
            QSKIP("a lost answer is a PostgreSQL case");
        QSqlDatabase db = openThroughProxy(u"proxied"_s);
        QVERIFY(db.isOpen());
        auto writer = writerOn(db);
        QVERIFY(writer);
        const QSqlRecord key = keyOf(*writer, 1);
        m_proxy->dropAnswerTo(loseTheAnswer.toUtf8());

        // When the server commits the update and its answer never arrives
        QSqlRecord stored;
        const auto outcome = writer->update(key, 1, writer->readCurrent(key), noteAndQty(*writer, loseTheAnswer, 43), {}, &stored);

        // Then it is unknown, never written with an empty version, and the re-read finds it stored
        QVERIFY(m_proxy->hasDropped());
        QCOMPARE(outcome, VersionedWriter::Outcome::Unknown);
        QVERIFY(isOutcomeUnknown(writer->lastError()));
        const ResolvedWrite resolved = recheckUncertainWrite(db, writer->schema(), writer->config(), writer->uncertainWrite());
        QCOMPARE(int(resolved.resolution), int(WriteResolution::Stored));
        QCOMPARE(resolved.current.value(u"version"_s).toInt(), 2);
        QCOMPARE(qtyOf(1), 43);
    }

    // --- the model -----------------------------------------------------------------------------

    void aSaveWhoseCommitIsKilledKeepsTheEditAndSaysItIsNotStored_data()
    {
        QTest::addColumn<int>("rows");
        QTest::addRow("one row, its own commit") << 1;
        QTest::addRow("two rows, one transaction") << 2;
    }
    void aSaveWhoseCommitIsKilledKeepsTheEditAndSaysItIsNotStored()
    {
        QFETCH(int, rows);
        if (!isPostgreSQL())
            QSKIP("a session ended at COMMIT is a PostgreSQL case");
        QCOMPARE(killCommitsOfMarkedRows(), QString());
        // Given pending edits, one of them marked to end the session at COMMIT
        auto model = m_fixture.load(m_fixture.a());
        QVERIFY(ModelFixture::edit(*model, 0, u"note"_s, dieAtCommit));
        if (rows == 2)
            QVERIFY(ModelFixture::edit(*model, 2, u"qty"_s, 33));

        // When the user saves
        const bool saved = model->submitAll();

        // Then the save fails, says the connection was lost and what the re-read found, keeps every edit
        QVERIFY(!saved);
        QVERIFY2(isConnectionLost(model->lastError()), qPrintable(model->lastError().text()));
        QVERIFY(!model->lastError().text().trimmed().isEmpty());
        const auto report = model->lastSubmitReport();
        QCOMPARE(report.saved, 0);
        QCOMPARE(int(report.uncertain.size()), rows);
        for (const auto &row : report.uncertain)
            QCOMPARE(int(row.resolution), int(WriteResolution::NotStored));
        QCOMPARE(int(model->pendingRows().size()), rows);
        QCOMPARE(ModelFixture::value(*model, 0, u"note"_s).toString(), dieAtCommit);
        QCOMPARE(m_fixture.scalar(u"SELECT note FROM items WHERE id = 1"_s).toString(), u"red"_s);
        QCOMPARE(qtyOf(3), 3);
    }

    void aSaveCommittedWhoseAnswerWasLostIsFoundStoredAndAdopted_data()
    {
        QTest::addColumn<int>("rows");
        QTest::addRow("one row, its own commit") << 1;
        QTest::addRow("two rows, the COMMIT's answer lost") << 2;
    }
    void aSaveCommittedWhoseAnswerWasLostIsFoundStoredAndAdopted()
    {
        QFETCH(int, rows);
        if (!isPostgreSQL())
            QSKIP("a lost answer is a PostgreSQL case");
        QSqlDatabase db = openThroughProxy(u"proxied"_s);
        QVERIFY(db.isOpen());
        auto model = m_fixture.load(db);
        QVERIFY(ModelFixture::edit(*model, 0, u"note"_s, loseTheAnswer));
        if (rows == 2)
            QVERIFY(ModelFixture::edit(*model, 2, u"qty"_s, 33));
        // One row: its statement is its commit. Two: the statement is in a transaction, whose
        // COMMIT's answer is lost.
        m_proxy->dropAnswerTo(rows == 1 ? loseTheAnswer.toUtf8() : QByteArray("COMMIT"));

        // When the user saves, the server commits and the answer is lost
        const bool saved = model->submitAll();

        // Then the re-read finds the rows stored, the model adopts them, nothing is pending
        QVERIFY(m_proxy->hasDropped());
        QVERIFY2(saved, qPrintable(model->lastError().text()));
        const auto report = model->lastSubmitReport();
        QCOMPARE(int(report.uncertain.size()), rows);
        for (const auto &row : report.uncertain)
            QCOMPARE(int(row.resolution), int(WriteResolution::Stored));
        QCOMPARE(report.saved, rows);
        QVERIFY(model->pendingRows().isEmpty());
        QCOMPARE(ModelFixture::value(*model, 0, u"version"_s).toInt(), 2);
        QCOMPARE(m_fixture.scalar(u"SELECT note FROM items WHERE id = 1"_s).toString(), loseTheAnswer);
    }

    void anInsertWhoseCommitsAnswerWasLostIsFoundByItsReturnedKey()
    {
        if (!isPostgreSQL())
            QSKIP("a lost answer is a PostgreSQL case");
        // Given a table some key was once deleted from: inserts then commit with a tombstone check
        auto other = writerOn(m_fixture.b());
        QVERIFY(other);
        QCOMPARE(other->remove(keyOf(*other, 4), 1), VersionedWriter::Outcome::Written);
        QSqlDatabase db = openThroughProxy(u"proxied"_s);
        QVERIFY(db.isOpen());
        auto model = m_fixture.load(db);
        QVERIFY(model->insertRows(model->rowCount(), 1));
        QVERIFY(ModelFixture::edit(*model, model->rowCount() - 1, u"name"_s, u"fig"_s));
        m_proxy->dropAnswerTo("COMMIT");

        // When the insert is answered (with the key the database made) and its COMMIT's answer is lost
        const bool saved = model->submitAll();

        // Then the row is looked up by that key, found stored, and nothing is pending
        QVERIFY(m_proxy->hasDropped());
        QVERIFY2(saved, qPrintable(model->lastError().text()));
        QCOMPARE(int(model->lastSubmitReport().uncertain.size()), 1);
        QCOMPARE(int(model->lastSubmitReport().uncertain.first().resolution), int(WriteResolution::Stored));
        QVERIFY(model->pendingRows().isEmpty());
        QCOMPARE(m_fixture.scalar(u"SELECT count(*) FROM items WHERE name = 'fig'"_s).toInt(), 1);
    }

    void aSaveWhoseOutcomeCannotBeCheckedKeepsTheEditAndSaysSo()
    {
        if (!isPostgreSQL())
            QSKIP("a lost answer is a PostgreSQL case");
        QSqlDatabase db = openThroughProxy(u"proxied"_s);
        QVERIFY(db.isOpen());
        auto model = m_fixture.load(db);
        QVERIFY(ModelFixture::edit(*model, 0, u"note"_s, loseTheAnswer));
        m_proxy->setRefuseAfterDrop(true);
        m_proxy->dropAnswerTo(loseTheAnswer.toUtf8());

        // When the answer is lost and the server cannot be reached to look
        const bool saved = model->submitAll();

        // Then the save does not claim either way, and the edit stays pending
        QVERIFY(!saved);
        QVERIFY2(isOutcomeUnknown(model->lastError()), qPrintable(model->lastError().text()));
        QVERIFY(isConnectionLost(model->lastError()));
        const auto report = model->lastSubmitReport();
        QCOMPARE(int(report.uncertain.size()), 1);
        QCOMPARE(int(report.uncertain.first().resolution), int(WriteResolution::Unchecked));
        QCOMPARE(report.saved, 0);
        QCOMPARE(int(model->pendingRows().size()), 1);
        QVERIFY(model->hasUncheckedRows());

        // When the server can be reached again and the model looks once more
        m_proxy->setRefuseAfterDrop(false);
        QVERIFY_RESULT(model->reconnect());
        const auto checked = model->recheckUncertainRows();

        // Then the row is found stored (the server had committed it) and adopted: nothing pending
        QCOMPARE(int(checked.size()), 1);
        QCOMPARE(int(checked.first().resolution), int(WriteResolution::Stored));
        QVERIFY(!model->hasUncheckedRows());
        QVERIFY(model->pendingRows().isEmpty());
        QCOMPARE(ModelFixture::value(*model, 0, u"version"_s).toInt(), 2);
        QCOMPARE(ModelFixture::value(*model, 0, u"note"_s).toString(), loseTheAnswer);
    }
};

QTEST_GUILESS_MAIN(tst_UncertainOutcome)
#include "tst_uncertainoutcome.moc"
