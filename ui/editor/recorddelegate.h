// SPDX-License-Identifier: MIT
// SPDX-FileCopyrightText: 2026 Concord developers
#pragma once

#include <core/values/columntype.h>

#include <QHash>
#include <QPersistentModelIndex>
#include <QPointer>
#include <QStyledItemDelegate>

#include <functional>

namespace Concord {

class CellEditor;

/// Paints the grid's edit state: unsaved cells tinted, rows with an open conflict marked red,
/// with conflictMark() ("⚠") before the first visible cell so the mark does not rely on colour.
///
/// Opening an editor never changes a value by itself: an editor closed with Enter (or by leaving
/// it) writes only when the user typed into it or its value moved from what it showed at first.
/// A NULL cell opened and closed stays NULL, where the stock editors would write "" or 0.
///
/// Row colours follow the palette: pastel tints on a light one, the same hues mixed into the base
/// colour on a dark one, keeping at least 4.5:1 contrast with the palette's text (stateColor()).
/// Each cell gets the editor that fits its column (CellFace::editorFor(), by the column's declared
/// type, core/db/columnkinds.h declaredKinds()):
/// - text and numbers: CellEditor, its text read as the column's kind
///   (VersionedTableModel::columnKind()) by valueFromText() as it is typed, numbers also in the
///   grid's locale ("12,5" in German). A text that does not read as the kind is shown as a
///   problem at the cell and in invalidInput(); Enter, Tab and a click elsewhere then keep the
///   editor open with the text (the text is never silently dropped), Escape cancels. What is
///   committed is the converted value (an integer for an integer column), never the text;
/// - dates and timestamps: CalendarCellEditor, with a calendar pop-up;
/// - booleans: painted as a check box (NULL partially checked), toggled by Space or a click on
///   the box as a pending edit (setData(), so EditUndo records it); F2 still types a word;
/// - text with line breaks, and Shift+Enter in any text cell: textEditRequested(), for the
///   multi-line TextCellDialog; the grid shows line breaks as " ⏎ ";
/// - blobs: no editor in the cell (the window opens the BlobViewer); shown as
///   "blob, 102,400 bytes" or "image (PNG), 12,345 bytes", never as their bytes.
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
    /// The text \a index shows under \a option (its widget and locale): "NULL", "12,5",
    /// "blob, 102,400 bytes", "two ⏎ lines", empty for a boolean's check box.
    QString shownText(const QStyleOptionViewItem &option, const QModelIndex &index) const;
    /// The cell's full text when \a option's rect shows it elided, otherwise empty.
    QString elidedToolTip(const QStyleOptionViewItem &option, const QModelIndex &index) const;
    bool helpEvent(QHelpEvent *event, QAbstractItemView *view, const QStyleOptionViewItem &option,
                   const QModelIndex &index) override;

    /// Given a cell and the text it shows ("NULL", greyed, for a NULL), the text to show instead:
    /// a foreign key's value with the referenced record's label, or what the database will put
    /// into a new row's untouched cell. None by default.
    using TextDecorator = std::function<QString(const QModelIndex &index, const QString &text)>;
    void setTextDecorator(TextDecorator decorate) { m_decorateText = std::move(decorate); }

    /// True while a cell editor is open, or an editor outside the cell (setOutsideEditorOpen()):
    /// a live re-read would destroy what is being typed.
    bool isEditing() const { return m_openEditors > 0 || m_outsideEditorOpen; }
    /// An editor of a cell outside the grid (the multi-line text dialog, the blob viewer) opened
    /// or closed.
    void setOutsideEditorOpen(bool open) { m_outsideEditorOpen = open; }
    QWidget *createEditor(QWidget *parent, const QStyleOptionViewItem &option, const QModelIndex &index) const override;
    void destroyEditor(QWidget *editor, const QModelIndex &index) const override;
    void setEditorData(QWidget *editor, const QModelIndex &index) const override;
    void setModelData(QWidget *editor, QAbstractItemModel *model, const QModelIndex &index) const override;
    void updateEditorGeometry(QWidget *editor, const QStyleOptionViewItem &option, const QModelIndex &index) const override;
    bool editorEvent(QEvent *event, QAbstractItemModel *model, const QStyleOptionViewItem &option,
                     const QModelIndex &index) override;

    /// What \a index's column holds by its declared type (declaredKinds(), read once per table
    /// and model reset): how its cells are shown and edited.
    ValueKind declaredKind(const QModelIndex &index) const;
    /// True when \a index is a text cell the multi-line editor may edit (not a blob, a number...).
    bool isTextCell(const QModelIndex &index) const;
    /// Holds back mouse presses on \a widget while an open editor holds a text its column cannot
    /// hold: the press would close the editor and drop the text (the grid's viewport and headers
    /// are guarded as soon as an editor opens; the window adds the table list).
    void guardClicks(QWidget *widget);
    /// The open cell editor holding a text its column cannot hold, if any: the window refuses to
    /// re-read or move the grid under it (the text would be lost with the editor).
    CellEditor *invalidOpenEditor() const;
    /// The rectangle of a boolean cell's check box within \a option's rect; empty for other cells.
    QRect checkBoxRect(const QStyleOptionViewItem &option, const QModelIndex &index) const;

Q_SIGNALS:
    /// The text in an open editor cannot be committed, for \a reason; empty when it can again.
    void invalidInput(const QString &reason);
    /// The cell \a index wants the multi-line editor, starting with \a text: its value holds a
    /// line break, or the user pressed Shift+Enter in its editor (with what was typed so far).
    void textEditRequested(const QModelIndex &index, const QString &text);

protected:
    bool eventFilter(QObject *object, QEvent *event) override;
    void initStyleOption(QStyleOptionViewItem *option, const QModelIndex &index) const override;

private:
    static int firstVisibleColumn(const QWidget *view);
    void initValueFace(QStyleOptionViewItem *option, const QModelIndex &index) const;
    bool toggle(QAbstractItemModel *model, const QModelIndex &index) const;
    bool keepsInvalidText(QObject *object, QEvent *event);
    bool opensMultiLine(QObject *object, QEvent *event);
    QWidget *createCellEditor(QWidget *parent, const QModelIndex &index) const;

    mutable int m_openEditors = 0;
    TextDecorator m_decorateText;
    bool m_outsideEditorOpen = false;
    mutable QHash<QWidget *, QPersistentModelIndex> m_editedCells; ///< open editors and their cells
    // declaredKind()'s cache: the kinds of m_kindsTable in m_kindsModel
    mutable QPointer<const QAbstractItemModel> m_kindsModel;
    mutable QString m_kindsTable;
    mutable QList<ValueKind> m_kinds;
};

} // namespace Concord
