// SPDX-License-Identifier: MIT
// SPDX-FileCopyrightText: 2026 Concord developers
#include "savecontroller.h"

#include <core/errors.h>
#include <core/model/versionedtablemodel.h>

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
