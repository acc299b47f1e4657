// SPDX-License-Identifier: MIT
// SPDX-FileCopyrightText: 2026 Concord developers
//
// Issue #13, opening a table: its shape is read once per open and kept for everything Concord
// asks of it, read afresh at the next open, and forgotten when Concord alters the table.
#include <core/db/catalog.h>
#include <core/db/columndefaults.h>
#include <core/db/columnkinds.h>
#include <core/db/schemacache.h>
#include <core/db/tableschema.h>
#include <core/versioning/versioning.h>
#include <core/versioning/versioningconfig.h>
#include <tests/support/modelfixture.h>
#include <tests/support/testmacros.h>

#include <QSqlError>
#include <QTest>

using namespace Concord;
using namespace Concord::Test;
using namespace Qt::StringLiterals;

class tst_SchemaCache : public QObject
{
    Q_OBJECT

private:
    ModelFixture m_fixture;

private Q_SLOTS:
    void initTestCase() { CONCORD_REQUIRE_BACKEND(); }
    void init() { QCOMPARE(m_fixture.create(), QString()); }
    void cleanup() { m_fixture.destroy(); }

    void anOpenReadsTheShapeOnceForTheModelAndWhatAsksAfterIt()
    {
        // Given a connection that never read the table
        const QSqlDatabase db = m_fixture.a();
        SchemaCache::forgetConnection(db.connectionName());

        // When a model opens it, and the schema, kinds and defaults are asked for after
        auto model = m_fixture.load(db);
        QVERIFY_RESULT(TableSchema::load(db, u"items"_s));
        QVERIFY_RESULT(columnDefaults(db, u"items"_s));
        QCOMPARE(editableKinds(db, u"items"_s, model->record()).size(), model->record().count());

        // Then none of them went to the catalog for the shape: the model's own read was kept
        const SchemaCache::Stats stats = SchemaCache::stats(db);
        QCOMPARE(stats.misses, 0);
        QVERIFY(stats.hits >= 2); // the model's schema and the one loaded after it
    }

    void theNextOpenSeesAColumnAnotherClientAdded()
    {
        // Given a table open in a model
        auto model = m_fixture.load(m_fixture.a());
        QCOMPARE(model->fieldIndex(u"extra"_s), -1);

        // When another client adds a column and the table is opened again (a reload)
        QCOMPARE(m_fixture.exec({u"ALTER TABLE items ADD COLUMN extra INTEGER"_s}), QString());
        model->setTable(u"items"_s);

        // Then the model and the schema both have it
        QVERIFY(model->fieldIndex(u"extra"_s) >= 0);
        const auto schema = TableSchema::load(m_fixture.a(), u"items"_s);
        QVERIFY_RESULT(schema);
        QVERIFY(schema.value().fields.contains(u"extra"_s));
    }

    void aTableCreatedAfterTheListWasReadIsFound()
    {
        // Given a connection that listed its tables
        const QSqlDatabase db = m_fixture.a();
        QVERIFY_RESULT(tableExists(db, u"items"_s));
        const auto before = tableExists(db, u"later"_s);
        QVERIFY_RESULT(before);
        QVERIFY(!before.value());

        // When another client creates a table
        QCOMPARE(m_fixture.exec({u"CREATE TABLE later (id INTEGER PRIMARY KEY)"_s}), QString());

        // Then it is found, and a name of another case is not (PostgreSQL compares exactly)
        const auto after = tableExists(db, u"later"_s);
        QVERIFY_RESULT(after);
        QVERIFY(after.value());
        if (m_fixture.backend() == Backend::PostgreSQL) {
            const auto upper = tableExists(db, u"Items"_s);
            QVERIFY_RESULT(upper);
            QVERIFY(!upper.value());
        }
    }

    void versioningATableForgetsItsKeptShape()
    {
        // Given a table without a version column whose shape is kept
        QCOMPARE(m_fixture.exec({u"CREATE TABLE plain (id INTEGER PRIMARY KEY, name TEXT)"_s}), QString());
        const QSqlDatabase db = m_fixture.a();
        QVERIFY_RESULT(tableShape(db, u"plain"_s));
        QVERIFY(SchemaCache::knowsTable(db, u"plain"_s));

        // When Concord adds the version column
        VersioningConfig wanted;
        wanted.table = u"plain"_s;
        wanted.column = u"version"_s;
        QVERIFY_RESULT(applyVersioning(db, wanted));

        // Then the table's schema has it
        const auto schema = TableSchema::load(db, u"plain"_s);
        QVERIFY_RESULT(schema);
        QCOMPARE(schema.value().versionColumn, u"version"_s);
    }
};

QTEST_GUILESS_MAIN(tst_SchemaCache)
#include "tst_schemacache.moc"
