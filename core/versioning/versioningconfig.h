// SPDX-License-Identifier: MIT
// SPDX-FileCopyrightText: 2026 Concord developers
#pragma once

#include <core/result.h>
#include <core/versioning/auditconfig.h>

#include <QSqlDatabase>
#include <QSqlRecord>
#include <QStringList>

#include <optional>

namespace Concord {

/// How a table's version moves on a save.
enum class VersionPolicy {
    Counter,     ///< +1 on every save (the default)
    Timestamp,   ///< max(old + 1, microseconds since the epoch): versions also order saves in time
    Conditional, ///< +1 only when a tracked field changes; edits of other fields never conflict
    Trigger,     ///< the database bumps it (triggers), so writes made outside Concord are caught too
};

QString policyName(VersionPolicy policy);
std::optional<VersionPolicy> policyFromName(const QString &name);

/// A table's versioning, as recorded in the database itself (table concord_versioning), so that
/// every editor and every concordctl call agrees without local configuration.
struct VersioningConfig
{
    QString table;
    QString column = QStringLiteral("version");
    VersionPolicy policy = VersionPolicy::Counter;
    QStringList checkFields;  ///< Conditional: only these fields move the version
    QStringList ignoreFields; ///< Conditional: all fields but these move the version
    bool columnAddedByConcord = false; ///< removeVersioning() drops only a column it added
    /// Who changed a row and when (auditconfig.h). Recorded apart, in concord_audit, so that a
    /// concord_versioning written before audit columns existed loads unchanged; versioningFor()
    /// fills it in, VersioningCatalog leaves it alone.
    AuditConfig audit;

    /// Fails when both field lists are set, or a list names a column \a fields lacks.
    Result<void> validate(const QSqlRecord &fields) const;
    /// Conditional: does a change of \a field move the version? Always true for other policies.
    bool tracks(const QString &field) const;
};

/// The metadata table: one row per versioned table.
namespace VersioningCatalog {

inline constexpr char tableName[] = "concord_versioning";

/// The recorded config of \a table; an empty optional when the table was never configured
/// (also when the metadata table does not exist: reading never creates it).
Result<std::optional<VersioningConfig>> load(const QSqlDatabase &db, const QString &table);
Result<QList<VersioningConfig>> loadAll(const QSqlDatabase &db);
/// Creates the metadata table when needed and records \a config. Call inside a transaction.
Result<void> store(const QSqlDatabase &db, const VersioningConfig &config);
Result<void> remove(const QSqlDatabase &db, const QString &table);

} // namespace VersioningCatalog

/// The config to use for \a table: the recorded one, or Counter on \a defaultColumn; with the
/// table's audit setting (AuditCatalog::load()) in either case.
Result<VersioningConfig> versioningFor(const QSqlDatabase &db, const QString &table,
                                       const QString &defaultColumn = QStringLiteral("version"));

} // namespace Concord
