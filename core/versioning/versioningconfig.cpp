// SPDX-License-Identifier: MIT
// SPDX-FileCopyrightText: 2026 Concord developers
#include "versioningconfig.h"

#include <core/db/boundquery.h>
#include <core/errors.h>

#include <core/text.h>
#include <core/db/catalog.h>

#include <core/db/tableschema.h>

#include <QCoreApplication>
#include <QSqlQuery>

using namespace Qt::StringLiterals;

namespace Concord {

CONCORD_TRANSLATION_CONTEXT("Concord::Versioning")

namespace {

// A lookup that cannot run (a lost connection) is an error, never "nothing recorded": a table
// read as unconfigured would be written under the wrong rules.
Result<bool> catalogExists(const QSqlDatabase &db)
{
    return concordTableExists(db, QLatin1String(VersioningCatalog::tableName));
}

QStringList splitFields(const QString &text)
{
    return text.isEmpty() ? QStringList() : text.split(u',', Qt::SkipEmptyParts);
}

// A policy this version does not know must fail loudly: guessing one could drop the check.
// \a query: a QSqlQuery or a BoundQuery, on a row of the catalog.
template<typename Query>
Result<VersioningConfig> fromQuery(const Query &query)
{
    VersioningConfig config;
    config.table = query.value(0).toString();
    config.column = query.value(1).toString();
    const auto policy = policyFromName(query.value(2).toString());
    if (!policy) {
        return makeError(ErrorCode::InvalidArgument,
                         tr("Unknown versioning policy \"%1\" recorded for %2 (expected counter, timestamp, "
                            "conditional or trigger).").arg(query.value(2).toString(), config.table));
    }
    config.policy = *policy;
    config.checkFields = splitFields(query.value(3).toString());
    config.ignoreFields = splitFields(query.value(4).toString());
    config.columnAddedByConcord = query.value(5).toInt() != 0;
    return config;
}

const QString selectColumns = u"table_name, version_column, policy, check_fields, ignore_fields, column_added"_s;

} // namespace

QString policyName(VersionPolicy policy)
{
    switch (policy) {
    case VersionPolicy::Counter:
        return u"counter"_s;
    case VersionPolicy::Timestamp:
        return u"timestamp"_s;
    case VersionPolicy::Conditional:
        return u"conditional"_s;
    case VersionPolicy::Trigger:
        return u"trigger"_s;
    }
    return {};
}

std::optional<VersionPolicy> policyFromName(const QString &name)
{
    for (VersionPolicy policy : {VersionPolicy::Counter, VersionPolicy::Timestamp, VersionPolicy::Conditional,
                                 VersionPolicy::Trigger}) {
        if (policyName(policy).compare(name, Qt::CaseInsensitive) == 0)
            return policy;
    }
    return std::nullopt;
}

Result<void> VersioningConfig::validate(const QSqlRecord &fields) const
{
    if (!checkFields.isEmpty() && !ignoreFields.isEmpty()) {
        return makeError(ErrorCode::InvalidArgument,
                         tr("Give either the fields to check or the fields to ignore for %1, not both.").arg(table));
    }
    if ((!checkFields.isEmpty() || !ignoreFields.isEmpty()) && policy != VersionPolicy::Conditional) {
        return makeError(ErrorCode::InvalidArgument,
                         tr("Field lists only apply to the conditional policy (table %1).").arg(table));
    }
    for (const QString &field : checkFields + ignoreFields) {
        if (!fields.contains(field))
            return makeError(ErrorCode::NotFound, tr("Table %1 has no column %2.").arg(table, field));
    }
    return {};
}

bool VersioningConfig::tracks(const QString &field) const
{
    if (policy != VersionPolicy::Conditional)
        return true;
    if (!checkFields.isEmpty())
        return checkFields.contains(field, Qt::CaseInsensitive);
    return !ignoreFields.contains(field, Qt::CaseInsensitive);
}

namespace VersioningCatalog {

Result<std::optional<VersioningConfig>> load(const QSqlDatabase &db, const QString &table)
{
    const auto exists = catalogExists(db);
    if (!exists)
        return exists.error();
    if (!exists.value())
        return std::optional<VersioningConfig>();
    BoundQuery query(db);
    query.prepare(u"SELECT %1 FROM %2 WHERE table_name = ?"_s.arg(selectColumns, QLatin1String(tableName)));
    query.addBindValue(table);
    if (!query.exec())
        return sqlError(query);
    if (!query.next())
        return std::optional<VersioningConfig>();
    auto config = fromQuery(query);
    if (!config)
        return config.error();
    return std::optional<VersioningConfig>(config.value());
}

Result<QList<VersioningConfig>> loadAll(const QSqlDatabase &db)
{
    QList<VersioningConfig> configs;
    const auto exists = catalogExists(db);
    if (!exists)
        return exists.error();
    if (!exists.value())
        return configs;
    QSqlQuery query(db);
    if (!query.exec(u"SELECT %1 FROM %2 ORDER BY table_name"_s.arg(selectColumns, QLatin1String(tableName))))
        return sqlError(query);
    while (query.next())
    {
        auto config = fromQuery(query);
        if (!config)
            return config.error();
        configs << config.value();
    }
    return configs;
}

Result<void> store(const QSqlDatabase &db, const VersioningConfig &config)
{
    BoundQuery query(db);
    const auto exists = catalogExists(db);
    if (!exists)
        return exists.error();
    if (!exists.value()) {
        if (!query.exec(u"CREATE TABLE %1 (table_name TEXT PRIMARY KEY, version_column TEXT NOT NULL, "
                        "policy TEXT NOT NULL, check_fields TEXT, ignore_fields TEXT, "
                        "column_added INTEGER NOT NULL DEFAULT 0)"_s.arg(QLatin1String(tableName))))
            return sqlError(query);
    }
    // Both dialects know this upsert form.
    query.prepare(u"INSERT INTO %1 (%2) VALUES (?, ?, ?, ?, ?, ?) ON CONFLICT (table_name) DO UPDATE SET "
                  "version_column = excluded.version_column, policy = excluded.policy, "
                  "check_fields = excluded.check_fields, ignore_fields = excluded.ignore_fields, "
                  "column_added = excluded.column_added"_s.arg(QLatin1String(tableName), selectColumns));
    query.addBindValue(config.table);
    query.addBindValue(config.column);
    query.addBindValue(policyName(config.policy));
    query.addBindValue(config.checkFields.join(u','));
    query.addBindValue(config.ignoreFields.join(u','));
    query.addBindValue(config.columnAddedByConcord ? 1 : 0);
    if (!query.exec())
        return sqlError(query);
    return {};
}

Result<void> remove(const QSqlDatabase &db, const QString &table)
{
    return deleteSettingsRow(db, QLatin1String(tableName), table);
}

} // namespace VersioningCatalog

Result<VersioningConfig> versioningFor(const QSqlDatabase &db, const QString &table, const QString &defaultColumn)
{
    auto recorded = VersioningCatalog::load(db, table);
    if (!recorded)
        return recorded.error();
    auto audit = AuditCatalog::load(db, table);
    if (!audit)
        return audit.error();
    VersioningConfig config;
    if (recorded.value()) {
        config = *recorded.value();
    } else {
        config.table = table;
        config.column = defaultColumn;
    }
    config.audit = audit.value();
    return config;
}

} // namespace Concord
