// SPDX-License-Identifier: MIT
// SPDX-FileCopyrightText: 2026 Concord developers
#pragma once

#include <core/db/databaseaddress.h>
#include <core/locks/lockinfo.h>
#include <core/locks/tablelock.h>
#include <core/result.h>

#include <QDeadlineTimer>
#include <QMutex>
#include <QObject>
#include <QSqlDatabase>
#include <QWaitCondition>

#include <atomic>
#include <functional>
#include <memory>
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
/// **One server connection per job on PostgreSQL** (issue #14). The job opens its connection
/// first; when it has a server session of its own (direct, or a session-mode pooler: not
/// isTransactionPooled()), the lock owner takes its session lock on that same connection
/// (AdvisoryLock::openDedicated()): the connection is the job's alone and used from one
/// thread, so the lock there excludes everyone else. The grant is recorded before work()
/// begins its transaction and released after work() ended it, so neither a rollback nor a
/// cancel undoes the holder row or the generation; the release reaches the server before the
/// connection closes. A lost connection then loses the work and the lock together, and the next
/// run opens both again. SQLite jobs (leases renewed by a heartbeat) and jobs behind a
/// transaction-mode pooler (leases, as a session lock there would not be the job's) keep the
/// two-owner design: a lock owner with a connection of its own, beside the job's.
///
/// Signals are emitted in the job's own thread (queued from the worker), so receivers and
/// QSignalSpy need no locking. progressChanged() is throttled to about one per percent.
/// Nothing here calls processEvents() or nests an event loop: run() is the synchronous form
/// for command-line tools, which block anyway.
///
/// **A lost connection** (a failover, a server restart, a network cut) does not end the job.
/// Lost before COMMIT was sent, nothing is stored: the job opens its lock and connection again
/// from the same JobConnection (a multi-host address with target_session_attrs=read-write finds
/// the new primary), takes the table lock again and runs work() again from the start, in a fresh
/// transaction, so that no row is applied twice; progress starts again from 0. Lost after
/// COMMIT was sent, the job's receipt (core/jobs/jobreceipt.h), written in the same transaction,
/// tells on a new connection whether the work is stored: then the job succeeds, with a
/// recoveryNote(); when it is not, it is certain that it never will be (the check fences the
/// receipt), so re-running cannot apply anything twice, and the job re-runs. When the receipt
/// cannot be checked within the limit, the result is the honest "all of it or none of it"
/// (commitFailure()). Attempts wait 0.5 s, 1 s, 2 s, ... (reconnectDelayMs()), each announced by
/// reconnecting(), until setReconnectLimit() has passed since the first loss; cancel() ends a
/// wait at once (Cancelled before COMMIT; after a lost answer the result stays unknown, which is
/// what is true). A failure to connect before any work ran is not a loss: it fails as before.
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
    /// How long the job keeps reconnecting after its connection was lost, counted from the first
    /// loss (default 60000 ms); 0 never reconnects. Call before start().
    void setReconnectLimit(int milliseconds) { m_reconnectLimitMs = milliseconds; }
    /// The pause before reconnecting after \a failures failed attempts (1, 2, ...): 0.5 s, 1 s,
    /// 2 s, 4 s, then 8 s each.
    static int reconnectDelayMs(int failures);

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
    /// How many times work() ran: 1, more after lost connections (0 before it ran).
    int attempts() const { return m_attempts.load(); }
    /// Empty, or what a successful job went through that a report should say ("The answer to
    /// the COMMIT was lost; the job's receipt proved the work stored."). Complete once finished.
    QString recoveryNote() const;

Q_SIGNALS:
    /// \a done out of \a total units (rows, bytes: up to the job); total 0 means unknown.
    void progressChanged(qint64 done, qint64 total);
    void finished(const Concord::JobResult &result);
    /// The connection was lost (\a reason, one line); reconnect attempt \a attempt (1, 2, ...,
    /// counted from the first loss) follows in \a nextInMs: to run the work again, or to check
    /// the receipt of a COMMIT whose answer was lost. Progress goes back to 0 (progressChanged(0,
    /// 0): unknown) and starts again when the work re-runs.
    void reconnecting(int attempt, int nextInMs, const QString &reason);

protected:
    /// What work() gets: the job's connection and its lock, held exclusively. On PostgreSQL
    /// with sessions of its own the lock lives on \a db (see the class): work() leaves it alone.
    struct Context
    {
        QSqlDatabase db;
        AdvisoryLock *lock = nullptr;
        LockGrant grant;
        /// This run's receipt (a UUID), written by commitWork(); empty when receipts cannot be
        /// used here (no right to create their table): a lost answer then stays unknown.
        QString receiptToken;
    };

    /// The work, in the job's thread (start()) or the caller's (run()). Write in one
    /// Transaction, check isCancelled() between rows and return Cancelled (the transaction's
    /// destructor rolls back), and end with commitWork(). work() may run more than once (see the
    /// class): every run starts from nothing and replaces what an earlier one reported.
    virtual JobResult work(Context &context) = 0;
    /// After a lost COMMIT answer the receipt proved the last run of work() stored: the result
    /// the job finishes with (default success). Subclasses mark their report committed here.
    virtual JobResult storedAfterLostAnswer() { return {}; }
    /// False for a job whose work commits on its own, without commitWork(): a lost connection
    /// there cannot be told from a lost COMMIT answer, so it is never re-run.
    virtual bool rerunsAfterConnectionLoss() const { return true; }

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
    /// The end of work(): stillLocked(), the receipt (when context.receiptToken is set), COMMIT.
    /// Fails with stillLocked()'s error, the receipt's, or commitFailure().
    Result<void> commitWork(const Context &context, Transaction &transaction);

private:
    enum class Loss { None, BeforeCommit, CommitAnswer };
    struct Attempt
    {
        JobResult result;
        Loss loss = Loss::None;
        QString token; ///< the receipt of the run whose COMMIT answer was lost
    };

    void perform();
    JobResult runAttempts();
    Attempt lockAndWork(bool afterLoss, const QDeadlineTimer &deadline);
    Result<QSqlDatabase> openJobConnection(const QString &connectionName) const;
    Result<std::unique_ptr<AdvisoryLock>> openJobLock(const QSqlDatabase &db) const;
    Attempt workOn(Context &context);
    Loss lossOf(const JobResult &result, const QSqlDatabase &db) const;
    std::optional<bool> checkReceipt(const QString &token, const QDeadlineTimer &deadline, int *failures,
                                     const QString &reason);
    bool pause(int failures, const QDeadlineTimer &deadline, const QString &reason);
    QString holderName() const;
    void setRecoveryNote(const QString &note);
    void emitQueued(std::function<void()> emitter);

    int m_reconnectLimitMs = 60000;
    std::atomic<int> m_attempts{0};
    bool m_commitLost = false;          ///< worker only: commitWork()'s COMMIT answer was lost
    QString m_recoveryNote;             ///< guarded by m_mutex
    QWaitCondition m_wake;              ///< cancel() ends a pause between attempts

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
    mutable QMutex m_mutex;             ///< guards m_activeLock, m_result and m_recoveryNote
    AdvisoryLock *m_activeLock = nullptr; ///< the worker's lock while it exists, for cancel()
    std::optional<JobResult> m_result;
};

} // namespace Concord

Q_DECLARE_METATYPE(Concord::JobResult)
