// SPDX-License-Identifier: MIT
// SPDX-FileCopyrightText: 2026 Concord developers
#include "versionedtablemodel.h"

#include <core/db/changewatcher.h>
#include <core/db/cursorresult.h>
#include <core/db/databaseaddress.h>
#include <core/locks/tablelock.h>
#include <core/text.h>
#include <core/db/transaction.h>
#include <core/values/valuecomparison.h>

#include <QLoggingCategory>
#include <QSqlField>
#include <QSqlQuery>

#include <algorithm>

using namespace Qt::StringLiterals;

Q_LOGGING_CATEGORY(lcModel, "concord.model")

namespace Concord {

namespace {

const QString rowSavepoint = u"concord_row"_s;
constexpr int smallTableRows = 256; ///< PostgreSQL: up to this many rows the grid reads a table whole

QSqlError refusal(const Error &error)
{
    const char *code = error.code == ErrorCode::NoPrimaryKey      ? NativeError::NoPrimaryKey
                     : error.code == ErrorCode::NoVersionColumn ? NativeError::NoVersionColumn
                     : error.code == ErrorCode::InvalidArgument ? NativeError::BadVersioning
                                                                : NativeError::NoTable;
    return concordSqlError(error.message, QSqlError::StatementError, code);
}

} // namespace

VersionedTableModel::VersionedTableModel(QObject *parent, const QSqlDatabase &db)
    : QSqlTableModel(parent, db)
{
    qRegisterMetaType<RecordModifiedError>();
    QSqlTableModel::setEditStrategy(OnManualSubmit);
    // Connected before any view, so the cached row count is gone before a view asks again.
    const auto forgetRowCount = [this] { m_rowCount = -1; };
    connect(this, &QAbstractItemModel::rowsAboutToBeInserted, this, forgetRowCount);
    connect(this, &QAbstractItemModel::rowsInserted, this, forgetRowCount);
    connect(this, &QAbstractItemModel::rowsAboutToBeRemoved, this, forgetRowCount);
    connect(this, &QAbstractItemModel::rowsRemoved, this, forgetRowCount);
    connect(this, &QAbstractItemModel::modelAboutToBeReset, this, forgetRowCount);
    connect(this, &QAbstractItemModel::modelReset, this, forgetRowCount);
    connect(this, &QAbstractItemModel::layoutChanged, this, forgetRowCount);
}

// QSqlTableModel::rowCount() walks its whole edit cache to count inserted rows, and index(),
// selectRow() and friends call it all the time: a save of n rows went quadratic. The count
// changes only with row insertions, removals and resets, which forget the cached value.
int VersionedTableModel::rowCount(const QModelIndex &parent) const
{
    if (parent.isValid())
        return 0;
    if (m_rowCount < 0)
        m_rowCount = QSqlTableModel::rowCount(parent);
    return m_rowCount;
}

// Inserted rows always come after every loaded row (insertRows()), so a loaded row sits in the
// query at its own position; the stock version walks the edit cache to find out.
QModelIndex VersionedTableModel::indexInQuery(const QModelIndex &item) const
{
    if (item.row() >= 0 && item.row() < QSqlQueryModel::rowCount())
        return createIndex(item.row(), item.column(), item.internalPointer());
    return QSqlTableModel::indexInQuery(item);
}

void VersionedTableModel::setVersionColumn(const QString &column)
{
    m_versionColumn = column;
}

void VersionedTableModel::setTable(const QString &tableName)
{
    m_refreshedBase.clear();
    m_conflicts.clear();
    m_touchedRows.clear();
    m_writer.reset();
    m_schema = {};
    // The policy recorded in the database wins over setVersionColumn(): every client must agree.
    auto config = versioningFor(database(), tableName, m_versionColumn);
    auto schema = config ? TableSchema::load(database(), tableName, config.value().column) : Result<TableSchema>(config.error());
    Result<void> valid = schema ? config.value().validate(schema.value().fields) : Result<void>(schema.error());
    if (!valid) {
        QSqlTableModel::setTable(QString());
        setLastError(refusal(valid.error()));
        return;
    }
    m_schema = schema.value();
    m_writer.emplace(database(), m_schema, config.value());
    QSqlTableModel::setTable(tableName);
}

VersionGuard VersionGuard::forModel(VersionedTableModel &model, GuardKind kind)
{
    return forCounts(model.guardCounts(), kind);
}

Result<bool> VersionedTableModel::isChanged(int row) const
{
    if (!m_writer || row < 0 || row >= rowCount() || isPendingInsert(row))
        return makeError(ErrorCode::InvalidArgument, tr("Row %1 has not been saved yet.").arg(row));
    return m_writer->isChanged(primaryValues(row), loadedVersion(row));
}

QVariant VersionedTableModel::currentVersion(int row) const
{
    return readCurrent(primaryValues(row)).value(m_schema.versionColumn);
}

void VersionedTableModel::setEditStrategy(EditStrategy strategy)
{
    if (strategy != OnManualSubmit)
        qCWarning(lcModel) << "VersionedTableModel supports only OnManualSubmit; ignoring" << strategy;
}

VersionedTableModel::~VersionedTableModel()
{
    if (!m_readerName.isEmpty()) {
        clear(); // drops the query, the last user of the reader connection
        closeDatabase(m_readerName);
    }
}

bool VersionedTableModel::select()
{
    if (m_replaying)
        return true; // the stock submit reselects everything; Concord re-reads only saved rows
    m_refreshedBase.clear();
    m_conflicts.clear();
    m_touchedRows.clear();
    const bool ok = !tableName().isEmpty() ? selectThroughReader() : QSqlTableModel::select();
    emit pendingChanged();
    return ok;
}

void VersionedTableModel::setLiveUpdates(bool enabled, int pollIntervalMs)
{
    delete m_watcher;
    m_watcher = nullptr;
    if (!enabled)
        return;
    m_watcher = new ChangeWatcher(database(), pollIntervalMs, this);
    connect(m_watcher, &ChangeWatcher::changed, this, &VersionedTableModel::onDatabaseChanged);
}

void VersionedTableModel::onDatabaseChanged(const QStringList &tables)
{
    if (tableName().isEmpty() || (!tables.isEmpty() && !tables.contains(tableName())))
        return;
    if (!m_outdated) {
        m_outdated = true;
        emit outdatedChanged(true);
    }
    refreshIfIdle();
}

// Re-reading the whole table is the only way a QSqlTableModel can show rows others inserted, and
// it would drop pending edits: so it waits until there are none.
void VersionedTableModel::refreshIfIdle()
{
    if (!m_outdated || !m_conflicts.isEmpty() || !pendingRows().isEmpty() || (m_refreshBlocked && m_refreshBlocked()))
        return;
    emit aboutToRefresh();
    select();
    m_outdated = false;
    emit outdatedChanged(false);
    emit refreshed();
}

// The grid's rows are read on a connection of their own ("the reader"), for two reasons.
// SQLite: a statement that has not returned its last row keeps its connection's read snapshot
// open. The model fetches rows lazily, so on the editing connection that snapshot would hide
// other users' commits from the refresh after a save and make every write fail with "database
// is locked" once anyone else commits. The grid's cursor therefore runs on a read-only
// connection of its own; writes and per-row refreshes use the model's connection.
bool VersionedTableModel::openReader()
{
    if (!m_readerName.isEmpty())
        return true;
    const QSqlDatabase db = database();
    const QString name = u"%1-reader-%2"_s.arg(db.connectionName()).arg(quintptr(this), 0, 16);
    QSqlDatabase reader = QSqlDatabase::cloneDatabase(db, name);
    if (isSQLite(db))
        reader.setConnectOptions(u"QSQLITE_OPEN_READONLY;QSQLITE_BUSY_TIMEOUT=5000"_s);
    if (!reader.open()) {
        setLastError(reader.lastError());
        reader = QSqlDatabase();
        QSqlDatabase::removeDatabase(name);
        return false;
    }
    if (!isSQLite(db)) // cursors on this connection would otherwise print NOTICEs
        QSqlQuery(reader).exec(u"SET client_min_messages = warning"_s);
    m_readerName = name;
    return true;
}

bool VersionedTableModel::selectThroughReader()
{
    if (!openReader())
        return false;
    const QString statement = selectStatement();
    // Clears QSqlTableModel's private row cache, which only its select() can, at the cost of
    // an empty query. It also drops the previous grid query, closing its cursor.
    m_selectingNothing = true;
    const bool cleared = QSqlTableModel::select();
    m_selectingNothing = false;
    if (!cleared)
        return false;
    const QSqlDatabase reader = QSqlDatabase::database(m_readerName, false);
    if (isSQLite(reader)) {
        QSqlQuery query(reader);
        if (!query.exec(statement)) {
            setLastError(query.lastError());
            return false;
        }
        QSqlTableModel::setQuery(query);
        return !lastError().isValid();
    }
    // PostgreSQL: QPSQL would load the whole result before the first row shows; a server-side
    // cursor hands it over a screenful at a time. A small table is read whole in one round trip
    // instead: the cursor's transaction would cost three.
    {
        QSqlQuery small(reader);
        if (small.exec(statement + u" LIMIT %1"_s.arg(smallTableRows + 1)) && small.size() <= smallTableRows) {
            QSqlTableModel::setQuery(small);
            return !lastError().isValid();
        }
    }
    QSqlError error;
    auto cursor = CursorResult::open(&m_lazyFetchDriver, reader, statement, &error);
    if (!cursor) {
        setLastError(error);
        return false;
    }
    QSqlQuery query(cursor.release()); // the query owns its result
    QSqlTableModel::setQuery(query);
    return !lastError().isValid();
}

QString VersionedTableModel::selectStatement() const
{
    const QString statement = QSqlTableModel::selectStatement();
    return m_selectingNothing ? statement + " LIMIT 0"_L1 : statement;
}

// --- row state --------------------------------------------------------------------------------

bool VersionedTableModel::isPendingInsert(int row) const
{
    // The stock header marks unsaved inserts with '*' and deletes with '!'; it is the only
    // public view of QSqlTableModel's private row cache.
    return QSqlTableModel::headerData(row, Qt::Vertical, Qt::DisplayRole).toString() == "*"_L1;
}

bool VersionedTableModel::isRowDirty(int row) const
{
    const int columns = columnCount();
    for (int column = 0; column < columns; ++column) {
        if (isDirty(createIndex(row, column)))
            return true;
    }
    return false;
}

bool VersionedTableModel::isDeleteRow(int row) const
{
    return QSqlTableModel::headerData(row, Qt::Vertical, Qt::DisplayRole).toString() == "!"_L1;
}

VersionedTableModel::RowState VersionedTableModel::rowState(int row) const
{
    if (!isRowDirty(row))
        return RowState::Unchanged;
    if (isPendingInsert(row))
        return RowState::Inserted;
    return isDeleteRow(row) ? RowState::Deleted : RowState::Updated;
}

bool VersionedTableModel::isRemoved(int row) const
{
    return isDeleteRow(row) && !isRowDirty(row);
}

QList<int> VersionedTableModel::pendingRows() const
{
    QList<int> rows;
    const int count = rowCount();
    for (int row : m_touchedRows) {
        if (row < count && isRowDirty(row))
            rows << row;
    }
    std::sort(rows.begin(), rows.end());
    return rows;
}

QString VersionedTableModel::keyString(const QSqlRecord &key) const
{
    QStringList parts;
    for (int i = 0; i < key.count(); ++i)
        parts << key.value(i).toString();
    return parts.join(QChar(0x1f));
}

QSqlRecord VersionedTableModel::baseRecord(int row) const
{
    if (row < 0 || row >= rowCount() || isPendingInsert(row))
        return {};
    const auto refreshed = m_refreshedBase.constFind(keyString(primaryValues(row)));
    if (refreshed != m_refreshedBase.constEnd())
        return *refreshed;
    // QSqlQueryModel::record() would go through the virtual data() and return the edited values;
    // the query model's own data() reads the row as the query returned it.
    QSqlRecord base = record();
    for (int column = 0; column < base.count(); ++column)
        base.setValue(column, QSqlQueryModel::data(createIndex(row, column), Qt::EditRole));
    return base;
}

QVariant VersionedTableModel::loadedVersion(int row) const
{
    return baseRecord(row).value(m_schema.versionColumn);
}

void VersionedTableModel::rememberBase(int row)
{
    const QSqlRecord current = record(row);
    if (!current.isEmpty())
        m_refreshedBase.insert(keyString(primaryValues(row)), current);
}

std::optional<RecordModifiedError> VersionedTableModel::conflict(int row) const
{
    const auto found = m_conflicts.constFind(row);
    if (found == m_conflicts.constEnd())
        return std::nullopt;
    return *found;
}

QSqlRecord VersionedTableModel::rowKey(int row) const
{
    if (row < 0 || row >= rowCount())
        return {};
    return primaryValues(row);
}

QList<RecordModifiedError> VersionedTableModel::conflicts() const
{
    QList<int> rows = m_conflicts.keys();
    std::sort(rows.begin(), rows.end());
    QList<RecordModifiedError> list;
    for (int row : rows)
        list << m_conflicts.value(row);
    return list;
}

// --- editing overrides --------------------------------------------------------------------------

bool VersionedTableModel::setData(const QModelIndex &index, const QVariant &value, int role)
{
    if (!QSqlTableModel::setData(index, value, role))
        return false;
    if (role == Qt::EditRole) {
        m_touchedRows.insert(index.row());
        emit pendingChanged();
    }
    return true;
}

bool VersionedTableModel::insertRows(int row, int count, const QModelIndex &parent)
{
    Q_UNUSED(row)
    // Appending keeps every loaded row at the position the query gave it, which the base
    // snapshots, primaryValues() and indexInQuery() rely on. The rest of the table is fetched
    // first, so that no loaded row can arrive below a new one later.
    while (canFetchMore())
        fetchMore();
    const int at = rowCount();
    if (!QSqlTableModel::insertRows(at, count, parent))
        return false;
    for (int i = 0; i < count; ++i)
        m_touchedRows.insert(at + i);
    emit pendingChanged();
    return true;
}

bool VersionedTableModel::removeRows(int row, int count, const QModelIndex &parent)
{
    if (!QSqlTableModel::removeRows(row, count, parent))
        return false;
    for (int r = row; r < row + count && r < rowCount(); ++r)
        m_touchedRows.insert(r);
    emit pendingChanged();
    return true;
}

void VersionedTableModel::revertRow(int row)
{
    const bool wasInsert = isPendingInsert(row);
    const bool hadConflict = m_conflicts.contains(row);
    QSqlTableModel::revertRow(row);
    m_conflicts.remove(row);
    m_touchedRows.remove(row);
    if (wasInsert) {
        forgetRow(row);
    } else if (hadConflict) {
        // Dropping my edits of a record someone else changed means taking theirs: show it.
        selectRow(row);
        rememberBase(row);
    } else if (row < rowCount()) {
        // A row rebased by resolve() reverts to its stale cached values; show the database's.
        const QSqlRecord base = baseRecord(row);
        if (!base.isEmpty() && !sameValue(base.value(m_schema.versionColumn), record(row).value(m_schema.versionColumn)))
            selectRow(row);
    }
    emit pendingChanged();
}

// Reverting an unsaved insert removes its row; rows below it move up by one.
void VersionedTableModel::forgetRow(int row)
{
    QSet<int> touched;
    for (int r : std::as_const(m_touchedRows))
        touched.insert(r > row ? r - 1 : r);
    m_touchedRows = touched;
    QHash<int, RecordModifiedError> conflicts;
    for (auto it = m_conflicts.cbegin(); it != m_conflicts.cend(); ++it) {
        RecordModifiedError error = it.value();
        if (error.row > row)
            --error.row;
        conflicts.insert(error.row, error);
    }
    m_conflicts = conflicts;
}

QVariant VersionedTableModel::data(const QModelIndex &index, int role) const
{
    switch (role) {
    case ConflictRole:
        return m_conflicts.contains(index.row());
    case DirtyRole:
        return isDirty(index);
    case RowStateRole:
        return QVariant::fromValue(rowState(index.row()));
    case Qt::ToolTipRole: {
        const auto conflict = m_conflicts.constFind(index.row());
        return conflict == m_conflicts.cend() ? QVariant() : QVariant(conflict->describe());
    }
    default:
        return QSqlTableModel::data(index, role);
    }
}

Qt::ItemFlags VersionedTableModel::flags(const QModelIndex &index) const
{
    if (!index.isValid())
        return QSqlTableModel::flags(index);
    if (isRemoved(index.row()))
        return Qt::NoItemFlags;
    Qt::ItemFlags flags = QSqlTableModel::flags(index);
    // The version column holds the version the save will expect; editing it would defeat the check.
    if (!m_resolving && record().fieldName(index.column()).compare(m_schema.versionColumn, Qt::CaseInsensitive) == 0)
        flags &= ~Qt::ItemIsEditable;
    return flags;
}

// --- writing ------------------------------------------------------------------------------------

QSqlRecord VersionedTableModel::readCurrent(const QSqlRecord &key) const
{
    return m_writer ? m_writer->readCurrent(key) : QSqlRecord();
}

RecordModifiedError VersionedTableModel::makeConflict(int row, RecordModifiedError::Operation operation) const
{
    RecordModifiedError error;
    error.table = m_schema.table;
    error.operation = operation;
    error.row = row;
    error.key = primaryValues(row);
    error.base = baseRecord(row);
    if (operation == RecordModifiedError::Operation::Update)
        error.mine = record(row);
    error.theirs = readCurrent(error.key);
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

VersionedTableModel::Outcome VersionedTableModel::fromWriter(VersionedWriter::Outcome outcome)
{
    switch (outcome) {
    case VersionedWriter::Outcome::Written:
        return Outcome::Written;
    case VersionedWriter::Outcome::Unchanged:
        return Outcome::Unchanged;
    case VersionedWriter::Outcome::Conflict:
        return Outcome::Conflict;
    case VersionedWriter::Outcome::Failed:
        break;
    }
    m_lastWriteError = m_writer->lastError();
    return Outcome::Failed;
}

VersionedTableModel::Outcome VersionedTableModel::writeUpdate(int row, const QSqlRecord &values, QSqlRecord *stored)
{
    QSqlRecord rec(values);
    emit beforeUpdate(row, rec);
    const QSqlRecord base = baseRecord(row);
    return fromWriter(m_writer->update(primaryValues(row), base.value(m_schema.versionColumn), base, rec, m_guardCounts.state(), stored));
}

VersionedTableModel::Outcome VersionedTableModel::writeDelete(int row)
{
    emit beforeDelete(row);
    return fromWriter(m_writer->remove(primaryValues(row), loadedVersion(row), m_guardCounts.state()));
}

VersionedTableModel::Outcome VersionedTableModel::writeInsert(int row, const QSqlRecord &values, QSqlRecord *stored)
{
    Q_UNUSED(row)
    QSqlRecord rec(values);
    emit beforeInsert(rec);
    return fromWriter(m_writer->insert(rec, stored));
}

VersionedTableModel::RowWrite VersionedTableModel::writeRow(int row)
{
    RowWrite write;
    write.row = row;
    if (isPendingInsert(row)) {
        write.isInsert = true;
        write.outcome = writeInsert(row, record(row), &write.stored);
    } else if (isDeleteRow(row)) {
        write.isDelete = true;
        write.outcome = writeDelete(row);
    } else {
        write.outcome = writeUpdate(row, record(row), &write.stored);
    }
    return write;
}

void VersionedTableModel::refreshWrittenRow(const RowWrite &write)
{
    selectRow(write.row);
    if (!write.isDelete)
        rememberBase(write.row);
    m_conflicts.remove(write.row);
    m_touchedRows.remove(write.row);
}

// Marks rows this model has written as saved, with the values the database returned, without
// reading them again: QSqlTableModel's own submitAll() is the only call that marks a row
// submitted (and the only one that does it for an inserted row, which selectRow() refuses), so it
// is replayed with hooks that write nothing, after every other pending row is set aside so that
// the replay cannot mark it too.
void VersionedTableModel::adoptWrittenRows(QList<RowWrite> inserts)
{
    struct Stash
    {
        int row;
        bool isInsert;
        bool isDelete;
        QSqlRecord values;
    };
    QList<Stash> stashed;
    QList<int> pending = pendingRows();
    std::sort(pending.rbegin(), pending.rend()); // removing a row moves only the rows below it
    for (int row : std::as_const(pending)) {
        if (std::any_of(inserts.cbegin(), inserts.cend(), [row](const RowWrite &w) { return w.row == row; }))
            continue;
        const bool isInsert = isPendingInsert(row);
        stashed << Stash{row, isInsert, isDeleteRow(row), record(row)};
        QSqlTableModel::revertRow(row);
        if (isInsert) {
            for (RowWrite &write : inserts) {
                if (write.row > row)
                    --write.row;
            }
            forgetRow(row);
        }
    }

    m_resolving = true;
    for (const RowWrite &write : std::as_const(inserts)) {
        for (int i = 0; i < write.stored.count(); ++i)
            QSqlTableModel::setData(createIndex(write.row, fieldIndex(write.stored.fieldName(i))), write.stored.value(i));
    }
    m_resolving = false;
    m_replaying = true;
    QSqlTableModel::submitAll();
    m_replaying = false;
    for (const RowWrite &write : std::as_const(inserts)) {
        if (!write.isDelete)
            rememberBase(write.row);
        m_conflicts.remove(write.row);
        m_touchedRows.remove(write.row);
        // The replay marked the rows without telling views; deleted rows are now empty.
        emit dataChanged(createIndex(write.row, 0), createIndex(write.row, columnCount() - 1));
        emit headerDataChanged(Qt::Vertical, write.row, write.row);
    }

    // Put back what was set aside, exactly as it was; an insert that failed goes to the bottom.
    std::reverse(stashed.begin(), stashed.end());
    for (const Stash &stash : std::as_const(stashed)) {
        if (stash.isInsert) {
            insertRecord(-1, stash.values);
            continue;
        }
        m_touchedRows.insert(stash.row);
        if (stash.isDelete) {
            QSqlTableModel::removeRows(stash.row, 1);
            continue;
        }
        for (int i = 0; i < stash.values.count(); ++i) {
            if (stash.values.isGenerated(i))
                QSqlTableModel::setData(index(stash.row, i), stash.values.value(i));
        }
    }
}

void VersionedTableModel::setFailure(const QSqlError &error)
{
    setLastError(error);
}

void VersionedTableModel::reportConflicts(const QList<RecordModifiedError> &conflicts)
{
    for (const RecordModifiedError &conflict : conflicts)
        m_conflicts.insert(conflict.row, conflict);
    if (conflicts.isEmpty())
        return;
    setLastError(QSqlError(countText(conflicts.size(), tr("%1 record was changed by another user"),
                                     tr("%1 records were changed by another user")), {},
                           QSqlError::TransactionError, QString::fromLatin1(NativeError::RecordModified)));
    for (const RecordModifiedError &conflict : conflicts)
        emit recordModified(conflict);
}

// Issue #5: saves fail, rather than wait, while another owner holds the table lock exclusively
// (see the class documentation). Only a read, before the transaction; edits stay pending.
bool VersionedTableModel::tableLockedByOthers()
{
    const QString name = tableLockName(tableName());
    if (!m_tableLock || m_tableLock->isHeld(name))
        return false;
    const auto holders = m_tableLock->holders(name);
    if (!holders) {
        setFailure(QSqlError(holders.error().message, {}, QSqlError::ConnectionError, QString::fromLatin1(NativeError::LockHeld)));
        return true; // cannot tell: refuse rather than write into a running import
    }
    QList<LockHolder> exclusive;
    for (const LockHolder &holder : holders.value()) {
        if (holder.mode == LockMode::Exclusive)
            exclusive << holder;
    }
    if (exclusive.isEmpty())
        return false;
    setFailure(QSqlError(tr("%1 is busy: %2. Nothing was saved; save again when it is done.")
                             .arg(tableName(), exclusive.first().activityText()),
                         {}, QSqlError::TransactionError, QString::fromLatin1(NativeError::LockHeld)));
    return true;
}

// Writes \a rows in order. With savepoints (SaveOthers in a transaction) a failing row is rolled
// back alone; without, the first failure ends the pass, since the whole submit will be undone.
VersionedTableModel::SubmitPass VersionedTableModel::writeRows(const QList<int> &rows, Transaction &transaction,
                                                              bool useSavepoints)
{
    const bool saveOthers = m_policy == SubmitPolicy::SaveOthers;
    SubmitPass pass;
    for (int row : rows) {
        if (useSavepoints && !transaction.savepoint(rowSavepoint)) {
            pass.failure = transaction.lastError();
            break;
        }
        m_lastWriteError = {};
        const RowWrite write = writeRow(row);
        switch (write.outcome) {
        case Outcome::Written:
        case Outcome::Unchanged:
            pass.written << write;
            break;
        case Outcome::Conflict:
            if (write.isDelete && readCurrent(primaryValues(row)).isEmpty()) {
                pass.written << write; // deleted by both: gone, as both wanted
                break;
            }
            pass.conflicts << makeConflict(row, write.isDelete ? RecordModifiedError::Operation::Delete
                                                               : RecordModifiedError::Operation::Update);
            break;
        case Outcome::Failed:
            ++m_report.failed;
            if (!pass.failure.isValid())
                pass.failure = m_lastWriteError;
            if (useSavepoints)
                transaction.rollbackTo(rowSavepoint);
            break;
        }
        if (useSavepoints)
            transaction.release(rowSavepoint);
        else if (write.outcome == Outcome::Failed && !saveOthers)
            break; // the transaction is lost anyway; conflicts found so far are reported
    }
    return pass;
}

bool VersionedTableModel::submitAll()
{
    m_report = {};
    m_lastWriteError = {};
    const QList<int> rows = pendingRows();
    if (rows.isEmpty())
        return true;
    if (tableLockedByOthers())
        return false;

    // One row is one statement, atomic by itself: the transaction's two round trips would only
    // add latency to the most common save.
    const bool inTransaction = rows.size() > 1;
    const bool saveOthers = m_policy == SubmitPolicy::SaveOthers;
    Transaction transaction(database());
    if (inTransaction && !transaction.begin()) {
        setFailure(transaction.lastError());
        return false;
    }
    SubmitPass pass = writeRows(rows, transaction, inTransaction && saveOthers);
    m_report.conflicted = int(pass.conflicts.size());
    const bool abort = !saveOthers && (pass.failure.isValid() || !pass.conflicts.isEmpty());
    if (abort || (inTransaction && !transaction.commit())) {
        if (!abort)
            pass.failure = transaction.lastError();
        transaction.rollback();
        // Nothing was written: every edit is still pending, and conflicts are reported so that
        // the user can resolve them before trying again.
        reportConflicts(pass.conflicts);
        if (pass.failure.isValid())
            setFailure(pass.failure);
        emit pendingChanged();
        return false;
    }
    return finishSubmit(pass);
}

// After the commit: re-read what was written, mark inserted rows saved, report the rest.
bool VersionedTableModel::finishSubmit(const SubmitPass &pass)
{
    // Rows whose stored values came back with the write are adopted as they are; the others are
    // read again, one by one.
    QList<RowWrite> adopted;
    for (const RowWrite &write : pass.written) {
        const bool final = write.isDelete || write.isInsert || m_writer->returnsStoredRow();
        if (write.outcome == Outcome::Written && final)
            adopted << write;
        else
            refreshWrittenRow(write);
    }
    if (!adopted.isEmpty())
        adoptWrittenRows(adopted);
    m_report.saved = int(pass.written.size());
    reportConflicts(pass.conflicts);
    if (pass.failure.isValid())
        setFailure(pass.failure);
    emit pendingChanged();
    const bool ok = pass.conflicts.isEmpty() && !pass.failure.isValid();
    if (ok)
        refreshIfIdle(); // others' changes that waited for my edits
    return ok;
}

// --- the stock hooks, for callers that go through QSqlTableModel's own submit path -------------

bool VersionedTableModel::updateRowInTable(int row, const QSqlRecord &values)
{
    if (m_replaying)
        return true;
    switch (writeUpdate(row, values, nullptr)) {
    case Outcome::Written:
    case Outcome::Unchanged:
        return true;
    case Outcome::Conflict:
        reportConflicts({makeConflict(row, RecordModifiedError::Operation::Update)});
        return false;
    case Outcome::Failed:
        setFailure(m_lastWriteError);
        return false;
    }
    return false;
}

bool VersionedTableModel::insertRowIntoTable(const QSqlRecord &values)
{
    if (m_replaying)
        return true;
    if (writeInsert(-1, values, nullptr) == Outcome::Written)
        return true;
    setFailure(m_lastWriteError);
    return false;
}

bool VersionedTableModel::deleteRowFromTable(int row)
{
    if (m_replaying)
        return true;
    switch (writeDelete(row)) {
    case Outcome::Written:
    case Outcome::Unchanged:
        return true;
    case Outcome::Conflict:
        reportConflicts({makeConflict(row, RecordModifiedError::Operation::Delete)});
        return false;
    case Outcome::Failed:
        setFailure(m_lastWriteError);
        return false;
    }
    return false;
}

// --- resolving ----------------------------------------------------------------------------------

bool VersionedTableModel::resolve(const RecordModifiedError &conflict, const QSqlRecord &resolution)
{
    const auto it = m_conflicts.constFind(conflict.row);
    if (it == m_conflicts.cend())
        return false;
    const RecordModifiedError open = *it;
    m_conflicts.remove(open.row);
    const int row = open.row;

    if (open.deletedByOther) {
        selectRow(row); // the row is gone: show it as removed, dropping my edits
        if (!resolution.isEmpty()) {
            QSqlRecord recreated = record();
            for (int i = 0; i < recreated.count(); ++i) {
                const QString name = recreated.fieldName(i);
                recreated.setValue(i, resolution.value(name));
                recreated.setGenerated(i, resolution.contains(name));
            }
            recreated.setValue(m_schema.versionColumn, open.loadedVersion.toLongLong() + 1);
            recreated.setGenerated(m_schema.versionColumn, true);
            m_resolving = true;
            insertRecord(-1, recreated);
            m_resolving = false;
        }
    } else if (open.operation == RecordModifiedError::Operation::Delete && resolution.isEmpty()) {
        QSqlTableModel::revertRow(row); // keep their version of the record
        selectRow(row);
        rememberBase(row);
    } else {
        // Rebase: the next write is checked against the version I have now seen.
        m_refreshedBase.insert(keyString(open.key), open.theirs);
        if (open.operation == RecordModifiedError::Operation::Update) {
            m_resolving = true;
            for (int i = 0; i < resolution.count(); ++i) {
                const int column = fieldIndex(resolution.fieldName(i));
                if (column >= 0 && resolution.fieldName(i).compare(m_schema.versionColumn, Qt::CaseInsensitive) != 0)
                    QSqlTableModel::setData(index(row, column), resolution.value(i));
            }
            m_resolving = false;
        }
        m_touchedRows.insert(row);
    }
    emit pendingChanged();
    return true;
}

} // namespace Concord
