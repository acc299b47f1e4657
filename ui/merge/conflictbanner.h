// SPDX-License-Identifier: MIT
// SPDX-FileCopyrightText: 2026 Concord developers
#pragma once

#include <core/merge/recordmodifiederror.h>

#include <QDateTime>
#include <QFrame>

class QLabel;
class QPushButton;

namespace Concord {

struct AuditColumns;

/// A non-modal bar above the grid, like Tiled's "file changed on disk" warning: "3 records were
/// changed by others" with a Review button. It shows itself while the count is above zero and
/// hides when none is left; it never blocks editing. objectName "conflictBanner"; its children
/// are "conflictBannerText" and "reviewConflictsButton".
class ConflictBanner : public QFrame
{
    Q_OBJECT

public:
    explicit ConflictBanner(QWidget *parent = nullptr);

    /// Sets the number of records with an open conflict; shows or hides the bar.
    void setCount(int count) { setCounts(count, 0); }
    /// Sets the number of records with an open conflict, \a deleted of them deleted by someone
    /// else (the text says "deleted", not "changed", for those); shows or hides the bar.
    void setCounts(int count, int deleted);
    /// Counts the \a open conflicts like setCounts(), and when their rows as now stored name who
    /// changed them (\a audit columns), says so for the latest: "⚠ 1 record was changed by bob 3
    /// minutes ago, after you loaded it." (relative to \a now; invalid: the current time).
    void setConflicts(const QList<RecordModifiedError> &open, const AuditColumns &audit, const QDateTime &now = {});
    int count() const { return m_count; }
    QString text() const;
    /// A second line from the record history, when the table keeps one: what the others wrote
    /// to the first conflicting record since it was loaded ("History of id=4: version 7, changed
    /// by bob 3 minutes ago: email"). Empty hides it. objectName "conflictBannerHistory".
    void setTheirChanges(const QString &text);
    QString theirChanges() const;

Q_SIGNALS:
    /// The user asked to go through the conflicts (the Review button).
    void reviewRequested();

private:
    void showCounts(int count, int deleted, const QString &lastChange);

    int m_count = 0;
    QLabel *m_text = nullptr;
    QLabel *m_history = nullptr;
    QPushButton *m_reviewButton = nullptr;
};

} // namespace Concord
