// SPDX-License-Identifier: MIT
// SPDX-FileCopyrightText: 2026 Concord developers
#include "leaseheartbeat.h"

#include <core/db/boundquery.h>
#include <core/db/transaction.h>
#include <core/text.h>

#include <QCoreApplication>
#include <QDeadlineTimer>

using namespace Qt::StringLiterals;

namespace Concord {

CONCORD_TRANSLATION_CONTEXT("Concord::AdvisoryLock")

LeaseHeartbeat::LeaseHeartbeat(const DatabaseAddress &address, const OpenOptions &options, QString renewSql,
                               QString owner, int leaseMs, LeaseState *state, LockBackend::LostHandler lost)
    : m_address(address)
    , m_options(options)
    , m_renewSql(std::move(renewSql))
    , m_owner(std::move(owner))
    , m_leaseMs(leaseMs)
    , m_state(state)
    , m_lost(std::move(lost))
{
}

void LeaseHeartbeat::stop()
{
    {
        QMutexLocker locker(&m_state->mutex);
        m_state->stopping = true;
        m_state->wake.wakeAll();
    }
    wait();
}

void LeaseHeartbeat::run()
{
    const QString connectionName = connectionNameFor(u"lock-heartbeat"_s);
    {
        auto db = openDatabase(m_address, connectionName, m_options);
        QMutexLocker locker(&m_state->mutex);
        while (!m_state->stopping) {
            m_state->wake.wait(&m_state->mutex, QDeadlineTimer(m_leaseMs / 3));
            if (m_state->stopping || m_state->leases.isEmpty())
                continue;
            const QHash<QString, LeaseState::Lease> snapshot = m_state->leases;
            locker.unlock();
            QElapsedTimer started;
            started.start();
            const QHash<QString, bool> renewed = db ? renew(db.value(), snapshot.keys()) : QHash<QString, bool>();
            locker.relock();
            report(snapshot, renewed, started);
        }
    }
    closeDatabase(connectionName);
}

// name -> still ours; empty when the transaction failed and nothing is known.
QHash<QString, bool> LeaseHeartbeat::renew(const QSqlDatabase &db, const QList<QString> &names)
{
    Transaction transaction(db);
    if (!transaction.begin())
        return {};
    QHash<QString, bool> result;
    BoundQuery query(db);
    query.prepare(m_renewSql);
    for (const QString &name : names) {
        query.addBindValue(m_leaseMs);
        query.addBindValue(name);
        query.addBindValue(m_owner);
        if (!query.exec())
            return {};
        result.insert(name, query.numRowsAffected() == 1);
    }
    if (!transaction.commit())
        return {};
    return result;
}

// Called with the mutex held.
void LeaseHeartbeat::report(const QHash<QString, LeaseState::Lease> &snapshot, const QHash<QString, bool> &renewed,
                            const QElapsedTimer &started)
{
    for (auto it = snapshot.cbegin(); it != snapshot.cend(); ++it) {
        auto current = m_state->leases.find(it.key());
        if (current == m_state->leases.end() || current->serial != it->serial)
            continue; // released (or released and taken again) meanwhile
        QString reason;
        if (renewed.value(it.key(), false))
            current->renewed = started;
        else if (renewed.contains(it.key()))
            reason = tr("the lease expired and was taken over");
        else if (current->renewed.hasExpired(m_leaseMs))
            reason = tr("the lease could not be renewed for %1 ms").arg(m_leaseMs);
        if (reason.isEmpty())
            continue;
        m_state->leases.erase(current);
        if (m_lost)
            m_lost(it.key(), reason);
    }
}

} // namespace Concord
