// SPDX-License-Identifier: MIT
// SPDX-FileCopyrightText: 2026 Concord developers
#include "historyactions.h"

#include <ui/history/deletedrecordsdialog.h>
#include <ui/history/keephistorydialog.h>
#include <ui/operations/jobrunner.h>

#include <core/db/tableschema.h>
#include <core/merge/recordmodifiederror.h>
#include <core/jobs/historyretentionjob.h>
#include <core/jobs/historysettingsjob.h>
#include <core/model/versionedtablemodel.h>

#include <QAction>
#include <QMessageBox>
#include <QWidget>

using namespace Qt::StringLiterals;

namespace Concord {

HistoryActions::HistoryActions(QWidget *dialogParent, JobRunner *runner)
    : QObject(dialogParent)
    , m_dialogParent(dialogParent)
    , m_runner(runner)
{
    m_keepAction = new QAction(tr("Keep Histor&y…"), this);
    m_keepAction->setObjectName(u"keepHistoryAction"_s);
    m_keepAction->setToolTip(tr("Keep every version of this table's records, to compare and restore them and to "
                                "recover deleted records"));
    connect(m_keepAction, &QAction::triggered, this, &HistoryActions::keepHistory);
    m_deletedAction = new QAction(tr("Dele&ted Records…"), this);
    m_deletedAction->setObjectName(u"deletedRecordsAction"_s);
    m_deletedAction->setToolTip(tr("Records of this table deleted while its history was kept, to recover"));
    connect(m_deletedAction, &QAction::triggered, this, &HistoryActions::showDeletedRecords);
    m_retentionAction = new QAction(tr("Apply History &Retention"), this);
    m_retentionAction->setObjectName(u"applyRetentionAction"_s);
    m_retentionAction->setToolTip(tr("Remove the versions the table's retention no longer keeps"));
    connect(m_retentionAction, &QAction::triggered, this, &HistoryActions::applyRetention);
    connect(m_runner, &JobRunner::jobFinished, this, &HistoryActions::onJobFinished);
    updateActions();
}

void HistoryActions::setTarget(const DatabaseAddress &address, VersionedTableModel *model)
{
    m_address = address;
    m_model = model;
    updateActions();
}

KeepHistoryDialog *HistoryActions::keepHistoryDialog() const
{
    return m_keepDialog;
}

DeletedRecordsDialog *HistoryActions::deletedRecordsDialog() const
{
    return m_deletedDialog;
}

bool HistoryActions::hasTable() const
{
    return m_model && !m_model->schema().table.isEmpty() && !m_model->isReadOnly() && m_model->versioning();
}

void HistoryActions::updateActions()
{
    for (QAction *action : {m_keepAction, m_deletedAction, m_retentionAction})
        action->setEnabled(hasTable());
}

void HistoryActions::warn(const QString &title, const QString &text)
{
    auto *box = new QMessageBox(QMessageBox::Warning, title, text, QMessageBox::Ok, m_dialogParent);
    box->setObjectName(u"historyMessage"_s);
    box->setAttribute(Qt::WA_DeleteOnClose);
    box->open();
}

void HistoryActions::keepHistory()
{
    if (!hasTable())
        return;
    const QString table = m_model->schema().table;
    const Result<History::Status> status = History::status(m_model->database(), table);
    if (!status)
        return warn(tr("Keep History"), tr("Cannot read the history setting of %1: %2").arg(table, status.error().message));
    auto *dialog = new KeepHistoryDialog(table, status.value(), m_dialogParent);
    dialog->setAttribute(Qt::WA_DeleteOnClose);
    connect(dialog, &QDialog::accepted, this, [this, dialog, table] {
        const Result<void> done = applyChoice(table, dialog->keepHistory(), dialog->retention(), dialog->dropHistory());
        if (!done)
            warn(tr("Keep History"), done.error().message);
    });
    m_keepDialog = dialog;
    dialog->open();
}

Result<void> HistoryActions::applyChoice(const QString &table, bool keep, const History::Retention &retention,
                                         bool dropHistory)
{
    if (!hasTable() || m_model->schema().table != table)
        return makeError(ErrorCode::InvalidArgument, tr("%1 is no longer the table shown.").arg(table));
    const Result<History::Status> status = History::status(m_model->database(), table);
    if (!status)
        return status.error();
    if (!keep && status.value().state == History::State::Off)
        return {}; // nothing kept, nothing to stop
    if (m_runner->isBusy())
        return makeError(ErrorCode::LockHeld, tr("Another operation is running; try again when it has finished."));
    // History triggers change the table's schema: exclusive work, run like Enable Versioning…
    // by a job under the table's lock, on a connection of its own.
    m_runner->start(keep ? HistorySettingsJob::enabling(m_address, table, retention)
                         : HistorySettingsJob::disabling(m_address, table, dropHistory));
    return {};
}

void HistoryActions::showDeletedRecords()
{
    if (!hasTable())
        return;
    auto *dialog = new DeletedRecordsDialog(m_model->schema().table, m_dialogParent);
    dialog->setAttribute(Qt::WA_DeleteOnClose);
    connect(dialog, &DeletedRecordsDialog::recoverRequested, this, [this, dialog](const History::DeletedRecord &record) {
        const Result<QString> done = recover(record);
        refreshDeleted();
        dialog->setStateText(done ? done.value() : done.error().message);
    });
    m_deletedDialog = dialog;
    refreshDeleted();
    dialog->open();
}

void HistoryActions::refreshDeleted()
{
    if (!m_deletedDialog || !hasTable())
        return;
    const Result<QList<History::DeletedRecord>> records = History::deleted(m_model->database(), m_model->schema());
    if (!records) {
        m_deletedDialog->setRecords({});
        m_deletedDialog->setStateText(tr("Cannot read the deleted records: %1").arg(records.error().message));
        return;
    }
    m_deletedDialog->setRecords(records.value());
}

Result<QString> HistoryActions::recover(const History::DeletedRecord &record)
{
    if (!hasTable())
        return makeError(ErrorCode::InvalidArgument, tr("No table is shown."));
    if (m_model->hasPendingWork()) {
        return makeError(ErrorCode::InvalidArgument,
                         tr("Save or revert your edits of %1 first: the table is read again after a recovery.")
                             .arg(m_model->schema().table));
    }
    const History::WriteOutcome outcome =
        History::recover(m_model->database(), m_model->schema(), *m_model->versioning(), record.key);
    const QString table = m_model->schema().table;
    switch (outcome.kind) {
    case History::WriteOutcome::Kind::Written:
        break;
    case History::WriteOutcome::Kind::KeyReused:
        Q_EMIT tableChanged(table, false); // the grid shows the row that took the key
        return makeError(ErrorCode::InvalidArgument,
                         tr("%1 of %2 was not recovered: a record with this key exists again. Nothing was written.")
                             .arg(keyText(record.key), table));
    case History::WriteOutcome::Kind::Unknown:
        Q_EMIT tableChanged(table, false);
        return makeError(ErrorCode::ConnectionFailed,
                         tr("The connection was lost while %1 of %2 was being recovered: whether it was stored is "
                            "unknown. The table is read again when the connection is back; look for the record "
                            "before recovering it again.")
                             .arg(keyText(record.key), table));
    case History::WriteOutcome::Kind::Conflict:
    case History::WriteOutcome::Kind::Failed:
    default:
        return makeError(outcome.error.code, tr("%1 of %2 was not recovered: %3")
                                                  .arg(keyText(record.key), table, outcome.error.message));
    }
    const QVariant version = outcome.stored.value(m_model->schema().versionColumn);
    const QString text = tr("Recovered %1 of %2 at version %3.").arg(keyText(record.key), table, version.toString());
    Q_EMIT message(text);
    Q_EMIT tableChanged(table, false);
    return text;
}

void HistoryActions::applyRetention()
{
    if (!hasTable())
        return;
    if (m_runner->isBusy())
        return warn(tr("Apply History Retention"), tr("Another operation is running; try again when it has finished."));
    m_runner->start(new HistoryRetentionJob(m_address, m_model->schema().table));
}

void HistoryActions::onJobFinished(Job *job, const JobResult &result)
{
    if (auto *settings = qobject_cast<HistorySettingsJob *>(job)) {
        if (!result)
            return warn(tr("Keep History"), result.error().message);
        const QString table = settings->table();
        const QString text = settings->isEnabling()
                                 ? tr("History of %1 is kept (%2).").arg(table, settings->retention().text())
                                 : settings->dropsHistory()
                                 ? tr("History of %1 is no longer kept; its versions were deleted.").arg(table)
                                 : tr("History of %1 is no longer kept; the versions recorded so far are kept.").arg(table);
        m_runner->setResultText(text, false);
        Q_EMIT message(text);
        Q_EMIT historyChanged(table);
        return;
    }
    auto *retention = qobject_cast<HistoryRetentionJob *>(job);
    if (!retention)
        return;
    if (result) {
        m_runner->setResultText(tr("History of %1: %n old version(s) removed.", nullptr, retention->removed())
                                    .arg(retention->table()),
                                false);
        Q_EMIT historyChanged(retention->table());
    }
}

} // namespace Concord
