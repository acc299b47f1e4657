// SPDX-License-Identifier: MIT
// SPDX-FileCopyrightText: 2026 Concord developers
#include "job.h"

#include <core/db/transaction.h>
#include <core/errors.h>
#include <core/locks/advisorylock.h>

#include <QCoreApplication>
#include <QScopeGuard>
#include <QThread>

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

void Job::perform()
{
    JobResult outcome = isCancelled() ? JobResult(makeError(ErrorCode::Cancelled, tr("%1 was cancelled.").arg(description())))
                                      : lockAndWork();
    QMutexLocker locker(&m_mutex);
    m_result = outcome;
}

JobResult Job::lockAndWork()
{
    if (!m_connection.address())
        return m_connection.address().error();
    const DatabaseAddress &address = m_connection.address().value();
    AdvisoryLock::Options options;
    options.password = m_connection.password();
    const QString application = m_applicationName.isEmpty() ? QCoreApplication::applicationName() : m_applicationName;
    options.applicationName = operationApplicationName(application, description());
    options.leaseMs = m_leaseMs > 0 ? m_leaseMs : configuredLeaseMs();
    auto opened = AdvisoryLock::open(address, options);
    if (!opened)
        return opened.error();
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

    const QString name = tableLockName(table());
    const LockResult grant = m_lockTimeoutMs == 0 ? lock->tryAcquire(name, LockMode::Exclusive)
                                                  : lock->acquire(name, LockMode::Exclusive, m_lockTimeoutMs);
    if (!grant)
        return grant.error();
    LockGuard guard(lock.get(), grant.value());
    m_generation = grant.value().generation;

    const QString connectionName = connectionNameFor(u"job-%1"_s.arg(quintptr(this), 0, 16));
    JobResult outcome = [&]() -> JobResult {
        OpenOptions openOptions;
        openOptions.applicationName = options.applicationName.left(63); // PostgreSQL's limit
        openOptions.password = m_connection.password();
        auto db = openDatabase(address, connectionName, openOptions);
        if (!db)
            return db.error();
        Context context{db.value(), lock.get(), grant.value()};
        return work(context);
    }();
    closeDatabase(connectionName);
    return outcome;
}

void Job::cancel()
{
    m_cancelled = true;
    QMutexLocker locker(&m_mutex);
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
    if (!m_queuedSignals) {
        Q_EMIT progressChanged(done, total);
        return;
    }
    QMetaObject::invokeMethod(this, [this, done, total] { Q_EMIT progressChanged(done, total); }, Qt::QueuedConnection);
}

Result<void> Job::stillLocked(const Context &context)
{
    if (context.lock && context.lock->verifyHeld(context.grant.name))
        return {};
    return makeError(ErrorCode::LockHeld,
                     tr("The lock %1 was lost before the work could be saved; nothing was written.")
                         .arg(context.grant.name));
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
