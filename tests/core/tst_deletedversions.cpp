// SPDX-License-Identifier: MIT
// SPDX-FileCopyrightText: 2026 Concord developers
//
// Versions of a key never repeat (issue #10, item 4): a key deleted and inserted again starts
// above every version it had, through VersionedWriter and the model, under every policy, and
// after deletes made outside Concord when the policy uses triggers. SQLite and PostgreSQL.
#include <core/db/databaseaddress.h>
#include <core/db/transaction.h>
#include <core/versioning/deletedversions.h>
#include <core/versioning/versionedwriter.h>
#include <core/versioning/versioning.h>
#include <tests/support/modelfixture.h>
#include <tests/support/testmacros.h>

#include <QSqlField>
#include <QTest>
#include <QThread>

#include <optional>

using namespace Concord;
using namespace Concord::Test;

class tst_DeletedVersions : public QObject
{
    Q_OBJECT

private:
    ModelFixture m_fixture;

    std::optional<VersionedWriter> writer(const QSqlDatabase &db, const QString &table = QStringLiteral("items"))
    {
        auto config = versioningFor(db, table);
        if (!config)
            return std::nullopt;
        auto schema = TableSchema::load(db, table, config.value().column);
        if (!schema)
            return std::nullopt;
        return VersionedWriter(db, schema.value(), config.value());
    }

    static QSqlRecord keyOf(const VersionedWriter &writer, int id)
    {
        QSqlRecord key;
        key.append(writer.schema().fields.field(QStringLiteral("id")));
        key.setValue(0, id);
        return key;
    }

    static QSqlRecord row(const VersionedWriter &writer, int id, const QString &name)
    {
        QSqlRecord values = writer.schema().fields;
        for (int i = 0; i < values.count(); ++i)
            values.setGenerated(i, false);
        values.setValue(QStringLiteral("id"), id);
        values.setValue(QStringLiteral("name"), name);
        values.setGenerated(QStringLiteral("id"), true);
        values.setGenerated(QStringLiteral("name"), true);
        return values;
    }

    QVariant scalar(const QString &sql) { return m_fixture.scalar(sql); }

private Q_SLOTS:
    void initTestCase() { CONCORD_REQUIRE_BACKEND(); }
    void init() { QCOMPARE(m_fixture.create(), QString()); }
    void cleanup() { m_fixture.destroy(); }

    void aReinsertedKeyStartsAboveEveryVersionItHad_data()
    {
        QTest::addColumn<VersionPolicy>("policy");
        QTest::addRow("counter") << VersionPolicy::Counter;
        QTest::addRow("timestamp") << VersionPolicy::Timestamp;
        QTest::addRow("conditional") << VersionPolicy::Conditional;
        QTest::addRow("trigger") << VersionPolicy::Trigger;
    }
    void aReinsertedKeyStartsAboveEveryVersionItHad()
    {
        QFETCH(VersionPolicy, policy);
        // Given a key inserted, changed twice and deleted at its last version
        QVERIFY(m_fixture.exec({QStringLiteral("CREATE TABLE acct (id INTEGER PRIMARY KEY, name TEXT, qty INTEGER, version BIGINT)")}).isEmpty());
        VersioningConfig config;
        config.table = QStringLiteral("acct");
        config.policy = policy;
        QVERIFY_RESULT(applyVersioning(m_fixture.a(), config));
        auto w = writer(m_fixture.a(), QStringLiteral("acct"));
        QVERIFY(w);
        QSqlRecord stored;
        QCOMPARE(w->insert(row(*w, 900, QStringLiteral("first")), &stored), VersionedWriter::Outcome::Written);
        QList<QVariant> seen{stored.value(QStringLiteral("version"))};
        for (const QString &name : {QStringLiteral("second"), QStringLiteral("third")}) {
            QSqlRecord change = row(*w, 900, name);
            change.setGenerated(QStringLiteral("id"), false);
            QCOMPARE(w->update(keyOf(*w, 900), seen.last(), {}, change, {}, &stored), VersionedWriter::Outcome::Written);
            seen << w->writtenVersion(stored);
        }
        QCOMPARE(w->remove(keyOf(*w, 900), seen.last()), VersionedWriter::Outcome::Written);

        // When another client inserts the key again
        auto other = writer(m_fixture.b(), QStringLiteral("acct"));
        QVERIFY(other);
        QCOMPARE(other->insert(row(*other, 900, QStringLiteral("new")), &stored), VersionedWriter::Outcome::Written);

        // Then its version is above all of the old ones, and no stale write or delete hits it
        const qint64 fresh = stored.value(QStringLiteral("version")).toLongLong();
        for (const QVariant &old : std::as_const(seen)) {
            QVERIFY2(fresh > old.toLongLong(), qPrintable(QStringLiteral("%1 repeats or precedes %2").arg(fresh).arg(old.toLongLong())));
            QSqlRecord stale = row(*w, 900, QStringLiteral("stale"));
            stale.setGenerated(QStringLiteral("id"), false);
            QCOMPARE(w->update(keyOf(*w, 900), old, {}, stale), VersionedWriter::Outcome::Conflict);
            QCOMPARE(w->remove(keyOf(*w, 900), old), VersionedWriter::Outcome::Conflict);
        }
        QCOMPARE(scalar(QStringLiteral("SELECT name FROM acct WHERE id = 900")).toString(), QStringLiteral("new"));
    }

    void aNeverSeenKeyStartsAtOne()
    {
        // A key never seen starts at 1, also in a table that lost another key
        auto w = writer(m_fixture.a());
        QVERIFY(w);
        QSqlRecord stored;
        QCOMPARE(w->insert(row(*w, 60, QStringLiteral("fig")), &stored), VersionedWriter::Outcome::Written);
        QCOMPARE(stored.value(QStringLiteral("version")).toInt(), 1);
        QCOMPARE(w->remove(keyOf(*w, 60), 1), VersionedWriter::Outcome::Written);
        QCOMPARE(w->insert(row(*w, 61, QStringLiteral("grape")), &stored), VersionedWriter::Outcome::Written);
        QCOMPARE(stored.value(QStringLiteral("version")).toInt(), 1);
    }

    void theModelsDeleteAndInsertNeverRepeatAVersion()
    {
        // Given row 1 saved to version 2 and deleted in the editor
        auto model = m_fixture.load(m_fixture.a());
        QVERIFY(ModelFixture::edit(*model, 0, QStringLiteral("qty"), 5));
        QVERIFY_SQL(*model, submitAll());
        QVERIFY(model->removeRow(0));
        QVERIFY_SQL(*model, submitAll());
        // When the editor inserts the key again
        const int at = model->rowCount();
        QVERIFY(model->insertRow(at));
        QVERIFY(ModelFixture::edit(*model, at, QStringLiteral("id"), 1));
        QVERIFY(ModelFixture::edit(*model, at, QStringLiteral("name"), QStringLiteral("again")));
        QVERIFY_SQL(*model, submitAll());
        // Then it starts at 3, and a copy loaded at version 1 or 2 conflicts
        QCOMPARE(scalar(QStringLiteral("SELECT version FROM items WHERE id = 1")).toInt(), 3);
        auto w = writer(m_fixture.b());
        QVERIFY(w);
        QSqlRecord stale = row(*w, 1, QStringLiteral("stale"));
        stale.setGenerated(QStringLiteral("id"), false);
        QCOMPARE(w->update(keyOf(*w, 1), 1, {}, stale), VersionedWriter::Outcome::Conflict);
        QCOMPARE(w->update(keyOf(*w, 1), 2, {}, stale), VersionedWriter::Outcome::Conflict);
    }

    void triggersRecordDeletesMadeOutsideConcord()
    {
        // Given the Trigger policy and a row changed and deleted with plain SQL (version 2)
        VersioningConfig config;
        config.table = QStringLiteral("items");
        config.policy = VersionPolicy::Trigger;
        QVERIFY_RESULT(applyVersioning(m_fixture.a(), config));
        QVERIFY(m_fixture.exec({QStringLiteral("UPDATE items SET qty = 7 WHERE id = 2"),
                                QStringLiteral("DELETE FROM items WHERE id = 2")}).isEmpty());
        // When Concord inserts the key again, it starts at 3
        auto w = writer(m_fixture.a());
        QVERIFY(w);
        QSqlRecord stored;
        QCOMPARE(w->insert(row(*w, 2, QStringLiteral("again")), &stored), VersionedWriter::Outcome::Written);
        QCOMPARE(stored.value(QStringLiteral("version")).toInt(), 3);
        // and Concord's own delete under the trigger records once, without failing
        QCOMPARE(w->remove(keyOf(*w, 2), 3), VersionedWriter::Outcome::Written);
        QCOMPARE(DeletedVersions::highestDeleted(m_fixture.b(), w->schema(), keyOf(*w, 2)).value(), 3);
    }

    void aKeyTheDatabaseMakesAgainStartsAboveToo()
    {
        // Given a row with a generated key, changed once and deleted (SQLite then reuses its rowid)
        QVERIFY(m_fixture.exec({QStringLiteral("CREATE TABLE made (id %1, name TEXT, version INTEGER)").arg(m_fixture.autoKey())}).isEmpty());
        auto w = writer(m_fixture.a(), QStringLiteral("made"));
        QVERIFY(w);
        QSqlRecord values = row(*w, 0, QStringLiteral("first"));
        values.setNull(QStringLiteral("id"));
        QSqlRecord stored;
        QCOMPARE(w->insert(values, &stored), VersionedWriter::Outcome::Written);
        const QVariant id = stored.value(QStringLiteral("id"));
        QCOMPARE(w->update(keyOf(*w, id.toInt()), 1, {}, row(*w, id.toInt(), QStringLiteral("second"))), VersionedWriter::Outcome::Written);
        QCOMPARE(w->remove(keyOf(*w, id.toInt()), 2), VersionedWriter::Outcome::Written);
        // When a new row gets a key from the database
        QCOMPARE(w->insert(values, &stored), VersionedWriter::Outcome::Written);
        // Then, should the key be the same, its version is above the old ones
        if (stored.value(QStringLiteral("id")) == id)
            QCOMPARE(stored.value(QStringLiteral("version")).toInt(), 3);
        else
            QCOMPARE(stored.value(QStringLiteral("version")).toInt(), 1);
        QCOMPARE(scalar(QStringLiteral("SELECT max(version) FROM made")), stored.value(QStringLiteral("version")));
    }

    void compositeKeysKeepTheirTombstonesApart()
    {
        QVERIFY(m_fixture.exec({QStringLiteral("CREATE TABLE pairs (a TEXT, b TEXT, name TEXT, version INTEGER, PRIMARY KEY (a, b))"),
                                QStringLiteral("INSERT INTO pairs VALUES ('x,y', 'z', 'one', 5)"),
                                QStringLiteral("INSERT INTO pairs VALUES ('x', 'y,z', 'two', 1)")}).isEmpty());
        auto w = writer(m_fixture.a(), QStringLiteral("pairs"));
        QVERIFY(w);
        QSqlRecord key;
        key.append(w->schema().fields.field(QStringLiteral("a")));
        key.append(w->schema().fields.field(QStringLiteral("b")));
        key.setValue(0, QStringLiteral("x,y"));
        key.setValue(1, QStringLiteral("z"));
        QCOMPARE(w->remove(key, 5), VersionedWriter::Outcome::Written);
        QCOMPARE(DeletedVersions::highestDeleted(m_fixture.b(), w->schema(), key).value(), 5);
        key.setValue(0, QStringLiteral("x"));
        key.setValue(1, QStringLiteral("y,z"));
        QCOMPARE(DeletedVersions::highestDeleted(m_fixture.b(), w->schema(), key).value(), 0);
    }

    void anInsertRacingAnUncommittedDeleteOfItsKeyStartsAboveIt()
    {
        if (m_fixture.backend() != Backend::PostgreSQL)
            QSKIP("SQLite runs one writer at a time");
        // Given client A deleted row 1 (at version 2) in a transaction it has not committed yet
        QVERIFY(m_fixture.exec({QStringLiteral("UPDATE items SET version = 2 WHERE id = 1")}).isEmpty());
        auto a = writer(m_fixture.a());
        QVERIFY(a);
        QVERIFY(DeletedVersions::prepare(m_fixture.a()));
        Transaction transaction(m_fixture.a());
        QVERIFY(transaction.begin());
        QCOMPARE(a->remove(keyOf(*a, 1), 2), VersionedWriter::Outcome::Written);
        // When another client inserts key 1 meanwhile (it waits for A on the key)
        const auto address = DatabaseAddress::parse(m_fixture.database().addressText());
        QVERIFY_RESULT(address);
        QVariant inserted;
        QString failure;
        std::unique_ptr<QThread> racer(QThread::create([&] {
            {
                auto db = openDatabase(address.value(), QStringLiteral("racer"), {});
                if (!db) {
                    failure = db.error().message;
                    return;
                }
                auto w = writer(db.value());
                QSqlRecord stored;
                if (!w || w->insert(row(*w, 1, QStringLiteral("racer")), &stored) != VersionedWriter::Outcome::Written)
                    failure = w ? w->lastError().text() : QStringLiteral("no writer");
                inserted = stored.value(QStringLiteral("version"));
                db.value().close();
            }
            QSqlDatabase::removeDatabase(QStringLiteral("racer"));
        }));
        racer->start();
        QTRY_VERIFY_WITH_TIMEOUT(scalar(QStringLiteral("SELECT count(*) FROM pg_stat_activity WHERE wait_event_type = 'Lock' "
                                                       "AND datname = current_database()")).toInt() > 0, 10000);
        QVERIFY(transaction.commit());
        QVERIFY(racer->wait(30000));
        // Then its row starts above the deleted version
        QCOMPARE(failure, QString());
        QCOMPARE(inserted.toInt(), 3);
    }

    void aDeleteThatConflictsRecordsNothing()
    {
        auto w = writer(m_fixture.a());
        QVERIFY(w);
        QCOMPARE(w->remove(keyOf(*w, 3), 7), VersionedWriter::Outcome::Conflict);
        QCOMPARE(DeletedVersions::highestDeleted(m_fixture.b(), w->schema(), keyOf(*w, 3)).value(), 0);
        QCOMPARE(scalar(QStringLiteral("SELECT count(*) FROM items WHERE id = 3")).toInt(), 1);
    }
};

QTEST_GUILESS_MAIN(tst_DeletedVersions)
#include "tst_deletedversions.moc"
