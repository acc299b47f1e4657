// SPDX-License-Identifier: MIT
// SPDX-FileCopyrightText: 2026 Concord developers
#include "recorddelegate.h"

#include <core/model/versionedtablemodel.h>

#include <QTableView>

namespace Concord {

void RecordDelegate::initStyleOption(QStyleOptionViewItem *option, const QModelIndex &index) const
{
    QStyledItemDelegate::initStyleOption(option, index);
    using RowState = VersionedTableModel::RowState;
    const auto state = index.data(VersionedTableModel::RowStateRole).value<RowState>();
    if (index.data(VersionedTableModel::ConflictRole).toBool())
        option->backgroundBrush = QColor(0xf8, 0xd7, 0xda);
    else if (state == RowState::Inserted)
        option->backgroundBrush = QColor(0xdc, 0xf5, 0xe0);
    else if (index.data(VersionedTableModel::DirtyRole).toBool() && state == RowState::Updated)
        option->backgroundBrush = QColor(0xff, 0xf1, 0xc2);
    if (state == RowState::Deleted) {
        // Still shown until saved, so that a delete can be seen and reverted.
        option->font.setStrikeOut(true);
        option->palette.setColor(QPalette::Text, option->palette.color(QPalette::PlaceholderText));
    }
    // NULL is not an empty string: show it, greyed, so the two can be told apart.
    const QVariant value = index.data(Qt::EditRole);
    if (value.isNull() && index.flags() != Qt::NoItemFlags) {
        option->text = QStringLiteral("NULL");
        option->palette.setColor(QPalette::Text, option->palette.color(QPalette::PlaceholderText));
        option->font.setItalic(true);
    }
    // Colour alone does not tell everyone: the first visible cell of a conflicting row also
    // carries the ⚠ that the conflict bar and the merge dialog use.
    if (index.data(VersionedTableModel::ConflictRole).toBool() && index.column() == firstVisibleColumn(option->widget))
        option->text = conflictMark() + option->text;
}

QString RecordDelegate::conflictMark()
{
    return QStringLiteral("⚠ ");
}

int RecordDelegate::firstVisibleColumn(const QWidget *view)
{
    const auto *table = qobject_cast<const QTableView *>(view);
    if (!table || !table->model())
        return 0;
    for (int column = 0; column < table->model()->columnCount(); ++column) {
        if (!table->isColumnHidden(column))
            return column;
    }
    return 0;
}

QWidget *RecordDelegate::createEditor(QWidget *parent, const QStyleOptionViewItem &option, const QModelIndex &index) const
{
    QWidget *editor = QStyledItemDelegate::createEditor(parent, option, index);
    if (editor)
        ++m_openEditors;
    return editor;
}

void RecordDelegate::destroyEditor(QWidget *editor, const QModelIndex &index) const
{
    --m_openEditors;
    QStyledItemDelegate::destroyEditor(editor, index);
}

} // namespace Concord
