// SPDX-License-Identifier: MIT
// SPDX-FileCopyrightText: 2026 Concord developers
#pragma once

#include <core/db/databaseaddress.h>
#include <core/jobs/job.h>
#include <core/versioning/history.h>

#include <QObject>
#include <QPointer>

class QAction;
class QWidget;

namespace Concord {

class DeletedRecordsDialog;
class JobRunner;
class KeepHistoryDialog;
class VersionedTableModel;

/// The editor's record-history actions on the grid's table (Records menu): Keep History… (turn
/// the history on or off, and choose how long versions are kept; a job under the table's lock), Deleted Records… (see and
/// recover records deleted while the history was kept) and Apply History Retention (a job that
/// removes versions older than the retention, under the table's lock, in the background).
///
/// A recovery inserts the record again with its key and last values through VersionedWriter,
/// which puts it at a version above the one it was deleted at; the version check is never
/// switched off. A key in use again is refused with the reason. Like the bulk operations, a
/// recovery refuses while the grid has pending edits: the table is re-read afterwards.
///
/// It works from what it is given (setTarget()), and tells the window what changed
/// (tableChanged(), historyChanged()).
class HistoryActions : public QObject
{
    Q_OBJECT

public:
    HistoryActions(QWidget *dialogParent, JobRunner *runner);

    /// The open database (the retention job opens its own connection to it) and the grid's
    /// model, whose connection reads the history and writes recoveries. Null disables the actions.
    void setTarget(const DatabaseAddress &address, VersionedTableModel *model);

    QAction *keepHistoryAction() const { return m_keepAction; }
    QAction *deletedRecordsAction() const { return m_deletedAction; }
    QAction *applyRetentionAction() const { return m_retentionAction; }
    /// The dialogs while open; for tests and screenshots.
    KeepHistoryDialog *keepHistoryDialog() const;
    DeletedRecordsDialog *deletedRecordsDialog() const;

    /// Starts the job that writes what a finished Keep History dialog chose (HistorySettingsJob,
    /// under the table's lock, through the JobRunner); the error says why it was not started.
    /// The job's end is reported in the status bar, or in a message when it failed.
    Result<void> applyChoice(const QString &table, bool keep, const History::Retention &retention, bool dropHistory);
    /// Recovers \a record into the model's table; the text says what happened, for the dialog.
    Result<QString> recover(const History::DeletedRecord &record);

public Q_SLOTS:
    void keepHistory();
    void showDeletedRecords();
    void applyRetention();

Q_SIGNALS:
    /// Rows of \a table changed (a recovery): the window re-reads it.
    void tableChanged(const QString &table, bool schemaChanged);
    /// History was turned on or off, or its retention changed, for \a table.
    void historyChanged(const QString &table);
    /// A one-line outcome for the status bar.
    void message(const QString &text);

private:
    bool hasTable() const;
    void updateActions();
    void refreshDeleted();
    void onJobFinished(Job *job, const JobResult &result);
    void warn(const QString &title, const QString &text);

    QWidget *m_dialogParent;
    JobRunner *m_runner;
    DatabaseAddress m_address;
    QPointer<VersionedTableModel> m_model;
    QAction *m_keepAction = nullptr;
    QAction *m_deletedAction = nullptr;
    QAction *m_retentionAction = nullptr;
    QPointer<KeepHistoryDialog> m_keepDialog;
    QPointer<DeletedRecordsDialog> m_deletedDialog;
};

} // namespace Concord
