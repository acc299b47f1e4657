// SPDX-License-Identifier: MIT
// SPDX-FileCopyrightText: 2026 Concord developers
#pragma once

#include <core/merge/recordmodifiederror.h>
#include <core/result.h>

#include <QHash>
#include <QSqlTableModel>

#include <functional>
#include <memory>
#include <optional>
#include <vector>

namespace Concord {

class AdvisoryLock;
struct AuditColumns;
class ConflictBook;
class GridQuery;
class GridReader;
struct ColumnFilter;
class GuardCounts;
class LiveUpdates;
class PagedResult;
class RowBook;
class RowSubmitter;
struct RowWrite;
struct SubmitPass;
class Transaction;
struct TableSchema;
struct TableShape;
struct VersioningConfig;
enum class ValueKind;
enum class WriteResolution; // core/versioning/uncertainwrite.h

/// A QSqlTableModel that never lets one user's save silently overwrite another's.
///
/// Every protected table has a primary key and an integer version column. Updates and deletes
/// carry `AND version = <loaded>` (or `IS NULL` for a legacy row) and bump the version in the same
/// statement; a statement that touches no row is a conflict. Inserts start at version 1.
///
/// The model always uses OnManualSubmit: edits collect in the model until submitAll(). Use this
/// class's submitAll(), not QSqlTableModel::submitAll() through a base pointer: the stock one
/// loses edits of rows written before a failure and reselects the whole table.
///
/// Conflicts are values, never exceptions: submitAll() returns false, lastError() has the native
/// code RECORD_MODIFIED (test with isRecordModified()), recordModified() is emitted for each
/// conflicting row and conflicts() lists those not yet resolved.
///
/// New rows are always appended at the bottom, whatever row insertRows() is given.
///
/// **Tables of any size.** rowCount() is the true number of rows from the start (a view's
/// scrollbar spans them all), and any row can be shown at once: rows are read a page at a time,
/// each page by a short statement of its own read to its end, and only the most recently used
/// pages stay in memory (PagedResult). Pages are read on the model's own connection, so that
/// models open no connection of their own, except while a Concord Transaction is open on it:
/// then on a spare connection, so that the grid never shows that transaction's uncommitted
/// writes (GridReader, core/model/gridreader.h). setTable() reads the table's columns and key
/// once (QSqlTableModel's own read, kept in the SchemaCache, core/db/schemacache.h). Sorting (sort(), a header click), column
/// filters (setColumnFilters()) and the quick find (setFindText()) run in the database with bound
/// values. They re-read the table, so they refuse while edits are pending or conflicts are open:
/// nothing typed is ever dropped by a header click.
///
/// **Saves while an exclusive job holds the table: fail at once, with the holder named.** When
/// setTableLock() gave the model an AdvisoryLock, submitAll() first looks at the holders of
/// tableLockName(table) (core/locks/tablelock.h). If another owner holds it exclusively (an import, a bulk
/// edit, `concordctl lock table:orders -- ...`), submitAll() writes nothing, keeps every edit
/// pending, returns false and sets lastError() with the native code LOCK_HELD (isLockHeld()) and
/// a message naming the holder and its operation. Waiting was rejected: the GUI thread would
/// freeze for as long as an import runs, and a wait in a worker would need a second transaction
/// model. The editor shows the message and the user saves again when the job is done.
/// The check is a read (holders()), not a shared lock, so it also works while a SQLite job holds
/// the file's write lock; a job that starts between the check and the save's commit is then
/// serialized by the database (SQLite: one writer; PostgreSQL: row locks). Without a lock
/// (the default) saves are not checked.
class VersionedTableModel : public QSqlTableModel
{
    Q_OBJECT

public:
    /// What a multi-row submitAll() does when some rows conflict.
    enum class SubmitPolicy {
        AbortAll,   ///< one transaction: any conflict or error writes nothing
        SaveOthers, ///< rows without a conflict are saved; conflicting rows stay pending
    };
    Q_ENUM(SubmitPolicy)

    /// Extra data roles, read by the editor's delegate.
    enum Role {
        ConflictRole = Qt::UserRole + 1, ///< bool: the row has an unresolved conflict
        DirtyRole,                       ///< bool: the cell has an unsaved edit
        RowStateRole,                    ///< RowState of the row
    };

    /// What a pending save will do with a row.
    enum class RowState { Unchanged, Inserted, Updated, Deleted };
    Q_ENUM(RowState)
    RowState rowState(int row) const;

    /// A row of the last submitAll() whose answer was lost: the connection died after its write
    /// (or the save's COMMIT) was sent and before the server answered. submitAll() read it again
    /// on a new connection; resolution says what that found.
    struct UncertainRow
    {
        int row = -1;
        QSqlRecord key;
        WriteResolution resolution{}; ///< Unchecked until read (core/versioning/uncertainwrite.h)
        QVariant version; ///< the row's version as read (null when absent or not read)
        QString reason;   ///< for Unchecked: why it could not be read
    };

    /// The outcome of the last submitAll(), row by row.
    struct SubmitReport
    {
        int saved = 0;      ///< rows written, those found stored after a lost answer included
        int conflicted = 0; ///< rows with a new conflict, those found changed by others included
        int failed = 0;     ///< rows not written: refused, or found not stored (or not checkable)
        QList<UncertainRow> uncertain; ///< rows whose answer was lost, with what a re-read found
    };

    explicit VersionedTableModel(QObject *parent = nullptr, const QSqlDatabase &db = QSqlDatabase());
    ~VersionedTableModel() override;

    /// Sets the version column for tables without a recorded policy (see VersioningCatalog);
    /// call before setTable(). Default "version".
    void setVersionColumn(const QString &column);
    QString versionColumn() const { return m_versionColumn; }

    /// Loads the table's schema and versioning policy. A table without a primary key or version
    /// column, or with a contradictory policy, is refused: the model then has no table and
    /// lastError() says why (native codes NO_PRIMARY_KEY, NO_VERSION_COLUMN, BAD_VERSIONING).
    void setTable(const QString &tableName) override;
    /// The loaded table's schema; empty without a table (include core/db/tableschema.h to use it).
    /// For a read-only table, primaryKey may be empty and versionColumn is.
    const TableSchema &schema() const;

    /// Lets setTable() open what it would refuse for want of a primary key or a version column
    /// (an unversioned table, a view) read-only instead: browsing, sorting and filtering work,
    /// every edit is refused (flags() has no ItemIsEditable, setData(), insertRows() and
    /// removeRows() return false). A table with a broken versioning policy is still refused.
    /// Off by default. Call before setTable().
    void setReadOnlyAllowed(bool allowed) { m_readOnlyAllowed = allowed; }
    /// The table's audit columns (core/versioning/auditconfig.h): who changed each row last and
    /// when, set by every save; empty names without a table, for a read-only one or a table
    /// without them. flags() keeps them read-only, and headerData() says them as the tooltip of
    /// each row's vertical header ("Changed by bob 3 minutes ago").
    const AuditColumns &auditColumns() const;

    /// True when the table was opened read-only; readOnlyReason() says why.
    bool isReadOnly() const { return m_readOnlySchema != nullptr; }
    QString readOnlyReason() const { return m_readOnlyReason; }

    /// Enables the table lock check of submitAll() (see class documentation); nullptr disables
    /// it. The lock is the editor's owner (it may hold the table lock itself: then saves pass).
    void setTableLock(AdvisoryLock *lock);
    AdvisoryLock *tableLock() const;
    /// True when \a error is a save refused because another client holds the table lock.
    static bool isLockHeld(const QSqlError &error) { return Concord::isLockHeld(error); }

    void setSubmitPolicy(SubmitPolicy policy) { m_policy = policy; }
    SubmitPolicy submitPolicy() const { return m_policy; }

    /// Writes every pending edit under the version check, then re-reads only the rows it wrote.
    /// Returns false on a conflict (see class documentation) or a database error; pending edits
    /// that were not written stay in the model under either policy.
    ///
    /// **A lost answer is not a failure.** When the connection is lost after a row's write, or
    /// the save's COMMIT, was sent and before the server answered, the outcome is unknown: each
    /// such row is read again on a new connection (recheckUncertainWrite()) and listed in
    /// lastSubmitReport().uncertain. A row found stored is saved (its version adopted, nothing
    /// pending); one found changed by someone else gets an open conflict; one found not stored,
    /// or that could not be read, keeps its edit pending. submitAll() returns true only when
    /// every row was found stored; lastError() then is empty. Found not stored: lastError() is a
    /// lost connection (isConnectionLost(), SQLSTATE 08006). Not readable: OUTCOME_UNKNOWN
    /// (isOutcomeUnknown(), which also counts as a lost connection); a later save of the kept
    /// edit then conflicts with identical values if it had been stored.
    bool submitAll();
    SubmitReport lastSubmitReport() const { return m_report; }
    /// Reads again, on a new connection, the loaded rows a save could not check after a lost
    /// answer (UncertainRow::resolution Unchecked) whose pending edit is still the one sent: a
    /// row found stored is adopted as saved, one changed by someone else gets an open conflict
    /// (recordModified()), one not stored keeps its edit for the next save, one still unreadable
    /// waits for the next call. Returns what it found, row by row (empty when nothing waited);
    /// lastSubmitReport() is left as the save made it. Call it once reconnected (reconnect()).
    /// A row edited again since, or re-read, is left to the next save's version check.
    QList<UncertainRow> recheckUncertainRows();
    /// True while rows wait for recheckUncertainRows().
    bool hasUncheckedRows() const;
    /// When the last submitAll() failed because the database refused a record for one of its
    /// rules (a foreign key, NOT NULL, UNIQUE or the primary key, CHECK), lastError() says what
    /// happened to which record in words (explainConstraintViolation(), core/db/constraintviolation.h:
    /// "Cannot delete record id=7 of customers: 3 records of orders refer to it
    /// (orders.customer_id).") and keeps the driver's native code and type; this is then the
    /// driver's own text, for a "Details" view. Empty otherwise.
    QString lastErrorDetails() const { return m_lastErrorDetails; }

    /// Unresolved conflicts, in row order.
    QList<RecordModifiedError> conflicts() const;
    bool hasConflict(int row) const;
    /// The open conflict of \a row, if it has one.
    std::optional<RecordModifiedError> conflict(int row) const;

    /// The primary key of \a row as loaded (the fields of schema().primaryKey, in key order):
    /// what VersionGuard::forRow(), bulk jobs and messages need to name a row. Empty for a row
    /// out of range; for a pending insert, the key values typed so far.
    QSqlRecord rowKey(int row) const;

    /// Accepts \a resolution (the values to write) for \a conflict: the row is rebased onto
    /// theirs' version so that the next submitAll() writes exactly the resolution, and conflicts
    /// again if the row changed once more meanwhile. For a row deleted by someone else, a
    /// non-empty resolution re-creates the record: a pending insert, appended after every row of
    /// the table (the rest is fetched first), holding every field of the resolution, its key
    /// included; the next submitAll() writes it, and if the database refuses it the insert stays
    /// pending with those values and lastError() says why. An empty resolution drops my edits.
    /// Returns false when \a conflict is no longer open.
    bool resolve(const RecordModifiedError &conflict, const QSqlRecord &resolution);

    /// The row as it was loaded (or last saved), before pending edits.
    QSqlRecord baseRecord(int row) const;
    /// baseRecord() of a loaded \a row whose primaryValues() are \a key.
    QSqlRecord baseRecord(int row, const QSqlRecord &key) const;
    QVariant loadedVersion(int row) const;
    /// The version the database holds now for the row's key (NULL when it was deleted).
    QVariant currentVersion(int row) const;
    /// True when the database no longer holds the row at the version this model loaded.
    Result<bool> isChanged(int row) const;
    /// The table's versioning policy; nullptr without a table.
    const VersioningConfig *versioning() const;

    /// The guards VersionGuard::forModel() holds on this model; prefer the guard.
    GuardCounts &guardCounts();
    /// True for a row this model deleted from the database; views hide it until the next select().
    bool isRemoved(int row) const;
    /// True when the row has a pending insert, update or delete.
    bool isRowDirty(int row) const;
    /// Rows with pending edits, ascending.
    QList<int> pendingRows() const;

    bool select() override;

    /// Sorts by \a column in the database (the primary key breaks ties). Refused, with
    /// lastError() saying why, while edits are pending or conflicts open (see hasPendingWork()).
    void sort(int column, Qt::SortOrder order) override;
    void setSort(int column, Qt::SortOrder order) override;
    /// Shows only the rows that pass every filter (values bound, never part of the SQL text).
    /// Returns false, changing nothing, while work is pending or when a filter names no column.
    bool setColumnFilters(const QList<ColumnFilter> &filters);
    QList<ColumnFilter> columnFilters() const;
    /// Shows only the rows with \a text in any column, case-insensitively; empty shows all.
    bool setFindText(const QString &text);
    QString findText() const;
    /// True while edits are pending or conflicts open: what a re-read would throw away.
    bool hasPendingWork() const;
    /// The grid row of the record with primary key \a key in the current sort and filters: a
    /// count in the database, so it works for any row of any table. Fails with NotFound when no
    /// such record passes the filters.
    Result<int> rowOfKey(const QSqlRecord &key) const;
    /// The row near \a nearRow (within a page either side) whose key is \a key, or -1: how a view
    /// finds its current and selected records again after a re-read moved them a little.
    int findRowNear(const QSqlRecord &key, int nearRow) const;
    /// Rows per page and pages held in memory; takes effect at the next select().
    void setPaging(int pageRows, int maxPages);
    /// True when \a row's page could not be read at the last attempt (see rowsUnreadable()).
    bool isUnreadable(int row) const;
    /// Pages read since the last select() and pages held now (for tests and benchmarks).
    int pagesRead() const;
    int pagesHeld() const;

    /// Opens the model's connections again after the server dropped them (a restart, a failover,
    /// a network cut), keeping every pending edit and open conflict: the editing connection now,
    /// the grid's reader at its next read, live updates resubscribed. The next submitAll() then
    /// saves, or conflicts, as it would have. Fails with ConnectionFailed while the server is
    /// still away; call again later.
    Result<void> reconnect();
    /// Re-reads \a row (stock behaviour); a row the database no longer holds becomes isRemoved().
    bool selectRow(int row) override;

    /// Shows other clients' commits live (see ChangeWatcher and LiveUpdates): rows others
    /// changed that the grid holds are read again in place (refreshRowsInPlace(),
    /// refreshHeldRowsInPlace(); aboutToRefreshRows() / rowsRefreshed() around them), even while
    /// other rows have pending edits. What only a whole re-read can show (inserts, deletes, a
    /// changed row with pending edits) re-reads a table without pending edits or open conflicts
    /// (aboutToRefresh() / refreshed() let a view keep its place); with pending edits the table
    /// is only marked outdated, and re-read after the save that leaves nothing pending. Off by
    /// default.
    void setLiveUpdates(bool enabled, int pollIntervalMs = 250);
    bool liveUpdates() const;
    /// Others changed the table while this model held pending edits.
    bool isOutdated() const;
    /// Lets a view hold a live re-read back, e.g. while a cell editor is open; call
    /// refreshIfIdle() when it no longer needs to.
    void setRefreshBlocker(std::function<bool()> blocked);
    /// Re-reads the table if others changed it and nothing here is pending.
    void refreshIfIdle();
    /// Shows in place what others changed in the rows with the keys \a keys (each the key
    /// values as text, in key order, as a notification names them: ChangePayload). One statement
    /// on the grid's reader reads those rows and the row count again, and their cells change
    /// through dataChanged(): no reset, so views keep their scroll position, selection and open
    /// editors. A row this model saved before is then read once more by selectRow() (its values
    /// live in QSqlTableModel's own cache, which nothing else can replace).
    /// Returns false, having changed nothing, when only a whole re-read (select()) can show the
    /// change: a key no row in memory has (an insert, or a row of a page not held), a row with
    /// pending edits or an open conflict, a row gone or no longer passing the filters, a row
    /// that moved in the sort, a row count that changed, a read that failed.
    bool refreshRowsInPlace(const QList<QStringList> &keys);
    /// The same when the database does not say which rows changed (SQLite). One statement reads
    /// the versions of the rows held in memory (the most recently used pages, liveCheckRows rows
    /// at most; older pages are dropped, to be read again when shown), the row count, and the
    /// rows before the first and the last row of each run of held rows; rows whose version moved
    /// are then read again in place, in one more statement. Returns false, as above, also when
    /// rows were inserted or deleted. A write that did not move a row's version (an outside
    /// writer on a table without the Trigger policy) is not seen: it shows at the next select().
    bool refreshHeldRowsInPlace();
    /// The most rows refreshHeldRowsInPlace() checks: the check binds every key.
    static constexpr int liveCheckRows = 2048;
    /// Only OnManualSubmit is supported: the other strategies write row by row behind the
    /// caller's back, with no place to report a conflict. Other values are ignored with a warning.
    void setEditStrategy(EditStrategy strategy) override;
    /// Drops the row's pending edits. A row with an open conflict is re-read, so that it shows
    /// the version that won (or isRemoved() when the other user deleted it).
    void revertRow(int row) override;
    bool insertRows(int row, int count, const QModelIndex &parent = QModelIndex()) override;
    bool removeRows(int row, int count, const QModelIndex &parent = QModelIndex()) override;
    /// Sets a pending edit. For Qt::EditRole the value is first converted for the column's kind
    /// (columnKind(), by the rule of valueForKind(): the text "42" becomes the integer 42 in an
    /// integer column, NULL stays NULL); a value that cannot be converted ("abc" for an integer
    /// column, "soon" for a date) is refused: setData() returns false, changes nothing and sets
    /// lastError() with the native code INVALID_VALUE and a message naming the column, what it
    /// expects and the value. Returns false, too, for a read-only table.
    bool setData(const QModelIndex &index, const QVariant &value, int role = Qt::EditRole) override;
    /// What \a column accepts when edited (core/db/columnkinds.h: SQLite by the affinity of the
    /// declared type, PostgreSQL by the column's type); Unknown, which accepts anything, for a
    /// column out of range or without a table.
    ValueKind columnKind(int column) const;
    QVariant data(const QModelIndex &index, int role = Qt::DisplayRole) const override;
    int rowCount(const QModelIndex &parent = QModelIndex()) const override;
    Qt::ItemFlags flags(const QModelIndex &index) const override;
    /// The stock header, and for Qt::ToolTipRole of a row (Qt::Vertical) who changed the record
    /// last and when, from its audit columns, relative to now ("Changed by bob 3 minutes ago");
    /// none for a row without them. data() gives the same text as every cell's Qt::ToolTipRole,
    /// unless the row has an open conflict, whose description it gives instead.
    QVariant headerData(int section, Qt::Orientation orientation, int role = Qt::DisplayRole) const override;

Q_SIGNALS:
    void recordModified(const Concord::RecordModifiedError &error);
    /// Pending edits or open conflicts changed; for status bars.
    void pendingChanged();
    /// A live update is about to re-read the table, and has.
    void aboutToRefresh();
    void refreshed();
    /// A live update is about to show other users' changes of some rows in place
    /// (refreshRowsInPlace(), refreshHeldRowsInPlace()), and has: the dataChanged() between the
    /// two are not edits made here.
    void aboutToRefreshRows();
    void rowsRefreshed();
    void outdatedChanged(bool outdated);
    /// Rows of the grid could not be read (a lost connection, a dropped table): they show empty
    /// and cannot be edited until a later read succeeds. Queued: never emitted inside data().
    void rowsUnreadable(const QString &reason);

protected:
    bool updateRowInTable(int row, const QSqlRecord &values) override;
    bool insertRowIntoTable(const QSqlRecord &values) override;
    bool deleteRowFromTable(int row) override;
    QString selectStatement() const override;
    QModelIndex indexInQuery(const QModelIndex &item) const override;

private:
    struct StashedRow;

    bool selectThroughReader();
    bool refuseWhilePending(const QString &what);
    bool openReadOnly(const QString &tableName, const Error &refusal);
    Result<TableShape> readShape(const QString &tableName);
    const PagedResult *pagedResult() const;
    PagedResult *heldResult();
    bool canRefreshInPlace() const;
    QString heldKeyText(const QVariantList &values) const;
    std::optional<QHash<QString, QVariant>> readHeldVersions(const PagedResult &paged, const QList<int> &held) const;
    bool rereadInPlace(PagedResult &paged, const QList<int> &rows, bool checkCount);
    bool isMovedInOrder(const QVariantList &held, const QVariantList &fresh) const;
    void adoptRereadRow(PagedResult &paged, int row, const QVariantList &values);
    bool isShadowedByStockCache(int row) const;
    bool isPendingInsert(int row) const;
    bool isDeleteRow(int row) const;
    bool isShownEmpty(int row) const;
    QString changeText(int row) const;
    void revertCachedRow(int row);
    void forgetRow(int row);
    void rememberBase(int row);
    void putStoredValues(const RowWrite &write);
    SubmitPass writeBatched(const QList<int> &rows);
    static QString batchSavepoint();
    static bool beginBatch(Transaction &transaction, bool saveOthers);
    static bool undoBatch(Transaction &transaction, bool saveOthers);
    void pinBase(int row);

    RowWrite describeRow(int row) const;
    RowWrite writeRow(int row);
    void writeUpdate(RowWrite &write, const QSqlRecord &values);
    void writeDelete(RowWrite &write);
    void writeInsert(RowWrite &write, const QSqlRecord &values);
    bool hookResult(const RowWrite &write);
    bool finishSubmit(const SubmitPass &pass);
    bool settleUncertain(SubmitPass pass, const QSqlError &cause);
    bool isStillAsSent(const RowWrite &write) const;
    void noteUncertainFailure(SubmitPass &pass, int notStored, int unchecked, const QString &reason);
    void setSubmitFailure(const SubmitPass &pass);
    void refreshWrittenRow(const RowWrite &write);
    void adoptWrittenRows(QList<RowWrite> written);
    QList<StashedRow> stashOtherPendingRows(QList<RowWrite> &written);
    void replayStockSubmit(const QList<RowWrite> &written);
    void restoreStashed(const QList<StashedRow> &stashed);
    void reportConflicts(const QList<RecordModifiedError> &conflicts);
    void resolveDeletedByOther(const RecordModifiedError &open, const QSqlRecord &resolution);
    void rebase(const RecordModifiedError &open, const QSqlRecord &resolution);

    std::unique_ptr<RowBook> m_rows;           ///< each row's kind, touched rows, re-read bases
    std::unique_ptr<ConflictBook> m_conflicts; ///< open conflicts by row
    std::unique_ptr<RowSubmitter> m_submitter; ///< schema, writer, table lock, model guards
    std::unique_ptr<GridReader> m_reader;      ///< the connection the grid's rows are read through
    std::unique_ptr<GridQuery> m_gridQuery;    ///< the sort, filters and find the grid shows
    std::unique_ptr<TableSchema> m_readOnlySchema; ///< set while a table is open read-only
    QString m_readOnlyReason;
    QList<ValueKind> m_kinds; ///< what each column accepts, read by setTable()
    bool m_readOnlyAllowed = false;
    int m_pageRows = 256;
    int m_maxPages = 64;
    LiveUpdates *m_live = nullptr;             ///< a child: ChangeWatcher, outdated state, blocker
    QString m_versionColumn = QStringLiteral("version");
    SubmitPolicy m_policy = SubmitPolicy::AbortAll;
    SubmitReport m_report;
    std::vector<RowWrite> m_unchecked; ///< rows for recheckUncertainRows(), as their save sent them
    QString m_lastErrorDetails; ///< see lastErrorDetails()
    mutable int m_rowCount = -1; ///< QSqlTableModel::rowCount(), cached between structural changes
    bool m_resolving = false;    ///< lets the model itself write the read-only version column
    bool m_replaying = false;    ///< inside replayStockSubmit(): hooks and select() do nothing
    /// QSqlTableModel's row cache may hold rows (edits, inserts, re-read rows): select() must
    /// clear it. QSqlTableModel::setTable() and the stock select() leave it empty.
    bool m_stockCacheUsed = false;
};

} // namespace Concord
