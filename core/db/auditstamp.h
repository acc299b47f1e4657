// SPDX-License-Identifier: MIT
// SPDX-FileCopyrightText: 2026 Concord developers
#pragma once

#include <QSqlDatabase>
#include <QString>
#include <QVariantList>

namespace Concord {

/// A piece of SQL for a value, with the values its placeholders take, in order.
struct SqlTerm
{
    QString sql;
    QVariantList bindings;
};

/// The operating-system account running this process: USER, LOGNAME or USERNAME, else the
/// account database; empty when none of them knows.
QString currentUserName();

/// Who a write on \a db is by, as Concord records it in a table's audit column (modified_by).
/// This is the one place that decides it:
/// - PostgreSQL: `current_user`, evaluated by the server in the statement itself: the role whose
///   privileges the write runs with, the same name the version trigger records for outside writers,
///   whatever the client was told its user is (a role switched with SET ROLE is named, a login
///   taken from PGUSER or the OS account too). No binding, no round trip.
/// - SQLite: the database has no users, so the OS account of this process (currentUserName()),
///   bound.
SqlTerm auditUser(const QSqlDatabase &db);

/// When a write on \a db happens, by the database's clock, never the client's:
/// - PostgreSQL: `CURRENT_TIMESTAMP`, the start of the transaction, as PostgreSQL keeps it.
/// - SQLite: `strftime('%Y-%m-%d %H:%M:%f', 'now')`, UTC text with milliseconds ("2026-03-02
///   14:05:09.123"): CURRENT_TIMESTAMP's form with a finer grain. One value for the whole
///   statement, so the SQLite version trigger can tell a writer that stamped the row itself
///   (versiontriggers.h).
SqlTerm auditTime(const QSqlDatabase &db);

} // namespace Concord
