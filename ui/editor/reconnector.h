// SPDX-License-Identifier: MIT
// SPDX-FileCopyrightText: 2026 Concord developers
#pragma once

#include <core/result.h>

#include <QObject>

#include <functional>

class QTimer;

namespace Concord {

/// Tries to reconnect after the server went away, with growing pauses (0.5 s, 1 s, 2 s, ... up to
/// 30 s) so that a restarting server is not hammered and a user is not kept waiting long once it
/// is back. What reconnecting means is the owner's (the editor reopens the model and its lock
/// owner); the pending edits are never touched here.
class Reconnector : public QObject
{
    Q_OBJECT

public:
    using Attempt = std::function<Result<void>()>;

    Reconnector(Attempt attempt, QObject *parent = nullptr);

    /// Starts trying (again from the shortest pause); does nothing while already trying.
    void start();
    void stop();
    bool isActive() const;
    /// The pause before the attempt after \a failures failed ones.
    static int delayMs(int failures);

Q_SIGNALS:
    void reconnected();
    /// An attempt failed; the next one comes in \a nextInMs.
    void attemptFailed(const QString &reason, int nextInMs);

private:
    void tryOnce();

    Attempt m_attempt;
    QTimer *m_timer;
    int m_failures = 0;
};

} // namespace Concord
