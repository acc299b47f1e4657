// SPDX-License-Identifier: MIT
// SPDX-FileCopyrightText: 2026 Concord developers
#include "foreignkeys.h"

#include <core/db/boundquery.h>
#include <core/errors.h>
#include <core/db/catalog.h>
#include <core/db/columnkinds.h>
#include <core/db/tableschema.h>

#include <QSqlField>
#include <QSqlQuery>

#include <algorithm>

using namespace Qt::StringLiterals;

namespace Concord {

namespace {

bool isSQLite(const QSqlDatabase &db)
{
    return db.driverName() == "QSQLITE"_L1;
}

// Consecutive catalog rows of one constraint (same id) make one key, their columns in order.
void appendColumn(QList<ForeignKey> &keys, const QVariant &id, QVariant &lastId, const ForeignKey &start,
                  const QString &childColumn, const QString &parentColumn)
{
    if (keys.isEmpty() || id != lastId) {
        lastId = id;
        keys << start;
    }
    keys.last().childColumns << childColumn;
    keys.last().parentColumns << parentColumn;
}

// A key declared as REFERENCES parent (no columns) refers to the parent's primary key.
Result<void> resolveImplicitParentColumns(const QSqlDatabase &db, ForeignKey &key)
{
    if (!std::all_of(key.parentColumns.cbegin(), key.parentColumns.cend(), [](const QString &c) { return c.isEmpty(); }))
        return {};
    const auto primary = tablePrimaryKey(db, key.parent);
    if (!primary)
        return primary.error();
    key.parentColumns.clear();
    for (int i = 0; i < primary.value().count(); ++i)
        key.parentColumns << primary.value().fieldName(i);
    return {};
}

Result<QList<ForeignKey>> sqliteKeysOf(const QSqlDatabase &db, const QString &child)
{
    BoundQuery query(db);
    query.setForwardOnly(true);
    query.prepare(u"SELECT id, \"table\", \"from\", \"to\" FROM pragma_foreign_key_list(?) ORDER BY id, seq"_s);
    query.addBindValue(child);
    if (!query.exec())
        return sqlError(query, u"Cannot read the foreign keys of %1"_s.arg(child));
    QList<ForeignKey> keys;
    QVariant lastId;
    while (query.next()) {
        appendColumn(keys, query.value(0), lastId, ForeignKey{child, {}, query.value(1).toString(), {}},
                     query.value(2).toString(), query.value(3).toString());
    }
    for (ForeignKey &key : keys) {
        if (auto resolved = resolveImplicitParentColumns(db, key); !resolved)
            return resolved.error();
    }
    return keys;
}

// One catalog query serves both directions: keys declared by the table, or referring to it.
Result<QList<ForeignKey>> postgresKeys(const QSqlDatabase &db, const QString &table, bool referringToIt)
{
    BoundQuery query(db);
    query.setForwardOnly(true);
    query.prepare(u"SELECT c.oid, ch.relname, a.attname, pa.relname, af.attname FROM pg_constraint c "
                  "CROSS JOIN LATERAL unnest(c.conkey, c.confkey) WITH ORDINALITY AS k(child, parent, n) "
                  "JOIN pg_class ch ON ch.oid = c.conrelid JOIN pg_class pa ON pa.oid = c.confrelid "
                  "JOIN pg_attribute a ON a.attrelid = c.conrelid AND a.attnum = k.child "
                  "JOIN pg_attribute af ON af.attrelid = c.confrelid AND af.attnum = k.parent "
                  "WHERE c.contype = 'f' AND %1 = to_regclass(?) ORDER BY ch.relname, c.oid, k.n"_s
                      .arg(referringToIt ? u"c.confrelid"_s : u"c.conrelid"_s));
    query.addBindValue(quotedTable(db, table)); // to_regclass() reads a quoted name: no case folding
    if (!query.exec())
        return sqlError(query, u"Cannot read the foreign keys of %1"_s.arg(table));
    QList<ForeignKey> keys;
    QVariant lastId;
    while (query.next()) {
        appendColumn(keys, query.value(0), lastId, ForeignKey{query.value(1).toString(), {}, query.value(3).toString(), {}},
                     query.value(2).toString(), query.value(4).toString());
    }
    return keys;
}

} // namespace

Result<QList<ForeignKey>> foreignKeysOf(const QSqlDatabase &db, const QString &table)
{
    if (auto safe = checkIdentifier(table, u"table"_s); !safe)
        return safe.error();
    return isSQLite(db) ? sqliteKeysOf(db, table) : postgresKeys(db, table, false);
}

Result<QList<ForeignKey>> foreignKeysTo(const QSqlDatabase &db, const QString &table)
{
    if (auto safe = checkIdentifier(table, u"table"_s); !safe)
        return safe.error();
    if (!isSQLite(db))
        return postgresKeys(db, table, true);
    // SQLite keeps foreign keys with the child only: ask every table.
    QList<ForeignKey> referring;
    for (const QString &child : userTables(db)) {
        const auto keys = sqliteKeysOf(db, child);
        if (!keys)
            return keys.error();
        for (const ForeignKey &key : keys.value()) {
            if (key.parent.compare(table, Qt::CaseInsensitive) == 0)
                referring << key;
        }
    }
    return referring;
}

namespace {

// The text columns of \a table that are neither key nor version: those that can name a record.
QStringList textColumns(const QSqlDatabase &db, const QString &table, const QString &versionColumn)
{
    const auto shape = tableShape(db, table);
    if (!shape)
        return {};
    const auto &columns = shape.value().columns;
    const auto &primary = shape.value().primaryKey;
    const QList<ValueKind> kinds = editableKinds(db, table, columns);
    QStringList candidates;
    for (int i = 0; i < columns.count(); ++i) {
        const QString name = columns.fieldName(i);
        if (kinds.value(i) == ValueKind::Text && !primary.contains(name)
            && name.compare(versionColumn, Qt::CaseInsensitive) != 0)
            candidates << name;
    }
    return candidates;
}


// The candidate that says it names the record ("name" before an earlier "sku"), else the first.
QString labelAmong(const QStringList &candidates)
{
    for (const char *naming : {"name", "title", "label", "description"}) {
        for (const QString &candidate : candidates) {
            if (candidate.compare(QLatin1String(naming), Qt::CaseInsensitive) == 0)
                return candidate;
        }
    }
    return candidates.value(0);
}

} // namespace

std::pair<QString, QStringList> labelAndDetailColumnsOf(const QSqlDatabase &db, const QString &table, int detailCount,
                                                         const QString &versionColumn)
{
    QStringList candidates = textColumns(db, table, versionColumn);
    const QString label = labelAmong(candidates);
    candidates.removeAll(label);
    return {label, candidates.mid(0, detailCount)};
}

QStringList detailColumnsOf(const QSqlDatabase &db, const QString &table, const QString &labelColumn, int count,
                            const QString &versionColumn)
{
    QStringList details = textColumns(db, table, versionColumn);
    details.removeAll(labelColumn);
    return details.mid(0, count);
}

QString labelColumnOf(const QSqlDatabase &db, const QString &table, const QString &versionColumn)
{
    return labelAmong(textColumns(db, table, versionColumn));
}

Result<qint64> countReferencing(const QSqlDatabase &db, const QString &table, const QStringList &columns,
                                const QVariantList &values)
{
    if (columns.isEmpty() || columns.size() != values.size())
        return makeError(ErrorCode::InvalidArgument, u"A reference needs one value per column"_s);
    if (auto safe = checkIdentifier(table, u"table"_s); !safe)
        return safe.error();
    QStringList conditions;
    for (const QString &column : columns) {
        if (auto safe = checkIdentifier(column, u"column"_s); !safe)
            return safe.error();
        conditions << quotedField(db, column) + u" = ?"_s;
    }
    BoundQuery query(db);
    query.setForwardOnly(true);
    if (!query.prepare(u"SELECT count(*) FROM %1 WHERE %2"_s.arg(quotedTable(db, table), conditions.join(u" AND "_s))))
        return sqlError(query, u"Cannot count the records of %1"_s.arg(table));
    for (const QVariant &value : values)
        query.addBindValue(value);
    if (!query.exec() || !query.next())
        return sqlError(query, u"Cannot count the records of %1"_s.arg(table));
    return query.value(0).toLongLong();
}

} // namespace Concord
