// SPDX-License-Identifier: MIT
// SPDX-FileCopyrightText: 2026 Concord developers
#include "importjob.h"

#include <core/text.h>
#include <core/db/transaction.h>
#include <core/values/valuecomparison.h>
#include <core/versioning/versionedwriter.h>
#include <core/versioning/versioningconfig.h>

#include <QFile>
#include <QSqlField>

using namespace Qt::StringLiterals;

namespace Concord {

namespace {

const QString lineSavepoint = u"concord_import_line"_s;

struct OpenFile
{
    std::unique_ptr<QFile> file;
    std::unique_ptr<CsvReader> reader;
    CsvRecord header;
};

Result<OpenFile> openCsv(const QString &path)
{
    OpenFile open;
    open.file = std::make_unique<QFile>(path);
    if (!open.file->open(QIODevice::ReadOnly)) {
        return makeError(ErrorCode::NotFound, ImportJob::tr("Cannot read %1: %2").arg(path, open.file->errorString()));
    }
    open.reader = std::make_unique<CsvReader>(open.file.get());
    const std::optional<CsvRecord> header = open.reader->next();
    if (!header)
        return makeError(ErrorCode::InvalidArgument, ImportJob::tr("%1 is empty: it needs a header line").arg(path));
    if (!header->isValid())
        return makeError(ErrorCode::InvalidArgument, ImportJob::tr("The header line of %1 is malformed: %2").arg(path, header->error));
    open.header = *header;
    return open;
}

Result<std::pair<TableSchema, VersioningConfig>> loadTable(const QSqlDatabase &db, const QString &table)
{
    auto config = versioningFor(db, table);
    if (!config)
        return config.error();
    auto schema = TableSchema::load(db, table, config.value().column);
    if (!schema)
        return schema.error();
    return std::make_pair(schema.value(), config.value());
}

// The columns the writer stamps itself (who and when): never fed from the file.
QStringList stampedColumns(const TableSchema &schema, const VersioningConfig &config)
{
    const AuditColumns audit = config.audit.resolve(schema.fields, schema.primaryKey, schema.versionColumn);
    QStringList columns;
    for (const QString &column : {audit.byColumn, audit.atColumn}) {
        if (!column.isEmpty())
            columns << column;
    }
    return columns;
}

// The key of a line when every key column is mapped and holds a value; empty otherwise.
QSqlRecord keyOf(const TableSchema &schema, const QSqlRecord &values)
{
    QSqlRecord key;
    for (const QString &column : schema.primaryKey) {
        if (!values.isGenerated(column) || values.isNull(column))
            return {};
        key.append(values.field(column));
    }
    return key;
}

QString keyString(const QSqlRecord &key)
{
    QStringList parts;
    for (int i = 0; i < key.count(); ++i)
        parts << key.value(i).toString();
    return parts.join(u'\x1f');
}

} // namespace

ImportJob::ImportJob(const JobConnection &connection, ImportOptions options, QObject *parent)
    : Job(connection, parent)
    , m_options(std::move(options))
{
}

QString ImportJob::description() const
{
    return tr("Import into %1").arg(m_options.table);
}

ImportReport ImportJob::report() const
{
    QMutexLocker locker(&m_reportMutex);
    return m_report;
}

Result<ImportPreview> ImportJob::preview(const QSqlDatabase &db, const ImportOptions &options, int rows)
{
    auto table = loadTable(db, options.table);
    if (!table)
        return table.error();
    auto open = openCsv(options.filePath);
    if (!open)
        return open.error();
    const TableSchema &schema = table.value().first;
    auto mapping = ImportMapping::resolve(schema, open.value().header.fields, options.mapping,
                                          stampedColumns(schema, table.value().second));
    if (!mapping)
        return mapping.error();
    ImportPreview preview{mapping.value(), {}};
    while (preview.rows.size() < rows) {
        const std::optional<CsvRecord> record = open.value().reader->next();
        if (!record)
            break;
        ImportPreview::Row row;
        row.line = record->line;
        row.values = preview.mapping.mapRecord(schema, *record, &row.problems);
        preview.rows << row;
    }
    return preview;
}

JobResult ImportJob::work(Context &context)
{
    ImportReport report;
    const auto publish = [&](JobResult outcome) {
        QMutexLocker locker(&m_reportMutex);
        m_report = report;
        return outcome;
    };
    auto table = loadTable(context.db, m_options.table);
    if (!table)
        return publish(table.error());
    ImportMapping mapping;
    QSet<qint64> badLines;
    if (JobResult checked = validate(table.value().first, stampedColumns(table.value().first, table.value().second),
                                     &mapping, &badLines, &report);
        !checked)
        return publish(checked);
    if (!report.rejected.isEmpty() && !m_options.skipRejectedLines) {
        return publish(makeError(ErrorCode::InvalidValue,
                                 countText(badLines.size(), tr("%1 line was rejected; nothing was written."),
                                           tr("%1 lines were rejected; nothing was written."))));
    }
    VersionedWriter writer(context.db, table.value().first, table.value().second);
    return publish(write(context, writer, mapping, badLines, &report));
}

JobResult ImportJob::validate(const TableSchema &schema, const QStringList &stamped, ImportMapping *mapping,
                              QSet<qint64> *badLines, ImportReport *report)
{
    auto open = openCsv(m_options.filePath);
    if (!open)
        return open.error();
    auto resolved = ImportMapping::resolve(schema, open.value().header.fields, m_options.mapping, stamped);
    if (!resolved)
        return resolved.error();
    *mapping = resolved.value();
    const qint64 total = 2 * open.value().file->size();
    QHash<QString, qint64> keyLines; // key -> first line holding it
    CsvReader &reader = *open.value().reader;
    while (const std::optional<CsvRecord> record = reader.next()) {
        if (isCancelled())
            return makeError(ErrorCode::Cancelled, tr("%1 was cancelled; nothing was written.").arg(description()));
        const qsizetype before = report->rejected.size();
        const QSqlRecord values = mapping->mapRecord(schema, *record, &report->rejected);
        if (report->rejected.size() == before) {
            const QSqlRecord key = keyOf(schema, values);
            if (!key.isEmpty()) {
                const QString text = keyString(key);
                if (const auto first = keyLines.constFind(text); first != keyLines.cend())
                    report->rejected.append({record->line, {}, tr("the same key as line %1").arg(*first)});
                else
                    keyLines.insert(text, record->line);
            }
        }
        if (report->rejected.size() != before)
            badLines->insert(record->line);
        setProgress(reader.position(), total);
    }
    if (!reader.errorString().isEmpty())
        return makeError(ErrorCode::NotFound, tr("Cannot read %1: %2").arg(m_options.filePath, reader.errorString()));
    return {};
}

JobResult ImportJob::write(Context &context, VersionedWriter &writer, const ImportMapping &mapping,
                           const QSet<qint64> &badLines, ImportReport *report)
{
    auto open = openCsv(m_options.filePath);
    if (!open)
        return open.error();
    const qint64 size = open.value().file->size();
    CsvReader &reader = *open.value().reader;
    const TableSchema &schema = writer.schema();
    const bool skipBad = m_options.skipRejectedLines;
    // The import's own writes skip the version check; see the class documentation.
    const GuardState importing{true, false};

    Transaction transaction(context.db);
    if (!transaction.begin())
        return makeError(ErrorCode::Sql, transaction.lastError().text(), transaction.lastError());
    while (const std::optional<CsvRecord> record = reader.next()) {
        if (isCancelled())
            return makeError(ErrorCode::Cancelled, tr("%1 was cancelled; nothing was written.").arg(description()));
        setProgress(size + reader.position(), 2 * size);
        if (badLines.contains(record->line))
            continue;
        QList<RejectedLine> problems;
        const QSqlRecord values = mapping.mapRecord(schema, *record, &problems);
        if (skipBad && !transaction.savepoint(lineSavepoint))
            return makeError(ErrorCode::Sql, transaction.lastError().text(), transaction.lastError());

        const QSqlRecord key = keyOf(schema, values);
        const QSqlRecord current = key.isEmpty() ? QSqlRecord() : writer.readCurrent(key);
        VersionedWriter::Outcome outcome = current.isEmpty() ? writer.insert(values)
                                                             : writer.update(key, QVariant(), current, values, importing);
        switch (outcome) {
        case VersionedWriter::Outcome::Written:
            ++(current.isEmpty() ? report->inserted : report->updated);
            break;
        case VersionedWriter::Outcome::Unchanged:
            ++report->unchanged;
            break;
        case VersionedWriter::Outcome::Conflict:
        case VersionedWriter::Outcome::Unknown: // not inside this transaction: a lost connection takes it along
        case VersionedWriter::Outcome::Failed: {
            const QString reason = outcome == VersionedWriter::Outcome::Conflict
                                       ? tr("the row was deleted while the line was written")
                                       : writer.lastError().text();
            report->rejected.append({record->line, {}, reason});
            if (!skipBad) {
                return makeError(ErrorCode::InvalidValue,
                                 tr("Line %1 was rejected by the database; nothing was written.").arg(record->line));
            }
            if (!transaction.rollbackTo(lineSavepoint))
                return makeError(ErrorCode::Sql, transaction.lastError().text(), transaction.lastError());
            break;
        }
        }
        if (skipBad && !transaction.release(lineSavepoint))
            return makeError(ErrorCode::Sql, transaction.lastError().text(), transaction.lastError());
    }
    if (auto committed = commitWork(context, transaction); !committed)
        return committed;
    report->committed = true;
    return {};
}

JobResult ImportJob::storedAfterLostAnswer()
{
    QMutexLocker locker(&m_reportMutex);
    m_report.committed = true;
    return {};
}

} // namespace Concord
