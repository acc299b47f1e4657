// SPDX-License-Identifier: MIT
// SPDX-FileCopyrightText: 2026 Concord developers
#include "savecontroller.h"

#include <core/errors.h>
#include <core/model/versionedtablemodel.h>
#include <core/text.h>
#include <core/versioning/uncertainwrite.h>

namespace Concord {

namespace {

SaveOutcome::Status statusOf(bool saved, const QSqlError &error)
{
    if (saved)
        return SaveOutcome::Status::Saved;
    if (isRecordModified(error))
        return SaveOutcome::Status::Conflicts;
    if (isLockHeld(error))
        return SaveOutcome::Status::TableLocked;
    return SaveOutcome::Status::Failed;
}

// One sentence for the status bar: what reading the records again told, and that nothing is lost.
QString lostNoteOf(const SaveOutcome &outcome, int conflicted)
{
    QStringList found;
    if (outcome.lostStored > 0)
        found << countText(outcome.lostStored, SaveController::tr("%1 record stored"), SaveController::tr("%1 records stored"));
    if (outcome.lostNotStored > 0)
        found << countText(outcome.lostNotStored, SaveController::tr("%1 record not stored (the edit is kept: save again)"),
                           SaveController::tr("%1 records not stored (the edits are kept: save again)"));
    if (outcome.lostUnchecked > 0)
        found << countText(outcome.lostUnchecked, SaveController::tr("%1 record could not be checked (the edit is kept)"),
                           SaveController::tr("%1 records could not be checked (the edits are kept)"));
    if (conflicted > 0)
        found << countText(conflicted, SaveController::tr("%1 record changed by someone else"),
                           SaveController::tr("%1 records changed by someone else"));
    return SaveController::tr("The server went away while saving; the records were read again: %1.")
        .arg(found.join(QStringLiteral("; ")));
}

void noteLostAnswers(SaveOutcome &outcome, const VersionedTableModel::SubmitReport &report)
{
    if (report.uncertain.isEmpty())
        return;
    int conflicted = 0;
    for (const VersionedTableModel::UncertainRow &row : report.uncertain) {
        switch (row.resolution) {
        case WriteResolution::Stored:
            ++outcome.lostStored;
            break;
        case WriteResolution::NotStored:
            ++outcome.lostNotStored;
            break;
        case WriteResolution::Unchecked:
            ++outcome.lostUnchecked;
            break;
        case WriteResolution::ChangedByOther:
            ++conflicted;
            break;
        }
    }
    outcome.lostNote = lostNoteOf(outcome, conflicted);
}

} // namespace

SaveController::SaveController(QObject *parent)
    : QObject(parent)
{
    qRegisterMetaType<SaveOutcome>();
}

void SaveController::setModel(VersionedTableModel *model)
{
    m_model = model;
}

VersionedTableModel *SaveController::model() const
{
    return m_model;
}

SaveOutcome SaveController::save(const QList<int> &alsoAffected)
{
    SaveOutcome outcome;
    if (!m_model)
        return outcome;
    outcome.rows = m_model->pendingRows();
    for (int row : alsoAffected) {
        if (!outcome.rows.contains(row))
            outcome.rows << row;
    }
    const bool saved = m_model->submitAll();
    const VersionedTableModel::SubmitReport report = m_model->lastSubmitReport();
    outcome.status = statusOf(saved, m_model->lastError());
    outcome.saved = report.saved;
    outcome.conflicted = report.conflicted;
    outcome.failed = report.failed;
    noteLostAnswers(outcome, report);
    if (outcome.status == SaveOutcome::Status::TableLocked || outcome.status == SaveOutcome::Status::Failed)
    {
        outcome.reason = describeSqlError(m_model->lastError()); // the cause first: lost, busy, read-only, full
        outcome.details = m_model->lastErrorDetails();
    }
    emit saveFinished(outcome);
    if (!outcome.reason.isEmpty())
        emit failed(outcome.reason, outcome.details);
    return outcome;
}

} // namespace Concord
