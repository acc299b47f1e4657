// SPDX-License-Identifier: MIT
// SPDX-FileCopyrightText: 2026 Concord developers
#pragma once

#include <core/result.h>

#include <QSqlDatabase>
#include <QSqlRecord>
#include <QStringList>
#include <QVariantList>

#include <utility>

namespace Concord {

/// One foreign key: child.childColumns refer to parent.parentColumns (pairwise, in order).
struct ForeignKey
{
    QString child;
    QStringList childColumns;
    QString parent;
    QStringList parentColumns;

    bool isSingleColumn() const { return childColumns.size() == 1; }
};

/// The foreign keys \a table declares, from the catalog (SQLite: pragma_foreign_key_list, with a
/// key that names no columns resolved to the parent's primary key; PostgreSQL: pg_constraint),
/// the table name always bound. A catalog that cannot be read is an error, never "no keys": a
/// caller that acts on references must not act as if there were none.
Result<QList<ForeignKey>> foreignKeysOf(const QSqlDatabase &db, const QString &table);

/// The foreign keys of every table that refer to \a table (a table referring to itself included).
Result<QList<ForeignKey>> foreignKeysTo(const QSqlDatabase &db, const QString &table);

/// The column that names a record of \a table for a person: among its text columns that are not
/// part of the primary key nor the version column, one called name, title, label or description,
/// else the first ("name" in customers and products, "status" in orders); empty when the table
/// has none (the key then names the record on its own).
QString labelColumnOf(const QSqlDatabase &db, const QString &table, const QString &versionColumn = QStringLiteral("version"));

/// Up to \a count text columns of \a table besides its key, version and \a labelColumn, in
/// table order: what tells two records of the same label apart (email and city of a customer).
QStringList detailColumnsOf(const QSqlDatabase &db, const QString &table, const QString &labelColumn, int count = 2,
                            const QString &versionColumn = QStringLiteral("version"));

/// The label column and up to \a detailCount detail columns of \a table, from one read of its
/// catalog: what labelColumnOf() and detailColumnsOf() give, for a caller that needs both.
std::pair<QString, QStringList> labelAndDetailColumnsOf(const QSqlDatabase &db, const QString &table, int detailCount,
                                                         const QString &versionColumn = QStringLiteral("version"));

/// Rows of \a table whose \a columns hold \a values: bound values, names checked and quoted.
Result<qint64> countReferencing(const QSqlDatabase &db, const QString &table, const QStringList &columns,
                                const QVariantList &values);

} // namespace Concord
