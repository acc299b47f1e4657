// SPDX-License-Identifier: MIT
// SPDX-FileCopyrightText: 2026 Concord developers
#include "recorddelegate.h"

#include <core/model/versionedtablemodel.h>
#include <core/values/columntype.h>
#include <ui/widgets/celleditor.h>

#include <QAbstractItemView>
#include <QHelpEvent>
#include <QKeyEvent>
#include <QStyle>
#include <QTableView>
#include <QToolTip>

#include <cmath>

namespace Concord {

namespace {

// Dynamic property of an open editor: whether the user typed into it since it was filled.
constexpr char s_typed[] = "concordTyped";

// Relative luminance and contrast ratio as WCAG 2 defines them.
double luminance(const QColor &color)
{
    const auto channel = [](double c) { return c <= 0.03928 ? c / 12.92 : std::pow((c + 0.055) / 1.055, 2.4); };
    return 0.2126 * channel(color.redF()) + 0.7152 * channel(color.greenF()) + 0.0722 * channel(color.blueF());
}

QColor mixed(const QColor &base, const QColor &tint, double amount)
{
    return QColor::fromRgbF(float(base.redF() * (1 - amount) + tint.redF() * amount),
                            float(base.greenF() * (1 - amount) + tint.greenF() * amount),
                            float(base.blueF() * (1 - amount) + tint.blueF() * amount));
}

} // namespace

double RecordDelegate::contrastRatio(const QColor &a, const QColor &b)
{
    const double la = luminance(a);
    const double lb = luminance(b);
    return (qMax(la, lb) + 0.05) / (qMin(la, lb) + 0.05);
}

QColor RecordDelegate::stateColor(RowMark mark, const QPalette &palette)
{
    // A light palette keeps the pastel tints everyone knows from the screenshots. A dark one gets
    // the same hue mixed into its own base colour, as little as keeps it recognisable, so that
    // the palette's light text stays readable on it.
    const bool dark = palette.color(QPalette::Base).lightness() < 128;
    QColor light;
    QColor tint;
    switch (mark) {
    case RowMark::Conflict:
        light = QColor(0xf8, 0xd7, 0xda);
        tint = QColor(0xd0, 0x3a, 0x4a);
        break;
    case RowMark::Inserted:
        light = QColor(0xdc, 0xf5, 0xe0);
        tint = QColor(0x3a, 0xa8, 0x55);
        break;
    case RowMark::Edited:
        light = QColor(0xff, 0xf1, 0xc2);
        tint = QColor(0xd8, 0xa8, 0x20);
        break;
    }
    if (!dark)
        return light;
    const QColor base = palette.color(QPalette::Base);
    const QColor text = palette.color(QPalette::Text);
    for (double amount = 0.35; amount > 0.05; amount -= 0.05) {
        const QColor candidate = mixed(base, tint, amount);
        if (contrastRatio(candidate, text) >= 4.5)
            return candidate;
    }
    return mixed(base, tint, 0.05);
}

void RecordDelegate::initStyleOption(QStyleOptionViewItem *option, const QModelIndex &index) const
{
    QStyledItemDelegate::initStyleOption(option, index);
    using RowState = VersionedTableModel::RowState;
    const auto state = index.data(VersionedTableModel::RowStateRole).value<RowState>();
    if (index.data(VersionedTableModel::ConflictRole).toBool())
        option->backgroundBrush = stateColor(RowMark::Conflict, option->palette);
    else if (state == RowState::Inserted)
        option->backgroundBrush = stateColor(RowMark::Inserted, option->palette);
    else if (index.data(VersionedTableModel::DirtyRole).toBool() && state == RowState::Updated)
        option->backgroundBrush = stateColor(RowMark::Edited, option->palette);
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

QString RecordDelegate::elidedToolTip(const QStyleOptionViewItem &option, const QModelIndex &index) const
{
    QStyleOptionViewItem opt = option;
    initStyleOption(&opt, index);
    if (opt.text.isEmpty())
        return {};
    const QWidget *widget = opt.widget;
    const QStyle *style = widget ? widget->style() : nullptr;
    const int margin = style ? style->pixelMetric(QStyle::PM_FocusFrameHMargin, nullptr, widget) + 1 : 3;
    const int available = opt.rect.width() - 2 * margin;
    const QFontMetrics metrics(opt.font);
    const bool elided = opt.text.contains(u'\n') || metrics.horizontalAdvance(opt.text) > available;
    return elided ? index.data(Qt::DisplayRole).toString() : QString();
}

bool RecordDelegate::helpEvent(QHelpEvent *event, QAbstractItemView *view, const QStyleOptionViewItem &option,
                               const QModelIndex &index)
{
    if (event->type() != QEvent::ToolTip || !index.isValid())
        return QStyledItemDelegate::helpEvent(event, view, option, index);
    // The full value, only when the cell shows it cut: a tooltip repeating the cell is noise.
    // Then the row's own tooltip from the model (its conflict, or who changed it and when).
    QString tip = elidedToolTip(option, index);
    if (const QString row = index.data(Qt::ToolTipRole).toString(); !row.isEmpty())
        tip = tip.isEmpty() ? row : tip + QStringLiteral("\n\n") + row;
    if (tip.isEmpty())
        QToolTip::hideText();
    else
        QToolTip::showText(event->globalPos(), tip, view->viewport(), option.rect);
    return true;
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
    Q_UNUSED(option)
    const auto *model = qobject_cast<const VersionedTableModel *>(index.model());
    const ValueKind kind = model ? model->columnKind(index.column()) : ValueKind::Unknown;
    const QString column = index.model()->headerData(index.column(), Qt::Horizontal).toString();
    auto *editor = new CellEditor(kind, column, parent);
    auto *self = const_cast<RecordDelegate *>(this);
    connect(editor, &CellEditor::problemChanged, self, &RecordDelegate::invalidInput);
    ++m_openEditors;
    return editor;
}

void RecordDelegate::destroyEditor(QWidget *editor, const QModelIndex &index) const
{
    --m_openEditors;
    QStyledItemDelegate::destroyEditor(editor, index);
}

// Called when the editor opens and whenever the cell changes under it: the start text moves.
void RecordDelegate::setEditorData(QWidget *editor, const QModelIndex &index) const
{
    auto *cell = qobject_cast<CellEditor *>(editor);
    if (!cell) {
        QStyledItemDelegate::setEditorData(editor, index);
        return;
    }
    cell->setStartText(CellEditor::textOf(index.data(Qt::EditRole)));
    editor->setProperty(s_typed, false);
}

void RecordDelegate::setModelData(QWidget *editor, QAbstractItemModel *model, const QModelIndex &index) const
{
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

bool RecordDelegate::eventFilter(QObject *object, QEvent *event)
{
    // A text the column cannot hold stays in the open editor: Enter and Tab would commit it.
    if (event->type() == QEvent::KeyPress) {
        const int key = static_cast<const QKeyEvent *>(event)->key();
        auto *cell = qobject_cast<CellEditor *>(object);
        const bool commits = key == Qt::Key_Return || key == Qt::Key_Enter || key == Qt::Key_Tab || key == Qt::Key_Backtab;
        if (cell && commits && !cell->isUnchanged()) {
            const auto value = cell->typedValue();
            if (!value) {
                emit invalidInput(value.error().message);
                return true;
            }
        }
    }
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
