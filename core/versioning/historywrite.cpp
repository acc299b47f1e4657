// SPDX-License-Identifier: MIT
// SPDX-FileCopyrightText: 2026 Concord developers
//
// History: restoring a version and recovering a deleted record, both through VersionedWriter
// with its version check: nothing here writes a row by itself.
#include "history.h"

#include <core/errors.h>
#include <core/text.h>
#include <core/db/constraintviolation.h>
#include <core/versioning/deletedversions.h>

#include <QCoreApplication>
#include <QSqlField>

using namespace Qt::StringLiterals;

namespace Concord::History {

CONCORD_TRANSLATION_CONTEXT("Concord::History")

namespace {

WriteOutcome failed(const Error &error, const QSqlRecord &values = {})
{
    WriteOutcome outcome;
    outcome.kind = WriteOutcome::Kind::Failed;
    outcome.error = error;
    outcome.values = values;
    return outcome;
}

QString keyText(const TableSchema &schema, const QSqlRecord &key)
{
    QStringList parts;
    for (const QString &column : schema.primaryKey)
        parts << column + u'=' + key.value(column).toString();
    return parts.join(u',');
}

WriteOutcome keyReused(const TableSchema &schema, const QSqlRecord &key, const QSqlRecord &current, const QSqlRecord &values)
{
    WriteOutcome outcome;
    outcome.kind = WriteOutcome::Kind::KeyReused;
    outcome.values = values;
    outcome.current = current;
    outcome.error = makeError(ErrorCode::InvalidArgument,
                              tr("Cannot recover the record %1 of %2: a record with that key exists again. "
                                 "Nothing was written.").arg(keyText(schema, key), schema.table));
    return outcome;
}

// What the writer's outcome means for restore() and recover().
WriteOutcome fromWriter(VersionedWriter &writer, VersionedWriter::Outcome written, const QSqlRecord &key,
                        const QSqlRecord &values, const QSqlRecord &stored)
{
    WriteOutcome outcome;
    outcome.values = values;
    switch (written) {
    case VersionedWriter::Outcome::Written:
    case VersionedWriter::Outcome::Unchanged:
        outcome.kind = WriteOutcome::Kind::Written;
        outcome.stored = stored;
        if (!writer.returnsStoredRow() || stored.isEmpty()) {
            // SQLite's Trigger policy bumps after RETURNING: the row as it really is.
            if (const auto row = writer.readRow(key); row && !row.value().isEmpty())
                outcome.stored = row.value();
        }
        return outcome;
    case VersionedWriter::Outcome::Conflict: {
        outcome.kind = WriteOutcome::Kind::Conflict;
        const auto row = writer.readRow(key);
        outcome.current = row ? row.value() : QSqlRecord();
        outcome.error = makeError(ErrorCode::RecordModified,
                                  outcome.current.isEmpty()
                                      ? tr("The record %1 of %2 was deleted by someone else.").arg(keyText(writer.schema(), key), writer.schema().table)
                                      : tr("The record %1 of %2 was changed by someone else.").arg(keyText(writer.schema(), key), writer.schema().table));
        return outcome;
    }
    case VersionedWriter::Outcome::Unknown:
        outcome.kind = WriteOutcome::Kind::Unknown;
        outcome.uncertain = writer.uncertainWrite();
        outcome.error = sqlError(writer.lastError());
        return outcome;
    case VersionedWriter::Outcome::Failed:
        break;
    }
    outcome.kind = WriteOutcome::Kind::Failed;
    outcome.error = sqlError(writer.lastError());
    return outcome;
}

// The version a recovered record starts at: above every version the key had (its history and
// its tombstone), and for Timestamp never below the clock.
QVariant recoveredVersion(const QSqlDatabase &db, const TableSchema &schema, const VersionedWriter &writer,
                          const QList<Entry> &entries, const QSqlRecord &key)
{
    qint64 highest = 0;
    for (const Entry &entry : entries)
        highest = qMax(highest, entry.version.toLongLong());
    if (const auto tombstone = DeletedVersions::highestDeleted(db, schema, key); tombstone)
        highest = qMax(highest, tombstone.value());
    return qMax(highest + 1, writer.firstVersion().toLongLong());
}

} // namespace

QSqlRecord restorableValues(const TableSchema &schema, const AuditColumns &audit, const Entry &entry, bool withKey)
{
    QSqlRecord values;
    for (int i = 0; i < entry.values.count(); ++i) {
        const QString name = entry.values.fieldName(i);
        if (name.compare(schema.versionColumn, Qt::CaseInsensitive) == 0 || audit.contains(name)
            || (!withKey && schema.isKeyColumn(name)))
            continue;
        values.append(entry.values.field(i));
    }
    return values;
}

WriteOutcome restore(const QSqlDatabase &db, const TableSchema &schema, const VersioningConfig &config,
                     const QSqlRecord &key, const QVariant &historyVersion, const QVariant &expectedCurrentVersion)
{
    const auto entry = entryAt(db, schema, key, historyVersion);
    if (!entry)
        return failed(entry.error());
    VersionedWriter writer(db, schema, config);
    const QSqlRecord values = restorableValues(schema, writer.auditColumns(), entry.value(), false);
    QSqlRecord stored;
    // No base: every restored field is written, so the restore is a version of its own even where
    // a field already holds the value.
    const auto written = writer.update(key, expectedCurrentVersion, QSqlRecord(), values, {}, &stored);
    return fromWriter(writer, written, key, values, stored);
}

WriteOutcome recover(const QSqlDatabase &db, const TableSchema &schema, const VersioningConfig &config, const QSqlRecord &key)
{
    VersionedWriter writer(db, schema, config);
    const auto current = writer.readRow(key);
    if (!current)
        return failed(current.error());
    const auto entries = versions(db, schema, key);
    if (!entries)
        return failed(entries.error());
    if (entries.value().isEmpty() || entries.value().constFirst().operation != Operation::Delete) {
        if (!current.value().isEmpty())
            return keyReused(schema, key, current.value(), {});
        return failed(makeError(ErrorCode::NotFound, tr("The history of %1 holds no deleted record %2.")
                                                         .arg(schema.table, keyText(schema, key))));
    }
    QSqlRecord values = restorableValues(schema, writer.auditColumns(), entries.value().constFirst(), true);
    if (!current.value().isEmpty())
        return keyReused(schema, key, current.value(), values);
    QSqlField version = schema.fields.field(schema.versionColumn);
    version.setValue(recoveredVersion(db, schema, writer, entries.value(), key));
    values.append(version);
    QSqlRecord stored;
    const auto written = writer.insert(values, &stored);
    if (written == VersionedWriter::Outcome::Failed && constraintKindOf(writer.lastError()) == ConstraintKind::Unique) {
        // Someone inserted the key between the look and the insert.
        const auto now = writer.readRow(key);
        return keyReused(schema, key, now ? now.value() : QSqlRecord(), values);
    }
    values.remove(values.indexOf(schema.versionColumn));
    return fromWriter(writer, written, key, values, stored);
}

} // namespace Concord::History
