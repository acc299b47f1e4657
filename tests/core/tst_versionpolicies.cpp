// SPDX-License-Identifier: MIT
// SPDX-FileCopyrightText: 2026 Concord developers
//
// Version policies, triggers for outside writers, adopting existing tables and the schema
// check, on SQLite and PostgreSQL (CONCORD_TEST_BACKEND). Numbers in comments refer to the
// scenarios of shared/REFERENCE.md section 2.
#include <core/versioning/versioning.h>
#include <core/versioning/versiontriggers.h>
#include <tests/support/modelfixture.h>
#include <tests/support/testmacros.h>

#include <QDateTime>
#include <QSqlField>
#include <QSqlQuery>
#include <QTest>

using namespace Concord;
using namespace Concord::Test;

class tst_VersionPolicies : public QObject
{
    Q_OBJECT

private:
    ModelFixture m_fixture;

    VersioningConfig config(VersionPolicy policy, const QString &table = QStringLiteral("items"))
    {
        VersioningConfig c;
        c.table = table;
        c.policy = policy;
        return c;
    }

    QString apply(const VersioningConfig &c)
    {
        auto result = applyVersioning(m_fixture.a(), c);
        return result ? QString() : result.error().message;
    }

    QVariant scalar(const QString &sql) { return m_fixture.scalar(sql); }
    static bool edit(VersionedTableModel &model, int row, const QString &field, const QVariant &value)
    {
        return ModelFixture::edit(model, row, field, value);
    }

private Q_SLOTS:
    void initTestCase() { CONCORD_REQUIRE_BACKEND(); }
    void init() { QCOMPARE(m_fixture.create(), QString()); }
    void cleanup() { m_fixture.destroy(); }

    void policyIsReadFromTheDatabase()
    {
        QCOMPARE(apply(config(VersionPolicy::Conditional)), QString());
        auto a = m_fixture.load(m_fixture.a());
        QVERIFY(a->versioning());
        QCOMPARE(a->versioning()->policy, VersionPolicy::Conditional);
        const auto all = VersioningCatalog::loadAll(m_fixture.b());
        QVERIFY_RESULT(all);
        QCOMPARE(all.value().size(), 1);
    }

    void timestampVersionsGrowWithTime()
    {
        QVERIFY(m_fixture.exec({QStringLiteral("CREATE TABLE stamped (id %1, v TEXT, version BIGINT)").arg(m_fixture.autoKey()),
                                QStringLiteral("INSERT INTO stamped (v, version) VALUES ('x', 5)")}).isEmpty());
        VersioningConfig c = config(VersionPolicy::Timestamp, QStringLiteral("stamped"));
        QCOMPARE(apply(c), QString());
        const qint64 before = QDateTime::currentMSecsSinceEpoch() * 1000;
        auto a = m_fixture.load(m_fixture.a(), QStringLiteral("stamped"));
        auto b = m_fixture.load(m_fixture.b(), QStringLiteral("stamped"));
        QVERIFY(edit(*a, 0, QStringLiteral("v"), QStringLiteral("y")));
        QVERIFY_SQL(*a, submitAll());
        const qint64 first = scalar(QStringLiteral("SELECT version FROM stamped")).toLongLong();
        QVERIFY(first >= before);
        // An insert starts at the clock too, and a stale copy still conflicts
        QVERIFY(a->insertRow(1));
        QVERIFY(edit(*a, 1, QStringLiteral("v"), QStringLiteral("new")));
        QVERIFY_SQL(*a, submitAll());
        QVERIFY(scalar(QStringLiteral("SELECT version FROM stamped WHERE v = 'new'")).toLongLong() > first);
        QVERIFY(edit(*b, 0, QStringLiteral("v"), QStringLiteral("z")));
        QVERIFY(!b->submitAll());
        QVERIFY(isRecordModified(b->lastError()));
    }

    void timestampNeedsSixtyFourBits()
    {
        // items.version is INTEGER: 64-bit in SQLite, 32-bit in PostgreSQL, too small for microseconds
        const auto applied = applyVersioning(m_fixture.a(), config(VersionPolicy::Timestamp));
        if (m_fixture.backend() == Backend::SQLite) {
            QVERIFY_RESULT(applied);
        } else {
            QVERIFY(!applied.ok());
            QCOMPARE(applied.error().code, ErrorCode::InvalidArgument);
            QVERIFY(applied.error().message.contains(QStringLiteral("bigint")));
        }
    }

    void conditionalTracksOnlyCheckedFields()
    {
        // 14-16: tracked {name, qty}; note is untracked
        VersioningConfig c = config(VersionPolicy::Conditional);
        c.checkFields = QStringList{QStringLiteral("name"), QStringLiteral("qty")};
        QCOMPARE(apply(c), QString());
        auto a = m_fixture.load(m_fixture.a());
        auto b = m_fixture.load(m_fixture.b());
        // Editing an untracked field does not move the version...
        QVERIFY(edit(*b, 0, QStringLiteral("note"), QStringLiteral("untracked")));
        QVERIFY_SQL(*b, submitAll());
        QCOMPARE(scalar(QStringLiteral("SELECT version FROM items WHERE id = 1")).toInt(), 1);
        // ...so another editor's change of a tracked field goes through, keeping the note
        QVERIFY(edit(*a, 0, QStringLiteral("qty"), 10));
        QVERIFY_SQL(*a, submitAll());
        QCOMPARE(scalar(QStringLiteral("SELECT version FROM items WHERE id = 1")).toInt(), 2);
        QCOMPARE(scalar(QStringLiteral("SELECT note FROM items WHERE id = 1")).toString(), QStringLiteral("untracked"));
        // A tracked change by someone else is a conflict for the stale editor
        QVERIFY(edit(*b, 0, QStringLiteral("name"), QStringLiteral("stale")));
        QVERIFY(!b->submitAll());
        QVERIFY(isRecordModified(b->lastError()));
        // Setting a tracked field to NULL bumps too
        auto c2 = m_fixture.load(m_fixture.a());
        QVERIFY(edit(*c2, 1, QStringLiteral("qty"), QVariant()));
        QVERIFY_SQL(*c2, submitAll());
        QCOMPARE(scalar(QStringLiteral("SELECT version FROM items WHERE id = 2")).toInt(), 2);
    }

    void conditionalIgnoreListAndSeparateBaselines()
    {
        VersioningConfig c = config(VersionPolicy::Conditional);
        c.ignoreFields = QStringList{QStringLiteral("note")};
        QCOMPARE(apply(c), QString());
        // 19: two rows loaded in one model keep baselines of their own
        auto a = m_fixture.load(m_fixture.a());
        QVERIFY(edit(*a, 0, QStringLiteral("note"), QStringLiteral("n1")));
        QVERIFY(edit(*a, 1, QStringLiteral("qty"), 20));
        QVERIFY_SQL(*a, submitAll());
        QCOMPARE(scalar(QStringLiteral("SELECT version FROM items WHERE id = 1")).toInt(), 1);
        QCOMPARE(scalar(QStringLiteral("SELECT version FROM items WHERE id = 2")).toInt(), 2);
    }

    void conditionalRejectsBothFieldLists()
    {
        // 17: both lists at once are rejected when applied and when a model loads them
        VersioningConfig c = config(VersionPolicy::Conditional);
        c.checkFields = QStringList{QStringLiteral("qty")};
        c.ignoreFields = QStringList{QStringLiteral("note")};
        QCOMPARE(applyVersioning(m_fixture.a(), c).error().code, ErrorCode::InvalidArgument);
        QVERIFY_RESULT(VersioningCatalog::store(m_fixture.a(), c));
        VersionedTableModel model(nullptr, m_fixture.a());
        model.setTable(QStringLiteral("items"));
        QVERIFY(model.tableName().isEmpty());
        QCOMPARE(model.lastError().nativeErrorCode(), QStringLiteral("BAD_VERSIONING"));
    }

    void unknownRecordedPolicyFailsLoudly()
    {
        // 53: a bad configuration value is an error with a hint, never a silent default
        QCOMPARE(apply(config(VersionPolicy::Counter)), QString());
        QVERIFY(m_fixture.exec({QStringLiteral("UPDATE concord_versioning SET policy = 'optimistic' WHERE table_name = 'items'")}).isEmpty());
        VersionedTableModel model(nullptr, m_fixture.a());
        model.setTable(QStringLiteral("items"));
        QVERIFY(model.tableName().isEmpty());
        QVERIFY(model.lastError().text().contains(QStringLiteral("expected counter, timestamp")));
    }

    void triggerCatchesOutsideWriters()
    {
        QCOMPARE(apply(config(VersionPolicy::Trigger)), QString());
        auto a = m_fixture.load(m_fixture.a());
        // 28: a raw UPDATE bumps the version
        QVERIFY(m_fixture.exec({QStringLiteral("UPDATE items SET note = 'psql' WHERE id = 1")}).isEmpty());
        QCOMPARE(scalar(QStringLiteral("SELECT version FROM items WHERE id = 1")).toInt(), 2);
        // so the editor's stale copy conflicts
        QVERIFY(edit(*a, 0, QStringLiteral("qty"), 9));
        QVERIFY(!a->submitAll());
        QVERIFY(isRecordModified(a->lastError()));
        // 29: a raw INSERT keeps the version it gives
        QVERIFY(m_fixture.exec({QStringLiteral("INSERT INTO items (id, name, version) VALUES (50, 'raw', -1)")}).isEmpty());
        QCOMPARE(scalar(QStringLiteral("SELECT version FROM items WHERE id = 50")).toInt(), -1);
        // A writer that bumps by hand is not bumped twice
        QVERIFY(m_fixture.exec({QStringLiteral("UPDATE items SET version = version + 1 WHERE id = 2")}).isEmpty());
        QCOMPARE(scalar(QStringLiteral("SELECT version FROM items WHERE id = 2")).toInt(), 2);
    }

    void triggerVersionsCountEveryWriteOnce()
    {
        // 30: insert 1, outside update 2, outside update 3, editor save 4, then a stale copy conflicts
        QCOMPARE(apply(config(VersionPolicy::Trigger)), QString());
        auto a = m_fixture.load(m_fixture.a());
        const int row = a->rowCount();
        QVERIFY(a->insertRow(row));
        QVERIFY(edit(*a, row, QStringLiteral("name"), QStringLiteral("fig")));
        QVERIFY_SQL(*a, submitAll());
        QCOMPARE(scalar(QStringLiteral("SELECT version FROM items WHERE name = 'fig'")).toInt(), 1);
        QVERIFY(m_fixture.exec({QStringLiteral("UPDATE items SET qty = 1 WHERE name = 'fig'"),
                                QStringLiteral("UPDATE items SET qty = 2 WHERE name = 'fig'")}).isEmpty());
        auto stale = m_fixture.load(m_fixture.b());
        auto fresh = m_fixture.load(m_fixture.a());
        QCOMPARE(fresh->loadedVersion(row).toInt(), 3);
        QVERIFY(edit(*fresh, row, QStringLiteral("qty"), 3));
        QVERIFY_SQL(*fresh, submitAll());
        QCOMPARE(scalar(QStringLiteral("SELECT version FROM items WHERE name = 'fig'")).toInt(), 4);
        QCOMPARE(fresh->loadedVersion(row).toInt(), 4);
        QVERIFY(edit(*stale, row, QStringLiteral("qty"), 30));
        QVERIFY(!stale->submitAll());
    }

    void triggersAreIdempotentAndReplaceOutdatedOnes()
    {
        // 32, issue #210 upstream: a second create is a no-op; a changed definition is replaced
        auto schema = TableSchema::load(m_fixture.a(), QStringLiteral("items"));
        QVERIFY_RESULT(schema);
        auto first = VersionTriggers::create(m_fixture.a(), schema.value());
        QVERIFY_RESULT(first);
        QCOMPARE(first.value(), VersionTriggers::State::Missing);
        auto second = VersionTriggers::create(m_fixture.a(), schema.value());
        QVERIFY_RESULT(second);
        QCOMPARE(second.value(), VersionTriggers::State::UpToDate);
        // Someone hand-edits the trigger
        const QString name = VersionTriggers::triggerName(QStringLiteral("items"));
        if (m_fixture.backend() == Backend::SQLite) {
            QVERIFY(m_fixture.exec({QStringLiteral("DROP TRIGGER %1").arg(name),
                                    QStringLiteral("CREATE TRIGGER %1 AFTER UPDATE ON items BEGIN SELECT 1; END").arg(name)}).isEmpty());
        } else {
            QVERIFY(m_fixture.exec({QStringLiteral("CREATE OR REPLACE FUNCTION %1() RETURNS trigger LANGUAGE plpgsql "
                                                   "AS $$ BEGIN RETURN NEW; END $$").arg(name)}).isEmpty());
        }
        auto status = VersionTriggers::status(m_fixture.a(), schema.value());
        QVERIFY_RESULT(status);
        QCOMPARE(status.value().state, VersionTriggers::State::Outdated);
        auto replaced = VersionTriggers::create(m_fixture.a(), schema.value());
        QVERIFY_RESULT(replaced);
        QCOMPARE(replaced.value(), VersionTriggers::State::Outdated);
        QCOMPARE(VersionTriggers::status(m_fixture.a(), schema.value()).value().state, VersionTriggers::State::UpToDate);
        QVERIFY(m_fixture.exec({QStringLiteral("UPDATE items SET qty = 0 WHERE id = 1")}).isEmpty());
        QCOMPARE(scalar(QStringLiteral("SELECT version FROM items WHERE id = 1")).toInt(), 2);
        // 33: drop reports what it did and leaves outside writes unversioned
        QCOMPARE(VersionTriggers::drop(m_fixture.a(), QStringLiteral("items")).value(), true);
        QCOMPARE(VersionTriggers::drop(m_fixture.a(), QStringLiteral("items")).value(), false);
        QVERIFY(m_fixture.exec({QStringLiteral("UPDATE items SET qty = 1 WHERE id = 1")}).isEmpty());
        QCOMPARE(scalar(QStringLiteral("SELECT version FROM items WHERE id = 1")).toInt(), 2);
    }

    void triggersWorkWithCompositeKeys()
    {
        QVERIFY(m_fixture.exec({
            QStringLiteral("CREATE TABLE lines (order_id INTEGER NOT NULL, line_no INTEGER NOT NULL, qty INTEGER, "
                           "PRIMARY KEY (order_id, line_no))"),
            QStringLiteral("INSERT INTO lines VALUES (1, 1, 5)"),
            QStringLiteral("INSERT INTO lines VALUES (1, 2, 6)"),
            QStringLiteral("INSERT INTO lines VALUES (2, 1, 7)"),
        }).isEmpty());
        QCOMPARE(apply(config(VersionPolicy::Trigger, QStringLiteral("lines"))), QString());
        QVERIFY(m_fixture.exec({QStringLiteral("UPDATE lines SET qty = 60 WHERE order_id = 1 AND line_no = 2")}).isEmpty());
        QCOMPARE(scalar(QStringLiteral("SELECT sum(version) FROM lines")).toInt(), 4);
        QCOMPARE(scalar(QStringLiteral("SELECT version FROM lines WHERE order_id = 1 AND line_no = 2")).toInt(), 2);
    }

    void applyAdoptsATableOnceAndRemoveUndoesIt()
    {
        // 12: an existing table without a version column
        QVERIFY(m_fixture.exec({QStringLiteral("CREATE TABLE legacy (id INTEGER PRIMARY KEY, name TEXT)"),
                                QStringLiteral("INSERT INTO legacy VALUES (1, 'a')"),
                                QStringLiteral("INSERT INTO legacy VALUES (2, 'b')")}).isEmpty());
        auto actions = applyVersioning(m_fixture.a(), config(VersionPolicy::Trigger, QStringLiteral("legacy")));
        QVERIFY_RESULT(actions);
        QCOMPARE(actions.value().size(), 3); // column, trigger, policy
        QCOMPARE(scalar(QStringLiteral("SELECT min(version) * max(version) FROM legacy")).toInt(), 1);
        auto again = applyVersioning(m_fixture.a(), config(VersionPolicy::Trigger, QStringLiteral("legacy")));
        QVERIFY_RESULT(again);
        QCOMPARE(again.value(), QStringList());
        // A stale save of the adopted table now conflicts
        auto a = m_fixture.load(m_fixture.a(), QStringLiteral("legacy"));
        QVERIFY(m_fixture.exec({QStringLiteral("UPDATE legacy SET name = 'outside' WHERE id = 1")}).isEmpty());
        QVERIFY(edit(*a, 0, QStringLiteral("name"), QStringLiteral("mine")));
        QVERIFY(!a->submitAll());
        a.reset();
        // Switching policy drops the trigger it no longer needs
        auto counter = applyVersioning(m_fixture.a(), config(VersionPolicy::Counter, QStringLiteral("legacy")));
        QVERIFY_RESULT(counter);
        QVERIFY(counter.value().join(u' ').contains(QStringLiteral("dropped trigger")));
        // Removing undoes everything, the column included since apply added it
        auto removed = removeVersioning(m_fixture.a(), QStringLiteral("legacy"));
        QVERIFY_RESULT(removed);
        QVERIFY(!m_fixture.a().record(QStringLiteral("legacy")).contains(QStringLiteral("version")));
        QVERIFY(!VersioningCatalog::load(m_fixture.a(), QStringLiteral("legacy")).value().has_value());
    }

    void applyRefusesTablesWithoutKey()
    {
        QVERIFY(m_fixture.exec({QStringLiteral("CREATE TABLE loose (name TEXT)")}).isEmpty());
        QCOMPARE(applyVersioning(m_fixture.a(), config(VersionPolicy::Counter, QStringLiteral("loose"))).error().code,
                 ErrorCode::NoPrimaryKey);
        QVERIFY(!VersioningCatalog::load(m_fixture.a(), QStringLiteral("loose")).value().has_value());
    }

    void schemaCheckFindsWhatIsUnprotected()
    {
        // 31: a missing trigger is serious; a nullable version and a keyless table are reported
        QVERIFY(m_fixture.exec({QStringLiteral("CREATE TABLE loose (name TEXT, version INTEGER)"),
                                QStringLiteral("CREATE TABLE plain (id INTEGER PRIMARY KEY, name TEXT)")}).isEmpty());
        QCOMPARE(apply(config(VersionPolicy::Trigger)), QString());
        QVERIFY_RESULT(VersionTriggers::drop(m_fixture.a(), QStringLiteral("items")));
        auto findings = checkSchema(m_fixture.a());
        QVERIFY_RESULT(findings);
        QStringList codes;
        for (const SchemaFinding &finding : findings.value()) {
            QVERIFY(!finding.table.startsWith(QStringLiteral("concord_")));
            codes << finding.table + u':' + finding.code + u':'
                         + (finding.severity == SchemaFinding::Severity::Error ? u'E' : u'W');
        }
        codes.sort();
        QCOMPARE(codes, (QStringList{QStringLiteral("items:MISSING_TRIGGER:E"), QStringLiteral("items:NULLABLE_VERSION:W"),
                                     QStringLiteral("loose:NO_PRIMARY_KEY:E"), QStringLiteral("plain:NO_VERSION_COLUMN:W")}));
    }
};

QTEST_GUILESS_MAIN(tst_VersionPolicies)
#include "tst_versionpolicies.moc"
