// SPDX-License-Identifier: MIT
// SPDX-FileCopyrightText: 2026 Concord developers
#pragma once

#include <core/db/databaseaddress.h>
#include <core/locks/lockinfo.h>
#include <core/locks/tablelock.h>
#include <core/result.h>

#include <QMutex>
#include <QObject>
#include <QSqlDatabase>

#include <atomic>
#include <optional>

class QThread;

namespace Concord {

class Transaction;

class AdvisoryLock;

/// How a job ended: success, or an Error to switch on (LockHeld, Cancelled, InvalidValue, Sql...).
/// Subclasses keep their detailed outcome (rejected lines, conflicting rows) in a report of
/// their own, complete when finished() is emitted.
using JobResult = Result<void>;

/// Where a job connects. Both forms convert implicitly, so every job takes either:
///
///     ImportJob job(address, options);   // a DatabaseAddress: libpq finds the password
///     ImportJob job(db, options);        // an application's QSqlDatabase, password included
///
/// From a QSqlDatabase the settings (driver, database name, host, port, user, password,
/// connect options) are copied at once, in the calling thread, which must be the thread that
/// owns \a db: a QSqlDatabase may only be touched there. The job's worker then opens a
/// connection of its own with the copy (and so does its lock), so \a db may be closed or used
/// meanwhile. A connection the job cannot reproduce (another driver, an in-memory SQLite
/// database) makes the job finish with InvalidArgument, writing nothing.
class JobConnection
{
public:
    JobConnection(const DatabaseAddress &address)
        : m_address(address)
    {
    }
    JobConnection(const QSqlDatabase &db);

    /// The address, or why \a db cannot be reproduced.
    const Result<DatabaseAddress> &address() const { return m_address; }
    /// The password of the QSqlDatabase it was made from; empty for an address.
    QString password() const { return m_password; }

private:
    Result<DatabaseAddress> m_address;
    QString m_password;
};

/// Long work on one table, shaped like KJob: start(), cancel(), progressChanged(), finished().
///
/// A Job lives in the thread that created it (normally the GUI thread) and runs its work() on a
/// QThread of its own, with its own named connection opened from the JobConnection (a
/// QSqlDatabase belongs to the thread that opened it) and its own AdvisoryLock owner. Before
/// any write it takes the exclusive lock tableLockName(table()), recording description() in
/// the holder's application name (operationApplicationName()), so that other clients see
/// "Import into orders by ann@ws7 since 10:32" (LockHolder::activityText()). When the lock is
/// held the job finishes with ErrorCode::LockHeld and a message naming the holder; nothing is
/// written. The lock is released, and the connection removed, before finished() is emitted.
///
/// Signals are emitted in the job's own thread (queued from the worker), so receivers and
/// QSignalSpy need no locking. progressChanged() is throttled to about one per percent.
/// Nothing here calls processEvents() or nests an event loop: run() is the synchronous form
/// for command-line tools, which block anyway.
///
/// A Job runs once; start() or run() a second time does nothing (run() returns InvalidArgument).
class Job : public QObject
{
    Q_OBJECT

public:
    explicit Job(const JobConnection &connection, QObject *parent = nullptr);
    /// Cancels work still running and waits for its thread (the rollback is quick).
    ~Job() override;

    /// "Import into orders": shown in progress UIs and recorded with the table lock.
    virtual QString description() const = 0;
    /// The table whose lock the job takes.
    virtual QString table() const = 0;

    /// How long to wait for the table lock: 0 = one try (default), -1 = forever (cancel() still
    /// ends the wait), otherwise milliseconds. Call before start().
    void setLockTimeout(int milliseconds) { m_lockTimeoutMs = milliseconds; }
    /// SQLite lease of the job's lock (default configuredLeaseMs()). Call before start().
    void setLockLeaseMs(int milliseconds) { m_leaseMs = milliseconds; }
    /// The application part of the recorded holder (default QCoreApplication::applicationName()).
    void setApplicationName(const QString &name) { m_applicationName = name; }

    /// Runs the work on a new QThread and returns at once; finished() follows, always once.
    void start();
    /// Runs the work in the calling thread and returns its result, emitting the same signals
    /// (directly). For concordctl and tests; never call it from a GUI thread.
    JobResult run();
    /// Thread-safe and idempotent: stops a lock wait or the work at its next row. Cancelled work
    /// rolls back its transaction, so nothing is written; finished() reports Cancelled.
    void cancel();
    bool isCancelled() const { return m_cancelled.load(); }
    bool isRunning() const { return m_running.load(); }
    /// The result once finished.
    std::optional<JobResult> result() const;
    /// The fencing token of the job's table lock grant (0 before it was granted).
    qint64 generation() const { return m_generation.load(); }

Q_SIGNALS:
    /// \a done out of \a total units (rows, bytes: up to the job); total 0 means unknown.
    void progressChanged(qint64 done, qint64 total);
    void finished(const Concord::JobResult &result);

protected:
    /// What work() gets: the job's connection and its lock, held exclusively.
    struct Context
    {
        QSqlDatabase db;
        AdvisoryLock *lock = nullptr;
        LockGrant grant;
    };

    /// The work, in the job's thread (start()) or the caller's (run()). Write in one
    /// Transaction, check isCancelled() between rows and return Cancelled (the transaction's
    /// destructor rolls back), call stillLocked() before commit.
    virtual JobResult work(Context &context) = 0;

    /// Thread-safe progress report; emits progressChanged() in the job's thread when the
    /// percentage moved (and always for done == total).
    void setProgress(qint64 done, qint64 total);
    /// Fencing before a commit: an error when the lock was lost meanwhile (SQLite lease
    /// expired or taken over), in which case the work must roll back.
    static Result<void> stillLocked(const Context &context);
    /// The error of a \a transaction whose commit() failed: when its answer was lost
    /// (Transaction::isCommitUnknown()) it says that all of the work or none of it is stored
    /// (OUTCOME_UNKNOWN), never "nothing was saved".
    Error commitFailure(const Transaction &transaction) const;

private:
    void perform();
    JobResult lockAndWork();

    JobConnection m_connection;
    QString m_applicationName;
    int m_lockTimeoutMs = 0;
    int m_leaseMs = 0;
    QThread *m_thread = nullptr;
    std::atomic<bool> m_cancelled{false};
    std::atomic<bool> m_running{false};
    std::atomic<bool> m_started{false};
    std::atomic<bool> m_queuedSignals{false};
    std::atomic<qint64> m_generation{0};
    std::atomic<int> m_lastPercent{-1};
    mutable QMutex m_mutex;             ///< guards m_activeLock and m_result
    AdvisoryLock *m_activeLock = nullptr; ///< the worker's lock while it exists, for cancel()
    std::optional<JobResult> m_result;
};

} // namespace Concord

Q_DECLARE_METATYPE(Concord::JobResult)
