// SPDX-License-Identifier: MIT
// SPDX-FileCopyrightText: 2026 Concord developers
#include <core/db/databaseaddress.h>
#include <tests/support/scratchdatabase.h>
#include <tests/support/testmacros.h>

#include <QCryptographicHash>
#include <QFile>
#include <QSqlQuery>
#include <QTemporaryDir>
#include <QProcess>
#include <QTest>

using namespace Concord;

class tst_DatabaseAddress : public QObject
{
    Q_OBJECT

private:
    static QByteArray hashOf(const QString &path)
    {
        QFile file(path);
        if (!file.open(QIODevice::ReadOnly))
            return {};
        return QCryptographicHash::hash(file.readAll(), QCryptographicHash::Sha256);
    }

private Q_SLOTS:
    void parsesAddresses_data()
    {
        QTest::addColumn<QString>("text");
        QTest::addColumn<bool>("postgres");
        QTest::addColumn<QString>("pathOrDatabase");
        QTest::addColumn<QString>("host");
        QTest::addColumn<int>("port");
        QTest::addColumn<QString>("user");

        QTest::addRow("sqlite prefix") << "sqlite:/tmp/a.db" << false << "/tmp/a.db" << "" << -1 << "";
        QTest::addRow("sqlite url form") << "sqlite:///tmp/a.db" << false << "/tmp/a.db" << "" << -1 << "";
        QTest::addRow("bare path") << "data/demo.sqlite" << false << "data/demo.sqlite" << "" << -1 << "";
        QTest::addRow("postgresql full") << "postgresql://ann@db.example:5433/sales?sslmode=require" << true
                                         << "sales" << "db.example" << 5433 << "ann";
        QTest::addRow("postgres scheme") << "postgres://localhost/x" << true << "x" << "localhost" << -1 << "";
        // Found by fuzz_address: a bare path keeps its leading slashes and prints back to itself.
        QTest::addRow("bare path with two leading slashes") << "//srv/x.sqlite" << false << "//srv/x.sqlite" << "" << -1 << "";
        QTest::addRow("url form of such a path") << "sqlite:////srv/x.sqlite" << false << "//srv/x.sqlite" << "" << -1 << "";
        QTest::addRow("socket directory") << "postgresql:///x?host=/run/pg" << true << "x" << "/run/pg" << -1 << "";
    }
    void parsesAddresses()
    {
        QFETCH(QString, text);
        QFETCH(bool, postgres);
        QFETCH(QString, pathOrDatabase);
        QFETCH(QString, host);
        QFETCH(int, port);
        QFETCH(QString, user);

        const auto address = DatabaseAddress::parse(text);
        QVERIFY_RESULT(address);
        QCOMPARE(address.value().isPostgreSQL(), postgres);
        QCOMPARE(postgres ? address.value().databaseName : address.value().path, pathOrDatabase);
        QCOMPARE(address.value().host, host);
        QCOMPARE(address.value().port, port);
        QCOMPARE(address.value().user, user);
        // What toString() prints parses back to the same address.
        const auto again = DatabaseAddress::parse(address.value().toString());
        QVERIFY_RESULT(again);
        QCOMPARE(again.value().toString(), address.value().toString());
    }

    void keepsSslModeAsLibpqOption()
    {
        const auto address = DatabaseAddress::parse(QStringLiteral("postgresql://u@h/d?sslmode=verify-full"));
        QVERIFY_RESULT(address);
        QCOMPARE(address.value().options.value(QStringLiteral("sslmode")), QStringLiteral("verify-full"));
    }

    void refusesPasswordsInAddresses_data()
    {
        QTest::addColumn<QString>("text");
        QTest::addRow("userinfo") << "postgresql://ann:secret@h/d";
        QTest::addRow("query") << "postgresql://ann@h/d?password=secret";
        // Issue #10, item 8: a password smuggled into another option's value.
        QTest::addRow("inside sslmode") << "postgresql://ann@h/d?sslmode=prefer%20password%3Dsecret";
        QTest::addRow("inside target_session_attrs") << "postgresql://ann@h/d?target_session_attrs=any%09password=secret";
        QTest::addRow("quoted inside sslmode") << "postgresql://ann@h/d?sslmode=%27prefer%27%20password=%27secret%27";
        QTest::addRow("sslpassword") << "postgresql://ann@h/d?sslpassword=secret";
        QTest::addRow("unknown option") << "postgresql://ann@h/d?options=-c%20password=secret";
    }
    void refusesPasswordsInAddresses()
    {
        QFETCH(QString, text);
        const auto address = DatabaseAddress::parse(text);
        QVERIFY(!address.ok());
        QCOMPARE(address.error().code, ErrorCode::InvalidAddress);
        QVERIFY(!address.error().message.contains(QStringLiteral("secret")));
    }

    void refusesPortsThatAreNotPorts()
    {
        for (const char *text : {"postgresql://u@h/d?port=abc", "postgresql://u@h/d?port=0", "postgresql://u@h/d?port=70000"}) {
            const auto address = DatabaseAddress::parse(QString::fromLatin1(text));
            QVERIFY2(!address.ok(), text);
            QCOMPARE(address.error().code, ErrorCode::InvalidAddress);
        }
    }

    void tlsOptionsPassThrough()
    {
        const auto address = DatabaseAddress::parse(
            QStringLiteral("postgresql://u@h/d?sslmode=verify-full&sslrootcert=/etc/ssl/ca.pem&target_session_attrs=read-write"));
        QVERIFY_RESULT(address);
        QCOMPARE(address.value().options.value(QStringLiteral("sslrootcert")), QStringLiteral("/etc/ssl/ca.pem"));
        QCOMPARE(address.value().options.value(QStringLiteral("target_session_attrs")), QStringLiteral("read-write"));
    }

    // Issue #10, item 3: a writer killed mid-transaction leaves a hot rollback journal, which a
    // read-only probe cannot roll back. The database must open at once, rolled back.
    void aHotJournalLeftByAKilledWriterIsRolledBackOnOpen()
    {
        // Given a database whose writer (the sqlite3 shell) was killed with a spilled, uncommitted change
        QTemporaryDir dir;
        const QString path = dir.filePath(QStringLiteral("crash.sqlite"));
        {
            auto db = openDatabase(DatabaseAddress::parse(path).value(), connectionNameFor(QStringLiteral("setup")),
                                   [] { OpenOptions o; o.createIfMissing = true; return o; }());
            QVERIFY_RESULT(db);
            QSqlQuery query(db.value());
            QVERIFY(query.exec(QStringLiteral("CREATE TABLE big (id INTEGER PRIMARY KEY, v TEXT)")));
            QVERIFY(query.exec(QStringLiteral("WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < 5000) "
                                              "INSERT INTO big SELECT i, printf('%0200d', i) FROM n")));
            const QString name = db.value().connectionName();
            db = makeError(ErrorCode::None, QString());
            closeDatabase(name);
        }
        QProcess writer;
        writer.start(QStringLiteral("sqlite3"), {path});
        QVERIFY2(writer.waitForStarted(), "the sqlite3 shell (Debian package sqlite3) is needed");
        writer.write("PRAGMA journal_mode = DELETE;\nPRAGMA cache_size = 2;\nBEGIN;\nUPDATE big SET v = 'changed';\n"
                     "SELECT 'updated';\n");
        QVERIFY(writer.waitForReadyRead(30000));
        QTRY_VERIFY(QFileInfo(path + QStringLiteral("-journal")).size() > 0);
        writer.kill();
        QVERIFY(writer.waitForFinished(10000));
        QVERIFY(QFileInfo(path + QStringLiteral("-journal")).size() > 0);

        // When Concord opens it
        const QString connection = connectionNameFor(QStringLiteral("t"));
        auto db = openDatabase(DatabaseAddress::parse(path).value(), connection);

        // Then it opens at once, and the dead writer's change is gone
        QVERIFY_RESULT(db);
        QSqlQuery query(db.value());
        QVERIFY(query.exec(QStringLiteral("SELECT count(*) FROM big WHERE v = 'changed'")) && query.next());
        QCOMPARE(query.value(0).toInt(), 0);
        QVERIFY(query.exec(QStringLiteral("SELECT count(*) FROM big")) && query.next());
        QCOMPARE(query.value(0).toInt(), 5000);
        query = QSqlQuery();
        db = makeError(ErrorCode::None, QString());
        closeDatabase(connection);
    }

    void refusesUnknownSchemesAndEmptyAddresses()
    {
        QCOMPARE(DatabaseAddress::parse(QStringLiteral("mysql://h/d")).error().code, ErrorCode::InvalidAddress);
        QCOMPARE(DatabaseAddress::parse(QStringLiteral("  ")).error().code, ErrorCode::InvalidAddress);
        QCOMPARE(DatabaseAddress::parse(QStringLiteral("sqlite:")).error().code, ErrorCode::InvalidAddress);
    }

    void missingFileIsNotCreated()
    {
        // Given a path with no file
        QTemporaryDir dir;
        const QString path = dir.filePath(QStringLiteral("absent.sqlite"));
        // When it is opened without createIfMissing
        const auto db = openDatabase(DatabaseAddress::parse(path).value(), connectionNameFor(QStringLiteral("t")));
        // Then it fails clearly and no file appears
        QVERIFY(!db.ok());
        QCOMPARE(db.error().code, ErrorCode::NotFound);
        QVERIFY(!QFile::exists(path));
    }

    void foreignAndCorruptFilesStayByteForByte_data()
    {
        QTest::addColumn<QByteArray>("content");
        QTest::addRow("text file") << QByteArray("name,city\nAda,London\n");
        QTest::addRow("png header") << QByteArray("\x89PNG\r\n\x1a\n0000000000000000", 24);
        QByteArray corrupt("SQLite format 3\0", 16);
        corrupt += QByteArray(4080, '\xA5'); // a header followed by garbage pages
        QTest::addRow("corrupt sqlite") << corrupt;
    }
    void foreignAndCorruptFilesStayByteForByte()
    {
        QFETCH(QByteArray, content);
        // Given a file that is not a healthy SQLite database
        QTemporaryDir dir;
        const QString path = dir.filePath(QStringLiteral("file.db"));
        {
            QFile file(path);
            QVERIFY(file.open(QIODevice::WriteOnly));
            file.write(content);
        }
        const QByteArray before = hashOf(path);
        // When Concord opens it
        const QString name = connectionNameFor(QStringLiteral("t"));
        const auto db = openDatabase(DatabaseAddress::parse(path).value(), name);
        // Then it refuses with NotADatabase and the file is untouched, with no journal beside it
        QVERIFY(!db.ok());
        QCOMPARE(db.error().code, ErrorCode::NotADatabase);
        QVERIFY(!db.error().message.isEmpty());
        QCOMPARE(hashOf(path), before);
        QVERIFY(!QFile::exists(path + QStringLiteral("-wal")));
        QVERIFY(!QFile::exists(path + QStringLiteral("-journal")));
        QVERIFY(!QSqlDatabase::contains(name));
    }

    void openingHealthyDatabaseWritesNothing()
    {
        // Given a healthy database in rollback-journal mode
        QTemporaryDir dir;
        const QString path = dir.filePath(QStringLiteral("ok.db"));
        {
            OpenOptions options;
            options.createIfMissing = true;
            const QString name = connectionNameFor(QStringLiteral("setup"));
            auto db = openDatabase(DatabaseAddress::parse(path).value(), name, options);
            QVERIFY_RESULT(db);
            QSqlQuery query(db.value());
            QVERIFY_SQL(query, exec(QStringLiteral("CREATE TABLE t (id INTEGER PRIMARY KEY, version INTEGER)")));
            query.clear();
            db.value().close();
            closeDatabase(name);
        }
        const QByteArray before = hashOf(path);
        // When it is opened and read
        const QString name = connectionNameFor(QStringLiteral("t"));
        {
            auto db = openDatabase(DatabaseAddress::parse(path).value(), name);
            QVERIFY_RESULT(db);
            QCOMPARE(db.value().tables(), QStringList{QStringLiteral("t")});
        }
        closeDatabase(name);
        // Then the file is as it was (no journal-mode switch, no schema)
        QCOMPARE(hashOf(path), before);
    }

    void passwordComesFromThePromptWhenLibpqHasNone()
    {
        const QString server = qEnvironmentVariable("CONCORD_TEST_POSTGRESQL");
        if (server.isEmpty()) {
            if (Concord::Test::postgresRequired())
                QFAIL("CONCORD_TEST_POSTGRESQL is required");
            QSKIP("no PostgreSQL test server (scripts/test starts one)");
        }
        // Given a server that wants a password, and neither PGPASSWORD nor a ~/.pgpass entry
        const QByteArray password = qgetenv("PGPASSWORD");
        qunsetenv("PGPASSWORD");
        qputenv("PGPASSFILE", "/nonexistent/pgpass");
        const auto address = DatabaseAddress::parse(server);
        QVERIFY_RESULT(address);
        const QString name = connectionNameFor(QStringLiteral("t"));
        const auto refused = openDatabase(address.value(), name);
        // Then Concord asks for one (the editor prompts), and the password it is given works
        QCOMPARE(refused.error().code, ErrorCode::PasswordRequired);
        QVERIFY(!refused.error().message.contains(QString::fromUtf8(password)));
        OpenOptions options;
        options.password = QString::fromUtf8(password);
        bool open = false;
        {
            const auto opened = openDatabase(address.value(), name, options);
            open = opened.ok() && opened.value().isOpen();
        }
        qputenv("PGPASSWORD", password);
        qunsetenv("PGPASSFILE");
        closeDatabase(name);
        QVERIFY(open);
    }

    void aRefusedPasswordAsksForAnother()
    {
        const QString server = qEnvironmentVariable("CONCORD_TEST_POSTGRESQL");
        if (server.isEmpty()) {
            if (Concord::Test::postgresRequired())
                QFAIL("CONCORD_TEST_POSTGRESQL is required");
            QSKIP("no PostgreSQL test server (scripts/test starts one)");
        }
        // Given a password the server refuses (a typing mistake)
        const auto address = DatabaseAddress::parse(server);
        QVERIFY_RESULT(address);
        OpenOptions options;
        options.password = QStringLiteral("not-the-password-%1").arg(qEnvironmentVariable("PGPASSWORD"));
        const QString name = connectionNameFor(QStringLiteral("t"));
        const auto refused = openDatabase(address.value(), name, options);
        // Then it is a password problem, so that the editor asks again, and the message never
        // repeats what was typed
        QVERIFY(!refused);
        QCOMPARE(refused.error().code, ErrorCode::PasswordRequired);
        QVERIFY(!refused.error().message.contains(options.password));
        closeDatabase(name);
    }

    void connectionNamesDifferPerCall()
    {
        QVERIFY(connectionNameFor(QStringLiteral("a")) != connectionNameFor(QStringLiteral("a")));
    }
};

QTEST_GUILESS_MAIN(tst_DatabaseAddress)
#include "tst_databaseaddress.moc"
