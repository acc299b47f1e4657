// SPDX-License-Identifier: MIT
// SPDX-FileCopyrightText: 2026 Concord developers
//
// concordctl end to end: the real program as a child process, on SQLite and PostgreSQL.
#include <core/locks/advisorylock.h>
#include <core/locks/tablelock.h>
#include <core/jobs/job.h>
#include <core/versioning/versioningconfig.h>
#include <tests/support/ctlprocess.h>
#include <tests/support/lockholderprocess.h>
#include <tests/support/modelfixture.h>
#include <tests/support/testmacros.h>

#include <QFile>
#include <QJsonDocument>
#include <QJsonObject>
#include <QProcess>
#include <QTemporaryDir>
#include <QTest>

using namespace Concord;
using namespace Concord::Test;

class tst_Concordctl : public QObject
{
    Q_OBJECT

private:
    ModelFixture m_fixture;

    CtlResult ctl(const QStringList &arguments, const QHash<QString, QString> &extraEnvironment = {})
    {
        return runCtl(QStringLiteral(CONCORD_CTL), arguments, m_fixture.database().addressText(), extraEnvironment);
    }

    QVariant scalar(const QString &sql) { return m_fixture.scalar(sql); }

    // PostgreSQL: how many server sessions were ever opened to the test's database.
    qint64 sessionsOpened()
    {
        scalar(QStringLiteral("SELECT pg_stat_clear_snapshot()"));
        return scalar(QStringLiteral("SELECT sessions FROM pg_stat_database WHERE datname = current_database()")).toLongLong();
    }
    // PostgreSQL: sessions of concordctl connected to the test's database now.
    int ctlSessionsNow()
    {
        return scalar(QStringLiteral("SELECT count(*) FROM pg_stat_activity WHERE datname = current_database()"
                                     " AND application_name LIKE 'concordctl%'"))
            .toInt();
    }

private Q_SLOTS:
    void initTestCase() { CONCORD_REQUIRE_BACKEND(); }
    void init() { QCOMPARE(m_fixture.create(), QString()); }
    void cleanup() { m_fixture.destroy(); }

    void getPrintsTheRowAndItsVersion()
    {
        const CtlResult plain = ctl({QStringLiteral("get"), QStringLiteral("items"), QStringLiteral("4")});
        QCOMPARE(plain.exitCode, 0);
        QCOMPARE(plain.out, QStringLiteral("id\t4\nname\tdamson\nqty\t4\nnote\tNULL\nversion\t1\n"));
        const CtlResult json = ctl({QStringLiteral("get"), QStringLiteral("items"), QStringLiteral("4"), QStringLiteral("--json")});
        QCOMPARE(json.exitCode, 0);
        const QJsonObject row = QJsonDocument::fromJson(json.out.toUtf8()).object();
        QCOMPARE(row.value(QStringLiteral("table")).toString(), QStringLiteral("items"));
        QCOMPARE(row.value(QStringLiteral("version")).toInt(), 1);
        QCOMPARE(row.value(QStringLiteral("key")).toObject().value(QStringLiteral("id")).toInt(), 4);
        QVERIFY(row.value(QStringLiteral("values")).toObject().value(QStringLiteral("note")).isNull());
        QCOMPARE(ctl({QStringLiteral("get"), QStringLiteral("items"), QStringLiteral("40")}).exitCode, 1);
    }

    void blobsAreBase64InJson()
    {
        QVERIFY(m_fixture.exec({QStringLiteral("CREATE TABLE files (id INTEGER PRIMARY KEY, data %1, version INTEGER)")
                                    .arg(m_fixture.backend() == Backend::SQLite ? QStringLiteral("BLOB") : QStringLiteral("bytea"))})
                    .isEmpty());
        QCOMPARE(ctl({QStringLiteral("insert"), QStringLiteral("files"), QStringLiteral("id=1"),
                      QStringLiteral("data=base64:AAEC/w==")}).exitCode, 0);
        const CtlResult json = ctl({QStringLiteral("get"), QStringLiteral("files"), QStringLiteral("1"), QStringLiteral("--json")});
        const QJsonObject values = QJsonDocument::fromJson(json.out.toUtf8()).object().value(QStringLiteral("values")).toObject();
        QCOMPARE(values.value(QStringLiteral("data")).toString(), QStringLiteral("AAEC/w=="));
    }

    void setWritesWithTheVersionCheck()
    {
        const CtlResult set = ctl({QStringLiteral("set"), QStringLiteral("items"), QStringLiteral("1"),
                                   QStringLiteral("--expect-version"), QStringLiteral("1"), QStringLiteral("qty=7"),
                                   QStringLiteral("note:=null")});
        QCOMPARE(set.exitCode, 0);
        QCOMPARE(set.out, QStringLiteral("2\n"));
        QCOMPARE(scalar(QStringLiteral("SELECT qty FROM items WHERE id = 1")).toInt(), 7);
        QVERIFY(scalar(QStringLiteral("SELECT note FROM items WHERE id = 1")).isNull());
    }

    void staleSetIsAConflict()
    {
        QVERIFY(m_fixture.exec({QStringLiteral("UPDATE items SET note = 'theirs', version = 2 WHERE id = 1")}).isEmpty());
        const CtlResult set = ctl({QStringLiteral("set"), QStringLiteral("items"), QStringLiteral("1"),
                                   QStringLiteral("--expect-version"), QStringLiteral("1"), QStringLiteral("qty=7")});
        QCOMPARE(set.exitCode, 3);
        const QJsonObject current = QJsonDocument::fromJson(set.out.toUtf8()).object();
        QCOMPARE(current.value(QStringLiteral("version")).toInt(), 2);
        QCOMPARE(current.value(QStringLiteral("values")).toObject().value(QStringLiteral("note")).toString(), QStringLiteral("theirs"));
        QCOMPARE(set.err.count(QLatin1Char('\n')), 1);
        QVERIFY(set.err.contains(QStringLiteral("version 2, not 1")));
        QCOMPARE(scalar(QStringLiteral("SELECT qty FROM items WHERE id = 1")).toInt(), 1);
    }

    void setOfDeletedRowIsAConflict()
    {
        QVERIFY(m_fixture.exec({QStringLiteral("DELETE FROM items WHERE id = 2")}).isEmpty());
        const CtlResult set = ctl({QStringLiteral("set"), QStringLiteral("items"), QStringLiteral("2"),
                                   QStringLiteral("--expect-version"), QStringLiteral("1"), QStringLiteral("qty=7")});
        QCOMPARE(set.exitCode, 3);
        QCOMPARE(set.out, QStringLiteral("null\n"));
        QVERIFY(set.err.contains(QStringLiteral("deleted")));
        QCOMPARE(scalar(QStringLiteral("SELECT count(*) FROM items WHERE id = 2")).toInt(), 0);
    }

    void badValuesWriteNothing_data()
    {
        QTest::addColumn<QStringList>("assignments");
        QTest::addColumn<int>("exitCode");
        QTest::addColumn<QString>("message");
        QTest::addRow("not an integer") << QStringList{QStringLiteral("note=ok"), QStringLiteral("qty=abc")} << 1
                                        << QStringLiteral("column qty expects an integer, got 'abc'");
        QTest::addRow("unknown column") << QStringList{QStringLiteral("colour=red")} << 2 << QStringLiteral("no column colour");
        QTest::addRow("version column") << QStringList{QStringLiteral("version=9")} << 2 << QStringLiteral("version column");
        QTest::addRow("bad json") << QStringList{QStringLiteral("qty:={")} << 1 << QStringLiteral("not a JSON value");
        QTest::addRow("not an assignment") << QStringList{QStringLiteral("qty")} << 2 << QStringLiteral("COLUMN=VALUE");
    }
    void badValuesWriteNothing()
    {
        QFETCH(QStringList, assignments);
        QFETCH(int, exitCode);
        QFETCH(QString, message);
        const CtlResult set = ctl(QStringList{QStringLiteral("set"), QStringLiteral("items"), QStringLiteral("1"),
                                              QStringLiteral("--expect-version"), QStringLiteral("1")} + assignments);
        QCOMPARE(set.exitCode, exitCode);
        QVERIFY2(set.err.contains(message), qPrintable(set.err));
        QCOMPARE(scalar(QStringLiteral("SELECT note FROM items WHERE id = 1")).toString(), QStringLiteral("red"));
        QCOMPARE(scalar(QStringLiteral("SELECT version FROM items WHERE id = 1")).toInt(), 1);
    }

    void usageErrors_data()
    {
        QTest::addColumn<QStringList>("arguments");
        QTest::addRow("no command") << QStringList{};
        QTest::addRow("unknown command") << QStringList{QStringLiteral("frobnicate")};
        QTest::addRow("missing version") << QStringList{QStringLiteral("set"), QStringLiteral("items"), QStringLiteral("1"), QStringLiteral("qty=2")};
        QTest::addRow("junk version") << QStringList{QStringLiteral("set"), QStringLiteral("items"), QStringLiteral("1"),
                                                     QStringLiteral("--expect-version"), QStringLiteral("x"), QStringLiteral("qty=2")};
        QTest::addRow("too few arguments") << QStringList{QStringLiteral("get"), QStringLiteral("items")};
        QTest::addRow("password in address") << QStringList{QStringLiteral("--db"), QStringLiteral("postgresql://u:secret@h/d"),
                                                            QStringLiteral("check")};
        QTest::addRow("bad composite key") << QStringList{QStringLiteral("get"), QStringLiteral("items"), QStringLiteral("x=1")};
    }
    void usageErrors()
    {
        QFETCH(QStringList, arguments);
        const CtlResult result = ctl(arguments);
        QCOMPARE(result.exitCode, 2);
        QVERIFY(!result.err.isEmpty());
        QVERIFY(!result.err.contains(QStringLiteral("secret")));
    }

    void everyCommandHasHelp_data()
    {
        QTest::addColumn<QString>("command");
        for (const char *name : {"get", "set", "insert", "delete", "apply", "unapply", "triggers", "check"})
            QTest::newRow(name) << QString::fromLatin1(name);
    }
    void everyCommandHasHelp()
    {
        QFETCH(QString, command);
        const CtlResult help = ctl({command, QStringLiteral("--help")});
        QCOMPARE(help.exitCode, 0);
        QVERIFY(help.out.contains(QStringLiteral("3 conflict")));
        QVERIFY(ctl({QStringLiteral("--help")}).out.contains(command));
    }

    void insertThenStaleCopyConflicts()
    {
        // 7: an explicit key gets a first version; a stale copy then conflicts
        const CtlResult insert = ctl({QStringLiteral("insert"), QStringLiteral("items"), QStringLiteral("id=7"),
                                      QStringLiteral("name=fig")});
        QCOMPARE(insert.exitCode, 0);
        QCOMPARE(insert.out, QStringLiteral("key\tid=7\nversion\t1\n"));
        QCOMPARE(ctl({QStringLiteral("set"), QStringLiteral("items"), QStringLiteral("7"), QStringLiteral("--expect-version"),
                      QStringLiteral("1"), QStringLiteral("qty=1")}).exitCode, 0);
        QCOMPARE(ctl({QStringLiteral("set"), QStringLiteral("items"), QStringLiteral("7"), QStringLiteral("--expect-version"),
                      QStringLiteral("1"), QStringLiteral("qty=2")}).exitCode, 3);
        // A failed insert (NOT NULL) says why and writes nothing
        const CtlResult bad = ctl({QStringLiteral("insert"), QStringLiteral("items"), QStringLiteral("qty=1")});
        QCOMPARE(bad.exitCode, 1);
        QCOMPARE(scalar(QStringLiteral("SELECT count(*) FROM items")).toInt(), 5);
    }

    void deleteChecksTheVersion()
    {
        QCOMPARE(ctl({QStringLiteral("delete"), QStringLiteral("items"), QStringLiteral("3"), QStringLiteral("--expect-version"),
                      QStringLiteral("2")}).exitCode, 3);
        QCOMPARE(scalar(QStringLiteral("SELECT count(*) FROM items WHERE id = 3")).toInt(), 1);
        QCOMPARE(ctl({QStringLiteral("delete"), QStringLiteral("items"), QStringLiteral("3"), QStringLiteral("--expect-version"),
                      QStringLiteral("1")}).exitCode, 0);
        QCOMPARE(scalar(QStringLiteral("SELECT count(*) FROM items WHERE id = 3")).toInt(), 0);
    }

    void legacyNullVersionsCanBeExpected()
    {
        QVERIFY(m_fixture.exec({QStringLiteral("UPDATE items SET version = NULL WHERE id = 1")}).isEmpty());
        const CtlResult set = ctl({QStringLiteral("set"), QStringLiteral("items"), QStringLiteral("1"),
                                   QStringLiteral("--expect-version"), QStringLiteral("null"), QStringLiteral("qty=3")});
        QCOMPARE(set.exitCode, 0);
        QCOMPARE(set.out, QStringLiteral("1\n"));
    }

    void compositeKeys()
    {
        QVERIFY(m_fixture.exec({QStringLiteral("CREATE TABLE lines (order_id INTEGER NOT NULL, line_no INTEGER NOT NULL, "
                                               "qty INTEGER, version INTEGER NOT NULL DEFAULT 1, PRIMARY KEY (order_id, line_no))"),
                                QStringLiteral("INSERT INTO lines VALUES (1, 1, 5, 1)"),
                                QStringLiteral("INSERT INTO lines VALUES (1, 2, 6, 1)")}).isEmpty());
        const CtlResult set = ctl({QStringLiteral("set"), QStringLiteral("lines"), QStringLiteral("order_id=1,line_no=2"),
                                   QStringLiteral("--expect-version"), QStringLiteral("1"), QStringLiteral("qty=60")});
        QCOMPARE(set.exitCode, 0);
        QCOMPARE(scalar(QStringLiteral("SELECT qty FROM lines WHERE line_no = 2")).toInt(), 60);
        QCOMPARE(scalar(QStringLiteral("SELECT qty FROM lines WHERE line_no = 1")).toInt(), 5);
        QCOMPARE(ctl({QStringLiteral("get"), QStringLiteral("lines"), QStringLiteral("1")}).exitCode, 2);
    }

    // Issue #14: without --policy, PostgreSQL tables get versions a failover cannot repeat
    // (timestamp) when the column is new (bigint) or 64-bit; SQLite, and a narrower column, count.
    void applyWithoutAPolicyChoosesByBackendAndColumn()
    {
        const bool postgres = m_fixture.backend() == Backend::PostgreSQL;
        QVERIFY(m_fixture.exec({QStringLiteral("CREATE TABLE fresh (id INTEGER PRIMARY KEY, name TEXT)"),
                                QStringLiteral("CREATE TABLE narrow (id INTEGER PRIMARY KEY, version INTEGER NOT NULL DEFAULT 1)")})
                    .isEmpty());
        const CtlResult fresh = ctl({QStringLiteral("apply"), QStringLiteral("fresh")});
        QCOMPARE(fresh.exitCode, 0);
        QVERIFY2(fresh.out.contains(postgres ? QStringLiteral("recorded timestamp versioning on fresh.version")
                                             : QStringLiteral("recorded counter versioning on fresh.version")),
                 qPrintable(fresh.out));
        const CtlResult narrow = ctl({QStringLiteral("apply"), QStringLiteral("narrow")});
        QCOMPARE(narrow.exitCode, 0);
        QVERIFY2(narrow.out.contains(QStringLiteral("recorded counter versioning on narrow.version")), qPrintable(narrow.out));
        // and a save under the chosen policy moves the version past the one loaded
        QVERIFY(m_fixture.exec({QStringLiteral("INSERT INTO fresh (id, name) VALUES (1, 'a')")}).isEmpty());
        const CtlResult set = ctl({QStringLiteral("set"), QStringLiteral("fresh"), QStringLiteral("1"),
                                   QStringLiteral("--expect-version"), QStringLiteral("1"), QStringLiteral("name=b")});
        QCOMPARE(set.exitCode, 0);
        QVERIFY(set.out.trimmed().toLongLong() > 1);
    }

    void applyTriggersAndCheck()
    {
        QVERIFY(m_fixture.exec({QStringLiteral("CREATE TABLE legacy (id INTEGER PRIMARY KEY, name TEXT)"),
                                QStringLiteral("INSERT INTO legacy VALUES (1, 'a')")}).isEmpty());
        // 12: apply versions a foreign table; repeating is a no-op
        const CtlResult apply = ctl({QStringLiteral("apply"), QStringLiteral("legacy"), QStringLiteral("--policy"),
                                     QStringLiteral("trigger")});
        QCOMPARE(apply.exitCode, 0);
        QVERIFY(apply.out.contains(QStringLiteral("added column version")));
        QCOMPARE(ctl({QStringLiteral("apply"), QStringLiteral("legacy"), QStringLiteral("--policy"), QStringLiteral("trigger")}).out,
                 QStringLiteral("legacy: nothing to do\n"));
        // 32, 33: list, create (a no-op now), drop, then check fails, create repairs it
        QCOMPARE(ctl({QStringLiteral("triggers"), QStringLiteral("list")}).out,
                 QStringLiteral("legacy\tconcord_version_legacy\tup to date\n"));
        QCOMPARE(ctl({QStringLiteral("triggers"), QStringLiteral("create")}).out,
                 QStringLiteral("legacy\tconcord_version_legacy\tup to date\n"));
        QCOMPARE(ctl({QStringLiteral("triggers"), QStringLiteral("drop"), QStringLiteral("legacy")}).out,
                 QStringLiteral("legacy\tconcord_version_legacy\tdropped\n"));
        const CtlResult broken = ctl({QStringLiteral("check")});
        QCOMPARE(broken.exitCode, 1);
        QVERIFY(broken.out.contains(QStringLiteral("error\tlegacy\tMISSING_TRIGGER")));
        QCOMPARE(ctl({QStringLiteral("triggers"), QStringLiteral("create")}).out,
                 QStringLiteral("legacy\tconcord_version_legacy\tcreated\n"));
        QVERIFY(m_fixture.exec({QStringLiteral("ALTER TABLE items ALTER COLUMN version SET NOT NULL")}).isEmpty()
                || m_fixture.backend() == Backend::SQLite);
        const CtlResult fixed = ctl({QStringLiteral("check")});
        QVERIFY(!fixed.out.contains(QStringLiteral("error")));
        QCOMPARE(fixed.exitCode, 0);
        // The usage rules of triggers and apply
        QCOMPARE(ctl({QStringLiteral("triggers"), QStringLiteral("rebuild")}).exitCode, 2);
        QCOMPARE(ctl({QStringLiteral("apply"), QStringLiteral("legacy"), QStringLiteral("--policy"), QStringLiteral("conditional"),
                      QStringLiteral("--check-fields"), QStringLiteral("name"), QStringLiteral("--ignore-fields"),
                      QStringLiteral("id")}).exitCode, 2);
        QCOMPARE(ctl({QStringLiteral("unapply"), QStringLiteral("legacy")}).exitCode, 0);
        QVERIFY(!m_fixture.a().record(QStringLiteral("legacy")).contains(QStringLiteral("version")));
    }

    void writesWaitForNobodyButFailWhileTheTableIsBusy()
    {
        // Given another owner running exclusive work on items (an import, say)
        AdvisoryLock::Options options;
        options.applicationName = QStringLiteral("concord: Import into items");
        auto importer = AdvisoryLock::open(m_fixture.database().address(), options);
        QVERIFY_RESULT(importer);
        QVERIFY(importer.value()->tryAcquire(tableLockName(QStringLiteral("items"))).ok());
        // When the shell writes to items, it is refused at once with the holder named
        const CtlResult set = ctl({QStringLiteral("set"), QStringLiteral("items"), QStringLiteral("1"),
                                   QStringLiteral("--expect-version"), QStringLiteral("1"), QStringLiteral("qty=5")});
        QCOMPARE(set.exitCode, 4);
        QVERIFY2(set.err.contains(QStringLiteral("Import into items")), qPrintable(set.err));
        QCOMPARE(ctl({QStringLiteral("insert"), QStringLiteral("items"), QStringLiteral("name=fig")}).exitCode, 4);
        QCOMPARE(ctl({QStringLiteral("delete"), QStringLiteral("items"), QStringLiteral("2"), QStringLiteral("--expect-version"),
                      QStringLiteral("1")}).exitCode, 4);
        QCOMPARE(m_fixture.scalar(QStringLiteral("SELECT qty FROM items WHERE id = 1")).toInt(), 1);
        QCOMPARE(m_fixture.scalar(QStringLiteral("SELECT count(*) FROM items")).toInt(), 4);
        // Reading is never refused, and once the work is done writing goes through
        QCOMPARE(ctl({QStringLiteral("get"), QStringLiteral("items"), QStringLiteral("1")}).exitCode, 0);
        QVERIFY(importer.value()->release(tableLockName(QStringLiteral("items"))).ok());
        QCOMPARE(ctl({QStringLiteral("set"), QStringLiteral("items"), QStringLiteral("1"), QStringLiteral("--expect-version"),
                      QStringLiteral("1"), QStringLiteral("qty=5")}).exitCode, 0);
    }

    void theLockHoldersOwnCommandMayWrite()
    {
        // concordctl lock table:items -- concordctl set ...: the command is the holder's work
        const CtlResult run = ctl({QStringLiteral("lock"), QStringLiteral("table:items"), QStringLiteral("--abort"),
                                   QStringLiteral("--"), QStringLiteral(CONCORD_CTL), QStringLiteral("set"),
                                   QStringLiteral("items"), QStringLiteral("1"), QStringLiteral("--expect-version"),
                                   QStringLiteral("1"), QStringLiteral("qty=6")});
        QVERIFY2(run.exitCode == 0, qPrintable(run.err));
        QCOMPARE(m_fixture.scalar(QStringLiteral("SELECT qty FROM items WHERE id = 1")).toInt(), 6);
    }

    void fourProcessesIncrementWithoutLosingAnUpdate()
    {
        // 34: four writers x 50 read-modify-write increments, retrying on exit code 3
        QVERIFY(m_fixture.exec({QStringLiteral("CREATE TABLE counters (id INTEGER PRIMARY KEY, value INTEGER NOT NULL, "
                                               "version INTEGER NOT NULL DEFAULT 1)"),
                                QStringLiteral("INSERT INTO counters VALUES (1, 0, 1)")}).isEmpty());
        QProcessEnvironment environment = QProcessEnvironment::systemEnvironment();
        environment.insert(QStringLiteral("CONCORD_DB"), m_fixture.database().addressText());
        std::vector<std::unique_ptr<QProcess>> writers;
        for (int i = 0; i < 4; ++i) {
            auto writer = std::make_unique<QProcess>();
            writer->setProcessEnvironment(environment);
            writer->start(QStringLiteral("bash"), {QStringLiteral(CONCORD_TEST_DATA_DIR "/ctl_increment.sh"),
                                                   QStringLiteral(CONCORD_CTL), QStringLiteral("50")});
            writers.push_back(std::move(writer));
        }
        int conflicts = 0;
        for (auto &writer : writers) {
            QVERIFY(writer->waitForFinished(240000));
            QVERIFY2(writer->exitCode() == 0, writer->readAllStandardError().constData());
            conflicts += QString::fromUtf8(writer->readAllStandardOutput()).section(QLatin1Char(' '), 1).toInt();
        }
        QCOMPARE(scalar(QStringLiteral("SELECT value FROM counters WHERE id = 1")).toInt(), 200);
        QCOMPARE(scalar(QStringLiteral("SELECT version FROM counters WHERE id = 1")).toInt(), 201);
        qInfo("%d conflicts retried", conflicts);
    }

    // Issue #10, item 1: a table name typed on the command line, or stored in the database by
    // someone else, never runs as SQL through any command.
    void hostileTableNamesRunNothing_data()
    {
        QTest::addColumn<QStringList>("arguments");
        const QString hostile = QStringLiteral("t'; DROP TABLE victim; --");
        QTest::addRow("get") << QStringList{QStringLiteral("get"), hostile, QStringLiteral("1")};
        QTest::addRow("set") << QStringList{QStringLiteral("set"), hostile, QStringLiteral("1"), QStringLiteral("--expect-version"),
                                            QStringLiteral("1"), QStringLiteral("name=x")};
        QTest::addRow("insert") << QStringList{QStringLiteral("insert"), hostile, QStringLiteral("id=5")};
        QTest::addRow("delete") << QStringList{QStringLiteral("delete"), hostile, QStringLiteral("1"), QStringLiteral("--expect-version"),
                                               QStringLiteral("1")};
        QTest::addRow("apply") << QStringList{QStringLiteral("apply"), hostile};
        QTest::addRow("dotted") << QStringList{QStringLiteral("get"), QStringLiteral("public.victim"), QStringLiteral("1")};
    }
    void hostileTableNamesRunNothing()
    {
        QFETCH(QStringList, arguments);
        QVERIFY(m_fixture.exec({QStringLiteral("CREATE TABLE victim (id INTEGER PRIMARY KEY, version INTEGER)"),
                                QStringLiteral("INSERT INTO victim VALUES (1, 1)")}).isEmpty());
        const CtlResult result = ctl(arguments);
        QVERIFY2(result.exitCode != 0, qPrintable(result.out));
        QVERIFY2(!result.err.isEmpty(), "the refusal names its reason");
        QCOMPARE(scalar(QStringLiteral("SELECT count(*) FROM victim")).toInt(), 1);
    }

    void aHostileTableStoredByAnotherUserBreaksNoCommand()
    {
        // Given another user created a table whose name would inject SQL
        QVERIFY(m_fixture.exec({QStringLiteral("CREATE TABLE victim (id INTEGER PRIMARY KEY, version INTEGER)"),
                                QStringLiteral("INSERT INTO victim VALUES (1, 1)"),
                                QStringLiteral("CREATE TABLE \"z'; DROP TABLE victim; --\" (id INTEGER PRIMARY KEY, version INTEGER)")})
                    .isEmpty());
        // When I check the database and work on my own table
        const CtlResult check = ctl({QStringLiteral("check")});
        const CtlResult get = ctl({QStringLiteral("get"), QStringLiteral("items"), QStringLiteral("1")});
        // Then the check names the table as unusable, my work goes on, and nothing ran
        QVERIFY2(check.out.contains(QStringLiteral("UNSAFE_NAME")) || check.err.contains(QStringLiteral("UNSAFE_NAME")),
                 qPrintable(check.out + check.err));
        QCOMPARE(get.exitCode, 0);
        QCOMPARE(scalar(QStringLiteral("SELECT count(*) FROM victim")).toInt(), 1);
    }

    // Issue #10, item 8: setting CONCORD_LOCK_NAME by hand does not get a write past another
    // process's table lock; only a command that really runs under the holder does.
    void aForgedLockEnvironmentDoesNotPassAnotherHoldersLock()
    {
        // Given another process (not an ancestor of the writer) holds table:items exclusively
        LockHolderProcess holder(QStringLiteral(CONCORD_TEST_LOCKHOLDER));
        QVERIFY(holder.start({m_fixture.database().addressText(), tableLockName(QStringLiteral("items"))}));
        const QString acquired = holder.nextOutcome();
        QVERIFY2(acquired.startsWith(QStringLiteral("acquired")), qPrintable(acquired));
        const qint64 generation = LockHolderProcess::generationOf(acquired);
        // When a shell sets the lock's environment by hand and writes
        const CtlResult forged = ctl({QStringLiteral("set"), QStringLiteral("items"), QStringLiteral("1"),
                                      QStringLiteral("--expect-version"), QStringLiteral("1"), QStringLiteral("qty=66")},
                                     {{QStringLiteral("CONCORD_LOCK_NAME"), QStringLiteral("table:items")},
                                      {QStringLiteral("CONCORD_LOCK_GENERATION"), QString::number(generation)}});
        // Then the write is refused as busy, and nothing changed
        QCOMPARE(forged.exitCode, 4);
        QCOMPARE(m_fixture.scalar(QStringLiteral("SELECT qty FROM items WHERE id = 1")).toInt(), 1);
        holder.release();
    }

    // Issue #10, item 8: the command under a lock gets no password, and other users never see its
    // arguments in the lock's holder.
    void theLockedCommandGetsNoCredentialsAndItsArgumentsStayPrivate()
    {
        const CtlResult environment = ctl({QStringLiteral("lock"), QStringLiteral("job"), QStringLiteral("--"), QStringLiteral("sh"),
                                           QStringLiteral("-c"), QStringLiteral("echo \"password=${PGPASSWORD:-none}\"")},
                                          {{QStringLiteral("PGPASSWORD"), qEnvironmentVariable("PGPASSWORD", QStringLiteral("hunter2"))}});
        QCOMPARE(environment.exitCode, 0);
        QCOMPARE(environment.out.trimmed(), QStringLiteral("password=none"));

        const CtlResult listed = ctl({QStringLiteral("lock"), QStringLiteral("job"), QStringLiteral("--"), QStringLiteral("sh"),
                                      QStringLiteral("-c"), QStringLiteral("\"$1\" locks --json"), QStringLiteral("--password=hunter2"),
                                      QStringLiteral(CONCORD_CTL)});
        QVERIFY2(listed.exitCode == 0, qPrintable(listed.err));
        QVERIFY2(listed.out.contains(QStringLiteral("\"job\"")), qPrintable(listed.out));
        QVERIFY2(!listed.out.contains(QStringLiteral("hunter2")), qPrintable(listed.out));
    }

    // Issue #14: `concordctl import` holds one server connection on a direct PostgreSQL address,
    // its table lock taken in the job's own session, and other clients still see the job as the
    // lock's holder. Counted by the server (pg_stat_database.sessions: sessions ever opened).
    void importOpensOneServerSession()
    {
        if (m_fixture.backend() != Backend::PostgreSQL)
            QSKIP("sessions are counted by the PostgreSQL server");
        QTemporaryDir dir;
        QVERIFY(dir.isValid());
        const QString csv = dir.filePath(QStringLiteral("items.csv"));
        QFile file(csv);
        QVERIFY(file.open(QIODevice::WriteOnly));
        file.write("id,name,qty\n10,fig,3\n11,grape,5\n");
        file.close();
        // Given the lock's and the receipts' tables made by a first import (their creation is not
        // what is counted)
        QCOMPARE(ctl({QStringLiteral("import"), QStringLiteral("items"), csv}).exitCode, 0);
        QTRY_COMPARE(ctlSessionsNow(), 0);
        const qint64 before = sessionsOpened();

        // When it imports again
        const CtlResult import = ctl({QStringLiteral("import"), QStringLiteral("items"), csv});

        // Then it opened exactly one server session, and wrote
        QCOMPARE(import.exitCode, 0);
        QVERIFY2(import.out.contains(QStringLiteral("2 unchanged")), qPrintable(import.out + import.err));
        QTRY_COMPARE(ctlSessionsNow(), 0); // gone, so that its statistics are in
        QTest::qWait(300);
        QCOMPARE(sessionsOpened() - before, qint64(1));
    }

    // Issue #10, item 7: a command that succeeds prints nothing on stderr, in particular none of
    // the driver's noise ("This version of PostgreSQL is not supported..."); CONCORD_DEBUG=1 lets
    // it through for whoever wants it.
    void aSuccessfulCommandPrintsNoDriverNoise()
    {
        const CtlResult get = ctl({QStringLiteral("get"), QStringLiteral("items"), QStringLiteral("1")});
        QCOMPARE(get.exitCode, 0);
        QCOMPARE(get.err, QString());
        const CtlResult set = ctl({QStringLiteral("set"), QStringLiteral("items"), QStringLiteral("1"), QStringLiteral("--expect-version"),
                                   QStringLiteral("1"), QStringLiteral("qty=3")});
        QCOMPARE(set.exitCode, 0);
        QCOMPARE(set.err, QString());
    }
};

QTEST_GUILESS_MAIN(tst_Concordctl)
#include "tst_concordctl.moc"
