// SPDX-License-Identifier: MIT
// SPDX-FileCopyrightText: 2026 Concord developers
#pragma once

#include <core/values/columntype.h>

#include <QDateTimeEdit>
#include <QVariant>

namespace Concord {

/// The grid's editor for a date or a timestamp column: a QDateTimeEdit with a calendar pop-up,
/// showing "yyyy-MM-dd" (and "HH:mm:ss" for a timestamp), so that a value is never read as a
/// two-digit year.
///
/// Opening never changes a value: NULL shows as "NULL" (the minimum, which the editor keeps for
/// it) and stays NULL unless the user picks or types a date; the calendar then opens on the
/// current month rather than on the minimum. value() is what to commit, in the form the column
/// stores: a QDate or QDateTime for a column whose editable kind is a date (PostgreSQL), the ISO
/// text otherwise (SQLite stores dates as text: "2026-03-02", "2026-03-02 14:05:00").
class CalendarCellEditor : public QDateTimeEdit
{
    Q_OBJECT

public:
    /// \a withTime: a timestamp. \a storedKind: the column's editable kind (columnKind()).
    CalendarCellEditor(bool withTime, ValueKind storedKind, QWidget *parent = nullptr);

    /// Shows \a value (NULL, a date or date-time, or ISO text) as what the cell held.
    void setStartValue(const QVariant &value);
    /// True once the user changed the date or time since setStartValue().
    bool isChanged() const { return m_changed; }
    /// The value to commit: NULL when the editor still shows NULL.
    QVariant value() const;

protected:
    bool eventFilter(QObject *watched, QEvent *event) override;

private:
    bool isNullShown() const { return dateTime() == minimumDateTime(); }

    bool m_withTime;
    ValueKind m_storedKind;
    bool m_changed = false;
    bool m_filling = false;
    bool m_hadSeconds = true;
    bool m_hadMilliseconds = false;
};

} // namespace Concord
