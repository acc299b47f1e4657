// SPDX-License-Identifier: MIT
// SPDX-FileCopyrightText: 2026 Concord developers
#pragma once

#include <core/values/columntype.h>

#include <QString>

class QFontMetrics;
class QSqlRecord;
class QTableView;

namespace Concord {

/// Column widths from what a column holds rather than from the first rows read: a grid reads
/// its rows in batches, so widths measured on the first batch elide later, longer ids ("5…") and
/// let one long text stretch a column to a thousand pixels.
///
/// - Integer columns (keys among them) fit 10 digits with the locale's group separators (ids up
///   to ten thousand million), or their widest loaded value when that is wider;
/// - decimals fit 14 digits and a separator, dates, times and date-times a sample in the
///   locale's short format, booleans "false";
/// - text, blob and unknown columns fit their widest loaded value, at most maxTextWidth pixels;
///   the delegate (RecordDelegate) shows an elided value in full as its tooltip;
/// - every column is at least as wide as its header text, and as "NULL".
class ColumnSizer
{
public:
    /// Text columns are capped at this many pixels.
    static constexpr int maxTextWidth = 300;
    /// Integer columns fit this many digits.
    static constexpr int integerDigits = 10;

    /// The sample text a column of \a kind is sized for; empty for text-like kinds, sized by
    /// their contents.
    static QString sampleText(ValueKind kind);
    /// The content width (without cell margins) for a column of \a kind, given \a metrics.
    /// \a contentsWidth: the widest loaded value (text is capped at maxTextWidth, dates and booleans ignore it).
    static int contentWidth(ValueKind kind, const QFontMetrics &metrics, int contentsWidth = 0);

    /// Sizes every visible column of \a view, whose model's columns are \a fields (the model's
    /// record(): the driver's column types decide the kind, and the first rows' values where the
    /// driver says only "text", as SQLite does for BIGINT). \a firstColumnMark: room for a
    /// mark the delegate puts before the first visible column's text (the conflict "⚠ ").
    static void apply(QTableView *view, const QSqlRecord &fields, const QString &firstColumnMark = {});
};

} // namespace Concord
