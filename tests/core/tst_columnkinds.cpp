// SPDX-License-Identifier: MIT
// SPDX-FileCopyrightText: 2026 Concord developers
#include <core/db/columnkinds.h>
#include <tests/support/scratchdatabase.h>
#include <tests/support/testmacros.h>

#include <QSqlRecord>
#include <QTest>

#include <memory>

using namespace Concord;
using namespace Concord::Test;
using namespace Qt::StringLiterals;

// What a column accepts when edited (editableKinds(): SQLite by affinity) and what its declared
// type names (declaredKinds(): how the grid shows and edits it), on SQLite and PostgreSQL.

class tst_ColumnKinds : public QObject
{
    Q_OBJECT

private:
    std::unique_ptr<ScratchDatabase> m_db;
    QSqlDatabase m_conn;

private Q_SLOTS:
    void initTestCase() { CONCORD_REQUIRE_BACKEND(); }

    void init()
    {
        m_db = std::make_unique<ScratchDatabase>();
        QCOMPARE(m_db->create(backendUnderTest()), QString());
        const bool sqlite = backendUnderTest() == Backend::SQLite;
        QCOMPARE(m_db->exec({sqlite ? u"CREATE TABLE things (id INTEGER PRIMARY KEY, due DATE, seen TIMESTAMP, at DATETIME, "
                                      "alarm TIME, data BLOB, done BOOLEAN, name TEXT, amount REAL, anything)"_s
                                    : u"CREATE TABLE things (id integer PRIMARY KEY, due date, seen timestamp, "
                                      "at timestamp with time zone, alarm time, data bytea, done boolean, name text, "
                                      "amount double precision)"_s}),
                 QString());
        m_conn = m_db->open(u"kinds"_s);
    }

    void cleanup()
    {
        m_conn = {};
        m_db.reset();
    }

    void declaredKindsNameDatesAndBlobsThatSqliteStoresByAffinity()
    {
        const QSqlRecord fields = m_conn.record(u"things"_s);
        const QList<ValueKind> declared = declaredKinds(m_conn, u"things"_s, fields);
        const QList<ValueKind> editable = editableKinds(m_conn, u"things"_s, fields);
        const QList<ValueKind> named{ValueKind::Integer, ValueKind::Date,    ValueKind::DateTime,
                                     ValueKind::DateTime, ValueKind::Time,   ValueKind::Blob,
                                     ValueKind::Boolean, ValueKind::Text,    ValueKind::Decimal};
        QCOMPARE(declared.mid(0, named.size()), named);
        if (backendUnderTest() == Backend::SQLite) {
            // SQLite keeps dates as the text they were given, and a BLOB column takes anything
            const QList<ValueKind> affinity{ValueKind::Integer, ValueKind::Text,    ValueKind::Text,
                                            ValueKind::Text,    ValueKind::Text,    ValueKind::Unknown,
                                            ValueKind::Boolean, ValueKind::Text,    ValueKind::Decimal,
                                            ValueKind::Unknown};
            QCOMPARE(editable, affinity);
            QCOMPARE(declared.last(), ValueKind::Unknown); // no type at all
        } else {
            QCOMPARE(editable, declared); // the server's types say it all
        }
    }
};

QTEST_GUILESS_MAIN(tst_ColumnKinds)
#include "tst_columnkinds.moc"
