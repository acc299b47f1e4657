// SPDX-License-Identifier: MIT
// SPDX-FileCopyrightText: 2026 Concord developers
#include "lockmonitor.h"

#include <core/jobs/job.h>

#include <QTimer>

using namespace Qt::StringLiterals;

namespace Concord {

LockMonitor::LockMonitor(QObject *parent)
    : QObject(parent)
    , m_timer(new QTimer(this))
{
    m_timer->setInterval(2000);
    connect(m_timer, &QTimer::timeout, this, &LockMonitor::refresh);
}

LockMonitor::~LockMonitor() = default;

Result<void> LockMonitor::open(const DatabaseAddress &address, const QString &password)
{
    close();
    AdvisoryLock::Options options;
    options.applicationName = u"concord"_s;
    options.password = password;
    auto lock = AdvisoryLock::open(address, options);
    if (!lock)
        return lock.error();
    m_lock = std::move(lock).value();
    m_lost = false;
    m_timer->start();
    refresh();
    return {};
}

void LockMonitor::close()
{
    m_timer->stop();
    m_lock.reset();
    if (!m_busy.isEmpty()) {
        m_busy.clear();
        emit busyTablesChanged(m_busy);
    }
}

void LockMonitor::setInterval(int milliseconds)
{
    m_timer->setInterval(milliseconds);
}

void LockMonitor::refresh()
{
    if (!m_lock)
        return;
    const auto held = m_lock->heldLocks();
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
        if (!holder.name.startsWith(prefix))
            continue;
        QString &text = busy[holder.name.mid(prefix.size())];
        text += (text.isEmpty() ? QString() : u"; "_s) + holder.activityText();
    }
    if (busy != m_busy) {
        m_busy = busy;
        emit busyTablesChanged(m_busy);
    }
}

} // namespace Concord
