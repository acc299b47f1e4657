// SPDX-License-Identifier: MIT
// SPDX-FileCopyrightText: 2026 Concord developers
#pragma once

// Internal to concordcore: what the two lease backends share (SQLite's leases in concord_locks,
// PostgreSQL's in concord_lock_leases behind a transaction-mode pooler). A lease is a row that
// its owner renews from a thread with a connection of its own; a lease not renewed for a whole
// lease may be taken over, and its owner reports it lost no later than that.

#include <core/db/databaseaddress.h>
#include <core/db/statementcache.h>
#include <core/locks/lockbackend.h>

#include <memory>

#include <QElapsedTimer>
#include <QHash>
#include <QMutex>
#include <QString>
#include <QThread>
#include <QWaitCondition>

namespace Concord {

/// The names an owner holds, shared between the owner's thread and its heartbeat thread.
struct LeaseState
{
    QMutex mutex;
    QWaitCondition wake;
    bool stopping = false;
    struct Lease
    {
        quint64 serial = 0;    ///< tells a lease from a later one of the same name
        QElapsedTimer renewed; ///< started before the last successful renewal
    };
    QHash<QString, Lease> leases;
    quint64 nextSerial = 1;
};

/// Renews every lease in a LeaseState every leaseMs / 3, each in one short transaction, by
/// \a renewSql with the bindings (leaseMs, name, owner) and one row changed when the lease is
/// still the owner's. Reports through \a lost a lease taken over, or not renewed for a whole lease.
class LeaseHeartbeat final : public QThread
{
public:
    LeaseHeartbeat(const DatabaseAddress &address, const OpenOptions &options, QString renewSql, QString owner,
                   int leaseMs, LeaseState *state, LockBackend::LostHandler lost);

    /// Asks the thread to end and waits for it.
    void stop();

protected:
    void run() override;

private:
    QHash<QString, bool> renew(const QSqlDatabase &db, const QList<QString> &names);
    void report(const QHash<QString, LeaseState::Lease> &snapshot, const QHash<QString, bool> &renewed,
                const QElapsedTimer &started);

    DatabaseAddress m_address;
    OpenOptions m_options;
    QString m_renewSql;
    QString m_owner;
    int m_leaseMs;
    LeaseState *m_state;
    LockBackend::LostHandler m_lost;
};

/// A backend whose grants are leases: it owns its connection, the leases it holds, their heartbeat
/// and its kept statements; subclasses say how a lease is decided, recorded and listed.
class LeaseBackendBase : public LockBackend
{
public:
    /// \a renewSql as LeaseHeartbeat takes it; \a heartbeatOptions open the heartbeat's connection.
    LeaseBackendBase(QString connectionName, const DatabaseAddress &address, const OpenOptions &heartbeatOptions,
                     QString renewSql, int leaseMs);
    ~LeaseBackendBase() override;

    QString connectionName() const override { return m_connectionName; }
    /// The heartbeat keeps this state fresh: a lease it could not renew is reported lost.
    bool stillHeld(const QString &name, int maxAgeMs) const override;

protected:
    QSqlDatabase db() const { return QSqlDatabase::database(m_connectionName, false); }
    /// The kept statement for \a sql with \a values bound; nullptr when it cannot be prepared.
    BoundQuery *statement(const QString &sql, const QVariantList &values);
    QSqlError lastErrorOf(const BoundQuery *query) const;
    /// Holds \a name from now on, renewed by the heartbeat (started on the first lease).
    void startLease(const QString &name);
    /// Stops renewing \a name (before its row is deleted).
    void forgetLease(const QString &name);
    /// This owner's token, written in each lease row it holds.
    const QString &token() const { return m_token; }
    int leaseMs() const { return m_leaseMs; }
    StatementCache &statements() { return m_statements; }

private:
    QString m_connectionName;
    DatabaseAddress m_address;
    OpenOptions m_heartbeatOptions; ///< a password the user typed stays in memory only
    QString m_renewSql;
    QString m_token;
    int m_leaseMs;
    mutable LeaseState m_state;
    std::unique_ptr<LeaseHeartbeat> m_heartbeat;
    StatementCache m_statements{m_connectionName};
};

} // namespace Concord
