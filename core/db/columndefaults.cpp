// SPDX-License-Identifier: MIT
// SPDX-FileCopyrightText: 2026 Concord developers
#include "columndefaults.h"

#include <core/db/boundquery.h>
#include <core/db/catalog.h>
#include <core/db/schemacache.h>

#include <QRegularExpression>
#include <QSqlError>
#include <QSqlQuery>

namespace Concord {

ColumnDefault parseColumnDefault(const QString &expression)
{
    ColumnDefault result;
    result.expression = expression;
    QString text = expression.trimmed();
    // SQLite keeps "(1)" as declared; PostgreSQL writes "'-1'::integer" or "(-1)".
    while (text.startsWith(QLatin1Char('(')) && text.endsWith(QLatin1Char(')')))
        text = text.mid(1, text.size() - 2).trimmed();
    static const QRegularExpression cast(QStringLiteral("::[A-Za-z_ ]+(\\([0-9, ]+\\))?(\\[\\])?$"));
    const QRegularExpressionMatch castMatch = cast.match(text);
    if (castMatch.hasMatch())
        text = text.left(castMatch.capturedStart()).trimmed();
    static const QRegularExpression quoted(QStringLiteral("^'((?:[^']|'')*)'$"));
    static const QRegularExpression number(QStringLiteral("^[-+]?[0-9]+(\\.[0-9]+)?([eE][-+]?[0-9]+)?$"));
    if (const QRegularExpressionMatch match = quoted.match(text); match.hasMatch()) {
        result.isConstant = true;
        result.constantText = match.captured(1).replace(QStringLiteral("''"), QStringLiteral("'"));
    } else if (number.match(text).hasMatch() || text.compare(QLatin1String("true"), Qt::CaseInsensitive) == 0
               || text.compare(QLatin1String("false"), Qt::CaseInsensitive) == 0) {
        result.isConstant = true;
        result.constantText = text;
    }
    return result;
}

namespace {

// SQLite: from the declaration read once per open (SchemaCache). A lone INTEGER PRIMARY KEY is
// the rowid, which SQLite fills in when no value is given.
Result<QHash<QString, ColumnDefault>> sqliteDefaults(const QSqlDatabase &db, const QString &table)
{
    const auto columns = SchemaCache::declaredColumns(db, table);
    if (!columns)
        return columns.error();
    int keyColumns = 0;
    for (const DeclaredColumn &column : columns.value())
        keyColumns += column.primaryKeyPosition > 0 ? 1 : 0;
    QHash<QString, ColumnDefault> defaults;
    for (const DeclaredColumn &column : columns.value()) {
        const bool rowid = column.primaryKeyPosition == 1 && keyColumns == 1
            && column.declaredType.toUpper() == QLatin1String("INTEGER");
        if (column.defaultExpression.isNull() && !rowid)
            continue;
        ColumnDefault declared = parseColumnDefault(column.defaultExpression.toString());
        declared.isAutomatic = rowid;
        defaults.insert(column.name, declared);
    }
    return defaults;
}

} // namespace

Result<QHash<QString, ColumnDefault>> columnDefaults(const QSqlDatabase &db, const QString &table)
{
    if (auto checked = checkIdentifier(table, QStringLiteral("table")); !checked)
        return checked.error();
    if (db.driverName().startsWith(QLatin1String("QSQLITE")))
        return sqliteDefaults(db, table);
    BoundQuery query(db);
    // The third column is_identity: a column the database numbers itself.
    query.prepare(QStringLiteral("SELECT column_name, column_default, is_identity FROM information_schema.columns "
                                 "WHERE table_schema = current_schema() AND table_name = ?"));
    query.addBindValue(table);
    if (!query.exec())
        return makeError(ErrorCode::Sql, query.lastError().text(), query.lastError());
    QHash<QString, ColumnDefault> defaults;
    while (query.next()) {
        const bool identity = query.value(2).toString() == QLatin1String("YES");
        if (query.isNull(1) && !identity)
            continue;
        ColumnDefault declared = parseColumnDefault(query.value(1).toString());
        declared.isAutomatic = identity || declared.expression.startsWith(QLatin1String("nextval("), Qt::CaseInsensitive);
        defaults.insert(query.value(0).toString(), declared);
    }
    return defaults;
}

} // namespace Concord
