// SPDX-License-Identifier: MIT
// SPDX-FileCopyrightText: 2026 Concord developers
#include "columnkinds.h"

#include <core/db/schemacache.h>

#include <QHash>
#include <QSqlField>

using namespace Qt::StringLiterals;

namespace Concord {

ValueKind sqliteAffinityKind(const QString &declaredType)
{
    const QString type = declaredType.toUpper();
    // The order is SQLite's: "CHARINT" is an integer column, "FLOATING POINT" an integer too.
    if (type.contains("INT"_L1))
        return ValueKind::Integer;
    if (type.contains("CHAR"_L1) || type.contains("CLOB"_L1) || type.contains("TEXT"_L1))
        return ValueKind::Text;
    if (type.contains("BLOB"_L1) || type.trimmed().isEmpty())
        return ValueKind::Unknown;
    if (type.contains("REAL"_L1) || type.contains("FLOA"_L1) || type.contains("DOUB"_L1))
        return ValueKind::Decimal;
    if (type.contains("BOOL"_L1))
        return ValueKind::Boolean;
    if (type.contains("NUMERIC"_L1) || type.contains("DECIMAL"_L1))
        return ValueKind::Decimal;
    return ValueKind::Text;
}

namespace {

// The declared type of each column of a SQLite table, by lower-case name (read once per open,
// see SchemaCache).
QHash<QString, QString> sqliteDeclaredTypes(const QSqlDatabase &db, const QString &table)
{
    QHash<QString, QString> declared;
    if (const auto columns = SchemaCache::declaredColumns(db, table); columns) {
        for (const DeclaredColumn &column : columns.value())
            declared.insert(column.name.toLower(), column.declaredType);
    }
    return declared;
}

// What a SQLite declared type names, where the name says more than the affinity.
ValueKind sqliteNamedKind(const QString &declaredType)
{
    const QString type = declaredType.toUpper();
    if (!type.contains("INT"_L1) && !type.contains("CHAR"_L1) && !type.contains("CLOB"_L1) && !type.contains("TEXT"_L1)) {
        if (type.contains("DATETIME"_L1) || type.contains("TIMESTAMP"_L1))
            return ValueKind::DateTime;
        if (type.contains("DATE"_L1))
            return ValueKind::Date;
        if (type.contains("TIME"_L1))
            return ValueKind::Time;
        if (type.contains("BLOB"_L1))
            return ValueKind::Blob;
    }
    return sqliteAffinityKind(declaredType);
}

QList<ValueKind> kindsOf(const QSqlDatabase &db, const QString &table, const QSqlRecord &fields,
                         ValueKind (*sqliteKind)(const QString &))
{
    QList<ValueKind> kinds;
    if (db.driverName() != "QSQLITE"_L1) {
        for (int i = 0; i < fields.count(); ++i)
            kinds << valueKindOf(fields.field(i).metaType());
        return kinds;
    }
    const QHash<QString, QString> declared = sqliteDeclaredTypes(db, table);
    for (int i = 0; i < fields.count(); ++i) {
        const auto it = declared.constFind(fields.fieldName(i).toLower());
        kinds << (it == declared.constEnd() ? ValueKind::Unknown : sqliteKind(it.value()));
    }
    return kinds;
}

} // namespace

QList<ValueKind> editableKinds(const QSqlDatabase &db, const QString &table, const QSqlRecord &fields)
{
    return kindsOf(db, table, fields, &sqliteAffinityKind);
}

QList<ValueKind> declaredKinds(const QSqlDatabase &db, const QString &table, const QSqlRecord &fields)
{
    return kindsOf(db, table, fields, &sqliteNamedKind);
}

} // namespace Concord
