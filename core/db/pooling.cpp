// SPDX-License-Identifier: MIT
// SPDX-FileCopyrightText: 2026 Concord developers
#include "pooling.h"

#include <core/db/databaseaddress.h>
#include <core/errors.h>

#include <QCoreApplication>
#include <QHash>
#include <QMutex>
#include <QSet>
#include <QStringList>
#include <QSqlError>
#include <QSqlQuery>
#include <QUuid>

#include <algorithm>
#include <optional>

using namespace Qt::StringLiterals;

namespace Concord {

namespace {

QString tr(const char *text)
{
    return QCoreApplication::translate("Concord::Pooling", text);
}

struct PoolingRegistry
{
    QMutex mutex;
    QHash<QString, PoolingProbe> byConnection;
};

PoolingRegistry &registry()
{
    static PoolingRegistry instance;
    return instance;
}

struct Session
{
    qint64 pid = 0;
    std::optional<int> serverPort; ///< nullopt: the server sees a Unix socket
};

Result<Session> currentSession(const QSqlDatabase &db)
{
    QSqlQuery query(db);
    query.setForwardOnly(true);
    if (!query.exec(u"SELECT pg_backend_pid(), inet_server_port()"_s) || !query.next()) {
        // A pooler with no free server connection accepts the login, makes the first statement
        // wait (PgBouncer: query_wait_timeout), then closes the connection, often without a word.
        const QSqlError error = query.lastError();
        if (error.text().trimmed().isEmpty() || isConnectionLost(error) || !db.isOpen()) {
            return makeError(ErrorCode::ConnectionFailed,
                             tr("the connection closed before its first statement ran: a connection pooler in front "
                                "of the server may have no free server connection (its pool is full), or the server "
                                "went away (%1)")
                                 .arg(describeSqlError(error)),
                             error);
        }
        return sqlError(query, tr("Cannot tell how this connection reaches the server"));
    }
    Session session;
    session.pid = query.value(0).toLongLong();
    if (!query.value(1).isNull())
        session.serverPort = query.value(1).toInt();
    return session;
}

// The session a second connection to the same address is given. A transaction-mode pooler
// hands it the server session the first connection used last (PgBouncer reuses the most
// recently released one); a session-mode pooler cannot, as that session stays the first
// client's.
Result<qint64> secondConnectionSession(const QSqlDatabase &db)
{
    const QString name = u"concord-pooling-probe-"_s + QUuid::createUuid().toString(QUuid::WithoutBraces);
    Result<qint64> pid = makeError(ErrorCode::ConnectionFailed, QString());
    {
        QSqlDatabase probe = QSqlDatabase::cloneDatabase(db, name);
        if (!probe.open()) {
            pid = makeError(ErrorCode::ConnectionFailed, probe.lastError().text().trimmed(), probe.lastError());
        } else if (Result<Session> session = currentSession(probe); !session) {
            pid = session.error();
        } else {
            pid = session.value().pid;
        }
        probe.close();
    }
    QSqlDatabase::removeDatabase(name);
    return pid;
}

// A connection found (or taken) to share server sessions with other clients.
PoolingProbe sharedSessions(const QString &evidence)
{
    return PoolingProbe{Pooling::Transaction, true, evidence};
}

int libpqDefaultPort()
{
    bool ok = false;
    const int port = qEnvironmentVariable("PGPORT").toInt(&ok);
    return ok && port > 0 ? port : 5432;
}

// What the address said, checked as far as one connection can check it without another one.
Result<PoolingProbe> statedPooling(const QSqlDatabase &db, qint64 pid, Pooling stated)
{
    const QString evidence = tr("stated in the address (%1=%2)")
                                 .arg(QLatin1String(poolingOptionKey), poolingOptionValue(stated));
    if (stated == Pooling::Transaction)
        return PoolingProbe{Pooling::Transaction, true, evidence, true};
    const Result<Session> again = currentSession(db);
    if (!again)
        return again.error();
    if (again.value().pid != pid) {
        return makeError(ErrorCode::InvalidAddress,
                         tr("the address states %1=session, but two statements of this connection ran in server "
                            "sessions %2 and %3: the pooler shares sessions (transaction mode). Remove the option "
                            "or state %1=transaction.")
                             .arg(QLatin1String(poolingOptionKey))
                             .arg(pid)
                             .arg(again.value().pid));
    }
    return PoolingProbe{Pooling::Session, true, evidence, true};
}

} // namespace

Result<std::optional<Pooling>> statedPoolingFrom(const QString &value)
{
    if (value == "auto"_L1)
        return std::optional<Pooling>();
    if (value == "session"_L1)
        return std::optional<Pooling>(Pooling::Session);
    if (value == "transaction"_L1)
        return std::optional<Pooling>(Pooling::Transaction);
    return makeError(ErrorCode::InvalidAddress,
                     tr("Address option %1 takes auto, session or transaction.").arg(QLatin1String(poolingOptionKey)));
}

QString poolingOptionValue(Pooling pooling)
{
    switch (pooling) {
    case Pooling::Session:
        return u"session"_s;
    case Pooling::Transaction:
        return u"transaction"_s;
    case Pooling::Direct:
        break;
    }
    return u"auto"_s;
}

Result<PoolingProbe> probePooling(const QSqlDatabase &db, const QList<int> &connectedPorts,
                                  std::optional<Pooling> stated)
{
    if (isSQLite(db))
        return PoolingProbe{};
    const Result<Session> first = currentSession(db);
    if (!first)
        return first.error();
    const qint64 pid = first.value().pid;
    if (stated)
        return statedPooling(db, pid, *stated);
    // Which of a multi-host address's hosts libpq reached is not known here: only when every one
    // has the port the server sees did this connection certainly arrive on it.
    QSet<int> ports;
    for (int connected : connectedPorts)
        ports.insert(connected > 0 ? connected : libpqDefaultPort());
    if (ports.isEmpty())
        ports.insert(libpqDefaultPort());
    const std::optional<int> serverPort = first.value().serverPort;
    // Connected over TCP to the port the server listens on: nothing sits in between. Over a Unix
    // socket, or on another port, a pooler may; second connections tell which kind.
    if (serverPort && ports.size() == 1 && ports.contains(*serverPort)) {
        const Result<Session> again = currentSession(db);
        if (!again)
            return again.error();
        if (again.value().pid == pid)
            return PoolingProbe{};
        return sharedSessions(tr("two statements of one connection ran in server sessions %1 and %2")
                                  .arg(pid)
                                  .arg(again.value().pid));
    }
    QStringList portNames;
    for (int port : std::as_const(ports))
        portNames << QString::number(port);
    std::sort(portNames.begin(), portNames.end());
    const QString where = serverPort ? tr("the server sees port %1, this connection went to port %2")
                                           .arg(*serverPort)
                                           .arg(portNames.join(u" or "_s))
                                     : tr("the server sees a Unix socket");
    for (int round = 0; round < 3; ++round) {
        const Result<qint64> other = secondConnectionSession(db);
        if (!other) {
            return sharedSessions(tr("%1, and a second connection to tell whether a pooler keeps sessions could "
                                     "not run (%2); taken as transaction pooling")
                                      .arg(where, other.error().message));
        }
        if (other.value() == pid) {
            return sharedSessions(tr("%1, and server session %2 of this connection was handed to another connection "
                                     "as soon as a statement ended")
                                      .arg(where)
                                      .arg(pid));
        }
        const Result<Session> again = currentSession(db);
        if (!again)
            return again.error();
        if (again.value().pid != pid) {
            return sharedSessions(tr("%1, and two statements of one connection ran in server sessions %2 and %3")
                                      .arg(where)
                                      .arg(pid)
                                      .arg(again.value().pid));
        }
    }
    if (!serverPort)
        return PoolingProbe{Pooling::Direct, true, QString()};
    return PoolingProbe{Pooling::Session, true,
                        tr("%1: a pooler keeps one server session per connection").arg(where)};
}

void rememberPooling(const QSqlDatabase &db, const PoolingProbe &probe)
{
    PoolingRegistry &pools = registry();
    QMutexLocker locker(&pools.mutex);
    pools.byConnection.insert(db.connectionName(), probe);
}

void forgetPooling(const QString &connectionName)
{
    PoolingRegistry &pools = registry();
    QMutexLocker locker(&pools.mutex);
    pools.byConnection.remove(connectionName);
}

PoolingProbe poolingOf(const QSqlDatabase &db)
{
    PoolingRegistry &pools = registry();
    QMutexLocker locker(&pools.mutex);
    return pools.byConnection.value(db.connectionName());
}

bool isTransactionPooled(const QSqlDatabase &db)
{
    return poolingOf(db).pooling == Pooling::Transaction;
}

bool bindsOnClient(const QSqlDatabase &db)
{
    const PoolingProbe probe = poolingOf(db);
    return probe.proxied || probe.pooling == Pooling::Transaction;
}

} // namespace Concord
