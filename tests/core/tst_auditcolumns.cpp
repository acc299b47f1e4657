// SPDX-License-Identifier: MIT
// SPDX-FileCopyrightText: 2026 Concord developers
//
// Who changed a row and when: the audit columns every Concord write fills (the model's saves,
// the jobs), the triggers that fill them for outside writers, and the recorded setting, on the
// backend in CONCORD_TEST_BACKEND.
#include <core/db/auditstamp.h>
#include <core/jobs/bulkeditjob.h>
#include <core/jobs/importjob.h>
#include <core/jobs/importmapping.h>
#include <core/db/tableschema.h>
#include <core/model/versionedtablemodel.h>
#include <core/versioning/auditconfig.h>
#include <core/versioning/versionedwriter.h>
#include <core/versioning/versioning.h>
#include <tests/support/modelfixture.h>
#include <tests/support/testmacros.h>

#include <QRegularExpression>
#include <QSqlField>
#include <QSqlQuery>
#include <QTemporaryDir>
#include <QTest>

Q_DECLARE_METATYPE(Concord::VersionPolicy)

using namespace Concord;
using namespace Concord::Test;
using namespace Qt::StringLiterals;

class tst_AuditColumns : public QObject
{
    Q_OBJECT

private:
    ModelFixture m_fixture;
    QTemporaryDir m_dir;

    bool isSQLite() const { return m_fixture.backend() == Backend::SQLite; }
    QString timeType() const { return isSQLite() ? u"TEXT"_s : u"timestamp with time zone"_s; }
    // A time long ago, as an SQL literal of the backend.
    QString oldTime() const { return isSQLite() ? u"'2001-01-01 00:00:00'"_s : u"TIMESTAMPTZ '2001-01-01 00:00:00+00'"_s; }

    // The name a Concord write on this backend records: the OS user (SQLite), the role the
    // server runs the statement as (PostgreSQL).
    QString expectedUser() const
    {
        return isSQLite() ? currentUserName() : m_fixture.scalar(u"SELECT current_user"_s).toString();
    }

    QVariant cell(const QString &table, int id, const QString &column) const
    {
        return m_fixture.scalar(u"SELECT %1 FROM %2 WHERE id = %3"_s.arg(column, table).arg(id));
    }

    // Seconds from the time \a column holds to the database's clock now.
    double ageInSeconds(const QString &table, int id, const QString &column = u"modified_at"_s) const
    {
        const QString sql = isSQLite() ? u"SELECT (julianday('now') - julianday(%1)) * 86400.0 FROM %2 WHERE id = %3"_s
                                       : u"SELECT extract(epoch FROM now() - %1) FROM %2 WHERE id = %3"_s;
        const QVariant age = m_fixture.scalar(sql.arg(column, table).arg(id));
        return age.isNull() ? 1e9 : age.toDouble();
    }

    // Written just now, by the database's clock.
    bool stampedJustNow(const QString &table, int id, const QString &column = u"modified_at"_s) const
    {
        const double age = ageInSeconds(table, id, column);
        return age > -2 && age < 120;
    }

    QString writeCsv(const QByteArray &data)
    {
        const QString path = m_dir.filePath(u"cards.csv"_s);
        QFile file(path);
        if (!file.open(QIODevice::WriteOnly) || file.write(data) != data.size())
            return {};
        return path;
    }

    static BulkRow row(int id, int version)
    {
        QSqlRecord key;
        key.append(QSqlField(u"id"_s, QMetaType(QMetaType::Int)));
        key.setValue(0, id);
        return BulkRow{key, version};
    }

    std::optional<VersionedWriter> writerFor(const QSqlDatabase &db, const QString &table)
    {
        const auto config = versioningFor(db, table);
        const auto schema = config ? TableSchema::load(db, table, config.value().column) : Result<TableSchema>(config.error());
        if (!schema)
            return std::nullopt;
        return VersionedWriter(db, schema.value(), config.value());
    }

private Q_SLOTS:
    void initTestCase() { CONCORD_REQUIRE_BACKEND(); }

    void init()
    {
        // Given cards with audit columns of the default names, two rows last changed long ago
        QCOMPARE(m_fixture.create(), QString());
        const QString error = m_fixture.exec({
            u"CREATE TABLE cards (id %1, title TEXT, modified_by TEXT, modified_at %2, version INTEGER)"_s.arg(
                m_fixture.autoKey(), timeType()),
            u"INSERT INTO cards (title, modified_by, modified_at, version) VALUES ('first', 'someone', %1, 1)"_s.arg(oldTime()),
            u"INSERT INTO cards (title, modified_by, modified_at, version) VALUES ('second', 'someone', %1, 1)"_s.arg(oldTime()),
        });
        QVERIFY2(error.isEmpty(), qPrintable(error));
    }

    void cleanup() { m_fixture.destroy(); }

    void modelUpdateNamesTheUserAndTheTime()
    {
        // Given card 1 loaded in the editor's model
        auto model = m_fixture.load(m_fixture.a(), u"cards"_s);
        QCOMPARE(model->auditColumns().byColumn, u"modified_by"_s);
        QCOMPARE(model->auditColumns().atColumn, u"modified_at"_s);

        // When its title is edited and saved
        QVERIFY(ModelFixture::edit(*model, 0, u"title"_s, u"edited"_s));
        QVERIFY_SQL(*model, submitAll());

        // Then the row names this user and the database's time of the save; card 2 is untouched
        QCOMPARE(cell(u"cards"_s, 1, u"modified_by"_s).toString(), expectedUser());
        QVERIFY2(stampedJustNow(u"cards"_s, 1), qPrintable(QString::number(ageInSeconds(u"cards"_s, 1))));
        QCOMPARE(cell(u"cards"_s, 2, u"modified_by"_s).toString(), u"someone"_s);
        QVERIFY(ageInSeconds(u"cards"_s, 2) > 86400.0 * 365);
        // And the model shows what the database stored
        QCOMPARE(ModelFixture::value(*model, 0, u"modified_by"_s).toString(), expectedUser());
    }

    void modelInsertNamesTheUserAndTheTime()
    {
        auto model = m_fixture.load(m_fixture.a(), u"cards"_s);
        const int row = model->rowCount();
        QVERIFY(model->insertRows(row, 1));
        QVERIFY(ModelFixture::edit(*model, row, u"title"_s, u"new"_s));
        QVERIFY_SQL(*model, submitAll());
        const int id = m_fixture.scalar(u"SELECT id FROM cards WHERE title = 'new'"_s).toInt();
        QCOMPARE(cell(u"cards"_s, id, u"modified_by"_s).toString(), expectedUser());
        QVERIFY(stampedJustNow(u"cards"_s, id));
    }

    void writtenTimeIsTheDatabaseClock()
    {
        auto writer = writerFor(m_fixture.a(), u"cards"_s);
        QVERIFY(writer);
        QSqlRecord key = writer->schema().fields;
        key.setValue(u"id"_s, 1);
        QSqlRecord values = writer->schema().fields;
        for (int i = 0; i < values.count(); ++i)
            values.setGenerated(i, values.fieldName(i) == "title"_L1);
        values.setValue(u"title"_s, u"clocked"_s);
        if (isSQLite()) {
            // SQLite writes its own clock as UTC text to the millisecond; a time the client bound
            // would be Qt's ISO form ("…T…") or the client's local time.
            QCOMPARE(writer->update(key, 1, {}, values), VersionedWriter::Outcome::Written);
            const QString stored = cell(u"cards"_s, 1, u"modified_at"_s).toString();
            QVERIFY2(QRegularExpression(u"^\\d{4}-\\d\\d-\\d\\d \\d\\d:\\d\\d:\\d\\d\\.\\d{3}$"_s).match(stored).hasMatch(),
                     qPrintable(stored));
            QVERIFY(stampedJustNow(u"cards"_s, 1));
            return;
        }
        // PostgreSQL: CURRENT_TIMESTAMP is the transaction's start, which the client cannot know
        // to the microsecond: a write inside a transaction holds exactly that time.
        QSqlDatabase db = m_fixture.a();
        QVERIFY(db.transaction());
        QSqlQuery start(db);
        QVERIFY(start.exec(u"SELECT CURRENT_TIMESTAMP"_s) && start.next());
        const QDateTime transactionStart = start.value(0).toDateTime();
        start.finish();
        QCOMPARE(writer->update(key, 1, {}, values), VersionedWriter::Outcome::Written);
        QVERIFY(db.commit());
        QCOMPARE(cell(u"cards"_s, 1, u"modified_at"_s).toDateTime(), transactionStart);
    }

    void everyPolicyStampsInTheSameStatement_data()
    {
        QTest::addColumn<VersionPolicy>("policy");
        QTest::addRow("counter") << VersionPolicy::Counter;
        QTest::addRow("timestamp (a bound clock after the audit values)") << VersionPolicy::Timestamp;
        QTest::addRow("conditional, untracked field") << VersionPolicy::Conditional;
        QTest::addRow("trigger") << VersionPolicy::Trigger;
    }

    void everyPolicyStampsInTheSameStatement()
    {
        QFETCH(VersionPolicy, policy);
        // Given a table under the policy, conditional tracking another field than the one edited
        QVERIFY(m_fixture.exec({u"CREATE TABLE logs (id INTEGER PRIMARY KEY, line TEXT, level TEXT, modified_by TEXT, "
                                "modified_at %1, version BIGINT)"_s.arg(timeType()),
                                u"INSERT INTO logs VALUES (1, 'a', 'info', NULL, NULL, 1)"_s})
                    .isEmpty());
        VersioningConfig config;
        config.table = u"logs"_s;
        config.policy = policy;
        if (policy == VersionPolicy::Conditional)
            config.checkFields = QStringList{u"level"_s};
        QVERIFY_RESULT(applyVersioning(m_fixture.a(), config));
        // When a line is saved, then it is written, stamped, and the version moved as the policy says
        auto model = m_fixture.load(m_fixture.a(), u"logs"_s);
        QVERIFY(ModelFixture::edit(*model, 0, u"line"_s, u"b"_s));
        QVERIFY_SQL(*model, submitAll());
        QCOMPARE(cell(u"logs"_s, 1, u"line"_s).toString(), u"b"_s);
        QCOMPARE(cell(u"logs"_s, 1, u"modified_by"_s).toString(), expectedUser());
        QVERIFY(stampedJustNow(u"logs"_s, 1));
        const qlonglong version = cell(u"logs"_s, 1, u"version"_s).toLongLong();
        if (policy == VersionPolicy::Conditional)
            QCOMPARE(version, 1);
        else if (policy == VersionPolicy::Timestamp)
            QVERIFY2(version > 1'000'000'000'000'000LL, qPrintable(QString::number(version)));
        else
            QCOMPARE(version, 2);
    }

    void handEditsOfAuditColumnsAreRefused()
    {
        // Given the model: the audit columns are read-only, like the version
        auto model = m_fixture.load(m_fixture.a(), u"cards"_s);
        const QModelIndex by = model->index(0, model->fieldIndex(u"modified_by"_s));
        QVERIFY(!(model->flags(by) & Qt::ItemIsEditable));
        QVERIFY(!(model->flags(model->index(0, model->fieldIndex(u"modified_at"_s))) & Qt::ItemIsEditable));
        QVERIFY(model->flags(model->index(0, model->fieldIndex(u"title"_s))) & Qt::ItemIsEditable);
        QVERIFY(!model->setData(by, u"mallory"_s));

        // When a writer is handed a name anyway, with a real change, it writes its own
        auto writer = writerFor(m_fixture.a(), u"cards"_s);
        QSqlRecord key = writer->schema().fields;
        key.setValue(u"id"_s, 2);
        QSqlRecord values = writer->schema().fields;
        values.setValue(u"title"_s, u"changed"_s);
        values.setValue(u"modified_by"_s, u"mallory"_s);
        values.setValue(u"modified_at"_s, u"1999-12-31 23:59:59"_s);
        QSqlRecord base = values;
        base.setValue(u"title"_s, u"second"_s);
        base.setValue(u"modified_by"_s, u"someone"_s);
        QCOMPARE(writer->update(key, 1, base, values), VersionedWriter::Outcome::Written);
        QCOMPARE(cell(u"cards"_s, 2, u"modified_by"_s).toString(), expectedUser());
        QVERIFY(stampedJustNow(u"cards"_s, 2));

        // And a change of nothing but the audit columns writes nothing
        values.setValue(u"title"_s, u"changed"_s);
        base = values;
        values.setValue(u"modified_by"_s, u"mallory"_s);
        QCOMPARE(writer->update(key, 2, base, values), VersionedWriter::Outcome::Unchanged);
    }

    void rowTooltipSaysWhoChangedItAndWhen()
    {
        auto model = m_fixture.load(m_fixture.a(), u"cards"_s);
        QVERIFY(ModelFixture::edit(*model, 0, u"title"_s, u"edited"_s));
        QVERIFY_SQL(*model, submitAll());
        const QString expected = u"Changed by %1 just now"_s.arg(expectedUser());
        QCOMPARE(model->headerData(0, Qt::Vertical, Qt::ToolTipRole).toString(), expected);
        QCOMPARE(model->index(0, 1).data(Qt::ToolTipRole).toString(), expected);
        QVERIFY2(model->headerData(1, Qt::Vertical, Qt::ToolTipRole).toString() == u"Changed by someone on 1 January 2001"_s,
                 qPrintable(model->headerData(1, Qt::Vertical, Qt::ToolTipRole).toString()));
        // A table without audit columns has no such tooltip
        auto items = m_fixture.load(m_fixture.a());
        QVERIFY(items->auditColumns().isEmpty());
        QVERIFY(items->index(0, 1).data(Qt::ToolTipRole).isNull());
    }

    void bulkEditNamesTheUserAndTheTime()
    {
        BulkEditJob job(m_fixture.database().address(), u"cards"_s, {row(1, 1), row(2, 1)}, u"title"_s, u"bulk"_s);
        QVERIFY_RESULT(job.run());
        for (int id : {1, 2}) {
            QCOMPARE(cell(u"cards"_s, id, u"title"_s).toString(), u"bulk"_s);
            QCOMPARE(cell(u"cards"_s, id, u"modified_by"_s).toString(), expectedUser());
            QVERIFY(stampedJustNow(u"cards"_s, id));
        }
        // And nobody bulk edits who changed a row
        BulkEditJob lie(m_fixture.database().address(), u"cards"_s, {row(1, 2)}, u"modified_by"_s, u"mallory"_s);
        QCOMPARE(lie.run().error().code, ErrorCode::InvalidArgument);
        QCOMPARE(cell(u"cards"_s, 1, u"modified_by"_s).toString(), expectedUser());
    }

    void importNamesTheUserAndTheTime()
    {
        // Given a file that changes card 1, adds a card, and claims who wrote them
        ImportOptions options;
        options.table = u"cards"_s;
        options.filePath = writeCsv("id,title,modified_by\n1,imported,mallory\n,added,mallory\n");
        ImportJob job(m_fixture.database().address(), options);
        QVERIFY_RESULT(job.run());
        // Then both rows name the user who imported them, at the database's time of the import
        const int added = m_fixture.scalar(u"SELECT id FROM cards WHERE title = 'added'"_s).toInt();
        for (int id : {1, added}) {
            QCOMPARE(cell(u"cards"_s, id, u"modified_by"_s).toString(), expectedUser());
            QVERIFY(stampedJustNow(u"cards"_s, id));
        }
        QCOMPARE(cell(u"cards"_s, 1, u"title"_s).toString(), u"imported"_s);
        QCOMPARE(cell(u"cards"_s, 2, u"modified_by"_s).toString(), u"someone"_s);
    }

    void anImportNeverTakesWhoAndWhenFromTheFile()
    {
        // A header naming an audit column is listed as ignored, not taken and then replaced
        const QString file = writeCsv("id,title,modified_by\n1,imported,mallory\n");
        ImportOptions options;
        options.table = u"cards"_s;
        options.filePath = file;
        const auto preview = ImportJob::preview(m_fixture.a(), options, 5);
        QVERIFY_RESULT(preview);
        QCOMPARE(preview.value().mapping.ignoredHeaders, QStringList{u"modified_by"_s});
        for (const ImportMapping::Column &column : preview.value().mapping.columns)
            QVERIFY(column.column != u"modified_by"_s);
        // And mapping a column of the file onto one is refused with the reason, writing nothing
        options.mapping = {{u"title"_s, u"modified_at"_s}, {u"modified_by"_s, QString()}};
        ImportJob job(m_fixture.database().address(), options);
        const auto result = job.run();
        QVERIFY(!result);
        QVERIFY2(result.error().message.contains(u"modified_at"_s), qPrintable(result.error().message));
        QCOMPARE(cell(u"cards"_s, 1, u"title"_s).toString() == u"imported"_s, false);
    }

    void outsideUpdateUnderTheTriggerPolicyIsStamped()
    {
        // Given cards versioned by triggers
        VersioningConfig config;
        config.table = u"cards"_s;
        config.policy = VersionPolicy::Trigger;
        QVERIFY_RESULT(applyVersioning(m_fixture.a(), config));

        // When another program updates a card with plain SQL, naming nobody
        QVERIFY(m_fixture.exec({u"UPDATE cards SET title = 'raw' WHERE id = 1"_s}).isEmpty());

        // Then the version moved, the time is the database's, and the name is the server's role
        // (PostgreSQL) or unknown (SQLite has no users: the previous name is not kept as a lie)
        QCOMPARE(cell(u"cards"_s, 1, u"version"_s).toInt(), 2);
        QVERIFY2(stampedJustNow(u"cards"_s, 1), qPrintable(QString::number(ageInSeconds(u"cards"_s, 1))));
        const QVariant by = cell(u"cards"_s, 1, u"modified_by"_s);
        if (isSQLite())
            QVERIFY2(by.isNull(), qPrintable(by.toString()));
        else
            QCOMPARE(by.toString(), m_fixture.scalar(u"SELECT current_user"_s).toString());

        // And a writer that names itself is kept, on both
        QVERIFY(m_fixture.exec({u"UPDATE cards SET title = 'scripted', modified_by = 'nightly-job' WHERE id = 2"_s}).isEmpty());
        QCOMPARE(cell(u"cards"_s, 2, u"modified_by"_s).toString(), u"nightly-job"_s);
        QVERIFY(stampedJustNow(u"cards"_s, 2));

        // And Concord's own saves keep its name through the trigger, however fast they follow
        // each other (SQLite: several within one millisecond)
        auto model = m_fixture.load(m_fixture.a(), u"cards"_s);
        for (int i = 1; i <= 10; ++i) {
            QVERIFY(ModelFixture::edit(*model, 1, u"title"_s, u"editor %1"_s.arg(i)));
            QVERIFY_SQL(*model, submitAll());
            QCOMPARE(cell(u"cards"_s, 2, u"modified_by"_s).toString(), expectedUser());
        }
        QCOMPARE(cell(u"cards"_s, 2, u"version"_s).toInt(), 12); // scripted 2, then one bump per save
    }

    void recordedColumnsAreUsedAndOffMeansOff()
    {
        // Given notes whose audit columns have other names, beside a modified_by of its own
        QVERIFY(m_fixture.exec({u"CREATE TABLE notes (id INTEGER PRIMARY KEY, body TEXT, changed_by TEXT, "
                                "changed_on %1, modified_by TEXT, version INTEGER)"_s.arg(timeType()),
                                u"INSERT INTO notes VALUES (1, 'a', NULL, NULL, 'kept', 1)"_s})
                    .isEmpty());
        AuditConfig recorded;
        recorded.table = u"notes"_s;
        recorded.byColumn = u"changed_by"_s;
        recorded.atColumn = u"changed_on"_s;
        auto schema = TableSchema::load(m_fixture.a(), u"notes"_s);
        QVERIFY_RESULT(schema);
        QVERIFY_RESULT(recorded.validate(schema.value().fields, schema.value().primaryKey, schema.value().versionColumn));
        QVERIFY_RESULT(AuditCatalog::store(m_fixture.a(), recorded));

        // When a note is saved, then the recorded columns are filled and modified_by left alone
        auto model = m_fixture.load(m_fixture.a(), u"notes"_s);
        QVERIFY(ModelFixture::edit(*model, 0, u"body"_s, u"b"_s));
        QVERIFY_SQL(*model, submitAll());
        QCOMPARE(cell(u"notes"_s, 1, u"changed_by"_s).toString(), expectedUser());
        QVERIFY(stampedJustNow(u"notes"_s, 1, u"changed_on"_s));
        QCOMPARE(cell(u"notes"_s, 1, u"modified_by"_s).toString(), u"kept"_s);
        QVERIFY(ModelFixture::edit(*model, 0, u"modified_by"_s, u"free to edit"_s));

        // When audit is off for cards, then a save fills nothing
        QVERIFY_RESULT(AuditCatalog::store(m_fixture.a(), AuditConfig::off(u"cards"_s)));
        auto cards = m_fixture.load(m_fixture.a(), u"cards"_s);
        QVERIFY(cards->auditColumns().isEmpty());
        QVERIFY(ModelFixture::edit(*cards, 0, u"title"_s, u"quiet"_s));
        QVERIFY_SQL(*cards, submitAll());
        QCOMPARE(cell(u"cards"_s, 1, u"modified_by"_s).toString(), u"someone"_s);

        // And names that are no column, the key or the version are refused
        AuditConfig bad = recorded;
        bad.byColumn = u"nope"_s;
        QCOMPARE(bad.validate(schema.value().fields, schema.value().primaryKey, u"version"_s).error().code, ErrorCode::NotFound);
        bad.byColumn = u"version"_s;
        QCOMPARE(bad.validate(schema.value().fields, schema.value().primaryKey, u"version"_s).error().code, ErrorCode::InvalidArgument);
        bad.byColumn = u"changed_on"_s;
        QCOMPARE(bad.validate(schema.value().fields, schema.value().primaryKey, u"version"_s).error().code, ErrorCode::InvalidArgument);
    }

    void columnsOfOtherTypesAreTheApplicationsOwn()
    {
        // Given a modified_by that refers to a user by number, and a modified_at counting seconds
        QVERIFY(m_fixture.exec({u"CREATE TABLE tasks (id INTEGER PRIMARY KEY, name TEXT, modified_by INTEGER, "
                                "modified_at INTEGER, version INTEGER)"_s,
                                u"INSERT INTO tasks VALUES (1, 'a', 42, 1700000000, 1)"_s})
                    .isEmpty());
        // When a task is saved, then Concord leaves both alone and the save goes through
        auto model = m_fixture.load(m_fixture.a(), u"tasks"_s);
        QVERIFY(model->auditColumns().isEmpty());
        QVERIFY(ModelFixture::edit(*model, 0, u"name"_s, u"b"_s));
        QVERIFY_SQL(*model, submitAll());
        QCOMPARE(cell(u"tasks"_s, 1, u"modified_by"_s).toInt(), 42);
        QCOMPARE(cell(u"tasks"_s, 1, u"modified_at"_s).toLongLong(), 1700000000LL);
        // And recording them by hand is refused
        AuditConfig config;
        config.table = u"tasks"_s;
        config.byColumn = u"modified_by"_s;
        QCOMPARE(config.validate(model->schema().fields, model->schema().primaryKey, u"version"_s).error().code,
                 ErrorCode::InvalidArgument);
    }

    void catalogFromBeforeAuditColumnsStillLoads()
    {
        // Given a database versioned by an older Concord: concord_versioning as it made it, and
        // no concord_audit at all
        QVERIFY(m_fixture.exec({u"CREATE TABLE concord_versioning (table_name TEXT PRIMARY KEY, version_column TEXT NOT NULL, "
                                "policy TEXT NOT NULL, check_fields TEXT, ignore_fields TEXT, "
                                "column_added INTEGER NOT NULL DEFAULT 0)"_s,
                                u"INSERT INTO concord_versioning VALUES ('cards', 'version', 'conditional', 'title', '', 0)"_s})
                    .isEmpty());
        QVERIFY(!m_fixture.a().tables().contains(QLatin1String(AuditCatalog::tableName)));

        // When its config is read, then the policy is the recorded one and audit is automatic
        const auto config = versioningFor(m_fixture.a(), u"cards"_s);
        QVERIFY_RESULT(config);
        QCOMPARE(config.value().policy, VersionPolicy::Conditional);
        QVERIFY(!config.value().audit.byColumn && !config.value().audit.atColumn);

        // And a save fills the audit columns without creating anything
        auto model = m_fixture.load(m_fixture.a(), u"cards"_s);
        QVERIFY(ModelFixture::edit(*model, 0, u"title"_s, u"edited"_s));
        QVERIFY_SQL(*model, submitAll());
        QCOMPARE(cell(u"cards"_s, 1, u"modified_by"_s).toString(), expectedUser());
        QVERIFY(!m_fixture.a().tables().contains(QLatin1String(AuditCatalog::tableName)));
    }
};

QTEST_GUILESS_MAIN(tst_AuditColumns)
#include "tst_auditcolumns.moc"
