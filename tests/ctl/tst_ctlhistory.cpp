// SPDX-License-Identifier: MIT
// SPDX-FileCopyrightText: 2026 Concord developers
//
// concordctl history / restore / deleted / recover (issue #15), end to end: the real program as
// a child process, on SQLite and PostgreSQL, and four of them incrementing one row with history
// on, which must leave exactly one entry per version.
#include <core/locks/tablelock.h>
#include <tests/support/ctlprocess.h>
#include <tests/support/lockholderprocess.h>
#include <tests/support/modelfixture.h>
#include <tests/support/testmacros.h>

#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QProcess>
#include <QSqlQuery>
#include <QTest>

#include <memory>
#include <vector>

using namespace Concord;
using namespace Concord::Test;
using namespace Qt::StringLiterals;

class tst_CtlHistory : public QObject
{
    Q_OBJECT

private:
    ModelFixture m_fixture;

    CtlResult ctl(const QStringList &arguments)
    {
        return runCtl(QStringLiteral(CONCORD_CTL), arguments, m_fixture.database().addressText());
    }
    QJsonArray historyOf(const QString &table, const QString &key)
    {
        const CtlResult result = ctl({u"history"_s, table, key, u"--json"_s});
        if (result.exitCode != 0)
            qWarning("history failed: %s", qPrintable(result.err));
        return QJsonDocument::fromJson(result.out.toUtf8()).array();
    }
    QVariant scalar(const QString &sql) { return m_fixture.scalar(sql); }

private Q_SLOTS:
    void initTestCase() { CONCORD_REQUIRE_BACKEND(); }
    void init() { QCOMPARE(m_fixture.create(), QString()); }
    void cleanup() { m_fixture.destroy(); }

    void historyListsConcordctlWritesNewestFirst()
    {
        // Given history enabled from the shell
        const CtlResult enabled = ctl({u"history"_s, u"enable"_s, u"items"_s});
        QVERIFY2(enabled.exitCode == 0, qPrintable(enabled.err));
        QVERIFY(enabled.out.contains(u"concord_history_items"_s));
        // When concordctl inserts, changes and deletes a row
        QCOMPARE(ctl({u"insert"_s, u"items"_s, u"id=7"_s, u"name=fig"_s, u"qty=1"_s}).exitCode, 0);
        QCOMPARE(ctl({u"set"_s, u"items"_s, u"7"_s, u"--expect-version"_s, u"1"_s, u"qty=2"_s}).exitCode, 0);
        QCOMPARE(ctl({u"delete"_s, u"items"_s, u"7"_s, u"--expect-version"_s, u"2"_s}).exitCode, 0);
        // Then history prints the three versions, newest first, with what changed
        const QJsonArray entries = historyOf(u"items"_s, u"7"_s);
        QCOMPARE(entries.size(), 3);
        QCOMPARE(entries.at(0).toObject().value(u"operation"_s).toString(), u"delete"_s);
        QCOMPARE(entries.at(1).toObject().value(u"operation"_s).toString(), u"update"_s);
        QCOMPARE(entries.at(1).toObject().value(u"version"_s).toInt(), 2);
        QCOMPARE(entries.at(1).toObject().value(u"changed_fields"_s).toArray(), QJsonArray{u"qty"_s});
        QCOMPARE(entries.at(2).toObject().value(u"operation"_s).toString(), u"insert"_s);
        QVERIFY(!entries.at(2).toObject().value(u"changed_by"_s).toString().isEmpty());
        const CtlResult plain = ctl({u"history"_s, u"items"_s, u"7"_s});
        QCOMPARE(plain.exitCode, 0);
        QCOMPARE(plain.out.count(u'\n'), 3);
        QVERIFY(plain.out.startsWith(u"2\tdelete\t"_s));
    }

    void aShellClientsWritesAreRecorded()
    {
        // Given history on items
        QCOMPARE(ctl({u"history"_s, u"enable"_s, u"items"_s}).exitCode, 0);
        // When the database's own command-line client changes row 3
        const QString sql = u"UPDATE items SET qty = 33, version = version + 1 WHERE id = 3"_s;
        QProcess client;
        if (m_fixture.backend() == Backend::SQLite)
            client.start(u"sqlite3"_s, {m_fixture.database().address().path, sql});
        else
            client.start(u"psql"_s, {u"-X"_s, u"-q"_s, u"-v"_s, u"ON_ERROR_STOP=1"_s, m_fixture.database().addressText(), u"-c"_s, sql});
        if (!client.waitForStarted(10000))
            QSKIP("the database's command-line client is not installed");
        QVERIFY(client.waitForFinished(30000));
        QVERIFY2(client.exitCode() == 0, client.readAllStandardError().constData());
        // Then concordctl shows the write, by nobody known on SQLite
        const QJsonArray entries = historyOf(u"items"_s, u"3"_s);
        QCOMPARE(entries.size(), 1);
        QCOMPARE(entries.at(0).toObject().value(u"values"_s).toObject().value(u"qty"_s).toInt(), 33);
        QCOMPARE(entries.at(0).toObject().value(u"version"_s).toInt(), 2);
        QCOMPARE(entries.at(0).toObject().value(u"changed_by"_s).isNull(), m_fixture.backend() == Backend::SQLite);
    }

    void restoreGoesThroughTheVersionCheck()
    {
        // Given row 1 at version 3 with history on
        QCOMPARE(ctl({u"history"_s, u"enable"_s, u"items"_s}).exitCode, 0);
        QCOMPARE(ctl({u"set"_s, u"items"_s, u"1"_s, u"--expect-version"_s, u"1"_s, u"qty=10"_s}).exitCode, 0);
        QCOMPARE(ctl({u"set"_s, u"items"_s, u"1"_s, u"--expect-version"_s, u"2"_s, u"qty=20"_s}).exitCode, 0);
        // When version 2 is restored expecting an old version, it is a conflict (exit 3) with the row
        const CtlResult stale = ctl({u"restore"_s, u"items"_s, u"1"_s, u"--version"_s, u"2"_s, u"--expect-version"_s, u"2"_s});
        QCOMPARE(stale.exitCode, 3);
        QCOMPARE(QJsonDocument::fromJson(stale.out.toUtf8()).object().value(u"version"_s).toInt(), 3);
        QCOMPARE(scalar(u"SELECT qty FROM items WHERE id = 1"_s).toInt(), 20);
        // When it is restored expecting the current version, it is version 4 with version 2's values
        const CtlResult restored = ctl({u"restore"_s, u"items"_s, u"1"_s, u"--version"_s, u"2"_s, u"--expect-version"_s, u"3"_s});
        QVERIFY2(restored.exitCode == 0, qPrintable(restored.err));
        QCOMPARE(restored.out, u"4\n"_s);
        QCOMPARE(scalar(u"SELECT qty FROM items WHERE id = 1"_s).toInt(), 10);
    }

    void deletedAndRecoverBringARecordBackAboveItsTombstone()
    {
        // Given row 2 changed and deleted at version 2 with history on
        QCOMPARE(ctl({u"history"_s, u"enable"_s, u"items"_s}).exitCode, 0);
        QCOMPARE(ctl({u"set"_s, u"items"_s, u"2"_s, u"--expect-version"_s, u"1"_s, u"note=ripe"_s}).exitCode, 0);
        QCOMPARE(ctl({u"delete"_s, u"items"_s, u"2"_s, u"--expect-version"_s, u"2"_s}).exitCode, 0);
        // Then deleted lists it with its last values
        const CtlResult deleted = ctl({u"deleted"_s, u"items"_s, u"--json"_s});
        QCOMPARE(deleted.exitCode, 0);
        const QJsonArray records = QJsonDocument::fromJson(deleted.out.toUtf8()).array();
        QCOMPARE(records.size(), 1);
        QCOMPARE(records.at(0).toObject().value(u"key"_s).toObject().value(u"id"_s).toInt(), 2);
        QCOMPARE(records.at(0).toObject().value(u"values"_s).toObject().value(u"note"_s).toString(), u"ripe"_s);
        QCOMPARE(records.at(0).toObject().value(u"key_reused"_s).toBool(), false);
        // When it is recovered, it is back at version 3 with its values
        const CtlResult recovered = ctl({u"recover"_s, u"items"_s, u"2"_s});
        QVERIFY2(recovered.exitCode == 0, qPrintable(recovered.err));
        QCOMPARE(recovered.out, u"3\n"_s);
        QCOMPARE(scalar(u"SELECT note FROM items WHERE id = 2"_s).toString(), u"ripe"_s);
        // and a second recover is refused: the key is in use (exit 3, the row on stdout)
        const CtlResult again = ctl({u"recover"_s, u"items"_s, u"2"_s});
        QCOMPARE(again.exitCode, 3);
        QVERIFY(again.err.contains(u"exists again"_s));
    }

    void aCompositeKeyIsGivenAsColumnAssignments()
    {
        QCOMPARE(m_fixture.exec({u"CREATE TABLE stock (region TEXT NOT NULL, code INTEGER NOT NULL, amount INTEGER, "
                                 "version INTEGER NOT NULL DEFAULT 1, PRIMARY KEY (region, code))"_s,
                                 u"INSERT INTO stock VALUES ('north', 1, 5, 1)"_s}),
                 QString());
        QCOMPARE(ctl({u"history"_s, u"enable"_s, u"stock"_s, u"--keep-last"_s, u"5"_s}).exitCode, 0);
        QCOMPARE(ctl({u"set"_s, u"stock"_s, u"region=north,code=1"_s, u"--expect-version"_s, u"1"_s, u"amount=6"_s}).exitCode, 0);
        const QJsonArray entries = historyOf(u"stock"_s, u"region=north,code=1"_s);
        QCOMPARE(entries.size(), 1);
        QCOMPARE(entries.at(0).toObject().value(u"values"_s).toObject().value(u"amount"_s).toInt(), 6);
        QCOMPARE(ctl({u"history"_s, u"stock"_s, u"north"_s}).exitCode, 2); // half a key
    }

    void badInputIsRefusedClearly_data()
    {
        QTest::addColumn<QStringList>("arguments");
        QTest::addColumn<int>("exitCode");
        QTest::addColumn<QString>("message");
        QTest::addRow("unknown table") << QStringList{u"history"_s, u"enable"_s, u"nosuch"_s} << 1 << u"nosuch"_s;
        QTest::addRow("history off") << QStringList{u"history"_s, u"items"_s, u"1"_s} << 1 << u"keeps no history"_s;
        QTest::addRow("deleted, history off") << QStringList{u"deleted"_s, u"items"_s} << 1 << u"keeps no history"_s;
        QTest::addRow("prune, history off") << QStringList{u"history"_s, u"prune"_s, u"items"_s} << 1 << u"keeps no history"_s;
        QTest::addRow("both retentions") << QStringList{u"history"_s, u"enable"_s, u"items"_s, u"--keep-last"_s, u"2"_s,
                                                        u"--keep-days"_s, u"3"_s}
                                         << 2 << u"not both"_s;
        QTest::addRow("zero versions") << QStringList{u"history"_s, u"enable"_s, u"items"_s, u"--keep-last"_s, u"0"_s} << 2
                                       << u"at least 1"_s;
        QTest::addRow("not a number") << QStringList{u"history"_s, u"enable"_s, u"items"_s, u"--keep-days"_s, u"x"_s} << 2
                                      << u"integer"_s;
        QTest::addRow("restore without versions") << QStringList{u"restore"_s, u"items"_s, u"1"_s} << 2 << u"--version"_s;
        QTest::addRow("recover, nothing deleted") << QStringList{u"recover"_s, u"items"_s, u"1"_s} << 3 << u"exists again"_s;
    }
    void badInputIsRefusedClearly()
    {
        QFETCH(QStringList, arguments);
        QFETCH(int, exitCode);
        QFETCH(QString, message);
        if (QByteArray(QTest::currentDataTag()) == "recover, nothing deleted")
            QCOMPARE(ctl({u"history"_s, u"enable"_s, u"items"_s}).exitCode, 0);
        const CtlResult result = ctl(arguments);
        QCOMPARE(result.exitCode, exitCode);
        QVERIFY2(result.err.contains(message), qPrintable(result.err));
    }

    void aVersionTheHistoryLacksIsRefused()
    {
        QCOMPARE(ctl({u"history"_s, u"enable"_s, u"items"_s}).exitCode, 0);
        const CtlResult result = ctl({u"restore"_s, u"items"_s, u"1"_s, u"--version"_s, u"9"_s, u"--expect-version"_s, u"1"_s});
        QCOMPARE(result.exitCode, 1);
        QVERIFY2(result.err.contains(u"no version 9"_s), qPrintable(result.err));
        QCOMPARE(scalar(u"SELECT version FROM items WHERE id = 1"_s).toInt(), 1);
    }

    void pruneRunsTheRetentionJobUnderTheTableLock()
    {
        // Given row 1 written four times, keeping the last 2 versions
        QCOMPARE(ctl({u"history"_s, u"enable"_s, u"items"_s, u"--keep-last"_s, u"2"_s}).exitCode, 0);
        for (int version = 1; version <= 4; ++version)
            QCOMPARE(ctl({u"set"_s, u"items"_s, u"1"_s, u"--expect-version"_s, QString::number(version),
                          u"qty=%1"_s.arg(version * 10)}).exitCode, 0);
        // When another process holds the table's lock, prune is refused (exit 4) and removes nothing
        {
            LockHolderProcess holder(QStringLiteral(CONCORD_TEST_LOCKHOLDER));
            QVERIFY(holder.start({m_fixture.database().addressText(), tableLockName(u"items"_s)}));
            QVERIFY(holder.nextOutcome().startsWith(u"acquired"_s));
            QCOMPARE(ctl({u"history"_s, u"prune"_s, u"items"_s}).exitCode, 4);
            QCOMPARE(historyOf(u"items"_s, u"1"_s).size(), 4);
            holder.release();
        }
        // Then, unlocked, it keeps the last two
        const CtlResult pruned = ctl({u"history"_s, u"prune"_s, u"items"_s});
        QVERIFY2(pruned.exitCode == 0, qPrintable(pruned.err));
        QVERIFY(pruned.out.contains(u"2 history entries removed"_s));
        QCOMPARE(historyOf(u"items"_s, u"1"_s).size(), 2);
    }

    // History triggers change the table's schema: exclusive work, refused (exit 4, nothing
    // changed) while someone else holds the table's lock, like prune.
    void enableAndDisableWaitForNoOnesTableLock()
    {
        {
            LockHolderProcess holder(QStringLiteral(CONCORD_TEST_LOCKHOLDER));
            QVERIFY(holder.start({m_fixture.database().addressText(), tableLockName(u"items"_s)}));
            QVERIFY(holder.nextOutcome().startsWith(u"acquired"_s));
            const CtlResult refused = ctl({u"history"_s, u"enable"_s, u"items"_s});
            QCOMPARE(refused.exitCode, 4);
            QVERIFY(ctl({u"history"_s, u"status"_s, u"items"_s}).out.contains(u"off"_s));
            holder.release();
        }
        QCOMPARE(ctl({u"history"_s, u"enable"_s, u"items"_s}).exitCode, 0);
        {
            LockHolderProcess holder(QStringLiteral(CONCORD_TEST_LOCKHOLDER));
            QVERIFY(holder.start({m_fixture.database().addressText(), tableLockName(u"items"_s)}));
            QVERIFY(holder.nextOutcome().startsWith(u"acquired"_s));
            QCOMPARE(ctl({u"history"_s, u"disable"_s, u"items"_s, u"--drop"_s}).exitCode, 4);
            QVERIFY(ctl({u"history"_s, u"status"_s, u"items"_s}).out.contains(u"up to date"_s));
            holder.release();
        }
    }

    void disableKeepsTheHistoryUnlessDropped()
    {
        QCOMPARE(ctl({u"history"_s, u"enable"_s, u"items"_s}).exitCode, 0);
        QCOMPARE(ctl({u"set"_s, u"items"_s, u"1"_s, u"--expect-version"_s, u"1"_s, u"qty=5"_s}).exitCode, 0);
        QCOMPARE(ctl({u"history"_s, u"disable"_s, u"items"_s}).exitCode, 0);
        QVERIFY(ctl({u"history"_s, u"status"_s, u"items"_s}).out.contains(u"history kept"_s));
        QCOMPARE(historyOf(u"items"_s, u"1"_s).size(), 1);
        QCOMPARE(ctl({u"history"_s, u"disable"_s, u"items"_s, u"--drop"_s}).exitCode, 0);
        QVERIFY(ctl({u"history"_s, u"status"_s, u"items"_s}).out.contains(u"no history"_s));
        QCOMPARE(ctl({u"history"_s, u"items"_s, u"1"_s}).exitCode, 1);
    }

    void fourProcessesIncrementingKeepOneEntryPerVersion()
    {
        // Given a counter at version 1 with history on
        QVERIFY(m_fixture.exec({u"CREATE TABLE counters (id INTEGER PRIMARY KEY, value INTEGER NOT NULL, "
                                "version INTEGER NOT NULL DEFAULT 1)"_s,
                                u"INSERT INTO counters VALUES (1, 0, 1)"_s}).isEmpty());
        QCOMPARE(ctl({u"history"_s, u"enable"_s, u"counters"_s}).exitCode, 0);
        // When four concordctl writers each increment it 25 times, retrying on conflicts
        QProcessEnvironment environment = QProcessEnvironment::systemEnvironment();
        environment.insert(u"CONCORD_DB"_s, m_fixture.database().addressText());
        std::vector<std::unique_ptr<QProcess>> writers;
        for (int i = 0; i < 4; ++i) {
            auto writer = std::make_unique<QProcess>();
            writer->setProcessEnvironment(environment);
            writer->start(u"bash"_s, {QStringLiteral(CONCORD_TEST_DATA_DIR "/ctl_increment.sh"), QStringLiteral(CONCORD_CTL), u"25"_s});
            writers.push_back(std::move(writer));
        }
        for (auto &writer : writers) {
            QVERIFY(writer->waitForFinished(240000));
            QVERIFY2(writer->exitCode() == 0, writer->readAllStandardError().constData());
        }
        QCOMPARE(scalar(u"SELECT value FROM counters WHERE id = 1"_s).toInt(), 100);
        // Then the history holds versions 2..101 once each, in order, each with its own value
        QSqlQuery query(m_fixture.b());
        QVERIFY_SQL(query, exec(u"SELECT version, value, concord_operation FROM concord_history_counters ORDER BY concord_id"_s));
        int expected = 2;
        while (query.next()) {
            QCOMPARE(query.value(2).toString(), u"update"_s);
            QCOMPARE(query.value(0).toInt(), expected);
            QCOMPARE(query.value(1).toInt(), expected - 1);
            ++expected;
        }
        QCOMPARE(expected, 102);
    }
};

QTEST_GUILESS_MAIN(tst_CtlHistory)
#include "tst_ctlhistory.moc"
