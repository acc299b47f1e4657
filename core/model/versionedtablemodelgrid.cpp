// SPDX-License-Identifier: MIT
// SPDX-FileCopyrightText: 2026 Concord developers
//
// VersionedTableModel's grid: sorting, filters, the quick find and finding rows by key, all run
// by the database on the reader connection (GridQuery, PagedResult).
#include "versionedtablemodel.h"

#include <core/db/pagedresult.h>
#include <core/db/tableschema.h>
#include <core/model/gridquery.h>
#include <core/model/gridreader.h>
#include <core/model/rowsubmitter.h>
#include <core/values/valuecomparison.h>
#include <core/versioning/auditconfig.h>

#include <QSqlField>

#include <algorithm>

namespace Concord {

const AuditColumns &VersionedTableModel::auditColumns() const
{
    static const AuditColumns none;
    return m_submitter->hasTable() && !isReadOnly() ? m_submitter->writer().auditColumns() : none;
}

// Who changed the record of \a row last and when, as a sentence; empty for a row without audit
// values (an unsaved insert, a row not read).
QString VersionedTableModel::changeText(int row) const
{
    if (auditColumns().isEmpty() || row < 0 || row >= rowCount() || isPendingInsert(row) || isUnreadable(row)
        || isShownEmpty(row))
        return {};
    QString text = describeChange(record(row), auditColumns(), QDateTime::currentDateTime());
    if (!text.isEmpty())
        text[0] = text.at(0).toUpper();
    return text;
}

QVariant VersionedTableModel::headerData(int section, Qt::Orientation orientation, int role) const
{
    if (orientation == Qt::Vertical && role == Qt::ToolTipRole) {
        if (const QString text = changeText(section); !text.isEmpty())
            return text;
    }
    return QSqlTableModel::headerData(section, orientation, role);
}

bool VersionedTableModel::hasPendingWork() const
{
    return !pendingRows().isEmpty() || !conflicts().isEmpty();
}

// A sort, a filter or a find re-reads the table, which would drop every pending edit.
bool VersionedTableModel::refuseWhilePending(const QString &what)
{
    if (!hasPendingWork())
        return false;
    setLastError(concordSqlError(tr("Save or revert your edits before %1.").arg(what), QSqlError::StatementError,
                                 NativeError::PendingEdits));
    return true;
}

void VersionedTableModel::setSort(int column, Qt::SortOrder order)
{
    QSqlTableModel::setSort(column, order);
    const QString name = record().fieldName(column);
    if (name.isEmpty())
        m_gridQuery->setSort({}, Qt::AscendingOrder);
    else
        m_gridQuery->setSort(name, order);
}

void VersionedTableModel::sort(int column, Qt::SortOrder order)
{
    if (refuseWhilePending(tr("sorting")))
        return;
    setSort(column, order);
    select();
}

bool VersionedTableModel::setColumnFilters(const QList<ColumnFilter> &filters)
{
    if (filters == m_gridQuery->filters())
        return true;
    if (refuseWhilePending(tr("filtering")))
        return false;
    for (const ColumnFilter &filter : filters) {
        if (fieldIndex(filter.column) < 0) {
            setLastError(concordSqlError(tr("The table has no column %1.").arg(filter.column),
                                         QSqlError::StatementError, NativeError::NoTable));
            return false;
        }
    }
    m_gridQuery->setFilters(filters);
    return select();
}

QList<ColumnFilter> VersionedTableModel::columnFilters() const
{
    return m_gridQuery->filters();
}

bool VersionedTableModel::setFindText(const QString &text)
{
    if (text == m_gridQuery->findText())
        return true;
    if (refuseWhilePending(tr("searching")))
        return false;
    m_gridQuery->setFindText(text);
    return select();
}

QString VersionedTableModel::findText() const
{
    return m_gridQuery->findText();
}

// The record's ordering values first, then a count of the rows before them: two statements
// whatever the table's size.
Result<int> VersionedTableModel::rowOfKey(const QSqlRecord &key) const
{
    if (tableName().isEmpty() || !m_reader->isOpen())
        return makeError(ErrorCode::InvalidArgument, tr("No table is open."));
    const QStringList &primaryKey = schema().primaryKey;
    auto lookup = m_gridQuery->orderValuesStatement(database(), tableName(), record(), primaryKey, filter(), key);
    if (!lookup)
        return lookup.error();
    Result<ReadRows> found = m_reader->readRows(lookup.value().forward, lookup.value().values);
    if (!found)
        return found.error();
    if (found.value().rows.isEmpty()) {
        return makeError(ErrorCode::NotFound, m_gridQuery->isFiltered()
                                                  ? tr("No record with this key passes the current filter.")
                                                  : tr("No record has this key."));
    }
    auto position = m_gridQuery->positionStatement(database(), tableName(), record(), primaryKey, filter(),
                                                   found.value().rows.constFirst());
    if (!position)
        return position.error();
    Result<ReadRows> counted = m_reader->readRows(position.value().count, position.value().values);
    if (!counted)
        return counted.error();
    const int row = counted.value().rows.isEmpty() ? -1 : counted.value().rows.constFirst().value(0).toInt();
    // The count and the grid's pages may disagree when others committed since the grid was read.
    const int shown = findRowNear(key, row);
    if (shown < 0)
        return makeError(ErrorCode::NotFound, tr("The record moved since the table was read; reload to find it."));
    return shown;
}

int VersionedTableModel::findRowNear(const QSqlRecord &key, int nearRow) const
{
    const int rows = rowCount();
    if (rows == 0 || key.isEmpty())
        return -1;
    const int start = std::clamp(nearRow, 0, rows - 1);
    const auto matches = [&](int row) {
        const QSqlRecord candidate = rowKey(row);
        for (int i = 0; i < key.count(); ++i) {
            if (!sameValue(candidate.value(key.fieldName(i)), key.value(i)))
                return false;
        }
        return true;
    };
    for (int distance = 0; distance <= m_pageRows; ++distance) {
        if (start + distance < rows && matches(start + distance))
            return start + distance;
        if (distance > 0 && start - distance >= 0 && matches(start - distance))
            return start - distance;
        if (start + distance >= rows && start - distance < 0)
            break;
    }
    return -1;
}

void VersionedTableModel::setPaging(int pageRows, int maxPages)
{
    m_pageRows = std::max(pageRows, 1);
    m_maxPages = std::max(maxPages, 2);
}

const PagedResult *VersionedTableModel::pagedResult() const
{
    return dynamic_cast<const PagedResult *>(query().result());
}

bool VersionedTableModel::isUnreadable(int row) const
{
    // Rows of the query only: pending inserts live in the model, not in a page.
    const PagedResult *paged = pagedResult();
    return paged && row >= 0 && row < QSqlQueryModel::rowCount() && paged->isUnreadable(row) && !isRowDirty(row);
}

int VersionedTableModel::pagesRead() const
{
    const PagedResult *paged = pagedResult();
    return paged ? paged->pagesRead() : 0;
}

int VersionedTableModel::pagesHeld() const
{
    const PagedResult *paged = pagedResult();
    return paged ? paged->pagesHeld() : 0;
}

} // namespace Concord
