// SPDX-License-Identifier: MIT
// SPDX-FileCopyrightText: 2026 Concord developers
#include "conflictbanner.h"

#include <core/text.h>

#include <QHBoxLayout>
#include <QLabel>
#include <QPushButton>

using namespace Qt::StringLiterals;

namespace Concord {

ConflictBanner::ConflictBanner(QWidget *parent)
    : QFrame(parent)
{
    setObjectName(u"conflictBanner"_s);
    setAccessibleName(tr("Conflicts"));
    setFrameShape(QFrame::StyledPanel);
    // The same red as conflicting rows in the grid; the text and the ⚠ carry the meaning too.
    setAutoFillBackground(true);
    QPalette palette = this->palette();
    palette.setColor(QPalette::Window, QColor(0xf8, 0xd7, 0xda));
    palette.setColor(QPalette::WindowText, QColor(0x58, 0x15, 0x1c));
    setPalette(palette);

    m_text = new QLabel;
    m_text->setObjectName(u"conflictBannerText"_s);
    m_text->setWordWrap(true);
    m_reviewButton = new QPushButton(tr("Revie&w…"));
    m_reviewButton->setObjectName(u"reviewConflictsButton"_s);
    m_reviewButton->setAccessibleName(tr("Review conflicts"));
    m_reviewButton->setToolTip(tr("Merge each conflicting record with the other user's version"));
    connect(m_reviewButton, &QPushButton::clicked, this, &ConflictBanner::reviewRequested);

    auto *layout = new QHBoxLayout(this);
    const int margin = fontMetrics().height() / 3;
    layout->setContentsMargins(2 * margin, margin, margin, margin);
    layout->addWidget(m_text, 1);
    layout->addWidget(m_reviewButton);
    hide();
}

QString ConflictBanner::text() const
{
    return m_text->text();
}

void ConflictBanner::setCounts(int count, int deleted)
{
    m_count = count;
    deleted = qBound(0, deleted, count);
    QString text;
    if (deleted == 0) {
        text = countText(count,
                         tr("⚠ %1 record was changed by someone else since you loaded it. "
                            "Your edits are kept until you review it."),
                         tr("⚠ %1 records were changed by others since you loaded them. "
                            "Your edits are kept until you review them."));
    } else if (deleted == count) {
        text = countText(count,
                         tr("⚠ %1 record was deleted by someone else since you loaded it. "
                            "Your edits are kept until you review it."),
                         tr("⚠ %1 records were deleted by others since you loaded them. "
                            "Your edits are kept until you review them."));
    } else {
        text = tr("⚠ %1 changed and %2 deleted by others since you loaded them. "
                  "Your edits are kept until you review them.")
                   .arg(countText(count - deleted, tr("%1 record was"), tr("%1 records were")))
                   .arg(deleted);
    }
    m_text->setText(text);
    m_text->setAccessibleName(m_text->text());
    setAccessibleDescription(m_text->text());
    setVisible(count > 0);
}

} // namespace Concord
