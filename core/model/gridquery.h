// SPDX-License-Identifier: MIT
// SPDX-FileCopyrightText: 2026 Concord developers
#pragma once

#include <core/db/pagedresult.h>
#include <core/result.h>

#include <QList>
#include <QSqlDatabase>
#include <QSqlRecord>
#include <QString>
#include <QStringList>
#include <QVariant>

namespace Concord {

/// One condition on one column of the grid. Values are always bound, never part of the text.
struct ColumnFilter
{
    enum class Op { Contains, Equals, NotEquals, Less, LessOrEqual, Greater, GreaterOrEqual, IsNull, IsNotNull };
    QString column;
    Op op = Op::Contains;
    QVariant value; ///< unused by IsNull and IsNotNull; text for Contains

    /// Reads the filter syntax of the grid's filter row: "text" contains, "=v", "!=v" (or "<>v"),
    /// "<v", "<=v", ">v", ">=v", "NULL" / "=NULL" is NULL, "!NULL" / "!=NULL" is not NULL.
    /// The value stays text; the caller converts it to the column's type. An empty text is no
    /// filter (nullopt).
    static std::optional<ColumnFilter> parse(const QString &column, const QString &text);
    bool operator==(const ColumnFilter &other) const
    {
        return column == other.column && op == other.op && value == other.value;
    }
};

/// What the grid of a VersionedTableModel shows: the sort, the column filters and the quick
/// find, turned into the statements a PagedResult reads. Every order ends with the primary key,
/// so that the order is total and a page read twice holds the same rows. Names come from the
/// table's catalog record and are quoted by the driver; values are bound.
class GridQuery
{
public:
    /// The whole table, ordered by its primary key.
    void clear();
    void setSort(const QString &column, Qt::SortOrder order);
    QString sortColumn() const { return m_sortColumn; }
    Qt::SortOrder sortOrder() const { return m_sortOrder; }
    void setFilters(const QList<ColumnFilter> &filters) { m_filters = filters; }
    const QList<ColumnFilter> &filters() const { return m_filters; }
    /// Rows with \a text in any column (as text, case-insensitively); empty for every row.
    void setFindText(const QString &text) { m_findText = text; }
    QString findText() const { return m_findText; }
    /// True when filters or a find text leave rows out.
    bool isFiltered() const { return !m_filters.isEmpty() || !m_findText.isEmpty(); }

    /// The statements for \a table with \a fields (its columns, in grid order) and \a primaryKey.
    /// \a rawFilter is a QSqlTableModel::setFilter() text from the application's own code, added
    /// as it is. Fails on a filter naming a column the table does not have.
    Result<PagedStatements> statements(const QSqlDatabase &db, const QString &table, const QSqlRecord &fields,
                                       const QStringList &primaryKey, const QString &rawFilter) const;
    /// A count of the rows that come before the row whose ordering values are \a orderValues
    /// (the sort column, if any, then the key columns): the row's position in the grid.
    Result<PagedStatements> positionStatement(const QSqlDatabase &db, const QString &table, const QSqlRecord &fields,
                                              const QStringList &primaryKey, const QString &rawFilter,
                                              const QVariantList &orderValues) const;
    /// Reads the ordering values (orderColumns()) of the row with primary key \a key, if it
    /// passes the filters; in PagedStatements::forward.
    Result<PagedStatements> orderValuesStatement(const QSqlDatabase &db, const QString &table, const QSqlRecord &fields,
                                                 const QStringList &primaryKey, const QString &rawFilter,
                                                 const QSqlRecord &key) const;
    /// Reads the rows with the primary keys \a keys (each the key columns' values, in key order)
    /// that pass the filters, every one of \a fields, in PagedStatements::forward; with
    /// \a withCount, each row also ends with the count of rows that pass them (a live update's
    /// check that no row came or went).
    Result<PagedStatements> rowsByKeyStatement(const QSqlDatabase &db, const QString &table, const QSqlRecord &fields,
                                               const QStringList &primaryKey, const QString &rawFilter,
                                               const QList<QVariantList> &keys, bool withCount) const;
    /// Reads the key and the version of the rows with the primary keys \a keys that pass the
    /// filters, in PagedStatements::forward. Each row then holds the count of rows passing them,
    /// and for each of \a bounds (ordering values, see positionStatement()) the count of rows
    /// before it: what tells a live update that rows were inserted or deleted among or before
    /// the rows it holds.
    Result<PagedStatements> versionCheckStatement(const QSqlDatabase &db, const QString &table,
                                                  const QSqlRecord &fields, const QStringList &primaryKey,
                                                  const QString &rawFilter, const QString &versionColumn,
                                                  const QList<QVariantList> &keys,
                                                  const QList<QVariantList> &bounds) const;
    /// The columns of the order, sort column first, then the primary key (every one of \a fields
    /// for a table without a key).
    QStringList orderColumns(const QStringList &primaryKey, const QSqlRecord &fields) const;

private:
    struct Where
    {
        QString text;
        QVariantList values;
    };
    Result<Where> where(const QSqlDatabase &db, const QSqlRecord &fields, const QString &rawFilter) const;
    Result<PagedStatements> keyedSelect(const QSqlDatabase &db, const QString &table, const QSqlRecord &fields,
                                        const QString &rawFilter, const QStringList &terms,
                                        const QVariantList &termValues, const QStringList &primaryKey,
                                        const QList<QVariantList> &keys) const;
    QString orderBy(const QSqlDatabase &db, const QStringList &primaryKey, const QSqlRecord &fields,
                    bool reversed) const;
    bool isDescending(const QString &column) const;

    QString m_sortColumn;
    Qt::SortOrder m_sortOrder = Qt::AscendingOrder;
    QList<ColumnFilter> m_filters;
    QString m_findText;
};

} // namespace Concord
