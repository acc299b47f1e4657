// SPDX-License-Identifier: MIT
// SPDX-FileCopyrightText: 2026 Concord developers
#pragma once

#include <core/db/boundquery.h>
#include <core/db/tableschema.h>
#include <core/versioning/uncertainwrite.h>
#include <core/versioning/versionguard.h>
#include <core/versioning/versioningconfig.h>

#include <QSqlDatabase>
#include <QHash>
#include <QSqlError>
#include <QSqlQuery>
#include <QSqlRecord>

#include <functional>
#include <memory>
#include <optional>

namespace Concord {

/// The version-checked statements behind every Concord write, shared by VersionedTableModel and
/// concordctl so that both write exactly the same way.
///
/// update() and remove() carry `AND version = <loaded>` (`IS NULL` for a legacy row) and report
/// Conflict when no row matched. The policy decides how the version moves; guards in force
/// (VersionGuard) can drop the check or the increment. Values are always bound.
///
/// Versions of a key never repeat: remove() records the deleted row's version (a tombstone) and
/// insert() raises a new row above its key's tombstone (core/versioning/deletedversions.h), so a
/// stale write or delete aimed at a deleted row can never hit a row inserted later with the same
/// key. remove() first creates the tombstone table when it is missing and fails (deleting
/// nothing) when it cannot.
///
/// Who and when: update() and insert() also set the table's audit columns (auditColumns(): who
/// by auditUser(), when by auditTime(), the database's clock) in the same statement, so a row
/// always names its last Concord writer; values given for those columns are not written.
///
/// Outcomes are honest (issue #14): Failed only when the write is known not to be stored (the
/// database refused it, or it was never sent, or it ran in a transaction the lost connection took
/// with it). When the connection is lost after a write that commits by itself (or the COMMIT of
/// insert()'s own transaction) was sent and before the answer came, the outcome is Unknown:
/// lastError() says so (OUTCOME_UNKNOWN, isOutcomeUnknown()) and uncertainWrite() describes the
/// write, for recheckUncertainWrite() to read the row again and tell.
class VersionedWriter
{
public:
    enum class Outcome {
        Written,
        Unchanged,
        Conflict,
        Failed,
        Unknown, ///< sent, then the connection was lost before the answer: see uncertainWrite()
    };

    VersionedWriter(const QSqlDatabase &db, TableSchema schema, VersioningConfig config);

    /// Writes the generated fields of \a values that differ from \a base (all generated fields
    /// when \a base is empty). Unchanged when there is nothing to write. \a modelGuards adds a
    /// model's own guards to the process-wide ones.
    /// \a returned, when given, gets the row as stored (see returnsStoredRow()).
    Outcome update(const QSqlRecord &key, const QVariant &loadedVersion, const QSqlRecord &base,
                   const QSqlRecord &values, GuardState modelGuards = {}, QSqlRecord *returned = nullptr);
    Outcome remove(const QSqlRecord &key, const QVariant &loadedVersion, GuardState modelGuards = {});
    /// Inserts the generated fields of \a values (a NULL key is left for the database to make)
    /// with a first version: firstVersion() (or the version \a values supplies, for a record
    /// re-created after a conflict), raised above the highest version the key had before it was
    /// deleted, if it ever was; \a returned gets the row the database stored. A key never
    /// deleted starts at firstVersion() (1 for counters). The insert and the raise are atomic
    /// (a savepoint, or a transaction of their own on PostgreSQL when none is open).
    Outcome insert(const QSqlRecord &values, QSqlRecord *returned = nullptr);

    /// One update of updateBatch(): what update() takes, and what came of it.
    struct BatchedUpdate
    {
        QSqlRecord key;
        QVariant loadedVersion;
        QSqlRecord base;
        QSqlRecord values;
        Outcome outcome = Outcome::Failed;
        QSqlRecord stored; ///< the row as stored, when Written
    };
    /// True where updateBatch() writes many rows per statement: PostgreSQL.
    bool canBatch() const;
    /// Writes \a updates as update() would, each row with the same version check, increment and
    /// audit stamp, but on PostgreSQL rows of the same shape (the same columns changed) go in one
    /// statement per batchRows rows: `UPDATE … FROM json_populate_recordset(…)` with the values
    /// bound as one JSON document, typed by the table's own row type. A row the database does not
    /// return is a Conflict, as in update(). Rows whose values have no exact JSON form (bytes,
    /// dates) or whose key changes are written one by one by update().
    /// Returns false when a statement failed (lastError() says why; the outcomes are then not
    /// known): the caller's transaction is lost, and writing the rows one by one tells which row
    /// the database refused. Call inside a transaction.
    bool updateBatch(QList<BatchedUpdate> &updates, GuardState modelGuards = {});
    static constexpr int batchRows = 500;

    /// The row now in the database, or an empty record when there is none or the read failed
    /// (then lastError() says why; use readRow() to tell the two apart).
    QSqlRecord readCurrent(const QSqlRecord &key) const;
    /// The row now in the database (an empty record when there is none), or the Sql error that
    /// kept it from being read: a failed lookup is never "no row".
    Result<QSqlRecord> readRow(const QSqlRecord &key) const;
    /// The version \a returned (the row update() returned) really has in the database: on SQLite
    /// with the Trigger policy the trigger bumps it once more after RETURNING (see returnsStoredRow()).
    QVariant writtenVersion(const QSqlRecord &returned) const;
    /// True when the database no longer holds \a key at \a loadedVersion (changed or deleted).
    Result<bool> isChanged(const QSqlRecord &key, const QVariant &loadedVersion) const;

    QSqlError lastError() const { return m_error; }
    /// What the last update(), remove() or insert() that returned Unknown tried to write, with the
    /// version the row has if it was committed; for recheckUncertainWrite().
    const UncertainWrite &uncertainWrite() const { return m_uncertain; }
    /// The fields of \a values a write sets: the generated ones, but not the version or audit
    /// columns, which hold what Concord writes.
    QSqlRecord writtenFields(const QSqlRecord &values) const;
    /// The schema fields of the row the last update() returned that the database supplied; the
    /// others are the values it was given (see returningFor()). Empty: every field.
    const QList<int> &lastStoredFields() const { return m_lastStoredFields; }
    const TableSchema &schema() const { return m_schema; }
    const VersioningConfig &config() const { return m_config; }
    /// The audit columns every update() and insert() sets: config().audit resolved against the
    /// table's columns; empty names for a table without them.
    const AuditColumns &auditColumns() const { return m_audit; }

    /// Whether the row update() returns is final. Not on SQLite with the Trigger policy: its
    /// AFTER UPDATE trigger bumps the version after RETURNING has been computed.
    bool returnsStoredRow() const { return !(m_config.policy == VersionPolicy::Trigger && m_db.driverName() == QLatin1String("QSQLITE")); }

    /// A version for a new row under the policy: 1, or the current time for Timestamp.
    QVariant firstVersion() const;

private:
    Outcome updateRow(const QSqlRecord &key, const QVariant &loadedVersion, const QSqlRecord &base,
                      const QSqlRecord &values, GuardState modelGuards, QSqlRecord *returned);
    Outcome insertRow(const QSqlRecord &values, QSqlRecord *returned);
    /// SQLite with the table's history on (core/versioning/history.h, "Who"): whether a write
    /// signs the history entry it makes with the OS account (always for a delete; for inserts
    /// and updates when the table lacks the audit columns that tell the trigger who wrote).
    bool signsHistory(bool deletes);
    /// Runs \a write and then signs its history entry, in one transaction (a savepoint when the
    /// caller has none open): one statement more per write, only on SQLite with history on.
    Outcome signedWrite(bool deletes, const std::function<Outcome()> &write);
    QString keyPredicate() const;
    QString versionPredicate(const QVariant &loadedVersion) const;
    QString versionAssignment(bool trackedFieldChanged, const QString &qualifier = {}) const;
    void appendKey(QVariantList &bindings, const QSqlRecord &key) const;
    bool isWrittenByConcord(const QString &field) const;
    void appendAudit(QStringList &columns, QStringList &terms, QVariantList &bindings) const;
    bool run(const QString &statement, const QVariantList &bindings, BoundQuery **executed) const;
    QSqlError knownError(const QSqlError &error) const;
    static bool isStalePlan(const QSqlError &error);
    /// Runs \a dml with RETURNING; on PostgreSQL \a after is a CTE placed after it (the DML
    /// itself is the CTE "written"), with its own bindings.
    Outcome runReturning(const QString &dml, QVariantList bindings, QSqlRecord *returned, const QString &after = {},
                         const QVariantList &afterBindings = {});
    /// \a dml with RETURNING every column (and, on PostgreSQL, wrapped with \a after and the notification).
    QString returningStatement(const QString &dml, const QString &after = {}) const;
    /// \a returning (a DML with RETURNING) as it runs: on PostgreSQL inside the notifying CTE.
    QString notifyingStatement(const QString &returning, const QString &after = {}) const;
    /// Runs a statement made by returningStatement(); \a bindings are the DML's and then the CTE's.
    /// With \a returnedFields, the statement returns only those schema fields and \a returned is
    /// \a laidOut (the values written, in schema order) with them overlaid.
    Outcome runWritten(const QString &statement, QVariantList bindings, QSqlRecord *returned,
                       const QList<int> &returnedFields = {}, const QSqlRecord &laidOut = {});
    Outcome removeOnSQLite(const QString &dml, const QVariantList &bindings, const QVariantList &tombstone);
    Outcome raiseAboveTombstone(QSqlRecord *stored);
    bool beginAtomic(bool *ownTransaction);
    bool endAtomic(bool ownTransaction, bool keep);
    bool prepareDeletedVersions();
    bool triggerRecordsDeletes();
    Outcome fail(const QSqlError &error);
    /// After run() failed for a write: Unknown when the statement was sent and the connection
    /// lost before the answer, outside any transaction that would have died with it; else Failed.
    Outcome writeFailed();
    bool isInTransaction() const;

    /// The table's names quoted once (quoting checks every name: a save should not pay for it).
    struct QuotedNames
    {
        QString table;
        QStringList fields;       ///< by schema field index
        QString keyPredicate;     ///< `"id" = ?` (AND …)
        QString returning;        ///< every column, for RETURNING and readRow()
        QStringList plain;        ///< the field names as the schema has them
    };
    /// What one update writes: its SQL text depends only on this, so it is built once per shape.
    struct UpdateShape
    {
        QList<int> assigned; ///< schema field indexes given a bound value, in order
        bool check = true;
        bool increment = true;
        bool versionIsNull = false;
        bool trackedFieldChanged = false;
        /// What the statement returns (see update()).
        enum class Returning : char { Everything, WhatItSets, Nothing } returning = Returning::Everything;
        bool valuesLaidOut = false; ///< the values have the schema's layout (not part of key())
        QByteArray key() const;
    };
    /// An update's statement, and the schema fields its RETURNING lists (empty: every field).
    struct UpdateText
    {
        QString statement;
        QList<int> returnedFields;
    };
    const UpdateText &updateStatement(const UpdateShape &shape, const QStringList &auditColumns,
                                   const QStringList &auditTerms) const;
    bool hasSchemaLayout(const QSqlRecord &record) const;
    std::optional<Outcome> planUpdate(const QSqlRecord &key, const QVariant &loadedVersion, const QSqlRecord &base,
                                      const QSqlRecord &values, GuardState modelGuards, UpdateShape &shape,
                                      QVariantList &bindings);
    QString batchStatement(const UpdateShape &shape, const QStringList &auditColumns, const QStringList &auditTerms) const;
    bool runBatch(const QString &statement, const QVariantList &bindings, const QList<int> &members,
                  QList<BatchedUpdate> &updates);
    UpdateShape::Returning returningFor(const QSqlRecord &values, bool wanted, const UpdateShape &shape);
    bool othersChangeRows();
    QVariant versionAfter(const QVariant &loadedVersion, const UpdateShape &shape, const QVariant &clock) const;
    /// The version an update of \a shape leaves if committed; null when it cannot be known.
    QVariant expectedVersion(const QVariant &loadedVersion, const UpdateShape &shape, const QVariant &clock) const;
    Outcome runCounted(const QString &statement, const QVariantList &bindings);

    static constexpr int maxCachedStatements = 64;

    QSqlDatabase m_db;
    TableSchema m_schema;
    VersioningConfig m_config;
    AuditColumns m_audit;
    mutable QSqlError m_error;
    mutable bool m_lostAfterSending = false; ///< the last run() sent its statement and lost the connection
    bool m_inOwnTransaction = false;          ///< between beginAtomic()'s BEGIN and endAtomic()
    bool m_commitLost = false;                ///< endAtomic()'s COMMIT was sent and not answered
    UncertainWrite m_uncertain;
    bool m_deletedVersionsExist = false;   ///< the tombstone table is known to exist
    std::optional<bool> m_othersChangeRows; ///< PostgreSQL: see othersChangeRows()
    std::optional<bool> m_triggerRecordsDeletes; ///< PostgreSQL, Trigger policy: its trigger is current
    /// SQLite: the quoted history table this writer signs (empty: history off), looked up once.
    std::optional<QString> m_historyStamp;
    mutable QHash<QString, std::shared_ptr<BoundQuery>> m_statements; ///< prepared statements by text
    QuotedNames m_quoted;
    QList<int> m_lastStoredFields;
    QList<bool> m_concordOwned; ///< by schema field index: the version and audit columns
    mutable QHash<QByteArray, UpdateText> m_updateTexts; ///< UpdateShape::key() -> the full statement
};

/// Microseconds since the epoch, never less than the last value returned in this process.
qint64 versionClockMicros();

} // namespace Concord
