// SPDX-License-Identifier: MIT
// SPDX-FileCopyrightText: 2026 Concord developers
#include "advisorylock.h"

#include <core/db/catalog.h>
#include <core/db/pooling.h>
#include <core/db/transaction.h>

#include <core/locks/lockbackend.h>

#include <QCoreApplication>
#include <QSqlDatabase>
#include <QDeadlineTimer>
#include <QThread>

using namespace Qt::StringLiterals;

namespace Concord {

namespace {

// The longest a waiting acquire() sleeps without looking at cancel() and its deadline.
constexpr int sleepSliceMs = 20;

} // namespace

AdvisoryLock::AdvisoryLock(const DatabaseAddress &address, const Options &options, QObject *parent)
    : QObject(parent)
    , m_address(address)
    , m_options(options)
    , m_applicationName(options.applicationName.isEmpty() ? QCoreApplication::applicationName()
                                                          : options.applicationName)
{
}

Result<std::unique_ptr<AdvisoryLock>> AdvisoryLock::open(const DatabaseAddress &address, const Options &options,
                                                         QObject *parent)
{
    if (options.leaseMs < 300 || options.minPollMs < 1 || options.maxPollMs < options.minPollMs)
        return makeError(ErrorCode::InvalidArgument, tr("Invalid lock options."));
    std::unique_ptr<AdvisoryLock> lock(new AdvisoryLock(address, options, parent));

    const QString connectionName = connectionNameFor(u"locks"_s);
    OpenOptions openOptions;
    openOptions.applicationName = lock->m_applicationName;
    openOptions.password = options.password;
    // A writer waiting for the file must give up well within a lease, or a slow transaction
    // could make a heartbeat late enough to lose the lease.
    openOptions.busyTimeoutMs = qBound(100, options.leaseMs / 4, 5000);
    openOptions.createIfMissing = false;
    auto db = openDatabase(address, connectionName, openOptions);
    if (!db)
        return db.error();

    LockOwnerInfo owner{currentUserName(), currentHostName(), QCoreApplication::applicationPid(),
                        lock->m_applicationName};
    if (address.isSQLite())
        lock->m_backend = createSqliteLockBackend(connectionName, address, owner, options.leaseMs);
    else if (isTransactionPooled(db.value())) // no session of its own: leases (pooling.h)
        lock->m_backend = createPostgresLeaseBackend(connectionName, address, openOptions, owner, options.leaseMs);
    else
        lock->m_backend = createPostgresLockBackend(connectionName, owner, LockConnection::Owned);

    lock->forwardLostLocks();
    return lock;
}

Result<std::unique_ptr<AdvisoryLock>> AdvisoryLock::openWatcher(const QSqlDatabase &db, const Options &options,
                                                                QObject *parent)
{
    if (isSQLite(db) || !db.isOpen())
        return makeError(ErrorCode::InvalidArgument, tr("A lock watcher needs an open PostgreSQL connection."));
    auto address = DatabaseAddress::fromDatabase(db);
    if (!address)
        return address.error();
    std::unique_ptr<AdvisoryLock> lock(new AdvisoryLock(address.value(), options, parent));
    lock->m_watcher = true;
    LockOwnerInfo owner{currentUserName(), currentHostName(), QCoreApplication::applicationPid(),
                        lock->m_applicationName};
    lock->m_backend = createPostgresLockBackend(db.connectionName(), owner, LockConnection::Shared);
    lock->forwardLostLocks();
    return lock;
}

Result<std::unique_ptr<AdvisoryLock>> AdvisoryLock::openDedicated(const QSqlDatabase &db, const Options &options,
                                                                  QObject *parent)
{
    if (isSQLite(db) || !db.isOpen() || isTransactionPooled(db))
        return makeError(ErrorCode::InvalidArgument,
                         tr("A lock owner on a dedicated connection needs an open PostgreSQL connection with a "
                            "server session of its own."));
    if (options.minPollMs < 1 || options.maxPollMs < options.minPollMs)
        return makeError(ErrorCode::InvalidArgument, tr("Invalid lock options."));
    auto address = DatabaseAddress::fromDatabase(db);
    if (!address)
        return address.error();
    std::unique_ptr<AdvisoryLock> lock(new AdvisoryLock(address.value(), options, parent));
    lock->m_dedicated = true;
    LockOwnerInfo owner{currentUserName(), currentHostName(), QCoreApplication::applicationPid(),
                        lock->m_applicationName};
    lock->m_backend = createPostgresLockBackend(db.connectionName(), owner, LockConnection::Shared);
    lock->forwardLostLocks();
    return lock;
}

void AdvisoryLock::forwardLostLocks()
{
    QPointer<AdvisoryLock> self(this);
    m_backend->setLostHandler([self](const QString &name, const QString &reason) {
        // The heartbeat thread reports; the lock's own thread updates its state and signals.
        QMetaObject::invokeMethod(
            self.data(), [self, name, reason] {
                if (self)
                    self->onBackendLost(name, reason);
            },
            Qt::QueuedConnection);
    });
}

AdvisoryLock::~AdvisoryLock()
{
    releaseAll();
    m_backend.reset();
}

// The bookkeeping tables are made by the first acquisition, not by open(): opening a database
// to look at it (and at who holds what) must write nothing.
Result<void> AdvisoryLock::ensurePrepared()
{
    if (m_prepared)
        return {};
    if (auto prepared = m_backend->prepare(); !prepared)
        return prepared;
    m_prepared = true;
    return {};
}

// Whether any lock was ever taken in this database. A lookup that fails is an error, never
// "no": a dead connection must not read as "nobody holds anything" (a save would then write
// into a running import).
Result<bool> AdvisoryLock::hasBookkeeping()
{
    if (m_prepared)
        return true;
    const auto exists = concordTableExists(QSqlDatabase::database(m_backend->connectionName(), false), u"concord_lock_names"_s);
    if (!exists)
        return makeError(exists.error().code, tr("Cannot read the lock holders: %1").arg(exists.error().message),
                         exists.error().sqlError);
    m_prepared = exists.value();
    return m_prepared;
}

LockResult AdvisoryLock::acquireOnce(const QString &name, LockMode mode)
{
    if (m_watcher)
        return LockResult(makeError(ErrorCode::InvalidArgument, tr("A lock watcher takes no locks (%1).").arg(name)));
    if (auto prepared = ensurePrepared(); !prepared)
        return LockResult(prepared.error());
    if (m_held.contains(name) && !m_backend->stillHeld(name, 0))
        onBackendLost(name, tr("the lock was lost"));
    if (auto it = m_held.find(name); it != m_held.end()) {
        if (it->grant.mode != mode) {
            return LockResult(makeError(ErrorCode::InvalidArgument,
                                        tr("Lock %1 is already held here in %2 mode; it cannot be changed to %3.")
                                            .arg(name, lockModeName(it->grant.mode), lockModeName(mode))));
        }
        ++it->depth;
        LockGrant grant = it->grant;
        grant.depth = it->depth;
        return grant;
    }
    if (m_dedicated && Transaction::isOpenOn(QSqlDatabase::database(m_backend->connectionName(), false))) {
        // A rollback would undo the generation and the holder row; the session lock would stay.
        return LockResult(makeError(ErrorCode::InvalidArgument,
                                    tr("Lock %1 cannot be taken inside a transaction on its own connection.").arg(name)));
    }
    LockResult result = m_backend->tryLock(name, mode);
    if (result)
        m_held.insert(name, Held{result.value(), 1});
    return result;
}

LockResult AdvisoryLock::tryAcquire(const QString &name, LockMode mode)
{
    if (name.isEmpty())
        return LockResult(makeError(ErrorCode::InvalidArgument, tr("A lock needs a name.")));
    return acquireOnce(name, mode);
}

LockResult AdvisoryLock::acquire(const QString &name, LockMode mode, int timeoutMs)
{
    if (name.isEmpty())
        return LockResult(makeError(ErrorCode::InvalidArgument, tr("A lock needs a name.")));
    const QDeadlineTimer deadline = timeoutMs < 0 ? QDeadlineTimer(QDeadlineTimer::Forever)
                                                  : QDeadlineTimer(timeoutMs);
    int pauseMs = m_options.minPollMs;
    for (;;) {
        if (isCancelled())
            return LockResult(makeError(ErrorCode::Cancelled, tr("Waiting for lock %1 was cancelled.").arg(name)));
        LockResult result = acquireOnce(name, mode);
        if (result || result.error().code != ErrorCode::LockHeld || deadline.hasExpired())
            return result;
        // Sleep in short slices so that cancel() and the deadline are noticed quickly.
        const QDeadlineTimer pause(pauseMs);
        while (!pause.hasExpired() && !deadline.hasExpired() && !isCancelled())
            QThread::msleep(static_cast<unsigned long>(qBound(qint64(1), pause.remainingTime(), qint64(sleepSliceMs))));
        pauseMs = qMin(pauseMs * 2, m_options.maxPollMs);
    }
}

void AdvisoryLock::cancel()
{
    m_cancelled.store(true);
}

void AdvisoryLock::resetCancellation()
{
    m_cancelled.store(false);
}

bool AdvisoryLock::isCancelled() const
{
    return m_cancelled.load();
}

Result<void> AdvisoryLock::release(const QString &name)
{
    auto it = m_held.find(name);
    if (it == m_held.end())
        return makeError(ErrorCode::InvalidArgument, tr("Lock %1 is not held here.").arg(name));
    if (--it->depth > 0)
        return {};
    const LockMode mode = it->grant.mode;
    m_held.erase(it);
    return m_backend->unlock(name, mode);
}

void AdvisoryLock::releaseAll()
{
    const QList<QString> names = m_held.keys();
    for (const QString &name : names) {
        const LockMode mode = m_held.value(name).grant.mode;
        m_held.remove(name);
        m_backend->unlock(name, mode);
    }
}

bool AdvisoryLock::isHeld(const QString &name) const
{
    return m_held.contains(name) && m_backend->stillHeld(name, heldCheckIntervalMs);
}

bool AdvisoryLock::isConnected() const
{
    return isConnectionAlive(QSqlDatabase::database(m_backend->connectionName(), false));
}

bool AdvisoryLock::verifyHeld(const QString &name) const
{
    return m_held.contains(name) && m_backend->stillHeld(name, 0);
}

int AdvisoryLock::depth(const QString &name) const
{
    return m_held.value(name).depth;
}

std::optional<LockGrant> AdvisoryLock::grant(const QString &name) const
{
    const auto it = m_held.constFind(name);
    if (it == m_held.cend())
        return std::nullopt;
    LockGrant grant = it->grant;
    grant.depth = it->depth;
    return grant;
}

Result<QList<LockHolder>> AdvisoryLock::holders(const QString &name)
{
    if (name.isEmpty())
        return makeError(ErrorCode::InvalidArgument, tr("A lock needs a name."));
    const auto bookkeeping = hasBookkeeping();
    if (!bookkeeping)
        return bookkeeping.error();
    if (!bookkeeping.value())
        return QList<LockHolder>(); // no lock was ever taken here
    return m_backend->holders(name);
}

Result<QList<LockHolder>> AdvisoryLock::heldLocks()
{
    const auto bookkeeping = hasBookkeeping();
    if (!bookkeeping)
        return bookkeeping.error();
    if (!bookkeeping.value())
        return QList<LockHolder>();
    return m_backend->holders({});
}

Result<qint64> AdvisoryLock::currentGeneration(const QString &name)
{
    const auto bookkeeping = hasBookkeeping();
    if (!bookkeeping)
        return bookkeeping.error();
    if (!bookkeeping.value())
        return qint64(0);
    return m_backend->currentGeneration(name);
}

Result<QString> AdvisoryLock::holdersMark()
{
    return m_backend->holdersMark();
}

bool AdvisoryLock::watchChanges(std::function<void()> onChange)
{
    return m_backend->watchChanges(std::move(onChange));
}

void AdvisoryLock::onBackendLost(const QString &name, const QString &reason)
{
    if (m_held.remove(name) > 0)
        Q_EMIT lockLost(name, reason);
}

LockGuard::LockGuard(AdvisoryLock *lock, const LockGrant &grant)
    : m_lock(lock)
    , m_grant(grant)
    , m_active(lock != nullptr)
{
}

LockGuard::~LockGuard()
{
    release();
}

LockGuard::LockGuard(LockGuard &&other) noexcept
    : m_lock(std::move(other.m_lock))
    , m_grant(std::move(other.m_grant))
    , m_active(std::exchange(other.m_active, false))
{
}

LockGuard &LockGuard::operator=(LockGuard &&other) noexcept
{
    if (this != &other) {
        release();
        m_lock = std::move(other.m_lock);
        m_grant = std::move(other.m_grant);
        m_active = std::exchange(other.m_active, false);
    }
    return *this;
}

bool LockGuard::isLocked() const
{
    return m_active && m_lock && m_lock->isHeld(m_grant.name);
}

Result<void> LockGuard::release()
{
    if (!std::exchange(m_active, false) || !m_lock)
        return {};
    return m_lock->release(m_grant.name);
}

} // namespace Concord
