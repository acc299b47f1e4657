// SPDX-License-Identifier: MIT
// SPDX-FileCopyrightText: 2026 Concord developers
#include "auditconfig.h"

#include <core/db/boundquery.h>
#include <core/errors.h>
#include <core/relativetime.h>
#include <core/text.h>
#include <core/db/catalog.h>

#include <QSqlField>
#include <QSqlQuery>
#include <QTimeZone>

using namespace Qt::StringLiterals;

namespace Concord {

CONCORD_TRANSLATION_CONTEXT("Concord::Versioning")

namespace {

const QString defaultBy = u"modified_by"_s;
const QString defaultAt = u"modified_at"_s;

// A lookup that cannot run (a lost connection) is an error, never "nothing recorded": a table
// read as unconfigured would be written under the wrong rules.
Result<bool> catalogExists(const QSqlDatabase &db)
{
    return concordTableExists(db, QLatin1String(AuditCatalog::tableName));
}

// NULL in the settings table is "automatic"; an empty text is "none".
std::optional<QString> nameFrom(const QVariant &value)
{
    return value.isNull() ? std::nullopt : std::optional<QString>(value.toString());
}

QVariant nameTo(const std::optional<QString> &name)
{
    if (!name)
        return QVariant(QMetaType(QMetaType::QString));
    // A null QString would be bound as NULL: "none" must stay an empty text.
    return name->isEmpty() ? QVariant(u""_s) : QVariant(*name);
}

enum class Stamp { Who, When };

// What a column must hold: a name needs text (a modified_by that is a user id, an integer
// referring to a users table, is not Concord's to fill); a time needs text or a timestamp. Qt
// reports SQLite's TEXT, TIMESTAMP and DATETIME columns all as text, and so also any declared
// type it does not know (BIGINT): there, only INTEGER, INT, REAL, BLOB and BOOLEAN are told apart
// without a catalog query, which the writer, built without I/O, does not make.
bool canHold(const QSqlField &field, Stamp stamp)
{
    const int type = field.metaType().id();
    return type == QMetaType::QString || (stamp == Stamp::When && type == QMetaType::QDateTime);
}

// The table's own spelling of \a wanted, or empty when it has no such column or may not use it.
QString columnOf(const QSqlRecord &fields, const QString &wanted, Stamp stamp, const QStringList &keyColumns,
                 const QString &versionColumn)
{
    if (wanted.isEmpty() || keyColumns.contains(wanted, Qt::CaseInsensitive)
        || wanted.compare(versionColumn, Qt::CaseInsensitive) == 0)
        return {};
    for (int i = 0; i < fields.count(); ++i) {
        if (fields.fieldName(i).compare(wanted, Qt::CaseInsensitive) == 0)
            return canHold(fields.field(i), stamp) ? fields.fieldName(i) : QString();
    }
    return {};
}

Result<void> checkName(const QSqlRecord &fields, const QString &table, const std::optional<QString> &name, Stamp stamp,
                       const QStringList &keyColumns, const QString &versionColumn)
{
    if (!name || name->isEmpty())
        return {};
    if (keyColumns.contains(*name, Qt::CaseInsensitive) || name->compare(versionColumn, Qt::CaseInsensitive) == 0) {
        return makeError(ErrorCode::InvalidArgument,
                         tr("%1 of %2 is its key or version column, which cannot record who changed a row.").arg(*name, table));
    }
    if (!fields.contains(*name))
        return makeError(ErrorCode::NotFound, tr("Table %1 has no column %2.").arg(table, *name));
    if (columnOf(fields, *name, stamp, keyColumns, versionColumn).isEmpty()) {
        return makeError(ErrorCode::InvalidArgument,
                         stamp == Stamp::Who ? tr("%1 of %2 is not a text column: it cannot hold a user name.").arg(*name, table)
                                             : tr("%1 of %2 is neither a text nor a timestamp column: it cannot hold a time.")
                                                   .arg(*name, table));
    }
    return {};
}

} // namespace

bool AuditColumns::contains(const QString &column) const
{
    return !column.isEmpty()
        && (column.compare(byColumn, Qt::CaseInsensitive) == 0 || column.compare(atColumn, Qt::CaseInsensitive) == 0);
}

AuditConfig AuditConfig::off(const QString &table)
{
    AuditConfig config;
    config.table = table;
    config.byColumn = QString();
    config.atColumn = QString();
    return config;
}

bool AuditConfig::isOff() const
{
    return byColumn && byColumn->isEmpty() && atColumn && atColumn->isEmpty();
}

AuditColumns AuditConfig::resolve(const QSqlRecord &fields, const QStringList &keyColumns, const QString &versionColumn) const
{
    AuditColumns columns;
    columns.byColumn = columnOf(fields, byColumn.value_or(defaultBy), Stamp::Who, keyColumns, versionColumn);
    columns.atColumn = columnOf(fields, atColumn.value_or(defaultAt), Stamp::When, keyColumns, versionColumn);
    if (columns.byColumn.compare(columns.atColumn, Qt::CaseInsensitive) == 0)
        columns.atColumn.clear(); // one column cannot hold both; validate() refuses to record that
    return columns;
}

Result<void> AuditConfig::validate(const QSqlRecord &fields, const QStringList &keyColumns, const QString &versionColumn) const
{
    if (auto by = checkName(fields, table, byColumn, Stamp::Who, keyColumns, versionColumn); !by)
        return by;
    if (auto at = checkName(fields, table, atColumn, Stamp::When, keyColumns, versionColumn); !at)
        return at;
    if (byColumn && atColumn && !byColumn->isEmpty() && byColumn->compare(*atColumn, Qt::CaseInsensitive) == 0)
        return makeError(ErrorCode::InvalidArgument, tr("Who and when need two columns, not %1 twice.").arg(*byColumn));
    return {};
}

namespace AuditCatalog {

Result<AuditConfig> load(const QSqlDatabase &db, const QString &table)
{
    AuditConfig config;
    config.table = table;
    const auto exists = catalogExists(db);
    if (!exists)
        return exists.error();
    if (!exists.value())
        return config;
    BoundQuery query(db);
    query.prepare(u"SELECT by_column, at_column FROM %1 WHERE table_name = ?"_s.arg(QLatin1String(tableName)));
    query.addBindValue(table);
    if (!query.exec())
        return sqlError(query);
    if (query.next()) {
        config.byColumn = nameFrom(query.value(0));
        config.atColumn = nameFrom(query.value(1));
    }
    return config;
}

Result<void> store(const QSqlDatabase &db, const AuditConfig &config)
{
    BoundQuery query(db);
    const auto exists = catalogExists(db);
    if (!exists)
        return exists.error();
    if (!exists.value()
        && !query.exec(u"CREATE TABLE %1 (table_name TEXT PRIMARY KEY, by_column TEXT, at_column TEXT)"_s.arg(QLatin1String(tableName))))
        return sqlError(query);
    // Both dialects know this upsert form (as concord_versioning's).
    query.prepare(u"INSERT INTO %1 (table_name, by_column, at_column) VALUES (?, ?, ?) ON CONFLICT (table_name) "
                  "DO UPDATE SET by_column = excluded.by_column, at_column = excluded.at_column"_s.arg(QLatin1String(tableName)));
    query.addBindValue(config.table);
    query.addBindValue(nameTo(config.byColumn));
    query.addBindValue(nameTo(config.atColumn));
    if (!query.exec())
        return sqlError(query);
    return {};
}

Result<void> remove(const QSqlDatabase &db, const QString &table)
{
    return deleteSettingsRow(db, QLatin1String(tableName), table);
}

} // namespace AuditCatalog

QDateTime auditTimeValue(const QVariant &value)
{
    if (value.isNull() || !value.isValid())
        return {};
    if (value.metaType().id() == QMetaType::QDateTime)
        return value.toDateTime();
    const QString text = value.toString().trimmed();
    QDateTime parsed = QDateTime::fromString(text, Qt::ISODateWithMs);
    if (!parsed.isValid()) {
        for (const QString &format : {u"yyyy-MM-dd HH:mm:ss.zzz"_s, u"yyyy-MM-dd HH:mm:ss"_s, u"yyyy-MM-dd HH:mm"_s}) {
            parsed = QDateTime::fromString(text, format);
            if (parsed.isValid())
                break;
        }
    }
    if (parsed.isValid() && parsed.timeSpec() == Qt::LocalTime)
        parsed.setTimeZone(QTimeZone::utc()); // SQLite's clock is UTC, and it writes no offset
    return parsed;
}

QString describeChange(const QSqlRecord &row, const AuditColumns &columns, const QDateTime &now)
{
    const QVariant who = columns.byColumn.isEmpty() ? QVariant() : row.value(columns.byColumn);
    const QVariant when = columns.atColumn.isEmpty() ? QVariant() : row.value(columns.atColumn);
    return changedByText(who.isNull() ? QString() : who.toString(), auditTimeValue(when), now);
}

} // namespace Concord
