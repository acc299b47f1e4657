// SPDX-License-Identifier: MIT
// SPDX-FileCopyrightText: 2026 Concord developers
#pragma once

// Internal to concordcore: what the two lease backends share (SQLite's leases in concord_locks,
// PostgreSQL's in concord_lock_leases behind a transaction-mode pooler). A lease is a row that
// its owner renews from a thread with a connection of its own; a lease not renewed for a whole
// lease may be taken over, and its owner reports it lost no later than that.

#include <core/db/databaseaddress.h>
#include <core/locks/lockbackend.h>

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

} // namespace Concord
