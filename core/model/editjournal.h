// SPDX-License-Identifier: MIT
// SPDX-FileCopyrightText: 2026 Concord developers
#pragma once

#include <core/result.h>

#include <QDateTime>
#include <QJsonObject>
#include <QList>
#include <QObject>
#include <QPointer>
#include <QStringList>
#include <QVariant>

namespace Concord {

class DatabaseAddress;
class VersionedTableModel;

/// One unsaved change of a record, as kept in an edit journal.
struct JournalEntry
{
    enum class Kind { Update, Insert, Delete };
    Kind kind = Kind::Update;
    QJsonObject key;          ///< the record's key (empty for an insert without one), typed values
    QVariant loadedVersion;   ///< the version the edit was made on (updates and deletes)
    QJsonObject values;       ///< updates: the fields edited; inserts: every field typed
};

/// The unsaved edits of one table of one database, as they were when last written.
struct Journal
{
    QString address; ///< DatabaseAddress::toString(), which never holds a password
    QString table;
    QDateTime savedAt;
    QList<JournalEntry> entries;

    /// Reads a journal file; NotFound when there is none, InvalidValue when it is damaged.
    static Result<Journal> read(const QString &path);
};

/// What restoring a journal did. Edits of records someone changed or deleted since are not
/// applied (they would overwrite that change without a conflict); they are listed with their
/// values, so that nothing the user typed is dropped without a word.
struct RestoreReport
{
    int restored = 0;
    QStringList notRestored; ///< "id=5 (changed by someone else since): city = Lisbon"
};

/// Keeps a model's pending edits on disk as they are made, so that a crash or a kill loses none
/// (issue #10). The file is rewritten atomically (QSaveFile) after each change of the pending
/// edits, coalesced to one write per event-loop turn, and removed when nothing is pending. It holds
/// the address as text (never a password), the table, and per pending row its key, the version
/// the edit was made on and the edited values. Destroying the journal keeps the file: only
/// discard() or an empty set of edits removes it, so that a crash looks like a crash.
class EditJournal : public QObject
{
    Q_OBJECT

public:
    /// Journals \a model's edits for \a address into \a path.
    EditJournal(VersionedTableModel *model, const DatabaseAddress &address, QString path, QObject *parent = nullptr);
    ~EditJournal() override;

    /// Where the journal of \a table of \a address lives: the application's data folder,
    /// journal/<hash of address and table>.json.
    static QString pathFor(const DatabaseAddress &address, const QString &table);

    QString path() const { return m_path; }
    /// Writes the model's pending edits now (normally done by itself).
    Result<void> writeNow();
    /// Removes the file: the user chose to drop the edits.
    void discard();
    /// The error of the last write, if it failed (shown by the editor: the edits are then only
    /// in memory).
    QString lastError() const { return m_lastError; }

    /// Applies \a journal's edits to \a model, which shows the journal's table: unchanged records
    /// get their edits back as pending edits, inserts come back as new rows, deletes as pending
    /// deletes. See RestoreReport for the rest. Fails with InvalidArgument for another table.
    static Result<RestoreReport> restore(VersionedTableModel &model, const Journal &journal);

Q_SIGNALS:
    void writeFailed(const QString &reason);

private:
    void scheduleWrite();
    QJsonObject snapshot() const;

    QPointer<VersionedTableModel> m_model;
    QString m_address;
    QString m_path;
    QString m_lastError;
    bool m_writeScheduled = false;
};

} // namespace Concord
