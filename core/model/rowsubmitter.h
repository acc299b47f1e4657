// SPDX-License-Identifier: MIT
// SPDX-FileCopyrightText: 2026 Concord developers
#pragma once

#include <core/db/tableschema.h>
#include <core/merge/recordmodifiederror.h>
#include <core/versioning/versionedwriter.h>

#include <QList>
#include <QPointer>
#include <QSqlError>
#include <QSqlRecord>

#include <functional>
#include <optional>

namespace Concord {

class AdvisoryLock;
class Transaction;

/// One row's write in a submit pass, and what came of it.
struct RowWrite
{
    /// Unknown: sent, and the connection was lost before the answer (see VersionedWriter).
    enum class Outcome { Written, Unchanged, Conflict, Failed, Unknown };

    int row = -1;
    Outcome outcome = Outcome::Failed;
    bool isDelete = false;
    bool isInsert = false;
    QSqlRecord key;    ///< the primary key as loaded (updates and deletes)
    QSqlRecord base;   ///< the row as loaded (updates and deletes)
    QSqlRecord mine;   ///< the values to write (updates)
    QSqlRecord stored; ///< the row as the database stored it (RETURNING), for updates and inserts
    QList<int> storedFields; ///< the fields of stored the database supplied, the others are mine (empty: all)
    UncertainWrite uncertain; ///< when Unknown: what the writer tried (VersionedWriter::uncertainWrite())
};

/// What a pass over the pending rows did, before its transaction ends.
struct SubmitPass
{
    QList<RowWrite> written;
    QList<RecordModifiedError> conflicts;
    QSqlError failure;
    int failed = 0; ///< rows that failed with a database error
    std::optional<RowWrite> failedWrite; ///< the first of them, whose error is failure
    /// Rows whose write was sent and whose answer was lost (outcome Unknown, or Written in a
    /// transaction whose COMMIT went unanswered): to be read again before anything is claimed.
    QList<RowWrite> uncertain;
    QSqlError uncertainError; ///< why the first of them is uncertain
};

/// The write side of a VersionedTableModel: the table's schema and VersionedWriter, the table
/// lock check, the version-checked write of each row and the conflicts it finds. It knows no
/// model: the model hands it each row's key, base and values (RowWrite) and applies the result.
class RowSubmitter
{
public:
    /// Uses \a schema and \a config for the writes on \a db; reset() forgets them.
    void setTable(const QSqlDatabase &db, const TableSchema &schema, const VersioningConfig &config);
    void reset();
    bool hasTable() const { return m_writer.has_value(); }
    const TableSchema &schema() const { return m_schema; }
    /// The writer; only while hasTable().
    const VersionedWriter &writer() const { return *m_writer; }

    void setTableLock(AdvisoryLock *lock);
    AdvisoryLock *tableLock() const;
    /// The refusal of a save while another owner holds \a table's lock exclusively (or its
    /// holders cannot be read); nothing when the save may go ahead or no lock was set.
    std::optional<QSqlError> tableLockRefusal(const QString &table) const;

    /// The guards VersionGuard::forModel() holds on the model; update() and remove() apply them.
    GuardCounts &guardCounts() { return m_guards; }

    /// Writes one row: \a write gives its key and base, and gets the stored row back.
    RowWrite::Outcome update(RowWrite &write, const QSqlRecord &values);
    RowWrite::Outcome remove(RowWrite &write);
    RowWrite::Outcome insert(RowWrite &write, const QSqlRecord &values);
    /// The database error of the last write that failed.
    QSqlError lastWriteError() const { return m_lastWriteError; }

    /// Writes \a rows in order through \a writeRow, collecting the outcomes. With \a useSavepoints a
    /// failing row is rolled back alone; without, the first failure ends the pass unless
    /// \a saveOthers. A delete that conflicts because the row is gone already counts as written.
    SubmitPass writeRows(const QList<int> &rows, Transaction &transaction, bool useSavepoints, bool saveOthers,
                         const std::function<RowWrite(int)> &writeRow);
    /// True when writeBatched() can put many updates in one statement (PostgreSQL).
    bool canBatch() const { return m_writer && m_writer->canBatch(); }
    /// Writes \a writes (described rows, in order; an update's values are its mine) inside an
    /// open transaction: the updates through VersionedWriter::updateBatch(), then the inserts and
    /// deletes one by one through \a writeOther. The first failure ends the pass, and then the
    /// outcomes of the batch are not known: the caller rolls back (see submitAll()).
    SubmitPass writeBatched(QList<RowWrite> writes, const std::function<void(RowWrite &)> &writeOther);
    /// The conflict of \a write, with theirs read from the database now.
    RecordModifiedError conflictOf(const RowWrite &write) const;
    /// The conflict of \a write against \a theirs, a row already read (empty: deleted).
    RecordModifiedError conflictOf(const RowWrite &write, const QSqlRecord &theirs) const;
    /// What to read again for \a write, whose answer was lost: the writer's own description for
    /// an Unknown outcome, else (a Written row whose COMMIT went unanswered) the one made from
    /// the row the write returned.
    UncertainWrite uncertainOf(const RowWrite &write) const;
    /// The row the database holds now for \a key, empty when there is none (or no table).
    QSqlRecord readCurrent(const QSqlRecord &key) const;

private:
    RowWrite::Outcome fromWriter(VersionedWriter::Outcome outcome);
    void addOutcome(SubmitPass &pass, const RowWrite &write) const;
    QSqlError lastWriteFailure() const;

    TableSchema m_schema;
    std::optional<VersionedWriter> m_writer;
    GuardCounts m_guards;
    QPointer<AdvisoryLock> m_tableLock; ///< see VersionedTableModel::setTableLock()
    QSqlError m_lastWriteError;
};

} // namespace Concord
