// SPDX-License-Identifier: MIT
// SPDX-FileCopyrightText: 2026 Concord developers
//
// The bad input catalogue (issue #10, docs/RELIABILITY.md): every case is a concordctl command
// that must fail with its exit code and a message that names what was wrong, and must leave the
// database exactly as it was. On SQLite and PostgreSQL, through the real program.
#include <tests/support/modelfixture.h>
#include <tests/support/testmacros.h>

#include <QCryptographicHash>
#include <QFile>
#include <QProcess>
#include <QSqlQuery>
#include <QTemporaryDir>
#include <QTest>

using namespace Concord;
using namespace Concord::Test;
using namespace Qt::StringLiterals;

namespace {

struct BadInput
{
    const char *name;
    QStringList arguments;   ///< after "concordctl"; FILE: is replaced by a file holding the text after it
    int exitCode;            ///< the exit code it must get: 2 for arguments that cannot mean anything, 1 otherwise
    const char *mentions;    ///< a word the message must contain (case-insensitive)
    QString address = {};    ///< instead of the test database, when not empty
};

QList<BadInput> catalogue()
{
    const QString g = u"get"_s, s = u"set"_s, i = u"insert"_s, d = u"delete"_s, items = u"items"_s;
    const QString ev = u"--expect-version"_s;
    return {
        // Addresses
        {"address: unknown scheme", {g, items, u"1"_s}, 2, "address", u"mysql://h/d"_s},
        {"address: password in the user part", {g, items, u"1"_s}, 2, "password", u"postgresql://u:secret@h/d"_s},
        {"address: password option", {g, items, u"1"_s}, 2, "password", u"postgresql://u@h/d?password=x"_s},
        {"address: password inside another option", {g, items, u"1"_s}, 2, "option", u"postgresql://u@h/d?sslmode=a%20password=x"_s},
        {"address: unknown option", {g, items, u"1"_s}, 2, "option", u"postgresql://u@h/d?options=-cx"_s},
        {"address: port that is not a port", {g, items, u"1"_s}, 2, "port", u"postgresql://u@h/d?port=http"_s},
        {"address: empty sqlite path", {g, items, u"1"_s}, 2, "file", u"sqlite:"_s},
        {"address: missing file", {g, items, u"1"_s}, 1, "no database", u"sqlite:/nonexistent/dir/x.sqlite"_s},
        {"address: a folder", {g, items, u"1"_s}, 1, "folder", u"sqlite:/tmp"_s},
        {"address: a text file", {g, items, u"1"_s}, 1, "not a SQLite database", u"FILE:hello, I am text\n"_s},
        {"address: an empty server", {g, items, u"1"_s}, 1, "", u"postgresql://u@127.0.0.1:1/d"_s},
        // Tables
        {"table: unknown", {g, u"nothing_here"_s, u"1"_s}, 1, "no table"},
        {"table: injection", {g, u"t'; DROP TABLE items; --"_s, u"1"_s}, 1, "will not use"},
        {"table: quote", {s, u"it\"ems"_s, u"1"_s, ev, u"1"_s, u"qty=1"_s}, 1, "will not use"},
        {"table: schema-qualified", {g, u"public.items"_s, u"1"_s}, 1, "will not use"},
        {"table: brackets", {d, u"[items]"_s, u"1"_s, ev, u"1"_s}, 1, "will not use"},
        {"table: empty", {g, QString(), u"1"_s}, 1, "empty"},
        {"table: control character", {g, u"ite\u0007ms"_s, u"1"_s}, 1, "will not use"},
        {"table: Concord's own bookkeeping", {g, u"concord_versioning"_s, u"1"_s}, 1, ""},
        // Columns
        {"column: unknown", {s, items, u"1"_s, ev, u"1"_s, u"colour=red"_s}, 2, "no column"},
        {"column: the version itself", {s, items, u"1"_s, ev, u"1"_s, u"version=9"_s}, 2, "version"},
        {"column: no assignment", {s, items, u"1"_s, ev, u"1"_s, u"qty"_s}, 2, "COLUMN=VALUE"},
        {"column: empty name", {s, items, u"1"_s, ev, u"1"_s, u"=5"_s}, 2, "COLUMN=VALUE"},
        // Keys
        {"key: not a number", {g, items, u"one"_s}, 2, "integer"},
        {"key: missing row", {g, items, u"999"_s}, 1, ""},
        {"key: wrong column", {g, items, u"name=apple"_s}, 2, "key"},
        {"key: empty", {g, items, QString()}, 2, ""},
        // Versions
        {"version: missing", {s, items, u"1"_s, u"qty=5"_s}, 2, "expect-version"},
        {"version: not a number", {s, items, u"1"_s, ev, u"first"_s, u"qty=5"_s}, 2, "expect-version"},
        {"version: stale", {s, items, u"1"_s, ev, u"7"_s, u"qty=5"_s}, 3, "version"},
        {"version: stale delete", {d, items, u"1"_s, ev, u"0"_s}, 3, "version"},
        {"version: huge", {s, items, u"1"_s, ev, u"99999999999999999999"_s, u"qty=5"_s}, 2, "expect-version"},
        // Values
        {"value: letters in an integer", {s, items, u"1"_s, ev, u"1"_s, u"qty=12abc"_s}, 1, "integer"},
        {"value: decimal in an integer", {s, items, u"1"_s, ev, u"1"_s, u"qty=1.5"_s}, 1, "integer"},
        {"value: integer out of range", {s, items, u"1"_s, ev, u"1"_s, u"qty=99999999999999999999"_s}, 1, "integer"},
        {"value: bad JSON", {s, items, u"1"_s, ev, u"1"_s, u"qty:={nope"_s}, 1, "JSON"},
        {"value: NULL into NOT NULL", {s, items, u"1"_s, ev, u"1"_s, u"name:=null"_s}, 1, "name"},
        {"value: bad base64 blob", {i, u"files"_s, u"id=1"_s, u"data=base64:!!!"_s}, 1, "base64"},
        // Commands
        {"command: unknown", {u"frobnicate"_s}, 2, "frobnicate"},
        {"command: too few arguments", {g, items}, 2, ""},
        {"command: lock without a command", {u"lock"_s, u"x"_s}, 2, "command"},
        {"command: --abort with --block", {u"lock"_s, u"x"_s, u"--abort"_s, u"--block"_s, u"--"_s, u"true"_s}, 2, "abort"},
        {"command: bad timeout", {u"lock"_s, u"x"_s, u"--timeout"_s, u"soon"_s, u"--"_s, u"true"_s}, 2, "timeout"},
        // CSV import
        {"csv: missing file", {u"import"_s, items, u"/nonexistent/x.csv"_s}, 1, ""},
        {"csv: no header", {u"import"_s, items, u"FILE:"_s}, 2, ""},
        {"csv: unclosed quote", {u"import"_s, items, u"FILE:name,qty\n\"fig,3\n"_s}, 1, "quote"},
        {"csv: text in an integer column", {u"import"_s, items, u"FILE:name,qty\nfig,many\n"_s}, 1, "integer"},
        {"csv: map to an unknown column", {u"import"_s, items, u"FILE:name,qty\nfig,3\n"_s, u"--map"_s, u"qty=nope"_s}, 2, "nope"},
    };
}

} // namespace

class tst_BadInput : public QObject
{
    Q_OBJECT

private:
    ModelFixture m_fixture;
    QTemporaryDir m_dir;

    // Every user table's rows, in key order: equal before and after means nothing was written.
    QByteArray fingerprint()
    {
        QCryptographicHash hash(QCryptographicHash::Sha256);
        QSqlQuery query(m_fixture.b());
        for (const QString &table : {u"items"_s, u"files"_s}) {
            if (!query.exec(u"SELECT * FROM %1 ORDER BY 1"_s.arg(table)))
                return {};
            while (query.next()) {
                for (int column = 0; column < query.record().count(); ++column)
                    hash.addData(query.value(column).toString().toUtf8() + '\x1f');
            }
        }
        return hash.result();
    }

    QString materialize(const QString &argument, int n)
    {
        if (!argument.startsWith(u"FILE:"_s))
            return argument;
        const QString path = m_dir.filePath(u"input-%1"_s.arg(n));
        QFile file(path);
        if (file.open(QIODevice::WriteOnly))
            file.write(argument.mid(5).toUtf8());
        return path;
    }

private Q_SLOTS:
    void initTestCase() { CONCORD_REQUIRE_BACKEND(); }
    void init()
    {
        QCOMPARE(m_fixture.create(), QString());
        const QString blob = m_fixture.backend() == Backend::SQLite ? u"BLOB"_s : u"bytea"_s;
        QCOMPARE(m_fixture.exec({u"CREATE TABLE files (id INTEGER PRIMARY KEY, data %1, version INTEGER)"_s.arg(blob)}),
                 QString());
    }
    void cleanup() { m_fixture.destroy(); }

    void refusedWithAReasonAndNothingWritten_data()
    {
        QTest::addColumn<int>("index");
        const QList<BadInput> cases = catalogue();
        for (int n = 0; n < cases.size(); ++n)
            QTest::addRow("%s", cases.at(n).name) << n;
    }
    void refusedWithAReasonAndNothingWritten()
    {
        QFETCH(int, index);
        const BadInput input = catalogue().at(index);
        QStringList arguments;
        for (const QString &argument : input.arguments)
            arguments << materialize(argument, index);
        const QString address = input.address.isEmpty() ? m_fixture.database().addressText() : materialize(input.address, index + 1000);
        const QByteArray before = fingerprint();
        QVERIFY(!before.isEmpty());

        QProcess process;
        QProcessEnvironment environment = QProcessEnvironment::systemEnvironment();
        environment.insert(u"CONCORD_DB"_s, address);
        process.setProcessEnvironment(environment);
        process.start(QStringLiteral(CONCORD_CTL), arguments);
        QVERIFY(process.waitForFinished(30000));
        const QString err = QString::fromUtf8(process.readAllStandardError());

        QCOMPARE(process.exitCode(), input.exitCode);
        QVERIFY2(!err.trimmed().isEmpty() && err.trimmed() != u"concordctl:"_s, "a refusal says why");
        QVERIFY2(err.contains(QString::fromUtf8(input.mentions), Qt::CaseInsensitive), qPrintable(err));
        QCOMPARE(fingerprint(), before);
    }
};

QTEST_GUILESS_MAIN(tst_BadInput)
#include "tst_badinput.moc"
