// SPDX-License-Identifier: MIT
// SPDX-FileCopyrightText: 2026 Concord developers
#pragma once

#include <core/locks/lockinfo.h>

#include <QString>

#include <atomic>
#include <memory>

class QLockFile;

namespace Concord {

/// An exclusive lock for work outside any database (an export file, a folder of merge cases),
/// kept in the file `PATH.lock` beside the file it protects, built on QLockFile.
///
/// **Stale locks.** A lock file whose holder died is taken over at once when the holder ran on
/// this machine (its process id is gone, or belongs to another program, or the machine
/// rebooted). Holders on other machines cannot be checked; their lock files count as stale only
/// after setStaleLockTime() milliseconds, which is 0 (never) by default because a QLockFile is
/// never refreshed and a long, healthy hold would otherwise be broken. holder() tells who holds
/// the file, so that a user can decide to removeStaleLockFile().
///
/// **Generations.** Each grant bumps the counter in `PATH.lock.generation`, written only while the
/// lock is held, and returns it as LockGrant::generation (a fencing token, as with AdvisoryLock).
///
/// **Reentrancy:** as with AdvisoryLock, locking again through the same FileLock stacks (same
/// generation, depth + 1) and unlock() must be called as often. Two FileLock objects exclude each
/// other, also in one process. Not thread-safe, except cancel().
///
/// Do not lock a SQLite database file itself this way: POSIX locks drop when any descriptor of the
/// file closes; the lock file beside it is a different file and safe.
class FileLock
{
public:
    /// Protects \a protectedPath; the holder's application is QCoreApplication::applicationName().
    explicit FileLock(const QString &protectedPath);
    ~FileLock();
    FileLock(const FileLock &) = delete;
    FileLock &operator=(const FileLock &) = delete;

    static QString lockFilePath(const QString &protectedPath);
    QString lockFilePath() const;

    /// Age after which a lock file of another machine counts as stale; 0 = never.
    void setStaleLockTime(int ms);

    /// One attempt. LockHeld with the holder when someone else has the file; Sql is never
    /// returned, file errors are NotFound (no such folder) or InvalidArgument (no permission).
    LockResult tryLock();
    /// Waits at most \a timeoutMs (-1: forever); LockHeld at the timeout, Cancelled after cancel().
    LockResult lock(int timeoutMs = -1);
    /// Thread-safe and sticky, like AdvisoryLock::cancel().
    void cancel() { m_cancelled.store(true); }
    void resetCancellation() { m_cancelled.store(false); }

    /// Gives up one acquisition; the file is removed when the last one is gone.
    void unlock();
    bool isLocked() const { return m_depth > 0; }
    int depth() const { return m_depth; }

    /// Who holds the lock file now (this process included): NotFound when nobody does.
    /// The fields are those QLockFile records: process id, host, application; `since` is the
    /// file's modification time.
    Result<LockHolder> holder() const;
    /// Removes the lock file if it is stale by the rules above; true when it was removed.
    bool removeStaleLockFile();

private:
    qint64 bumpGeneration();

    QString m_path;
    std::unique_ptr<QLockFile> m_file;
    LockGrant m_grant;
    int m_depth = 0;
    std::atomic<bool> m_cancelled{false};
};

} // namespace Concord
