// SPDX-License-Identifier: MIT
// SPDX-FileCopyrightText: 2026 Concord developers
//
// History: reading a key's versions and the deleted records.
#include "history.h"

#include <core/errors.h>
#include <core/text.h>
#include <core/db/boundquery.h>
#include <core/db/databaseaddress.h>
#include <core/values/valuecomparison.h>
#include <core/versioning/auditconfig.h>
#include <core/versioning/deletedversions.h>
#include <core/versioning/historysql.h>

#include <QCoreApplication>
#include <QSqlField>

using namespace Qt::StringLiterals;

namespace Concord::History {

CONCORD_TRANSLATION_CONTEXT("Concord::History")

namespace {

using namespace Internal;

// The history table's columns that the table still has, as the select list reads them: an
// entry made before a column was added (or after one was dropped) reads NULL / is skipped.
struct EntryReader
{
    TableSchema schema;
    QString history;         ///< quoted
    QString selectList;      ///< h.concord_id, ..., h.<copied>
    QList<int> copiedFields; ///< schema field index of each copied column, in select order
    QStringList ignored;     ///< version and audit columns: never in changedFields

    Entry read(const BoundQuery &query) const;
};

Result<EntryReader> readerFor(const QSqlDatabase &db, const TableSchema &schema)
{
    const auto kept = declaredColumns(db, historyTableName(schema.table));
    if (!kept)
        return kept.error();
    if (kept.value().isEmpty())
        return makeError(ErrorCode::NotFound, tr("%1 keeps no history (concordctl history enable %1).").arg(schema.table));
    EntryReader reader;
    reader.schema = schema;
    reader.history = quotedTable(db, historyTableName(schema.table));
    QStringList select;
    for (const char *own : {idColumn, operationColumn, changedByColumn, changedAtColumn})
        select << u"h."_s + QLatin1String(own);
    for (const ColumnDeclaration &column : kept.value()) {
        const int field = schema.fields.indexOf(column.name);
        if (field < 0)
            continue;
        select << u"h."_s + quotedField(db, column.name);
        reader.copiedFields << field;
    }
    reader.selectList = select.join(", "_L1);
    auto audit = AuditCatalog::load(db, schema.table);
    if (!audit)
        return audit.error();
    const AuditColumns columns = audit.value().resolve(schema.fields, schema.primaryKey, schema.versionColumn);
    reader.ignored << schema.versionColumn;
    for (const QString &column : {columns.byColumn, columns.atColumn}) {
        if (!column.isEmpty())
            reader.ignored << column;
    }
    return reader;
}

Operation operationFrom(const QString &text)
{
    if (text == "insert"_L1)
        return Operation::Insert;
    if (text == "delete"_L1)
        return Operation::Delete;
    return Operation::Update;
}

// Typed like the table's own field: SQLite hands back text for dates, PostgreSQL its own types.
QVariant typed(const QVariant &value, const QSqlField &field)
{
    if (value.isNull())
        return QVariant(field.metaType());
    QVariant converted = value;
    if (converted.metaType() != field.metaType() && converted.convert(field.metaType()))
        return converted;
    return value;
}

Entry EntryReader::read(const BoundQuery &query) const
{
    Entry entry;
    entry.id = query.value(0).toLongLong();
    entry.operation = operationFrom(query.value(1).toString());
    entry.changedBy = query.value(2).toString();
    entry.changedAt = auditTimeValue(query.value(3)).toUTC();
    entry.values = schema.fields;
    for (int i = 0; i < entry.values.count(); ++i)
        entry.values.setValue(i, QVariant(schema.fields.field(i).metaType()));
    for (int i = 0; i < copiedFields.size(); ++i) {
        const int field = copiedFields.at(i);
        entry.values.setValue(field, typed(query.value(4 + i), schema.fields.field(field)));
    }
    entry.version = entry.values.value(schema.versionColumn);
    return entry;
}

// Fills changedFields of \a entries (oldest first): against the entry before, all for the first.
void markChanges(QList<Entry> &entries, const QStringList &ignored)
{
    for (int i = 0; i < entries.size(); ++i) {
        Entry &entry = entries[i];
        if (entry.operation == Operation::Delete)
            continue;
        const bool fresh = i == 0 || entry.operation == Operation::Insert || entries.at(i - 1).operation == Operation::Delete;
        for (int f = 0; f < entry.values.count(); ++f) {
            const QString name = entry.values.fieldName(f);
            if (ignored.contains(name, Qt::CaseInsensitive))
                continue;
            if (fresh || !sameValue(entry.values.value(f), entries.at(i - 1).values.value(f)))
                entry.changedFields << name;
        }
    }
}

} // namespace

Result<QList<Entry>> versions(const QSqlDatabase &db, const TableSchema &schema, const QSqlRecord &key)
{
    auto reader = readerFor(db, schema);
    if (!reader)
        return reader.error();
    BoundQuery query(db);
    query.setForwardOnly(true);
    query.prepare(u"SELECT %1 FROM %2 h WHERE h.%3 = ? ORDER BY h.%4"_s.arg(reader.value().selectList, reader.value().history,
                                                                            QLatin1String(rowKeyColumn), QLatin1String(idColumn)));
    query.addBindValue(DeletedVersions::encodeKey(schema, key));
    if (!query.exec())
        return sqlError(query, tr("Cannot read the history of %1").arg(schema.table));
    QList<Entry> entries;
    while (query.next())
        entries << reader.value().read(query);
    markChanges(entries, reader.value().ignored);
    std::reverse(entries.begin(), entries.end());
    return entries;
}

Result<QList<Entry>> between(const QSqlDatabase &db, const TableSchema &schema, const QSqlRecord &key,
                             const QVariant &afterVersion, const QVariant &upToVersion)
{
    auto all = versions(db, schema, key);
    if (!all)
        return all;
    const qint64 after = afterVersion.isNull() ? std::numeric_limits<qint64>::min() : afterVersion.toLongLong();
    const qint64 upTo = upToVersion.isNull() ? std::numeric_limits<qint64>::max() : upToVersion.toLongLong();
    QList<Entry> chosen;
    for (const Entry &entry : std::as_const(all.value())) {
        const qint64 version = entry.version.toLongLong();
        if (!entry.version.isNull() && version > after && version <= upTo)
            chosen << entry;
    }
    return chosen;
}

Result<Entry> entryAt(const QSqlDatabase &db, const TableSchema &schema, const QSqlRecord &key, const QVariant &version)
{
    auto all = versions(db, schema, key);
    if (!all)
        return all.error();
    for (const Entry &entry : std::as_const(all.value())) {
        if (entry.operation != Operation::Delete && sameValue(entry.version, version))
            return entry;
    }
    return makeError(ErrorCode::NotFound, tr("The history of %1 has no version %2 of that record.")
                                              .arg(schema.table, version.isNull() ? u"null"_s : version.toString()));
}

Result<QList<DeletedRecord>> deleted(const QSqlDatabase &db, const TableSchema &schema)
{
    auto reader = readerFor(db, schema);
    if (!reader)
        return reader.error();
    QStringList match;
    for (const QString &column : schema.primaryKey)
        match << u"t.%1 = h.%1"_s.arg(quotedField(db, column));
    const QString id = QLatin1String(idColumn);
    BoundQuery query(db);
    query.setForwardOnly(true);
    query.prepare(u"SELECT %1, EXISTS (SELECT 1 FROM %2 t WHERE %3) FROM %4 h WHERE h.%5 IN "
                  "(SELECT max(%5) FROM %4 GROUP BY %6) AND h.%7 = 'delete' ORDER BY h.%5 DESC"_s
                      .arg(reader.value().selectList, quotedTable(db, schema.table), match.join(" AND "_L1),
                           reader.value().history, id, QLatin1String(rowKeyColumn), QLatin1String(operationColumn)));
    if (!query.exec())
        return sqlError(query, tr("Cannot read the deleted records of %1").arg(schema.table));
    const int reused = 4 + reader.value().copiedFields.size();
    QList<DeletedRecord> records;
    while (query.next()) {
        DeletedRecord record;
        record.last = reader.value().read(query);
        for (const QString &column : schema.primaryKey)
            record.key.append(record.last.values.field(column));
        record.keyReused = query.value(reused).toBool();
        records << record;
    }
    return records;
}

} // namespace Concord::History
