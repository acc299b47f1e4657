// SPDX-License-Identifier: MIT
// SPDX-FileCopyrightText: 2026 Concord developers
//
// Live updates in place (VersionedTableModel::refreshRowsInPlace(), refreshHeldRowsInPlace()):
// another user's commit of a row the grid holds is shown by reading that row again, not the
// table; whatever cannot be shown that way still gets a whole re-read. On SQLite and PostgreSQL.
//
// How "only that row was read" is told apart from a re-read of the table: before the other
// user's commit, a row is changed behind the model by a plain UPDATE that neither
// notifies (no trigger on these tables) nor moves the version. A re-read of the table would show
// that change; reading only the changed rows does not. On SQLite the statements are also
// counted, by SQLite's own trace on both of the model's connections.
#include <core/errors.h>
#include <core/model/gridquery.h>
#include <core/model/liveupdates.h>
#include <core/versioning/versioning.h>
#include <tests/support/modelfixture.h>
#include <tests/support/testmacros.h>

#include <QSignalSpy>
#include <QSqlDriver>
#include <QSqlQuery>
#include <QTest>

#ifdef CONCORD_HAVE_SQLITE3
#include <sqlite3.h>
#endif

using namespace Concord;
using namespace Concord::Test;

namespace {

constexpr int pollMs = 50;
const QString behind = QStringLiteral("changed behind the model");

#ifdef CONCORD_HAVE_SQLITE3
/// Counts the statements SQLite runs on some connections (sqlite3_trace_v2), leaving out the
/// watcher's poll, which runs every pollMs whether or not anyone commits.
class StatementCounter
{
public:
    explicit StatementCounter(const QList<QSqlDatabase> &connections)
    {
        for (const QSqlDatabase &db : connections) {
            const QVariant handle = db.driver()->handle();
            if (qstrcmp(handle.typeName(), "sqlite3*") != 0)
                continue;
            sqlite3 *connection = *static_cast<sqlite3 *const *>(handle.constData());
            sqlite3_trace_v2(connection, SQLITE_TRACE_STMT, &StatementCounter::traced, this);
            m_handles << connection;
        }
    }
    ~StatementCounter()
    {
        for (sqlite3 *connection : std::as_const(m_handles))
            sqlite3_trace_v2(connection, 0, nullptr, nullptr);
    }
    int connections() const { return int(m_handles.size()); }
    QStringList statements() const { return m_statements; }

private:
    static int traced(unsigned, void *context, void *, void *text)
    {
        const QString sql = QString::fromUtf8(static_cast<const char *>(text));
        if (!sql.startsWith(QLatin1String("--")) && sql != QLatin1String("PRAGMA data_version"))
            static_cast<StatementCounter *>(context)->m_statements << sql;
        return 0;
    }

    QList<sqlite3 *> m_handles;
    QStringList m_statements;
};
#endif

} // namespace

class tst_LiveRows : public QObject
{
    Q_OBJECT

private:
    ModelFixture m_fixture;

    std::unique_ptr<VersionedTableModel> live()
    {
        auto model = m_fixture.load(m_fixture.a());
        model->setLiveUpdates(true, pollMs);
        // Every page in memory, as a grid that shows them has it
        for (int row = 0; row < model->rowCount(); ++row)
            model->data(model->index(row, 0));
        return model;
    }

    void changeBehindTheModel()
    {
        QCOMPARE(m_fixture.exec({QStringLiteral("UPDATE items SET note = '%1' WHERE id = 2").arg(behind)}), QString());
    }

    QString name(const VersionedTableModel &model, int row) const
    {
        return ModelFixture::value(model, row, QStringLiteral("name")).toString();
    }

    bool isPostgreSQL() const { return m_fixture.backend() == Backend::PostgreSQL; }

    // Sends notifications as a writer of another client would, in one transaction of B's.
    void notifyThroughB(const QStringList &payloads)
    {
        QSqlDatabase b = m_fixture.b();
        QVERIFY(b.transaction());
        for (const QString &payload : payloads) {
            QSqlQuery query(b);
            query.prepare(QStringLiteral("SELECT pg_notify('concord_changes', ?)"));
            query.addBindValue(payload);
            QVERIFY2(query.exec(), qPrintable(query.lastError().text()));
        }
        QVERIFY(b.commit());
    }

private Q_SLOTS:
    void initTestCase() { CONCORD_REQUIRE_BACKEND(); }
    void init() { QCOMPARE(m_fixture.create(), QString()); }
    void cleanup() { m_fixture.destroy(); }

    void othersUpdateIsShownInPlace()
    {
        // Given a live model, and a row changed without a word
        auto a = live();
        QSignalSpy resets(a.get(), &QAbstractItemModel::modelReset);
        QSignalSpy changed(a.get(), &QAbstractItemModel::dataChanged);
        changeBehindTheModel();
        // When another user saves another row
        QCOMPARE(ModelFixture::saveAsOtherUser(m_fixture.b(), QStringLiteral("items"), 3, QStringLiteral("qty"), 30),
                 QString());
        // Then that row shows the new value and version, read in place: the silent change is not
        QTRY_COMPARE(ModelFixture::value(*a, 2, QStringLiteral("qty")).toInt(), 30);
        QCOMPARE(a->loadedVersion(2).toInt(), 2);
        QCOMPARE(ModelFixture::value(*a, 1, QStringLiteral("note")).toString(), QStringLiteral("yellow"));
        QCOMPARE(resets.count(), 0);
        QVERIFY(!changed.isEmpty());
        QCOMPARE(changed.constLast().at(0).toModelIndex().row(), 2);
        QVERIFY(!a->isOutdated());
        // And the next save of that row is checked against the version now shown
        QVERIFY(ModelFixture::edit(*a, 2, QStringLiteral("note"), QStringLiteral("mine")));
        QVERIFY_SQL(*a, submitAll());
    }

    void othersUpdateCostsAtMostTwoStatements()
    {
#ifndef CONCORD_HAVE_SQLITE3
        QSKIP("built without SQLite's headers: statements are not counted");
#else
        if (isPostgreSQL())
            QSKIP("PostgreSQL: counted from the server's log by concord_bench, measure 10");
        // Given a live model traced on both of its connections, the editing one and the reader,
        // in pages of two rows: a re-read of the table would cost more (a count, pages)
        auto a = live();
        a->setPaging(2, 64);
        QVERIFY_SQL(*a, select());
        for (int row = 0; row < a->rowCount(); ++row)
            a->data(a->index(row, 0));
        QCOMPARE(a->pagesHeld(), 2);
        QList<QSqlDatabase> connections{a->database()};
        for (const QString &name : QSqlDatabase::connectionNames()) {
            if (name.startsWith(a->database().connectionName() + QLatin1String("-reader-")))
                connections << QSqlDatabase::database(name, false);
        }
        StatementCounter counter(connections);
        QCOMPARE(counter.connections(), int(connections.size())); // the reader reads on the editing one when idle
        // When another user saves one row
        QCOMPARE(ModelFixture::saveAsOtherUser(m_fixture.b(), QStringLiteral("items"), 3, QStringLiteral("qty"), 30),
                 QString());
        QTRY_COMPARE(ModelFixture::value(*a, 2, QStringLiteral("qty")).toInt(), 30);
        QTest::qWait(4 * pollMs); // anything that would come after
        // Then the model checked the versions and read the one row again: two statements
        QVERIFY2(counter.statements().size() <= 2, qPrintable(counter.statements().join(QLatin1String("\n"))));
        QCOMPARE(counter.statements().size(), 2);
#endif
    }

    void outsideWritesThroughTheTriggerAreShownInPlace()
    {
        // Given a trigger-versioned table: its trigger bumps the version (and notifies the key)
        VersioningConfig config;
        config.table = QStringLiteral("items");
        config.policy = VersionPolicy::Trigger;
        QVERIFY_RESULT(applyVersioning(m_fixture.a(), config));
        auto a = live();
        QSignalSpy resets(a.get(), &QAbstractItemModel::modelReset);
        // When psql or sqlite3 updates a row
        QCOMPARE(m_fixture.exec({QStringLiteral("UPDATE items SET qty = 42 WHERE id = 3")}), QString());
        // Then it shows in place
        QTRY_COMPARE(ModelFixture::value(*a, 2, QStringLiteral("qty")).toInt(), 42);
        QCOMPARE(a->loadedVersion(2).toInt(), 2);
        QCOMPARE(resets.count(), 0);
    }

    void rowsOfACompositeKeyAreShownInPlace()
    {
        QCOMPARE(m_fixture.exec({QStringLiteral("CREATE TABLE pairs (a INTEGER NOT NULL, b TEXT NOT NULL, n INTEGER, "
                                                "version INTEGER, PRIMARY KEY (a, b))"),
                                 QStringLiteral("INSERT INTO pairs VALUES (1, 'x', 1, 1)"),
                                 QStringLiteral("INSERT INTO pairs VALUES (1, 'y', 2, 1)"),
                                 QStringLiteral("INSERT INTO pairs VALUES (2, 'x', 3, 1)")}),
                 QString());
        auto a = m_fixture.load(m_fixture.a(), QStringLiteral("pairs"));
        a->setLiveUpdates(true, pollMs);
        QSignalSpy resets(a.get(), &QAbstractItemModel::modelReset);
        auto b = m_fixture.load(m_fixture.b(), QStringLiteral("pairs"));
        QVERIFY(ModelFixture::edit(*b, 1, QStringLiteral("n"), 20));
        QVERIFY(ModelFixture::edit(*b, 2, QStringLiteral("n"), 30));
        QVERIFY_SQL(*b, submitAll());
        QTRY_COMPARE(ModelFixture::value(*a, 2, QStringLiteral("n")).toInt(), 30);
        QCOMPARE(ModelFixture::value(*a, 1, QStringLiteral("n")).toInt(), 20);
        QCOMPARE(ModelFixture::value(*a, 0, QStringLiteral("n")).toInt(), 1);
        QCOMPARE(resets.count(), 0);
    }

    void rowsOthersDeleteDisappear()
    {
        auto a = live();
        auto b = m_fixture.load(m_fixture.b());
        QVERIFY(b->removeRow(1));
        QVERIFY_SQL(*b, submitAll());
        QTRY_COMPARE(a->rowCount(), 3);
        QCOMPARE(name(*a, 0), QStringLiteral("apple"));
        QCOMPARE(name(*a, 1), QStringLiteral("cherry"));
        QVERIFY(!a->isOutdated());
    }

    void anInsertAndADeleteInOneCommitAreBothShown()
    {
        // The row count does not change: the held rows and their positions tell
        auto a = live();
        auto b = m_fixture.load(m_fixture.b());
        QVERIFY(b->removeRow(1));
        QVERIFY(b->insertRow(b->rowCount()));
        QVERIFY(ModelFixture::edit(*b, b->rowCount() - 1, QStringLiteral("name"), QStringLiteral("fig")));
        QVERIFY_SQL(*b, submitAll());
        QTRY_COMPARE(name(*a, 1), QStringLiteral("cherry"));
        QCOMPARE(a->rowCount(), 4);
        QCOMPARE(name(*a, 3), QStringLiteral("fig"));
    }

    void anInsertAmongHeldRowsIsShownWhenADeleteElsewhereKeepsTheCount()
    {
        // Given pages of two rows, only the first one held: ids 10 and 20 of 10, 20, ..., 60
        QStringList rows{QStringLiteral("CREATE TABLE spread (id INTEGER PRIMARY KEY, name TEXT, version INTEGER)")};
        for (int id = 10; id <= 60; id += 10)
            rows << QStringLiteral("INSERT INTO spread VALUES (%1, 'n%1', 1)").arg(id);
        QCOMPARE(m_fixture.exec(rows), QString());
        auto a = m_fixture.load(m_fixture.a(), QStringLiteral("spread"));
        a->setPaging(2, 64);
        QVERIFY_SQL(*a, select());
        a->setLiveUpdates(true, pollMs);
        QCOMPARE(name(*a, 1), QStringLiteral("n20"));
        QCOMPARE(a->pagesHeld(), 1);
        // When another user inserts 15 and deletes 60 in one commit: the count stays six
        auto b = m_fixture.load(m_fixture.b(), QStringLiteral("spread"));
        QVERIFY(b->removeRow(5));
        QVERIFY(b->insertRow(b->rowCount()));
        QVERIFY(ModelFixture::edit(*b, b->rowCount() - 1, QStringLiteral("id"), 15));
        QVERIFY(ModelFixture::edit(*b, b->rowCount() - 1, QStringLiteral("name"), QStringLiteral("n15")));
        QVERIFY_SQL(*b, submitAll());
        // Then the new row shows in its place, and the pages after it are not shifted
        QTRY_COMPARE(name(*a, 1), QStringLiteral("n15"));
        QCOMPARE(a->rowCount(), 6);
        QCOMPARE(name(*a, 2), QStringLiteral("n20"));
        QCOMPARE(name(*a, 5), QStringLiteral("n50"));
    }

    void pendingEditsInAnotherRowAreUntouched()
    {
        // Given a pending edit in the first row
        auto a = live();
        QSignalSpy resets(a.get(), &QAbstractItemModel::modelReset);
        QVERIFY(ModelFixture::edit(*a, 0, QStringLiteral("qty"), 10));
        // When another user saves the third
        QCOMPARE(ModelFixture::saveAsOtherUser(m_fixture.b(), QStringLiteral("items"), 3, QStringLiteral("note"),
                                               QStringLiteral("theirs")),
                 QString());
        // Then it shows at once, and the edit is still pending
        QTRY_COMPARE(ModelFixture::value(*a, 2, QStringLiteral("note")).toString(), QStringLiteral("theirs"));
        QCOMPARE(ModelFixture::value(*a, 0, QStringLiteral("qty")).toInt(), 10);
        QVERIFY(a->isRowDirty(0));
        QCOMPARE(resets.count(), 0);
        QVERIFY(!a->isOutdated());
        QVERIFY_SQL(*a, submitAll());
        QCOMPARE(m_fixture.scalar(QStringLiteral("SELECT qty FROM items WHERE id = 1")).toInt(), 10);
    }

    void changedRowWithPendingEditsKeepsThemUntilTheSaveConflicts()
    {
        auto a = live();
        QVERIFY(ModelFixture::edit(*a, 1, QStringLiteral("qty"), 20));
        QCOMPARE(ModelFixture::saveAsOtherUser(m_fixture.b(), QStringLiteral("items"), 2, QStringLiteral("note"),
                                               QStringLiteral("theirs")),
                 QString());
        // The change is noted, the edit stays, and the save conflicts as before
        QTRY_VERIFY(a->isOutdated());
        QCOMPARE(ModelFixture::value(*a, 1, QStringLiteral("qty")).toInt(), 20);
        QCOMPARE(ModelFixture::value(*a, 1, QStringLiteral("note")).toString(), QStringLiteral("yellow"));
        QVERIFY(!a->submitAll());
        QVERIFY(isRecordModified(a->lastError()));
        QCOMPARE(ModelFixture::value(*a, 1, QStringLiteral("qty")).toInt(), 20);
    }

    void rowSavedHereThenChangedByOthersShowsTheirs()
    {
        // A row this model saved keeps its values in QSqlTableModel's own cache
        auto a = live();
        QVERIFY(ModelFixture::edit(*a, 1, QStringLiteral("qty"), 20));
        QVERIFY_SQL(*a, submitAll());
        QCOMPARE(ModelFixture::saveAsOtherUser(m_fixture.b(), QStringLiteral("items"), 2, QStringLiteral("qty"), 200),
                 QString());
        QTRY_COMPARE(ModelFixture::value(*a, 1, QStringLiteral("qty")).toInt(), 200);
        QCOMPARE(a->loadedVersion(1).toInt(), 3);
        // and the next save is checked against their version, not the one saved here
        QVERIFY(ModelFixture::edit(*a, 1, QStringLiteral("note"), QStringLiteral("mine")));
        QVERIFY_SQL(*a, submitAll());
    }

    void rowThatMovesInTheSortIsPlacedByAReread()
    {
        auto a = live();
        a->sort(a->fieldIndex(QStringLiteral("name")), Qt::AscendingOrder);
        QSignalSpy refreshed(a.get(), &VersionedTableModel::refreshed);
        QCOMPARE(ModelFixture::saveAsOtherUser(m_fixture.b(), QStringLiteral("items"), 1, QStringLiteral("name"),
                                               QStringLiteral("zucchini")),
                 QString());
        QTRY_COMPARE(name(*a, 3), QStringLiteral("zucchini"));
        QCOMPARE(name(*a, 0), QStringLiteral("banana"));
        QCOMPARE(refreshed.count(), 1);
    }

    void rowThatLeavesTheFilterDisappears()
    {
        auto a = live();
        QVERIFY(a->setColumnFilters({ColumnFilter{QStringLiteral("qty"), ColumnFilter::Op::GreaterOrEqual, 2}}));
        QCOMPARE(a->rowCount(), 3);
        QCOMPARE(ModelFixture::saveAsOtherUser(m_fixture.b(), QStringLiteral("items"), 2, QStringLiteral("qty"), 0),
                 QString());
        QTRY_COMPARE(a->rowCount(), 2);
        QCOMPARE(name(*a, 0), QStringLiteral("cherry"));
    }

    void severalRowsInOneCommitAreShownInPlace()
    {
        auto a = live();
        QSignalSpy resets(a.get(), &QAbstractItemModel::modelReset);
        changeBehindTheModel();
        auto b = m_fixture.load(m_fixture.b());
        for (int row : {0, 2, 3})
            QVERIFY(ModelFixture::edit(*b, row, QStringLiteral("qty"), 100 + row));
        QVERIFY_SQL(*b, submitAll());
        QTRY_COMPARE(ModelFixture::value(*a, 3, QStringLiteral("qty")).toInt(), 103);
        QCOMPARE(ModelFixture::value(*a, 0, QStringLiteral("qty")).toInt(), 100);
        QCOMPARE(ModelFixture::value(*a, 2, QStringLiteral("qty")).toInt(), 102);
        QCOMPARE(ModelFixture::value(*a, 1, QStringLiteral("note")).toString(), QStringLiteral("yellow"));
        QCOMPARE(resets.count(), 0);
    }

    void blockedViewGetsTheChangeInPlaceWhenReleased()
    {
        auto a = live();
        bool editing = true;
        a->setRefreshBlocker([&editing] { return editing; });
        QSignalSpy refreshed(a.get(), &VersionedTableModel::refreshed);
        QCOMPARE(ModelFixture::saveAsOtherUser(m_fixture.b(), QStringLiteral("items"), 3, QStringLiteral("qty"), 30),
                 QString());
        QTRY_VERIFY(a->isOutdated());
        QCOMPARE(ModelFixture::value(*a, 2, QStringLiteral("qty")).toInt(), 3);
        editing = false;
        a->refreshIfIdle();
        QCOMPARE(ModelFixture::value(*a, 2, QStringLiteral("qty")).toInt(), 30);
        QVERIFY(!a->isOutdated());
        QCOMPARE(refreshed.count(), 0);
    }

    void aKeyTooLongForANotificationStillSavesAndShows()
    {
        // PostgreSQL refuses payloads of 8000 bytes: the key is left out, never the write
        const QString longKey(7600, QLatin1Char('k'));
        QCOMPARE(m_fixture.exec({QStringLiteral("CREATE TABLE words (word TEXT PRIMARY KEY, n INTEGER, version INTEGER)"),
                                 QStringLiteral("INSERT INTO words VALUES ('%1', 1, 1)").arg(longKey)}),
                 QString());
        auto a = m_fixture.load(m_fixture.a(), QStringLiteral("words"));
        a->setLiveUpdates(true, pollMs);
        auto b = m_fixture.load(m_fixture.b(), QStringLiteral("words"));
        QVERIFY(ModelFixture::edit(*b, 0, QStringLiteral("n"), 2));
        QVERIFY_SQL(*b, submitAll());
        QTRY_COMPARE(ModelFixture::value(*a, 0, QStringLiteral("n")).toInt(), 2);
    }

    void unreadableNotificationsRereadTheTable_data()
    {
        QTest::addColumn<QStringList>("payloads");
        QTest::addRow("an old trigger's table name") << QStringList{QStringLiteral("items")};
        QTest::addRow("an empty payload") << QStringList{QString()};
        QTest::addRow("cut-off JSON") << QStringList{QStringLiteral("{\"table\": \"items\", \"key\": [\"3")};
        QTest::addRow("no table") << QStringList{QStringLiteral("{\"key\": [\"3\"]}")};
        QTest::addRow("a key too long to send") << QStringList{QStringLiteral("{\"table\": \"items\", \"key\": null}")};
        QTest::addRow("a key of two columns") << QStringList{QStringLiteral("{\"table\": \"items\", \"key\": [\"3\", \"4\"]}")};
        QTest::addRow("a number for a key") << QStringList{QStringLiteral("{\"table\": \"items\", \"key\": [3]}")};
        QTest::addRow("a key not held (an insert)")
            << QStringList{QStringLiteral("{\"table\": \"items\", \"key\": [\"99\"]}")};
    }

    void unreadableNotificationsRereadTheTable()
    {
        if (!isPostgreSQL())
            QSKIP("SQLite sends no notifications");
        QFETCH(QStringList, payloads);
        // Given a row changed without a word
        auto a = live();
        QSignalSpy refreshed(a.get(), &VersionedTableModel::refreshed);
        changeBehindTheModel();
        // When a notification arrives that names no row the model can read in place
        notifyThroughB(payloads);
        // Then the whole table is read again, once, which shows the silent change too
        QTRY_COMPARE(refreshed.count(), 1);
        QCOMPARE(ModelFixture::value(*a, 1, QStringLiteral("note")).toString(), behind);
        QTest::qWait(4 * pollMs);
        QCOMPARE(refreshed.count(), 1);
    }

    void bulkWritesAreReadInPlaceUpToMaxKeys_data()
    {
        QTest::addColumn<int>("keys");
        QTest::addColumn<bool>("inPlace");
        QTest::addRow("maxKeys rows") << LiveUpdates::maxKeys << true;
        QTest::addRow("one more") << LiveUpdates::maxKeys + 1 << false;
        QTest::addRow("a bulk job's 5000") << 5000 << false;
    }

    void bulkWritesAreReadInPlaceUpToMaxKeys()
    {
        if (!isPostgreSQL())
            QSKIP("SQLite sends no notifications");
        QFETCH(int, keys);
        QFETCH(bool, inPlace);
        // Given a table of more rows than that, all held, and a row changed without a word
        QCOMPARE(m_fixture.exec({QStringLiteral("INSERT INTO items (name, qty, version) "
                                                "SELECT 'n' || g, g, 1 FROM generate_series(5, %1) AS g")
                                     .arg(keys + 10)}),
                 QString());
        auto a = live();
        QSignalSpy refreshed(a.get(), &VersionedTableModel::refreshed);
        changeBehindTheModel();
        // When one transaction of another client notifies that many rows (not row 2), as a
        // writer of each would
        QSqlQuery notify(m_fixture.b());
        QVERIFY2(notify.exec(QStringLiteral("SELECT pg_notify('concord_changes', json_build_object('table', 'items', "
                                            "'key', json_build_array(CAST(g AS TEXT)))::text) "
                                            "FROM generate_series(3, %1) AS g")
                                 .arg(keys + 2)),
                 qPrintable(notify.lastError().text()));
        // Then they are read in place, or past maxKeys the table once
        QTRY_COMPARE(refreshed.count() + (inPlace ? 1 : 0), 1);
        QTest::qWait(4 * pollMs);
        QCOMPARE(refreshed.count(), inPlace ? 0 : 1);
        QCOMPARE(ModelFixture::value(*a, 1, QStringLiteral("note")).toString(),
                 inPlace ? QStringLiteral("yellow") : behind);
    }

    void notificationsOfOtherTablesAreIgnored()
    {
        if (!isPostgreSQL())
            QSKIP("SQLite sends no notifications");
        auto a = live();
        QSignalSpy changed(a.get(), &QAbstractItemModel::dataChanged);
        QSignalSpy refreshed(a.get(), &VersionedTableModel::refreshed);
        notifyThroughB({QStringLiteral("{\"table\": \"others\", \"key\": [\"3\"]}"), QStringLiteral("others")});
        QTest::qWait(4 * pollMs);
        QCOMPARE(refreshed.count(), 0);
        QCOMPARE(changed.count(), 0);
    }
};

QTEST_GUILESS_MAIN(tst_LiveRows)
#include "tst_liverows.moc"
