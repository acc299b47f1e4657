// SPDX-License-Identifier: MIT
// SPDX-FileCopyrightText: 2026 Concord developers
#include "versionedtablemodel.h"

#include <core/db/catalog.h>
#include <core/db/columnkinds.h>
#include <core/db/databaseaddress.h>
#include <core/db/schemacache.h>

#include <core/db/tableschema.h>
#include <core/model/conflictbook.h>
#include <core/model/gridquery.h>
#include <core/model/gridreader.h>
#include <core/model/liveupdates.h>
#include <core/model/rowbook.h>
#include <core/model/rowsubmitter.h>
#include <core/values/valuecomparison.h>
#include <core/values/valuefromtext.h>
#include <core/versioning/versionguard.h>
#include <core/versioning/versioningconfig.h>

#include <QLoggingCategory>
#include <QSqlField>
#include <QSqlQuery>

#include <algorithm>

using namespace Qt::StringLiterals;

Q_LOGGING_CATEGORY(lcModel, "concord.model")

namespace Concord {

namespace {

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
    , m_rows(std::make_unique<RowBook>())
    , m_conflicts(std::make_unique<ConflictBook>())
    , m_submitter(std::make_unique<RowSubmitter>())
    , m_reader(std::make_unique<GridReader>(database()))
    , m_gridQuery(std::make_unique<GridQuery>())
    , m_live(new LiveUpdates(this))
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
    // Every reset (select(), setTable(), clear()) empties QSqlTableModel's edit cache.
    connect(this, &QAbstractItemModel::modelAboutToBeReset, this, [this] { m_rows->clearKinds(); });
    connect(m_live, &LiveUpdates::aboutToRefresh, this, &VersionedTableModel::aboutToRefresh);
    connect(m_live, &LiveUpdates::refreshed, this, &VersionedTableModel::refreshed);
    connect(m_live, &LiveUpdates::outdatedChanged, this, &VersionedTableModel::outdatedChanged);
}

VersionedTableModel::~VersionedTableModel()
{
    if (m_reader->isOpen())
        clear(); // drops the query, the last user of the reader connection
    m_reader.reset();
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
    m_rows->clearEdits();
    m_conflicts->clear();
    m_unchecked.clear();
    m_submitter->reset();
    m_gridQuery->clear();
    m_readOnlySchema.reset();
    m_readOnlyReason.clear();
    m_kinds.clear();
    auto shape = readShape(tableName);
    // The policy recorded in the database wins over setVersionColumn(): every client must agree.
    auto config = shape ? versioningFor(database(), tableName, m_versionColumn) : Result<VersioningConfig>(shape.error());
    auto schema = config ? TableSchema::load(database(), tableName, config.value().column) : Result<TableSchema>(config.error());
    Result<void> valid = schema ? config.value().validate(schema.value().fields) : Result<void>(schema.error());
    if (!valid) {
        if (shape && openReadOnly(tableName, valid.error()))
            return;
        QSqlTableModel::setTable(QString());
        m_stockCacheUsed = false;
        setLastError(refusal(valid.error()));
        return;
    }
    m_submitter->setTable(database(), schema.value(), config.value());
    m_kinds = editableKinds(database(), tableName, record());
}

// One read of the table's columns and key per open: QSqlTableModel::setTable() has the driver
// read them, and the SchemaCache keeps what it read for TableSchema, the column kinds and the
// rest. The name reaches the driver only once Concord's own lookup (tableExists()) found the table
// (core/db/catalog.h), or found it on this connection before.
Result<TableShape> VersionedTableModel::readShape(const QString &tableName)
{
    if (!SchemaCache::knowsTable(database(), tableName)) {
        const auto exists = tableExists(database(), tableName);
        if (!exists)
            return exists.error();
        if (!exists.value())
            return makeError(ErrorCode::NotFound, tr("There is no table %1.").arg(tableName));
    }
    SchemaCache::forgetTable(database(), tableName); // an open reads afresh what another client may have changed
    QSqlTableModel::setTable(tableName);             // clears the row cache
    m_stockCacheUsed = false;
    return adoptTableShape(database(), tableName, record(), primaryKey());
}

ValueKind VersionedTableModel::columnKind(int column) const
{
    return m_kinds.value(column, ValueKind::Unknown);
}

const TableSchema &VersionedTableModel::schema() const
{
    return m_readOnlySchema ? *m_readOnlySchema : m_submitter->schema();
}

// Without a key or a version nothing can be written safely, but everything can be read.
bool VersionedTableModel::openReadOnly(const QString &tableName, const Error &refusal)
{
    if (!m_readOnlyAllowed || (refusal.code != ErrorCode::NoPrimaryKey && refusal.code != ErrorCode::NoVersionColumn))
        return false;
    const auto shape = tableShape(database(), tableName); // kept by readShape()
    if (!shape)
        return false;
    auto schema = std::make_unique<TableSchema>();
    schema->table = tableName;
    schema->fields = shape.value().columns;
    for (int i = 0; i < shape.value().primaryKey.count(); ++i)
        schema->primaryKey << shape.value().primaryKey.fieldName(i);
    m_readOnlySchema = std::move(schema);
    m_readOnlyReason = refusal.message;
    m_kinds = editableKinds(database(), tableName, record());
    return true;
}

void VersionedTableModel::setTableLock(AdvisoryLock *lock)
{
    m_submitter->setTableLock(lock);
}

AdvisoryLock *VersionedTableModel::tableLock() const
{
    return m_submitter->tableLock();
}

const VersioningConfig *VersionedTableModel::versioning() const
{
    return m_submitter->hasTable() ? &m_submitter->writer().config() : nullptr;
}

GuardCounts &VersionedTableModel::guardCounts()
{
    return m_submitter->guardCounts();
}

VersionGuard VersionGuard::forModel(VersionedTableModel &model, GuardKind kind)
{
    return forCounts(model.guardCounts(), kind);
}

Result<bool> VersionedTableModel::isChanged(int row) const
{
    if (!m_submitter->hasTable() || row < 0 || row >= rowCount() || isPendingInsert(row))
        return makeError(ErrorCode::InvalidArgument, tr("Row %1 has not been saved yet.").arg(row));
    return m_submitter->writer().isChanged(primaryValues(row), loadedVersion(row));
}

QVariant VersionedTableModel::currentVersion(int row) const
{
    return m_submitter->readCurrent(primaryValues(row)).value(schema().versionColumn);
}

void VersionedTableModel::setEditStrategy(EditStrategy strategy)
{
    if (strategy != OnManualSubmit)
        qCWarning(lcModel) << "VersionedTableModel supports only OnManualSubmit; ignoring" << strategy;
}

// --- reading ------------------------------------------------------------------------------------

bool VersionedTableModel::select()
{
    if (m_replaying)
        return true; // the stock submit reselects everything; Concord re-reads only saved rows
    m_rows->clearEdits();
    m_conflicts->clear();
    m_unchecked.clear(); // the edits they were are gone
    const bool ok = !tableName().isEmpty() ? selectThroughReader() : QSqlTableModel::select();
    if (ok)
        m_live->clearOutdated(); // a whole re-read shows what others changed
    emit pendingChanged();
    return ok;
}

// The grid's rows are read through the GridReader (the model's connection while no transaction
// is open on it, else a spare); writes and per-row refreshes use the model's connection.
bool VersionedTableModel::selectThroughReader()
{
    if (const Result<void> opened = m_reader->open(); !opened) {
        setLastError(opened.error().sqlError);
        return false;
    }
    const auto statements =
        m_gridQuery->statements(database(), tableName(), record(), schema().primaryKey, filter());
    if (!statements) {
        setLastError(concordSqlError(statements.error().message, QSqlError::StatementError, NativeError::NoTable));
        return false;
    }
    // QSqlTableModel's private row cache is cleared only by its select(), at the cost of an
    // empty query on the editing connection; a cache nothing was put into since the last
    // clearing (a table just set, a select() without edits) needs none.
    if (m_stockCacheUsed) {
        if (!m_reader->clearWith([this] { return QSqlTableModel::select(); }))
            return false;
        m_stockCacheUsed = false;
    }
    GridReader *reader = m_reader.get();
    auto paged = PagedResult::open(
        reader->pagedDriver(),
        [reader](const QString &statement, const QVariantList &values) { return reader->readRows(statement, values); },
        statements.value(), {m_pageRows, m_maxPages});
    if (!paged) {
        setLastError(paged.error().sqlError.isValid()
                         ? paged.error().sqlError
                         : QSqlError(paged.error().message, {}, QSqlError::StatementError));
        return false;
    }
    paged.value()->setReadErrorHandler([this](const QSqlError &error) {
        QMetaObject::invokeMethod(this, [this, text = describeSqlError(error)] { emit rowsUnreadable(text); },
                                  Qt::QueuedConnection);
    });
    QSqlTableModel::setQuery(QSqlQuery(paged.value().release())); // the query owns its result
    return !lastError().isValid();
}

QString VersionedTableModel::selectStatement() const
{
    const QString statement = QSqlTableModel::selectStatement();
    return m_reader->isClearing() ? statement + " LIMIT 0"_L1 : statement;
}

bool VersionedTableModel::selectRow(int row)
{
    m_stockCacheUsed = true;
    if (!QSqlTableModel::selectRow(row))
        return false;
    m_rows->setKind(row, isShownEmpty(row) ? RowBook::Kind::Deleted : RowBook::Kind::Loaded);
    return true;
}

// QSqlTableModel::selectRow() documents that a row the database no longer holds shows as an
// empty row; a row that exists has a key.
bool VersionedTableModel::isShownEmpty(int row) const
{
    for (const QString &column : schema().primaryKey) {
        if (!QSqlTableModel::data(index(row, fieldIndex(column)), Qt::EditRole).isNull())
            return false;
    }
    return true;
}

Result<void> VersionedTableModel::reconnect()
{
    QSqlDatabase db = database();
    if (isConnectionAlive(db))
        return {};
    db.close();
    if (!db.open()) {
        return makeError(ErrorCode::ConnectionFailed, tr("Cannot reconnect: %1").arg(db.lastError().text().trimmed()),
                         db.lastError());
    }
    if (m_live->isEnabled())
        m_live->setEnabled(db, true, m_live->pollInterval());
    return {};
}

void VersionedTableModel::setLiveUpdates(bool enabled, int pollIntervalMs)
{
    m_live->setEnabled(database(), enabled, pollIntervalMs);
}

bool VersionedTableModel::liveUpdates() const
{
    return m_live->isEnabled();
}

bool VersionedTableModel::isOutdated() const
{
    return m_live->isOutdated();
}

void VersionedTableModel::setRefreshBlocker(std::function<bool()> blocked)
{
    m_live->setRefreshBlocker(std::move(blocked));
}

void VersionedTableModel::refreshIfIdle()
{
    m_live->refreshIfIdle();
}

// --- row state ----------------------------------------------------------------------------------

bool VersionedTableModel::isPendingInsert(int row) const
{
    return m_rows->kind(row) == RowBook::Kind::Inserted;
}

bool VersionedTableModel::isDeleteRow(int row) const
{
    return m_rows->kind(row) == RowBook::Kind::Deleted;
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
    for (int row : m_rows->touchedRows()) {
        if (row < count && isRowDirty(row))
            rows << row;
    }
    std::sort(rows.begin(), rows.end());
    return rows;
}

QSqlRecord VersionedTableModel::baseRecord(int row) const
{
    if (row < 0 || row >= rowCount() || isPendingInsert(row))
        return {};
    return baseRecord(row, primaryValues(row));
}

QSqlRecord VersionedTableModel::baseRecord(int row, const QSqlRecord &key) const
{
    if (auto refreshed = m_rows->base(RowBook::keyString(key)))
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
    return baseRecord(row).value(schema().versionColumn);
}

void VersionedTableModel::rememberBase(int row)
{
    const QSqlRecord current = record(row);
    if (!current.isEmpty())
        m_rows->setBase(RowBook::keyString(primaryValues(row)), current);
}

bool VersionedTableModel::hasConflict(int row) const
{
    return m_conflicts->contains(row);
}

std::optional<RecordModifiedError> VersionedTableModel::conflict(int row) const
{
    return m_conflicts->find(row);
}

QList<RecordModifiedError> VersionedTableModel::conflicts() const
{
    return m_conflicts->sorted();
}

QSqlRecord VersionedTableModel::rowKey(int row) const
{
    if (row < 0 || row >= rowCount())
        return {};
    if (!isPendingInsert(row))
        return primaryValues(row);
    // primaryValues() has nothing for an unsaved insert: its key is what was typed so far.
    const QSqlRecord values = record(row);
    QSqlRecord key;
    for (const QString &column : schema().primaryKey)
        key.append(values.field(column));
    return key;
}

// --- editing overrides --------------------------------------------------------------------------

// The base of a row is pinned when its first edit starts, from the values the user sees: a page
// read again later (it left the cache) may hold another record at that position if others
// inserted or deleted meanwhile, and the save must check the version this user saw.
void VersionedTableModel::pinBase(int row)
{
    if (row < 0 || row >= rowCount() || isPendingInsert(row) || m_rows->touchedRows().contains(row))
        return;
    const QString key = RowBook::keyString(primaryValues(row));
    if (!m_rows->base(key))
        m_rows->setBase(key, baseRecord(row));
}

bool VersionedTableModel::setData(const QModelIndex &index, const QVariant &value, int role)
{
    // A row that could not be read has no values to check a write against.
    if (isReadOnly() || (index.isValid() && isUnreadable(index.row())))
        return false;
    QVariant stored = value;
    if (role == Qt::EditRole && index.isValid()) {
        // The same rule as concordctl and CSV import: nothing the column cannot hold is kept.
        auto converted = valueForKind(value, columnKind(index.column()), record().fieldName(index.column()));
        if (!converted) {
            setLastError(concordSqlError(converted.error().message, QSqlError::StatementError, NativeError::InvalidValue));
            return false;
        }
        stored = converted.value();
        pinBase(index.row());
    }
    m_stockCacheUsed = true;
    if (!QSqlTableModel::setData(index, stored, role))
        return false;
    if (role == Qt::EditRole) {
        m_rows->touch(index.row());
        emit pendingChanged();
    }
    return true;
}

bool VersionedTableModel::insertRows(int row, int count, const QModelIndex &parent)
{
    Q_UNUSED(row)
    if (isReadOnly())
        return false;
    // Appending keeps every loaded row at the position the query gave it, which the base
    // snapshots, primaryValues() and indexInQuery() rely on. The rest of the table is fetched
    // first, so that no loaded row can arrive below a new one later.
    while (canFetchMore())
        fetchMore();
    const int at = rowCount();
    m_stockCacheUsed = true;
    if (!QSqlTableModel::insertRows(at, count, parent))
        return false;
    m_rows->markInserted(at, count);
    emit pendingChanged();
    return true;
}

bool VersionedTableModel::removeRows(int row, int count, const QModelIndex &parent)
{
    if (isReadOnly())
        return false;
    // The stock removal reverts inserted rows (through revertRow()) and marks the others deleted;
    // inserted rows come last, so the others keep their positions.
    QList<int> deleted;
    for (int r = std::max(row, 0); r < row + count && r < rowCount(); ++r) {
        if (!isPendingInsert(r)) {
            pinBase(r);
            deleted << r;
        }
    }
    m_stockCacheUsed = true;
    if (!QSqlTableModel::removeRows(row, count, parent))
        return false;
    for (int r : std::as_const(deleted))
        m_rows->setKind(r, RowBook::Kind::Deleted);
    for (int r = row; r < row + count && r < rowCount(); ++r)
        m_rows->touch(r);
    emit pendingChanged();
    return true;
}

void VersionedTableModel::revertRow(int row)
{
    const bool wasInsert = isPendingInsert(row);
    const bool hadConflict = m_conflicts->contains(row);
    revertCachedRow(row);
    m_conflicts->remove(row);
    m_rows->untouch(row);
    if (wasInsert) {
        forgetRow(row);
    } else if (hadConflict) {
        // Dropping my edits of a record someone else changed means taking theirs: show it.
        selectRow(row);
        rememberBase(row);
    } else if (row < rowCount()) {
        // A row rebased by resolve() reverts to its stale cached values; show the database's.
        const QSqlRecord base = baseRecord(row);
        const QString version = schema().versionColumn;
        if (!base.isEmpty() && !sameValue(base.value(version), record(row).value(version)))
            selectRow(row);
    }
    emit pendingChanged();
}

// The stock revert, bypassing revertRow(): a pending delete becomes a loaded row again. An
// inserted row leaves the model; the caller forgets it.
void VersionedTableModel::revertCachedRow(int row)
{
    const bool pendingDelete = isDeleteRow(row) && isRowDirty(row);
    QSqlTableModel::revertRow(row);
    if (pendingDelete)
        m_rows->setKind(row, RowBook::Kind::Loaded);
}

// Reverting an unsaved insert removes its row; rows below it move up by one.
void VersionedTableModel::forgetRow(int row)
{
    m_rows->forget(row);
    m_conflicts->forget(row);
}

QVariant VersionedTableModel::data(const QModelIndex &index, int role) const
{
    switch (role) {
    case ConflictRole:
        return m_conflicts->contains(index.row());
    case DirtyRole:
        return isDirty(index);
    case RowStateRole:
        return QVariant::fromValue(rowState(index.row()));
    case Qt::ToolTipRole: {
        const auto conflict = m_conflicts->find(index.row());
        if (conflict)
            return conflict->describe();
        const QString change = changeText(index.row());
        return change.isEmpty() ? QVariant() : QVariant(change);
    }
    default:
        return QSqlTableModel::data(index, role);
    }
}

Qt::ItemFlags VersionedTableModel::flags(const QModelIndex &index) const
{
    if (!index.isValid())
        return QSqlTableModel::flags(index);
    if (isRemoved(index.row()) || isUnreadable(index.row()))
        return Qt::NoItemFlags;
    Qt::ItemFlags flags = QSqlTableModel::flags(index);
    if (isReadOnly())
        return flags & ~Qt::ItemIsEditable;
    // The version column holds the version the save will expect; editing it would defeat the check.
    // The audit columns are the writer's to set (who and when, at the save): an edit would not be kept.
    const QString field = record().fieldName(index.column());
    if (!m_resolving
        && (field.compare(schema().versionColumn, Qt::CaseInsensitive) == 0 || auditColumns().contains(field)))
        flags &= ~Qt::ItemIsEditable;
    return flags;
}

} // namespace Concord
