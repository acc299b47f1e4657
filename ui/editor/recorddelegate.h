// SPDX-License-Identifier: MIT
// SPDX-FileCopyrightText: 2026 Concord developers
#pragma once

#include <QStyledItemDelegate>

namespace Concord {

/// Paints the grid's edit state: unsaved cells tinted, rows with an open conflict marked red,
/// with conflictMark() ("⚠") before the first visible cell so the mark does not rely on colour.
///
/// Opening an editor never changes a value by itself: an editor closed with Enter (or by leaving
/// it) writes only when the user typed into it or its value moved from what it showed at first.
/// A NULL cell opened and closed stays NULL, where the stock editors would write "" or 0.
class RecordDelegate : public QStyledItemDelegate
{
    Q_OBJECT

public:
    using QStyledItemDelegate::QStyledItemDelegate;

    static QString conflictMark();

    /// True while a cell editor is open: a live re-read would destroy what is being typed.
    bool isEditing() const { return m_openEditors > 0; }
    QWidget *createEditor(QWidget *parent, const QStyleOptionViewItem &option, const QModelIndex &index) const override;
    void destroyEditor(QWidget *editor, const QModelIndex &index) const override;
    void setEditorData(QWidget *editor, const QModelIndex &index) const override;
    void setModelData(QWidget *editor, QAbstractItemModel *model, const QModelIndex &index) const override;

protected:
    bool eventFilter(QObject *object, QEvent *event) override;
    void initStyleOption(QStyleOptionViewItem *option, const QModelIndex &index) const override;

private:
    static int firstVisibleColumn(const QWidget *view);
    static QVariant editorValue(const QWidget *editor);

    mutable int m_openEditors = 0;
};

} // namespace Concord
