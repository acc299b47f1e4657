// SPDX-License-Identifier: MIT
// SPDX-FileCopyrightText: 2026 Concord developers
#include "versiontriggers.h"

#include <core/errors.h>

#include <core/db/databaseaddress.h>

#include <QCryptographicHash>
#include <QSqlQuery>

using namespace Qt::StringLiterals;

namespace Concord::VersionTriggers {

namespace {

constexpr int maxIdentifierLength = 63; // PostgreSQL's NAMEDATALEN - 1

QString sqliteDefinition(const QSqlDatabase &db, const TableSchema &schema)
{
    const QString table = quotedTable(db, schema.table);
    const QString version = quotedField(db, schema.versionColumn);
    QStringList match;
    for (const QString &column : schema.primaryKey)
        match << u"%1 IS NEW.%1"_s.arg(quotedField(db, column));
    return u"CREATE TRIGGER %1 AFTER UPDATE ON %2 FOR EACH ROW WHEN NEW.%3 IS OLD.%3 BEGIN "
           "UPDATE %2 SET %3 = COALESCE(OLD.%3, 0) + 1 WHERE %4; END"_s
        .arg(quotedField(db, triggerName(schema.table)), table, version, match.join(" AND "_L1));
}

QString postgresFunctionBody(const QSqlDatabase &db, const TableSchema &schema)
{
    const QString version = quotedField(db, schema.versionColumn);
    // Also tells live editors (ChangeWatcher); notifications repeated in one transaction are sent once.
    return u"\nBEGIN\n    IF NEW.%1 IS NOT DISTINCT FROM OLD.%1 THEN\n        NEW.%1 := COALESCE(OLD.%1, 0) + 1;\n"
           "    END IF;\n    PERFORM pg_notify('concord_changes', TG_TABLE_NAME);\n    RETURN NEW;\nEND\n"_s.arg(version);
}

QStringList postgresDefinition(const QSqlDatabase &db, const TableSchema &schema)
{
    const QString name = quotedField(db, triggerName(schema.table));
    const QString table = quotedTable(db, schema.table);
    return {
        u"CREATE OR REPLACE FUNCTION %1() RETURNS trigger LANGUAGE plpgsql AS $concord$%2$concord$"_s
            .arg(name, postgresFunctionBody(db, schema)),
        u"DROP TRIGGER IF EXISTS %1 ON %2"_s.arg(name, table),
        u"CREATE TRIGGER %1 BEFORE UPDATE ON %2 FOR EACH ROW EXECUTE FUNCTION %1()"_s.arg(name, table),
    };
}

Result<State> sqliteState(const QSqlDatabase &db, const TableSchema &schema)
{
    QSqlQuery query(db);
    query.prepare(u"SELECT sql FROM sqlite_master WHERE type = 'trigger' AND name = ? AND tbl_name = ?"_s);
    query.addBindValue(triggerName(schema.table));
    query.addBindValue(schema.table);
    if (!query.exec())
        return sqlError(query);
    if (!query.next())
        return State::Missing;
    return query.value(0).toString() == sqliteDefinition(db, schema) ? State::UpToDate : State::Outdated;
}

Result<State> postgresState(const QSqlDatabase &db, const TableSchema &schema)
{
    const QString name = triggerName(schema.table);
    QSqlQuery query(db);
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
    return enabled && query.value(0).toString() == postgresFunctionBody(db, schema) ? State::UpToDate : State::Outdated;
}

} // namespace

QString triggerName(const QString &table)
{
    const QString name = "concord_version_"_L1 + table;
    if (name.toUtf8().size() <= maxIdentifierLength)
        return name;
    const QString hash = QString::fromLatin1(
        QCryptographicHash::hash(table.toUtf8(), QCryptographicHash::Sha256).toHex().left(8));
    QString shortened = name;
    while (shortened.toUtf8().size() > maxIdentifierLength - 9)
        shortened.chop(1);
    return shortened + u'_' + hash;
}

Result<Status> status(const QSqlDatabase &db, const TableSchema &schema)
{
    auto state = isSQLite(db) ? sqliteState(db, schema) : postgresState(db, schema);
    if (!state)
        return state.error();
    return Status{schema.table, triggerName(schema.table), state.value()};
}

Result<State> create(const QSqlDatabase &db, const TableSchema &schema)
{
    auto found = isSQLite(db) ? sqliteState(db, schema) : postgresState(db, schema);
    if (!found)
        return found.error();
    if (found.value() == State::UpToDate)
        return found;
    QStringList statements;
    if (isSQLite(db)) {
        statements << u"DROP TRIGGER IF EXISTS %1"_s.arg(quotedField(db, triggerName(schema.table)))
                   << sqliteDefinition(db, schema);
    } else {
        statements = postgresDefinition(db, schema);
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
    QSqlQuery query(db);
    bool existed = false;
    if (isSQLite(db)) {
        query.prepare(u"SELECT 1 FROM sqlite_master WHERE type = 'trigger' AND name = ?"_s);
        query.addBindValue(triggerName(table));
        existed = query.exec() && query.next();
        if (!query.exec(u"DROP TRIGGER IF EXISTS %1"_s.arg(name)))
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
