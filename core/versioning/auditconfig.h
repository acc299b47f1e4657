// SPDX-License-Identifier: MIT
// SPDX-FileCopyrightText: 2026 Concord developers
#pragma once

#include <core/result.h>

#include <QDateTime>
#include <QList>
#include <QSqlDatabase>
#include <QSqlRecord>
#include <QString>

#include <optional>

namespace Concord {

/// The columns of a table that say who changed a row last and when, as Concord keeps them:
/// every Concord write (the editor, the jobs, concordctl, all through VersionedWriter) sets the
/// "by" column to auditUser() and the "at" column to auditTime() (core/db/auditstamp.h), in the
/// statement that writes the row. A value given for them is never written: they cannot be made
/// to say something else by hand (the editor shows them read-only, concordctl refuses them).
/// An empty name means the table has no such column.
struct AuditColumns
{
    QString byColumn;
    QString atColumn;

    bool isEmpty() const { return byColumn.isEmpty() && atColumn.isEmpty(); }
    /// True when \a column is one of them (case-insensitively, like SQL names).
    bool contains(const QString &column) const;
};

/// A table's audit setting as recorded in the database (table concord_audit), so that every
/// editor and every concordctl agrees. A table without a recorded setting gets the automatic
/// one: modified_by and modified_at, each when the table has a column of that name.
struct AuditConfig
{
    QString table;
    /// The "by" column: empty optional for the automatic choice, an empty name for none.
    std::optional<QString> byColumn;
    /// The "at" column, in the same way.
    std::optional<QString> atColumn;

    /// Off: Concord keeps no audit column of this table (both names recorded empty).
    static AuditConfig off(const QString &table);
    bool isOff() const;

    /// The columns of a table with \a fields (in table order) this setting names. An automatic
    /// or recorded name the table lacks is left out (a column dropped since does not stop every
    /// write), as is the key or \a versionColumn (never audit columns), and a column that cannot
    /// hold the value: "by" must be a text column (a modified_by holding a user id is the
    /// application's own), "at" a text or timestamp column.
    AuditColumns resolve(const QSqlRecord &fields, const QStringList &keyColumns = {},
                         const QString &versionColumn = {}) const;
    /// Fails (InvalidArgument, NotFound) when a recorded name is not a column of \a fields, is
    /// a key column or \a versionColumn, cannot hold the value (see resolve()), or both name the
    /// same column.
    Result<void> validate(const QSqlRecord &fields, const QStringList &keyColumns, const QString &versionColumn) const;
};

/// The audit settings table: one row per table whose setting differs from the automatic one.
/// A database that never had one (all of them before audit columns existed) loads as automatic:
/// nothing is migrated, concord_versioning is left as it was.
namespace AuditCatalog {

inline constexpr char tableName[] = "concord_audit";

/// The recorded setting of \a table, or the automatic one when none is recorded (reading never
/// creates the table).
Result<AuditConfig> load(const QSqlDatabase &db, const QString &table);
/// Creates the settings table when needed and records \a config. Call inside a transaction.
Result<void> store(const QSqlDatabase &db, const AuditConfig &config);
/// Forgets \a table's setting: it is automatic again.
Result<void> remove(const QSqlDatabase &db, const QString &table);

} // namespace AuditCatalog

/// The time an audit "at" column holds, whatever form the driver returned it in: a QDateTime
/// (PostgreSQL), or SQLite's text ("2026-03-02 14:05:09.123", "2026-03-02 14:05", ISO 8601),
/// which without an offset is UTC, as SQLite's clock is. Invalid for NULL or unreadable text.
QDateTime auditTimeValue(const QVariant &value);

/// "changed by bob 3 minutes ago" for \a row, from its audit \a columns, relative to \a now
/// (changedByText() in core/relativetime.h); empty when the row names neither.
QString describeChange(const QSqlRecord &row, const AuditColumns &columns, const QDateTime &now);

} // namespace Concord
