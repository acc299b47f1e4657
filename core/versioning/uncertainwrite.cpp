// SPDX-License-Identifier: MIT
// SPDX-FileCopyrightText: 2026 Concord developers
#include "uncertainwrite.h"

#include <core/db/boundquery.h>
#include <core/db/databaseaddress.h>
#include <core/errors.h>
#include <core/values/valuecomparison.h>
#include <core/versioning/versionedwriter.h>

#include <QCoreApplication>
#include <QSqlField>
#include <QSqlQuery>

using namespace Qt::StringLiterals;

namespace Concord {

namespace {

QString tr(const char *text)
{
    return QCoreApplication::translate("Concord::UncertainWrite", text);
}

// True when every generated field of \a wanted (but the version) holds the same value in \a row.
bool holds(const QSqlRecord &row, const QSqlRecord &wanted, const QString &versionColumn)
{
    for (int i = 0; i < wanted.count(); ++i) {
        const QString name = wanted.fieldName(i);
        if (!wanted.isGenerated(i) || name.compare(versionColumn, Qt::CaseInsensitive) == 0)
            continue;
        const int at = row.indexOf(name);
        if (at < 0 || !sameValue(row.value(at), wanted.value(i)))
            return false;
    }
    return true;
}

// \a base's values of the fields \a values sets: what the row holds if the write did not land.
QSqlRecord beforeWrite(const QSqlRecord &base, const QSqlRecord &values)
{
    QSqlRecord before;
    for (int i = 0; i < values.count(); ++i) {
        const int at = base.indexOf(values.fieldName(i));
        if (values.isGenerated(i) && at >= 0)
            before.append(base.field(at));
    }
    return before;
}

WriteResolution resolveUpdate(const UncertainWrite &write, const QSqlRecord &row, const QString &versionColumn)
{
    if (row.isEmpty())
        return WriteResolution::ChangedByOther; // deleted meanwhile: whatever happened, it is not my row now
    const QVariant version = row.value(versionColumn);
    const bool atExpected = write.expectedVersion.isValid() && sameValue(version, write.expectedVersion);
    if (atExpected && holds(row, write.values, versionColumn))
        return WriteResolution::Stored;
    if (!sameValue(version, write.loadedVersion))
        return WriteResolution::ChangedByOther;
    // At the loaded version: as loaded means not written (without a base, the version says it).
    if (write.base.isEmpty() || holds(row, beforeWrite(write.base, write.values), versionColumn))
        return WriteResolution::NotStored;
    return WriteResolution::ChangedByOther;
}

WriteResolution resolveDelete(const UncertainWrite &write, const QSqlRecord &row, const QString &versionColumn)
{
    if (row.isEmpty())
        return WriteResolution::Stored; // gone, as the delete wanted
    return sameValue(row.value(versionColumn), write.loadedVersion) ? WriteResolution::NotStored
                                                                   : WriteResolution::ChangedByOther;
}

WriteResolution resolveInsert(const UncertainWrite &write, const QSqlRecord &row, const QString &versionColumn)
{
    if (row.isEmpty())
        return WriteResolution::NotStored;
    return holds(row, write.values, versionColumn) ? WriteResolution::Stored : WriteResolution::ChangedByOther;
}

bool hasWholeKey(const UncertainWrite &write, const TableSchema &schema)
{
    for (const QString &column : schema.primaryKey) {
        if (write.key.indexOf(column) < 0 || write.key.isNull(column))
            return false;
    }
    return !schema.primaryKey.isEmpty();
}

// PostgreSQL: the row with its share lock, not waiting for it. The write's own transaction, if
// its session lives on at the server (a network cut rather than the server ending it), still
// holds the row: then nothing can be said yet.
Result<QSqlRecord> readUnlocked(const QSqlDatabase &db, const TableSchema &schema, const QSqlRecord &key)
{
    QStringList columns;
    for (int i = 0; i < schema.fields.count(); ++i)
        columns << quotedField(db, schema.fields.fieldName(i));
    QStringList predicate;
    for (const QString &column : schema.primaryKey)
        predicate << quotedField(db, column) + " = ?"_L1;
    BoundQuery query(db);
    query.setForwardOnly(true);
    if (!query.prepare(u"SELECT %1 FROM %2 WHERE %3 FOR SHARE NOWAIT"_s.arg(columns.join(", "_L1), quotedTable(db, schema.table),
                                                                             predicate.join(" AND "_L1))))
        return sqlError(query);
    for (const QString &column : schema.primaryKey)
        query.addBindValue(key.value(column));
    if (!query.exec())
        return sqlError(query);
    QSqlRecord row;
    if (query.next()) {
        row = schema.fields;
        for (int i = 0; i < row.count(); ++i)
            row.setValue(i, query.value(i));
    }
    return row;
}

Result<QSqlRecord> readOnFreshConnection(const QSqlDatabase &db, const TableSchema &schema,
                                         const VersioningConfig &config, const QSqlRecord &key)
{
    const auto address = DatabaseAddress::fromDatabase(db);
    if (!address)
        return address.error();
    OpenOptions options;
    options.applicationName = u"concord-recheck"_s;
    options.password = db.password(); // the one the user gave, in memory only; never a prompt here
    const QString name = connectionNameFor(u"recheck"_s);
    Result<QSqlRecord> row = makeError(ErrorCode::ConnectionFailed, tr("not read"));
    {
        auto opened = openDatabase(address.value(), name, options);
        if (!opened) {
            closeDatabase(name);
            return opened.error();
        }
        const QSqlDatabase fresh = opened.value();
        if (isSQLite(fresh)) {
            row = VersionedWriter(fresh, schema, config).readRow(key);
        } else {
            row = readUnlocked(fresh, schema, key);
            // The share lock needs a right the user may lack (42501, a delete-only role) and a
            // primary (25006 on a standby): then a plain read. Only "still locked" stands.
            const QSqlError error = row ? QSqlError() : row.error().sqlError;
            if (!row && error.nativeErrorCode() != "55P03"_L1 && !isConnectionLost(error))
                row = VersionedWriter(fresh, schema, config).readRow(key);
        }
    }
    closeDatabase(name);
    return row;
}

} // namespace

ResolvedWrite resolveUncertainWrite(const UncertainWrite &write, const Result<QSqlRecord> &current,
                                    const TableSchema &schema)
{
    ResolvedWrite resolved;
    if (!current) {
        const QSqlError &error = current.error().sqlError;
        // 55P03, lock_not_available: the write's own session still holds the row.
        resolved.reason = error.nativeErrorCode() == "55P03"_L1
            ? tr("the row is still locked by a write in progress")
            : current.error().message;
        return resolved;
    }
    resolved.current = current.value();
    const QString &version = schema.versionColumn;
    switch (write.operation) {
    case UncertainWrite::Operation::Update:
        resolved.resolution = resolveUpdate(write, resolved.current, version);
        break;
    case UncertainWrite::Operation::Delete:
        resolved.resolution = resolveDelete(write, resolved.current, version);
        break;
    case UncertainWrite::Operation::Insert:
        resolved.resolution = resolveInsert(write, resolved.current, version);
        break;
    }
    return resolved;
}

ResolvedWrite recheckUncertainWrite(const QSqlDatabase &db, const TableSchema &schema, const VersioningConfig &config,
                                    const UncertainWrite &write)
{
    if (!hasWholeKey(write, schema)) {
        ResolvedWrite unchecked;
        unchecked.reason = tr("its key is made by the database, so the row cannot be looked up");
        return unchecked;
    }
    return resolveUncertainWrite(write, readOnFreshConnection(db, schema, config, write.key), schema);
}

} // namespace Concord
