// SPDX-License-Identifier: MIT
// SPDX-FileCopyrightText: 2026 Concord developers
#include "findbar.h"

#include <QEvent>
#include <QHBoxLayout>
#include <QKeyEvent>
#include <QLabel>
#include <QLineEdit>
#include <QSignalBlocker>
#include <QTimer>

namespace Concord {

namespace {
constexpr int typingPauseMs = 400; ///< long enough not to search a million rows per key stroke
}

FindBar::FindBar(QWidget *parent)
    : QWidget(parent)
    , m_field(new QLineEdit(this))
    , m_summary(new QLabel(this))
    , m_debounce(new QTimer(this))
{
    setObjectName(QStringLiteral("findBar"));
    m_field->setObjectName(QStringLiteral("findField"));
    m_field->setPlaceholderText(tr("Find in table (Ctrl+F)"));
    m_field->setAccessibleName(tr("Find in table"));
    m_field->setClearButtonEnabled(true);
    m_field->setMaximumWidth(360);
    m_field->installEventFilter(this);
    m_summary->setObjectName(QStringLiteral("rowSummary"));
    auto *layout = new QHBoxLayout(this);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->addWidget(m_field, 1);
    layout->addWidget(m_summary);
    layout->addStretch(1);
    m_debounce->setSingleShot(true);
    m_debounce->setInterval(typingPauseMs);
    connect(m_debounce, &QTimer::timeout, this, [this] { emit findRequested(text()); });
    connect(m_field, &QLineEdit::textChanged, m_debounce, qOverload<>(&QTimer::start));
    connect(m_field, &QLineEdit::returnPressed, this, [this] {
        m_debounce->stop();
        emit findRequested(text());
    });
}

QString FindBar::text() const
{
    return m_field->text();
}

void FindBar::setText(const QString &text)
{
    const QSignalBlocker blocker(m_field);
    m_field->setText(text);
}

void FindBar::setSummary(const QString &summary)
{
    m_summary->setText(summary);
}

QString FindBar::summary() const
{
    return m_summary->text();
}

void FindBar::activate()
{
    m_field->setFocus(Qt::ShortcutFocusReason);
    m_field->selectAll();
}

bool FindBar::eventFilter(QObject *watched, QEvent *event)
{
    if (watched == m_field && event->type() == QEvent::KeyPress
        && static_cast<QKeyEvent *>(event)->key() == Qt::Key_Escape && !m_field->text().isEmpty()) {
        m_field->clear();
        m_debounce->stop();
        emit findRequested(QString());
        return true;
    }
    return QWidget::eventFilter(watched, event);
}

} // namespace Concord
