// SPDX-License-Identifier: MIT
// SPDX-FileCopyrightText: 2026 Concord developers
#include "reconnector.h"

#include <QTimer>

namespace Concord {

Reconnector::Reconnector(Attempt attempt, QObject *parent)
    : QObject(parent)
    , m_attempt(std::move(attempt))
    , m_timer(new QTimer(this))
{
    m_timer->setSingleShot(true);
    connect(m_timer, &QTimer::timeout, this, &Reconnector::tryOnce);
}

int Reconnector::delayMs(int failures)
{
    return qMin(30000, 500 << qMin(failures, 6));
}

void Reconnector::start()
{
    if (isActive())
        return;
    m_failures = 0;
    m_timer->start(delayMs(0));
}

void Reconnector::stop()
{
    m_timer->stop();
}

bool Reconnector::isActive() const
{
    return m_timer->isActive();
}

void Reconnector::tryOnce()
{
    const Result<void> result = m_attempt();
    if (result) {
        emit reconnected();
        return;
    }
    ++m_failures;
    const int next = delayMs(m_failures);
    m_timer->start(next);
    emit attemptFailed(result.error().message, next);
}

} // namespace Concord
