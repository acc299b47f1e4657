// SPDX-License-Identifier: MIT
// SPDX-FileCopyrightText: 2026 Concord developers
#include "columndefaults.h"

#include <core/db/catalog.h>

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

Result<QHash<QString, ColumnDefault>> columnDefaults(const QSqlDatabase &db, const QString &table)
{
    if (auto checked = checkIdentifier(table, QStringLiteral("table")); !checked)
        return checked.error();
    QSqlQuery query(db);
    const bool sqlite = db.driverName().startsWith(QLatin1String("QSQLITE"));
    // The third column: SQLite's pk position and declared type; PostgreSQL's is_identity.
    query.prepare(sqlite ? QStringLiteral("SELECT name, dflt_value, pk, upper(type), "
                                          "(SELECT count(*) FROM pragma_table_info(?) WHERE pk > 0) "
                                          "FROM pragma_table_info(?)")
                         : QStringLiteral("SELECT column_name, column_default, is_identity FROM information_schema.columns "
                                          "WHERE table_schema = current_schema() AND table_name = ?"));
    query.addBindValue(table);
    if (sqlite)
        query.addBindValue(table);
    if (!query.exec())
        return makeError(ErrorCode::Sql, query.lastError().text(), query.lastError());
    QHash<QString, ColumnDefault> defaults;
    while (query.next()) {
        const bool rowid = sqlite && query.value(2).toInt() == 1 && query.value(4).toInt() == 1
            && query.value(3).toString() == QLatin1String("INTEGER");
        const bool identity = !sqlite && query.value(2).toString() == QLatin1String("YES");
        if (query.isNull(1) && !rowid && !identity)
            continue;
        ColumnDefault declared = parseColumnDefault(query.value(1).toString());
        declared.isAutomatic = rowid || identity
            || declared.expression.startsWith(QLatin1String("nextval("), Qt::CaseInsensitive);
        defaults.insert(query.value(0).toString(), declared);
    }
    return defaults;
}

} // namespace Concord
