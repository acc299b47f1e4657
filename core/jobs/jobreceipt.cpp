// SPDX-License-Identifier: MIT
// SPDX-FileCopyrightText: 2026 Concord developers
#include "jobreceipt.h"

#include <core/db/boundquery.h>
#include <core/db/catalog.h>
#include <core/db/databaseaddress.h>
#include <core/db/transaction.h>
#include <core/errors.h>

using namespace Qt::StringLiterals;

namespace Concord::JobReceipts {

namespace {

QString table()
{
    return QString::fromLatin1(tableName);
}

// The server's clock in both dialects, so that the age of a receipt never depends on a client's.
QString createStatement(const QSqlDatabase &db)
{
    const QString stamp = isSQLite(db) ? u"TEXT NOT NULL DEFAULT CURRENT_TIMESTAMP"_s
                                       : u"TIMESTAMPTZ NOT NULL DEFAULT CURRENT_TIMESTAMP"_s;
    return u"CREATE TABLE IF NOT EXISTS %1 (token TEXT PRIMARY KEY, kind TEXT NOT NULL DEFAULT 'receipt', "
           "table_name TEXT NOT NULL, description TEXT NOT NULL, finished_at %2)"_s.arg(table(), stamp);
}

QString dayAgo(const QSqlDatabase &db)
{
    return isSQLite(db) ? u"datetime('now', '-1 day')"_s : u"CURRENT_TIMESTAMP - INTERVAL '1 day'"_s;
}

} // namespace

Result<void> prepare(const QSqlDatabase &db)
{
    const auto found = concordTableExists(db, table());
    if (!found)
        return found.error();
    if (found.value())
        return {};
    // Checked first: CREATE TABLE IF NOT EXISTS wants the right to create even when the table is
    // there. Two first jobs at once may race in it on PostgreSQL; the loser finds the winner's.
    BoundQuery query(db);
    if (query.exec(createStatement(db)))
        return {};
    const QSqlError error = query.lastError();
    if (const auto again = concordTableExists(db, table()); again && again.value())
        return {};
    return sqlError(error, u"Cannot create %1"_s.arg(table()));
}

Result<void> write(const QSqlDatabase &db, const QString &token, const QString &tableName, const QString &description)
{
    // On PostgreSQL the prune rides along in the insert's statement: one round trip less.
    const QString insert = u"INSERT INTO %1 (token, table_name, description) VALUES (?, ?, ?)"_s.arg(table());
    const QString prune = u"DELETE FROM %1 WHERE table_name = ? AND finished_at < %2"_s.arg(table(), dayAgo(db));
    BoundQuery query(db);
    if (!isSQLite(db)) {
        query.prepare(u"WITH pruned AS (%1) %2"_s.arg(prune, insert));
        query.addBindValue(tableName);
    } else {
        query.prepare(prune);
        query.addBindValue(tableName);
        if (!query.exec())
            return sqlError(query, u"Cannot delete old job receipts"_s);
        query.prepare(insert);
    }
    query.addBindValue(token);
    query.addBindValue(tableName);
    query.addBindValue(description);
    if (!query.exec())
        return sqlError(query, u"Cannot write the job's receipt"_s);
    return {};
}

Result<Found> resolve(const QSqlDatabase &db, const QString &token, const QString &tableName, int waitMs)
{
    const auto failed = [](const QSqlError &error) { return sqlError(error, u"Cannot check the job's receipt"_s); };
    Transaction transaction(db);
    if (!transaction.begin())
        return failed(transaction.lastError());
    BoundQuery query(db);
    if (!isSQLite(db) && !query.exec(u"SET LOCAL lock_timeout = %1"_s.arg(qMax(1, waitMs))))
        return failed(query.lastError());
    query.prepare(u"INSERT INTO %1 (token, kind, table_name, description) VALUES (?, 'fence', ?, ?) "
                  "ON CONFLICT (token) DO NOTHING"_s.arg(table()));
    query.addBindValue(token);
    query.addBindValue(tableName);
    query.addBindValue(u"a check after a lost COMMIT answer found no receipt"_s);
    if (!query.exec())
        return failed(query.lastError());
    query.prepare(u"SELECT kind FROM %1 WHERE token = ?"_s.arg(table()));
    query.addBindValue(token);
    if (!query.exec() || !query.next())
        return failed(query.lastError());
    const bool stored = query.value(0).toString() == "receipt"_L1;
    query.finish();
    if (!transaction.commit())
        return failed(transaction.lastError());
    return stored ? Found::Stored : Found::NotStored;
}

} // namespace Concord::JobReceipts
