// SPDX-License-Identifier: MIT
// SPDX-FileCopyrightText: 2026 Concord developers
#pragma once

#include <QStyledItemDelegate>

#include <functional>

namespace Concord {

/// Paints the grid's edit state: unsaved cells tinted, rows with an open conflict marked red,
/// with conflictMark() ("⚠") before the first visible cell so the mark does not rely on colour.
///
/// Opening an editor never changes a value by itself: an editor closed with Enter (or by leaving
/// it) writes only when the user typed into it or its value moved from what it showed at first.
/// A NULL cell opened and closed stays NULL, where the stock editors would write "" or 0.
///
/// Row colours follow the palette: pastel tints on a light one, the same hues mixed into the base
/// colour on a dark one, keeping at least 4.5:1 contrast with the palette's text (stateColor()).
/// Every column is edited as text (CellEditor), read as the column's kind
/// (VersionedTableModel::columnKind()) by valueFromText() as it is typed. A text that does not
/// read as the kind is shown as a problem at the cell and in invalidInput(); Enter and Tab then
/// keep the editor open with the text, Escape cancels. What is committed is the converted value
/// (an integer for an integer column), never the text.
///
/// A value too long for its cell shows in full as the cell's tooltip; one that fits has none.
class RecordDelegate : public QStyledItemDelegate
{
    Q_OBJECT

public:
    using QStyledItemDelegate::QStyledItemDelegate;

    static QString conflictMark();

    enum class RowMark { Conflict, Inserted, Edited };
    /// The background of a row marked \a mark under \a palette.
    static QColor stateColor(RowMark mark, const QPalette &palette);
    /// WCAG 2 contrast ratio of two colours, 1 to 21.
    static double contrastRatio(const QColor &a, const QColor &b);
    /// The cell's full text when \a option's rect shows it elided, otherwise empty.
    QString elidedToolTip(const QStyleOptionViewItem &option, const QModelIndex &index) const;
    bool helpEvent(QHelpEvent *event, QAbstractItemView *view, const QStyleOptionViewItem &option,
                   const QModelIndex &index) override;

    /// Given a cell and the text it shows ("NULL", greyed, for a NULL), the text to show instead:
    /// a foreign key's value with the referenced record's label, or what the database will put
    /// into a new row's untouched cell. None by default.
    using TextDecorator = std::function<QString(const QModelIndex &index, const QString &text)>;
    void setTextDecorator(TextDecorator decorate) { m_decorateText = std::move(decorate); }

    /// True while a cell editor is open: a live re-read would destroy what is being typed.
    bool isEditing() const { return m_openEditors > 0; }
    QWidget *createEditor(QWidget *parent, const QStyleOptionViewItem &option, const QModelIndex &index) const override;
    void destroyEditor(QWidget *editor, const QModelIndex &index) const override;
    void setEditorData(QWidget *editor, const QModelIndex &index) const override;
    void setModelData(QWidget *editor, QAbstractItemModel *model, const QModelIndex &index) const override;

Q_SIGNALS:
    /// The text in an open editor cannot be committed, for \a reason; empty when it can again.
    void invalidInput(const QString &reason);

protected:
    bool eventFilter(QObject *object, QEvent *event) override;
    void initStyleOption(QStyleOptionViewItem *option, const QModelIndex &index) const override;

private:
    static int firstVisibleColumn(const QWidget *view);

    mutable int m_openEditors = 0;
    TextDecorator m_decorateText;
};

} // namespace Concord
