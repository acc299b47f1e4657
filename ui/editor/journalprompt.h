// SPDX-License-Identifier: MIT
// SPDX-FileCopyrightText: 2026 Concord developers
#pragma once

#include <QObject>
#include <QPointer>

class QMessageBox;
class QWidget;

namespace Concord {

class DatabaseAddress;
class EditJournal;
struct Journal;
class VersionedTableModel;

/// The editor's side of the edit journal: keeps one EditJournal for the table on screen, and when
/// a table is opened whose journal still holds edits (Concord crashed or was killed), offers to
/// restore them in a window-modal question opened with open(), never exec(). Restored edits are
/// pending again; edits of records someone changed since are listed, not applied.
class JournalPrompt : public QObject
{
    Q_OBJECT

public:
    explicit JournalPrompt(QWidget *window);
    ~JournalPrompt() override;

    /// Starts journaling \a model's edits of its table, after offering what an earlier session
    /// left. Call after each successful select() of a newly shown table.
    void watch(VersionedTableModel *model, const DatabaseAddress &address);
    /// The user dropped the edits on purpose (Discard): the journal goes too.
    void discardEdits();
    /// Stops journaling; the file stays only if edits are still pending (a crash-like end).
    void stop();

    /// The question on screen, or null; for tests and screenshots.
    QMessageBox *question() const;
    EditJournal *journal() const { return m_journal; }

Q_SIGNALS:
    /// A journal was restored: \a restored edits are pending again.
    void restored(int restored);

private:
    void offer(const QString &path);
    void restore(const Journal &journal);
    void report(const QStringList &notRestored);

    QWidget *m_window;
    QPointer<VersionedTableModel> m_model;
    EditJournal *m_journal = nullptr;
    QPointer<QMessageBox> m_question;
};

} // namespace Concord
