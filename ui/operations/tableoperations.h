// SPDX-License-Identifier: MIT
// SPDX-FileCopyrightText: 2026 Concord developers
#pragma once

#include <core/jobs/bulkeditjob.h>
#include <core/jobs/importjob.h>

#include <core/db/databaseaddress.h>

#include <QObject>
#include <QPointer>

class QAbstractItemView;
class QAction;
class QWidget;

namespace Concord {

class BulkEditDialog;
class EnableVersioningDialog;
class ImportDialog;
class JobReportDialog;
class JobRunner;
class TableList;
class VersionedTableModel;

/// The editor's exclusive operations: Import CSV…, Set Field on Selected Rows…, Delete Selected
/// Rows Now… and Enable Versioning…. Each asks in a dialog, then runs its core Job through the
/// JobRunner (one at a time, in the background, under the table's lock) and reports the outcome
/// without blocking: a result line in the status bar, and a JobReportDialog listing rejected lines
/// or conflicting rows. A finished job that wrote something emits tableChanged() so that the
/// window re-reads the table.
///
/// Bulk edit and bulk delete refuse while the grid has pending edits: they write at once and
/// re-read the table afterwards, and mixing them with unsaved edits of the same rows would
/// make those edits conflict with the user's own bulk change. The user saves or reverts first.
///
/// It works from what it is given: the window that owns it calls setTarget() whenever the
/// database or the table shown changes, and nothing here reaches back into the window.
class TableOperations : public QObject
{
    Q_OBJECT

public:
    /// \a dialogParent owns the operations and is the window their dialogs are modal to; \a runner
    /// runs the jobs, \a tables lists the tables an import or Enable Versioning may choose.
    TableOperations(QWidget *dialogParent, JobRunner *runner, TableList *tables);

    /// What the operations act on: the open database (jobs open their own connection to it), the
    /// grid's model (its table, loaded versions and pending edits) and the view whose selection
    /// "Selected Rows" means. A null model disables the operations.
    void setTarget(const DatabaseAddress &address, VersionedTableModel *model, QAbstractItemView *view);

    QAction *importAction() const { return m_importAction; }
    QAction *bulkEditAction() const { return m_bulkEditAction; }
    QAction *bulkDeleteAction() const { return m_bulkDeleteAction; }
    QAction *enableVersioningAction() const { return m_enableVersioningAction; }

    /// The dialogs while open, and the last report; for tests and screenshots.
    ImportDialog *importDialog() const;
    BulkEditDialog *bulkEditDialog() const;
    EnableVersioningDialog *enableVersioningDialog() const;
    JobReportDialog *reportDialog() const;

public Q_SLOTS:
    void importCsv();
    void bulkEdit();
    void bulkDelete();
    void enableVersioning(const QString &table = QString());

Q_SIGNALS:
    /// A job wrote to \a table; \a schemaChanged when its columns or versioning changed.
    void tableChanged(const QString &table, bool schemaChanged);

private:
    bool canStart();
    bool refusePendingEdits();
    QList<int> selectedRows() const;
    QList<int> allRows() const;
    QList<BulkRow> bulkRows(const QList<int> &rows) const;
    void startJob(Job *job);
    void onJobFinished(Job *job, const JobResult &result);
    void reportImport(const ImportJob &job, const JobResult &result);
    void reportBulk(const BulkRowsJob &job, const JobResult &result);
    void showFailure(const Job &job, const JobResult &result);
    void showReport(const QString &title, const QString &summary, const QStringList &headers,
                    const QList<QStringList> &rows);
    void showMessage(const QString &name, const QString &title, const QString &text, const QString &details = {});

    QWidget *m_dialogParent;
    DatabaseAddress m_address;
    QPointer<VersionedTableModel> m_model;
    QPointer<QAbstractItemView> m_view;
    JobRunner *m_runner;
    TableList *m_tables;
    QAction *m_importAction = nullptr;
    QAction *m_bulkEditAction = nullptr;
    QAction *m_bulkDeleteAction = nullptr;
    QAction *m_enableVersioningAction = nullptr;
    QPointer<ImportDialog> m_importDialog;
    QPointer<BulkEditDialog> m_bulkEditDialog;
    QPointer<EnableVersioningDialog> m_versioningDialog;
    QPointer<JobReportDialog> m_report;
};

} // namespace Concord
