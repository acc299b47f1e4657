// SPDX-License-Identifier: MIT
// SPDX-FileCopyrightText: 2026 Concord developers
//
// VersionedTableModel's live updates in place: rows others changed are read again by key and
// replaced in the pages the grid holds, instead of a select() of the whole table (issue #13).
#include "versionedtablemodel.h"

#include <core/db/pagedresult.h>
#include <core/db/tableschema.h>
#include <core/model/gridquery.h>
#include <core/model/gridreader.h>
#include <core/model/rowbook.h>
#include <core/values/valuecomparison.h>

#include <QDateTime>
#include <QHash>

#include <algorithm>

namespace Concord {

namespace {

// One text per value of a key column, the same for the driver's typed value and for the text a
// notification carries: both are first read in the column's kind. Date-times compare as instants.
QString keyPartText(const QVariant &value, ValueKind kind)
{
    const QVariant typed = typedValue(value, kind);
    if (!typed.isValid() || typed.isNull())
        return {};
    if (typed.typeId() == QMetaType::QDateTime)
        return typed.toDateTime().toUTC().toString(Qt::ISODateWithMs);
    return typed.toString();
}

// A run of consecutive rows, by its first and last row.
struct HeldRun
{
    int first;
    int last;
};

QList<HeldRun> runsOf(const QList<int> &rows)
{
    QList<HeldRun> runs;
    for (int row : rows) {
        if (!runs.isEmpty() && runs.last().last + 1 == row)
            runs.last().last = row;
        else
            runs << HeldRun{row, row};
    }
    return runs;
}

} // namespace

// The query owns its result and hands out only a const pointer; the result is the model's own
// (selectThroughReader() made it), and a live update changes it in place.
PagedResult *VersionedTableModel::heldResult()
{
    return const_cast<PagedResult *>(pagedResult());
}

bool VersionedTableModel::canRefreshInPlace() const
{
    return pagedResult() && !schema().primaryKey.isEmpty() && m_reader->isOpen();
}

// The key of a held row (its values in grid order) as one text; empty when a part is unreadable,
// which matches nothing.
QString VersionedTableModel::heldKeyText(const QVariantList &values) const
{
    QStringList parts;
    for (const QString &column : schema().primaryKey) {
        const int at = fieldIndex(column);
        const QString part = keyPartText(values.value(at), columnKind(at));
        if (part.isEmpty())
            return {};
        parts << part;
    }
    return parts.join(QChar(0x1f));
}

bool VersionedTableModel::refreshRowsInPlace(const QList<QStringList> &keys)
{
    PagedResult *paged = heldResult();
    if (!canRefreshInPlace() || keys.isEmpty())
        return false;
    QHash<QString, int> heldRows;
    for (int row : paged->heldRows())
        heldRows.insert(heldKeyText(*paged->heldRow(row)), row);
    QList<int> rows;
    const QStringList &primaryKey = schema().primaryKey;
    for (const QStringList &key : keys) {
        if (key.size() != primaryKey.size())
            return false;
        QStringList parts;
        for (int i = 0; i < key.size(); ++i)
            parts << keyPartText(key.at(i), columnKind(fieldIndex(primaryKey.at(i))));
        const int row = parts.contains(QString()) ? -1 : heldRows.value(parts.join(QChar(0x1f)), -1);
        if (row < 0)
            return false; // maybe an insert: only a count and new pages can place it
        if (!rows.contains(row))
            rows << row;
    }
    return rereadInPlace(*paged, rows, true);
}

bool VersionedTableModel::refreshHeldRowsInPlace()
{
    PagedResult *paged = heldResult();
    if (!canRefreshInPlace() || schema().versionColumn.isEmpty())
        return false;
    paged->keepRecentPages(liveCheckRows / paged->pageRows());
    const QList<int> held = paged->heldRows();
    if (held.isEmpty() || held.size() > liveCheckRows)
        return false;
    const std::optional<QHash<QString, QVariant>> versions = readHeldVersions(*paged, held);
    if (!versions)
        return false;
    QList<int> changed;
    const int versionAt = fieldIndex(schema().versionColumn);
    for (int row : held) {
        const QVariantList *values = paged->heldRow(row);
        const auto found = versions->constFind(heldKeyText(*values));
        if (found == versions->cend())
            return false;
        if (!sameValue(*found, values->value(versionAt), columnKind(versionAt)))
            changed << row;
    }
    return changed.isEmpty() || rereadInPlace(*paged, changed, false);
}

// The versions of the \a held rows by key text, in one statement; nullopt when a row came or went
// where the grid holds rows or before them, or the read failed.
std::optional<QHash<QString, QVariant>> VersionedTableModel::readHeldVersions(const PagedResult &paged,
                                                                             const QList<int> &held) const
{
    const QStringList &primaryKey = schema().primaryKey;
    const QStringList orderColumns = m_gridQuery->orderColumns(primaryKey, record());
    const auto valuesOf = [&](int row, const QStringList &columns) {
        QVariantList values;
        for (const QString &column : columns)
            values << paged.heldRow(row)->value(fieldIndex(column));
        return values;
    };
    QList<QVariantList> keys;
    for (int row : held)
        keys << valuesOf(row, primaryKey);
    const QList<HeldRun> runs = runsOf(held);
    QList<QVariantList> bounds;
    QList<int> expected{paged.rowTotal()};
    for (const HeldRun &run : runs) {
        bounds << valuesOf(run.first, orderColumns) << valuesOf(run.last, orderColumns);
        expected << run.first << run.last;
    }
    auto statement = m_gridQuery->versionCheckStatement(database(), tableName(), record(), primaryKey, filter(),
                                                        schema().versionColumn, keys, bounds);
    if (!statement)
        return std::nullopt;
    auto read = m_reader->readRows(statement.value().forward, statement.value().values);
    // Every held row must still be there, and as many rows as before in all and before the first
    // and the last row of each run: then no row came or went among or before them.
    if (!read || read.value().rows.size() != held.size())
        return std::nullopt;
    const int keyColumns = int(primaryKey.size());
    const QVariantList &first = read.value().rows.constFirst();
    for (int i = 0; i < expected.size(); ++i) {
        if (first.value(keyColumns + 1 + i).toLongLong() != expected.at(i))
            return std::nullopt;
    }
    QHash<QString, QVariant> versions;
    for (const QVariantList &row : read.value().rows) {
        QVariantList values(record().count());
        for (int k = 0; k < keyColumns; ++k)
            values[fieldIndex(primaryKey.at(k))] = row.at(k);
        versions.insert(heldKeyText(values), row.at(keyColumns));
    }
    return versions;
}

// All or nothing: every row is checked before any is replaced, so that a false return leaves
// the model as it was for the select() that follows.
bool VersionedTableModel::rereadInPlace(PagedResult &paged, const QList<int> &rows, bool checkCount)
{
    for (int row : rows) {
        // Their edits stay; the save's version check (or the re-read after it) shows the change.
        if (isRowDirty(row) || hasConflict(row))
            return false;
    }
    QList<QVariantList> keys;
    QHash<QString, int> rowOfKey;
    for (int row : rows) {
        QVariantList key;
        for (const QString &column : schema().primaryKey)
            key << paged.heldRow(row)->value(fieldIndex(column));
        keys << key;
        rowOfKey.insert(heldKeyText(*paged.heldRow(row)), row);
    }
    auto statement = m_gridQuery->rowsByKeyStatement(database(), tableName(), record(), schema().primaryKey, filter(),
                                                     keys, checkCount);
    if (!statement)
        return false;
    auto read = m_reader->readRows(statement.value().forward, statement.value().values);
    if (!read || read.value().rows.size() != rows.size())
        return false; // a row was deleted or left the filters
    const int columns = record().count();
    QHash<int, QVariantList> fresh;
    for (QVariantList values : read.value().rows) {
        if (checkCount && values.value(columns).toLongLong() != paged.rowTotal())
            return false;
        values.resize(columns);
        const int row = rowOfKey.value(heldKeyText(values), -1);
        if (row < 0 || isMovedInOrder(*paged.heldRow(row), values))
            return false;
        fresh.insert(row, values);
    }
    if (fresh.size() != rows.size())
        return false;
    emit aboutToRefreshRows();
    for (auto it = fresh.cbegin(); it != fresh.cend(); ++it)
        adoptRereadRow(paged, it.key(), it.value());
    emit rowsRefreshed();
    return true;
}

// A row whose sort value changed belongs elsewhere in the grid: only a re-read places it.
bool VersionedTableModel::isMovedInOrder(const QVariantList &held, const QVariantList &fresh) const
{
    for (const QString &column : m_gridQuery->orderColumns(schema().primaryKey, record())) {
        const int at = fieldIndex(column);
        if (!sameValue(held.value(at), fresh.value(at), columnKind(at)))
            return true;
    }
    return false;
}

void VersionedTableModel::adoptRereadRow(PagedResult &paged, int row, const QVariantList &values)
{
    paged.replaceHeldRow(row, values);
    if (isShadowedByStockCache(row))
        selectRow(row);
    // A base stored after a save would now be older than the row shown: the next edit would
    // conflict with a change the user has seen.
    const QString key = RowBook::keyString(primaryValues(row));
    if (m_rows->base(key))
        rememberBase(row);
    emit dataChanged(index(row, 0), index(row, columnCount() - 1));
    emit headerDataChanged(Qt::Vertical, row, row);
}

// Rows this model saved or re-read by selectRow() keep their values in QSqlTableModel's private
// cache, which data() prefers to the query: the cache then still shows the old values.
bool VersionedTableModel::isShadowedByStockCache(int row) const
{
    for (int column = 0; column < columnCount(); ++column) {
        const QModelIndex cell = index(row, column);
        if (!sameValue(QSqlTableModel::data(cell, Qt::EditRole), QSqlQueryModel::data(cell, Qt::EditRole),
                       columnKind(column)))
            return true;
    }
    return false;
}

} // namespace Concord
