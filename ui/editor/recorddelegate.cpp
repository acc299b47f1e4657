// SPDX-License-Identifier: MIT
// SPDX-FileCopyrightText: 2026 Concord developers
#include "recorddelegate.h"

#include <core/model/versionedtablemodel.h>
#include <core/db/columnkinds.h>
#include <core/values/columntype.h>
#include <ui/cells/cellface.h>

#include <QAbstractItemView>
#include <QHelpEvent>
#include <QKeyEvent>
#include <QStyle>
#include <QTableView>
#include <QToolTip>

#include <cmath>

namespace Concord {

namespace {

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
    initValueFace(option, index);
    // A foreign key's label, a new row's default: not over a check box.
    if (m_decorateText && !(option->features & QStyleOptionViewItem::HasCheckIndicator))
        option->text = m_decorateText(index, option->text);
    // Colour alone does not tell everyone: the first visible cell of a conflicting row also
    // carries the ⚠ that the conflict bar and the merge dialog use.
    if (index.data(VersionedTableModel::ConflictRole).toBool() && index.column() == firstVisibleColumn(option->widget))
        option->text = conflictMark() + option->text;
}

// The value as its column shows it: NULL greyed, booleans as check boxes, numbers in the locale,
// blobs by their size and kind, line breaks as marks.
void RecordDelegate::initValueFace(QStyleOptionViewItem *option, const QModelIndex &index) const
{
    const QVariant value = index.data(Qt::EditRole);
    const ValueKind declared = declaredKind(index);
    if (declared == ValueKind::Boolean && (value.isNull() || CellFace::booleanOf(value))) {
        const auto state = CellFace::booleanOf(value);
        option->features |= QStyleOptionViewItem::HasCheckIndicator;
        option->checkState = !state ? Qt::PartiallyChecked : (*state ? Qt::Checked : Qt::Unchecked);
        option->text.clear();
    }
    // NULL is not an empty string: show it, greyed, so the two can be told apart.
    if (value.isNull() && index.flags() != Qt::NoItemFlags) {
        option->text = QStringLiteral("NULL");
        option->palette.setColor(QPalette::Text, option->palette.color(QPalette::PlaceholderText));
        option->font.setItalic(true);
        return;
    }
    if (value.isNull() || option->features.testFlag(QStyleOptionViewItem::HasCheckIndicator))
        return;
    if (CellFace::isBlob(declared, value)) {
        option->text = CellFace::blobLabel(CellFace::bytesOf(value), option->locale);
        option->palette.setColor(QPalette::Text, option->palette.color(QPalette::PlaceholderText));
    } else if (declared == ValueKind::Decimal || declared == ValueKind::Integer) {
        if (const auto number = CellFace::localeNumber(value, option->locale))
            option->text = *number;
    } else if (value.metaType().id() == QMetaType::QString) {
        option->text = CellFace::oneLine(value.toString());
    }
}

QString RecordDelegate::shownText(const QStyleOptionViewItem &option, const QModelIndex &index) const
{
    QStyleOptionViewItem opt = option;
    initStyleOption(&opt, index);
    return opt.text;
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
    const QVariant value = index.data(Qt::EditRole);
    if (CellFace::isBlob(declaredKind(index), value))
        return {}; // the label is all there is to say; View Blob… shows the bytes
    const bool broken = value.metaType().id() == QMetaType::QString && opt.text != value.toString()
        && opt.text.contains(CellFace::lineBreakMark());
    const bool elided = broken || metrics.horizontalAdvance(opt.text) > available;
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

ValueKind RecordDelegate::declaredKind(const QModelIndex &index) const
{
    const auto *model = qobject_cast<const VersionedTableModel *>(index.model());
    if (!model)
        return ValueKind::Unknown;
    if (model != m_kindsModel) {
        // A reset may follow a change of the table's columns: read them again at the next paint.
        connect(model, &QAbstractItemModel::modelReset, this, [this] { m_kindsTable.clear(); });
        m_kindsModel = model;
        m_kindsTable.clear();
    }
    if (m_kindsTable != model->tableName() || m_kinds.size() != model->columnCount()) {
        m_kindsTable = model->tableName();
        m_kinds = declaredKinds(model->database(), model->tableName(), model->record());
    }
    return m_kinds.value(index.column(), ValueKind::Unknown);
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

} // namespace Concord
