// SPDX-License-Identifier: MIT
// SPDX-FileCopyrightText: 2026 Concord developers
#include "versiontriggers.h"

#include <core/db/boundquery.h>
#include <core/errors.h>

#include <core/db/auditstamp.h>
#include <core/db/changewatcher.h>
#include <core/db/databaseaddress.h>
#include <core/versioning/auditconfig.h>
#include <core/versioning/deletedversions.h>

#include <QCryptographicHash>
#include <QSqlQuery>

using namespace Qt::StringLiterals;

namespace Concord::VersionTriggers {

namespace {

constexpr int maxIdentifierLength = 63; // PostgreSQL's NAMEDATALEN - 1

// The audit columns the triggers fill for outside writers: the table's recorded or automatic ones.
Result<AuditColumns> auditOf(const QSqlDatabase &db, const TableSchema &schema)
{
    auto config = AuditCatalog::load(db, schema.table);
    if (!config)
        return config.error();
    return config.value().resolve(schema.fields, schema.primaryKey, schema.versionColumn);
}

// SQLite has no users. A writer that stamped the time itself in this statement (Concord always
// does: auditTime()) is trusted with the name it wrote: 'now' is one value for a whole statement,
// its triggers included, so NEW.at equals the trigger's own 'now' exactly then, however quickly
// saves follow each other. A writer that set a name keeps it too; any other gets no name (NULL)
// rather than keep the name of whoever wrote before it. The time is the database's unless the
// writer set one. Without a time column the name is left as the writer left it.
QString sqliteAuditAssignments(const QSqlDatabase &db, const AuditColumns &audit)
{
    const QString at = audit.atColumn.isEmpty() ? QString() : quotedField(db, audit.atColumn);
    const QString by = audit.byColumn.isEmpty() ? QString() : quotedField(db, audit.byColumn);
    const QString now = auditTime(db).sql;
    QString assignments;
    if (!at.isEmpty())
        assignments += u", %1 = CASE WHEN NEW.%1 IS OLD.%1 THEN %2 ELSE NEW.%1 END"_s.arg(at, now);
    if (!at.isEmpty() && !by.isEmpty())
        assignments += u", %1 = CASE WHEN NEW.%1 IS NOT OLD.%1 OR NEW.%2 IS %3 THEN NEW.%1 ELSE NULL END"_s.arg(by, at, now);
    return assignments;
}

QString sqliteDefinition(const QSqlDatabase &db, const TableSchema &schema, const AuditColumns &audit)
{
    const QString table = quotedTable(db, schema.table);
    const QString version = quotedField(db, schema.versionColumn);
    QStringList match;
    for (const QString &column : schema.primaryKey)
        match << u"%1 IS NEW.%1"_s.arg(quotedField(db, column));
    return u"CREATE TRIGGER %1 AFTER UPDATE ON %2 FOR EACH ROW WHEN NEW.%3 IS OLD.%3 BEGIN "
           "UPDATE %2 SET %3 = COALESCE(OLD.%3, 0) + 1%5 WHERE %4; END"_s
        .arg(quotedField(db, triggerName(schema.table)), table, version, match.join(" AND "_L1),
             sqliteAuditAssignments(db, audit));
}

// "PREFIX<table>", shortened with a hash when the database would truncate it.
QString boundedName(const QString &prefix, const QString &table)
{
    const QString name = prefix + table;
    if (name.toUtf8().size() <= maxIdentifierLength)
        return name;
    const QString hash = QString::fromLatin1(
        QCryptographicHash::hash(table.toUtf8(), QCryptographicHash::Sha256).toHex().left(8));
    QString shortened = name;
    while (shortened.toUtf8().size() > maxIdentifierLength - 9)
        shortened.chop(1);
    return shortened + u'_' + hash;
}

QString deleteTriggerName(const QString &table)
{
    return boundedName(u"concord_deleted_"_s, table);
}

// SQLite: an outside delete records the row's version (deletedversions.h), so that an insert of
// the same key starts above it.
QString sqliteDeleteDefinition(const QSqlDatabase &db, const TableSchema &schema)
{
    QString name = DeletedVersions::recordedName(db, schema.table);
    name.replace(u'\'', u"''"_s);
    return u"CREATE TRIGGER %1 AFTER DELETE ON %2 FOR EACH ROW BEGIN "
           "INSERT INTO %3 (table_name, row_key, version) VALUES ('%4', %5, COALESCE(OLD.%6, 0)) "
           "ON CONFLICT (table_name, row_key) DO UPDATE SET version = MAX(version, excluded.version); END"_s
        .arg(quotedField(db, deleteTriggerName(schema.table)), quotedTable(db, schema.table),
             QString::fromLatin1(DeletedVersions::tableName), name, DeletedVersions::encodeKeySql(db, schema, u"OLD."_s),
             quotedField(db, schema.versionColumn));
}

// A writer that set a column itself keeps its value, as for the version: Concord writes
// current_user and CURRENT_TIMESTAMP (auditstamp.h), the very values these would put there.
QString postgresAuditStatements(const QSqlDatabase &db, const AuditColumns &audit)
{
    QString statements;
    const std::pair<QString, QString> stamps[] = {{audit.byColumn, auditUser(db).sql}, {audit.atColumn, auditTime(db).sql}};
    for (const auto &[column, term] : stamps) {
        if (column.isEmpty())
            continue;
        statements += u"    IF NEW.%1 IS NOT DISTINCT FROM OLD.%1 THEN\n        NEW.%1 := %2;\n    END IF;\n"_s.arg(
            quotedField(db, column), term);
    }
    return statements;
}

QString postgresFunctionBody(const QSqlDatabase &db, const TableSchema &schema, const AuditColumns &audit)
{
    const QString version = quotedField(db, schema.versionColumn);
    const QString book = QString::fromLatin1(DeletedVersions::tableName);
    // A delete records the row's version (deletedversions.h). Both tell live editors
    // (ChangeWatcher) the row's key before the write: an update that changed the key then names
    // a row the editor no longer finds, which makes it re-read the table.
    const QString notify = u"PERFORM pg_notify('%1', %2);"_s.arg(
        QLatin1String(ChangeWatcher::channel), ChangePayload::sql(db, u"TG_TABLE_NAME"_s, schema.primaryKey, u"OLD."_s));
    return u"\nBEGIN\n    IF TG_OP = 'DELETE' THEN\n        INSERT INTO %2 (table_name, row_key, version) VALUES (TG_TABLE_NAME, "
           "%3, COALESCE(OLD.%1, 0))\n            ON CONFLICT (table_name, row_key) DO UPDATE SET version = "
           "GREATEST(%2.version, EXCLUDED.version);\n        %5\n"
           "        RETURN OLD;\n    END IF;\n    IF NEW.%1 IS NOT DISTINCT FROM OLD.%1 THEN\n"
           "        NEW.%1 := COALESCE(OLD.%1, 0) + 1;\n    END IF;\n%4    %5\n"
           "    RETURN NEW;\nEND\n"_s.arg(version, book, DeletedVersions::encodeKeySql(db, schema, u"OLD."_s),
                                       postgresAuditStatements(db, audit), notify);
}

QStringList postgresDefinition(const QSqlDatabase &db, const TableSchema &schema, const AuditColumns &audit)
{
    const QString name = quotedField(db, triggerName(schema.table));
    const QString table = quotedTable(db, schema.table);
    return {
        u"CREATE OR REPLACE FUNCTION %1() RETURNS trigger LANGUAGE plpgsql AS $concord$%2$concord$"_s
            .arg(name, postgresFunctionBody(db, schema, audit)),
        u"DROP TRIGGER IF EXISTS %1 ON %2"_s.arg(name, table),
        u"CREATE TRIGGER %1 BEFORE UPDATE OR DELETE ON %2 FOR EACH ROW EXECUTE FUNCTION %1()"_s.arg(name, table),
    };
}

Result<std::optional<QString>> sqliteTriggerSql(const QSqlDatabase &db, const QString &name, const QString &table)
{
    BoundQuery query(db);
    query.prepare(u"SELECT sql FROM sqlite_master WHERE type = 'trigger' AND name = ? AND tbl_name = ?"_s);
    query.addBindValue(name);
    query.addBindValue(table);
    if (!query.exec())
        return sqlError(query);
    if (!query.next())
        return std::optional<QString>();
    return std::optional<QString>(query.value(0).toString());
}

// Two triggers on SQLite: the update trigger decides Missing; a missing or different delete
// trigger makes the pair Outdated.
Result<State> sqliteState(const QSqlDatabase &db, const TableSchema &schema, const AuditColumns &audit)
{
    const auto update = sqliteTriggerSql(db, triggerName(schema.table), schema.table);
    if (!update)
        return update.error();
    if (!update.value())
        return State::Missing;
    const auto remove = sqliteTriggerSql(db, deleteTriggerName(schema.table), schema.table);
    if (!remove)
        return remove.error();
    return *update.value() == sqliteDefinition(db, schema, audit) && remove.value() == sqliteDeleteDefinition(db, schema)
               ? State::UpToDate
               : State::Outdated;
}

Result<State> postgresState(const QSqlDatabase &db, const TableSchema &schema, const AuditColumns &audit)
{
    const QString name = triggerName(schema.table);
    BoundQuery query(db);
    query.prepare(u"SELECT p.prosrc, t.tgenabled FROM pg_trigger t JOIN pg_class c ON c.oid = t.tgrelid "
                  "JOIN pg_proc p ON p.oid = t.tgfoid WHERE t.tgname = ? AND c.relname = ? AND NOT t.tgisinternal "
                  "AND pg_table_is_visible(c.oid)"_s);
    query.addBindValue(name);
    query.addBindValue(schema.table);
    if (!query.exec())
        return sqlError(query);
    if (!query.next())
        return State::Missing;
    const bool enabled = query.value(1).toString() != "D"_L1;
    return enabled && query.value(0).toString() == postgresFunctionBody(db, schema, audit) ? State::UpToDate : State::Outdated;
}

Result<State> stateOf(const QSqlDatabase &db, const TableSchema &schema, const AuditColumns &audit)
{
    return isSQLite(db) ? sqliteState(db, schema, audit) : postgresState(db, schema, audit);
}

} // namespace

QString triggerName(const QString &table)
{
    return boundedName(u"concord_version_"_s, table);
}

Result<Status> status(const QSqlDatabase &db, const TableSchema &schema)
{
    const auto audit = auditOf(db, schema);
    if (!audit)
        return audit.error();
    auto state = stateOf(db, schema, audit.value());
    if (!state)
        return state.error();
    return Status{schema.table, triggerName(schema.table), state.value()};
}

Result<State> create(const QSqlDatabase &db, const TableSchema &schema)
{
    const auto audit = auditOf(db, schema);
    if (!audit)
        return audit.error();
    auto found = stateOf(db, schema, audit.value());
    if (!found)
        return found.error();
    if (found.value() == State::UpToDate)
        return found;
    // The delete half writes the bookkeeping table, so it must exist before any outside delete.
    if (auto prepared = DeletedVersions::prepare(db); !prepared)
        return prepared.error();
    QStringList statements;
    if (isSQLite(db)) {
        statements << u"DROP TRIGGER IF EXISTS %1"_s.arg(quotedField(db, triggerName(schema.table)))
                   << u"DROP TRIGGER IF EXISTS %1"_s.arg(quotedField(db, deleteTriggerName(schema.table)))
                   << sqliteDefinition(db, schema, audit.value()) << sqliteDeleteDefinition(db, schema);
    } else {
        statements = postgresDefinition(db, schema, audit.value());
    }
    QSqlQuery query(db);
    for (const QString &statement : std::as_const(statements)) {
        if (!query.exec(statement))
            return sqlError(query);
    }
    return found;
}

Result<bool> drop(const QSqlDatabase &db, const QString &table)
{
    const QString name = quotedField(db, triggerName(table));
    BoundQuery query(db);
    bool existed = false;
    if (isSQLite(db)) {
        query.prepare(u"SELECT 1 FROM sqlite_master WHERE type = 'trigger' AND name = ?"_s);
        query.addBindValue(triggerName(table));
        existed = query.exec() && query.next();
        if (!query.exec(u"DROP TRIGGER IF EXISTS %1"_s.arg(name))
            || !query.exec(u"DROP TRIGGER IF EXISTS %1"_s.arg(quotedField(db, deleteTriggerName(table)))))
            return sqlError(query);
        return existed;
    }
    query.prepare(u"SELECT 1 FROM pg_trigger WHERE tgname = ?"_s);
    query.addBindValue(triggerName(table));
    existed = query.exec() && query.next();
    if (db.tables().contains(table) && !query.exec(u"DROP TRIGGER IF EXISTS %1 ON %2"_s.arg(name, quotedTable(db, table))))
        return sqlError(query);
    if (!query.exec(u"DROP FUNCTION IF EXISTS %1()"_s.arg(name)))
        return sqlError(query);
    return existed;
}

QString stateName(State state)
{
    switch (state) {
    case State::Missing:
        return u"missing"_s;
    case State::UpToDate:
        return u"up to date"_s;
    case State::Outdated:
        return u"outdated"_s;
    }
    return {};
}

} // namespace Concord::VersionTriggers
