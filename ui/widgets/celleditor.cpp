// SPDX-License-Identifier: MIT
// SPDX-FileCopyrightText: 2026 Concord developers
#include "celleditor.h"

#include <core/values/valuefromtext.h>

#include <QDate>
#include <QDateTime>
#include <QLabel>
#include <QTime>

using namespace Qt::StringLiterals;

namespace Concord {

CellEditor::CellEditor(ValueKind kind, const QString &column, QWidget *parent)
    : QLineEdit(parent)
    , m_kind(kind)
    , m_column(column)
{
    setObjectName(u"cellEditor"_s);
    setFrame(false);
    connect(this, &QLineEdit::textChanged, this, &CellEditor::check);
}

CellEditor::~CellEditor()
{
    delete m_problemLabel;
}

void CellEditor::setStartText(const QString &text)
{
    m_startText = text;
    setText(text);
    check();
}

Result<QVariant> CellEditor::typedValue() const
{
    const Result<QVariant> value = valueFromText(text(), m_kind, m_column);
    if (value || (m_kind != ValueKind::Integer && m_kind != ValueKind::Decimal))
        return value;
    // The grid shows numbers in its locale, so they are read in it too ("12,5" in German), as
    // well as in the C form every locale accepts ("12.5").
    bool ok = false;
    const QString typed = text().trimmed();
    if (m_kind == ValueKind::Decimal) {
        const double number = locale().toDouble(typed, &ok);
        if (ok)
            return QVariant(number);
    } else {
        const qlonglong number = locale().toLongLong(typed, &ok);
        if (ok)
            return QVariant(number);
    }
    return value; // the reason as the C reading gives it
}

QString CellEditor::textOf(const QVariant &value)
{
    if (value.isNull())
        return {};
    switch (value.metaType().id()) {
    case QMetaType::QDate:
        return value.toDate().toString(Qt::ISODate);
    case QMetaType::QTime:
        return value.toTime().toString(value.toTime().msec() ? Qt::ISODateWithMs : Qt::ISODate);
    case QMetaType::QDateTime: {
        const QDateTime dateTime = value.toDateTime();
        return dateTime.toString(dateTime.time().msec() ? Qt::ISODateWithMs : Qt::ISODate);
    }
    case QMetaType::Bool:
        return value.toBool() ? u"true"_s : u"false"_s;
    case QMetaType::QByteArray:
        return QString::fromUtf8(value.toByteArray());
    default:
        return value.toString();
    }
}

void CellEditor::check()
{
    QString problem;
    if (!isUnchanged()) {
        const auto value = typedValue();
        if (!value)
            problem = value.error().message;
    }
    if (problem == m_problem)
        return;
    m_problem = problem;
    setToolTip(problem);
    setStyleSheet(problem.isEmpty() ? QString() : u"QLineEdit { border: 2px solid #c0392b; }"_s);
    if (!problem.isEmpty() && !m_problemLabel && parentWidget()) {
        m_problemLabel = new QLabel(parentWidget());
        m_problemLabel->setObjectName(u"cellProblem"_s);
        m_problemLabel->setStyleSheet(u"QLabel { background: #c0392b; color: white; padding: 1px 4px; }"_s);
    }
    if (m_problemLabel) {
        m_problemLabel->setText(problem);
        m_problemLabel->setVisible(!problem.isEmpty());
        placeProblemLabel();
    }
    emit problemChanged(problem);
}

void CellEditor::placeProblemLabel()
{
    if (!m_problemLabel)
        return;
    m_problemLabel->adjustSize();
    m_problemLabel->move(geometry().left(), geometry().bottom() + 1);
    m_problemLabel->raise();
}

void CellEditor::moveEvent(QMoveEvent *event)
{
    QLineEdit::moveEvent(event);
    placeProblemLabel();
}

void CellEditor::resizeEvent(QResizeEvent *event)
{
    QLineEdit::resizeEvent(event);
    placeProblemLabel();
}

void CellEditor::hideEvent(QHideEvent *event)
{
    QLineEdit::hideEvent(event);
    if (m_problemLabel)
        m_problemLabel->hide();
    // A closed editor (Escape, another cell) leaves no problem behind in the status bar.
    if (!m_problem.isEmpty())
        emit problemChanged(QString());
}

} // namespace Concord
