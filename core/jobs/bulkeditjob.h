// SPDX-License-Identifier: MIT
// SPDX-FileCopyrightText: 2026 Concord developers
#pragma once

#include <core/jobs/job.h>
#include <core/versioning/versionedwriter.h>

#include <QMutex>
#include <QSqlRecord>
#include <QVariant>

namespace Concord {

/// A row a bulk job should touch: its key and the version the user saw.
struct BulkRow
{
    QSqlRecord key;
    QVariant expectedVersion; ///< NULL for a legacy row without a version
};

/// A row a bulk job left untouched because it changed (or vanished) since the user saw it.
struct BulkConflict
{
    QSqlRecord key;
    QVariant expectedVersion;
    QVariant currentVersion; ///< NULL when deleted
    bool deleted = false;

    /// "id=3: now at version 4, not 2" / "id=3: deleted by someone else"
    QString toString() const;
};

/// The outcome of a bulk job, complete when it finished.
struct BulkReport
{
    QList<QSqlRecord> saved;        ///< keys written (or deleted)
    QList<BulkConflict> conflicts;  ///< rows left untouched
    bool committed = false;
};

/// Applies one change to many rows, each version-checked, under the exclusive table lock.
///
/// Rows come as (key, expected version) pairs. Selecting "all rows of a filter" passes every
/// pair the user saw, so each is checked exactly like a hand-picked one (django admin's
/// select-across skips that check). A row whose version moved, or that was deleted, is a
/// conflict: it is reported and left untouched, and the other rows are saved.
///
/// **Transactions:** all rows are written in one transaction, committed at the end. Conflicts
/// do not abort it (a version-checked statement that matches no row changes nothing); a
/// database error, a lost lock or cancel() rolls everything back, so the result is either
/// "every non-conflicting row saved" or "nothing saved".
///
/// Finishes with success when every row was saved; RecordModified when some rows conflicted
/// (the others are saved: report().committed is true); LockHeld, Cancelled, InvalidArgument
/// (unknown column, the version or a key column), NotFound (table) or Sql with nothing saved.
/// Progress counts rows.
class BulkRowsJob : public Job
{
    Q_OBJECT

public:
    BulkRowsJob(const JobConnection &connection, QString table, QList<BulkRow> rows, QObject *parent = nullptr);

    QString table() const override { return m_table; }
    const QList<BulkRow> &rows() const { return m_rows; }
    BulkReport report() const;

protected:
    JobResult work(Context &context) override;
    JobResult storedAfterLostAnswer() override;
    /// Checks the job's arguments against the loaded schema; InvalidArgument when they do not fit.
    virtual Result<void> prepare(const VersionedWriter &writer) = 0;
    /// Writes one row under its version check.
    virtual VersionedWriter::Outcome writeRow(VersionedWriter &writer, const BulkRow &row) = 0;

private:
    static BulkConflict conflictOf(const VersionedWriter &writer, const TableSchema &schema, const BulkRow &row);
    static JobResult outcomeOf(const BulkReport &report);

    QString m_table;
    QList<BulkRow> m_rows;
    mutable QMutex m_reportMutex;
    BulkReport m_report;
    BulkReport m_pendingReport; ///< the last run's, before its COMMIT
};

/// Sets one column to one value on every given row ("Bulk edit").
class BulkEditJob : public BulkRowsJob
{
    Q_OBJECT

public:
    BulkEditJob(const JobConnection &connection, const QString &table, QList<BulkRow> rows, QString column,
                QVariant value, QObject *parent = nullptr);
    QString description() const override;

protected:
    Result<void> prepare(const VersionedWriter &writer) override;
    VersionedWriter::Outcome writeRow(VersionedWriter &writer, const BulkRow &row) override;

private:
    QString m_column;
    QVariant m_value;
    QSqlRecord m_values;
};

/// Deletes every given row, each only at the version the user saw ("Bulk delete").
class BulkDeleteJob : public BulkRowsJob
{
    Q_OBJECT

public:
    using BulkRowsJob::BulkRowsJob;
    QString description() const override;

protected:
    Result<void> prepare(const VersionedWriter &writer) override;
    VersionedWriter::Outcome writeRow(VersionedWriter &writer, const BulkRow &row) override;
};

} // namespace Concord
