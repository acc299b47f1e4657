// SPDX-License-Identifier: MIT
// SPDX-FileCopyrightText: 2026 Concord developers
#include "calendarcelleditor.h"

#include <QCalendarWidget>
#include <QEvent>

using namespace Qt::StringLiterals;

namespace Concord {

namespace {

// The editor's minimum, kept for NULL: a date no column of Concord's users holds.
const QDateTime s_nullDateTime(QDate(100, 1, 1), QTime(0, 0));

QString isoText(const QString &text)
{
    QString iso = text.trimmed();
    if (iso.size() > 10 && iso.at(10) == u' ')
        iso[10] = u'T';
    return iso;
}

} // namespace

CalendarCellEditor::CalendarCellEditor(bool withTime, ValueKind storedKind, QWidget *parent)
    : QDateTimeEdit(parent)
    , m_withTime(withTime)
    , m_storedKind(storedKind)
{
    setObjectName(withTime ? u"dateTimeCellEditor"_s : u"dateCellEditor"_s);
    setDisplayFormat(withTime ? u"yyyy-MM-dd HH:mm:ss"_s : u"yyyy-MM-dd"_s);
    setCalendarPopup(true);
    setMinimumDateTime(s_nullDateTime);
    setSpecialValueText(u"NULL"_s);
    setFrame(false);
    // The calendar of a NULL cell opens on today's month, not on the year 100.
    calendarWidget()->installEventFilter(this);
    connect(this, &QDateTimeEdit::dateTimeChanged, this, [this] {
        if (!m_filling)
            m_changed = true;
    });
}

void CalendarCellEditor::setStartValue(const QVariant &value)
{
    m_filling = true;
    QDateTime start = s_nullDateTime;
    if (!value.isNull()) {
        if (value.metaType().id() == QMetaType::QDate)
            start = QDateTime(value.toDate(), QTime(0, 0));
        else if (value.metaType().id() == QMetaType::QDateTime)
            start = value.toDateTime().toLocalTime();
        else
            start = QDateTime::fromString(isoText(value.toString()), Qt::ISODateWithMs);
        // Milliseconds shown when the value has them: an edit of the day must not drop them.
        m_hadMilliseconds = value.metaType().id() == QMetaType::QDateTime && start.time().msec() != 0;
        if (value.metaType().id() == QMetaType::QString) {
            // Text keeps its own precision when written back: "14:05" stays without seconds.
            const QString text = value.toString().trimmed();
            m_hadSeconds = text.size() >= 19;
            m_hadMilliseconds = text.size() > 19 && text.at(19) == u'.';
        }
    }
    if (m_withTime)
        setDisplayFormat(m_hadMilliseconds ? u"yyyy-MM-dd HH:mm:ss.zzz"_s
                                           : (m_hadSeconds ? u"yyyy-MM-dd HH:mm:ss"_s : u"yyyy-MM-dd HH:mm"_s));
    setDateTime(start.isValid() ? start : s_nullDateTime);
    m_changed = false;
    m_filling = false;
}

QVariant CalendarCellEditor::value() const
{
    if (isNullShown())
        return {};
    if (!m_withTime) {
        if (m_storedKind == ValueKind::Date)
            return date();
        return date().toString(Qt::ISODate);
    }
    if (m_storedKind == ValueKind::DateTime)
        return dateTime();
    return dateTime().toString(displayFormat()); // the precision the text had
}

bool CalendarCellEditor::eventFilter(QObject *watched, QEvent *event)
{
    if (event->type() == QEvent::Show && isNullShown()) {
        const QDate today = QDate::currentDate();
        calendarWidget()->setCurrentPage(today.year(), today.month());
    }
    return QDateTimeEdit::eventFilter(watched, event);
}

} // namespace Concord
