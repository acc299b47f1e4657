// SPDX-License-Identifier: MIT
// SPDX-FileCopyrightText: 2026 Concord developers
#include "rowsubmitter.h"

#include <core/db/transaction.h>
#include <core/errors.h>
#include <core/locks/advisorylock.h>
#include <core/locks/tablelock.h>
#include <core/values/valuecomparison.h>

#include <QCoreApplication>
#include <QSqlField>

using namespace Qt::StringLiterals;

namespace Concord {

namespace {

const QString rowSavepoint = u"concord_row"_s;

} // namespace

void RowSubmitter::setTable(const QSqlDatabase &db, const TableSchema &schema, const VersioningConfig &config)
{
    m_schema = schema;
    m_writer.emplace(db, m_schema, config);
}

void RowSubmitter::reset()
{
    m_writer.reset();
    m_schema = {};
}

void RowSubmitter::setTableLock(AdvisoryLock *lock)
{
    m_tableLock = lock;
}

AdvisoryLock *RowSubmitter::tableLock() const
{
    return m_tableLock;
}

// Issue #5: saves fail, rather than wait, while another owner holds the table lock exclusively
// (see VersionedTableModel). Only a read, before the transaction; edits stay pending.
std::optional<QSqlError> RowSubmitter::tableLockRefusal(const QString &table) const
{
    const QString name = tableLockName(table);
    if (!m_tableLock || m_tableLock->isHeld(name))
        return std::nullopt;
    const auto holders = m_tableLock->holders(name);
    if (!holders) // cannot tell: refuse rather than write into a running import
        return QSqlError(holders.error().message, {}, QSqlError::ConnectionError, QString::fromLatin1(NativeError::LockHeld));
    for (const LockHolder &holder : holders.value()) {
        if (holder.mode == LockMode::Exclusive) {
            // The model's translation context: the message is the model's lastError().
            return QSqlError(QCoreApplication::translate("Concord::VersionedTableModel",
                                                         "%1 is busy: %2. Nothing was saved; save again when it is done.")
                                 .arg(table, holder.activityText()),
                             {}, QSqlError::TransactionError, QString::fromLatin1(NativeError::LockHeld));
        }
    }
    return std::nullopt;
}

RowWrite::Outcome RowSubmitter::fromWriter(VersionedWriter::Outcome outcome)
{
    switch (outcome) {
    case VersionedWriter::Outcome::Written:
        return RowWrite::Outcome::Written;
    case VersionedWriter::Outcome::Unchanged:
        return RowWrite::Outcome::Unchanged;
    case VersionedWriter::Outcome::Conflict:
        return RowWrite::Outcome::Conflict;
    case VersionedWriter::Outcome::Unknown:
        m_lastWriteError = m_writer->lastError();
        return RowWrite::Outcome::Unknown;
    case VersionedWriter::Outcome::Failed:
        break;
    }
    m_lastWriteError = m_writer->lastError();
    return RowWrite::Outcome::Failed;
}

// Written rows remember what they tried only when the answer is lost.
static void keepUncertain(RowWrite &write, const VersionedWriter &writer)
{
    if (write.outcome == RowWrite::Outcome::Unknown)
        write.uncertain = writer.uncertainWrite();
}

RowWrite::Outcome RowSubmitter::update(RowWrite &write, const QSqlRecord &values)
{
    const QVariant loaded = write.base.value(m_schema.versionColumn);
    const auto outcome = m_writer->update(write.key, loaded, write.base, values, m_guards.state(), &write.stored);
    write.storedFields = m_writer->lastStoredFields();
    write.outcome = fromWriter(outcome);
    keepUncertain(write, *m_writer);
    return write.outcome;
}

RowWrite::Outcome RowSubmitter::remove(RowWrite &write)
{
    write.outcome = fromWriter(m_writer->remove(write.key, write.base.value(m_schema.versionColumn), m_guards.state()));
    keepUncertain(write, *m_writer);
    return write.outcome;
}

RowWrite::Outcome RowSubmitter::insert(RowWrite &write, const QSqlRecord &values)
{
    write.outcome = fromWriter(m_writer->insert(values, &write.stored));
    keepUncertain(write, *m_writer);
    return write.outcome;
}

UncertainWrite RowSubmitter::uncertainOf(const RowWrite &write) const
{
    if (write.outcome == RowWrite::Outcome::Unknown)
        return write.uncertain;
    UncertainWrite uncertain;
    const QString &version = m_schema.versionColumn;
    if (write.isInsert) {
        uncertain.operation = UncertainWrite::Operation::Insert;
        for (const QString &column : m_schema.primaryKey) {
            if (const int at = write.stored.indexOf(column); at >= 0)
                uncertain.key.append(write.stored.field(at));
        }
        uncertain.values = m_writer->writtenFields(write.mine);
        uncertain.expectedVersion = write.stored.value(version);
        return uncertain;
    }
    uncertain.key = write.key;
    uncertain.loadedVersion = write.base.value(version);
    if (write.isDelete) {
        uncertain.operation = UncertainWrite::Operation::Delete;
        return uncertain;
    }
    uncertain.base = write.base;
    uncertain.values = m_writer->writtenFields(write.mine);
    uncertain.expectedVersion = m_writer->writtenVersion(write.stored);
    return uncertain;
}

SubmitPass RowSubmitter::writeRows(const QList<int> &rows, Transaction &transaction, bool useSavepoints,
                                   bool saveOthers, const std::function<RowWrite(int)> &writeRow)
{
    SubmitPass pass;
    for (int row : rows) {
        if (useSavepoints && !transaction.savepoint(rowSavepoint)) {
            pass.failure = transaction.lastError();
            break;
        }
        m_lastWriteError = {};
        const RowWrite write = writeRow(row);
        addOutcome(pass, write);
        if (write.outcome == RowWrite::Outcome::Failed && useSavepoints)
            transaction.rollbackTo(rowSavepoint);
        if (useSavepoints)
            transaction.release(rowSavepoint);
        else if (write.outcome == RowWrite::Outcome::Failed && !saveOthers)
            break; // the transaction is lost anyway; conflicts found so far are reported
    }
    return pass;
}

SubmitPass RowSubmitter::writeBatched(QList<RowWrite> writes, const std::function<void(RowWrite &)> &writeOther)
{
    SubmitPass pass;
    QList<VersionedWriter::BatchedUpdate> updates;
    QList<int> updateOf; // the write of each update
    for (int i = 0; i < writes.size(); ++i) {
        const RowWrite &write = writes.at(i);
        if (write.isInsert || write.isDelete)
            continue;
        updates << VersionedWriter::BatchedUpdate{write.key, write.base.value(m_schema.versionColumn), write.base,
                                                  write.mine, VersionedWriter::Outcome::Failed, {}};
        updateOf << i;
    }
    m_lastWriteError = {};
    const bool batched = m_writer->updateBatch(updates, m_guards.state());
    for (int u = 0; batched && u < updates.size(); ++u) {
        RowWrite &write = writes[updateOf.at(u)];
        write.outcome = fromWriter(updates.at(u).outcome);
        write.stored = updates.at(u).stored;
    }
    if (!batched) {
        m_lastWriteError = m_writer->lastError();
        ++pass.failed;
        pass.failure = lastWriteFailure();
        return pass;
    }
    for (RowWrite &write : writes) {
        if (write.isInsert || write.isDelete) {
            m_lastWriteError = {};
            writeOther(write);
        }
        addOutcome(pass, write);
        if (write.outcome == RowWrite::Outcome::Failed)
            break;
    }
    return pass;
}

// A failed row always fails the save with a reason: never "saved" for a write that was not.
QSqlError RowSubmitter::lastWriteFailure() const
{
    if (m_lastWriteError.isValid())
        return m_lastWriteError;
    // The model's translation context: the message is the model's lastError().
    return QSqlError(QCoreApplication::translate("Concord::VersionedTableModel", "A record could not be saved."), {},
                     QSqlError::UnknownError);
}

void RowSubmitter::addOutcome(SubmitPass &pass, const RowWrite &write) const
{
    switch (write.outcome) {
    case RowWrite::Outcome::Written:
    case RowWrite::Outcome::Unchanged:
        pass.written << write;
        break;
    case RowWrite::Outcome::Conflict: {
        // A read that failed proves nothing: neither "deleted by both" nor "deleted by them".
        const auto current = m_writer ? m_writer->readRow(write.key) : Result<QSqlRecord>(QSqlRecord());
        if (!current) {
            ++pass.failed;
            if (!pass.failure.isValid())
                pass.failure = current.error().sqlError.isValid() ? current.error().sqlError
                                                                  : QSqlError(current.error().message, {}, QSqlError::UnknownError);
        } else if (write.isDelete && current.value().isEmpty()) {
            pass.written << write; // deleted by both: gone, as both wanted
        } else {
            pass.conflicts << conflictOf(write);
        }
        break;
    }
    case RowWrite::Outcome::Unknown:
        pass.uncertain << write;
        if (!pass.uncertainError.isValid())
            pass.uncertainError = lastWriteFailure();
        break;
    case RowWrite::Outcome::Failed:
        ++pass.failed;
        // A failed row always fails the save, with a reason: never "saved" for a write that was not.
        if (!pass.failure.isValid() && m_lastWriteError.isValid())
            pass.failedWrite = write;
        if (!pass.failure.isValid())
            pass.failure = lastWriteFailure();
        break;
    }
}

RecordModifiedError RowSubmitter::conflictOf(const RowWrite &write) const
{
    return conflictOf(write, readCurrent(write.key));
}

RecordModifiedError RowSubmitter::conflictOf(const RowWrite &write, const QSqlRecord &theirs) const
{
    RecordModifiedError error;
    error.table = m_schema.table;
    error.operation = write.isDelete ? RecordModifiedError::Operation::Delete : RecordModifiedError::Operation::Update;
    error.row = write.row;
    error.key = write.key;
    error.base = write.base;
    if (error.operation == RecordModifiedError::Operation::Update)
        error.mine = write.mine;
    error.theirs = theirs;
    error.deletedByOther = error.theirs.isEmpty();
    error.loadedVersion = error.base.value(m_schema.versionColumn);
    if (!error.deletedByOther) {
        error.currentVersion = error.theirs.value(m_schema.versionColumn);
        error.changedByThem = changedFields(error.base, error.theirs, {m_schema.versionColumn});
    }
    if (!error.mine.isEmpty())
        error.changedByMe = changedFields(error.base, error.mine, {m_schema.versionColumn});
    return error;
}

QSqlRecord RowSubmitter::readCurrent(const QSqlRecord &key) const
{
    return m_writer ? m_writer->readCurrent(key) : QSqlRecord();
}

} // namespace Concord
