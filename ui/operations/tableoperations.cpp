// SPDX-License-Identifier: MIT
// SPDX-FileCopyrightText: 2026 Concord developers
#include "tableoperations.h"

#include <ui/operations/bulkeditdialog.h>
#include <ui/operations/importdialog.h>
#include <ui/operations/jobreportdialog.h>
#include <ui/operations/jobrunner.h>
#include <ui/operations/lockmonitor.h>
#include <ui/widgets/gridselection.h>
#include <ui/widgets/tablelist.h>

#include <core/db/tableschema.h>
#include <core/jobs/enableversioningjob.h>
#include <core/text.h>
#include <core/model/versionedtablemodel.h>
#include <core/versioning/versioningconfig.h>

#include <QAction>
#include <QItemSelectionModel>
#include <QMessageBox>
#include <QPushButton>
#include <QAbstractItemView>

using namespace Qt::StringLiterals;

namespace Concord {

namespace {

QAction *makeAction(QObject *parent, const QString &text, const QString &name, const QString &tip)
{
    auto *action = new QAction(text, parent);
    action->setObjectName(name);
    action->setToolTip(tip);
    action->setStatusTip(tip);
    return action;
}

} // namespace

TableOperations::TableOperations(QWidget *dialogParent, JobRunner *runner, TableList *tables)
    : QObject(dialogParent)
    , m_dialogParent(dialogParent)
    , m_runner(runner)
    , m_tables(tables)
{
    m_importAction = makeAction(this, tr("&Import CSV…"), u"importCsvAction"_s,
                                tr("Import a CSV file into a table, all or nothing, under the table's lock"));
    m_bulkEditAction = makeAction(this, tr("Set &Field on Selected Rows…"), u"bulkEditAction"_s,
                                  tr("Set one column on the selected rows, each checked against the version you loaded"));
    m_bulkDeleteAction = makeAction(this, tr("Delete Selected Rows &Now…"), u"bulkDeleteAction"_s,
                                    tr("Delete the selected rows at once, each only if nobody changed it"));
    m_enableVersioningAction = makeAction(this, tr("Enable &Versioning…"), u"enableVersioningAction"_s,
                                          tr("Add a version column to a table so that it can be edited safely"));
    connect(m_importAction, &QAction::triggered, this, &TableOperations::importCsv);
    connect(m_bulkEditAction, &QAction::triggered, this, &TableOperations::bulkEdit);
    connect(m_bulkDeleteAction, &QAction::triggered, this, &TableOperations::bulkDelete);
    connect(m_enableVersioningAction, &QAction::triggered, this, [this] { enableVersioning(); });
    connect(m_tables, &TableList::enableVersioningRequested, this, &TableOperations::enableVersioning);
    connect(m_runner, &JobRunner::jobFinished, this, &TableOperations::onJobFinished);
}

void TableOperations::setTarget(const DatabaseAddress &address, VersionedTableModel *model, QAbstractItemView *view)
{
    m_address = address;
    m_model = model;
    m_view = view;
}

ImportDialog *TableOperations::importDialog() const
{
    return m_importDialog;
}

BulkEditDialog *TableOperations::bulkEditDialog() const
{
    return m_bulkEditDialog;
}

EnableVersioningDialog *TableOperations::enableVersioningDialog() const
{
    return m_versioningDialog;
}

JobReportDialog *TableOperations::reportDialog() const
{
    return m_report;
}

bool TableOperations::canStart()
{
    if (!m_model)
        return false;
    if (m_runner->isBusy()) {
        showMessage(u"jobBusyMessage"_s, tr("Operation running"),
                    tr("%1 is still running. Wait for it to finish, or cancel it.").arg(m_runner->currentJob()->description()));
        return false;
    }
    return true;
}

bool TableOperations::refusePendingEdits()
{
    const qsizetype pending = m_model->pendingRows().size();
    if (pending == 0)
        return false;
    showMessage(u"pendingEditsMessage"_s, tr("Unsaved edits"),
                countText(pending, tr("A record has unsaved edits. Save or revert it first."),
                          tr("%1 records have unsaved edits. Save or revert them first.")),
                tr("A bulk change is written at once, checked against the versions you loaded, and then "
                   "the table is re-read."));
    return true;
}

void TableOperations::importCsv()
{
    if (!canStart())
        return;
    auto *dialog = new ImportDialog(m_model->database(), m_tables->editableTables(), m_model->tableName(), m_dialogParent);
    dialog->setAttribute(Qt::WA_DeleteOnClose);
    connect(dialog, &ImportDialog::importRequested, this, [this](const ImportOptions &options) {
        if (canStart())
            startJob(new ImportJob(m_address, options));
    });
    m_importDialog = dialog;
    dialog->open();
}

// The rows of the selection, whether whole rows or a rectangle of cells are selected.
QList<int> TableOperations::selectedRows() const
{
    return m_view ? selectedRowsOf(*m_view) : QList<int>();
}

// Every row of the current filter: the model fetches lazily, so fetch the rest first.
QList<int> TableOperations::allRows() const
{
    VersionedTableModel *model = m_model;
    while (model->canFetchMore())
        model->fetchMore();
    QList<int> rows;
    for (int row = 0; row < model->rowCount(); ++row) {
        if (!model->isRemoved(row))
            rows << row;
    }
    return rows;
}

QList<BulkRow> TableOperations::bulkRows(const QList<int> &rows) const
{
    const VersionedTableModel *model = m_model;
    QList<BulkRow> result;
    for (int row : rows) {
        if (model->isRemoved(row) || model->rowState(row) == VersionedTableModel::RowState::Inserted)
            continue;
        result << BulkRow{model->rowKey(row), model->loadedVersion(row)};
    }
    return result;
}

void TableOperations::bulkEdit()
{
    if (!canStart() || m_model->tableName().isEmpty() || refusePendingEdits())
        return;
    // The rows are taken, by key and loaded version, as the dialog announces them: a live
    // refresh while it is open re-reads the grid and may shrink the selection (the job then
    // changed fewer rows than the user confirmed) or move the versions past what they saw.
    const QString table = m_model->tableName();
    const QList<BulkRow> selected = bulkRows(selectedRows());
    const QList<BulkRow> all = bulkRows(allRows());
    auto *dialog = new BulkEditDialog(m_model, int(selected.size()), int(all.size()), m_dialogParent);
    dialog->setAttribute(Qt::WA_DeleteOnClose);
    connect(dialog, &QDialog::accepted, this, [this, dialog, table, selected, all] {
        if (canStart())
            startJob(new BulkEditJob(m_address, table, dialog->allRows() ? all : selected, dialog->column(),
                                     dialog->value()));
    });
    m_bulkEditDialog = dialog;
    dialog->open();
}

void TableOperations::bulkDelete()
{
    if (!canStart() || m_model->tableName().isEmpty() || refusePendingEdits())
        return;
    const QList<BulkRow> bulk = bulkRows(selectedRows()); // as confirmed, see bulkEdit()
    if (bulk.isEmpty())
        return;
    const QString table = m_model->tableName();
    auto *box = new QMessageBox(QMessageBox::Question, tr("Delete rows now"),
                                countText(bulk.size(), tr("Delete %1 row of %2 now?"), tr("Delete %1 rows of %2 now?"))
                                    .arg(table),
                                QMessageBox::Cancel, m_dialogParent);
    box->setObjectName(u"confirmBulkDelete"_s);
    box->setAccessibleName(tr("Confirm deleting rows"));
    box->setInformativeText(tr("This is written at once and cannot be reverted. A row somebody changed since you "
                               "loaded it is left alone and reported."));
    QPushButton *confirm = box->addButton(tr("&Delete Now"), QMessageBox::DestructiveRole);
    confirm->setObjectName(u"confirmBulkDeleteButton"_s);
    box->setDefaultButton(QMessageBox::Cancel);
    box->setAttribute(Qt::WA_DeleteOnClose);
    connect(confirm, &QPushButton::clicked, this, [this, table, bulk] {
        if (canStart())
            startJob(new BulkDeleteJob(m_address, table, bulk));
    });
    box->open();
}

void TableOperations::enableVersioning(const QString &table)
{
    if (!canStart())
        return;
    // From the toolbar: the table selected in the list, when it is one that needs versioning.
    const QString selected = m_tables->tableOf(m_tables->currentItem());
    const QString target = !table.isEmpty() || !m_tables->tablesNeedingVersioning().contains(selected) ? table : selected;
    auto *dialog = new EnableVersioningDialog(m_tables->tablesNeedingVersioning(), target, m_dialogParent);
    dialog->setAttribute(Qt::WA_DeleteOnClose);
    // As concordctl apply: on PostgreSQL, where a failover can lose writes, versions that cannot
    // repeat (defaultPolicyFor(): the column this adds is bigint).
    if (m_address.isPostgreSQL())
        dialog->setPolicy(policyName(VersionPolicy::Timestamp));
    connect(dialog, &QDialog::accepted, this, [this, dialog] {
        VersioningConfig config;
        config.table = dialog->table();
        config.policy = policyFromName(dialog->policy()).value_or(VersionPolicy::Counter);
        if (canStart() && !config.table.isEmpty())
            startJob(new EnableVersioningJob(m_address, config));
    });
    m_versioningDialog = dialog;
    dialog->open();
}

void TableOperations::startJob(Job *job)
{
    // Others read "concord: Import into orders"; the editor's own LockMonitor knows it as its own.
    job->setApplicationName(LockMonitor::applicationName());
    m_runner->start(job);
}

void TableOperations::onJobFinished(Job *job, const JobResult &result)
{
    if (const auto *import = qobject_cast<ImportJob *>(job)) {
        reportImport(*import, result);
        if (import->report().committed)
            emit tableChanged(import->table(), false);
    } else if (const auto *bulk = qobject_cast<BulkRowsJob *>(job)) {
        reportBulk(*bulk, result);
        if (bulk->report().committed)
            emit tableChanged(bulk->table(), false);
    } else if (const auto *versioning = qobject_cast<EnableVersioningJob *>(job)) {
        if (result.ok()) {
            m_runner->setResultText(tr("Versioning enabled on %1: it can be edited now.").arg(versioning->table()),
                                    false);
            emit tableChanged(versioning->table(), true);
        }
    }
    if (!result.ok() && result.error().code != ErrorCode::Cancelled && result.error().code != ErrorCode::InvalidValue
        && result.error().code != ErrorCode::RecordModified)
        showFailure(*job, result);
}

void TableOperations::reportImport(const ImportJob &job, const JobResult &result)
{
    const ImportReport report = job.report();
    const qint64 written = report.inserted + report.updated;
    QString summary;
    if (report.committed) {
        summary = countText(written, tr("Imported %1 row into %2"), tr("Imported %1 rows into %2")).arg(job.table());
        summary += tr(" (%1 new, %2 updated, %3 unchanged).").arg(report.inserted).arg(report.updated).arg(report.unchanged);
        if (!job.recoveryNote().isEmpty()) // it ran again after a lost connection: say so
            summary += u' ' + job.recoveryNote();
        m_runner->setResultText(summary, false);
    } else if (!report.rejected.isEmpty()) {
        summary = countText(report.rejected.size(), tr("Nothing was imported into %2: %1 line was rejected."),
                            tr("Nothing was imported into %2: %1 lines were rejected."))
                      .arg(job.table());
        m_runner->setResultText(summary, true);
    }
    if (report.rejected.isEmpty() || (!result.ok() && result.error().code != ErrorCode::InvalidValue))
        return;
    if (report.committed)
        summary += u' ' + countText(report.rejected.size(), tr("%1 line was skipped:"), tr("%1 lines were skipped:"));
    QList<QStringList> rows;
    for (const RejectedLine &line : report.rejected)
        rows << QStringList{QString::number(line.line), line.column, line.reason};
    showReport(tr("Import into %1").arg(job.table()), summary, {tr("Line"), tr("Column"), tr("Reason")}, rows);
}

void TableOperations::reportBulk(const BulkRowsJob &job, const JobResult &result)
{
    const BulkReport report = job.report();
    if (!report.committed)
        return; // failed or cancelled: the runner's line says so, nothing was written
    const bool deleting = qobject_cast<const BulkDeleteJob *>(&job) != nullptr;
    QString summary = deleting ? countText(report.saved.size(), tr("%1 deleted"), tr("%1 deleted"))
                               : countText(report.saved.size(), tr("%1 saved"), tr("%1 saved"));
    if (report.conflicts.isEmpty()) {
        const QString note = job.recoveryNote();
        m_runner->setResultText(tr("%1: %2.").arg(job.description(), summary) + (note.isEmpty() ? QString() : u' ' + note),
                                false);
        return;
    }
    // Every row the user confirmed is accounted for: saved, changed by someone else, or gone.
    QStringList changed;
    QStringList gone;
    QList<QStringList> rows;
    for (const BulkConflict &conflict : report.conflicts) {
        (conflict.deleted ? gone : changed) << keyText(conflict.key);
        rows << QStringList{keyText(conflict.key), conflict.toString()};
    }
    if (!changed.isEmpty())
        summary += u", "_s
            + countText(changed.size(), tr("%1 changed by someone else"), tr("%1 changed by someone else"))
            + u": "_s + changed.join(u", "_s);
    if (!gone.isEmpty())
        summary += u", "_s
            + countText(gone.size(), tr("%1 deleted by someone else"), tr("%1 deleted by someone else"))
            + u": "_s + gone.join(u", "_s);
    m_runner->setResultText(summary, true);
    Q_UNUSED(result);
    showReport(job.description(), summary + u'\n' + tr("Those rows were left untouched; the table now shows their current values."),
               {tr("Row"), tr("What happened")}, rows);
}

void TableOperations::showFailure(const Job &job, const JobResult &result)
{
    showMessage(u"jobFailedMessage"_s, job.description(),
                result.error().code == ErrorCode::LockHeld ? tr("%1 did not start: the table is busy.").arg(job.description())
                                                           : tr("%1 failed; nothing was written.").arg(job.description()),
                result.error().message);
}

void TableOperations::showReport(const QString &title, const QString &summary, const QStringList &headers,
                                 const QList<QStringList> &rows)
{
    if (m_report)
        m_report->close();
    m_report = new JobReportDialog(title, summary, headers, rows, m_dialogParent);
    m_report->show(); // non-modal: the editor stays usable while the report is read
}

void TableOperations::showMessage(const QString &name, const QString &title, const QString &text, const QString &details)
{
    auto *box = new QMessageBox(QMessageBox::Information, title, text, QMessageBox::Ok, m_dialogParent);
    box->setObjectName(name);
    box->setAccessibleName(title);
    box->setInformativeText(details);
    box->setAttribute(Qt::WA_DeleteOnClose);
    box->setWindowModality(Qt::NonModal);
    box->show();
}

} // namespace Concord
