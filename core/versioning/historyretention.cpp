// SPDX-License-Identifier: MIT
// SPDX-FileCopyrightText: 2026 Concord developers
//
// History: retention, applied by HistoryRetentionJob under the table's lock.
#include "history.h"

#include <core/errors.h>
#include <core/text.h>
#include <core/db/boundquery.h>
#include <core/db/databaseaddress.h>
#include <core/versioning/historysql.h>

#include <QCoreApplication>

using namespace Qt::StringLiterals;

namespace Concord::History {

CONCORD_TRANSLATION_CONTEXT("Concord::History")

namespace {

using namespace Internal;

// Never a key's newest entry: the delete entry of a deleted key is what recover() re-inserts,
// and a live key's newest entry is its current version.
QString newestOfEachKey(const QString &history)
{
    return u"SELECT max(%1) FROM %2 GROUP BY %3"_s.arg(QLatin1String(idColumn), history, QLatin1String(rowKeyColumn));
}

// The entries beyond the newest N of their key (window functions: SQLite 3.25, PostgreSQL 8.4).
QString beyondLastVersions(const QString &history)
{
    return u"DELETE FROM %1 WHERE %2 IN (SELECT %2 FROM (SELECT %2, row_number() OVER (PARTITION BY %3 ORDER BY %2 DESC) "
           "AS concord_rank FROM %1) ranked WHERE concord_rank > ?) AND %2 NOT IN (%4)"_s
        .arg(history, QLatin1String(idColumn), QLatin1String(rowKeyColumn), newestOfEachKey(history));
}

// Older than N days by the server's clock: SQLite's text stamps compare in time order.
QString olderThanDays(const QSqlDatabase &db, const QString &history)
{
    const QString cutoff = isSQLite(db) ? u"strftime('%Y-%m-%d %H:%M:%f', 'now', '-' || ? || ' days')"_s
                                        : u"CURRENT_TIMESTAMP - make_interval(days => CAST(? AS integer))"_s;
    return u"DELETE FROM %1 WHERE %2 < %3 AND %4 NOT IN (%5)"_s.arg(history, QLatin1String(changedAtColumn), cutoff,
                                                                    QLatin1String(idColumn), newestOfEachKey(history));
}

} // namespace

Result<int> applyRetention(const QSqlDatabase &db, const QString &table)
{
    const auto settings = loadSettings(db, table);
    if (!settings)
        return settings.error();
    if (!settings.value())
        return makeError(ErrorCode::NotFound, tr("%1 keeps no history (concordctl history enable %1).").arg(table));
    const Retention retention = settings.value()->retention;
    if (retention.kind == Retention::Kind::KeepAll)
        return 0;
    if (auto valid = retention.validate(); !valid)
        return valid.error();
    const QString history = quotedTable(db, settings.value()->historyTable);
    BoundQuery query(db);
    query.prepare(retention.kind == Retention::Kind::LastVersions ? beyondLastVersions(history) : olderThanDays(db, history));
    query.addBindValue(retention.amount);
    if (!query.exec())
        return sqlError(query, tr("Cannot prune the history of %1").arg(table));
    return query.numRowsAffected();
}

} // namespace Concord::History
