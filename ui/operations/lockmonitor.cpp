// SPDX-License-Identifier: MIT
// SPDX-FileCopyrightText: 2026 Concord developers
#include "lockmonitor.h"

#include <core/jobs/job.h>

#include <QCoreApplication>
#include <QTimer>

#include <utility>

using namespace Qt::StringLiterals;

namespace Concord {

namespace {

bool sameHolders(const QList<LockHolder> &a, const QList<LockHolder> &b)
{
    if (a.size() != b.size())
        return false;
    for (qsizetype i = 0; i < a.size(); ++i) {
        const LockHolder &x = a.at(i);
        const LockHolder &y = b.at(i);
        if (x.name != y.name || x.mode != y.mode || x.generation != y.generation || x.processId != y.processId
            || x.host != y.host || x.backendPid != y.backendPid || x.application != y.application || x.since != y.since)
            return false;
    }
    return true;
}

// SQLite's leases need no server session, so an owner of its own costs nothing but a file handle.
Result<std::unique_ptr<AdvisoryLock>> openOwner(const QSqlDatabase &editing, const DatabaseAddress &address,
                                                const AdvisoryLock::Options &options)
{
    if (!isSQLite(editing))
        return AdvisoryLock::openWatcher(editing, options);
    return AdvisoryLock::open(address, options);
}

} // namespace

LockMonitor::LockMonitor(QObject *parent)
    : QObject(parent)
    , m_timer(new QTimer(this))
{
    m_timer->setInterval(2000);
    connect(m_timer, &QTimer::timeout, this, &LockMonitor::refresh);
}

LockMonitor::~LockMonitor() = default;

Result<void> LockMonitor::open(const QSqlDatabase &editing, const DatabaseAddress &address)
{
    close();
    AdvisoryLock::Options options;
    options.applicationName = applicationName();
    auto lock = openOwner(editing, address, options);
    if (!lock)
        return lock.error();
    m_lock = std::move(lock).value();
    m_lost = false;
    m_mark.clear();
    // Grants and releases are heard at once where the database says so; the poll stays for holders
    // that die without a word, and asks only for the cheap mark while nothing changed.
    m_notified = m_lock->watchChanges([this] {
        m_changed = true;
        QTimer::singleShot(0, this, &LockMonitor::refresh);
    });
    m_timer->start();
    refresh();
    return {};
}

void LockMonitor::close()
{
    m_timer->stop();
    m_lock.reset();
    m_mark.clear();
    m_changed = false;
    m_notified = false;
    if (!m_busy.isEmpty()) {
        m_busy.clear();
        emit busyTablesChanged(m_busy);
    }
    if (!m_holders.isEmpty()) {
        m_holders.clear();
        emit holdersChanged(m_holders);
    }
}

QString LockMonitor::applicationName()
{
    return u"concord"_s;
}

bool LockMonitor::isOwn(const LockHolder &holder)
{
    if (holder.processId != QCoreApplication::applicationPid() || holder.host != currentHostName())
        return false;
    // "concord" or "concord: Import into orders" (operationApplicationName()).
    const QString prefix = applicationName();
    return holder.application == prefix || holder.application.startsWith(prefix + u':');
}

void LockMonitor::setInterval(int milliseconds)
{
    m_timer->setInterval(milliseconds);
}

void LockMonitor::refresh()
{
    if (!m_lock)
        return;
    // The mark is read before the list: a change between the two shows at the next tick.
    const bool told = std::exchange(m_changed, false);
    const auto mark = m_lock->holdersMark();
    if (!told && mark && !mark.value().isEmpty() && mark.value() == m_mark)
        return; // nothing granted or given up since the last full read
    const auto held = m_lock->heldLocks();
    ++m_fullReads;
    if (!held) {
        // A busy connection: keep what was shown, try again at the next tick. A lost one: say so.
        if (!m_lost && !m_lock->isConnected()) {
            m_lost = true;
            emit connectionLost(held.error().message);
        }
        return;
    }
    const QString prefix = tableLockName(QString());
    QHash<QString, QString> busy;
    for (const LockHolder &holder : held.value()) {
        if (!holder.name.startsWith(prefix) || isOwn(holder))
            continue;
        QString &text = busy[holder.name.mid(prefix.size())];
        text += (text.isEmpty() ? QString() : u"; "_s) + holder.activityText();
    }
    m_mark = mark ? mark.value() : QString();
    if (busy != m_busy) {
        m_busy = busy;
        emit busyTablesChanged(m_busy);
    }
    if (!sameHolders(held.value(), m_holders)) {
        m_holders = held.value();
        emit holdersChanged(m_holders);
    }
}

} // namespace Concord
