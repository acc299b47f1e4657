// SPDX-License-Identifier: MIT
// SPDX-FileCopyrightText: 2026 Concord developers
#include "tablestats.h"

#include <core/db/boundquery.h>
#include <core/errors.h>
#include <core/text.h>
#include <core/db/catalog.h>
#include <core/db/databaseaddress.h>
#include <core/db/tableschema.h>

#include <QSqlQuery>

using namespace Qt::StringLiterals;

namespace Concord {

CONCORD_TRANSLATION_CONTEXT("Concord::TableStats")

namespace {

Result<RowCount> cappedCount(const QSqlDatabase &db, const QString &table, qint64 exactLimit)
{
    QSqlQuery query(db);
    query.setForwardOnly(true);
    // LIMIT bounds the work: a huge table or an expensive view stops after exactLimit + 1 rows.
    if (!query.exec(u"SELECT count(*) FROM (SELECT 1 FROM %1 LIMIT %2) AS capped"_s.arg(quotedTable(db, table))
                        .arg(exactLimit + 1))
        || !query.next())
        return sqlError(query, tr("Cannot count the rows of %1").arg(table));
    const qint64 rows = query.value(0).toLongLong();
    RowCount count;
    count.rows = qMin(rows, exactLimit);
    count.atLeast = rows > exactLimit;
    return count;
}

// One statement: the estimate from pg_class decides, and the count(*) sub-query (an InitPlan,
// evaluated only when its CASE branch is reached) runs for small tables alone.
Result<RowCount> postgresCount(const QSqlDatabase &db, const QString &table, qint64 exactLimit)
{
    BoundQuery query(db);
    query.setForwardOnly(true);
    query.prepare(u"SELECT c.relkind, c.reltuples >= $2, CASE WHEN c.relkind IN ('v', 'm', 'f') THEN NULL"
                  " WHEN c.reltuples >= $2 THEN c.reltuples::bigint ELSE (SELECT count(*) FROM %1) END"
                  " FROM pg_catalog.pg_class c WHERE c.relname = $1 AND pg_catalog.pg_table_is_visible(c.oid)"_s
                      .arg(quotedTable(db, table)));
    query.addBindValue(table);
    query.addBindValue(double(exactLimit));
    if (!query.exec())
        return sqlError(query, tr("Cannot count the rows of %1").arg(table));
    if (!query.next())
        return makeError(ErrorCode::NotFound, tr("There is no table %1.").arg(table));
    if (query.value(2).isNull()) // a view: no estimate to trust
        return cappedCount(db, table, exactLimit);
    RowCount count;
    count.rows = query.value(2).toLongLong();
    count.estimated = query.value(1).toBool();
    return count;
}

} // namespace

Result<RowCount> countRows(const QSqlDatabase &db, const QString &table, qint64 exactLimit)
{
    const auto exists = tableExists(db, table);
    if (!exists)
        return exists.error();
    if (!exists.value())
        return makeError(ErrorCode::NotFound, tr("There is no table %1.").arg(table));
    if (isSQLite(db))
        return cappedCount(db, table, qMax<qint64>(exactLimit, 0));
    return postgresCount(db, table, qMax<qint64>(exactLimit, 0));
}

QStringList userViews(const QSqlDatabase &db)
{
    QStringList views;
    const QStringList all = db.tables(QSql::Views);
    for (const QString &view : all) {
        if (!view.startsWith("sqlite_"_L1) && !isConcordTable(view))
            views << view;
    }
    views.sort(Qt::CaseInsensitive);
    return views;
}

} // namespace Concord
