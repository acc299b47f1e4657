// SPDX-License-Identifier: MIT
// SPDX-FileCopyrightText: 2026 Concord developers
#pragma once

#include <core/result.h>
#include <core/versioning/versioningconfig.h>

#include <QSqlDatabase>
#include <QStringList>

namespace Concord {

/// Adopts an existing table: adds the version column when it is missing (existing rows get 1),
/// creates the triggers the policy needs, drops those an earlier policy needed, and records the
/// policy in the database. All in one transaction; running it twice changes nothing.
/// Returns what was done, one readable line per action (empty when nothing needed doing).
Result<QStringList> applyVersioning(const QSqlDatabase &db, const VersioningConfig &config);

/// Undoes applyVersioning(): drops the triggers, drops the version column if Concord added it,
/// and forgets the policy.
Result<QStringList> removeVersioning(const QSqlDatabase &db, const QString &table);

/// One problem found by checkSchema().
struct SchemaFinding
{
    enum class Severity { Warning, Error };
    Severity severity = Severity::Warning;
    QString table;
    QString code; ///< stable: MISSING_TRIGGER, OUTDATED_TRIGGER, NO_VERSION_COLUMN, ...
    QString message;
};

/// Lists tables that Concord cannot protect fully: a missing or outdated trigger, a missing or
/// nullable version column, no primary key. Errors mean edits are unprotected or refused.
/// Concord's own tables are left out. Reads only.
Result<QList<SchemaFinding>> checkSchema(const QSqlDatabase &db);

} // namespace Concord
