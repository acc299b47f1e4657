// SPDX-License-Identifier: MIT
// SPDX-FileCopyrightText: 2026 Concord developers
#include "versioning.h"

#include <core/errors.h>

#include <core/text.h>

#include <core/db/databaseaddress.h>
#include <core/db/catalog.h>
#include <core/db/schemacache.h>
#include <core/db/tableschema.h>
#include <core/db/transaction.h>
#include <core/versioning/deletedversions.h>
#include <core/versioning/versiontriggers.h>

#include <QCoreApplication>
#include <QScopeGuard>
#include <QSqlField>
#include <QSqlIndex>
#include <QSqlQuery>

using namespace Qt::StringLiterals;

namespace Concord {

CONCORD_TRANSLATION_CONTEXT("Concord::Versioning")

namespace {

bool isBigInteger(const QSqlField &field)
{
    return field.metaType().id() == QMetaType::LongLong || field.metaType().id() == QMetaType::ULongLong;
}

Result<void> addVersionColumn(const QSqlDatabase &db, const QString &table, const QString &column)
{
    QSqlQuery query(db);
    const QString type = isSQLite(db) ? u"INTEGER"_s : u"bigint"_s;
    if (!query.exec(u"ALTER TABLE %1 ADD COLUMN %2 %3 NOT NULL DEFAULT 1"_s.arg(quotedTable(db, table),
                                                                                quotedField(db, column), type)))
        return sqlError(query.lastError());
    SchemaCache::forgetTableEverywhere(table);
    return {};
}

// ALTER TABLE waits for every open reader of the table, such as an editor's grid that has not
// read to the end; a clear error after a while beats a schema change that hangs.
Result<void> boundLockWait(const QSqlDatabase &db)
{
    if (isSQLite(db))
        return {};
    QSqlQuery query(db);
    if (!query.exec(u"SET LOCAL lock_timeout = '10s'"_s))
        return sqlError(query.lastError());
    return {};
}

} // namespace

namespace {

// Creates (or replaces an outdated) version trigger for the Trigger policy, or drops the one an
// earlier Trigger policy left; says what it did in \a actions.
Result<void> applyTriggerPolicy(const QSqlDatabase &db, const TableSchema &schema, VersionPolicy policy, bool hadTrigger,
                                QStringList &actions)
{
    if (policy == VersionPolicy::Trigger) {
        auto before = VersionTriggers::create(db, schema);
        if (!before)
            return before.error();
        if (before.value() != VersionTriggers::State::UpToDate)
            actions << tr("%1 trigger %2").arg(before.value() == VersionTriggers::State::Missing ? tr("created") : tr("replaced outdated"),
                                               VersionTriggers::triggerName(schema.table));
    } else if (hadTrigger) {
        if (auto dropped = VersionTriggers::drop(db, schema.table); !dropped)
            return dropped.error();
        actions << tr("dropped trigger %1").arg(VersionTriggers::triggerName(schema.table));
    }
    return {};
}

} // namespace

namespace {

// Adds the version column when the table has none (existing rows start at version 1), or checks
// that the one it has can hold the policy's versions.
Result<void> ensureVersionColumn(const QSqlDatabase &db, const QSqlRecord &fields, VersioningConfig &config,
                                 QStringList &actions)
{
    if (fields.contains(config.column)) {
        if (config.policy == VersionPolicy::Timestamp && !isSQLite(db) && !isBigInteger(fields.field(config.column))) {
            return makeError(ErrorCode::InvalidArgument,
                             tr("Timestamp versions need a 64-bit column; %1.%2 is smaller (ALTER it to bigint first).")
                                 .arg(config.table, config.column));
        }
        return {};
    }
    if (auto safe = checkIdentifier(config.column, tr("column")); !safe)
        return safe.error();
    if (auto added = addVersionColumn(db, config.table, config.column); !added)
        return added.error();
    config.columnAddedByConcord = true;
    actions << tr("added column %1 to %2; existing rows are at version 1").arg(config.column, config.table);
    return {};
}

} // namespace

Result<QStringList> applyVersioning(const QSqlDatabase &db, const VersioningConfig &wanted)
{
    if (isConcordTable(wanted.table))
        return makeError(ErrorCode::NotFound, tr("There is no table %1.").arg(wanted.table));
    // Decided on the table as it is now, and read afresh after, whether the change was kept or
    // rolled back: a shape read inside the transaction must not outlive a rollback.
    SchemaCache::forgetTableEverywhere(wanted.table);
    const auto forgetShape = qScopeGuard([&] { SchemaCache::forgetTableEverywhere(wanted.table); });
    const auto columns = tableColumns(db, wanted.table);
    if (!columns)
        return columns.error();
    const QSqlRecord &fields = columns.value();
    const auto key = tablePrimaryKey(db, wanted.table);
    if (!key)
        return key.error();
    if (key.value().isEmpty()) {
        return makeError(ErrorCode::NoPrimaryKey,
                         tr("Table %1 has no primary key; without one no row can be protected.").arg(wanted.table));
    }
    if (auto valid = wanted.validate(fields); !valid)
        return valid.error();
    auto recorded = VersioningCatalog::load(db, wanted.table);
    if (!recorded)
        return recorded.error();

    QStringList actions;
    Transaction transaction(db);
    if (!transaction.begin())
        return sqlError(transaction.lastError());
    if (auto bounded = boundLockWait(db); !bounded)
        return bounded.error();
    VersioningConfig config = wanted;
    config.columnAddedByConcord = recorded.value() && recorded.value()->columnAddedByConcord
                                  && recorded.value()->column == wanted.column;
    if (auto column = ensureVersionColumn(db, fields, config, actions); !column)
        return column.error();
    auto schema = TableSchema::load(db, config.table, config.column);
    if (!schema)
        return schema.error();

    const bool hadTrigger = recorded.value() && recorded.value()->policy == VersionPolicy::Trigger;
    // Here, by whoever adopts the table, rather than by a first write of a user who may not create tables.
    if (auto book = DeletedVersions::prepare(db); !book)
        return book.error();
    if (auto triggers = applyTriggerPolicy(db, schema.value(), config.policy, hadTrigger, actions); !triggers)
        return triggers.error();

    const bool sameConfig = recorded.value() && recorded.value()->column == config.column
                            && recorded.value()->policy == config.policy
                            && recorded.value()->checkFields == config.checkFields
                            && recorded.value()->ignoreFields == config.ignoreFields;
    if (!sameConfig) {
        if (auto stored = VersioningCatalog::store(db, config); !stored)
            return stored.error();
        actions << tr("recorded %1 versioning on %2.%3").arg(policyName(config.policy), config.table, config.column);
    }
    if (!transaction.commit())
        return sqlError(transaction.lastError());
    return actions;
}

Result<QStringList> removeVersioning(const QSqlDatabase &db, const QString &table)
{
    SchemaCache::forgetTableEverywhere(table);
    const auto forgetShape = qScopeGuard([&] { SchemaCache::forgetTableEverywhere(table); });
    auto recorded = VersioningCatalog::load(db, table);
    if (!recorded)
        return recorded.error();
    QStringList actions;
    if (!recorded.value())
        return actions;
    const VersioningConfig config = *recorded.value();
    Transaction transaction(db);
    if (!transaction.begin())
        return sqlError(transaction.lastError());
    if (auto bounded = boundLockWait(db); !bounded)
        return bounded.error();
    auto dropped = VersionTriggers::drop(db, table);
    if (!dropped)
        return dropped.error();
    if (dropped.value())
        actions << tr("dropped trigger %1").arg(VersionTriggers::triggerName(table));
    const auto columns = tableColumns(db, table);
    if (config.columnAddedByConcord && columns && columns.value().contains(config.column)) {
        QSqlQuery query(db);
        if (!query.exec(u"ALTER TABLE %1 DROP COLUMN %2"_s.arg(quotedTable(db, table), quotedField(db, config.column))))
            return sqlError(query.lastError());
        SchemaCache::forgetTableEverywhere(table);
        actions << tr("dropped column %1 from %2").arg(config.column, table);
    }
    if (auto removed = VersioningCatalog::remove(db, table); !removed)
        return removed.error();
    actions << tr("forgot the versioning of %1").arg(table);
    if (!transaction.commit())
        return sqlError(transaction.lastError());
    return actions;
}

namespace {

// The findings of one table; \a recorded is its entry in the versioning catalog, if any.
Result<void> checkTable(const QSqlDatabase &db, const QString &table, const std::optional<VersioningConfig> &recorded,
                        QList<SchemaFinding> &findings)
{
    using Severity = SchemaFinding::Severity;
    const auto add = [&findings](Severity severity, const QString &table, const QString &code, const QString &message) {
        findings << SchemaFinding{severity, table, code, message};
    };
    const auto columns = tableColumns(db, table);
    if (!columns) {
        if (columns.error().code == ErrorCode::Sql)
            return columns.error();
        add(Severity::Error, table, u"UNSAFE_NAME"_s, columns.error().message);
        return {};
    }
    const QSqlRecord &fields = columns.value();
    const bool isRecorded = recorded.has_value();
    const VersioningConfig config = recorded.value_or(VersioningConfig{});
    const bool hasVersion = fields.contains(config.column);
    const bool versioned = isRecorded || hasVersion;
    const auto key = tablePrimaryKey(db, table);
    if (!key)
        return key.error();
    if (key.value().isEmpty()) {
        add(versioned ? Severity::Error : Severity::Warning, table, u"NO_PRIMARY_KEY"_s,
            tr("%1 has no primary key: its rows cannot be told apart, so Concord will not edit it.").arg(table));
        return {};
    }
    if (!hasVersion) {
        add(isRecorded ? Severity::Error : Severity::Warning, table, u"NO_VERSION_COLUMN"_s,
            isRecorded ? tr("%1 has lost its version column %2.").arg(table, config.column)
                       : tr("%1 is not versioned: run concordctl apply %1 to protect it.").arg(table));
        return {};
    }
    if (fields.field(config.column).requiredStatus() != QSqlField::Required) {
        add(Severity::Warning, table, u"NULLABLE_VERSION"_s,
            tr("The version column %1.%2 accepts NULL; rows written without a version are protected "
               "only as legacy rows.").arg(table, config.column));
    }
    if (config.policy != VersionPolicy::Trigger)
        return {};
    auto schema = TableSchema::load(db, table, config.column);
    if (!schema)
        return schema.error();
    auto trigger = VersionTriggers::status(db, schema.value());
    if (!trigger)
        return trigger.error();
    if (trigger.value().state == VersionTriggers::State::Missing) {
        add(Severity::Error, table, u"MISSING_TRIGGER"_s,
            tr("%1 is versioned by trigger but trigger %2 is missing: outside writes are not caught "
               "(concordctl triggers create %1).").arg(table, trigger.value().name));
    } else if (trigger.value().state == VersionTriggers::State::Outdated) {
        add(Severity::Warning, table, u"OUTDATED_TRIGGER"_s,
            tr("Trigger %2 on %1 differs from what Concord would create (concordctl triggers create %1).")
                .arg(table, trigger.value().name));
    }
    return {};
}

} // namespace

Result<QList<SchemaFinding>> checkSchema(const QSqlDatabase &db)
{
    using Severity = SchemaFinding::Severity;
    QList<SchemaFinding> findings;
    const auto add = [&findings](Severity severity, const QString &table, const QString &code, const QString &message) {
        findings << SchemaFinding{severity, table, code, message};
    };
    auto configs = VersioningCatalog::loadAll(db);
    if (!configs)
        return configs.error();
    QStringList recorded;
    const QStringList tables = userTables(db);
    for (const VersioningConfig &config : configs.value()) {
        recorded << config.table;
        if (!tables.contains(config.table)) {
            add(Severity::Error, config.table, u"MISSING_TABLE"_s,
                tr("%1 is recorded as versioned but does not exist (renamed or dropped?).").arg(config.table));
        }
    }
    for (const QString &table : tables) {
        const int index = recorded.indexOf(table);
        const std::optional<VersioningConfig> config = index < 0 ? std::nullopt : std::optional(configs.value().at(index));
        if (auto checked = checkTable(db, table, config, findings); !checked)
            return checked.error();
    }
    return findings;
}

} // namespace Concord
