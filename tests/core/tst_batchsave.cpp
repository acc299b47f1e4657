// SPDX-License-Identifier: MIT
// SPDX-FileCopyrightText: 2026 Concord developers
//
// Saving many rows in one submit (issue #13): on PostgreSQL the updates go in batches
// (VersionedWriter::updateBatch()), on SQLite one by one. Either way every value arrives exactly,
// every row is checked against the version it was loaded at, a conflict is reported for its row
// alone, and a row the database refuses is named while nothing of the save stays.
#include <core/model/versionedtablemodel.h>
#include <core/versioning/versioning.h>
#include <tests/support/modelfixture.h>
#include <tests/support/testmacros.h>

#include <QSqlQuery>
#include <QTest>

#include <cmath>

using namespace Concord;
using namespace Concord::Test;

class tst_BatchSave : public QObject
{
    Q_OBJECT

private:
    ModelFixture m_fixture;
    static constexpr int rows = 1200; // three batches of 500 on PostgreSQL

    bool isPostgres() const { return m_fixture.backend() != Backend::SQLite; }

    QString createWide()
    {
        const QString real = isPostgres() ? QStringLiteral("double precision") : QStringLiteral("REAL");
        const QString flag = isPostgres() ? QStringLiteral("boolean") : QStringLiteral("BOOLEAN");
        QStringList statements{
            QStringLiteral("CREATE TABLE wide (id integer PRIMARY KEY, name text, qty integer CHECK (qty >= 0), "
                           "price %1, flag %2, note text, version integer)")
                .arg(real, flag)};
        QStringList values;
        for (int id = 1; id <= rows; ++id)
            values << QStringLiteral("(%1, 'row %1', %1, 1.5, %2, NULL, 1)").arg(id).arg(isPostgres() ? QStringLiteral("false") : QStringLiteral("0"));
        statements << QStringLiteral("INSERT INTO wide (id, name, qty, price, flag, note, version) VALUES ") + values.join(u',');
        return m_fixture.exec(statements);
    }

    std::unique_ptr<VersionedTableModel> loadAll(const QString &table)
    {
        auto model = m_fixture.load(m_fixture.a(), table);
        while (model->canFetchMore())
            model->fetchMore();
        return model;
    }

    static bool edit(VersionedTableModel &model, int row, const QString &field, const QVariant &value)
    {
        return ModelFixture::edit(model, row, field, value);
    }

    // What a user types into the cells that matter: quotes, backslashes, JSON's own characters,
    // text beyond Latin-1, the doubles that lose digits when printed carelessly, and NULL.
    static QString nameFor(int id)
    {
        static const QStringList samples{QStringLiteral("O'Brien"), QStringLiteral("back\\slash"),
                                         QStringLiteral("{\"json\": [1, 2]}"), QStringLiteral("Zoë, 東京 ✓"),
                                         QStringLiteral("tab\tand\nnewline"), QStringLiteral("")};
        return samples.at(id % samples.size()) + QString::number(id);
    }
    static double priceFor(int id) { return id % 3 == 0 ? 0.1 + id : id % 3 == 1 ? 1e-300 * id : 123456789.123456789 / id; }

    int countOf(const QString &sql) const { return m_fixture.scalar(sql).toInt(); }

    // PostgreSQL: a statement-level trigger counts the UPDATE statements the server runs on
    // wide, in update_statements.n.
    QString countUpdateStatements()
    {
        return m_fixture.exec({QStringLiteral("CREATE TABLE update_statements (n integer)"),
                               QStringLiteral("INSERT INTO update_statements VALUES (0)"),
                               QStringLiteral("CREATE FUNCTION count_update() RETURNS trigger LANGUAGE plpgsql AS "
                                              "$$BEGIN UPDATE update_statements SET n = n + 1; RETURN NULL; END$$"),
                               QStringLiteral("CREATE TRIGGER counted AFTER UPDATE ON wide FOR EACH STATEMENT "
                                              "EXECUTE FUNCTION count_update()")});
    }

private slots:
    void initTestCase() { CONCORD_REQUIRE_BACKEND(); }
    void init() { QCOMPARE(m_fixture.create(), QString()); }
    void cleanup() { m_fixture.destroy(); }

    void everyValueArrivesExactly()
    {
        QCOMPARE(createWide(), QString());
        auto model = loadAll(QStringLiteral("wide"));
        QCOMPARE(model->rowCount(), rows);
        for (int row = 0; row < rows; ++row) {
            const int id = row + 1;
            QVERIFY(edit(*model, row, QStringLiteral("name"), nameFor(id)));
            QVERIFY(edit(*model, row, QStringLiteral("price"), priceFor(id)));
            if (id % 7 == 0)
                QVERIFY(edit(*model, row, QStringLiteral("note"), QStringLiteral("noted %1").arg(id)));
            if (id % 11 == 0)
                QVERIFY(edit(*model, row, QStringLiteral("qty"), QVariant()));
        }
        QVERIFY_SQL(*model, submitAll());
        QVERIFY(model->pendingRows().isEmpty());

        QSqlQuery query(m_fixture.b());
        QVERIFY(query.exec(QStringLiteral("SELECT id, name, price, note, qty, version FROM wide ORDER BY id")));
        int seen = 0;
        while (query.next()) {
            const int id = query.value(0).toInt();
            QCOMPARE(query.value(1).toString(), nameFor(id));
            QCOMPARE(query.value(2).toDouble(), priceFor(id)); // exact, not fuzzy
            QCOMPARE(query.value(3).toString(), id % 7 == 0 ? QStringLiteral("noted %1").arg(id) : QString());
            QCOMPARE(query.value(4).isNull(), id % 11 == 0);
            QCOMPARE(query.value(5).toInt(), 2);
            ++seen;
        }
        QCOMPARE(seen, rows);
        // The model shows what was stored, at the new version, and saves again from there.
        QCOMPARE(ModelFixture::value(*model, 41, QStringLiteral("version")).toInt(), 2);
        QCOMPARE(ModelFixture::value(*model, 41, QStringLiteral("name")).toString(), nameFor(42));
        QVERIFY(edit(*model, 41, QStringLiteral("name"), QStringLiteral("again")));
        QVERIFY_SQL(*model, submitAll());
        QCOMPARE(countOf(QStringLiteral("SELECT version FROM wide WHERE id = 42")), 3);
    }

    // The point of batching: 1,200 updates are three statements on PostgreSQL, not 1,200. A
    // statement-level trigger counts what the server ran.
    void postgresWritesManyRowsPerStatement()
    {
        if (!isPostgres())
            QSKIP("SQLite writes each row with its own statement (no round trips to save)");
        QCOMPARE(createWide(), QString());
        QCOMPARE(countUpdateStatements(), QString());
        auto model = loadAll(QStringLiteral("wide"));
        for (int row = 0; row < rows; ++row)
            QVERIFY(edit(*model, row, QStringLiteral("name"), nameFor(row + 1)));
        QVERIFY_SQL(*model, submitAll());
        QCOMPARE(countOf(QStringLiteral("SELECT n FROM update_statements")), 3);
        QCOMPARE(countOf(QStringLiteral("SELECT count(*) FROM wide WHERE version = 2")), rows);
    }

    void aConflictIsReportedForItsRowAloneAndNothingIsWritten()
    {
        QCOMPARE(createWide(), QString());
        auto model = loadAll(QStringLiteral("wide"));
        for (int row = 0; row < 20; ++row)
            QVERIFY(edit(*model, row, QStringLiteral("name"), QStringLiteral("mine %1").arg(row)));
        QCOMPARE(ModelFixture::saveAsOtherUser(m_fixture.b(), QStringLiteral("wide"), 6, QStringLiteral("note"),
                                               QStringLiteral("theirs")),
                 QString());
        QVERIFY(!model->submitAll());
        const QList<RecordModifiedError> conflicts = model->conflicts();
        QCOMPARE(conflicts.size(), 1);
        QCOMPARE(conflicts.first().key.value(QStringLiteral("id")).toInt(), 6);
        QCOMPARE(conflicts.first().theirs.value(QStringLiteral("note")).toString(), QStringLiteral("theirs"));
        // All or nothing: no other row was written, and every edit is still pending.
        QCOMPARE(countOf(QStringLiteral("SELECT count(*) FROM wide WHERE name LIKE 'mine%'")), 0);
        QCOMPARE(model->pendingRows().size(), 20);
    }

    void aRefusedRowIsNamedAndNothingStays()
    {
        QCOMPARE(createWide(), QString());
        auto model = loadAll(QStringLiteral("wide"));
        for (int row = 0; row < 600; ++row)
            QVERIFY(edit(*model, row, QStringLiteral("name"), QStringLiteral("mine %1").arg(row)));
        QVERIFY(edit(*model, 555, QStringLiteral("qty"), -1)); // breaks CHECK (qty >= 0)
        QVERIFY(!model->submitAll());
        QVERIFY(model->conflicts().isEmpty());
        // The report names the record the database refused, not just "the batch".
        QVERIFY2(model->lastError().text().contains(QStringLiteral("556")), qPrintable(model->lastError().text()));
        QCOMPARE(countOf(QStringLiteral("SELECT count(*) FROM wide WHERE name LIKE 'mine%' OR version <> 1")), 0);
        QCOMPARE(model->pendingRows().size(), 600);
        QVERIFY(edit(*model, 555, QStringLiteral("qty"), 5));
        QVERIFY_SQL(*model, submitAll());
        QCOMPARE(countOf(QStringLiteral("SELECT count(*) FROM wide WHERE name LIKE 'mine%'")), 600);
    }

    // The editor saves with SaveOthers: the batch runs under a savepoint, conflicts leave their
    // rows alone, and a refused batch is written again row by row so that only that row stays.
    void saveOthersBatchesAndKeepsOnlyWhatFailed()
    {
        QCOMPARE(createWide(), QString());
        if (isPostgres()) {
            QCOMPARE(countUpdateStatements(), QString());
        }
        auto model = loadAll(QStringLiteral("wide"));
        model->setSubmitPolicy(VersionedTableModel::SubmitPolicy::SaveOthers);
        for (int row = 0; row < 1000; ++row)
            QVERIFY(edit(*model, row, QStringLiteral("name"), QStringLiteral("mine %1").arg(row)));
        QCOMPARE(ModelFixture::saveAsOtherUser(m_fixture.b(), QStringLiteral("wide"), 6, QStringLiteral("note"),
                                               QStringLiteral("theirs")),
                 QString());
        QVERIFY(!model->submitAll());
        QCOMPARE(model->conflicts().size(), 1);
        QCOMPARE(model->conflicts().first().key.value(QStringLiteral("id")).toInt(), 6);
        QCOMPARE(countOf(QStringLiteral("SELECT count(*) FROM wide WHERE name LIKE 'mine%'")), 999);
        if (isPostgres()) // two batches, besides the other user's save
            QCOMPARE(countOf(QStringLiteral("SELECT n FROM update_statements")), 3);

        // A refused row: the batch is undone, the rows written one by one; only it stays pending.
        for (int row = 0; row < 600; ++row) {
            if (row != 5)
                QVERIFY(edit(*model, row, QStringLiteral("name"), QStringLiteral("again %1").arg(row)));
        }
        QVERIFY(edit(*model, 300, QStringLiteral("qty"), -1));
        QVERIFY(!model->submitAll());
        QVERIFY2(model->lastError().text().contains(QStringLiteral("301")), qPrintable(model->lastError().text()));
        QCOMPARE(countOf(QStringLiteral("SELECT count(*) FROM wide WHERE name LIKE 'again%'")), 598);
        QVERIFY(model->pendingRows().contains(300));
    }

    void legacyRowsWithoutAVersionSaveInTheSameSubmit()
    {
        QCOMPARE(createWide(), QString());
        QCOMPARE(m_fixture.exec({QStringLiteral("UPDATE wide SET version = NULL WHERE id % 2 = 0")}), QString());
        auto model = loadAll(QStringLiteral("wide"));
        for (int row = 0; row < 40; ++row)
            QVERIFY(edit(*model, row, QStringLiteral("note"), QStringLiteral("n%1").arg(row)));
        QVERIFY_SQL(*model, submitAll());
        QCOMPARE(countOf(QStringLiteral("SELECT count(*) FROM wide WHERE id <= 40 AND id % 2 = 0 AND version = 1")), 20);
        QCOMPARE(countOf(QStringLiteral("SELECT count(*) FROM wide WHERE id <= 40 AND id % 2 = 1 AND version = 2")), 20);
    }

    // A save that returns less than the whole row must still show what the database computed:
    // a generated column changes with the columns it is computed from.
    void generatedColumnsShowTheirNewValue()
    {
        const QString generated = isPostgres() ? QStringLiteral("integer GENERATED ALWAYS AS (qty * 2) STORED")
                                               : QStringLiteral("INTEGER GENERATED ALWAYS AS (qty * 2) STORED");
        QCOMPARE(m_fixture.exec({QStringLiteral("CREATE TABLE doubled (id integer PRIMARY KEY, qty integer, total %1, "
                                                "version integer)").arg(generated),
                                 QStringLiteral("INSERT INTO doubled (id, qty, version) VALUES (1, 1, 1), (2, 2, 1)")}),
                 QString());
        auto model = loadAll(QStringLiteral("doubled"));
        QCOMPARE(model->rowCount(), 2);
        const bool shown = model->fieldIndex(QStringLiteral("total")) >= 0;
        QVERIFY(edit(*model, 0, QStringLiteral("qty"), 10));
        QVERIFY_SQL(*model, submitAll());
        QVERIFY(edit(*model, 0, QStringLiteral("qty"), 20));
        QVERIFY(edit(*model, 1, QStringLiteral("qty"), 30));
        QVERIFY_SQL(*model, submitAll());
        QCOMPARE(countOf(QStringLiteral("SELECT total FROM doubled WHERE id = 2")), 60);
        if (!shown)
            QSKIP("Qt's SQLite driver does not list generated columns (PRAGMA table_info leaves them out)");
        QCOMPARE(ModelFixture::value(*model, 0, QStringLiteral("total")).toInt(), 40);
        QCOMPARE(ModelFixture::value(*model, 1, QStringLiteral("total")).toInt(), 60);
    }

    // PostgreSQL returns only what a save sets unless something else may change the row: a user's
    // BEFORE UPDATE trigger does, and the model must show its work after a save of one row.
    void aTriggerThatChangesTheRowIsShownAfterTheSave()
    {
        if (!isPostgres())
            QSKIP("SQLite triggers cannot change the row being written");
        QCOMPARE(createWide(), QString());
        QCOMPARE(m_fixture.exec({QStringLiteral("CREATE FUNCTION shout() RETURNS trigger LANGUAGE plpgsql AS "
                                                "$$BEGIN NEW.note := upper(NEW.name); RETURN NEW; END$$"),
                                 QStringLiteral("CREATE TRIGGER shouting BEFORE UPDATE ON wide FOR EACH ROW "
                                                "EXECUTE FUNCTION shout()")}),
                 QString());
        auto model = m_fixture.load(m_fixture.a(), QStringLiteral("wide"));
        QVERIFY(edit(*model, 2, QStringLiteral("name"), QStringLiteral("quiet")));
        QVERIFY_SQL(*model, submitAll());
        QCOMPARE(ModelFixture::value(*model, 2, QStringLiteral("note")).toString(), QStringLiteral("QUIET"));
        QCOMPARE(ModelFixture::value(*model, 2, QStringLiteral("version")).toInt(), 2);
    }

    void compositeKeysAndTimestampVersions()
    {
        QCOMPARE(m_fixture.exec({QStringLiteral("CREATE TABLE stock (shop text, item integer, qty integer, version bigint, "
                                                "PRIMARY KEY (shop, item))"),
                                 QStringLiteral("INSERT INTO stock VALUES ('north', 1, 1, 1), ('north', 2, 1, 1), "
                                                "('south', 1, 1, 1), ('south''s', 2, 1, 1)")}),
                 QString());
        VersioningConfig config;
        config.table = QStringLiteral("stock");
        config.policy = VersionPolicy::Timestamp;
        QVERIFY_RESULT(applyVersioning(m_fixture.a(), config));
        const qint64 before = QDateTime::currentMSecsSinceEpoch() * 1000;
        auto model = loadAll(QStringLiteral("stock"));
        QCOMPARE(model->rowCount(), 4);
        for (int row = 0; row < 4; ++row)
            QVERIFY(edit(*model, row, QStringLiteral("qty"), 10 + row));
        QVERIFY_SQL(*model, submitAll());
        QCOMPARE(countOf(QStringLiteral("SELECT sum(qty) FROM stock")), 46);
        QCOMPARE(countOf(QStringLiteral("SELECT count(*) FROM stock WHERE version >= %1").arg(before)), 4);
        // The model holds the versions the database has: the next save checks against them.
        for (int row = 0; row < 4; ++row)
            QVERIFY(edit(*model, row, QStringLiteral("qty"), 20 + row));
        QVERIFY_SQL(*model, submitAll());
        QCOMPARE(countOf(QStringLiteral("SELECT sum(qty) FROM stock")), 86);
    }
};

QTEST_GUILESS_MAIN(tst_BatchSave)
#include "tst_batchsave.moc"
