// SPDX-License-Identifier: MIT
// SPDX-FileCopyrightText: 2026 Concord developers
//
// Record history (issue #15): every write recorded by the database's triggers, whoever makes it
// (the editor's model, VersionedWriter, a job, a raw SQL writer); restore and recover through the
// version check; retention; composite keys; outdated history brought up to date. SQLite and
// PostgreSQL.
#include <core/db/auditstamp.h>
#include <core/db/databaseaddress.h>
#include <core/db/schemacache.h>
#include <core/db/tableschema.h>
#include <core/errors.h>
#include <core/jobs/bulkeditjob.h>
#include <core/jobs/historyretentionjob.h>
#include <core/versioning/history.h>
#include <core/versioning/versionedwriter.h>
#include <core/versioning/versioning.h>
#include <tests/support/modelfixture.h>
#include <tests/support/testmacros.h>

#include <QSqlField>
#include <QSqlQuery>
#include <QTest>

#include <optional>

using namespace Concord;
using namespace Concord::Test;
using namespace Qt::StringLiterals;

class tst_History : public QObject
{
    Q_OBJECT

private:
    ModelFixture m_fixture;

    TableSchema schemaOf(const QString &table = u"items"_s) const
    {
        const auto config = versioningFor(m_fixture.a(), table);
        const auto schema = TableSchema::load(m_fixture.a(), table, config ? config.value().column : u"version"_s);
        return schema ? schema.value() : TableSchema();
    }
    VersioningConfig configOf(const QString &table = u"items"_s) const
    {
        const auto config = versioningFor(m_fixture.a(), table);
        return config ? config.value() : VersioningConfig();
    }
    VersionedWriter writer(const QSqlDatabase &db, const QString &table = u"items"_s) const
    {
        return VersionedWriter(db, schemaOf(table), configOf(table));
    }
    static QSqlRecord key(const TableSchema &schema, int id)
    {
        QSqlRecord record;
        record.append(schema.fields.field(u"id"_s));
        record.setValue(0, id);
        return record;
    }
    static QSqlRecord change(const TableSchema &schema, const QString &field, const QVariant &value)
    {
        QSqlRecord record;
        record.append(schema.fields.field(field));
        record.setValue(0, value);
        return record;
    }
    QList<History::Entry> versionsOf(int id, const QString &table = u"items"_s)
    {
        const TableSchema schema = schemaOf(table);
        const auto entries = History::versions(m_fixture.a(), schema, key(schema, id));
        if (!entries)
            qWarning("versions failed: %s", qPrintable(entries.error().message));
        return entries ? entries.value() : QList<History::Entry>();
    }
    bool enable(const QString &table = u"items"_s, const History::Retention &retention = {})
    {
        const auto enabled = History::enable(m_fixture.a(), schemaOf(table), retention);
        if (!enabled)
            qWarning("enable failed: %s", qPrintable(enabled.error().message));
        return enabled.ok();
    }
    QString expectedWriter() const
    {
        return m_fixture.backend() == Backend::SQLite ? currentUserName() : m_fixture.scalar(u"SELECT current_user"_s).toString();
    }
    int count(const QString &sql) const { return m_fixture.scalar(sql).toInt(); }

private Q_SLOTS:
    void initTestCase() { CONCORD_REQUIRE_BACKEND(); }
    void init() { QCOMPARE(m_fixture.create(), QString()); }
    void cleanup() { m_fixture.destroy(); }

    void enablingMakesAConcordHistoryTableThatChecksIgnore()
    {
        // Given items without history
        QCOMPARE(History::status(m_fixture.a(), u"items"_s).value().state, History::State::Off);
        // When history is enabled
        QVERIFY(enable());
        // Then it is up to date, its table is Concord's own and left out of table lists and checks
        const auto status = History::status(m_fixture.a(), u"items"_s);
        QVERIFY_RESULT(status);
        QCOMPARE(status.value().state, History::State::UpToDate);
        QCOMPARE(status.value().historyTable, u"concord_history_items"_s);
        QVERIFY(status.value().hasHistoryTable);
        QVERIFY(isConcordTable(status.value().historyTable));
        QVERIFY(!userTables(m_fixture.a()).contains(status.value().historyTable, Qt::CaseInsensitive));
        const auto findings = checkSchema(m_fixture.a());
        QVERIFY_RESULT(findings);
        for (const SchemaFinding &finding : findings.value())
            QVERIFY2(!History::isHistoryTable(finding.table), qPrintable(finding.message));
    }

    void refusesATableThatIsNotVersioned()
    {
        TableSchema schema = schemaOf();
        schema.versionColumn = u"revision"_s; // a column items lacks
        const auto enabled = History::enable(m_fixture.a(), schema);
        QCOMPARE(enabled.error().code, ErrorCode::NoVersionColumn);
        QVERIFY(enabled.error().message.contains(u"not versioned"_s));
        QCOMPARE(History::enable(m_fixture.a(), schemaOf(), History::Retention::lastVersions(0)).error().code,
                 ErrorCode::InvalidArgument);
    }

    void theModelsInsertUpdateAndDeleteAreRecorded()
    {
        // Given history on items
        QVERIFY(enable());
        auto model = m_fixture.load(m_fixture.a());
        // When the editor changes row 1 twice, deletes row 2 and inserts row 9
        QVERIFY(ModelFixture::edit(*model, 0, u"note"_s, u"first"_s));
        QVERIFY_SQL(*model, submitAll());
        QVERIFY(ModelFixture::edit(*model, 0, u"qty"_s, 10));
        QVERIFY_SQL(*model, submitAll());
        QVERIFY(model->removeRow(1));
        QVERIFY_SQL(*model, submitAll());
        const int at = model->rowCount();
        QVERIFY(model->insertRow(at));
        QVERIFY(ModelFixture::edit(*model, at, u"id"_s, 9));
        QVERIFY(ModelFixture::edit(*model, at, u"name"_s, u"fig"_s));
        QVERIFY_SQL(*model, submitAll());

        // Then each write has an entry with its version, values, operation, who and when
        const QList<History::Entry> one = versionsOf(1);
        QCOMPARE(one.size(), 2);
        QCOMPARE(one.first().operation, History::Operation::Update);
        QCOMPARE(one.first().version.toInt(), 3);
        QCOMPARE(one.last().version.toInt(), 2);
        QCOMPARE(one.last().values.value(u"note"_s).toString(), u"first"_s);
        QCOMPARE(one.first().values.value(u"qty"_s).toInt(), 10);
        QCOMPARE(one.first().changedFields, QStringList{u"qty"_s});
        QCOMPARE(one.first().changedBy, expectedWriter());
        QVERIFY(qAbs(one.first().changedAt.secsTo(QDateTime::currentDateTimeUtc())) < 120);
        const QList<History::Entry> two = versionsOf(2);
        QCOMPARE(two.size(), 1);
        QCOMPARE(two.first().operation, History::Operation::Delete);
        QCOMPARE(two.first().values.value(u"name"_s).toString(), u"banana"_s);
        QCOMPARE(two.first().changedBy, expectedWriter());
        const QList<History::Entry> nine = versionsOf(9);
        QCOMPARE(nine.size(), 1);
        QCOMPARE(nine.first().operation, History::Operation::Insert);
        QCOMPARE(nine.first().version.toInt(), 1);
        QVERIFY(nine.first().changedFields.contains(u"name"_s));
        QVERIFY(!nine.first().changedFields.contains(u"version"_s));
    }

    void aJobsWritesAreRecorded()
    {
        // Given history on items
        QVERIFY(enable());
        const TableSchema schema = schemaOf();
        // When a bulk edit sets the note of rows 1 and 3
        BulkEditJob job(m_fixture.database().address(), u"items"_s, {{key(schema, 1), 1}, {key(schema, 3), 1}}, u"note"_s,
                        u"sale"_s);
        QVERIFY_RESULT(job.run());
        // Then both have an entry at version 2, signed by the job's writer
        for (const int id : {1, 3}) {
            const QList<History::Entry> entries = versionsOf(id);
            QCOMPARE(entries.size(), 1);
            QCOMPARE(entries.first().version.toInt(), 2);
            QCOMPARE(entries.first().values.value(u"note"_s).toString(), u"sale"_s);
            QCOMPARE(entries.first().changedBy, expectedWriter());
        }
    }

    void aRawSqlWriterIsRecordedToo()
    {
        // Given history on items
        QVERIFY(enable());
        // When a program that is not Concord writes on a plain connection of its own
        QCOMPARE(m_fixture.exec({u"UPDATE items SET qty = 40, version = version + 1 WHERE id = 4"_s,
                                 u"INSERT INTO items (id, name, qty, version) VALUES (20, 'kiwi', 1, 1)"_s,
                                 u"DELETE FROM items WHERE id = 3"_s}),
                 QString());
        // Then its writes are in the history; on SQLite nobody can say who wrote them
        const QList<History::Entry> four = versionsOf(4);
        QCOMPARE(four.size(), 1);
        QCOMPARE(four.first().values.value(u"qty"_s).toInt(), 40);
        QCOMPARE(four.first().version.toInt(), 2);
        QCOMPARE(versionsOf(20).first().operation, History::Operation::Insert);
        QCOMPARE(versionsOf(3).first().operation, History::Operation::Delete);
        if (m_fixture.backend() == Backend::SQLite)
            QCOMPARE(four.first().changedBy, QString());
        else
            QCOMPARE(four.first().changedBy, expectedWriter());
    }

    void aTableWithAuditColumnsNamesItsWriterWithoutSigning_data()
    {
        QTest::addColumn<VersionPolicy>("policy");
        QTest::addRow("counter") << VersionPolicy::Counter;
        QTest::addRow("trigger") << VersionPolicy::Trigger;
    }
    void aTableWithAuditColumnsNamesItsWriterWithoutSigning()
    {
        QFETCH(VersionPolicy, policy);
        // Given a table with modified_by and modified_at, history on
        QCOMPARE(m_fixture.exec({u"CREATE TABLE notes (id INTEGER PRIMARY KEY, body TEXT, modified_by TEXT, modified_at TEXT, "
                                 "version INTEGER NOT NULL DEFAULT 1)"_s,
                                 u"INSERT INTO notes (id, body, modified_by, version) VALUES (1, 'a', 'earlier', 1)"_s}),
                 QString());
        VersioningConfig config;
        config.table = u"notes"_s;
        config.policy = policy;
        QVERIFY_RESULT(applyVersioning(m_fixture.a(), config));
        QVERIFY(enable(u"notes"_s));
        // When a raw writer who leaves the audit columns alone changes the row, then Concord
        const bool counter = policy == VersionPolicy::Counter;
        QCOMPARE(m_fixture.exec({counter ? u"UPDATE notes SET body = 'b', version = 2 WHERE id = 1"_s
                                         : u"UPDATE notes SET body = 'b' WHERE id = 1"_s}),
                 QString());
        VersionedWriter w = writer(m_fixture.a(), u"notes"_s);
        QCOMPARE(w.update(key(w.schema(), 1), 2, {}, change(w.schema(), u"body"_s, u"c"_s)), VersionedWriter::Outcome::Written);
        // (and, counted versions, a raw writer again right after Concord's stamp)
        if (counter)
            QCOMPARE(m_fixture.exec({u"UPDATE notes SET body = 'd', version = 4 WHERE id = 1"_s}), QString());
        // Then Concord's entry names it; a raw one is not passed off as Concord's, nor as 'earlier' (SQLite)
        const QString unknown = m_fixture.backend() == Backend::SQLite ? QString() : expectedWriter();
        const QList<History::Entry> entries = versionsOf(1, u"notes"_s);
        QCOMPARE(entries.size(), counter ? 3 : 2);
        QCOMPARE(entries.last().changedBy, unknown);
        QCOMPARE(entries.at(counter ? 1 : 0).changedBy, expectedWriter());
        QCOMPARE(entries.at(counter ? 1 : 0).version.toInt(), 3);
        if (counter)
            QCOMPARE(entries.first().changedBy, unknown);
    }

    void restoreWritesAnOldVersionAsANewOne()
    {
        // Given row 1 changed twice with history on
        QVERIFY(enable());
        VersionedWriter w = writer(m_fixture.a());
        const TableSchema schema = w.schema();
        QCOMPARE(w.update(key(schema, 1), 1, {}, change(schema, u"qty"_s, 11)), VersionedWriter::Outcome::Written);
        QCOMPARE(w.update(key(schema, 1), 2, {}, change(schema, u"qty"_s, 12)), VersionedWriter::Outcome::Written);
        // When version 2 is restored over version 3
        const auto outcome = History::restore(m_fixture.a(), schema, configOf(), key(schema, 1), 2, 3);
        // Then the record is at version 4 with version 2's values, and the history says so
        QCOMPARE(outcome.kind, History::WriteOutcome::Kind::Written);
        QCOMPARE(outcome.stored.value(u"version"_s).toInt(), 4);
        QCOMPARE(count(u"SELECT qty FROM items WHERE id = 1"_s), 11);
        QCOMPARE(count(u"SELECT version FROM items WHERE id = 1"_s), 4);
        const QList<History::Entry> entries = versionsOf(1);
        QCOMPARE(entries.size(), 3);
        QCOMPARE(entries.first().version.toInt(), 4);
        QCOMPARE(entries.first().changedFields, QStringList{u"qty"_s});
        // And a version the history lacks is refused
        const auto missing = History::restore(m_fixture.a(), schema, configOf(), key(schema, 1), 99, 4);
        QCOMPARE(missing.kind, History::WriteOutcome::Kind::Failed);
        QCOMPARE(missing.error.code, ErrorCode::NotFound);
    }

    void aConflictingRestoreIsARecordModifiedError()
    {
        // Given client A saw row 1 at version 3 and client B saved version 4 meanwhile
        QVERIFY(enable());
        const TableSchema schema = schemaOf();
        VersionedWriter a = writer(m_fixture.a());
        QCOMPARE(a.update(key(schema, 1), 1, {}, change(schema, u"qty"_s, 11)), VersionedWriter::Outcome::Written);
        QCOMPARE(a.update(key(schema, 1), 2, {}, change(schema, u"qty"_s, 12)), VersionedWriter::Outcome::Written);
        VersionedWriter b = writer(m_fixture.b());
        QCOMPARE(b.update(key(schema, 1), 3, {}, change(schema, u"note"_s, u"theirs"_s)), VersionedWriter::Outcome::Written);
        // When A restores version 2 expecting version 3
        const auto outcome = History::restore(m_fixture.a(), schema, configOf(), key(schema, 1), 2, 3);
        // Then it is the normal conflict, with their row, and nothing is written
        QCOMPARE(outcome.kind, History::WriteOutcome::Kind::Conflict);
        QCOMPARE(outcome.error.code, ErrorCode::RecordModified);
        QCOMPARE(outcome.current.value(u"note"_s).toString(), u"theirs"_s);
        QCOMPARE(outcome.values.value(u"qty"_s).toInt(), 11); // mine: the restored values
        QCOMPARE(count(u"SELECT version FROM items WHERE id = 1"_s), 4);
        QCOMPARE(count(u"SELECT qty FROM items WHERE id = 1"_s), 12);
        // And what they changed since mine is in the history
        const auto theirs = History::between(m_fixture.a(), schema, key(schema, 1), 3, 4);
        QVERIFY_RESULT(theirs);
        QCOMPARE(theirs.value().size(), 1);
        QCOMPARE(theirs.value().first().version.toInt(), 4);
        QCOMPARE(theirs.value().first().changedFields, QStringList{u"note"_s});
    }

    void recoverReinsertsAboveTheTombstone()
    {
        // Given row 2 changed to version 3 and deleted with history on
        QVERIFY(enable());
        VersionedWriter w = writer(m_fixture.a());
        const TableSchema schema = w.schema();
        QCOMPARE(w.update(key(schema, 2), 1, {}, change(schema, u"qty"_s, 21)), VersionedWriter::Outcome::Written);
        QCOMPARE(w.update(key(schema, 2), 2, {}, change(schema, u"qty"_s, 22)), VersionedWriter::Outcome::Written);
        QCOMPARE(w.remove(key(schema, 2), 3), VersionedWriter::Outcome::Written);
        const auto deleted = History::deleted(m_fixture.a(), schema);
        QVERIFY_RESULT(deleted);
        QCOMPARE(deleted.value().size(), 1);
        QCOMPARE(deleted.value().first().key.value(u"id"_s).toInt(), 2);
        QCOMPARE(deleted.value().first().last.values.value(u"qty"_s).toInt(), 22);
        QVERIFY(!deleted.value().first().keyReused);
        // When it is recovered
        const auto outcome = History::recover(m_fixture.a(), schema, configOf(), key(schema, 2));
        // Then it is back with its last values at a version above every one it had
        QCOMPARE(outcome.kind, History::WriteOutcome::Kind::Written);
        QCOMPARE(count(u"SELECT qty FROM items WHERE id = 2"_s), 22);
        QCOMPARE(count(u"SELECT version FROM items WHERE id = 2"_s), 4);
        QCOMPARE(outcome.stored.value(u"version"_s).toInt(), 4);
        // and a stale write expecting an old version still conflicts
        QCOMPARE(w.update(key(schema, 2), 3, {}, change(schema, u"qty"_s, 0)), VersionedWriter::Outcome::Conflict);
        QCOMPARE(versionsOf(2).first().operation, History::Operation::Insert);
        QVERIFY_RESULT(History::deleted(m_fixture.a(), schema));
        QVERIFY(History::deleted(m_fixture.a(), schema).value().isEmpty());
    }

    void recoverNeverRepeatsAVersionUnderAnyPolicy_data()
    {
        QTest::addColumn<VersionPolicy>("policy");
        QTest::addRow("counter") << VersionPolicy::Counter;
        QTest::addRow("timestamp") << VersionPolicy::Timestamp;
        QTest::addRow("conditional") << VersionPolicy::Conditional;
        QTest::addRow("trigger") << VersionPolicy::Trigger;
    }
    void recoverNeverRepeatsAVersionUnderAnyPolicy()
    {
        // Given a table under the policy, history on, a row changed and deleted
        QFETCH(VersionPolicy, policy);
        QCOMPARE(m_fixture.exec({u"CREATE TABLE acct (id INTEGER PRIMARY KEY, name TEXT, version BIGINT)"_s,
                                 u"INSERT INTO acct VALUES (1, 'first', 1)"_s}),
                 QString());
        VersioningConfig config;
        config.table = u"acct"_s;
        config.policy = policy;
        QVERIFY_RESULT(applyVersioning(m_fixture.a(), config));
        QVERIFY(enable(u"acct"_s));
        VersionedWriter w = writer(m_fixture.a(), u"acct"_s);
        QSqlRecord stored;
        QCOMPARE(w.update(key(w.schema(), 1), 1, {}, change(w.schema(), u"name"_s, u"second"_s), {}, &stored),
                 VersionedWriter::Outcome::Written);
        const QVariant last = w.writtenVersion(stored);
        QCOMPARE(w.remove(key(w.schema(), 1), last), VersionedWriter::Outcome::Written);
        // When it is recovered
        const auto outcome = History::recover(m_fixture.a(), w.schema(), configOf(u"acct"_s), key(w.schema(), 1));
        QCOMPARE(outcome.kind, History::WriteOutcome::Kind::Written);
        // Then its version is above every one it had, with one insert entry, and stale writes conflict
        const qint64 fresh = outcome.stored.value(u"version"_s).toLongLong();
        QVERIFY2(fresh > last.toLongLong(), qPrintable(u"%1 <= %2"_s.arg(fresh).arg(last.toLongLong())));
        QCOMPARE(m_fixture.scalar(u"SELECT version FROM acct WHERE id = 1"_s).toLongLong(), fresh);
        const QList<History::Entry> entries = versionsOf(1, u"acct"_s);
        QCOMPARE(entries.first().operation, History::Operation::Insert);
        QCOMPARE(entries.first().version.toLongLong(), fresh);
        QCOMPARE(entries.first().values.value(u"name"_s).toString(), u"second"_s);
        QCOMPARE(w.update(key(w.schema(), 1), last, {}, change(w.schema(), u"name"_s, u"stale"_s)), VersionedWriter::Outcome::Conflict);
    }

    void recoverRefusesAReusedKey()
    {
        // Given row 2 deleted with history on, and its key inserted again while history was off
        QVERIFY(enable());
        const TableSchema schema = schemaOf();
        VersionedWriter w = writer(m_fixture.a());
        QCOMPARE(w.remove(key(schema, 2), 1), VersionedWriter::Outcome::Written);
        QVERIFY_RESULT(History::disable(m_fixture.a(), u"items"_s, true));
        QCOMPARE(m_fixture.exec({u"INSERT INTO items (id, name, qty, version) VALUES (2, 'other', 0, 5)"_s}), QString());
        // Then the deleted records say so, and recover refuses, naming the reason, writing nothing
        const auto deleted = History::deleted(m_fixture.a(), schema);
        QVERIFY_RESULT(deleted);
        QCOMPARE(deleted.value().size(), 1);
        QVERIFY(deleted.value().first().keyReused);
        const auto outcome = History::recover(m_fixture.a(), schema, configOf(), key(schema, 2));
        QCOMPARE(outcome.kind, History::WriteOutcome::Kind::KeyReused);
        QVERIFY(outcome.error.message.contains(u"exists again"_s));
        QCOMPARE(outcome.current.value(u"name"_s).toString(), u"other"_s);
        QCOMPARE(m_fixture.scalar(u"SELECT name FROM items WHERE id = 2"_s).toString(), u"other"_s);
    }

    void retentionByCountKeepsTheLastVersionsOfEachKey()
    {
        // Given row 1 written five times and row 4 deleted, keeping the last 2 versions
        QVERIFY(enable(u"items"_s, History::Retention::lastVersions(2)));
        VersionedWriter w = writer(m_fixture.a());
        const TableSchema schema = w.schema();
        for (int version = 1; version <= 5; ++version)
            QCOMPARE(w.update(key(schema, 1), version, {}, change(schema, u"qty"_s, 100 + version)), VersionedWriter::Outcome::Written);
        QCOMPARE(w.remove(key(schema, 4), 1), VersionedWriter::Outcome::Written);
        // When the retention job runs under the table's lock
        HistoryRetentionJob job(m_fixture.database().address(), u"items"_s);
        QVERIFY_RESULT(job.run());
        // Then row 1 keeps versions 6 and 5, and the deleted row its delete entry
        QCOMPARE(job.removed(), 3);
        const QList<History::Entry> entries = versionsOf(1);
        QCOMPARE(entries.size(), 2);
        QCOMPARE(entries.at(0).version.toInt(), 6);
        QCOMPARE(entries.at(1).version.toInt(), 5);
        QCOMPARE(versionsOf(4).size(), 1);
        QCOMPARE(versionsOf(4).first().operation, History::Operation::Delete);
    }

    void retentionByAgeDropsOldEntriesButNeverANewestOne()
    {
        // Given entries of rows 1 and 3, all but row 1's newest made 40 days ago, keeping 30 days
        QVERIFY(enable(u"items"_s, History::Retention::days(30)));
        VersionedWriter w = writer(m_fixture.a());
        const TableSchema schema = w.schema();
        QCOMPARE(w.update(key(schema, 1), 1, {}, change(schema, u"qty"_s, 2)), VersionedWriter::Outcome::Written);
        QCOMPARE(w.update(key(schema, 1), 2, {}, change(schema, u"qty"_s, 3)), VersionedWriter::Outcome::Written);
        QCOMPARE(w.remove(key(schema, 3), 1), VersionedWriter::Outcome::Written);
        QCOMPARE(w.update(key(schema, 1), 3, {}, change(schema, u"qty"_s, 4)), VersionedWriter::Outcome::Written);
        const QString past = m_fixture.backend() == Backend::SQLite ? u"strftime('%Y-%m-%d %H:%M:%f', 'now', '-40 days')"_s
                                                                    : u"CURRENT_TIMESTAMP - interval '40 days'"_s;
        QCOMPARE(m_fixture.exec({u"UPDATE concord_history_items SET concord_changed_at = %1 WHERE concord_id < "
                                 "(SELECT max(concord_id) FROM concord_history_items)"_s.arg(past)}),
                 QString());
        // When the retention is applied
        const auto removed = History::applyRetention(m_fixture.a(), u"items"_s);
        QVERIFY_RESULT(removed);
        // Then row 1 keeps only its recent entry, and the deleted row 3 its old delete entry
        QCOMPARE(removed.value(), 2);
        QCOMPARE(versionsOf(1).size(), 1);
        QCOMPARE(versionsOf(1).first().version.toInt(), 4);
        QCOMPARE(versionsOf(3).size(), 1);
        QCOMPARE(versionsOf(3).first().operation, History::Operation::Delete);
        QCOMPARE(History::recover(m_fixture.a(), schema, configOf(), key(schema, 3)).kind, History::WriteOutcome::Kind::Written);
        QCOMPARE(count(u"SELECT version FROM items WHERE id = 3"_s), 2);
    }

    void aCompositeKeyIsRecordedAndRecovered()
    {
        // Given a table keyed by (region, code) with history on
        QCOMPARE(m_fixture.exec({u"CREATE TABLE stock (region TEXT NOT NULL, code INTEGER NOT NULL, amount INTEGER, "
                                 "version INTEGER NOT NULL DEFAULT 1, PRIMARY KEY (region, code))"_s,
                                 u"INSERT INTO stock VALUES ('north', 1, 5, 1)"_s, u"INSERT INTO stock VALUES ('north,2', 1, 6, 1)"_s}),
                 QString());
        QVERIFY(enable(u"stock"_s));
        VersionedWriter w = writer(m_fixture.a(), u"stock"_s);
        const TableSchema schema = w.schema();
        QSqlRecord k;
        k.append(schema.fields.field(u"region"_s));
        k.append(schema.fields.field(u"code"_s));
        k.setValue(0, u"north"_s);
        k.setValue(1, 1);
        // When it is changed and deleted
        QCOMPARE(w.update(k, 1, {}, change(schema, u"amount"_s, 7)), VersionedWriter::Outcome::Written);
        QCOMPARE(w.remove(k, 2), VersionedWriter::Outcome::Written);
        // Then its history is its own (not the look-alike key's), and it can be recovered
        const auto entries = History::versions(m_fixture.a(), schema, k);
        QVERIFY_RESULT(entries);
        QCOMPARE(entries.value().size(), 2);
        QCOMPARE(entries.value().at(1).values.value(u"amount"_s).toInt(), 7);
        const auto deleted = History::deleted(m_fixture.a(), schema);
        QCOMPARE(deleted.value().size(), 1);
        QCOMPARE(deleted.value().first().key.value(u"region"_s).toString(), u"north"_s);
        QCOMPARE(History::recover(m_fixture.a(), schema, configOf(u"stock"_s), k).kind, History::WriteOutcome::Kind::Written);
        QCOMPARE(count(u"SELECT version FROM stock WHERE region = 'north' AND code = 1"_s), 3);
    }

    void anAddedColumnMakesTheHistoryOutdatedUntilEnabledAgain()
    {
        // Given history on items, and a column added since
        QVERIFY(enable());
        QCOMPARE(m_fixture.exec({u"ALTER TABLE items ADD COLUMN colour TEXT"_s}), QString());
        SchemaCache::forgetTables(m_fixture.a()); // as the editor's reload does
        const auto outdated = History::status(m_fixture.a(), u"items"_s);
        QVERIFY_RESULT(outdated);
        QCOMPARE(outdated.value().state, History::State::Outdated);
        QCOMPARE(outdated.value().missingColumns, QStringList{u"colour"_s});
        // When it is enabled again
        QVERIFY(enable());
        // Then it is up to date and records the new column
        QCOMPARE(History::status(m_fixture.a(), u"items"_s).value().state, History::State::UpToDate);
        QCOMPARE(m_fixture.exec({u"UPDATE items SET colour = 'green', version = 2 WHERE id = 1"_s}), QString());
        QCOMPARE(versionsOf(1).first().values.value(u"colour"_s).toString(), u"green"_s);
    }

    void theTriggerPolicyRecordsOneEntryPerVersion()
    {
        // Given items under the Trigger policy (on SQLite its trigger updates the row a second time)
        VersioningConfig config;
        config.table = u"items"_s;
        config.policy = VersionPolicy::Trigger;
        QVERIFY_RESULT(applyVersioning(m_fixture.a(), config));
        QVERIFY(enable());
        // When a raw writer and Concord each change row 1 once
        QCOMPARE(m_fixture.exec({u"UPDATE items SET qty = 50 WHERE id = 1"_s}), QString());
        VersionedWriter w = writer(m_fixture.a());
        QCOMPARE(w.update(key(w.schema(), 1), 2, {}, change(w.schema(), u"qty"_s, 51)), VersionedWriter::Outcome::Written);
        // Then there is one entry per version, each with its final number
        const QList<History::Entry> entries = versionsOf(1);
        QCOMPARE(entries.size(), 2);
        QCOMPARE(entries.at(0).version.toInt(), 3);
        QCOMPARE(entries.at(0).values.value(u"qty"_s).toInt(), 51);
        QCOMPARE(entries.at(1).version.toInt(), 2);
        QCOMPARE(entries.at(1).values.value(u"qty"_s).toInt(), 50);
        QCOMPARE(count(u"SELECT version FROM items WHERE id = 1"_s), 3);
        // and Concord's entry is signed, the raw writer's only where the database knows users
        QCOMPARE(entries.at(0).changedBy, expectedWriter());
        QCOMPARE(entries.at(1).changedBy, m_fixture.backend() == Backend::SQLite ? QString() : expectedWriter());
    }

    void disableKeepsOrDropsTheHistory()
    {
        // Given history on items with an entry
        QVERIFY(enable());
        QCOMPARE(m_fixture.exec({u"UPDATE items SET qty = 9, version = 2 WHERE id = 1"_s}), QString());
        // When it is disabled keeping the history
        QVERIFY_RESULT(History::disable(m_fixture.a(), u"items"_s, true));
        // Then writes are no longer recorded, and the old entries are still there
        QCOMPARE(m_fixture.exec({u"UPDATE items SET qty = 10, version = 3 WHERE id = 1"_s}), QString());
        QCOMPARE(versionsOf(1).size(), 1);
        auto status = History::status(m_fixture.a(), u"items"_s);
        QCOMPARE(status.value().state, History::State::Off);
        QVERIFY(status.value().hasHistoryTable);
        // When it is disabled dropping the history
        QVERIFY_RESULT(History::disable(m_fixture.a(), u"items"_s, false));
        status = History::status(m_fixture.a(), u"items"_s);
        QVERIFY(!status.value().hasHistoryTable);
        QCOMPARE(History::versions(m_fixture.a(), schemaOf(), key(schemaOf(), 1)).error().code, ErrorCode::NotFound);
    }
};

QTEST_GUILESS_MAIN(tst_History)
#include "tst_history.moc"
