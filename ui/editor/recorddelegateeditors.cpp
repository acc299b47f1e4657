// SPDX-License-Identifier: MIT
// SPDX-FileCopyrightText: 2026 Concord developers
// RecordDelegate's editors: which editor a cell gets, filling it, committing it, the check box
// of a boolean, and the guards that keep a text the column cannot hold in its open editor. The
// same class as recorddelegate.cpp (painting), in a second file to keep both under budget.
#include "recorddelegate.h"

#include <core/model/versionedtablemodel.h>
#include <core/values/valuecomparison.h>
#include <ui/cells/calendarcelleditor.h>
#include <ui/cells/cellface.h>
#include <ui/widgets/celleditor.h>

#include <QAbstractItemView>
#include <QApplication>
#include <QHeaderView>
#include <QKeyEvent>
#include <QMouseEvent>
#include <QStyle>
#include <QTableView>

namespace Concord {

namespace {

// Dynamic property of an open editor: whether the user typed into it since it was filled.
constexpr char s_typed[] = "concordTyped";
// Dynamic property of a view's viewport and headers: the delegate guards their clicks.
constexpr char s_guarded[] = "concordGuardedByDelegate";

bool isTextLike(ValueKind kind)
{
    return kind == ValueKind::Text || kind == ValueKind::Unknown;
}

bool isEnter(const QKeyEvent *key)
{
    return key->key() == Qt::Key_Return || key->key() == Qt::Key_Enter;
}

// An open cell editor whose typed text the column cannot hold, if any.
CellEditor *invalidEditor(const QHash<QWidget *, QPersistentModelIndex> &editors)
{
    for (auto it = editors.cbegin(); it != editors.cend(); ++it) {
        auto *cell = qobject_cast<CellEditor *>(it.key());
        if (cell && cell->isVisible() && !cell->problem().isEmpty())
            return cell;
    }
    return nullptr;
}

// Clicks on the grid (its cells, its headers) while a text the column cannot hold is open
// would close the editor.
void guardGrid(RecordDelegate *delegate, QWidget *viewport)
{
    delegate->guardClicks(viewport);
    if (auto *view = qobject_cast<QTableView *>(viewport->parentWidget())) {
        delegate->guardClicks(view->horizontalHeader()->viewport());
        delegate->guardClicks(view->verticalHeader()->viewport());
    }
}

} // namespace

bool RecordDelegate::isTextCell(const QModelIndex &index) const
{
    const QVariant value = index.data(Qt::EditRole);
    return index.isValid() && isTextLike(declaredKind(index)) && !CellFace::isBlob(declaredKind(index), value);
}

QWidget *RecordDelegate::createEditor(QWidget *parent, const QStyleOptionViewItem &option, const QModelIndex &index) const
{
    Q_UNUSED(option)
    const auto *model = qobject_cast<const VersionedTableModel *>(index.model());
    const ValueKind stored = model ? model->columnKind(index.column()) : ValueKind::Unknown;
    const QVariant value = index.data(Qt::EditRole);
    const CellFace::Editor fit = CellFace::editorFor(declaredKind(index), value);
    QWidget *editor = nullptr;
    switch (fit) {
    case CellFace::Editor::Blob:
        return nullptr; // bytes are never typed: the window opens the blob viewer instead
    case CellFace::Editor::MultiLine: {
        // A one-line editor would lose the line breaks: the multi-line one opens instead, after
        // the view has finished asking for an editor.
        auto *self = const_cast<RecordDelegate *>(this);
        const QPersistentModelIndex cell(index);
        QMetaObject::invokeMethod(self, [self, cell, value] {
            if (cell.isValid())
                emit self->textEditRequested(cell, value.toString());
        }, Qt::QueuedConnection);
        return nullptr;
    }
    case CellFace::Editor::Date:
    case CellFace::Editor::DateTime:
        editor = new CalendarCellEditor(fit == CellFace::Editor::DateTime, stored, parent);
        break;
    case CellFace::Editor::Toggle:
    case CellFace::Editor::Line:
        editor = createCellEditor(parent, index);
        break;
    }
    guardGrid(const_cast<RecordDelegate *>(this), parent);
    m_editedCells.insert(editor, QPersistentModelIndex(index));
    ++m_openEditors;
    return editor;
}

void RecordDelegate::guardClicks(QWidget *widget)
{
    if (widget && !widget->property(s_guarded).toBool()) {
        widget->setProperty(s_guarded, true);
        widget->installEventFilter(this);
    }
}

QWidget *RecordDelegate::createCellEditor(QWidget *parent, const QModelIndex &index) const
{
    const auto *model = qobject_cast<const VersionedTableModel *>(index.model());
    const ValueKind kind = model ? model->columnKind(index.column()) : ValueKind::Unknown;
    const QString column = index.model()->headerData(index.column(), Qt::Horizontal).toString();
    auto *editor = new CellEditor(kind, column, parent);
    connect(editor, &CellEditor::problemChanged, const_cast<RecordDelegate *>(this), &RecordDelegate::invalidInput);
    return editor;
}

void RecordDelegate::destroyEditor(QWidget *editor, const QModelIndex &index) const
{
    --m_openEditors;
    m_editedCells.remove(editor);
    QStyledItemDelegate::destroyEditor(editor, index);
}

// Called when the editor opens and whenever the cell changes under it: the start value moves.
void RecordDelegate::setEditorData(QWidget *editor, const QModelIndex &index) const
{
    const QVariant value = index.data(Qt::EditRole);
    if (auto *calendar = qobject_cast<CalendarCellEditor *>(editor)) {
        calendar->setStartValue(value);
        return;
    }
    auto *cell = qobject_cast<CellEditor *>(editor);
    if (!cell) {
        QStyledItemDelegate::setEditorData(editor, index);
        return;
    }
    // Numbers start as the grid shows them ("12,5" in German), without digit grouping.
    const ValueKind kind = declaredKind(index);
    QLocale locale = editor->locale();
    locale.setNumberOptions(QLocale::OmitGroupSeparator);
    const auto number = kind == ValueKind::Decimal ? CellFace::localeNumber(value, locale) : std::nullopt;
    cell->setStartText(number ? *number : CellEditor::textOf(value));
    editor->setProperty(s_typed, false);
}

void RecordDelegate::setModelData(QWidget *editor, QAbstractItemModel *model, const QModelIndex &index) const
{
    if (auto *calendar = qobject_cast<CalendarCellEditor *>(editor)) {
        const QVariant value = calendar->value();
        if (calendar->isChanged() && !sameValue(value, index.data(Qt::EditRole)))
            model->setData(index, value, Qt::EditRole);
        return;
    }
    auto *cell = qobject_cast<CellEditor *>(editor);
    if (!cell) {
        QStyledItemDelegate::setModelData(editor, model, index);
        return;
    }
    // An editor shows NULL as "": committing that unchanged would store it. Nothing typed and
    // nothing changed means nothing to write.
    if (!editor->property(s_typed).toBool() && cell->isUnchanged())
        return;
    const auto value = cell->typedValue();
    if (!value) {
        emit const_cast<RecordDelegate *>(this)->invalidInput(value.error().message);
        return;
    }
    model->setData(index, value.value(), Qt::EditRole);
}

// A calendar editor is at least as wide as its date and arrow, also over a narrow column.
void RecordDelegate::updateEditorGeometry(QWidget *editor, const QStyleOptionViewItem &option, const QModelIndex &index) const
{
    QStyledItemDelegate::updateEditorGeometry(editor, option, index);
    if (qobject_cast<CalendarCellEditor *>(editor) && editor->width() < editor->sizeHint().width())
        editor->resize(editor->sizeHint().width(), editor->height());
}

QRect RecordDelegate::checkBoxRect(const QStyleOptionViewItem &option, const QModelIndex &index) const
{
    QStyleOptionViewItem opt = option;
    initStyleOption(&opt, index);
    if (!opt.features.testFlag(QStyleOptionViewItem::HasCheckIndicator))
        return {};
    const QWidget *widget = option.widget;
    QStyle *style = widget ? widget->style() : QApplication::style();
    return style->subElementRect(QStyle::SE_ItemViewItemCheckIndicator, &opt, widget);
}

bool RecordDelegate::toggle(QAbstractItemModel *model, const QModelIndex &index) const
{
    if (!(index.flags() & Qt::ItemIsEditable))
        return false;
    // NULL becomes true: a click means "yes" more often than "no".
    const auto state = CellFace::booleanOf(index.data(Qt::EditRole));
    return model->setData(index, QVariant(!state.value_or(false)), Qt::EditRole);
}

// A boolean cell is its check box: Space or a click on the box toggles it, as a pending edit.
bool RecordDelegate::editorEvent(QEvent *event, QAbstractItemModel *model, const QStyleOptionViewItem &option,
                                 const QModelIndex &index)
{
    const QRect box = checkBoxRect(option, index);
    if (box.isEmpty())
        return QStyledItemDelegate::editorEvent(event, model, option, index);
    switch (event->type()) {
    case QEvent::MouseButtonRelease: {
        const auto *mouse = static_cast<QMouseEvent *>(event);
        if (mouse->button() != Qt::LeftButton || !box.contains(mouse->position().toPoint()))
            return false;
        return toggle(model, index);
    }
    case QEvent::MouseButtonDblClick: {
        // The two clicks toggle twice; the double-click itself opens no editor over the box.
        const auto *mouse = static_cast<QMouseEvent *>(event);
        return mouse->button() == Qt::LeftButton && box.contains(mouse->position().toPoint());
    }
    case QEvent::KeyPress: {
        const auto *key = static_cast<QKeyEvent *>(event);
        if ((key->key() != Qt::Key_Space && key->key() != Qt::Key_Select) || key->modifiers() != Qt::NoModifier)
            return false;
        return toggle(model, index);
    }
    default:
        return false;
    }
}

// A text the column cannot hold stays in its open editor: Enter and Tab would commit it, a
// focus change or a click on another cell would close the editor and drop it.
CellEditor *RecordDelegate::invalidOpenEditor() const
{
    return invalidEditor(m_editedCells);
}

bool RecordDelegate::keepsInvalidText(QObject *object, QEvent *event)
{
    auto *cell = qobject_cast<CellEditor *>(object);
    if (cell && event->type() == QEvent::KeyPress) {
        const auto *key = static_cast<const QKeyEvent *>(event);
        const bool commits = isEnter(key) || key->key() == Qt::Key_Tab || key->key() == Qt::Key_Backtab;
        if (commits && !cell->isUnchanged()) {
            const auto value = cell->typedValue();
            if (!value) {
                emit invalidInput(value.error().message);
                return true;
            }
        }
    }
    if (cell && event->type() == QEvent::FocusOut && !cell->problem().isEmpty()) {
        emit invalidInput(cell->problem());
        return true; // the stock delegate would commit (refused) and close
    }
    const bool press = event->type() == QEvent::MouseButtonPress || event->type() == QEvent::MouseButtonDblClick;
    if (press && object->property(s_guarded).toBool()) {
        if (CellEditor *open = invalidEditor(m_editedCells)) {
            open->setFocus(Qt::OtherFocusReason);
            emit invalidInput(open->problem());
            return true;
        }
    }
    return false;
}

// Shift+Enter in a text cell's editor: the multi-line editor takes over with what was typed.
bool RecordDelegate::opensMultiLine(QObject *object, QEvent *event)
{
    auto *cell = qobject_cast<CellEditor *>(object);
    if (!cell || event->type() != QEvent::KeyPress)
        return false;
    const auto *key = static_cast<const QKeyEvent *>(event);
    const QPersistentModelIndex index = m_editedCells.value(cell);
    if (!isEnter(key) || !(key->modifiers() & Qt::ShiftModifier) || !isTextCell(index))
        return false;
    const QString text = cell->text();
    emit closeEditor(cell, QAbstractItemDelegate::NoHint);
    emit textEditRequested(index, text);
    return true;
}

bool RecordDelegate::eventFilter(QObject *object, QEvent *event)
{
    if (keepsInvalidText(object, event) || opensMultiLine(object, event))
        return true;
    // The guarded viewport and headers are no editors: the stock filter would close them.
    if (object->property(s_guarded).toBool())
        return false;
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
