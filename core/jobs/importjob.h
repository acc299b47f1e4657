// SPDX-License-Identifier: MIT
// SPDX-FileCopyrightText: 2026 Concord developers
#pragma once

#include <core/jobs/importmapping.h>
#include <core/jobs/job.h>

#include <QMutex>
#include <QSet>

namespace Concord {

class VersionedWriter;

/// What to import, and how.
struct ImportOptions
{
    QString table;
    QString filePath;
    /// CSV header -> table column, replacing the automatic match by name (ImportMapping).
    QHash<QString, QString> mapping;
    /// False (default): all or nothing, any rejected line writes nothing. True: rejected lines
    /// are left out and reported, the good ones are written. Either way in one transaction.
    bool skipRejectedLines = false;
};

/// The mapped first rows of a file, for a preview before importing.
struct ImportPreview
{
    ImportMapping mapping;
    struct Row
    {
        qint64 line = 0;
        QSqlRecord values;               ///< only mapped columns are generated
        QList<RejectedLine> problems;    ///< empty for a row that would import
    };
    QList<Row> rows;
};

/// The outcome of an import, complete when the job finished.
struct ImportReport
{
    qint64 inserted = 0;   ///< new rows, at the policy's first version
    qint64 updated = 0;    ///< existing rows (matched by key), version bumped once
    qint64 unchanged = 0;  ///< existing rows the file holds as they are; not written, not bumped
    QList<RejectedLine> rejected;
    bool committed = false; ///< true when the transaction was committed
};

/// Imports a CSV file (RFC 4180, see CsvReader) into a table, under the exclusive table lock.
///
/// A line whose key columns are mapped and hold the key of an existing row updates that row;
/// any other line inserts a row (a key left NULL is made by the database). The import skips
/// version checks for its own writes (it passes a SkipCheck GuardState to VersionedWriter, the
/// mechanism behind VersionGuard, but only for this job's connection: a process-wide
/// VersionGuard::forTable() would also let the editor's stale saves through). Versions are set
/// once: a new row gets the policy's first version, an updated row one bump, an unchanged row
/// none. A key that appears twice in the file rejects the second line.
///
/// Two passes over the file: the first parses, maps and type-checks every line without
/// touching the database, so that the report lists every bad line; the second writes in one
/// transaction, so that the database's write lock (SQLite) is held only while writing. With
/// rejected lines and skipRejectedLines off the second pass does not run. A database error on a
/// line (a constraint) rejects that line; all or nothing then rolls back and stops there.
///
/// Finishes with: success; InvalidValue when lines were rejected and nothing was written
/// (report().rejected lists them); LockHeld naming the holder; Cancelled (nothing written);
/// NotFound for a missing file or table; InvalidArgument for a bad mapping; Sql.
/// Progress counts bytes of the file, twice (one per pass).
class ImportJob : public Job
{
    Q_OBJECT

public:
    ImportJob(const JobConnection &connection, ImportOptions options, QObject *parent = nullptr);

    QString description() const override;
    QString table() const override { return m_options.table; }
    const ImportOptions &options() const { return m_options; }

    /// Complete once finished() was emitted (or run() returned).
    ImportReport report() const;

    /// Maps the first \a rows lines of the file through \a db (the caller's connection; reads
    /// only, no lock) for a preview. Fails like the job for a bad file, table or mapping.
    static Result<ImportPreview> preview(const QSqlDatabase &db, const ImportOptions &options, int rows = 20);

protected:
    JobResult work(Context &context) override;
    JobResult storedAfterLostAnswer() override;

private:
    JobResult validate(const TableSchema &schema, const QStringList &stamped, ImportMapping *mapping,
                       QSet<qint64> *badLines, ImportReport *report);
    JobResult write(Context &context, VersionedWriter &writer, const ImportMapping &mapping,
                    const QSet<qint64> &badLines, ImportReport *report);

    ImportOptions m_options;
    mutable QMutex m_reportMutex;
    ImportReport m_report;
};

} // namespace Concord
