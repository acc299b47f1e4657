// SPDX-License-Identifier: MIT
// SPDX-FileCopyrightText: 2026 Concord developers
#include "benchdatabase.h"

#include <QSet>
#include <QSqlError>
#include <QSqlQuery>

#include <cstdio>
#include <cstdlib>

using namespace Qt::StringLiterals;

namespace Concord::Bench {

void die(const QString &message)
{
    std::fprintf(stderr, "concord_bench: %s\n", qPrintable(message));
    std::exit(2);
}

QSqlDatabase openOrDie(const Backend &backend, const QString &purpose)
{
    OpenOptions options;
    options.createIfMissing = true;
    options.applicationName = u"concord_bench"_s;
    auto db = openDatabase(backend.address, connectionNameFor(purpose), options);
    if (!db)
        die(u"cannot open %1: %2"_s.arg(backend.addressText(), db.error().message));
    return db.value();
}

void execOrDie(const QSqlDatabase &db, const QString &statement)
{
    QSqlQuery query(db);
    if (!query.exec(statement))
        die(u"%1: %2"_s.arg(statement, query.lastError().text()));
}

QString sizeLabel(int rows)
{
    if (rows >= 1000000 && rows % 1000000 == 0)
        return u"%1M"_s.arg(rows / 1000000);
    if (rows >= 1000 && rows % 1000 == 0)
        return u"%1k"_s.arg(rows / 1000);
    return QString::number(rows);
}

QString benchTable(const QSqlDatabase &db, int rows)
{
    // Made once per run and connection's database; measures that write pick rows apart from
    // each other, so sharing a table between measures never makes a conflict.
    static QSet<QString> made;
    const QString table = u"bench_%1"_s.arg(rows);
    const QString key = db.databaseName() + u'/' + db.hostName() + u'/' + table;
    if (made.contains(key))
        return table;
    std::fprintf(stderr, "  creating %s (%d rows)\n", qPrintable(table), rows);
    const bool sqlite = isSQLite(db);
    execOrDie(db, u"DROP TABLE IF EXISTS %1"_s.arg(table));
    execOrDie(db, u"CREATE TABLE %1 (id INTEGER PRIMARY KEY, name TEXT NOT NULL, email TEXT, city TEXT, "
                  "qty INTEGER NOT NULL, note TEXT, version INTEGER NOT NULL DEFAULT 1)"_s.arg(table));
    const QString values = u"'name ' || i, 'user' || i || '@example.com', 'city ' || (i % 97), i % 100, "
                           "'a note long enough to look like one, row ' || i, 1"_s;
    if (sqlite) {
        execOrDie(db, u"WITH RECURSIVE s(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM s WHERE i < %1) "
                      "INSERT INTO %2 SELECT i, %3 FROM s"_s.arg(rows).arg(table, values));
    } else {
        execOrDie(db, u"INSERT INTO %1 SELECT i, %2 FROM generate_series(1, %3) AS g(i)"_s.arg(table, values).arg(rows));
        execOrDie(db, u"VACUUM ANALYZE %1"_s.arg(table));
    }
    if (sqlite) {
        // Start every measure with an empty WAL, as a long-running database would be, instead
        // of the bulk load's: the load's pages are not what the measures are about.
        execOrDie(db, u"PRAGMA wal_checkpoint(TRUNCATE)"_s);
    }
    made.insert(key);
    return table;
}

} // namespace Concord::Bench
