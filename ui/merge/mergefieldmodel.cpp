// SPDX-License-Identifier: MIT
// SPDX-FileCopyrightText: 2026 Concord developers
#include "mergefieldmodel.h"

#include <QApplication>
#include <QColor>
#include <QDateTime>
#include <QFont>
#include <QStyle>

using namespace Qt::StringLiterals;

namespace Concord {

namespace {

// Light tints with black text: readable in light and dark themes alike. They only repeat what
// the status column says in words.
const QColor conflictTint(0xf8, 0xd7, 0xda);
const QColor resolvedTint(0xff, 0xf1, 0xc2);
const QColor mineTint(0xd6, 0xe8, 0xff);
const QColor theirsTint(0xd8, 0xf3, 0xdc);

bool isPlaceholder(const FieldMerge &field, int column)
{
    switch (column) {
    case MergeFieldModel::BaseColumn: return field.base.isNull();
    case MergeFieldModel::MineColumn: return field.mine.isNull();
    case MergeFieldModel::TheirsColumn: return field.theirs.isNull();
    case MergeFieldModel::ResultColumn: return !field.resolved() || field.result.isNull();
    default: return false;
    }
}

} // namespace

MergeFieldModel::MergeFieldModel(const MergeResult &merge, QObject *parent)
    : QAbstractTableModel(parent)
    , m_merge(merge)
{
}

int MergeFieldModel::rowCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : int(m_merge.fields.size());
}

int MergeFieldModel::columnCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : ColumnCount;
}

int MergeFieldModel::nextUnresolved(int row, int step) const
{
    const int count = rowCount();
    for (int i = 1; i <= count; ++i) {
        const int candidate = ((row + step * i) % count + count) % count;
        if (candidate >= 0 && !m_merge.fields.at(candidate).resolved())
            return candidate;
    }
    return -1;
}

bool MergeFieldModel::isChoosable(int row) const
{
    return row >= 0 && row < rowCount() && !m_merge.fields.at(row).databaseManaged;
}

bool MergeFieldModel::resolveField(int row, ResultSource side)
{
    if (!m_merge.resolveField(row, side))
        return false;
    rowChanged(row);
    return true;
}

bool MergeFieldModel::setEditedValue(int row, const QVariant &value)
{
    if (!m_merge.setEditedValue(row, value))
        return false;
    rowChanged(row);
    return true;
}

int MergeFieldModel::resolveAll(ResultSource side)
{
    const int changed = m_merge.resolveAll(side);
    if (changed > 0) {
        emit dataChanged(index(0, 0), index(rowCount() - 1, ColumnCount - 1));
        emit resolutionChanged();
    }
    return changed;
}

void MergeFieldModel::resetField(int row)
{
    m_merge.resetField(row);
    rowChanged(row);
}

void MergeFieldModel::rowChanged(int row)
{
    emit dataChanged(index(row, 0), index(row, ColumnCount - 1));
    emit resolutionChanged();
}

QString MergeFieldModel::displayText(const QVariant &value, ValueKind kind)
{
    if (!value.isValid() || value.isNull())
        return tr("NULL");
    const QVariant typed = typedValue(value, kind);
    switch (kind) {
    case ValueKind::Blob: {
        const QByteArray bytes = typed.toByteArray();
        QString text = tr("%n byte(s)", nullptr, int(bytes.size()));
        if (!bytes.isEmpty())
            text += u" · "_s + QString::fromLatin1(bytes.left(8).toHex(' ')) + (bytes.size() > 8 ? u" …"_s : QString());
        return text;
    }
    case ValueKind::DateTime:
        if (typed.isValid()) {
            const QDateTime dateTime = typed.toDateTime();
            return dateTime.toString(dateTime.timeSpec() == Qt::LocalTime ? u"yyyy-MM-dd HH:mm:ss"_s
                                                                           : u"yyyy-MM-dd HH:mm:ss t"_s);
        }
        break;
    case ValueKind::Date:
        if (typed.isValid())
            return typed.toDate().toString(Qt::ISODate);
        break;
    case ValueKind::Time:
        if (typed.isValid())
            return typed.toTime().toString(u"HH:mm:ss"_s);
        break;
    case ValueKind::Boolean:
        if (typed.isValid())
            return typed.toBool() ? tr("Yes") : tr("No");
        break;
    default:
        break;
    }
    const QString text = value.toString();
    if (text.isEmpty())
        return tr("(empty text)");
    return QString(text).replace(u'\n', u" ⏎ "_s);
}

QVariant MergeFieldModel::cellValue(int row, int column) const
{
    const FieldMerge &field = m_merge.fields.at(row);
    switch (column) {
    case FieldColumn: return field.name;
    case BaseColumn: return displayText(field.base, field.kind);
    case MineColumn: return displayText(field.mine, field.kind);
    case TheirsColumn: return m_merge.theirsDeleted ? tr("(deleted)") : displayText(field.theirs, field.kind);
    case ResultColumn: return field.resolved() ? displayText(field.result, field.kind) : tr("(unresolved)");
    case StatusColumn: return statusText(row);
    default: return {};
    }
}

QString MergeFieldModel::statusText(int row) const
{
    const FieldMerge &field = m_merge.fields.at(row);
    if (field.databaseManaged)
        return tr("Set by the database");
    if (field.isConflict()) {
        switch (field.source) {
        case ResultSource::None: return tr("Conflict: choose a value");
        case ResultSource::Base: return tr("Resolved: base");
        case ResultSource::Mine: return tr("Resolved: mine");
        case ResultSource::Theirs: return tr("Resolved: theirs");
        case ResultSource::Edited: return tr("Resolved: edited");
        }
    }
    QString text;
    switch (field.status) {
    case FieldStatus::Unchanged: text = tr("Unchanged"); break;
    case FieldStatus::ChangedByMine: text = tr("Changed by you"); break;
    case FieldStatus::ChangedByTheirs: text = tr("Changed by them"); break;
    case FieldStatus::ChangedBothSame: text = tr("Same change on both sides"); break;
    case FieldStatus::Conflict: break;
    }
    // A one-sided change the user overrode says so.
    if (m_merge.automaticSource(row) != field.source)
        text += u", "_s + (field.source == ResultSource::Edited ? tr("edited") : tr("overridden"));
    return text;
}

QVariant MergeFieldModel::background(const FieldMerge &field, int column) const
{
    if (field.isConflict())
        return field.resolved() ? resolvedTint : conflictTint;
    const bool mine = field.status == FieldStatus::ChangedByMine || field.status == FieldStatus::ChangedBothSame;
    const bool theirs = field.status == FieldStatus::ChangedByTheirs || field.status == FieldStatus::ChangedBothSame;
    if ((column == MineColumn && mine) || (column == TheirsColumn && theirs))
        return mine ? mineTint : theirsTint;
    if (column == ResultColumn && (mine || theirs))
        return field.source == ResultSource::Theirs ? theirsTint : mineTint;
    return {};
}

QVariant MergeFieldModel::data(const QModelIndex &index, int role) const
{
    if (!index.isValid() || index.row() >= rowCount())
        return {};
    const FieldMerge &field = m_merge.fields.at(index.row());
    const int column = index.column();
    switch (role) {
    case Qt::DisplayRole:
        return cellValue(index.row(), column);
    case Qt::ToolTipRole:
        return column == FieldColumn ? statusText(index.row()) : cellValue(index.row(), column);
    case Qt::AccessibleTextRole:
        return column == FieldColumn || column == StatusColumn
                   ? cellValue(index.row(), column)
                   : u"%1, %2: %3"_s.arg(field.name, headerData(column, Qt::Horizontal).toString(),
                                          cellValue(index.row(), column).toString());
    case Qt::BackgroundRole:
        return background(field, column);
    case Qt::ForegroundRole: {
        if (background(field, column).isValid())
            return QColor(Qt::black);
        return {};
    }
    case Qt::FontRole: {
        QFont font;
        if (column == StatusColumn && field.isConflict() && !field.resolved())
            font.setBold(true);
        else if (isPlaceholder(field, column) || (column == TheirsColumn && m_merge.theirsDeleted))
            font.setItalic(true);
        else
            return {};
        return font;
    }
    case Qt::DecorationRole:
        if (column != StatusColumn || !field.isConflict())
            return {};
        return QApplication::style()->standardIcon(field.resolved() ? QStyle::SP_DialogApplyButton
                                                                    : QStyle::SP_MessageBoxWarning);
    case StatusRole:
        return int(field.status);
    case UnresolvedRole:
        return !field.resolved();
    case ValueRole:
        switch (column) {
        case BaseColumn: return field.base;
        case MineColumn: return field.mine;
        case TheirsColumn: return field.theirs;
        case ResultColumn: return field.result;
        default: return field.name;
        }
    default:
        return {};
    }
}

QVariant MergeFieldModel::headerData(int section, Qt::Orientation orientation, int role) const
{
    if (orientation != Qt::Horizontal || role != Qt::DisplayRole)
        return QAbstractTableModel::headerData(section, orientation, role);
    switch (section) {
    case FieldColumn: return tr("Field");
    case BaseColumn: return tr("Base");
    case MineColumn: return tr("Mine");
    case TheirsColumn: return tr("Theirs");
    case ResultColumn: return tr("Result");
    case StatusColumn: return tr("Status");
    default: return {};
    }
}

} // namespace Concord
