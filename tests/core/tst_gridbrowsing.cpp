// SPDX-License-Identifier: MIT
// SPDX-FileCopyrightText: 2026 Concord developers
//
// Issue #11, tables of any size: the true row count, any row at once, bounded memory, sorting,
// filters and the quick find run by the database with bound values, finding a record by key, a
// grid that holds no lock or transaction, and edits that stay on their record while pages come
// and go. On SQLite and PostgreSQL, on a 100,000-row table.
#include <core/db/databaseaddress.h>
#include <core/model/gridquery.h>
#include <tests/support/modelfixture.h>
#include <tests/support/testmacros.h>

#include <QSqlError>
#include <QSqlField>
#include <QSqlQuery>
#include <QSignalSpy>
#include <QSqlRecord>
#include <QTemporaryDir>
#include <QTest>

using namespace Concord;
using namespace Concord::Test;
using namespace Qt::StringLiterals;

class tst_GridBrowsing : public QObject
{
    Q_OBJECT

private:
    static constexpr int bigRows = 100000;
    ModelFixture m_fixture;

    bool postgres() const { return m_fixture.backend() == Backend::PostgreSQL; }

    // id 1..n; qty = id % 1000 (ties across pages); city NULL for every 7th id; name "name <id>".
    QString createBig(int rows = bigRows)
    {
        const QString create = u"CREATE TABLE big (id INTEGER PRIMARY KEY, name TEXT NOT NULL, city TEXT, "
                               "qty INTEGER, version INTEGER NOT NULL DEFAULT 1)"_s;
        const QString fill = postgres()
            ? u"INSERT INTO big SELECT x, 'name ' || x, CASE WHEN x %% 7 = 0 THEN NULL ELSE 'city ' || (x %% 13) END, "
              "x %% 1000, 1 FROM generate_series(1, %1) AS x"_s
            : u"WITH RECURSIVE c(x) AS (SELECT 1 UNION ALL SELECT x + 1 FROM c WHERE x < %1) "
              "INSERT INTO big SELECT x, 'name ' || x, CASE WHEN x %% 7 = 0 THEN NULL ELSE 'city ' || (x %% 13) END, "
              "x %% 1000, 1 FROM c"_s;
        QString sql = fill;
        sql.replace(u"%%"_s, u"%"_s);
        return m_fixture.exec({create, sql.arg(rows)});
    }

    std::unique_ptr<VersionedTableModel> loadBig(int pageRows = 256, int maxPages = 64)
    {
        auto model = std::make_unique<VersionedTableModel>(nullptr, m_fixture.a());
        model->setPaging(pageRows, maxPages);
        model->setTable(u"big"_s);
        if (!model->select())
            qWarning() << model->lastError().text();
        return model;
    }

    static int id(const VersionedTableModel &model, int row) { return ModelFixture::value(model, row, u"id"_s).toInt(); }

    static QSqlRecord key(int id)
    {
        QSqlRecord key;
        key.append(QSqlField(u"id"_s, QMetaType(QMetaType::Int)));
        key.setValue(0, id);
        return key;
    }

private Q_SLOTS:
    void initTestCase() { CONCORD_REQUIRE_BACKEND(); }
    void init()
    {
        QCOMPARE(m_fixture.create(), QString());
        QCOMPARE(createBig(), QString());
    }
    void cleanup() { m_fixture.destroy(); }

    void theTrueRowCountAndAnyRowAtOnce()
    {
        auto model = loadBig();
        QCOMPARE(model->rowCount(), bigRows);
        QCOMPARE(model->pagesRead(), 1);
        // The last row, then one in the middle: one page each, without reading what lies between
        QCOMPARE(id(*model, bigRows - 1), bigRows);
        QCOMPARE(id(*model, 51234), 51235);
        QCOMPARE(model->pagesRead(), 3);
    }

    void memoryStaysBoundedAndTheOrderIsExact()
    {
        auto model = loadBig(256, 8);
        // Every row, top to bottom: pages of the second half are read backwards from the end
        for (int row = 0; row < bigRows; ++row) {
            if (id(*model, row) != row + 1)
                QFAIL(qPrintable(u"row %1 holds id %2"_s.arg(row).arg(id(*model, row))));
        }
        QVERIFY(model->pagesHeld() <= 8);
        QCOMPARE(model->pagesRead(), (bigRows + 255) / 256);
    }

    void sortsByANonKeyColumnInTheDatabase()
    {
        auto model = loadBig();
        model->sort(model->fieldIndex(u"qty"_s), Qt::DescendingOrder);
        QCOMPARE(model->rowCount(), bigRows);
        // qty 999 first, ties broken by id, across page boundaries and at the far end
        QCOMPARE(ModelFixture::value(*model, 0, u"qty"_s).toInt(), 999);
        QCOMPARE(id(*model, 0), 999);
        QCOMPARE(id(*model, 1), 1999);
        for (int row = 250; row < 270; ++row) {
            const int here = ModelFixture::value(*model, row, u"qty"_s).toInt();
            const int next = ModelFixture::value(*model, row + 1, u"qty"_s).toInt();
            QVERIFY(here > next || (here == next && id(*model, row) < id(*model, row + 1)));
        }
        QCOMPARE(ModelFixture::value(*model, bigRows - 1, u"qty"_s).toInt(), 0);
        QCOMPARE(id(*model, bigRows - 1), bigRows); // the last of the qty-0 rows
    }

    void filterValuesAreBoundNeverPasted()
    {
        QCOMPARE(m_fixture.exec({u"INSERT INTO big (id, name, city, qty) VALUES "
                                 "(200001, 'O''Brien 100%', 'x_y', 1), (200002, 'O''Brien 1000', 'xzy', 2), "
                                 "(200003, '100% pure', NULL, 3), (200004, 'back\\slash', 'Oslo', 4)"_s}),
                 QString());
        auto model = loadBig();
        const auto count = [&](const QString &column, const QString &text) {
            const auto filter = ColumnFilter::parse(column, text);
            if (!model->setColumnFilters(filter ? QList<ColumnFilter>{*filter} : QList<ColumnFilter>{}))
                return -1;
            return model->rowCount();
        };
        QCOMPARE(count(u"name"_s, u"O'Brien 100%"_s), 1);
        QCOMPARE(id(*model, 0), 200001);
        QCOMPARE(count(u"name"_s, u"100%"_s), 2);
        QCOMPARE(count(u"city"_s, u"x_y"_s), 1); // "_" is not a wildcard
        QCOMPARE(count(u"name"_s, u"back\\slash"_s), 1);
        QCOMPARE(count(u"name"_s, u"o'brien"_s), 2); // case-insensitive
        QCOMPARE(count(u"name"_s, u"'; DROP TABLE big; --"_s), 0);
        QCOMPARE(m_fixture.scalar(u"SELECT count(*) FROM big"_s).toInt(), bigRows + 4);
        // Comparisons and NULL tests
        ColumnFilter qty{u"qty"_s, ColumnFilter::Op::GreaterOrEqual, 998};
        ColumnFilter noCity{u"city"_s, ColumnFilter::Op::IsNull, {}};
        QVERIFY_SQL(*model, setColumnFilters({qty}));
        QCOMPARE(model->rowCount(), 200);
        QVERIFY_SQL(*model, setColumnFilters({qty, noCity}));
        QCOMPARE(model->rowCount(), int(m_fixture.scalar(u"SELECT count(*) FROM big WHERE qty >= 998 AND city IS NULL"_s).toInt()));
        QVERIFY(model->rowCount() > 0);
        // The quick find looks in every column, as text
        QVERIFY_SQL(*model, setColumnFilters({}));
        QVERIFY_SQL(*model, setFindText(u"oslo"_s));
        QCOMPARE(model->rowCount(), 1);
        QVERIFY_SQL(*model, setFindText(u"99999"_s));
        QCOMPARE(model->rowCount(), 1); // "name 99999" (qty holds at most 999)
        QVERIFY_SQL(*model, setFindText(QString()));
        QCOMPARE(model->rowCount(), bigRows + 4);
    }

    void rereadsAreRefusedWhileEditsArePending()
    {
        auto model = loadBig();
        QVERIFY(ModelFixture::edit(*model, 3, u"name"_s, u"mine"_s));
        QVERIFY(!model->setColumnFilters({ColumnFilter{u"qty"_s, ColumnFilter::Op::Equals, 5}}));
        QVERIFY(hasNativeCode(model->lastError(), NativeError::PendingEdits));
        QVERIFY(!model->setFindText(u"x"_s));
        model->sort(model->fieldIndex(u"qty"_s), Qt::AscendingOrder);
        // Nothing was re-read: the edit is still there, on its record, and saves
        QCOMPARE(model->rowCount(), bigRows);
        QCOMPARE(ModelFixture::value(*model, 3, u"name"_s).toString(), u"mine"_s);
        QVERIFY(model->columnFilters().isEmpty());
        QVERIFY_SQL(*model, submitAll());
        QCOMPARE(m_fixture.scalar(u"SELECT name FROM big WHERE id = 4"_s).toString(), u"mine"_s);
    }

    void findsARecordByKeyInAnyOrder()
    {
        auto model = loadBig();
        QCOMPARE(model->rowOfKey(key(77777)).value(), 77776);
        model->sort(model->fieldIndex(u"city"_s), Qt::AscendingOrder); // NULLs first or last by backend
        for (int wanted : {7, 14, 77777, 1, bigRows, 70000}) { // 7, 14 and 70000 have no city
            const Result<int> row = model->rowOfKey(key(wanted));
            QVERIFY2(row.ok(), qPrintable(row.ok() ? QString() : row.error().message));
            QCOMPARE(id(*model, row.value()), wanted);
        }
        model->sort(model->fieldIndex(u"city"_s), Qt::DescendingOrder);
        for (int wanted : {7, 12345, bigRows}) {
            const Result<int> row = model->rowOfKey(key(wanted));
            QVERIFY(row.ok());
            QCOMPARE(id(*model, row.value()), wanted);
        }
        QVERIFY_SQL(*model, setColumnFilters({ColumnFilter{u"qty"_s, ColumnFilter::Op::Equals, 5}}));
        QCOMPARE(model->rowOfKey(key(1005)).ok(), true);
        QCOMPARE(model->rowOfKey(key(1006)).error().code, ErrorCode::NotFound);
        QCOMPARE(model->rowOfKey(key(bigRows + 1)).error().code, ErrorCode::NotFound);
    }

    void unversionedTablesAndViewsOpenReadOnly_data()
    {
        QTest::addColumn<QString>("name");
        QTest::addColumn<int>("rows");
        QTest::addRow("table without a version column") << u"plain"_s << 3;
        QTest::addRow("view") << u"cheap"_s << 2;
    }
    void unversionedTablesAndViewsOpenReadOnly()
    {
        QFETCH(QString, name);
        QFETCH(int, rows);
        QCOMPARE(m_fixture.exec({u"CREATE TABLE plain (id INTEGER PRIMARY KEY, label TEXT)"_s,
                                 u"INSERT INTO plain VALUES (1, 'a'), (2, 'b'), (3, 'c')"_s,
                                 u"CREATE VIEW cheap AS SELECT id, qty FROM big WHERE id <= 2"_s}),
                 QString());
        VersionedTableModel refusing(nullptr, m_fixture.a());
        refusing.setTable(name);
        QVERIFY(refusing.tableName().isEmpty()); // refused unless asked for
        VersionedTableModel model(nullptr, m_fixture.a());
        model.setReadOnlyAllowed(true);
        model.setTable(name);
        QCOMPARE(model.tableName(), name);
        QVERIFY(model.isReadOnly());
        QVERIFY(!model.readOnlyReason().isEmpty());
        QVERIFY_SQL(model, select());
        QCOMPARE(model.rowCount(), rows);
        QVERIFY(!(model.flags(model.index(0, 1)) & Qt::ItemIsEditable));
        QVERIFY(!model.setData(model.index(0, 1), 42));
        QVERIFY(!model.insertRows(model.rowCount(), 1));
        QVERIFY(!model.removeRows(0, 1));
        QVERIFY(model.submitAll());
        // Sorting works, by the key or, for a view, by every column
        model.sort(1, Qt::DescendingOrder);
        QCOMPARE(model.rowCount(), rows);
        QCOMPARE(model.data(model.index(0, 0)).toInt(), rows);
        // And a versioned table opens editable in the same model
        model.setTable(u"big"_s);
        QVERIFY(!model.isReadOnly());
    }

    void anOpenGridHoldsNoLockAndNoTransaction()
    {
        if (postgres()) {
            auto model = loadBig();
            QCOMPARE(id(*model, 50000), 50001); // pages were read, the grid is open
            const int idle = m_fixture
                                 .scalar(u"SELECT count(*) FROM pg_stat_activity WHERE datname = current_database() "
                                         "AND state LIKE 'idle in transaction%'"_s)
                                 .toInt();
            QCOMPARE(idle, 0);
            return;
        }
        // A database in rollback-journal mode, where any open read blocks every writer
        QTemporaryDir dir;
        const QString path = dir.filePath(u"rollback.db"_s);
        const QString setup = connectionNameFor(u"rollback-setup"_s);
        {
            QSqlDatabase db = QSqlDatabase::addDatabase(u"QSQLITE"_s, setup);
            db.setDatabaseName(path);
            QVERIFY(db.open());
            QSqlQuery query(db);
            QVERIFY(query.exec(u"PRAGMA journal_mode = DELETE"_s));
            QVERIFY(query.exec(u"CREATE TABLE big (id INTEGER PRIMARY KEY, name TEXT, version INTEGER NOT NULL DEFAULT 1)"_s));
            QVERIFY(query.exec(u"WITH RECURSIVE c(x) AS (SELECT 1 UNION ALL SELECT x + 1 FROM c WHERE x < 20000) "
                               "INSERT INTO big SELECT x, 'name ' || x, 1 FROM c"_s));
        }
        closeDatabase(setup);
        const QString editing = connectionNameFor(u"rollback-grid"_s);
        const QString outsider = connectionNameFor(u"outside-writer"_s);
        {
            auto db = openDatabase(DatabaseAddress::parse(path).value(), editing);
            QVERIFY_RESULT(db);
            VersionedTableModel model(nullptr, db.value());
            model.setTable(u"big"_s);
            QVERIFY_SQL(model, select());
            QCOMPARE(id(model, 12000), 12001); // pages were read, the grid is open
            // An outside writer that does not wait at all gets the write lock at once
            QSqlDatabase outside = QSqlDatabase::addDatabase(u"QSQLITE"_s, outsider);
            outside.setDatabaseName(path);
            outside.setConnectOptions(u"QSQLITE_BUSY_TIMEOUT=0"_s);
            QVERIFY(outside.open());
            QSqlQuery update(outside);
            QVERIFY2(update.exec(u"UPDATE big SET name = 'outside' WHERE id = 2"_s), qPrintable(update.lastError().text()));
        }
        closeDatabase(outsider);
        closeDatabase(editing);
    }

    void rowsThatCannotBeReadAreSaidSoAndCannotBeEdited()
    {
        // Given a grid that read its first page, and then its table was renamed away
        auto model = loadBig(256, 4);
        QSignalSpy unreadable(model.get(), &VersionedTableModel::rowsUnreadable);
        QVERIFY(ModelFixture::edit(*model, 1, u"name"_s, u"mine"_s));
        QCOMPARE(m_fixture.exec({u"ALTER TABLE big RENAME TO gone"_s}), QString());
        // When the view asks for a row of a page not read yet
        QVERIFY(!model->data(model->index(50000, 1)).isValid());
        // Then the failure is reported, the row cannot be edited, and the pending edit is intact
        QTRY_COMPARE(unreadable.count(), 1);
        QVERIFY(!unreadable.first().first().toString().isEmpty());
        QVERIFY(model->isUnreadable(50000));
        QVERIFY(!(model->flags(model->index(50000, 1)) & Qt::ItemIsEditable));
        QVERIFY(!model->setData(model->index(50000, 1), u"blind"_s));
        QCOMPARE(ModelFixture::value(*model, 1, u"name"_s).toString(), u"mine"_s);
        QVERIFY(!model->isUnreadable(1));
        // And once the table is back, the row reads again
        QCOMPARE(m_fixture.exec({u"ALTER TABLE gone RENAME TO big"_s}), QString());
        QCOMPARE(id(*model, 50000), 50001);
        QVERIFY(!model->isUnreadable(50000));
    }

    void anEditStaysOnItsRecordWhenPagesAreReadAgain()
    {
        // Given a grid holding only two pages of 16 rows, with an edit of id 6 (row 5)
        auto model = loadBig(16, 2);
        QVERIFY(ModelFixture::edit(*model, 5, u"name"_s, u"mine"_s));
        // When its page leaves memory, others insert rows above it and change id 5 and id 6
        QCOMPARE(id(*model, 5000), 5001);
        QCOMPARE(id(*model, 9000), 9001);
        QVERIFY(model->pagesHeld() <= 2);
        QCOMPARE(m_fixture.exec({u"INSERT INTO big (id, name, qty) VALUES (-1, 'new', 1)"_s,
                                 u"UPDATE big SET name = 'theirs', version = 2 WHERE id = 6"_s,
                                 u"UPDATE big SET version = 2 WHERE id = 5"_s}),
                 QString());
        QCOMPARE(id(*model, 4), 4); // the page read again has shifted by one row
        // Then the save checks the version I saw of id 6, and conflicts instead of overwriting
        QVERIFY(!model->submitAll());
        QVERIFY(isRecordModified(model->lastError()));
        QCOMPARE(model->conflicts().size(), 1);
        QCOMPARE(model->conflicts().value(0).key.value(u"id"_s).toInt(), 6);
        QCOMPARE(m_fixture.scalar(u"SELECT name FROM big WHERE id = 6"_s).toString(), u"theirs"_s);
        QCOMPARE(m_fixture.scalar(u"SELECT name FROM big WHERE id = 5"_s).toString(), u"name 5"_s);
    }
};

QTEST_GUILESS_MAIN(tst_GridBrowsing)
#include "tst_gridbrowsing.moc"
