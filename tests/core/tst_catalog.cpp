// SPDX-License-Identifier: MIT
// SPDX-FileCopyrightText: 2026 Concord developers
//
// Table and column names never reach SQL or a driver's catalog query unchecked (core/db/catalog.h),
// whether a user typed them or they are stored in the database; on SQLite and PostgreSQL.
#include <core/db/catalog.h>
#include <core/db/tableschema.h>
#include <core/model/versionedtablemodel.h>
#include <core/versioning/versioning.h>
#include <core/versioning/versioningconfig.h>
#include <tests/support/modelfixture.h>
#include <tests/support/testmacros.h>

#include <QSqlQuery>
#include <QTest>

using namespace Concord;
using namespace Concord::Test;
using namespace Qt::StringLiterals;

namespace {

// Names that would run SQL, or name another table, if a driver or Concord pasted them into SQL.
const QStringList hostileNames = {
    u"t'; DROP TABLE victim; --"_s,
    u"z'); DROP TABLE victim; --"_s,
    u"victim\" ; DROP TABLE victim; --"_s,
    u"\"victim\""_s,
    u"x[]; DROP TABLE victim; --]"_s,
    u"public.victim"_s,
    u"a\\'b"_s,
    u"nul\u0000byte"_s,
    u"tab\tname"_s,
};

} // namespace

class tst_Catalog : public QObject
{
    Q_OBJECT

private:
    ModelFixture m_fixture;

    bool victimSurvives() { return m_fixture.scalar(u"SELECT count(*) FROM victim"_s).toInt() == 1; }

private Q_SLOTS:
    void initTestCase() { CONCORD_REQUIRE_BACKEND(); }

    void init()
    {
        QCOMPARE(m_fixture.create(), QString());
        QCOMPARE(m_fixture.exec({u"CREATE TABLE victim (id INTEGER PRIMARY KEY, version INTEGER)"_s,
                                 u"INSERT INTO victim VALUES (1, 1)"_s}),
                 QString());
    }
    void cleanup() { m_fixture.destroy(); }

    // Issue #13 and fail-closed: Concord's own tables are looked up in one statement, and a
    // lookup that cannot run is an error, never "not configured".
    void concordsOwnTablesAreLookedUpAndALostConnectionIsAnError()
    {
        QSqlDatabase db = m_fixture.a();
        QCOMPARE(concordTableExists(db, u"concord_versioning"_s).value(), false);
        QCOMPARE(m_fixture.exec({u"CREATE TABLE concord_versioning (table_name TEXT PRIMARY KEY)"_s}), QString());
        QCOMPARE(concordTableExists(db, u"concord_versioning"_s).value(), true);
        for (const QString &name : hostileNames + QStringList{u"victim"_s, u"concord_X"_s})
            QCOMPARE(concordTableExists(db, name).error().code, ErrorCode::InvalidArgument);
        QVERIFY(victimSurvives());
        // A closed connection: the settings cannot be read, and that is what the caller hears
        QSqlDatabase closed = QSqlDatabase::cloneDatabase(db, u"catalog-closed"_s);
        QVERIFY(!closed.isOpen());
        QVERIFY(!concordTableExists(closed, u"concord_versioning"_s));
        QVERIFY(!VersioningCatalog::load(closed, u"victim"_s));
        closed = QSqlDatabase();
        QSqlDatabase::removeDatabase(u"catalog-closed"_s);
    }

    void identifiers_data()
    {
        QTest::addColumn<QString>("name");
        QTest::addColumn<bool>("safe");
        for (const char *name : {"orders", "Order Lines", "größe", "客户", "x-y", "a;b", "v2", "名前😀"})
            QTest::addRow("ok: %s", name) << QString::fromUtf8(name) << true;
        for (const QString &name : hostileNames)
            QTest::addRow("hostile: %s", qPrintable(name)) << name << false;
        QTest::addRow("empty") << QString() << false;
        QTest::addRow("spaces only") << u"   "_s << false;
        QTest::addRow("64 bytes") << QString(64, u'a') << false;
        QTest::addRow("63 bytes") << QString(63, u'a') << true;
        QTest::addRow("lone surrogate") << QString(QChar(0xd800)) << false;
        QTest::addRow("bidi override") << u"abc\u202edef"_s << false;
    }
    void identifiers()
    {
        QFETCH(QString, name);
        QFETCH(bool, safe);
        const auto checked = checkIdentifier(name, u"table"_s);
        QCOMPARE(bool(checked), safe);
        if (!safe) {
            QCOMPARE(checked.error().code, ErrorCode::InvalidArgument);
            QVERIFY(checked.error().message.contains(u"table"_s));
        }
    }

    void aHostileNameGivenIsRefusedBeforeAnyDriverCall_data()
    {
        QTest::addColumn<QString>("name");
        for (const QString &name : hostileNames)
            QTest::addRow("%s", qPrintable(name)) << name;
    }
    void aHostileNameGivenIsRefusedBeforeAnyDriverCall()
    {
        QFETCH(QString, name);
        // When a user names a table that would inject SQL
        const auto schema = TableSchema::load(m_fixture.a(), name);
        VersionedTableModel model(nullptr, m_fixture.a());
        model.setTable(name);
        VersioningConfig config;
        config.table = name;
        const auto applied = applyVersioning(m_fixture.a(), config);
        // Then every path refuses it with a reason, and nothing ran
        QVERIFY(!schema);
        QCOMPARE(schema.error().code, ErrorCode::InvalidArgument);
        QVERIFY(model.tableName().isEmpty());
        QVERIFY(!model.lastError().text().isEmpty());
        QVERIFY(!applied);
        QVERIFY(victimSurvives());
    }

    void aHostileTableStoredInTheDatabaseIsReportedNotRun()
    {
        // Given someone created tables with hostile names (quoted, so the database accepts them)
        const QString hostile = u"z'; DROP TABLE victim; --"_s;
        QSqlQuery query(m_fixture.b());
        QVERIFY2(query.exec(u"CREATE TABLE \"z'; DROP TABLE victim; --\" (id INTEGER PRIMARY KEY, version INTEGER)"_s),
                 qPrintable(query.lastError().text()));
        QVERIFY2(query.exec(u"CREATE TABLE \"a.b\" (id INTEGER PRIMARY KEY, version INTEGER)"_s),
                 qPrintable(query.lastError().text()));

        // When another user checks the schema and lists the tables
        const auto findings = checkSchema(m_fixture.a());
        const QStringList tables = userTables(m_fixture.a());

        // Then the hostile tables are listed, reported as unusable, and nothing ran
        QVERIFY_RESULT(findings);
        QStringList unsafe;
        for (const SchemaFinding &finding : findings.value()) {
            if (finding.code == u"UNSAFE_NAME"_s)
                unsafe << finding.table;
        }
        unsafe.sort();
        QCOMPARE(unsafe, (QStringList{u"a.b"_s, hostile}));
        QVERIFY(tables.contains(hostile));
        VersionedTableModel model(nullptr, m_fixture.a());
        model.setTable(hostile);
        QVERIFY(model.tableName().isEmpty());
        QVERIFY(victimSurvives());
    }

    void aHostileColumnStoredInTheDatabaseIsRefused()
    {
        // Given a table with a column whose name SQLite's driver would not quote
        QSqlQuery query(m_fixture.b());
        QVERIFY2(query.exec(u"CREATE TABLE odd (id INTEGER PRIMARY KEY, \"[x]; DROP TABLE victim; --\" TEXT, version INTEGER)"_s),
                 qPrintable(query.lastError().text()));
        // When it is opened for editing, then it is refused with the column named
        const auto schema = TableSchema::load(m_fixture.a(), u"odd"_s);
        QVERIFY(!schema);
        QCOMPARE(schema.error().code, ErrorCode::InvalidArgument);
        QVERIFY2(schema.error().message.contains(u"column"_s), qPrintable(schema.error().message));
        QVERIFY(victimSurvives());
    }

    void aMissingTableIsNotFoundByTheBoundLookup()
    {
        QCOMPARE(tableExists(m_fixture.a(), u"items"_s).value(), true);
        QCOMPARE(tableExists(m_fixture.a(), u"nothing_here"_s).value(), false);
        const auto schema = TableSchema::load(m_fixture.a(), u"nothing_here"_s);
        QVERIFY(!schema);
        QCOMPARE(schema.error().code, ErrorCode::NotFound);
    }

    void quotingAnUnsafeNameGivesAnIdentifierThatNamesNothing()
    {
        const QString quoted = quotedTable(m_fixture.a(), u"victim\"; DROP TABLE victim; --"_s);
        QVERIFY(!quoted.contains(u"DROP"_s));
        QSqlQuery query(m_fixture.a());
        QVERIFY(!query.exec(u"SELECT * FROM "_s + quoted));
        QVERIFY(victimSurvives());
    }
};

QTEST_GUILESS_MAIN(tst_Catalog)
#include "tst_catalog.moc"
