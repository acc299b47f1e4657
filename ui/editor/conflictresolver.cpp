// SPDX-License-Identifier: MIT
// SPDX-FileCopyrightText: 2026 Concord developers
#include "conflictresolver.h"

#include <ui/editor/savecontroller.h>
#include <ui/merge/mergedialog.h>

#include <core/db/tableschema.h>
#include <core/model/versionedtablemodel.h>
#include <core/versioning/auditconfig.h>

#include <QWidget>

namespace Concord {

namespace {

MergeDialogOptions optionsFor(const VersionedTableModel &model, const RecordModifiedError &conflict)
{
    MergeDialogOptions options;
    options.theirVersions = theirVersionsFromHistory(model.database(), model.schema(), conflict);
    options.merge.versionColumn = model.schema().versionColumn;
    // Who and when are Concord's to write: the merge takes theirs, and the header names them.
    const AuditColumns &audit = model.auditColumns();
    options.modifiedByColumn = audit.byColumn;
    options.modifiedAtColumn = audit.atColumn;
    for (const QString &column : {audit.byColumn, audit.atColumn}) {
        if (!column.isEmpty())
            options.merge.computedColumns << column;
    }
    return options;
}

} // namespace

ConflictResolver::ConflictResolver(QWidget *dialogParent, SaveController *saver)
    : QObject(dialogParent)
    , m_dialogParent(dialogParent)
    , m_saver(saver)
{
}

void ConflictResolver::setModel(VersionedTableModel *model)
{
    stop();
    m_model = model;
}

void ConflictResolver::reviewAll()
{
    if (isActive()) {
        m_dialog->raise();
        m_dialog->activateWindow();
        return;
    }
    if (!m_model)
        return;
    QList<int> rows;
    for (const RecordModifiedError &conflict : m_model->conflicts())
        rows << conflict.row;
    start(rows);
}

bool ConflictResolver::reviewRow(int row)
{
    if (isActive() || !m_model || !m_model->hasConflict(row))
        return false;
    start({row});
    return true;
}

void ConflictResolver::stop()
{
    if (!isActive())
        return;
    MergeDialog *dialog = m_dialog;
    m_dialog.clear(); // its finished() must not move the sequence on
    dialog->reject();
    dialog->deleteLater();
    end();
}

void ConflictResolver::start(const QList<int> &rows)
{
    m_rows = rows;
    m_current = 0;
    showCurrent();
}

// Rows whose conflict went away meanwhile (a revert, a reload) are skipped, and the progress
// still counts them, so that "3 of 3" stays the last one the user was promised.
void ConflictResolver::showCurrent()
{
    while (m_current < m_rows.size() && !(m_model && m_model->hasConflict(m_rows.at(m_current))))
        ++m_current;
    if (m_current >= m_rows.size()) {
        end();
        return;
    }
    const RecordModifiedError conflict = *m_model->conflict(m_rows.at(m_current));
    auto *dialog = new MergeDialog(conflict, optionsFor(*m_model, conflict), m_dialogParent);
    dialog->setAttribute(Qt::WA_DeleteOnClose);
    dialog->setProgress(m_current + 1, int(m_rows.size()));
    m_dialog = dialog;
    connect(dialog, &QDialog::finished, this, [this, dialog] {
        if (m_dialog != dialog)
            return; // stopped
        m_dialog.clear();
        if (dialog->choice() == MergeDialog::Choice::Cancel)
            end();
        else
            apply(dialog);
    });
    dialog->open();
}

void ConflictResolver::apply(MergeDialog *dialog)
{
    const RecordModifiedError &conflict = dialog->conflict();
    const bool discardUpdate = dialog->choice() == MergeDialog::Choice::Discard && !conflict.deletedByOther;
    if (discardUpdate)
        m_model->revertRow(conflict.row); // taking theirs
    else
        m_model->resolve(conflict, dialog->resolution());

    // The record's row is refreshed even when nothing of it is pending any more: a record
    // deleted by the other user is then removed from view.
    const SaveOutcome outcome = m_saver->save({conflict.row});
    // A write that failed (a re-created record the database refused, a busy table) resolved
    // nothing: the SaveController's failed() says why, and the record stays pending.
    if (outcome.status == SaveOutcome::Status::TableLocked || outcome.status == SaveOutcome::Status::Failed) {
        end();
        return;
    }
    // Changed once more while the dialog was open: the same record comes back with the new theirs.
    if (!m_model->hasConflict(conflict.row)) {
        emit resolved();
        ++m_current;
    }
    showCurrent();
}

void ConflictResolver::end()
{
    m_rows.clear();
    m_current = 0;
    emit finished();
}

} // namespace Concord
