// SPDX-License-Identifier: MIT
// SPDX-FileCopyrightText: 2026 Concord developers
#include "recorddelegate.h"

#include <core/versionedtablemodel.h>

namespace Concord {

void RecordDelegate::initStyleOption(QStyleOptionViewItem *option, const QModelIndex &index) const
{
    QStyledItemDelegate::initStyleOption(option, index);
    if (index.data(VersionedTableModel::ConflictRole).toBool())
        option->backgroundBrush = QColor(0xf8, 0xd7, 0xda);
    else if (index.data(VersionedTableModel::DirtyRole).toBool())
        option->backgroundBrush = QColor(0xff, 0xf1, 0xc2);
    // NULL is not an empty string: show it, greyed, so the two can be told apart.
    const QVariant value = index.data(Qt::EditRole);
    if (value.isNull() && index.flags() != Qt::NoItemFlags) {
        option->text = QStringLiteral("NULL");
        option->palette.setColor(QPalette::Text, option->palette.color(QPalette::PlaceholderText));
        option->font.setItalic(true);
    }
}

} // namespace Concord
