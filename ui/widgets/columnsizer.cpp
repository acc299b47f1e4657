// SPDX-License-Identifier: MIT
// SPDX-FileCopyrightText: 2026 Concord developers
#include "columnsizer.h"

#include <QDateTime>
#include <QFontMetrics>
#include <QHeaderView>
#include <QLocale>
#include <QSqlField>
#include <QSqlRecord>
#include <QStyle>
#include <QAbstractItemModel>
#include <QTableView>

using namespace Qt::StringLiterals;

namespace Concord {

namespace {

bool isTextLike(ValueKind kind)
{
    return kind == ValueKind::Text || kind == ValueKind::Blob || kind == ValueKind::Unknown;
}

// Kinds whose loaded values may be wider than the sample (a 14-digit integer): never cut.
bool isMeasured(ValueKind kind)
{
    return isTextLike(kind) || kind == ValueKind::Integer || kind == ValueKind::Decimal;
}

// The margins QStyledItemDelegate leaves around a cell's text, plus the grid line.
int cellMargins(const QTableView *view)
{
    const int focus = view->style()->pixelMetric(QStyle::PM_FocusFrameHMargin, nullptr, view) + 1;
    return 2 * focus + (view->showGrid() ? 1 : 0);
}

// SQLite reports any declared type it does not know (BIGINT, DATETIME) as text; the values the
// driver hands back tell what the column holds.
ValueKind kindOf(const QAbstractItemModel *model, int column, QMetaType type)
{
    QVariantList samples;
    for (int row = 0; model && row < qMin(model->rowCount(), 20); ++row)
        samples << model->index(row, column).data(Qt::EditRole);
    return columnKind(type, samples);
}

} // namespace

QString ColumnSizer::sampleText(ValueKind kind)
{
    const QLocale locale;
    // Digits are equally wide in nearly every font; 8 stands for them, with the locale's grouping
    // exactly as the delegate will show a value.
    switch (kind) {
    case ValueKind::Integer:
        return u"-"_s + locale.toString(8888888888LL); // integerDigits
    case ValueKind::Decimal:
        return u"-"_s + locale.toString(88888888.888888, 'f', 6);
    case ValueKind::Boolean:
        return u"false"_s;
    case ValueKind::Date:
        return locale.toString(QDate(2028, 12, 28), QLocale::ShortFormat);
    case ValueKind::Time:
        return locale.toString(QTime(18, 58, 58), QLocale::ShortFormat) + u":88"_s;
    case ValueKind::DateTime:
        return locale.toString(QDateTime(QDate(2028, 12, 28), QTime(18, 58, 58)), QLocale::ShortFormat) + u":88"_s;
    case ValueKind::Text:
    case ValueKind::Blob:
    case ValueKind::Unknown:
        break;
    }
    return {};
}

int ColumnSizer::contentWidth(ValueKind kind, const QFontMetrics &metrics, int contentsWidth)
{
    const int null = metrics.horizontalAdvance(u"NULL"_s); // an italic NULL is barely wider
    if (isTextLike(kind))
        return qMax(null, qMin(contentsWidth, maxTextWidth));
    const int sample = qMax(null, metrics.horizontalAdvance(sampleText(kind)));
    return isMeasured(kind) ? qMax(sample, contentsWidth) : sample;
}

void ColumnSizer::apply(QTableView *view, const QSqlRecord &fields, const QString &firstColumnMark)
{
    QHeaderView *header = view->horizontalHeader();
    const QFontMetrics metrics = view->fontMetrics();
    const int margins = cellMargins(view);
    bool first = true;
    for (int column = 0; column < fields.count() && column < header->count(); ++column) {
        if (view->isColumnHidden(column))
            continue;
        const ValueKind kind = kindOf(view->model(), column, fields.field(column).metaType());
        // The widest loaded value, measured by the view the way it paints (text is then capped).
        const int contents = isMeasured(kind) ? static_cast<const QAbstractItemView *>(view)->sizeHintForColumn(column) - margins : 0;
        int width = contentWidth(kind, metrics, contents) + margins;
        if (first && !firstColumnMark.isEmpty())
            width += metrics.horizontalAdvance(firstColumnMark);
        first = false;
        // The header's text always fits, with its sort indicator.
        width = qMax(width, header->sectionSizeHint(column));
        header->resizeSection(column, width);
    }
}

} // namespace Concord
