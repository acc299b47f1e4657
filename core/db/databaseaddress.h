// SPDX-License-Identifier: MIT
// SPDX-FileCopyrightText: 2026 Concord developers
#pragma once

#include <core/result.h>

#include <QList>
#include <QMap>
#include <QSqlDatabase>
#include <QString>

namespace Concord {

/// One PostgreSQL host of an address: libpq tries the hosts of a multi-host address in order.
struct DatabaseHost
{
    QString name; ///< host name, IP address (IPv6 without brackets) or socket directory; empty = libpq default
    int port = -1; ///< -1 = libpq default

    friend bool operator==(const DatabaseHost &a, const DatabaseHost &b) { return a.name == b.name && a.port == b.port; }
    friend bool operator!=(const DatabaseHost &a, const DatabaseHost &b) { return !(a == b); }
};

/// Where a database lives, in the one address form Concord accepts everywhere:
/// `sqlite:PATH` (or a bare file path) and libpq-style
/// `postgresql://user@host:port/dbname?sslmode=...`, also with several hosts as libpq takes them:
/// `postgresql://user@h1:5432,[::1]:5433/dbname?target_session_attrs=read-write` (libpq tries them
/// in order and keeps the first that accepts the connection and, with target_session_attrs, is
/// of the kind asked for: a primary after a failover).
///
/// Addresses never carry passwords: libpq reads PGPASSWORD or ~/.pgpass itself, and the
/// editor may pass a prompted password to openDatabase(). An address with a password is refused
/// so that it cannot end up in shell history, argv or logs.
struct DatabaseAddress
{
    enum class Kind { SQLite, PostgreSQL };

    Kind kind = Kind::SQLite;
    QString path;                   ///< SQLite file
    QString host;                   ///< PostgreSQL (first) host name, address or socket directory; empty = libpq default
    int port = -1;                  ///< the first host's port; -1 = libpq default
    /// PostgreSQL multi-host form: the hosts after the first (host and port), in the order libpq
    /// tries them. Empty for a single host.
    QList<DatabaseHost> moreHosts;
    QString user;                   ///< empty = libpq default (PGUSER, then the login name)
    QString databaseName;           ///< empty = libpq default (PGDATABASE)
    /// PostgreSQL: libpq parameters from the query string, e.g. sslmode. SQLite: QSQLITE
    /// connect options (an empty value for a flag such as QSQLITE_ENABLE_REGEXP), only ever
    /// set by fromDatabase().
    QMap<QString, QString> options;

    /// Reads an address. Fails with InvalidAddress (the message never repeating a value, which
    /// could be a secret) for a password, an unknown libpq option, an option value holding a
    /// space, quote, backslash, '=' or ';', a port outside 1..65535 or a malformed host list.
    static Result<DatabaseAddress> parse(const QString &text);
    /// Reads a libpq host list as the address form writes it: `h1`, `h1:5432,h2:5433`,
    /// `[::1]:5432,db2` (IPv6 in brackets). A host without a port gets -1 (libpq's default).
    /// Fails with InvalidAddress for an empty entry, a bad host name or a port outside 1..65535.
    static Result<QList<DatabaseHost>> parseHostList(const QString &text);
    /// The address of the database \a db is set up for, so that another thread can open a
    /// connection of its own to it: QSQLITE's database name and connect options, or QPSQL's
    /// host, port, user, database name and connect options (libpq `key=value;key='value'`, kept
    /// in options; the `host` and `port` lists openDatabase() writes there for a multi-host
    /// address become the hosts again). Never the password: the caller keeps db.password() and hands it to
    /// openDatabase() through OpenOptions. Fails with InvalidArgument for another driver, a
    /// SQLite database no other connection can reach (":memory:", no name) or connect options
    /// that are not `key=value`. Call it in the thread that owns \a db; \a db need not be open.
    static Result<DatabaseAddress> fromDatabase(const QSqlDatabase &db);

    bool isSQLite() const { return kind == Kind::SQLite; }
    bool isPostgreSQL() const { return kind == Kind::PostgreSQL; }
    /// Every host, the first (host, port) included.
    QList<DatabaseHost> hosts() const;
    /// Sets host and port to the first of \a hosts and moreHosts to the others.
    void setHosts(const QList<DatabaseHost> &hosts);
    /// The hosts as the address writes them (`h1:5432,[::1]`); empty when no host is named.
    QString hostListText() const;

    /// The address written back, safe to show and log.
    QString toString() const;
    /// A short name for window titles: the file name, dbname@host or dbname@h1,h2.
    QString displayName() const;
};

struct OpenOptions
{
    /// SQLite only: create an empty database when the file does not exist.
    bool createIfMissing = false;
    /// Shown to other clients as the holder of locks (PostgreSQL application_name).
    QString applicationName = QStringLiteral("concord");
    /// A password the user typed; kept in memory only. Empty = let libpq find one.
    QString password;
    /// SQLite: how long a writer waits for another writer before giving up.
    int busyTimeoutMs = 5000;
};

/// Opens a connection named \a connectionName (see connectionNameFor()). PostgreSQL: every host
/// of a multi-host address goes to libpq (the host and port lists in the connect options, each
/// value quoted for libpq), so that reopening the same QSqlDatabase after a failover tries them
/// all again. A SQLite file is
/// validated read-only before it is opened for writing: a file that is not a database, or is
/// corrupt, is left byte for byte as it was and the result is ErrorCode::NotADatabase.
Result<QSqlDatabase> openDatabase(const DatabaseAddress &address, const QString &connectionName,
                                  const OpenOptions &options = {});

/// A connection name unique to \a purpose and the calling thread: a QSqlDatabase belongs to
/// the thread that opened it, so every thread opens its own.
QString connectionNameFor(const QString &purpose);

/// Closes and removes the named connection. Every QSqlDatabase copy of it must be gone.
void closeDatabase(const QString &connectionName);

/// True for SQLite connections; the two dialects differ in a few statements.
bool isSQLite(const QSqlDatabase &db);

/// Asks the server a trivial question: false when the connection is closed or the server is gone
/// (a restart, a terminated session, a network cut). Drivers learn of a dead connection only when
/// they use it, so isOpen() alone says too little.
bool isConnectionAlive(const QSqlDatabase &db);

} // namespace Concord
