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

// Returns how many were found changed by someone else.
int noteLostAnswers(SaveOutcome &outcome, const QList<VersionedTableModel::UncertainRow> &rows)
{
    if (rows.isEmpty())
        return 0;
    int conflicted = 0;
    for (const VersionedTableModel::UncertainRow &row : rows) {
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
    return conflicted;
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
    noteLostAnswers(outcome, report.uncertain);
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

SaveOutcome SaveController::recheckLostAnswers()
{
    SaveOutcome outcome;
    if (!m_model || !m_model->hasUncheckedRows())
        return outcome;
    outcome.rows = m_model->pendingRows();
    const QList<VersionedTableModel::UncertainRow> checked = m_model->recheckUncertainRows();
    if (checked.isEmpty())
        return outcome;
    outcome.conflicted = noteLostAnswers(outcome, checked);
    outcome.saved = outcome.lostStored;
    outcome.failed = outcome.lostNotStored + outcome.lostUnchecked;
    outcome.status = outcome.conflicted > 0 ? SaveOutcome::Status::Conflicts
        : outcome.failed > 0                ? SaveOutcome::Status::Failed
                                            : SaveOutcome::Status::Saved;
    emit saveFinished(outcome);
    return outcome;
}

} // namespace Concord
