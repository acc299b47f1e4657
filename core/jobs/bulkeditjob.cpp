// SPDX-License-Identifier: MIT
// SPDX-FileCopyrightText: 2026 Concord developers
#include "bulkeditjob.h"

#include <core/text.h>
#include <core/merge/recordmodifiederror.h>
#include <core/db/transaction.h>
#include <core/versioning/versionedwriter.h>
#include <core/versioning/versioningconfig.h>

#include <QSqlField>

using namespace Qt::StringLiterals;

namespace Concord {

namespace {

QString versionText(const QVariant &version)
{
    return version.isNull() ? u"NULL"_s : version.toString();
}

} // namespace

QString BulkConflict::toString() const
{
    if (deleted)
        return BulkRowsJob::tr("%1: deleted by someone else").arg(keyText(key));
    return BulkRowsJob::tr("%1: now at version %2, not %3")
        .arg(keyText(key), versionText(currentVersion), versionText(expectedVersion));
}

BulkRowsJob::BulkRowsJob(const JobConnection &connection, QString table, QList<BulkRow> rows, QObject *parent)
    : Job(connection, parent)
    , m_table(std::move(table))
    , m_rows(std::move(rows))
{
}

BulkReport BulkRowsJob::report() const
{
    QMutexLocker locker(&m_reportMutex);
    return m_report;
}

// Read inside the transaction: what the row is now, as the user will see it.
BulkConflict BulkRowsJob::conflictOf(const VersionedWriter &writer, const TableSchema &schema, const BulkRow &row)
{
    const QSqlRecord current = writer.readCurrent(row.key);
    const QVariant version = current.isEmpty() ? QVariant() : current.value(schema.versionColumn);
    return BulkConflict{row.key, row.expectedVersion, version, current.isEmpty()};
}

JobResult BulkRowsJob::work(Context &context)
{
    auto config = versioningFor(context.db, m_table);
    auto schema = config ? TableSchema::load(context.db, m_table, config.value().column)
                         : Result<TableSchema>(config.error());
    if (!schema)
        return schema.error();
    VersionedWriter writer(context.db, schema.value(), config.value());
    if (auto prepared = prepare(writer); !prepared)
        return prepared.error();

    BulkReport report;
    {
        QMutexLocker locker(&m_reportMutex);
        m_report = report; // a re-run replaces what an earlier run reported
    }
    const auto cancelled = [this] {
        return makeError(ErrorCode::Cancelled, tr("%1 was cancelled; nothing was saved.").arg(description()));
    };
    Transaction transaction(context.db);
    if (!transaction.begin())
        return makeError(ErrorCode::Sql, transaction.lastError().text(), transaction.lastError());
    const qint64 total = m_rows.size();
    for (qint64 i = 0; i < total; ++i) {
        if (isCancelled())
            return cancelled();
        const BulkRow &row = m_rows.at(i);
        switch (writeRow(writer, row)) {
        case VersionedWriter::Outcome::Written:
        case VersionedWriter::Outcome::Unchanged:
            report.saved << row.key;
            break;
        case VersionedWriter::Outcome::Conflict:
            report.conflicts << conflictOf(writer, schema.value(), row);
            break;
        case VersionedWriter::Outcome::Unknown: // not inside this transaction: a lost connection takes it along
        case VersionedWriter::Outcome::Failed:
            return makeError(ErrorCode::Sql,
                             tr("%1 failed at %2; nothing was saved: %3")
                                 .arg(description(), keyText(row.key), writer.lastError().text()),
                             writer.lastError());
        }
        setProgress(i + 1, total);
    }
    if (isCancelled())
        return cancelled();
    {
        // Kept aside before COMMIT: a lost answer proven stored by the receipt adopts it.
        QMutexLocker locker(&m_reportMutex);
        m_pendingReport = report;
    }
    if (auto committed = commitWork(context, transaction); !committed)
        return committed;
    return storedAfterLostAnswer();
}

JobResult BulkRowsJob::storedAfterLostAnswer()
{
    QMutexLocker locker(&m_reportMutex);
    m_report = m_pendingReport;
    m_report.committed = true;
    return outcomeOf(m_report);
}

// Conflicting rows were left untouched and the rest committed: the result says which.
JobResult BulkRowsJob::outcomeOf(const BulkReport &report)
{
    if (report.conflicts.isEmpty())
        return {};
    QStringList lines;
    for (const BulkConflict &conflict : std::as_const(report.conflicts))
        lines << conflict.toString();
    return makeError(ErrorCode::RecordModified,
                     countText(report.saved.size(), tr("%1 row saved; "), tr("%1 rows saved; "))
                         + countText(report.conflicts.size(), tr("%1 row was changed by someone else and left untouched: "),
                                     tr("%1 rows were changed by someone else and left untouched: "))
                         + lines.join(u"; "_s));
}

BulkEditJob::BulkEditJob(const JobConnection &connection, const QString &table, QList<BulkRow> rows, QString column,
                         QVariant value, QObject *parent)
    : BulkRowsJob(connection, table, std::move(rows), parent)
    , m_column(std::move(column))
    , m_value(std::move(value))
{
}

QString BulkEditJob::description() const
{
    return tr("Bulk edit of %1.%2").arg(table(), m_column);
}

Result<void> BulkEditJob::prepare(const VersionedWriter &writer)
{
    const TableSchema &schema = writer.schema();
    const int index = schema.fields.indexOf(m_column);
    if (index < 0)
        return makeError(ErrorCode::InvalidArgument, tr("Table %1 has no column %2.").arg(table(), m_column));
    // The audit columns say who changed a row and when: the writer sets them, nobody types them.
    if (m_column.compare(schema.versionColumn, Qt::CaseInsensitive) == 0 || schema.isKeyColumn(m_column)
        || writer.auditColumns().contains(m_column))
        return makeError(ErrorCode::InvalidArgument, tr("Column %1 cannot be bulk edited.").arg(m_column));
    m_values = schema.fields;
    for (int i = 0; i < m_values.count(); ++i)
        m_values.setGenerated(i, i == index);
    if (m_value.isNull())
        m_values.setNull(index);
    else
        m_values.setValue(index, m_value);
    return {};
}

VersionedWriter::Outcome BulkEditJob::writeRow(VersionedWriter &writer, const BulkRow &row)
{
    return writer.update(row.key, row.expectedVersion, QSqlRecord(), m_values);
}

QString BulkDeleteJob::description() const
{
    return tr("Bulk delete from %1").arg(table());
}

Result<void> BulkDeleteJob::prepare(const VersionedWriter &)
{
    return {};
}

VersionedWriter::Outcome BulkDeleteJob::writeRow(VersionedWriter &writer, const BulkRow &row)
{
    return writer.remove(row.key, row.expectedVersion);
}

} // namespace Concord
