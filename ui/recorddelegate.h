// SPDX-License-Identifier: MIT
// SPDX-FileCopyrightText: 2026 Concord developers
#pragma once

#include <QStyledItemDelegate>

namespace Concord {

/// Paints the grid's edit state: unsaved cells tinted, rows with an open conflict marked red,
/// with conflictMark() ("⚠") before the first visible cell so the mark does not rely on colour.
class RecordDelegate : public QStyledItemDelegate
{
    Q_OBJECT

public:
    using QStyledItemDelegate::QStyledItemDelegate;

    static QString conflictMark();

protected:
    void initStyleOption(QStyleOptionViewItem *option, const QModelIndex &index) const override;

private:
    static int firstVisibleColumn(const QWidget *view);
};

} // namespace Concord
