// SPDX-License-Identifier: MIT
// SPDX-FileCopyrightText: 2026 Concord developers
#include "conflictbanner.h"

#include <core/text.h>
#include <core/versioning/auditconfig.h>

#include <QHBoxLayout>
#include <QVBoxLayout>
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
    m_history = new QLabel;
    m_history->setObjectName(u"conflictBannerHistory"_s);
    m_history->setWordWrap(true);
    m_history->hide();
    m_reviewButton = new QPushButton(tr("Revie&w…"));
    m_reviewButton->setObjectName(u"reviewConflictsButton"_s);
    m_reviewButton->setAccessibleName(tr("Review conflicts"));
    m_reviewButton->setToolTip(tr("Merge each conflicting record with the other user's version"));
    connect(m_reviewButton, &QPushButton::clicked, this, &ConflictBanner::reviewRequested);

    auto *layout = new QHBoxLayout(this);
    const int margin = fontMetrics().height() / 3;
    layout->setContentsMargins(2 * margin, margin, margin, margin);
    auto *texts = new QVBoxLayout;
    texts->setContentsMargins(0, 0, 0, 0);
    texts->addWidget(m_text);
    texts->addWidget(m_history);
    layout->addLayout(texts, 1);
    layout->addWidget(m_reviewButton);
    hide();
}

QString ConflictBanner::text() const
{
    return m_text->text();
}

void ConflictBanner::setTheirChanges(const QString &text)
{
    m_history->setText(text);
    m_history->setAccessibleName(text);
    m_history->setVisible(!text.isEmpty());
}

QString ConflictBanner::theirChanges() const
{
    return m_history->text();
}

void ConflictBanner::setCounts(int count, int deleted)
{
    showCounts(count, deleted, {});
}

// The latest change among the records still there, by their "at" column (the first one without).
void ConflictBanner::setConflicts(const QList<RecordModifiedError> &open, const AuditColumns &audit, const QDateTime &now)
{
    int deleted = 0;
    const RecordModifiedError *latest = nullptr;
    QDateTime latestAt;
    for (const RecordModifiedError &conflict : open) {
        if (conflict.deletedByOther) {
            ++deleted;
            continue;
        }
        const QDateTime at = audit.atColumn.isEmpty() ? QDateTime() : auditTimeValue(conflict.theirs.value(audit.atColumn));
        if (!latest || (at.isValid() && (!latestAt.isValid() || at > latestAt))) {
            latest = &conflict;
            latestAt = at;
        }
    }
    const QString lastChange = latest && !audit.isEmpty()
                                   ? describeChange(latest->theirs, audit, now.isValid() ? now : QDateTime::currentDateTime())
                                   : QString();
    showCounts(int(open.size()), deleted, lastChange);
}

void ConflictBanner::showCounts(int count, int deleted, const QString &lastChange)
{
    m_count = count;
    deleted = qBound(0, deleted, count);
    QString text;
    if (deleted == 0 && !lastChange.isEmpty()) {
        text = count == 1 ? tr("⚠ 1 record was %1, after you loaded it. Your edits are kept until you review it.").arg(lastChange)
                          : tr("⚠ %1 records were changed by others since you loaded them, the last %2. "
                               "Your edits are kept until you review them.").arg(count).arg(lastChange);
    } else if (deleted == 0) {
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
