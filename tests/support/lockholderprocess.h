// SPDX-License-Identifier: MIT
// SPDX-FileCopyrightText: 2026 Concord developers
#pragma once

#include <QProcess>
#include <QStringList>

namespace Concord::Test {

/// Drives concord_test_lockholder (see tests/support/lockholder.cpp) from a test: start it,
/// wait for its lines, tell it to release, or kill it like a crash would.
class LockHolderProcess
{
public:
    explicit LockHolderProcess(const QString &program);
    ~LockHolderProcess();
    LockHolderProcess(const LockHolderProcess &) = delete;
    LockHolderProcess &operator=(const LockHolderProcess &) = delete;

    bool start(const QStringList &arguments);
    /// Waits for the next output line (at most \a timeoutMs) and returns it; empty on timeout.
    QString nextLine(int timeoutMs = 20000);
    /// Waits for the first line starting with "acquired", "held", "lost", "released" or "error"
    /// ("waiting" is skipped).
    QString nextOutcome(int timeoutMs = 20000);
    /// The generation of an "acquired N" line, -1 for anything else.
    static qint64 generationOf(const QString &line);

    /// Asks it to release and waits for it to end; returns its last line.
    QString release(int timeoutMs = 20000);
    /// SIGKILL, as in a crash, and waits for it to be gone.
    void kill();
    qint64 processId() const { return m_process.processId(); }
    QProcess &process() { return m_process; }

private:
    QProcess m_process;
    QString m_program;
    QStringList m_pending;
    QByteArray m_buffer;
};

} // namespace Concord::Test
