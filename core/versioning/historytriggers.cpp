// SPDX-License-Identifier: MIT
// SPDX-FileCopyrightText: 2026 Concord developers
//
// History: the history table and the triggers that fill it; enable() and disable().
#include "history.h"

#include <core/errors.h>
#include <core/text.h>
#include <core/db/auditstamp.h>
#include <core/db/boundquery.h>
#include <core/db/catalog.h>
#include <core/db/databaseaddress.h>
#include <core/db/schemacache.h>
#include <core/db/transaction.h>
#include <core/versioning/deletedversions.h>
#include <core/versioning/historysql.h>

#include <QCoreApplication>
#include <QCryptographicHash>
#include <QRegularExpression>

using namespace Qt::StringLiterals;

namespace Concord::History {

CONCORD_TRANSLATION_CONTEXT("Concord::History")

namespace {

using namespace Internal;

constexpr int maxIdentifierLength = 63;
// Bumped when the triggers' text changes, so that older ones read as Outdated.
constexpr int triggerFormat = 2;

// "PREFIX<table>", shortened with a hash when the database would truncate it.
QString boundedName(const QString &prefix, const QString &table)
{
    QString name = prefix + table;
    if (name.toUtf8().size() <= maxIdentifierLength)
        return name;
    const QString hash = QString::fromLatin1(QCryptographicHash::hash(table.toUtf8(), QCryptographicHash::Sha256).toHex().left(8));
    while (name.toUtf8().size() > maxIdentifierLength - 9)
        name.chop(1);
    return name + u'_' + hash;
}

// SQLite has a trigger per operation; PostgreSQL one trigger (and its function) for all three.
QStringList triggerNames(const QSqlDatabase &db, const QString &table)
{
    if (!isSQLite(db))
        return {boundedName(u"concord_hist_"_s, table)};
    return {boundedName(u"concord_hist_i_"_s, table), boundedName(u"concord_hist_u_"_s, table),
            boundedName(u"concord_hist_d_"_s, table)};
}

// A declared type goes into the history table's CREATE TABLE as the catalog wrote it; only the
// characters type names are made of are let through, so a type can never carry SQL.
bool isPlainType(const QString &type)
{
    static const QRegularExpression plain(u"^[A-Za-z0-9_ (),\\[\\]]*$"_s);
    return plain.match(type).hasMatch();
}

struct Design
{
    VersioningConfig config;
    AuditColumns audit;
    QList<ColumnDeclaration> columns; ///< the table's
    QString signature;
};

QString signatureOf(const QSqlDatabase &db, const TableSchema &schema, const Design &design)
{
    QStringList parts{u"format=%1"_s.arg(triggerFormat), u"version=%1"_s.arg(schema.versionColumn.toLower()),
                      u"key=%1"_s.arg(schema.primaryKey.join(u',').toLower())};
    if (isSQLite(db)) {
        // Only SQLite's triggers depend on the policy (Trigger: record the bumping update) and
        // the audit columns (who).
        parts << u"trigger=%1"_s.arg(design.config.policy == VersionPolicy::Trigger ? 1 : 0)
              << u"by=%1,at=%2"_s.arg(design.audit.byColumn.toLower(), design.audit.atColumn.toLower());
    }
    QStringList columns;
    for (const ColumnDeclaration &column : design.columns)
        columns << column.name.toLower();
    parts << u"columns=%1"_s.arg(columns.join(u','));
    return parts.join(u';');
}

Result<Design> designFor(const QSqlDatabase &db, const TableSchema &schema)
{
    Design design;
    auto config = versioningFor(db, schema.table, schema.versionColumn);
    if (!config)
        return config.error();
    design.config = config.value();
    design.audit = design.config.audit.resolve(schema.fields, schema.primaryKey, schema.versionColumn);
    auto columns = declaredColumns(db, schema.table);
    if (!columns)
        return columns.error();
    design.columns = columns.value();
    design.signature = signatureOf(db, schema, design);
    return design;
}

QStringList missingIn(const QList<ColumnDeclaration> &history, const QList<ColumnDeclaration> &table)
{
    QStringList missing;
    for (const ColumnDeclaration &column : table) {
        const bool present = std::any_of(history.cbegin(), history.cend(), [&](const ColumnDeclaration &kept) {
            return kept.name.compare(column.name, Qt::CaseInsensitive) == 0;
        });
        if (!present)
            missing << column.name;
    }
    return missing;
}

Result<bool> triggersPresent(const QSqlDatabase &db, const QString &table)
{
    const QStringList names = triggerNames(db, table);
    BoundQuery query(db);
    if (isSQLite(db)) {
        query.prepare(u"SELECT count(*) FROM sqlite_master WHERE type = 'trigger' AND name IN (?, ?, ?) AND tbl_name = ? COLLATE NOCASE"_s);
        for (const QString &name : names)
            query.addBindValue(name);
    } else {
        query.prepare(u"SELECT count(*) FROM pg_trigger t JOIN pg_class c ON c.oid = t.tgrelid WHERE t.tgname = ? "
                      "AND c.relname = ? AND pg_table_is_visible(c.oid) AND t.tgenabled <> 'D'"_s);
        query.addBindValue(names.constFirst());
    }
    query.addBindValue(table);
    if (!query.exec() || !query.next())
        return sqlError(query);
    return query.value(0).toInt() == names.size();
}

QStringList copiedColumns(const QSqlDatabase &db, const QList<ColumnDeclaration> &columns)
{
    QStringList names;
    for (const ColumnDeclaration &column : columns)
        names << quotedField(db, column.name);
    return names;
}

// The INSERT a trigger runs: the operation, who, when, the key and the row (\a row: NEW. or OLD.).
QString entryInsert(const QSqlDatabase &db, const TableSchema &schema, const Design &design, const QString &operation,
                    const QString &who, const QString &row)
{
    const QStringList copied = copiedColumns(db, design.columns);
    QStringList values{operation, who, auditTime(db).sql, DeletedVersions::encodeKeySql(db, schema, row)};
    for (const QString &column : copied)
        values << row + column;
    QStringList columns{QLatin1String(operationColumn), QLatin1String(changedByColumn), QLatin1String(changedAtColumn),
                        QLatin1String(rowKeyColumn)};
    columns += copied;
    return u"INSERT INTO %1 (%2) VALUES (%3)"_s.arg(quotedTable(db, historyTableName(schema.table)), columns.join(", "_L1),
                                                   values.join(", "_L1));
}

// Who, on SQLite, in an insert or update trigger: the row's audit "by" column when the writer
// stamped the time in this very statement ('now' is one value per statement, triggers included,
// and Concord always stamps it, see versiontriggers.cpp), else nobody known (NULL), for Concord's
// writer to sign (historysql.h) or to stay unknown. An update must also have changed the time, so
// that a writer who left it alone within the millisecond of the last stamp is not taken for its
// author. Not under the Trigger policy: there the recorded update is the version trigger's own,
// which found the time already stamped by the writer's statement and vetted "by" itself.
QString sqliteWriter(const QSqlDatabase &db, const Design &design, bool update)
{
    const AuditColumns &audit = design.audit;
    if (audit.byColumn.isEmpty() || audit.atColumn.isEmpty())
        return u"NULL"_s;
    const QString at = quotedField(db, audit.atColumn);
    const QString changed = update && design.config.policy != VersionPolicy::Trigger ? u" AND NEW.%1 IS NOT OLD.%1"_s.arg(at)
                                                                                      : QString();
    return u"CASE WHEN NEW.%1 IS %2%3 THEN NEW.%4 END"_s.arg(at, auditTime(db).sql, changed, quotedField(db, audit.byColumn));
}

QStringList sqliteTriggers(const QSqlDatabase &db, const TableSchema &schema, const Design &design)
{
    const QStringList names = triggerNames(db, schema.table);
    const QString table = quotedTable(db, schema.table);
    // With the Trigger policy the version trigger updates the row once more to bump the version:
    // only the update that changed the version is recorded, so each version has one entry, with
    // its final number (a writer that bumps by hand is recorded at once, and not bumped again).
    const QString version = quotedField(db, schema.versionColumn);
    const QString onlyBumps = design.config.policy == VersionPolicy::Trigger
        ? u" WHEN NEW.%1 IS NOT OLD.%1"_s.arg(version)
        : QString();
    return {
        u"CREATE TRIGGER %1 AFTER INSERT ON %2 FOR EACH ROW BEGIN %3; END"_s.arg(
            quotedField(db, names.at(0)), table, entryInsert(db, schema, design, u"'insert'"_s, sqliteWriter(db, design, false), u"NEW."_s)),
        u"CREATE TRIGGER %1 AFTER UPDATE ON %2 FOR EACH ROW%3 BEGIN %4; END"_s.arg(
            quotedField(db, names.at(1)), table, onlyBumps, entryInsert(db, schema, design, u"'update'"_s, sqliteWriter(db, design, true), u"NEW."_s)),
        u"CREATE TRIGGER %1 AFTER DELETE ON %2 FOR EACH ROW BEGIN %3; END"_s.arg(
            quotedField(db, names.at(2)), table, entryInsert(db, schema, design, u"'delete'"_s, u"NULL"_s, u"OLD."_s)),
    };
}

QStringList postgresTriggers(const QSqlDatabase &db, const TableSchema &schema, const Design &design)
{
    const QString name = quotedField(db, triggerNames(db, schema.table).constFirst());
    const QString who = auditUser(db).sql; // current_user, as the audit column has it
    const QString body = u"\nBEGIN\n    IF TG_OP = 'DELETE' THEN\n        %1;\n        RETURN OLD;\n    END IF;\n"
                         "    %2;\n    RETURN NEW;\nEND\n"_s.arg(
                             entryInsert(db, schema, design, u"'delete'"_s, who, u"OLD."_s),
                             entryInsert(db, schema, design, u"lower(TG_OP)"_s, who, u"NEW."_s));
    return {
        u"CREATE OR REPLACE FUNCTION %1() RETURNS trigger LANGUAGE plpgsql AS $concord_history$%2$concord_history$"_s.arg(name, body),
        u"DROP TRIGGER IF EXISTS %1 ON %2"_s.arg(name, quotedTable(db, schema.table)),
        u"CREATE TRIGGER %1 AFTER INSERT OR UPDATE OR DELETE ON %2 FOR EACH ROW EXECUTE FUNCTION %1()"_s.arg(
            name, quotedTable(db, schema.table)),
    };
}

QStringList dropTriggers(const QSqlDatabase &db, const QString &table, bool tableExists)
{
    QStringList statements;
    const QStringList names = triggerNames(db, table);
    if (isSQLite(db)) {
        for (const QString &name : names)
            statements << u"DROP TRIGGER IF EXISTS %1"_s.arg(quotedField(db, name));
        return statements;
    }
    if (tableExists)
        statements << u"DROP TRIGGER IF EXISTS %1 ON %2"_s.arg(quotedField(db, names.constFirst()), quotedTable(db, table));
    statements << u"DROP FUNCTION IF EXISTS %1()"_s.arg(quotedField(db, names.constFirst()));
    return statements;
}

QString columnDefinition(const QSqlDatabase &db, const ColumnDeclaration &column)
{
    return column.type.isEmpty() ? quotedField(db, column.name) : quotedField(db, column.name) + u' ' + column.type;
}

// CREATE TABLE, or ADD COLUMN for the columns added to the table since.
Result<QStringList> tableStatements(const QSqlDatabase &db, const TableSchema &schema, const Design &design)
{
    for (const ColumnDeclaration &column : design.columns) {
        if (!isPlainType(column.type))
            return makeError(ErrorCode::InvalidArgument,
                             tr("Cannot keep the history of %1: Concord cannot copy the type \"%2\" of column %3.")
                                 .arg(schema.table, column.type, column.name));
    }
    const QString history = historyTableName(schema.table);
    const QString quoted = quotedTable(db, history);
    auto kept = declaredColumns(db, history);
    if (!kept)
        return kept.error();
    QStringList statements;
    if (!kept.value().isEmpty()) {
        const QStringList missing = missingIn(kept.value(), design.columns);
        for (const ColumnDeclaration &column : design.columns) {
            if (missing.contains(column.name))
                statements << u"ALTER TABLE %1 ADD COLUMN %2"_s.arg(quoted, columnDefinition(db, column));
        }
        return statements;
    }
    QStringList definitions;
    definitions << (isSQLite(db) ? u"%1 INTEGER PRIMARY KEY AUTOINCREMENT"_s : u"%1 BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY"_s)
                       .arg(QLatin1String(idColumn))
                << u"%1 TEXT NOT NULL"_s.arg(QLatin1String(operationColumn))
                << u"%1 TEXT"_s.arg(QLatin1String(changedByColumn))
                << (isSQLite(db) ? u"%1 TEXT NOT NULL"_s : u"%1 TIMESTAMPTZ NOT NULL"_s).arg(QLatin1String(changedAtColumn))
                << u"%1 TEXT NOT NULL"_s.arg(QLatin1String(rowKeyColumn));
    for (const ColumnDeclaration &column : design.columns)
        definitions << columnDefinition(db, column);
    statements << u"CREATE TABLE %1 (%2)"_s.arg(quoted, definitions.join(", "_L1))
               << u"CREATE INDEX %1 ON %2 (%3, %4)"_s.arg(quotedField(db, boundedName(u"concord_hist_key_"_s, schema.table)),
                                                         quoted, QLatin1String(rowKeyColumn), QLatin1String(idColumn));
    return statements;
}

Result<void> runAll(const QSqlDatabase &db, const QStringList &statements)
{
    BoundQuery query(db);
    for (const QString &statement : statements) {
        if (!query.exec(statement))
            return sqlError(query, tr("Cannot set up the history"));
    }
    return {};
}

Result<void> refuseUnfit(const QSqlDatabase &db, const TableSchema &schema, const Retention &retention)
{
    if (auto valid = retention.validate(); !valid)
        return valid;
    if (isConcordTable(schema.table))
        return makeError(ErrorCode::InvalidArgument, tr("%1 is one of Concord's own tables: it keeps no history.").arg(schema.table));
    if (schema.versionColumn.isEmpty() || !schema.fields.contains(schema.versionColumn))
        return makeError(ErrorCode::NoVersionColumn,
                         tr("%1 is not versioned (it has no version column): version it first (concordctl versioning %1).").arg(schema.table));
    for (int i = 0; i < schema.fields.count(); ++i) {
        if (schema.fields.fieldName(i).startsWith("concord_"_L1, Qt::CaseInsensitive))
            return makeError(ErrorCode::InvalidArgument,
                             tr("Cannot keep the history of %1: its column %2 starts with concord_, as the history's own columns do.")
                                 .arg(schema.table, schema.fields.fieldName(i)));
    }
    // Two PostgreSQL tables whose names differ only in case would share a history table.
    const auto exists = concordTableExists(db, QLatin1String(settingsTableName));
    if (!exists)
        return exists.error();
    if (!exists.value())
        return {};
    BoundQuery query(db);
    query.prepare(u"SELECT table_name FROM %1 WHERE history_table = ? AND table_name <> ?"_s.arg(QLatin1String(settingsTableName)));
    query.addBindValue(historyTableName(schema.table));
    query.addBindValue(DeletedVersions::recordedName(db, schema.table));
    if (!query.exec())
        return sqlError(query);
    if (query.next())
        return makeError(ErrorCode::InvalidArgument, tr("Cannot keep the history of %1: table %2 already keeps its history in %3.")
                                                         .arg(schema.table, query.value(0).toString(), historyTableName(schema.table)));
    return {};
}

} // namespace

namespace Internal {

Result<CurrentShape> currentShape(const QSqlDatabase &db, const QString &table)
{
    auto config = versioningFor(db, table);
    if (!config)
        return config.error();
    auto schema = TableSchema::load(db, table, config.value().column);
    if (!schema)
        return schema.error();
    auto design = designFor(db, schema.value());
    if (!design)
        return design.error();
    auto kept = declaredColumns(db, historyTableName(table));
    if (!kept)
        return kept.error();
    auto present = triggersPresent(db, table);
    if (!present)
        return present.error();
    return CurrentShape{design.value().signature, missingIn(kept.value(), design.value().columns), present.value()};
}

} // namespace Internal

Result<void> enable(const QSqlDatabase &db, const TableSchema &schema, const Retention &retention)
{
    if (auto fit = refuseUnfit(db, schema, retention); !fit)
        return fit;
    auto design = designFor(db, schema);
    if (!design)
        return design.error();
    Transaction transaction(db);
    if (!transaction.begin())
        return sqlError(transaction.lastError(), tr("Cannot set up the history of %1").arg(schema.table));
    auto table = tableStatements(db, schema, design.value());
    if (!table)
        return table.error();
    QStringList statements = table.value() + dropTriggers(db, schema.table, true);
    statements += isSQLite(db) ? sqliteTriggers(db, schema, design.value()) : postgresTriggers(db, schema, design.value());
    if (auto ran = runAll(db, statements); !ran)
        return ran;
    Settings settings{schema.table, historyTableName(schema.table), retention, design.value().signature};
    if (auto stored = storeSettings(db, settings); !stored)
        return stored;
    if (!transaction.commit())
        return sqlError(transaction.lastError(), tr("Cannot set up the history of %1").arg(schema.table));
    SchemaCache::forgetTableEverywhere(historyTableName(schema.table));
    return {};
}

Result<void> disable(const QSqlDatabase &db, const QString &table, bool keepHistory)
{
    const auto exists = tableExists(db, table);
    if (!exists)
        return exists.error();
    Transaction transaction(db);
    if (!transaction.begin())
        return sqlError(transaction.lastError(), tr("Cannot stop the history of %1").arg(table));
    QStringList statements = dropTriggers(db, table, exists.value());
    if (!keepHistory)
        statements << u"DROP TABLE IF EXISTS %1"_s.arg(quotedTable(db, historyTableName(table)));
    if (auto ran = runAll(db, statements); !ran)
        return ran;
    if (auto forgot = deleteSettingsRow(db, QLatin1String(settingsTableName), DeletedVersions::recordedName(db, table)); !forgot)
        return forgot;
    if (!transaction.commit())
        return sqlError(transaction.lastError(), tr("Cannot stop the history of %1").arg(table));
    SchemaCache::forgetTableEverywhere(historyTableName(table));
    return {};
}

} // namespace Concord::History
