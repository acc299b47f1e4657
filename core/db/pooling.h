// SPDX-License-Identifier: MIT
// SPDX-FileCopyrightText: 2026 Concord developers
#pragma once

#include <core/result.h>

#include <QList>
#include <QSqlDatabase>
#include <QString>

#include <optional>

namespace Concord {

/// How a PostgreSQL connection reaches its server session.
///
/// Through a transaction-mode pooler (PgBouncer's pool_mode = transaction, and poolers like it)
/// consecutive statements of one client may run on different server sessions, and a session may
/// serve another client next: whatever lives in a session (a statement prepared with SQL-level
/// PREPARE, a session advisory lock, LISTEN, SET) is no longer the client's own. Concord then
/// binds values on the client (BoundQuery), takes locks as leases (postgresleaselock.cpp), and
/// polls for live updates, as LISTEN does not reach it (ChangeWatcher).
enum class Pooling {
    Direct,      ///< the connection is its own server session (SQLite; PostgreSQL directly)
    Session,     ///< a pooler sits in between, but keeps one server session per client
    Transaction, ///< statements of this client run on server sessions shared with others
};

/// What probePooling() found, and how: shown to the user ("behind a transaction-mode pooler:
/// two statements ran on server sessions 4711 and 4712").
struct PoolingProbe
{
    Pooling pooling = Pooling::Direct;
    /// True when anything may sit between the client and the server (another port, a Unix
    /// socket): statements then never rely on a statement prepared in the server session, even
    /// when the pooler looked like keeping sessions, as a wrong guess there would run another
    /// client's statement with this client's values.
    bool proxied = false;
    QString evidence; ///< empty for Direct
    /// True when the address said the mode (concord_pooling=), so that no probe decided it.
    bool stated = false;
};

/// The address option that states the pooling mode outright: `concord_pooling=transaction` or
/// `concord_pooling=session` (`auto`, the default, probes). A busy transaction pool can pass the
/// probe for a session pool (no second connection happened to be handed this one's session);
/// stating `transaction` settles it, and costs no probe connection. `session` skips the second
/// connections too: state it only for a pooler whose pool_mode is session, as session locks and
/// LISTEN are then trusted. The option is Concord's own and never reaches libpq.
inline constexpr char poolingOptionKey[] = "concord_pooling";

/// The mode \a value of the option names: nullopt for "auto"; an InvalidAddress error for a
/// value that is none of auto, session, transaction.
Result<std::optional<Pooling>> statedPoolingFrom(const QString &value);
/// The option's value for \a pooling ("session", "transaction"; "auto" for Direct).
QString poolingOptionValue(Pooling pooling);

/// Looks at an open PostgreSQL connection \a db (opened to one of \a connectedPorts, the ports of
/// its address's hosts, -1 for libpq's default): whether the server may see another port than
/// the one connected to (a proxy), and
/// whether statements of this connection stay in one server session while a second connection to
/// the same address is handed another one, three times over. A pooler that keeps sessions passes;
/// a transaction-mode pooler gives itself away by handing the session this connection just used
/// to the second one, or by moving this connection to another session. A second connection that
/// cannot run its statement leaves the kind unknown, taken as transaction pooling. A probe that
/// cannot run on \a db itself is an error.
/// SQLite connections are Direct without a statement.
///
/// With \a stated (the address's concord_pooling) no second connection is opened: the first
/// statement still runs, so that a full pool is reported as such, and a stated session mode is
/// refused when two statements of this connection ran in different server sessions.
Result<PoolingProbe> probePooling(const QSqlDatabase &db, const QList<int> &connectedPorts,
                                  std::optional<Pooling> stated = std::nullopt);

/// Remembers \a probe for \a db's connection (openDatabase() does it; closeDatabase() forgets).
void rememberPooling(const QSqlDatabase &db, const PoolingProbe &probe);
void forgetPooling(const QString &connectionName);

/// What was found for \a db's connection when it was opened; Direct when nothing was probed.
PoolingProbe poolingOf(const QSqlDatabase &db);

/// True when statements on \a db run on server sessions shared with other clients (session
/// locks and LISTEN are refused there).
bool isTransactionPooled(const QSqlDatabase &db);
/// True when values on \a db are bound on the client and no statement is kept prepared on the
/// server: the connection is transaction-pooled or may be behind a proxy at all.
bool bindsOnClient(const QSqlDatabase &db);

} // namespace Concord
