// SPDX-License-Identifier: MIT
// SPDX-FileCopyrightText: 2026 Concord developers
//
// concordctl under faults and bad input (issue #10, items 4-7): nothing lost, nothing altered,
// an unknown outcome reported as unknown, the real cause of an error named. The real program as
// a child process, on SQLite and PostgreSQL.
#include <core/errors.h>
#include <core/db/tableschema.h>
#include <core/versioning/versionedwriter.h>
#include <tests/support/ctlprocess.h>
#include <tests/support/modelfixture.h>
#include <tests/support/testmacros.h>

#include <QFile>
#include <QProcess>
#include <QRegularExpression>
#include <QSqlField>
#include <QSqlQuery>
#include <QTemporaryDir>
#include <QTest>

using namespace Concord;
using namespace Concord::Test;

namespace {

const QString noRights = QStringLiteral("concord_test_norights");

} // namespace

class tst_CtlReliability : public QObject
{
    Q_OBJECT

private:
    ModelFixture m_fixture;
    QTemporaryDir m_dir;

    QProcessEnvironment environment(const QHash<QString, QString> &extra)
    {
        return ctlEnvironment(m_fixture.database().addressText(), extra);
    }

    static CtlResult finish(QProcess &process) { return finishCtl(process); }

    CtlResult ctl(const QStringList &arguments, const QHash<QString, QString> &extra = {})
    {
        return runCtl(QStringLiteral(CONCORD_CTL), arguments, m_fixture.database().addressText(), extra);
    }

    // Through the shell, so that an argument can hold bytes that are not UTF-8 (printf escapes).
    CtlResult ctlShell(const QString &script)
    {
        QProcess process;
        process.setProcessEnvironment(environment({}));
        process.start(QStringLiteral("/bin/sh"), {QStringLiteral("-c"), script, QStringLiteral(CONCORD_CTL)});
        return finish(process);
    }

    QString csv(const QByteArray &content)
    {
        const QString path = m_dir.filePath(QStringLiteral("input.csv"));
        QFile file(path);
        if (!file.open(QIODevice::WriteOnly | QIODevice::Truncate) || file.write(content) != content.size())
            return {};
        return path;
    }

    QVariant scalar(const QString &sql) { return m_fixture.scalar(sql); }

    bool isPostgreSQL() const { return m_fixture.backend() == Backend::PostgreSQL; }

    // Makes concordctl's own UPDATEs of items wait half a second inside the statement, holding the row.
    QString slowConcordctlUpdates()
    {
        return m_fixture.exec(
            {QStringLiteral("CREATE FUNCTION slow_concordctl() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN "
                            "IF current_setting('application_name') LIKE 'concordctl%' THEN PERFORM pg_sleep(0.5); END IF; "
                            "RETURN NEW; END $$"),
             QStringLiteral("CREATE TRIGGER slow BEFORE UPDATE ON items FOR EACH ROW EXECUTE FUNCTION slow_concordctl()")});
    }

    bool concordctlIsSleeping()
    {
        return scalar(QStringLiteral("SELECT count(*) FROM pg_stat_activity WHERE application_name LIKE 'concordctl%' "
                                     "AND wait_event = 'PgSleep'")).toInt() > 0;
    }

private Q_SLOTS:
    void initTestCase()
    {
        CONCORD_REQUIRE_BACKEND();
        QVERIFY(m_dir.isValid());
    }
    void init() { QCOMPARE(m_fixture.create(), QString()); }
    void cleanup()
    {
        if (isPostgreSQL())
            m_fixture.exec({QStringLiteral("DROP OWNED BY %1").arg(noRights), QStringLiteral("DROP ROLE IF EXISTS %1").arg(noRights)});
        m_fixture.destroy();
    }

    // Item 4
    void aStaleVersionNeverHitsAReinsertedRow()
    {
        // Given a row inserted, deleted at version 1 and inserted again with the same key
        QVERIFY(m_fixture.exec({QStringLiteral("CREATE TABLE acct (id INTEGER PRIMARY KEY, val TEXT, version INTEGER)")}).isEmpty());
        QCOMPARE(ctl({QStringLiteral("insert"), QStringLiteral("acct"), QStringLiteral("id=900"), QStringLiteral("val=first")}).exitCode, 0);
        QCOMPARE(ctl({QStringLiteral("delete"), QStringLiteral("acct"), QStringLiteral("900"), QStringLiteral("--expect-version"),
                      QStringLiteral("1")}).exitCode, 0);
        const CtlResult again = ctl({QStringLiteral("insert"), QStringLiteral("acct"), QStringLiteral("id=900"), QStringLiteral("val=new")});
        QCOMPARE(again.exitCode, 0);
        QCOMPARE(again.out, QStringLiteral("key\tid=900\nversion\t2\n"));
        // When a stale write or delete expects version 1, Then it conflicts and the new row stays
        QCOMPARE(ctl({QStringLiteral("set"), QStringLiteral("acct"), QStringLiteral("900"), QStringLiteral("--expect-version"),
                      QStringLiteral("1"), QStringLiteral("val=stale")}).exitCode, 3);
        QCOMPARE(ctl({QStringLiteral("delete"), QStringLiteral("acct"), QStringLiteral("900"), QStringLiteral("--expect-version"),
                      QStringLiteral("1")}).exitCode, 3);
        QCOMPARE(scalar(QStringLiteral("SELECT val FROM acct WHERE id = 900")).toString(), QStringLiteral("new"));
    }

    // Item 5
    void anArgumentThatIsNotUtf8IsRefused()
    {
        const CtlResult set = ctlShell(QStringLiteral("exec \"$0\" set items 1 --expect-version 1 \"note=caf$(printf '\\351')\""));
        QCOMPARE(set.exitCode, 1);
        QVERIFY2(set.err.contains(QStringLiteral("not valid UTF-8: 'note=caf\\xe9'")), qPrintable(set.err));
        QCOMPARE(scalar(QStringLiteral("SELECT note FROM items WHERE id = 1")).toString(), QStringLiteral("red"));
        QCOMPARE(scalar(QStringLiteral("SELECT version FROM items WHERE id = 1")).toInt(), 1);
    }

    void jsonObjectsAndArraysAreRefused_data()
    {
        QTest::addColumn<QString>("assignment");
        QTest::addColumn<QString>("message");
        QTest::addRow("object") << QStringLiteral("note:={\"a\":1}") << QStringLiteral("is a JSON object");
        QTest::addRow("array") << QStringLiteral("note:=[1,2]") << QStringLiteral("is a JSON array");
    }
    void jsonObjectsAndArraysAreRefused()
    {
        QFETCH(QString, assignment);
        QFETCH(QString, message);
        const CtlResult set = ctl({QStringLiteral("set"), QStringLiteral("items"), QStringLiteral("1"),
                                   QStringLiteral("--expect-version"), QStringLiteral("1"), assignment});
        QCOMPARE(set.exitCode, 1);
        QVERIFY2(set.err.contains(message) && set.err.contains(QStringLiteral("column note")), qPrintable(set.err));
        QCOMPARE(scalar(QStringLiteral("SELECT note FROM items WHERE id = 1")).toString(), QStringLiteral("red"));
    }

    void badCsvBytesAreRefused_data()
    {
        QTest::addColumn<QByteArray>("content");
        QTest::addColumn<QString>("message");
        QTest::addRow("invalid UTF-8") << QByteArray("name,note\nfig,caf\xE9\n") << QStringLiteral("line 2: field 2 is not valid UTF-8");
        QTest::addRow("NUL") << QByteArray("name,note\nfig,a\0b\n", 18) << QStringLiteral("'a\\u0000b' holds a NUL character");
        QTest::addRow("NUL quoted") << QByteArray("name,note\nfig,\"a\0b\"\n", 20) << QStringLiteral("holds a NUL character");
    }
    void badCsvBytesAreRefused()
    {
        QFETCH(QByteArray, content);
        QFETCH(QString, message);
        const QString path = csv(content);
        QVERIFY(!path.isEmpty());
        const CtlResult import = ctl({QStringLiteral("import"), QStringLiteral("items"), path});
        QCOMPARE(import.exitCode, 1);
        QVERIFY2(import.err.contains(message), qPrintable(import.err));
        QCOMPARE(scalar(QStringLiteral("SELECT count(*) FROM items")).toInt(), 4);
    }

    void aCsvColumnThatMatchesNoColumnIsRefusedUnlessIgnored()
    {
        const QString path = csv("name,qty,colour\nfig,1,red\n");
        QVERIFY(!path.isEmpty());
        const CtlResult refused = ctl({QStringLiteral("import"), QStringLiteral("items"), path});
        QCOMPARE(refused.exitCode, 2);
        QVERIFY2(refused.err.contains(QStringLiteral("column 'colour' matches no column of items")), qPrintable(refused.err));
        QCOMPARE(scalar(QStringLiteral("SELECT count(*) FROM items")).toInt(), 4);
        // Ignored by name, it is no longer a surprise
        const CtlResult ignored = ctl({QStringLiteral("import"), QStringLiteral("items"), path, QStringLiteral("--map"),
                                       QStringLiteral("colour=")});
        QCOMPARE(ignored.exitCode, 0);
        QCOMPARE(scalar(QStringLiteral("SELECT qty FROM items WHERE name = 'fig'")).toInt(), 1);
    }

    // Item 6
    void setPrintsTheVersionItsOwnWriteProduced()
    {
        if (!isPostgreSQL())
            QSKIP("needs a second writer committing between concordctl's write and any read-back (PostgreSQL)");
        // Given concordctl's update held inside its statement, and another writer waiting for the row
        QCOMPARE(slowConcordctlUpdates(), QString());
        QProcess process;
        process.setProcessEnvironment(environment({}));
        process.start(QStringLiteral(CONCORD_CTL), {QStringLiteral("set"), QStringLiteral("items"), QStringLiteral("1"),
                                                    QStringLiteral("--expect-version"), QStringLiteral("1"), QStringLiteral("qty=7")});
        QTRY_VERIFY_WITH_TIMEOUT(concordctlIsSleeping(), 10000);
        // When the other writer commits version 3 right after concordctl's version 2
        QCOMPARE(m_fixture.exec({QStringLiteral("UPDATE items SET qty = 100, version = version + 1 WHERE id = 1")}), QString());
        const CtlResult set = finish(process);
        // Then concordctl prints 2, the version of its own write
        QCOMPARE(set.exitCode, 0);
        QCOMPARE(set.out, QStringLiteral("2\n"));
        QCOMPARE(scalar(QStringLiteral("SELECT version FROM items WHERE id = 1")).toInt(), 3);
    }

    // Item 7
    void permissionDeniedIsNeverNoSuchRow()
    {
        if (!isPostgreSQL())
            QSKIP("needs a PostgreSQL role without privileges");
        QCOMPARE(m_fixture.exec({QStringLiteral("DROP ROLE IF EXISTS %1").arg(noRights),
                                 QStringLiteral("CREATE ROLE %1 LOGIN PASSWORD 'secret-norights'").arg(noRights)}),
                 QString());
        QString address = m_fixture.database().addressText();
        address.replace(QRegularExpression(QStringLiteral("//[^@/]*@")), QStringLiteral("//%1@").arg(noRights));
        const QHash<QString, QString> asNoRights{{QStringLiteral("CONCORD_DB"), address},
                                                 {QStringLiteral("PGPASSWORD"), QStringLiteral("secret-norights")}};
        const CtlResult get = ctl({QStringLiteral("get"), QStringLiteral("items"), QStringLiteral("1")}, asNoRights);
        QCOMPARE(get.exitCode, 1);
        QVERIFY2(get.err.contains(QStringLiteral("permission denied")) && !get.err.contains(QStringLiteral("no row")), qPrintable(get.err));
        const CtlResult set = ctl({QStringLiteral("set"), QStringLiteral("items"), QStringLiteral("1"), QStringLiteral("--expect-version"),
                                   QStringLiteral("1"), QStringLiteral("qty=5")}, asNoRights);
        QCOMPARE(set.exitCode, 1);
        QVERIFY2(set.err.contains(QStringLiteral("permission denied")) && !set.err.contains(QStringLiteral("deleted")), qPrintable(set.err));
        const CtlResult remove = ctl({QStringLiteral("delete"), QStringLiteral("items"), QStringLiteral("1"),
                                      QStringLiteral("--expect-version"), QStringLiteral("1")}, asNoRights);
        QCOMPARE(remove.exitCode, 1);
        QVERIFY2(remove.err.contains(QStringLiteral("permission denied")), qPrintable(remove.err));
        QCOMPARE(scalar(QStringLiteral("SELECT qty FROM items WHERE id = 1")).toInt(), 1);
    }

    void aConnectionLostDuringAWriteSaysSo()
    {
        if (!isPostgreSQL())
            QSKIP("needs a server connection to lose");
        // Given concordctl's update held inside its statement
        QCOMPARE(slowConcordctlUpdates(), QString());
        QProcess process;
        process.setProcessEnvironment(environment({}));
        process.start(QStringLiteral(CONCORD_CTL), {QStringLiteral("set"), QStringLiteral("items"), QStringLiteral("1"),
                                                    QStringLiteral("--expect-version"), QStringLiteral("1"), QStringLiteral("qty=7")});
        QTRY_VERIFY_WITH_TIMEOUT(concordctlIsSleeping(), 10000);
        // When its server session is terminated
        QVERIFY(scalar(QStringLiteral("SELECT pg_terminate_backend(pid) FROM pg_stat_activity "
                                      "WHERE application_name LIKE 'concordctl%' AND wait_event = 'PgSleep'")).toBool());
        const CtlResult set = finish(process);
        // Then it fails naming the lost connection, with no driver noise
        QCOMPARE(set.exitCode, 1);
        QVERIFY2(set.err.contains(QStringLiteral("connection to the database was lost")), qPrintable(set.err));
        QVERIFY2(!set.err.contains(QStringLiteral("no row")) && !set.err.contains(QStringLiteral("deleted")), qPrintable(set.err));
        QVERIFY2(set.err.count(QLatin1Char('\n')) == 1, qPrintable(set.err)); // one line: no driver warnings
        QCOMPARE(scalar(QStringLiteral("SELECT qty FROM items WHERE id = 1")).toInt(), 1);
    }

    void coreLookupsOnALostConnectionFailRatherThanFindNothing()
    {
        if (!isPostgreSQL())
            QSKIP("needs a server connection to lose");
        const auto schema = TableSchema::load(m_fixture.a(), QStringLiteral("items"));
        QVERIFY_RESULT(schema);
        VersionedWriter writer(m_fixture.a(), schema.value(), VersioningConfig{});
        QSqlRecord key;
        key.append(schema.value().fields.field(QStringLiteral("id")));
        key.setValue(0, 1);
        QVERIFY_RESULT(writer.readRow(key));
        // When client A's session is terminated
        QSqlQuery pid(m_fixture.a());
        QVERIFY(pid.exec(QStringLiteral("SELECT pg_backend_pid()")) && pid.next());
        QVERIFY(scalar(QStringLiteral("SELECT pg_terminate_backend(%1)").arg(pid.value(0).toInt())).toBool());
        pid.finish();
        // Then reading a row and the table's schema fail, naming the lost connection
        const auto row = writer.readRow(key);
        QVERIFY(!row);
        QVERIFY2(row.error().message.contains(QStringLiteral("connection to the database was lost")), qPrintable(row.error().message));
        const auto again = TableSchema::load(m_fixture.a(), QStringLiteral("items"));
        QVERIFY(!again);
        QVERIFY2(again.error().code != ErrorCode::NotFound, qPrintable(again.error().message));
    }
};

QTEST_GUILESS_MAIN(tst_CtlReliability)
#include "tst_ctlreliability.moc"
