// SPDX-License-Identifier: MIT
// SPDX-FileCopyrightText: 2026 Concord developers
#include "job.h"

#include <core/db/pooling.h>
#include <core/db/transaction.h>
#include <core/errors.h>
#include <core/jobs/jobreceipt.h>
#include <core/locks/advisorylock.h>

#include <QCoreApplication>
#include <QScopeGuard>
#include <QThread>
#include <QUuid>

using namespace Qt::StringLiterals;

namespace Concord {

JobConnection::JobConnection(const QSqlDatabase &db)
    : m_address(DatabaseAddress::fromDatabase(db))
    , m_password(db.password())
{
    // The job's connections carry its own application_name ("concord: Import into orders"),
    // which is how other clients see who holds the table.
    if (m_address)
        m_address.value().options.remove(u"application_name"_s);
}

Job::Job(const JobConnection &connection, QObject *parent)
    : QObject(parent)
    , m_connection(connection)
{
    qRegisterMetaType<JobResult>();
}

Job::~Job()
{
    if (m_thread) {
        cancel();
        m_thread->wait();
        delete m_thread;
    }
}

void Job::start()
{
    if (m_started.exchange(true))
        return;
    m_queuedSignals = true;
    m_running = true;
    m_thread = QThread::create([this] { perform(); });
    m_thread->setObjectName(u"concord-job"_s);
    // QThread::finished arrives after every progress report the worker queued before it.
    connect(m_thread, &QThread::finished, this, [this] {
        m_thread->deleteLater();
        m_thread = nullptr;
        const std::optional<JobResult> outcome = result();
        m_running = false;
        Q_EMIT finished(outcome.value_or(JobResult(makeError(ErrorCode::Cancelled, tr("The job did not run.")))));
    });
    m_thread->start();
}

JobResult Job::run()
{
    if (m_started.exchange(true))
        return makeError(ErrorCode::InvalidArgument, tr("A job runs only once."));
    m_running = true;
    perform();
    m_running = false;
    const JobResult outcome = *result();
    Q_EMIT finished(outcome);
    return outcome;
}

namespace {

// What a failure to reach the database looks like, before any work ran.
bool isUnreachable(const Error &error)
{
    return error.code == ErrorCode::ConnectionFailed || isConnectionLost(error.sqlError);
}

} // namespace

int Job::reconnectDelayMs(int failures)
{
    return 500 << qBound(0, failures - 1, 4);
}

QString Job::recoveryNote() const
{
    QMutexLocker locker(&m_mutex);
    return m_recoveryNote;
}

void Job::setRecoveryNote(const QString &note)
{
    QMutexLocker locker(&m_mutex);
    m_recoveryNote = note;
}

void Job::perform()
{
    JobResult outcome = isCancelled() ? JobResult(makeError(ErrorCode::Cancelled, tr("%1 was cancelled.").arg(description())))
                                      : runAttempts();
    QMutexLocker locker(&m_mutex);
    m_result = outcome;
}

// One run after another until one ends without a lost connection (see the class documentation).
JobResult Job::runAttempts()
{
    QDeadlineTimer deadline(QDeadlineTimer::Forever); // set at the first loss
    int failures = 0;
    for (bool afterLoss = false;; afterLoss = true) {
        Attempt attempt = lockAndWork(afterLoss, deadline);
        if (attempt.loss == Loss::None && attempt.result && m_attempts > 1) {
            setRecoveryNote(tr("%1 lost its connection to the database and ran again from the start (%2 runs in all); "
                               "its work is stored once.")
                                .arg(description())
                                .arg(m_attempts.load()));
        }
        if (attempt.loss == Loss::None || !rerunsAfterConnectionLoss() || m_reconnectLimitMs <= 0)
            return attempt.result;
        if (failures == 0)
            deadline.setRemainingTime(m_reconnectLimitMs);
        const QString reason = attempt.result.error().message.simplified();
        if (attempt.loss == Loss::CommitAnswer) {
            const std::optional<bool> stored = checkReceipt(attempt.token, deadline, &failures, reason);
            if (!stored)
                return attempt.result; // all of it or none of it: the honest message stands
            if (*stored) {
                setRecoveryNote(tr("The answer to the COMMIT of %1 was lost; its receipt proved the work stored.")
                                    .arg(description()));
                return storedAfterLostAnswer();
            }
            // Not stored, and fenced so that it never will be: running again applies it once.
        }
        if (!pause(++failures, deadline, reason)) {
            if (isCancelled())
                return makeError(ErrorCode::Cancelled, tr("%1 was cancelled; nothing was written.").arg(description()));
            return makeError(ErrorCode::ConnectionFailed,
                             tr("%1 lost its connection to the database and could not run again within %2 s; "
                                "nothing was written (%3)")
                                 .arg(description())
                                 .arg(m_reconnectLimitMs / 1000.0)
                                 .arg(reason),
                             attempt.result.error().sqlError);
        }
    }
}

// False when the wait was cancelled or would end after the deadline.
bool Job::pause(int failures, const QDeadlineTimer &deadline, const QString &reason)
{
    const int delay = reconnectDelayMs(failures);
    if (isCancelled() || deadline.remainingTime() < delay)
        return false;
    m_lastPercent = -1;
    emitQueued([this] { Q_EMIT progressChanged(0, 0); });
    emitQueued([this, failures, delay, reason] { Q_EMIT reconnecting(failures, delay, reason); });
    QMutexLocker locker(&m_mutex);
    if (!isCancelled())
        m_wake.wait(&m_mutex, QDeadlineTimer(delay));
    return !isCancelled();
}

// The receipt of the run whose COMMIT answer was lost, checked on new connections until the
// deadline: true stored, false not stored (and fenced), nullopt unknown (deadline, cancel()).
std::optional<bool> Job::checkReceipt(const QString &token, const QDeadlineTimer &deadline, int *failures,
                                      const QString &reason)
{
    const QString connectionName = connectionNameFor(u"job-check-%1"_s.arg(quintptr(this), 0, 16));
    OpenOptions options;
    options.applicationName = holderName().left(63);
    options.password = m_connection.password();
    while (pause(++*failures, deadline, reason)) {
        std::optional<bool> stored;
        if (auto db = openDatabase(m_connection.address().value(), connectionName, options)) {
            // Wait for a session still holding the receipt, but not past the deadline.
            const int waitMs = int(qBound(qint64(100), deadline.remainingTime(), qint64(5000)));
            if (const auto found = JobReceipts::resolve(db.value(), token, table(), waitMs))
                stored = found.value() == JobReceipts::Found::Stored;
        }
        closeDatabase(connectionName);
        if (stored)
            return stored;
    }
    return std::nullopt;
}

QString Job::holderName() const
{
    const QString application = m_applicationName.isEmpty() ? QCoreApplication::applicationName() : m_applicationName;
    return operationApplicationName(application, description());
}

// One run: the job's connection, its lock owner, the table lock, then work() on that connection.
Job::Attempt Job::lockAndWork(bool afterLoss, const QDeadlineTimer &deadline)
{
    if (!m_connection.address())
        return {m_connection.address().error(), Loss::None, {}};
    // Failing to connect is a loss only once the job lost a connection: a server down at the
    // start fails the job at once, as before.
    const auto failed = [afterLoss](const Error &error) {
        return Attempt{error, afterLoss && isUnreachable(error) ? Loss::BeforeCommit : Loss::None, {}};
    };
    const QString connectionName = connectionNameFor(u"job-%1"_s.arg(quintptr(this), 0, 16));
    Context context;
    // Declared before the lock, so that it runs after the lock is released and destroyed: a
    // dedicated lock owner lives on this connection, and its release must reach the server.
    const auto close = qScopeGuard([&] {
        context.db = {};
        closeDatabase(connectionName);
    });
    if (auto db = openJobConnection(connectionName))
        context.db = db.value();
    else
        return failed(db.error());

    auto opened = openJobLock(context.db);
    if (!opened) // a lock connection of its own: the job's came through a moment ago
        return {opened.error(), isUnreachable(opened.error()) ? Loss::BeforeCommit : Loss::None, {}};
    const std::unique_ptr<AdvisoryLock> lock = std::move(opened).value();
    {
        QMutexLocker locker(&m_mutex);
        m_activeLock = lock.get();
        if (isCancelled()) // a cancel() that came before m_activeLock was set
            lock->cancel();
    }
    const auto forgetLock = qScopeGuard([this] {
        QMutexLocker locker(&m_mutex);
        m_activeLock = nullptr;
    });

    // After a loss the server may not yet have ended the old session holding the lock: wait
    // for it up to the deadline.
    int lockWaitMs = m_lockTimeoutMs;
    if (afterLoss && lockWaitMs >= 0)
        lockWaitMs = int(qMax(qint64(lockWaitMs), qMax(qint64(1), deadline.remainingTime())));
    const QString name = tableLockName(table());
    const LockResult grant = lockWaitMs == 0 ? lock->tryAcquire(name, LockMode::Exclusive)
                                             : lock->acquire(name, LockMode::Exclusive, lockWaitMs);
    if (!grant)
        return failed(grant.error());
    // Released when this returns, after work() ended its transaction: the release is not undone
    // by a rollback, and reaches the server before the connection closes.
    LockGuard guard(lock.get(), grant.value());
    m_generation = grant.value().generation;
    context.lock = lock.get();
    context.grant = grant.value();
    return workOn(context);
}

// The job's connection, carrying holderName() as its application name (how other clients see
// who holds the table, also when the lock lives on it).
Result<QSqlDatabase> Job::openJobConnection(const QString &connectionName) const
{
    OpenOptions openOptions;
    openOptions.applicationName = holderName().left(63); // PostgreSQL's limit
    openOptions.password = m_connection.password();
    return openDatabase(m_connection.address().value(), connectionName, openOptions);
}

// The job's lock owner. On PostgreSQL with a session of its own, the job's connection \a db
// (dedicated to the job, used from one thread) holds the session lock too: one server connection
// per job. SQLite (leases and their heartbeat) and a transaction-pooled connection (leases,
// renewed on a connection of their own) keep an owner with a connection of its own.
Result<std::unique_ptr<AdvisoryLock>> Job::openJobLock(const QSqlDatabase &db) const
{
    AdvisoryLock::Options options;
    options.password = m_connection.password();
    options.applicationName = holderName();
    options.leaseMs = m_leaseMs > 0 ? m_leaseMs : configuredLeaseMs();
    if (!isSQLite(db) && !isTransactionPooled(db))
        return AdvisoryLock::openDedicated(db, options);
    return AdvisoryLock::open(m_connection.address().value(), options);
}

// Runs work() once on the job's connection, with a receipt of its own.
Job::Attempt Job::workOn(Context &context)
{
    if (rerunsAfterConnectionLoss()) {
        // Without the right to create the receipts' table the job runs as before: a lost answer
        // then stays unknown. A connection lost here lost nothing yet.
        if (const auto prepared = JobReceipts::prepare(context.db))
            context.receiptToken = QUuid::createUuid().toString(QUuid::WithoutBraces);
        else if (isConnectionLost(prepared.error().sqlError))
            return {prepared.error(), Loss::BeforeCommit, {}};
    }
    m_commitLost = false;
    ++m_attempts;
    JobResult result = work(context);
    const Loss loss = m_commitLost ? Loss::CommitAnswer : lossOf(result, context.db);
    return {result, loss, context.receiptToken};
}

// Whether a failed run lost its connection before COMMIT: then nothing is stored.
Job::Loss Job::lossOf(const JobResult &result, const QSqlDatabase &db) const
{
    if (result || result.error().code == ErrorCode::Cancelled)
        return Loss::None;
    const Error &error = result.error();
    if (isOutcomeUnknown(error.sqlError))
        return Loss::None; // a COMMIT sent without commitWork(): never run twice
    // Subclasses word a failed row their own way ("Line 7 was rejected"); the connection tells.
    if (isUnreachable(error) || !isConnectionAlive(db))
        return Loss::BeforeCommit;
    return Loss::None;
}

void Job::cancel()
{
    m_cancelled = true;
    QMutexLocker locker(&m_mutex);
    m_wake.wakeAll();
    if (m_activeLock)
        m_activeLock->cancel();
}

std::optional<JobResult> Job::result() const
{
    QMutexLocker locker(&m_mutex);
    return m_result;
}

void Job::setProgress(qint64 done, qint64 total)
{
    const int percent = total > 0 ? int(qBound(qint64(0), done * 100 / total, qint64(100))) : -1;
    if (m_lastPercent.exchange(percent) == percent && done != total && percent >= 0)
        return;
    emitQueued([this, done, total] { Q_EMIT progressChanged(done, total); });
}

// In the job's own thread: queued from a worker (start()), direct under run().
void Job::emitQueued(std::function<void()> emitter)
{
    if (!m_queuedSignals) {
        emitter();
        return;
    }
    QMetaObject::invokeMethod(this, std::move(emitter), Qt::QueuedConnection);
}

Result<void> Job::stillLocked(const Context &context)
{
    if (context.lock && context.lock->verifyHeld(context.grant.name))
        return {};
    return makeError(ErrorCode::LockHeld,
                     tr("The lock %1 was lost before the work could be saved; nothing was written.")
                         .arg(context.grant.name));
}

Result<void> Job::commitWork(const Context &context, Transaction &transaction)
{
    if (auto locked = stillLocked(context); !locked)
        return locked;
    if (!context.receiptToken.isEmpty()) {
        if (auto written = JobReceipts::write(context.db, context.receiptToken, table(), description()); !written)
            return written;
    }
    if (transaction.commit())
        return {};
    m_commitLost = transaction.isCommitUnknown() && !context.receiptToken.isEmpty();
    return commitFailure(transaction);
}

Error Job::commitFailure(const Transaction &transaction) const
{
    const QSqlError error = transaction.lastError();
    if (!transaction.isCommitUnknown())
        return makeError(ErrorCode::Sql, error.text(), error);
    const QString message = QCoreApplication::translate("Concord::Job",
                                                        "The connection to the database was lost after %1 sent its "
                                                        "COMMIT and before the server answered: all of it or none of it "
                                                        "is stored. Look at the table before running it again (%2).")
                                .arg(description(), error.text().simplified());
    return makeError(ErrorCode::Sql, message, concordSqlError(message, QSqlError::ConnectionError, NativeError::OutcomeUnknown));
}

} // namespace Concord
