// SPDX-License-Identifier: MIT
// SPDX-FileCopyrightText: 2026 Concord developers
//
// VersionedTableModel's write side: submitAll(), the stock hooks and resolve(). The statements
// and conflicts are RowSubmitter's; what is left here moves QSqlTableModel's edit cache along.
#include "versionedtablemodel.h"

#include <core/db/constraintviolation.h>
#include <core/db/tableschema.h>
#include <core/db/transaction.h>
#include <core/model/conflictbook.h>
#include <core/model/rowbook.h>
#include <core/model/rowsubmitter.h>
#include <core/text.h>

#include <QSqlField>
#include <QSqlIndex>

#include <algorithm>
#include <iterator>

namespace Concord {

namespace {

// The COMMIT went out and its answer did not come back: every row written in the transaction is
// stored, or none is. Only a re-read can tell which.
SubmitPass writtenAsUncertain(SubmitPass pass)
{
    const auto isWritten = [](const RowWrite &write) { return write.outcome == RowWrite::Outcome::Written; };
    std::copy_if(pass.written.cbegin(), pass.written.cend(), std::back_inserter(pass.uncertain), isWritten);
    pass.written.erase(std::remove_if(pass.written.begin(), pass.written.end(), isWritten), pass.written.end());
    return pass;
}

} // namespace

/// A pending row set aside while the stock submit is replayed (adoptWrittenRows()).
struct VersionedTableModel::StashedRow
{
    int row;
    bool isInsert;
    bool isDelete;
    QSqlRecord values;
};

bool VersionedTableModel::submitAll()
{
    m_stockCacheUsed = true; // the stock submit and the re-read of written rows fill the row cache
    m_report = {};
    m_lastErrorDetails.clear();
    const QList<int> rows = pendingRows();
    if (rows.isEmpty())
        return true;
    if (const std::optional<QSqlError> refused = m_submitter->tableLockRefusal(tableName())) {
        setLastError(*refused);
        return false;
    }

    // One row is one statement, atomic by itself: the transaction's two round trips would only
    // add latency to the most common save.
    const bool inTransaction = rows.size() > 1;
    const bool saveOthers = m_policy == SubmitPolicy::SaveOthers;
    Transaction transaction(database());
    if (inTransaction && !transaction.begin()) {
        setLastError(transaction.lastError());
        return false;
    }
    const auto writeOneByOne = [&] {
        return m_submitter->writeRows(rows, transaction, inTransaction && saveOthers, saveOthers,
                                      [this](int row) { return writeRow(row); });
    };
    // PostgreSQL writes the updates of a multi-row save in batches. A batch that fails does not
    // say which row the database refused: what it did is undone (the whole transaction, or with
    // SaveOthers the savepoint taken before it) and the rows are written again one by one, so
    // that the report names the row and every other row is saved or not as the policy says.
    // Conflicts are no failure: the rows the database did not return are reported, one by one.
    const bool batched = inTransaction && m_submitter->canBatch();
    SubmitPass pass;
    if (!batched) {
        pass = writeOneByOne();
    } else if (!beginBatch(transaction, saveOthers)) {
        setLastError(transaction.lastError());
        return false;
    } else {
        pass = writeBatched(rows);
        if (pass.failure.isValid()) {
            if (!undoBatch(transaction, saveOthers)) {
                setLastError(transaction.lastError());
                return false;
            }
            pass = writeOneByOne();
        } else if (saveOthers && !transaction.release(batchSavepoint())) {
            pass.failure = transaction.lastError();
        }
    }
    m_report.failed = pass.failed;
    m_report.conflicted = int(pass.conflicts.size());
    const bool abort = !saveOthers && (pass.failure.isValid() || !pass.conflicts.isEmpty());
    if (abort || (inTransaction && !transaction.commit())) {
        if (!abort && transaction.isCommitUnknown())
            return settleUncertain(writtenAsUncertain(pass), transaction.lastError());
        if (!abort)
            pass.failure = transaction.lastError();
        transaction.rollback();
        // Nothing was written: every edit is still pending, and conflicts are reported so that
        // the user can resolve them before trying again.
        reportConflicts(pass.conflicts);
        setSubmitFailure(pass);
        emit pendingChanged();
        return false;
    }
    if (!pass.uncertain.isEmpty()) // a row that commits by itself lost its answer
        return settleUncertain(pass, pass.uncertainError);
    return finishSubmit(pass);
}

QString VersionedTableModel::batchSavepoint()
{
    return QStringLiteral("concord_batch");
}

// Where a failed batch goes back to: the savepoint (SaveOthers), else the transaction's start.
bool VersionedTableModel::beginBatch(Transaction &transaction, bool saveOthers)
{
    return !saveOthers || transaction.savepoint(batchSavepoint());
}

bool VersionedTableModel::undoBatch(Transaction &transaction, bool saveOthers)
{
    if (saveOthers)
        return transaction.rollbackTo(batchSavepoint()) && transaction.release(batchSavepoint());
    transaction.rollback();
    return transaction.begin();
}

// After the commit: re-read what was written, mark inserted rows saved, report the rest.
bool VersionedTableModel::finishSubmit(const SubmitPass &pass)
{
    // Rows whose stored values came back with the write are adopted as they are; the others are
    // read again, one by one.
    QList<RowWrite> adopted;
    for (const RowWrite &write : pass.written) {
        const bool final = write.isDelete || write.isInsert || m_submitter->writer().returnsStoredRow();
        if (write.outcome == RowWrite::Outcome::Written && final)
            adopted << write;
        else
            refreshWrittenRow(write);
    }
    if (!adopted.isEmpty())
        adoptWrittenRows(adopted);
    m_report.saved = int(pass.written.size());
    reportConflicts(pass.conflicts);
    setSubmitFailure(pass);
    emit pendingChanged();
    const bool ok = pass.conflicts.isEmpty() && !pass.failure.isValid() && pass.failed == 0;
    if (ok)
        refreshIfIdle(); // others' changes that waited for my edits
    return ok;
}

// A record the database refused for one of its rules is named, with the rule, in words; the
// driver's text goes to lastErrorDetails(). Runs after the rollback: PostgreSQL refuses every
// statement of a transaction after an error, and the explanation reads the catalog.
void VersionedTableModel::setSubmitFailure(const SubmitPass &pass)
{
    if (!pass.failure.isValid())
        return;
    QString explanation;
    if (pass.failedWrite && pass.failedWrite->outcome == RowWrite::Outcome::Failed) {
        const RowWrite &failed = *pass.failedWrite;
        RecordWrite write;
        write.operation = failed.isInsert ? RecordWrite::Operation::Insert
                                          : failed.isDelete ? RecordWrite::Operation::Delete : RecordWrite::Operation::Update;
        write.table = tableName();
        write.key = failed.key;
        write.values = failed.isDelete ? failed.base : failed.mine;
        explanation = explainConstraintViolation(database(), pass.failure, write);
    }
    if (explanation.isEmpty()) {
        setLastError(pass.failure);
        return;
    }
    m_lastErrorDetails = pass.failure.text().trimmed();
    setLastError(QSqlError(explanation, {}, pass.failure.type(), pass.failure.nativeErrorCode()));
}

void VersionedTableModel::reportConflicts(const QList<RecordModifiedError> &conflicts)
{
    m_conflicts->add(conflicts);
    if (conflicts.isEmpty())
        return;
    setLastError(QSqlError(countText(conflicts.size(), tr("%1 record was changed by another user"),
                                     tr("%1 records were changed by another user")), {},
                           QSqlError::TransactionError, QString::fromLatin1(NativeError::RecordModified)));
    for (const RecordModifiedError &conflict : conflicts)
        emit recordModified(conflict);
}

// --- one row ------------------------------------------------------------------------------------

// What the write of \a row needs, read before the write: its key, base and current values.
RowWrite VersionedTableModel::describeRow(int row) const
{
    RowWrite write;
    write.row = row;
    write.isInsert = isPendingInsert(row);
    write.isDelete = !write.isInsert && isDeleteRow(row);
    write.mine = record(row);
    if (!write.isInsert) {
        write.key = primaryValues(row);
        write.base = baseRecord(row, write.key);
    }
    return write;
}

// The rows described at once, each update's values as beforeUpdate() handlers leave them.
SubmitPass VersionedTableModel::writeBatched(const QList<int> &rows)
{
    QList<RowWrite> writes;
    writes.reserve(rows.size());
    for (int row : rows) {
        RowWrite write = describeRow(row);
        if (!write.isInsert && !write.isDelete)
            emit beforeUpdate(write.row, write.mine);
        writes << write;
    }
    return m_submitter->writeBatched(writes, [this](RowWrite &write) {
        if (write.isInsert)
            writeInsert(write, write.mine);
        else
            writeDelete(write);
    });
}

RowWrite VersionedTableModel::writeRow(int row)
{
    RowWrite write = describeRow(row);
    if (write.isInsert)
        writeInsert(write, write.mine);
    else if (write.isDelete)
        writeDelete(write);
    else
        writeUpdate(write, write.mine);
    return write;
}

void VersionedTableModel::writeUpdate(RowWrite &write, const QSqlRecord &values)
{
    QSqlRecord rec(values);
    emit beforeUpdate(write.row, rec);
    write.outcome = m_submitter->update(write, rec);
}

void VersionedTableModel::writeDelete(RowWrite &write)
{
    emit beforeDelete(write.row);
    write.outcome = m_submitter->remove(write);
}

void VersionedTableModel::writeInsert(RowWrite &write, const QSqlRecord &values)
{
    QSqlRecord rec(values);
    emit beforeInsert(rec);
    write.outcome = m_submitter->insert(write, rec);
}

void VersionedTableModel::refreshWrittenRow(const RowWrite &write)
{
    selectRow(write.row);
    if (!write.isDelete)
        rememberBase(write.row);
    m_conflicts->remove(write.row);
    m_rows->untouch(write.row);
}

// --- adopting written rows ----------------------------------------------------------------------

// Marks rows this model has written as saved, with the values the database returned, without
// reading them again: QSqlTableModel's own submitAll() is the only call that marks a row
// submitted (and the only one that does it for an inserted row, which selectRow() refuses), so it
// is replayed with hooks that write nothing, after every other pending row is set aside so that
// the replay cannot mark it too.
void VersionedTableModel::adoptWrittenRows(QList<RowWrite> written)
{
    const QList<StashedRow> stashed = stashOtherPendingRows(written);
    replayStockSubmit(written);
    restoreStashed(stashed);
}

// Reverts every pending row that is not in \a written, which is renumbered as inserted rows
// leave. Returns the rows, top to bottom, with what restoreStashed() needs to put them back.
QList<VersionedTableModel::StashedRow> VersionedTableModel::stashOtherPendingRows(QList<RowWrite> &written)
{
    QList<StashedRow> stashed;
    QList<int> pending = pendingRows();
    std::sort(pending.rbegin(), pending.rend()); // removing a row moves only the rows below it
    for (int row : std::as_const(pending)) {
        if (std::any_of(written.cbegin(), written.cend(), [row](const RowWrite &w) { return w.row == row; }))
            continue;
        const bool isInsert = isPendingInsert(row);
        stashed << StashedRow{row, isInsert, isDeleteRow(row), record(row)};
        revertCachedRow(row);
        if (isInsert) {
            for (RowWrite &write : written) {
                if (write.row > row)
                    --write.row;
            }
            forgetRow(row);
        }
    }
    std::reverse(stashed.begin(), stashed.end());
    return stashed;
}

void VersionedTableModel::replayStockSubmit(const QList<RowWrite> &written)
{
    m_resolving = true;
    for (const RowWrite &write : written)
        putStoredValues(write);
    m_resolving = false;
    m_replaying = true;
    QSqlTableModel::submitAll();
    m_replaying = false;
    for (const RowWrite &write : written) {
        // A submitted insert is a loaded row from now on, as in QSqlTableModel's cache.
        if (write.isInsert)
            m_rows->setKind(write.row, RowBook::Kind::Loaded);
        if (write.isInsert)
            rememberBase(write.row);
        else if (!write.isDelete)
            m_rows->setBase(RowBook::keyString(write.stored.keyValues(primaryKey())), write.stored);
        m_conflicts->remove(write.row);
        m_rows->untouch(write.row);
        // The replay marked the rows without telling views; deleted rows are now empty.
        emit dataChanged(createIndex(write.row, 0), createIndex(write.row, columnCount() - 1));
        emit headerDataChanged(Qt::Vertical, write.row, write.row);
    }
}

// Writes the row as stored into the edit cache, cell by cell, but only the cells whose stored
// value is not what the cache already holds (the edited cells are): usually the version alone.
// Only the fields the database supplied can differ from mine.
void VersionedTableModel::putStoredValues(const RowWrite &write)
{
    const QSqlRecord &stored = write.stored;
    const QSqlRecord &mine = write.mine;
    // Each field is copied out once: QSqlRecord has no way to look at one in place.
    const auto put = [&](int i) {
        const QSqlField field = stored.field(i);
        const QSqlField held = i < mine.count() ? mine.field(i) : QSqlField();
        const int column = held.name() == field.name() ? i : fieldIndex(field.name());
        if (column < 0)
            return;
        const QVariant current = column == i ? held.value() : mine.value(column);
        const QVariant value = field.value();
        if (write.isInsert || value.metaType() != current.metaType() || value != current)
            QSqlTableModel::setData(createIndex(write.row, column), value);
    };
    if (write.isInsert || write.storedFields.isEmpty()) {
        for (int i = 0; i < stored.count(); ++i)
            put(i);
    } else {
        for (int i : write.storedFields)
            put(i);
    }
}

// Puts back what was set aside, exactly as it was; an insert that failed goes to the bottom.
void VersionedTableModel::restoreStashed(const QList<StashedRow> &stashed)
{
    for (const StashedRow &stash : stashed) {
        if (stash.isInsert) {
            insertRecord(-1, stash.values);
            continue;
        }
        m_rows->touch(stash.row);
        if (stash.isDelete) {
            if (QSqlTableModel::removeRows(stash.row, 1))
                m_rows->setKind(stash.row, RowBook::Kind::Deleted);
            continue;
        }
        for (int i = 0; i < stash.values.count(); ++i) {
            if (stash.values.isGenerated(i))
                QSqlTableModel::setData(index(stash.row, i), stash.values.value(i));
        }
    }
}

// --- the stock hooks, for callers that go through QSqlTableModel's own submit path -------------

bool VersionedTableModel::hookResult(const RowWrite &write)
{
    switch (write.outcome) {
    case RowWrite::Outcome::Written:
    case RowWrite::Outcome::Unchanged:
        return true;
    case RowWrite::Outcome::Conflict:
        reportConflicts({m_submitter->conflictOf(write)});
        return false;
    case RowWrite::Outcome::Failed:
    case RowWrite::Outcome::Unknown: // the stock path has no report to resolve it in: lastError() says unknown
        setLastError(m_submitter->lastWriteError());
        return false;
    }
    return false;
}

bool VersionedTableModel::updateRowInTable(int row, const QSqlRecord &values)
{
    if (m_replaying)
        return true;
    RowWrite write = describeRow(row);
    write.isInsert = write.isDelete = false;
    writeUpdate(write, values);
    return hookResult(write);
}

bool VersionedTableModel::insertRowIntoTable(const QSqlRecord &values)
{
    if (m_replaying)
        return true;
    RowWrite write;
    write.isInsert = true;
    writeInsert(write, values);
    if (write.outcome == RowWrite::Outcome::Written)
        return true;
    setLastError(m_submitter->lastWriteError());
    return false;
}

bool VersionedTableModel::deleteRowFromTable(int row)
{
    if (m_replaying)
        return true;
    RowWrite write = describeRow(row);
    write.isInsert = false;
    write.isDelete = true;
    writeDelete(write);
    return hookResult(write);
}

// --- resolving ----------------------------------------------------------------------------------

bool VersionedTableModel::resolve(const RecordModifiedError &conflict, const QSqlRecord &resolution)
{
    m_stockCacheUsed = true;
    const std::optional<RecordModifiedError> open = m_conflicts->find(conflict.row);
    if (!open)
        return false;
    m_conflicts->remove(open->row);
    const int row = open->row;
    if (open->deletedByOther) {
        resolveDeletedByOther(*open, resolution);
    } else if (open->operation == RecordModifiedError::Operation::Delete && resolution.isEmpty()) {
        revertCachedRow(row); // keep their version of the record
        selectRow(row);
        rememberBase(row);
    } else {
        rebase(*open, resolution);
    }
    emit pendingChanged();
    return true;
}

void VersionedTableModel::resolveDeletedByOther(const RecordModifiedError &open, const QSqlRecord &resolution)
{
    selectRow(open.row); // the row is gone: show it as removed, dropping my edits
    if (resolution.isEmpty())
        return;
    const QString version = schema().versionColumn;
    QSqlRecord recreated = record();
    for (int i = 0; i < recreated.count(); ++i) {
        const QString name = recreated.fieldName(i);
        recreated.setValue(i, resolution.value(name));
        recreated.setGenerated(i, resolution.contains(name));
    }
    recreated.setValue(version, open.loadedVersion.toLongLong() + 1);
    recreated.setGenerated(version, true);
    // Not insertRecord(-1, …): it takes rowCount() before insertRows() fetches the rest of a
    // lazily read table, and then writes the record onto the loaded row now at that position,
    // leaving an empty insert at the bottom. The new row is the last one once it exists.
    if (!insertRows(rowCount(), 1))
        return;
    const int row = rowCount() - 1;
    m_resolving = true;
    for (int i = 0; i < recreated.count(); ++i) {
        if (recreated.isGenerated(i))
            setData(index(row, fieldIndex(recreated.fieldName(i))), recreated.value(i));
    }
    m_resolving = false;
}

// The next write is checked against the version I have now seen.
void VersionedTableModel::rebase(const RecordModifiedError &open, const QSqlRecord &resolution)
{
    const QString version = schema().versionColumn;
    m_rows->setBase(RowBook::keyString(open.key), open.theirs);
    if (open.operation == RecordModifiedError::Operation::Update) {
        m_resolving = true;
        for (int i = 0; i < resolution.count(); ++i) {
            const int column = fieldIndex(resolution.fieldName(i));
            if (column >= 0 && resolution.fieldName(i).compare(version, Qt::CaseInsensitive) != 0)
                QSqlTableModel::setData(index(open.row, column), resolution.value(i));
        }
        m_resolving = false;
    }
    m_rows->touch(open.row);
}

} // namespace Concord
