// SPDX-License-Identifier: MIT
// SPDX-FileCopyrightText: 2026 Concord developers
#include "failoversafety.h"

#include <core/errors.h>
#include <core/text.h>

#include <core/db/catalog.h>
#include <core/db/databaseaddress.h>
#include <core/db/tableschema.h>

#include <QCoreApplication>
#include <QSqlField>
#include <QSqlQuery>

using namespace Qt::StringLiterals;

namespace Concord {

CONCORD_TRANSLATION_CONTEXT("Concord::Versioning")

Result<ReplicationState> replicationState(const QSqlDatabase &db)
{
    ReplicationState state;
    if (isSQLite(db))
        return state;
    QSqlQuery query(db);
    query.setForwardOnly(true);
    if (!query.exec(u"SELECT sync_state FROM pg_stat_replication"_s))
        return sqlError(query, tr("Cannot read pg_stat_replication"));
    while (query.next()) {
        // Without pg_read_all_stats a role sees the standbys' rows but not their columns.
        if (query.isNull(0)) {
            return makeError(ErrorCode::Sql,
                             tr("The role may not read the standbys' state in pg_stat_replication "
                                "(it needs pg_read_all_stats)."));
        }
        const QString sync = query.value(0).toString();
        if (sync == "sync"_L1 || sync == "quorum"_L1)
            ++state.synchronous;
        else
            ++state.asynchronous;
    }
    if (query.lastError().isValid())
        return sqlError(query, tr("Cannot read pg_stat_replication"));
    return state;
}

namespace {

// The tables whose versions count up: recorded with a policy other than Timestamp, or never
// recorded but holding the default version column (they are counted, see versioningFor()).
Result<QStringList> countingTables(const QSqlDatabase &db)
{
    auto configs = VersioningCatalog::loadAll(db);
    if (!configs)
        return configs.error();
    const QStringList tables = userTables(db);
    QStringList recorded;
    QStringList counting;
    // A recorded table that is gone is checkSchema()'s MISSING_TABLE.
    for (const VersioningConfig &config : configs.value()) {
        recorded << config.table;
        if (config.policy != VersionPolicy::Timestamp && tables.contains(config.table))
            counting << config.table;
    }
    const VersioningConfig unrecorded;
    for (const QString &table : tables) {
        if (recorded.contains(table))
            continue;
        // A table whose name cannot even be looked up is checkSchema()'s UNSAFE_NAME.
        if (const auto columns = tableColumns(db, table); columns && columns.value().contains(unrecorded.column))
            counting << table;
    }
    return counting;
}

} // namespace

Result<QList<SchemaFinding>> checkFailoverSafety(const QSqlDatabase &db)
{
    QList<SchemaFinding> findings;
    if (isSQLite(db))
        return findings;
    auto tables = countingTables(db);
    if (!tables)
        return tables.error();
    if (tables.value().isEmpty())
        return findings;
    const auto state = replicationState(db);
    for (const QString &table : tables.value()) {
        if (!state) {
            findings << SchemaFinding{SchemaFinding::Severity::Warning, table, u"FAILOVER_UNCHECKED"_s,
                                      tr("Could not check whether a failover can repeat the counter versions of %1: %2")
                                          .arg(table, state.error().message)};
        } else if (state.value().asynchronous > 0) {
            findings << SchemaFinding{SchemaFinding::Severity::Warning, table, u"ASYNC_STANDBY_COUNTER"_s,
                                      tr("%1 counts its versions up, and the server streams to asynchronous standbys "
                                         "(%2): a failover that loses writes can repeat a version and let a stale save "
                                         "overwrite another user's (concordctl apply %1 --policy timestamp).")
                                          .arg(table).arg(state.value().asynchronous)};
        }
    }
    return findings;
}

VersionPolicy defaultPolicyFor(const QSqlDatabase &db, const QSqlRecord &fields, const QString &column)
{
    if (isSQLite(db))
        return VersionPolicy::Counter;
    if (!fields.contains(column))
        return VersionPolicy::Timestamp;
    const int type = fields.field(column).metaType().id();
    return type == QMetaType::LongLong || type == QMetaType::ULongLong ? VersionPolicy::Timestamp : VersionPolicy::Counter;
}

} // namespace Concord
