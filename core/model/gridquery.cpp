// SPDX-License-Identifier: MIT
// SPDX-FileCopyrightText: 2026 Concord developers
#include "gridquery.h"

#include <core/db/databaseaddress.h>
#include <core/db/tableschema.h>
#include <core/db/textsearch.h>

using namespace Qt::StringLiterals;

namespace Concord {

namespace {

struct OpSyntax
{
    QLatin1StringView prefix;
    ColumnFilter::Op op;
};

// Longest prefixes first, so that "<=" is not read as "<" followed by "=".
constexpr OpSyntax opSyntax[] = {
    {"!="_L1, ColumnFilter::Op::NotEquals}, {"<>"_L1, ColumnFilter::Op::NotEquals},
    {"<="_L1, ColumnFilter::Op::LessOrEqual}, {">="_L1, ColumnFilter::Op::GreaterOrEqual},
    {"="_L1, ColumnFilter::Op::Equals}, {"<"_L1, ColumnFilter::Op::Less}, {">"_L1, ColumnFilter::Op::Greater},
};

QString comparison(ColumnFilter::Op op)
{
    switch (op) {
    case ColumnFilter::Op::Equals: return u"="_s;
    case ColumnFilter::Op::NotEquals: return u"<>"_s;
    case ColumnFilter::Op::Less: return u"<"_s;
    case ColumnFilter::Op::LessOrEqual: return u"<="_s;
    case ColumnFilter::Op::Greater: return u">"_s;
    case ColumnFilter::Op::GreaterOrEqual: return u">="_s;
    default: return {};
    }
}

QString joinAnd(const QStringList &terms)
{
    return terms.join(" AND "_L1);
}

// `k IN (?, …)` for one key column, `(a = ? AND b = ?) OR …` for more; values bound.
QString keyPredicate(const QSqlDatabase &db, const QStringList &primaryKey, int keyCount)
{
    if (primaryKey.size() == 1)
        return quotedField(db, primaryKey.constFirst()) + " IN ("_L1 + QStringList(keyCount, u"?"_s).join(", "_L1) + u')';
    QStringList one;
    for (const QString &column : primaryKey)
        one << quotedField(db, column) + " = ?"_L1;
    return QStringList(keyCount, u'(' + joinAnd(one) + u')').join(" OR "_L1);
}

} // namespace

std::optional<ColumnFilter> ColumnFilter::parse(const QString &column, const QString &text)
{
    const QString trimmed = text.trimmed();
    if (trimmed.isEmpty())
        return std::nullopt;
    const QString upper = trimmed.toUpper();
    if (upper == "NULL"_L1 || upper == "=NULL"_L1)
        return ColumnFilter{column, Op::IsNull, {}};
    if (upper == "!NULL"_L1 || upper == "!=NULL"_L1 || upper == "<>NULL"_L1)
        return ColumnFilter{column, Op::IsNotNull, {}};
    for (const OpSyntax &syntax : opSyntax) {
        if (trimmed.startsWith(syntax.prefix))
            return ColumnFilter{column, syntax.op, trimmed.mid(syntax.prefix.size()).trimmed()};
    }
    return ColumnFilter{column, Op::Contains, text};
}

void GridQuery::clear()
{
    *this = GridQuery();
}

void GridQuery::setSort(const QString &column, Qt::SortOrder order)
{
    m_sortColumn = column;
    m_sortOrder = order;
}

QStringList GridQuery::orderColumns(const QStringList &primaryKey, const QSqlRecord &fields) const
{
    // A table without a key (read-only: a view) is ordered by every column: rows that tie on
    // all of them are identical, so no order among them can be seen.
    QStringList columns = primaryKey;
    for (int i = 0; primaryKey.isEmpty() && i < fields.count(); ++i)
        columns << fields.fieldName(i);
    if (!m_sortColumn.isEmpty() && !primaryKey.contains(m_sortColumn, Qt::CaseInsensitive))
        columns.prepend(m_sortColumn);
    return columns;
}

// Ties of the sort column are broken by the key, ascending. Reversing every term reverses the
// whole order exactly, NULLs included: both databases put them at the other end for DESC.
QString GridQuery::orderBy(const QSqlDatabase &db, const QStringList &primaryKey, const QSqlRecord &fields,
                           bool reversed) const
{
    QStringList terms;
    for (const QString &column : orderColumns(primaryKey, fields)) {
        const bool descending = isDescending(column) != reversed;
        terms << quotedField(db, column) + (descending ? " DESC"_L1 : " ASC"_L1);
    }
    return u" ORDER BY "_s + terms.join(", "_L1);
}

bool GridQuery::isDescending(const QString &column) const
{
    return m_sortOrder == Qt::DescendingOrder && column.compare(m_sortColumn, Qt::CaseInsensitive) == 0;
}

Result<GridQuery::Where> GridQuery::where(const QSqlDatabase &db, const QSqlRecord &fields, const QString &rawFilter) const
{
    Where where;
    QStringList terms;
    if (!rawFilter.trimmed().isEmpty())
        terms << u'(' + rawFilter + u')';
    for (const ColumnFilter &filter : m_filters) {
        if (!fields.contains(filter.column))
            return makeError(ErrorCode::InvalidArgument, u"The table has no column %1."_s.arg(filter.column));
        const QString column = quotedField(db, filter.column);
        if (filter.op == ColumnFilter::Op::IsNull || filter.op == ColumnFilter::Op::IsNotNull) {
            terms << column + (filter.op == ColumnFilter::Op::IsNull ? " IS NULL"_L1 : " IS NOT NULL"_L1);
        } else if (filter.op == ColumnFilter::Op::Contains) {
            terms << containsTest(db, column);
            where.values << containsPattern(filter.value.toString());
        } else {
            terms << u"%1 %2 ?"_s.arg(column, comparison(filter.op));
            where.values << filter.value;
        }
    }
    if (!m_findText.isEmpty()) {
        QStringList anyColumn;
        for (int i = 0; i < fields.count(); ++i) {
            anyColumn << containsTest(db, quotedField(db, fields.fieldName(i)));
            where.values << containsPattern(m_findText);
        }
        if (!anyColumn.isEmpty())
            terms << u'(' + anyColumn.join(" OR "_L1) + u')';
    }
    if (!terms.isEmpty())
        where.text = u" WHERE "_s + joinAnd(terms);
    return where;
}

Result<PagedStatements> GridQuery::statements(const QSqlDatabase &db, const QString &table, const QSqlRecord &fields,
                                              const QStringList &primaryKey, const QString &rawFilter) const
{
    Result<Where> filtered = where(db, fields, rawFilter);
    if (!filtered)
        return filtered.error();
    QStringList columns;
    for (int i = 0; i < fields.count(); ++i)
        columns << quotedField(db, fields.fieldName(i));
    const QString from = u" FROM "_s + quotedTable(db, table) + filtered.value().text;
    PagedStatements statements;
    statements.count = u"SELECT count(*)"_s + from;
    const QString select = u"SELECT "_s + columns.join(", "_L1) + from;
    statements.forward = select + orderBy(db, primaryKey, fields, false);
    statements.backward = select + orderBy(db, primaryKey, fields, true);
    statements.values = filtered.value().values;
    return statements;
}

// Rows before (v0, v1, …) in the order: the first differing term decides. For each term, which
// rows come before a value depends on where the database puts NULLs: SQLite first in ascending
// order, PostgreSQL last.
Result<PagedStatements> GridQuery::positionStatement(const QSqlDatabase &db, const QString &table,
                                                     const QSqlRecord &fields, const QStringList &primaryKey,
                                                     const QString &rawFilter, const QVariantList &orderValues) const
{
    const QStringList columns = orderColumns(primaryKey, fields);
    if (orderValues.size() != columns.size())
        return makeError(ErrorCode::InvalidArgument, u"A position needs one value per ordering column."_s);
    Result<Where> filtered = where(db, fields, rawFilter);
    if (!filtered)
        return filtered.error();
    const bool nullsFirstAscending = isSQLite(db);
    QStringList alternatives;
    QVariantList values;
    QStringList equalSoFar;
    QVariantList equalValues;
    for (int i = 0; i < columns.size(); ++i) {
        const QString column = quotedField(db, columns.at(i));
        const QVariant &value = orderValues.at(i);
        const bool descending = isDescending(columns.at(i));
        const bool nullsComeFirst = nullsFirstAscending != descending;
        QString before;
        QVariantList beforeValues;
        if (value.isNull()) {
            before = nullsComeFirst ? QString() : column + " IS NOT NULL"_L1;
        } else {
            before = u"%1 %2 ?"_s.arg(column, descending ? u">"_s : u"<"_s);
            if (nullsComeFirst)
                before = u"(%1 IS NULL OR %2)"_s.arg(column, before);
            beforeValues << value;
        }
        if (!before.isEmpty()) {
            alternatives << u'(' + joinAnd(QStringList(equalSoFar) << before) + u')';
            values << equalValues << beforeValues;
        }
        if (value.isNull()) {
            equalSoFar << column + " IS NULL"_L1;
        } else {
            equalSoFar << column + " = ?"_L1;
            equalValues << value;
        }
    }
    PagedStatements statement;
    const QString before = alternatives.isEmpty() ? u"1 = 0"_s : alternatives.join(" OR "_L1);
    const QString filter = filtered.value().text;
    statement.count = u"SELECT count(*) FROM "_s + quotedTable(db, table)
                      + (filter.isEmpty() ? u" WHERE "_s : filter + " AND "_L1) + u'(' + before + u')';
    statement.values = filtered.value().values + values;
    return statement;
}

Result<PagedStatements> GridQuery::orderValuesStatement(const QSqlDatabase &db, const QString &table,
                                                       const QSqlRecord &fields, const QStringList &primaryKey,
                                                       const QString &rawFilter, const QSqlRecord &key) const
{
    Result<Where> filtered = where(db, fields, rawFilter);
    if (!filtered)
        return filtered.error();
    QStringList keyTerms;
    QVariantList keyValues;
    for (const QString &column : primaryKey) {
        if (!key.contains(column) || key.value(column).isNull())
            return makeError(ErrorCode::InvalidArgument, u"The key has no value for %1."_s.arg(column));
        keyTerms << quotedField(db, column) + " = ?"_L1;
        keyValues << key.value(column);
    }
    QStringList columns;
    for (const QString &column : orderColumns(primaryKey, fields))
        columns << quotedField(db, column);
    const QString filter = filtered.value().text;
    PagedStatements statement;
    statement.forward = u"SELECT "_s + columns.join(", "_L1) + u" FROM "_s + quotedTable(db, table)
                        + (filter.isEmpty() ? u" WHERE "_s : filter + " AND "_L1) + joinAnd(keyTerms);
    statement.values = filtered.value().values + keyValues;
    return statement;
}

// `SELECT <terms> FROM t WHERE <filters> AND (<keys>)`: the values of the terms come first,
// as their placeholders do in the text.
Result<PagedStatements> GridQuery::keyedSelect(const QSqlDatabase &db, const QString &table, const QSqlRecord &fields,
                                              const QString &rawFilter, const QStringList &terms,
                                              const QVariantList &termValues, const QStringList &primaryKey,
                                              const QList<QVariantList> &keys) const
{
    if (primaryKey.isEmpty() || keys.isEmpty())
        return makeError(ErrorCode::InvalidArgument, u"Rows are read by key only from a table with a key."_s);
    Result<Where> filtered = where(db, fields, rawFilter);
    if (!filtered)
        return filtered.error();
    const QString filter = filtered.value().text;
    PagedStatements statement;
    statement.forward = u"SELECT "_s + terms.join(", "_L1) + u" FROM "_s + quotedTable(db, table)
                        + (filter.isEmpty() ? u" WHERE "_s : filter + " AND "_L1) + u'('
                        + keyPredicate(db, primaryKey, int(keys.size())) + u')';
    statement.values = termValues + filtered.value().values;
    for (const QVariantList &key : keys) {
        if (key.size() != primaryKey.size())
            return makeError(ErrorCode::InvalidArgument, u"A key needs one value per key column."_s);
        statement.values += key;
    }
    return statement;
}

Result<PagedStatements> GridQuery::rowsByKeyStatement(const QSqlDatabase &db, const QString &table,
                                                      const QSqlRecord &fields, const QStringList &primaryKey,
                                                      const QString &rawFilter, const QList<QVariantList> &keys,
                                                      bool withCount) const
{
    QStringList terms;
    for (int i = 0; i < fields.count(); ++i)
        terms << quotedField(db, fields.fieldName(i));
    QVariantList termValues;
    if (withCount) {
        auto counted = statements(db, table, fields, primaryKey, rawFilter);
        if (!counted)
            return counted.error();
        terms << u'(' + counted.value().count + u')';
        termValues = counted.value().values;
    }
    return keyedSelect(db, table, fields, rawFilter, terms, termValues, primaryKey, keys);
}

Result<PagedStatements> GridQuery::versionCheckStatement(const QSqlDatabase &db, const QString &table,
                                                         const QSqlRecord &fields, const QStringList &primaryKey,
                                                         const QString &rawFilter, const QString &versionColumn,
                                                         const QList<QVariantList> &keys,
                                                         const QList<QVariantList> &bounds) const
{
    QStringList terms;
    for (const QString &column : primaryKey)
        terms << quotedField(db, column);
    terms << quotedField(db, versionColumn);
    auto counted = statements(db, table, fields, primaryKey, rawFilter);
    if (!counted)
        return counted.error();
    terms << u'(' + counted.value().count + u')';
    QVariantList termValues = counted.value().values;
    for (const QVariantList &bound : bounds) {
        auto before = positionStatement(db, table, fields, primaryKey, rawFilter, bound);
        if (!before)
            return before.error();
        terms << u'(' + before.value().count + u')';
        termValues += before.value().values;
    }
    return keyedSelect(db, table, fields, rawFilter, terms, termValues, primaryKey, keys);
}

} // namespace Concord
