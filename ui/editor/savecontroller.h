// SPDX-License-Identifier: MIT
// SPDX-FileCopyrightText: 2026 Concord developers
#pragma once

#include <core/merge/recordmodifiederror.h>

#include <QList>
#include <QObject>
#include <QPointer>
#include <QString>

namespace Concord {

class VersionedTableModel;

/// What one save did, read once from the model so that no caller interprets lastError() again.
struct SaveOutcome
{
    enum class Status {
        Saved,         ///< every pending edit was written (or nothing was pending)
        Conflicts,     ///< some records changed meanwhile; they stay pending with open conflicts
        TableLocked,   ///< someone else holds the table: nothing was written, every edit is kept
        Failed,        ///< a database error; edits that were not written stay pending
        NoModel,       ///< there is no model to save
    };

    Status status = Status::NoModel;
    int saved = 0;      ///< records written by this save
    int conflicted = 0; ///< records that conflicted
    int failed = 0;     ///< records that failed for another reason
    /// The rows that were pending before the save: some may now be removed from the model.
    QList<int> rows;
    /// Why, for TableLocked and Failed (the model's lastError() text).
    QString reason;
    /// The driver's own text when reason is Concord's explanation of a refused record
    /// (VersionedTableModel::lastErrorDetails()), for a "Details" view; empty otherwise.
    QString details;
    /// The server went away while saving: the answer to a write, or to the save's COMMIT, was
    /// lost, and the model read those records again on a new connection
    /// (VersionedTableModel::SubmitReport::uncertain). How many it found stored (saved now, and
    /// counted in saved), not stored, or could not check; the last two stay pending. Those found
    /// changed by someone else are conflicts.
    int lostStored = 0;
    int lostNotStored = 0;
    int lostUnchecked = 0;
    /// What the window tells the user about them; empty when no answer was lost.
    QString lostNote;

    bool ok() const { return status == Status::Saved; }
    /// True when an answer was lost during this save (the connection is gone since).
    bool lostAnswer() const { return !lostNote.isEmpty(); }
};

/// The one owner of "save" in the editor: every path that writes the grid's pending edits (the
/// Save action, a resolved conflict, and later autosave on reconnect and the form view) goes
/// through save(), which submits the model and reads the outcome into a SaveOutcome. The caller
/// decides what to show next (the window opens the merge sequence on conflicts; the conflict
/// resolver moves to the next record); what every save shares is signalled here: written() for
/// the rows to refresh, failed() for a save that could not write.
class SaveController : public QObject
{
    Q_OBJECT

public:
    explicit SaveController(QObject *parent = nullptr);

    /// The model saved; null disables saving (save() returns NoModel).
    void setModel(VersionedTableModel *model);
    VersionedTableModel *model() const;

    /// Writes every pending edit of the model under the version check. \a alsoAffected are rows
    /// the caller changed without leaving them pending (a conflict settled by taking theirs, a
    /// record the other user deleted): they join SaveOutcome::rows, for the view to refresh.
    SaveOutcome save(const QList<int> &alsoAffected = {});
    /// Once reconnected: reads again the records a save could not check after the server went
    /// away (VersionedTableModel::recheckUncertainRows()). When there were any, its outcome is
    /// signalled like a save's (saveFinished(), with lostNote saying what they turned out to
    /// be; never failed(): nothing was refused); NoModel when there was nothing to check.
    SaveOutcome recheckLostAnswers();

Q_SIGNALS:
    /// A save ran; \a outcome says what it did. Emitted for every save, after the model settled.
    void saveFinished(const Concord::SaveOutcome &outcome);
    /// A save wrote nothing or not everything for a reason other than a conflict (TableLocked,
    /// Failed); \a reason says why, \a details holds the driver's text when the reason is an
    /// explanation of it (SaveOutcome::details). The edits are still in the model.
    void failed(const QString &reason, const QString &details);

private:
    QPointer<VersionedTableModel> m_model;
};

} // namespace Concord

Q_DECLARE_METATYPE(Concord::SaveOutcome)
