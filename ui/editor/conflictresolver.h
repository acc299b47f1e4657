// SPDX-License-Identifier: MIT
// SPDX-FileCopyrightText: 2026 Concord developers
#pragma once

#include <core/merge/recordmodifiederror.h>

#include <QList>
#include <QObject>
#include <QPointer>

class QWidget;

namespace Concord {

class MergeDialog;
class SaveController;
class VersionedTableModel;

/// Walks the user through a model's open conflicts, one MergeDialog at a time ("2 of 3").
///
/// Each accepted dialog goes through VersionedTableModel::resolve() and is written at once through
/// the editor's SaveController (which reports a failed write); when the record changed yet again meanwhile, the dialog comes back for it with
/// the new theirs. Cancel stops the sequence: that record and the ones not reached yet keep my
/// edits pending and their conflicts open, to be reviewed again later.
///
/// The dialogs are window-modal and opened with open(), never exec(): the resolver reacts to
/// their finished() signal, so nothing nests an event loop.
class ConflictResolver : public QObject
{
    Q_OBJECT

public:
    /// \a dialogParent owns the dialogs and is the window they are modal to; \a saver writes
    /// each resolution (it must outlive the resolver).
    ConflictResolver(QWidget *dialogParent, SaveController *saver);

    /// The model whose conflicts are resolved; null stops any sequence.
    void setModel(VersionedTableModel *model);

    /// Reviews every open conflict in row order. While a sequence runs this only raises its dialog.
    void reviewAll();
    /// Reviews the conflict on \a row alone; false when the row has none.
    bool reviewRow(int row);
    /// Stops the sequence, closing its dialog as if cancelled.
    void stop();

    bool isActive() const { return !m_dialog.isNull(); }
    /// The dialog on screen, or null.
    MergeDialog *dialog() const { return m_dialog; }

Q_SIGNALS:
    /// A resolution was written (or a discard applied), and the record has no conflict left.
    /// The rows to refresh are in the SaveController's saveFinished(). A failed write emits no
    /// resolved(): it is the SaveController's failed(), and stops the sequence.
    void resolved();
    /// The sequence ended: every record reviewed, cancelled or failed.
    void finished();

private:
    void start(const QList<int> &rows);
    void showCurrent();
    void apply(MergeDialog *dialog);
    void end();

    QWidget *m_dialogParent = nullptr;
    SaveController *m_saver = nullptr;
    QPointer<VersionedTableModel> m_model;
    QPointer<MergeDialog> m_dialog;
    QList<int> m_rows; ///< the rows of this sequence, in order
    int m_current = 0; ///< index into m_rows
};

} // namespace Concord
