// SPDX-License-Identifier: MIT
// SPDX-FileCopyrightText: 2026 Concord developers
//
// History: names, settings and the small vocabulary; the triggers are in historytriggers.cpp,
// the reads in historyread.cpp, restore and recover in historywrite.cpp, retention in
// historyretention.cpp.
#include "history.h"

#include <core/errors.h>
#include <core/text.h>
#include <core/db/boundquery.h>
#include <core/db/catalog.h>
#include <core/db/databaseaddress.h>
#include <core/versioning/deletedversions.h>
#include <core/versioning/historysql.h>

#include <QCoreApplication>
#include <QCryptographicHash>

using namespace Qt::StringLiterals;

namespace Concord::History {

CONCORD_TRANSLATION_CONTEXT("Concord::History")

namespace {

constexpr int maxIdentifierLength = 63; // PostgreSQL's NAMEDATALEN - 1

} // namespace

Result<void> Retention::validate() const
{
    if (kind != Kind::KeepAll && amount < 1)
        return makeError(ErrorCode::InvalidArgument,
                         tr("a history retention needs a number of versions or days of at least 1, not %1").arg(amount));
    return {};
}

QString Retention::text() const
{
    switch (kind) {
    case Kind::KeepAll:
        break;
    case Kind::LastVersions:
        return amount == 1 ? tr("keep the last version") : tr("keep the last %1 versions").arg(amount);
    case Kind::Days:
        return amount == 1 ? tr("keep 1 day") : tr("keep %1 days").arg(amount);
    }
    return tr("keep everything");
}

QString historyTableName(const QString &table)
{
    // Lower-cased: SQLite's names are case-insensitive, so "Orders" and "orders" are one table and
    // must share one history table. (Two PostgreSQL tables differing only in case would share
    // the name too: enable() refuses the second, see historytriggers.cpp.)
    const QString lower = table.toLower();
    QString name = QLatin1String(tablePrefix) + lower;
    if (name.toUtf8().size() <= maxIdentifierLength)
        return name;
    const QString hash = QString::fromLatin1(QCryptographicHash::hash(lower.toUtf8(), QCryptographicHash::Sha256).toHex().left(8));
    while (name.toUtf8().size() > maxIdentifierLength - 9)
        name.chop(1);
    return name + u'_' + hash;
}

bool isHistoryTable(const QString &table)
{
    return table.startsWith(QLatin1String(tablePrefix), Qt::CaseInsensitive);
}

QString operationName(Operation operation)
{
    switch (operation) {
    case Operation::Insert:
        return u"insert"_s;
    case Operation::Delete:
        return u"delete"_s;
    case Operation::Update:
        break;
    }
    return u"update"_s;
}

namespace Internal {

namespace {

QString kindText(Retention::Kind kind)
{
    switch (kind) {
    case Retention::Kind::LastVersions:
        return u"versions"_s;
    case Retention::Kind::Days:
        return u"days"_s;
    case Retention::Kind::KeepAll:
        break;
    }
    return u"all"_s;
}

Retention::Kind kindFrom(const QString &text)
{
    if (text == "versions"_L1)
        return Retention::Kind::LastVersions;
    if (text == "days"_L1)
        return Retention::Kind::Days;
    return Retention::Kind::KeepAll;
}

} // namespace

Result<QList<ColumnDeclaration>> declaredColumns(const QSqlDatabase &db, const QString &table)
{
    BoundQuery query(db);
    if (isSQLite(db)) {
        query.prepare(u"SELECT name, type FROM pragma_table_info(?) ORDER BY cid"_s);
    } else {
        query.prepare(u"SELECT a.attname, format_type(a.atttypid, a.atttypmod) FROM pg_attribute a "
                      "JOIN pg_class c ON c.oid = a.attrelid WHERE c.relname = ? AND pg_table_is_visible(c.oid) "
                      "AND c.relkind IN ('r', 'p') AND a.attnum > 0 AND NOT a.attisdropped ORDER BY a.attnum"_s);
    }
    query.addBindValue(table);
    if (!query.exec())
        return sqlError(query, tr("Cannot read the columns of %1").arg(table));
    QList<ColumnDeclaration> columns;
    while (query.next()) {
        const QString name = query.value(0).toString();
        if (auto safe = checkIdentifier(name, tr("column")); !safe)
            return safe.error();
        columns.append({name, query.value(1).toString()});
    }
    return columns;
}

Result<bool> historyTableExists(const QSqlDatabase &db, const QString &table)
{
    // Looked up each time rather than through the SchemaCache: enable() and disable() on another
    // connection create and drop it.
    BoundQuery query(db);
    query.prepare(isSQLite(db) ? u"SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = ? COLLATE NOCASE"_s
                               : u"SELECT 1 FROM pg_class c WHERE c.relname = ? AND c.relkind = 'r' AND pg_table_is_visible(c.oid)"_s);
    query.addBindValue(historyTableName(table));
    if (!query.exec())
        return sqlError(query);
    return query.next();
}

Result<std::optional<Settings>> loadSettings(const QSqlDatabase &db, const QString &table)
{
    const auto exists = concordTableExists(db, QLatin1String(settingsTableName));
    if (!exists)
        return exists.error();
    if (!exists.value())
        return std::optional<Settings>();
    BoundQuery query(db);
    query.prepare(u"SELECT history_table, retention, amount, signature FROM %1 WHERE table_name = ?"_s.arg(
        QLatin1String(settingsTableName)));
    query.addBindValue(DeletedVersions::recordedName(db, table));
    if (!query.exec())
        return sqlError(query);
    if (!query.next())
        return std::optional<Settings>();
    Settings settings;
    settings.table = table;
    settings.historyTable = query.value(0).toString();
    settings.retention.kind = kindFrom(query.value(1).toString());
    settings.retention.amount = query.value(2).toInt();
    settings.signature = query.value(3).toString();
    return std::optional<Settings>(settings);
}

Result<void> storeSettings(const QSqlDatabase &db, const Settings &settings)
{
    const auto exists = concordTableExists(db, QLatin1String(settingsTableName));
    if (!exists)
        return exists.error();
    BoundQuery query(db);
    if (!exists.value()
        && !query.exec(u"CREATE TABLE %1 (table_name TEXT PRIMARY KEY, history_table TEXT NOT NULL, "
                       "retention TEXT NOT NULL, amount INTEGER NOT NULL, signature TEXT NOT NULL)"_s.arg(QLatin1String(settingsTableName))))
        return sqlError(query, tr("Cannot create %1").arg(QLatin1String(settingsTableName)));
    query.prepare(u"INSERT INTO %1 (table_name, history_table, retention, amount, signature) VALUES (?, ?, ?, ?, ?) "
                  "ON CONFLICT (table_name) DO UPDATE SET history_table = excluded.history_table, "
                  "retention = excluded.retention, amount = excluded.amount, signature = excluded.signature"_s.arg(
                      QLatin1String(settingsTableName)));
    query.addBindValue(DeletedVersions::recordedName(db, settings.table));
    query.addBindValue(settings.historyTable);
    query.addBindValue(kindText(settings.retention.kind));
    query.addBindValue(settings.retention.kind == Retention::Kind::KeepAll ? 0 : settings.retention.amount);
    query.addBindValue(settings.signature);
    if (!query.exec())
        return sqlError(query);
    return {};
}

Result<QString> sqliteStampTarget(const QSqlDatabase &db, const QString &table)
{
    if (!isSQLite(db))
        return QString();
    const auto settings = loadSettings(db, table);
    if (!settings)
        return settings.error();
    return settings.value() ? quotedTable(db, settings.value()->historyTable) : QString();
}

QString stampStatement(const QString &quotedHistory)
{
    // The writer holds SQLite's write lock from its write to here (same transaction), so the
    // newest entry is the one its statement made; an entry already signed (by the row's audit
    // column) is left alone.
    return u"UPDATE %1 SET %2 = ? WHERE %3 = (SELECT max(%3) FROM %1) AND %2 IS NULL"_s.arg(
        quotedHistory, QLatin1String(changedByColumn), QLatin1String(idColumn));
}

} // namespace Internal

Result<Status> status(const QSqlDatabase &db, const QString &table)
{
    const auto found = tableExists(db, table);
    if (!found)
        return found.error();
    if (!found.value())
        return makeError(ErrorCode::NotFound, tr("There is no table %1.").arg(table));
    Status result;
    result.table = table;
    result.historyTable = historyTableName(table);
    const auto settings = Internal::loadSettings(db, table);
    if (!settings)
        return settings.error();
    const auto kept = Internal::historyTableExists(db, table);
    if (!kept)
        return kept.error();
    result.hasHistoryTable = kept.value();
    if (!settings.value())
        return result;
    result.retention = settings.value()->retention;
    auto current = Internal::currentShape(db, table);
    if (!current)
        return current.error();
    result.missingColumns = current.value().missingColumns;
    result.state = current.value().signature == settings.value()->signature && current.value().triggersPresent
            && result.missingColumns.isEmpty() && result.hasHistoryTable
        ? State::UpToDate
        : State::Outdated;
    return result;
}

Result<void> setRetention(const QSqlDatabase &db, const QString &table, const Retention &retention)
{
    if (auto valid = retention.validate(); !valid)
        return valid;
    auto settings = Internal::loadSettings(db, table);
    if (!settings)
        return settings.error();
    if (!settings.value())
        return makeError(ErrorCode::NotFound, tr("%1 keeps no history: enable it first.").arg(table));
    Internal::Settings changed = *settings.value();
    changed.retention = retention;
    return Internal::storeSettings(db, changed);
}

} // namespace Concord::History
