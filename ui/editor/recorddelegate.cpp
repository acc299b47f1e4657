// SPDX-License-Identifier: MIT
// SPDX-FileCopyrightText: 2026 Concord developers
#include "recorddelegate.h"

#include <core/model/versionedtablemodel.h>

#include <QKeyEvent>
#include <QMetaProperty>
#include <QTableView>

namespace Concord {

namespace {

// Dynamic properties of an open editor: what it showed when it was filled, and whether the user
// typed into it since.
constexpr char s_startValue[] = "concordStartValue";
constexpr char s_typed[] = "concordTyped";

} // namespace

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

QVariant RecordDelegate::editorValue(const QWidget *editor)
{
    const QMetaProperty property = editor->metaObject()->userProperty();
    return property.isValid() ? property.read(editor) : QVariant();
}

// Called when the editor opens and whenever the cell changes under it: the start value moves.
void RecordDelegate::setEditorData(QWidget *editor, const QModelIndex &index) const
{
    QStyledItemDelegate::setEditorData(editor, index);
    editor->setProperty(s_startValue, editorValue(editor));
    editor->setProperty(s_typed, false);
}

void RecordDelegate::setModelData(QWidget *editor, QAbstractItemModel *model, const QModelIndex &index) const
{
    // An editor shows NULL as "" (or 0, or a default date): committing that unchanged would
    // store it. Nothing typed and nothing changed means nothing to write.
    const QVariant start = editor->property(s_startValue);
    if (!editor->property(s_typed).toBool() && start.isValid() && editorValue(editor) == start)
        return;
    QStyledItemDelegate::setModelData(editor, model, index);
}

bool RecordDelegate::eventFilter(QObject *object, QEvent *event)
{
    // Typing counts even when it ends where it began (a 0 typed into a NULL number).
    if (event->type() == QEvent::KeyPress) {
        const auto *key = static_cast<const QKeyEvent *>(event);
        const bool printable = !key->text().isEmpty() && key->text().at(0).isPrint();
        if (printable || key->key() == Qt::Key_Backspace || key->key() == Qt::Key_Delete)
            object->setProperty(s_typed, true);
    }
    return QStyledItemDelegate::eventFilter(object, event);
}

} // namespace Concord
