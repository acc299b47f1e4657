// SPDX-License-Identifier: MIT
// SPDX-FileCopyrightText: 2026 Concord developers
#include <core/db/databaseaddress.h>
#include <core/db/libpqconninfo.h>
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

    // Issue #14: libpq's multi-host form, each host with an optional port, IPv6 in brackets.
    void parsesMultiHostAddresses_data()
    {
        QTest::addColumn<QString>("text");
        QTest::addColumn<QString>("hostList");
        QTest::addColumn<QString>("displayName");
        QTest::addColumn<QString>("written");

        const QString failover = QStringLiteral("postgresql://ann@h1:5432,h2:5433/sales?target_session_attrs=read-write");
        QTest::addRow("two hosts with ports") << failover << "h1:5432,h2:5433" << "sales@h1,h2" << failover;
        QTest::addRow("ports only on some") << "postgresql://h1,h2:5433,h3/x" << "h1,h2:5433,h3" << "x@h1,h2,h3"
                                            << "postgresql://h1,h2:5433,h3/x";
        QTest::addRow("IPv6 in brackets") << "postgresql://u@[::1]:5432,[fe80::2]/d?connect_timeout=3"
                                          << "[::1]:5432,[fe80::2]" << "d@::1,fe80::2"
                                          << "postgresql://u@[::1]:5432,[fe80::2]/d?connect_timeout=3";
        QTest::addRow("postgres scheme") << "postgres://u@a,b/d" << "a,b" << "d@a,b" << "postgresql://u@a,b/d";
        QTest::addRow("one IPv6 host") << "postgresql://u@[::1]:5432/d" << "[::1]:5432" << "d@::1"
                                       << "postgresql://u@[::1]:5432/d";
        QTest::addRow("IPv6 host=") << "postgresql://u@/d?host=::1" << "[::1]" << "d@::1" << "postgresql://u@[::1]/d";
    }
    void parsesMultiHostAddresses()
    {
        QFETCH(QString, text);
        QFETCH(QString, hostList);
        QFETCH(QString, displayName);
        QFETCH(QString, written);

        const auto address = DatabaseAddress::parse(text);
        QVERIFY_RESULT(address);
        QCOMPARE(address.value().hostListText(), hostList);
        QCOMPARE(address.value().displayName(), displayName);
        QCOMPARE(address.value().toString(), written);
        // What toString() writes reads back to the same hosts in the same order.
        const auto again = DatabaseAddress::parse(address.value().toString());
        QVERIFY_RESULT(again);
        QCOMPARE(again.value().hosts(), address.value().hosts());
        QCOMPARE(again.value().options, address.value().options);
    }

    void refusesBadHostLists_data()
    {
        QTest::addColumn<QString>("text");
        QTest::addRow("empty entry") << "postgresql://u@h1,,h2/d";
        QTest::addRow("empty last entry") << "postgresql://u@h1,/d";
        QTest::addRow("port zero") << "postgresql://u@h1,h2:0/d";
        QTest::addRow("port not a number") << "postgresql://u@h1,h2:abc/d";
        QTest::addRow("port too big") << "postgresql://u@h1,h2:70000/d";
        QTest::addRow("unclosed bracket") << "postgresql://u@h1,[::1/d";
        QTest::addRow("space in a host") << "postgresql://u@h1,h2%20password=secret/d";
        QTest::addRow("quote in a host") << "postgresql://u@h1,h2'x/d";
        QTest::addRow("host list and host=") << "postgresql://u@h1,h2/d?host=/run/pg";
        QTest::addRow("host list and port=") << "postgresql://u@h1,h2/d?port=5433";
        QTest::addRow("password with a host list") << "postgresql://u:secret@h1,h2/d";
        // Not in the libpq of PostgreSQL 15, which would refuse every connection with it.
        QTest::addRow("load_balance_hosts") << "postgresql://u@h1,h2/d?load_balance_hosts=random";
        QTest::addRow("unknown option") << "postgresql://u@h1,h2/d?options=-c%20password=secret";
        // host= names one host, which toString() writes in front
        QTest::addRow("host= list") << "postgresql://u@/d?host=a,b";
        QTest::addRow("host= with a space") << "postgresql://u@/d?host=a%20b";
        QTest::addRow("host= with a slash") << "postgresql://u@/d?host=a/b";
    }
    void refusesBadHostLists()
    {
        QFETCH(QString, text);
        const auto address = DatabaseAddress::parse(text);
        QVERIFY2(!address.ok(), qPrintable(address.ok() ? address.value().toString() : QString()));
        QCOMPARE(address.error().code, ErrorCode::InvalidAddress);
        QVERIFY(!address.error().message.isEmpty());
        QVERIFY(!address.error().message.contains(QStringLiteral("secret")));
    }

    // Every value Concord hands QPSQL's connect options is quoted for libpq: nothing in it can
    // end the value and start another keyword.
    void quotesConnectOptionValuesForLibpq_data()
    {
        QTest::addColumn<QString>("value");
        QTest::addColumn<QString>("quoted");
        QTest::addColumn<QString>("readBack");
        QTest::addRow("plain") << "require" << "'require'" << "require";
        QTest::addRow("empty") << "" << "''" << "";
        QTest::addRow("space and keyword") << "concord: x password=y" << "'concord: x password=y'" << "concord: x password=y";
        QTest::addRow("quote") << "it's" << "'it\\'s'" << "it's";
        QTest::addRow("backslash") << "a\\b" << "'a\\\\b'" << "a\\b";
        QTest::addRow("backslash before quote") << "a\\' password=y" << "'a\\\\\\' password=y'" << "a\\' password=y";
        // QPSQL turns every ';' of the options into a space.
        QTest::addRow("semicolon") << "a;password=y" << "'a,password=y'" << "a,password=y";
        QTest::addRow("host list") << "h1,h2" << "'h1,h2'" << "h1,h2";
    }
    void quotesConnectOptionValuesForLibpq()
    {
        QFETCH(QString, value);
        QFETCH(QString, quoted);
        QFETCH(QString, readBack);
        QCOMPARE(Libpq::quotedValue(value), quoted);
        const auto options = Libpq::parseOptions(QStringLiteral("application_name=") + quoted + QStringLiteral(";connect_timeout=10"));
        QVERIFY_RESULT(options);
        QCOMPARE(options.value().keys(), (QStringList{QStringLiteral("application_name"), QStringLiteral("connect_timeout")}));
        QCOMPARE(options.value().value(QStringLiteral("application_name")), readBack);
    }

    void readsConnectOptionsByLibpqRules()
    {
        const auto options = Libpq::parseOptions(QStringLiteral("sslmode=require; connect_timeout = 5;host='h1,h2' port=''"));
        QVERIFY_RESULT(options);
        QCOMPARE(options.value().value(QStringLiteral("sslmode")), QStringLiteral("require"));
        QCOMPARE(options.value().value(QStringLiteral("connect_timeout")), QStringLiteral("5"));
        QCOMPARE(options.value().value(QStringLiteral("host")), QStringLiteral("h1,h2"));
        QVERIFY(options.value().contains(QStringLiteral("port")));
        QVERIFY(!Libpq::parseOptions(QStringLiteral("sslmode")).ok());
        QVERIFY(!Libpq::parseOptions(QStringLiteral("=x")).ok());
        QVERIFY(!Libpq::parseOptions(QStringLiteral("application_name='open")).ok());
    }

    // A connection set up for a multi-host address reads back as that address: jobs and lock
    // owners open their own connections from it (fromDatabase()), and must try every host too.
    void fromDatabaseReadsHostListsBack()
    {
        const QString name = connectionNameFor(QStringLiteral("lists"));
        {
            QSqlDatabase db = QSqlDatabase::addDatabase(QStringLiteral("QPSQL"), name);
            if (!db.isValid())
                QSKIP("no QPSQL driver");
            db.setUserName(QStringLiteral("ann"));
            db.setDatabaseName(QStringLiteral("sales"));
            db.setConnectOptions(QStringLiteral("host='h1,::1,h3';port='5432,,5434';"
                                                "application_name='concord: Import into it\\'s';target_session_attrs='read-write'"));
            const auto address = DatabaseAddress::fromDatabase(db);
            QVERIFY_RESULT(address);
            QCOMPARE(address.value().hostListText(), QStringLiteral("h1:5432,[::1],h3:5434"));
            QCOMPARE(address.value().options.value(QStringLiteral("application_name")), QStringLiteral("concord: Import into it's"));
            QVERIFY(!address.value().options.contains(QStringLiteral("host")));
            QVERIFY(!address.value().options.contains(QStringLiteral("port")));
            QCOMPARE(address.value().user, QStringLiteral("ann"));
            db.setConnectOptions(QStringLiteral("host='h1,h2';port='1,2,3'"));
            QVERIFY(!DatabaseAddress::fromDatabase(db).ok());
        }
        QSqlDatabase::removeDatabase(name);
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
        for (const char *text : {"postgresql://u@h/d?port=abc", "postgresql://u@h/d?port=0", "postgresql://u@h/d?port=70000",
                                 "postgresql://u@h:0/d"}) { // found by fuzz_address: port 0 was read and written back as none
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

    // Issue #14: libpq gets every host. The first is a port nobody listens on (port 1 is
    // privileged and never a PostgreSQL server), so libpq goes on to the test server.
    void aClosedFirstHostFallsThroughToTheSecond()
    {
        const QString server = qEnvironmentVariable("CONCORD_TEST_POSTGRESQL");
        if (server.isEmpty()) {
            if (Concord::Test::postgresRequired())
                QFAIL("CONCORD_TEST_POSTGRESQL is required");
            QSKIP("no PostgreSQL test server (scripts/test starts one)");
        }
        // Given a two-host address whose first host refuses connections
        auto address = DatabaseAddress::parse(server);
        QVERIFY_RESULT(address);
        const DatabaseHost live = address.value().hosts().constFirst();
        address.value().setHosts({DatabaseHost{QStringLiteral("127.0.0.1"), 1}, live});
        // ...and an application name that tries to add a keyword of its own
        OpenOptions options;
        options.applicationName = QStringLiteral("concord: it's a \\ test; password=x");
        const QString name = connectionNameFor(QStringLiteral("t"));
        {
            // When it is opened
            const auto db = openDatabase(address.value(), name, options);
            QVERIFY_RESULT(db);
            // Then the connection is on the second host, with the name as it was given (the ';' QPSQL cannot pass aside)
            QSqlQuery query(db.value());
            QVERIFY_SQL(query, exec(QStringLiteral("SELECT inet_server_port(), current_setting('application_name')")));
            QVERIFY(query.next());
            QCOMPARE(query.value(0).toInt(), live.port);
            QCOMPARE(query.value(1).toString(), QStringLiteral("concord: it's a \\ test, password=x"));
            // ...and the connection reads back as the same two hosts
            const auto back = DatabaseAddress::fromDatabase(db.value());
            QVERIFY_RESULT(back);
            QCOMPARE(back.value().hosts(), address.value().hosts());
            QCOMPARE(back.value().user, address.value().user);
            QCOMPARE(back.value().databaseName, address.value().databaseName);
        }
        closeDatabase(name);
    }

    void connectionNamesDifferPerCall()
    {
        QVERIFY(connectionNameFor(QStringLiteral("a")) != connectionNameFor(QStringLiteral("a")));
    }
};

QTEST_GUILESS_MAIN(tst_DatabaseAddress)
#include "tst_databaseaddress.moc"
