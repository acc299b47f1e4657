// SPDX-License-Identifier: MIT
// SPDX-FileCopyrightText: 2026 Concord developers
#include "tableschema.h"

#include <core/text.h>
#include <core/db/catalog.h>
#include <core/db/schemacache.h>
#include <core/values/columntype.h>

#include <QCoreApplication>
#include <QSqlDriver>
#include <QSqlField>
#include <QSqlIndex>
#include <QSqlQuery>

using namespace Qt::StringLiterals;

namespace Concord {

CONCORD_TRANSLATION_CONTEXT("Concord::TableSchema")

namespace {

// Qt's SQLite driver reports only a few declared types as integers ("BIGINT" comes back as a
// string). SQLite itself gives INTEGER affinity to any declared type containing "INT".
bool hasSQLiteIntegerAffinity(const QSqlDatabase &db, const QString &table, const QString &column)
{
    if (db.driverName() != "QSQLITE"_L1)
        return false;
    const auto columns = SchemaCache::declaredColumns(db, table);
    if (!columns)
        return false;
    for (const DeclaredColumn &declared : columns.value()) {
        if (declared.name == column)
            return declared.declaredType.contains("INT"_L1, Qt::CaseInsensitive);
    }
    return false;
}

} // namespace

Result<TableSchema> TableSchema::load(const QSqlDatabase &db, const QString &table, const QString &versionColumn)
{
    TableSchema schema;
    schema.table = table;
    const auto shape = tableShape(db, table);
    if (!shape)
        return shape.error();
    schema.fields = shape.value().columns;
    const QSqlIndex &key = shape.value().primaryKey;
    for (int i = 0; i < key.count(); ++i)
        schema.primaryKey << key.fieldName(i);
    if (schema.primaryKey.isEmpty()) {
        return makeError(ErrorCode::NoPrimaryKey,
                         tr("Table %1 has no primary key, so Concord cannot tell its rows apart and will not edit it.")
                             .arg(table));
    }

    const int versionIndex = schema.fields.indexOf(versionColumn);
    if (versionIndex < 0) {
        return makeError(ErrorCode::NoVersionColumn,
                         tr("Table %1 has no version column \"%2\"; without it edits cannot be protected.")
                             .arg(table, versionColumn));
    }
    const QSqlField versionField = schema.fields.field(versionIndex);
    if (valueKindOf(versionField.metaType()) != ValueKind::Integer && !hasSQLiteIntegerAffinity(db, table, versionField.name())) {
        return makeError(ErrorCode::NoVersionColumn,
                         tr("The version column \"%1\" of %2 is not an integer column.").arg(versionColumn, table));
    }
    schema.versionColumn = schema.fields.fieldName(versionIndex);
    return schema;
}

QStringList userTables(const QSqlDatabase &db)
{
    QStringList tables;
    const QStringList all = db.tables(QSql::Tables);
    for (const QString &table : all) {
        if (table.startsWith("sqlite_"_L1) || isConcordTable(table))
            continue;
        tables << table;
    }
    tables.sort(Qt::CaseInsensitive);
    return tables;
}

bool isConcordTable(const QString &table)
{
    return table.startsWith("concord_"_L1);
}

namespace {

// A name that failed checkIdentifier() never reaches SQL text: the statement gets an identifier
// that names nothing, so it fails ("no such table") instead of running what the name holds.
const QString refusedIdentifier = u"\"concord: refused identifier\""_s;

} // namespace

QString quotedTable(const QSqlDatabase &db, const QString &name)
{
    if (!checkIdentifier(name, u"table"_s)) {
        qWarning("Concord: refused to quote an unsafe table name");
        return refusedIdentifier;
    }
    return db.driver()->escapeIdentifier(name, QSqlDriver::TableName);
}

QString quotedField(const QSqlDatabase &db, const QString &name)
{
    if (!checkIdentifier(name, u"column"_s)) {
        qWarning("Concord: refused to quote an unsafe column name");
        return refusedIdentifier;
    }
    return db.driver()->escapeIdentifier(name, QSqlDriver::FieldName);
}

} // namespace Concord
