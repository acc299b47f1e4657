// SPDX-License-Identifier: MIT
// SPDX-FileCopyrightText: 2026 Concord developers
#include "busybanner.h"

#include <QHBoxLayout>
#include <QLabel>

using namespace Qt::StringLiterals;

namespace Concord {

BusyBanner::BusyBanner(QWidget *parent)
    : QFrame(parent)
{
    setObjectName(u"busyBanner"_s);
    setAccessibleName(tr("Exclusive work in progress"));
    setFrameShape(QFrame::StyledPanel);
    setAutoFillBackground(true);
    QPalette palette = this->palette();
    palette.setColor(QPalette::Window, QColor(0xdd, 0xea, 0xf8));
    palette.setColor(QPalette::WindowText, QColor(0x1b, 0x3a, 0x5c));
    setPalette(palette);

    m_text = new QLabel;
    m_text->setObjectName(u"busyBannerText"_s);
    m_text->setAccessibleName(tr("Who is running exclusive work"));
    m_text->setWordWrap(true);
    auto *layout = new QHBoxLayout(this);
    const int margin = fontMetrics().height() / 3;
    layout->setContentsMargins(2 * margin, margin, margin, margin);
    layout->addWidget(m_text, 1);
    hide();
}

void BusyBanner::setBusyTables(const QHash<QString, QString> &busy)
{
    m_busy = busy;
    updateText();
}

void BusyBanner::setCurrentTable(const QString &table)
{
    m_current = table;
    updateText();
}

QString BusyBanner::text() const
{
    return m_text->text();
}

void BusyBanner::updateText()
{
    // Only the table on screen: work on another table does not concern this grid (the table
    // list marks it "(busy)", the Locks dock lists it).
    QString text;
    if (!m_current.isEmpty() && m_busy.contains(m_current)) {
        text = tr("Busy: %1").arg(m_busy.value(m_current)) + u'\n'
            + tr("Saves to %1 are refused until this ends; your edits stay in the grid.").arg(m_current);
    }
    m_text->setText(text);
    setVisible(!text.isEmpty());
}

} // namespace Concord
