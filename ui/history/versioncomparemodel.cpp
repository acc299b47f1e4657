// SPDX-License-Identifier: MIT
// SPDX-FileCopyrightText: 2026 Concord developers
#include "versioncomparemodel.h"

#include <ui/merge/mergefieldmodel.h>

#include <core/values/columntype.h>
#include <core/values/valuecomparison.h>

#include <QColor>
#include <QFont>
#include <QSqlField>

namespace Concord {

namespace {

// The merge dialog's tint for "theirs changed it": the same meaning, a change between versions.
const QColor changedTint(0xd8, 0xf3, 0xdc);

} // namespace

VersionCompareModel::VersionCompareModel(QObject *parent)
    : QAbstractTableModel(parent)
{
}

void VersionCompareModel::setVersions(const QSqlRecord &older, const QString &olderTitle, const QSqlRecord &newer,
                                      const QString &newerTitle)
{
    beginResetModel();
    m_older = older;
    m_newer = newer;
    m_olderTitle = olderTitle;
    m_newerTitle = newerTitle;
    endResetModel();
}

void VersionCompareModel::clear()
{
    setVersions({}, {}, {}, {});
}

void VersionCompareModel::setIgnoredFields(const QStringList &fields)
{
    beginResetModel();
    m_ignored = fields;
    endResetModel();
}

QString VersionCompareModel::fieldName(int row) const
{
    const QSqlRecord &shape = m_newer.isEmpty() ? m_older : m_newer;
    return shape.fieldName(row);
}

QVariant VersionCompareModel::valueOf(const QSqlRecord &record, int row) const
{
    const int index = record.indexOf(fieldName(row));
    return index < 0 ? QVariant() : record.value(index);
}

bool VersionCompareModel::isChanged(int row) const
{
    if (m_ignored.contains(fieldName(row), Qt::CaseInsensitive))
        return false;
    if (m_older.isEmpty() || m_newer.isEmpty())
        return true; // an insert or a delete: every field came or went
    return !sameValue(valueOf(m_older, row), valueOf(m_newer, row));
}

QStringList VersionCompareModel::changedFields() const
{
    QStringList fields;
    for (int row = 0; row < rowCount(); ++row) {
        if (isChanged(row))
            fields << fieldName(row);
    }
    return fields;
}

int VersionCompareModel::rowCount(const QModelIndex &parent) const
{
    if (parent.isValid())
        return 0;
    return (m_newer.isEmpty() ? m_older : m_newer).count();
}

int VersionCompareModel::columnCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : ColumnCount;
}

QString VersionCompareModel::cellText(int row, int column) const
{
    const auto text = [this, row](const QSqlRecord &record) {
        if (record.isEmpty())
            return tr("—");
        const QVariant value = valueOf(record, row);
        return MergeFieldModel::displayText(value, valueKindOf(value));
    };
    switch (column) {
    case FieldColumn: return fieldName(row);
    case OlderColumn: return text(m_older);
    case NewerColumn: return text(m_newer);
    // "changed" only between two versions: against nothing (the earliest kept, an insert) every
    // field would say so.
    case StatusColumn: return isChanged(row) && !m_older.isEmpty() && !m_newer.isEmpty() ? tr("changed") : QString();
    default: return {};
    }
}

QVariant VersionCompareModel::data(const QModelIndex &index, int role) const
{
    if (!index.isValid() || index.row() >= rowCount())
        return {};
    const int row = index.row();
    // Colour marks a difference between two versions; against nothing (an insert, a deleted
    // record's last values) every field would be marked, which says nothing.
    const bool marked = isChanged(row) && !m_older.isEmpty() && !m_newer.isEmpty();
    switch (role) {
    case Qt::DisplayRole:
        return cellText(row, index.column());
    case Qt::ToolTipRole:
        return index.column() == FieldColumn ? QVariant() : QVariant(cellText(row, index.column()));
    case Qt::AccessibleTextRole:
        return isChanged(row) ? tr("%1: %2, changed to %3").arg(fieldName(row), cellText(row, OlderColumn),
                                                                   cellText(row, NewerColumn))
                              : tr("%1: %2, unchanged").arg(fieldName(row), cellText(row, NewerColumn));
    case Qt::BackgroundRole:
        return marked && index.column() != FieldColumn ? QVariant(changedTint) : QVariant();
    case Qt::ForegroundRole:
        return marked && index.column() != FieldColumn ? QVariant(QColor(Qt::black)) : QVariant();
    case Qt::FontRole: {
        if (!marked || index.column() != FieldColumn)
            return {};
        QFont bold;
        bold.setBold(true);
        return bold;
    }
    case ChangedRole:
        return isChanged(row);
    default:
        return {};
    }
}

QVariant VersionCompareModel::headerData(int section, Qt::Orientation orientation, int role) const
{
    if (orientation != Qt::Horizontal || role != Qt::DisplayRole)
        return QAbstractTableModel::headerData(section, orientation, role);
    switch (section) {
    case FieldColumn: return tr("Field");
    case OlderColumn: return m_olderTitle.isEmpty() ? tr("Before") : m_olderTitle;
    case NewerColumn: return m_newerTitle.isEmpty() ? tr("After") : m_newerTitle;
    case StatusColumn: return tr("Status");
    default: return {};
    }
}

} // namespace Concord
