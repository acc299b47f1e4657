// SPDX-License-Identifier: MIT
// SPDX-FileCopyrightText: 2026 Concord developers
#pragma once

#include <core/db/databaseaddress.h>
#include <core/locks/lockinfo.h>

#include <QHash>
#include <QObject>
#include <QPointer>

#include <atomic>
#include <memory>

namespace Concord {

class LockBackend;

/// Named advisory locks shared by every client of one database: a bulk import, a bulk edit or
/// `concordctl lock NAME -- CMD` takes one so that the work runs alone.
///
/// An AdvisoryLock is one *owner*. It opens its own connection from a DatabaseAddress (never a
/// pooled or shared one), or takes its locks on a PostgreSQL connection its caller dedicates to
/// it (openDedicated(): a job's connection), and lives in the thread that created it; call it
/// from that thread only, except cancel(), which any thread may call.
///
/// **Backends.** PostgreSQL: session advisory locks (pg_try_advisory_lock[_shared]) on the
/// dedicated connection, whose application_name is Options::applicationName; the key is
/// advisoryLockKey(name). Names, generations and holders are recorded in `concord_lock_names`
/// and `concord_lock_holders`. A holder that dies loses its locks with its session, at once.
/// SQLite: leases in `concord_locks`, taken and released in short BEGIN IMMEDIATE transactions
/// and renewed by a heartbeat thread of this object; expiry is judged by the clock of the
/// machine holding the file (julianday('now') inside each statement), never by a time a client
/// computed. A holder that dies blocks others until its lease runs out (Options::leaseMs); a
/// holder whose heartbeat fails for a whole lease, or whose lease was taken over, emits
/// lockLost() and no longer holds the lock. Both backends hide their tables from users
/// (isConcordTable()).
///
/// **Reentrancy: acquisitions stack per owner.** Acquiring a name this AdvisoryLock already
/// holds, in the same mode, succeeds at once with the same generation and depth + 1; the lock is
/// given up when release() was called as often. Acquiring it in the other mode fails with
/// InvalidArgument (no upgrades: two upgrading shared holders would wait for each other forever).
/// Two AdvisoryLock objects are two owners, also in one process: they exclude each other exactly
/// like two processes, so a background job with its own AdvisoryLock is kept out by the editor's.
///
/// **Failure is a value.** A lock held by someone else is LockResult with ErrorCode::LockHeld, a
/// message naming the holders and LockResult::holders(). A waiting acquire() ends with
/// LockHeld when the timeout passes and Cancelled after cancel(). On PostgreSQL a name whose key
/// is already recorded for another name (a hash collision) is InvalidArgument naming both, and
/// is never taken. Database trouble is Sql.
///
/// **For wrappers** (`concordctl lock NAME --abort|--block [--timeout S] -- CMD`): tryAcquire()
/// or acquire(name, mode, seconds * 1000), print LockResult's error message (it names the
/// holder) and exit 4 on LockHeld; hand LockGrant::generation to the command; cancel() from a
/// signal-handling thread ends a --block wait. `concordctl locks [--json]` is heldLocks() with
/// LockHolder::description() or LockHolder::toJson().
///
/// **A lost session is a lost lock.** On PostgreSQL a server restart, pg_terminate_backend() or a
/// network cut frees the session's locks for others. isHeld() asks the server (at most every
/// heldCheckIntervalMs) and verifyHeld() asks now; the first failed answer emits lockLost() and
/// the name stays lost for this owner.
class AdvisoryLock : public QObject
{
    Q_OBJECT

public:
    struct Options
    {
        /// Shown to others as the holder's application; PostgreSQL application_name of the
        /// lock connection. Empty = QCoreApplication::applicationName().
        QString applicationName;
        /// PostgreSQL: the password of the lock connection, kept in memory only. Empty = let
        /// libpq find one (PGPASSWORD, ~/.pgpass).
        QString password;
        /// SQLite: how long a lease lasts without renewal, i.e. how long a crashed holder can
        /// block others. Renewed every leaseMs / 3.
        int leaseMs = 30000;
        /// Waiting acquire(): first and largest pause between two attempts (doubling backoff).
        int minPollMs = 10;
        int maxPollMs = 250;
    };

    /// Opens the lock connection. The bookkeeping tables are created by the first acquisition,
    /// so that opening (and listing holders) writes nothing to the database.
    /// Fails with the errors of openDatabase(), or Sql when the tables cannot be created.
    static Result<std::unique_ptr<AdvisoryLock>> open(const DatabaseAddress &address, const Options &options,
                                                      QObject *parent = nullptr);
    static Result<std::unique_ptr<AdvisoryLock>> open(const DatabaseAddress &address)
    {
        return open(address, Options{});
    }

    /// An owner that only watches, on \a db, a PostgreSQL connection the caller opened and keeps
    /// (an editor's own connection): holders(), heldLocks(), holdersMark(), watchChanges() and
    /// isConnected() work as on an owner of its own, with no connection more. It takes no lock:
    /// tryAcquire() and acquire() fail with InvalidArgument, because a session lock taken in a
    /// session another owner shares would not keep that owner out. Destroying it leaves \a db
    /// open and stops listening. InvalidArgument for a SQLite or closed connection.
    static Result<std::unique_ptr<AdvisoryLock>> openWatcher(const QSqlDatabase &db, const Options &options,
                                                             QObject *parent = nullptr);
    /// True for an owner made by openWatcher().
    bool isWatcher() const { return m_watcher; }

    /// An owner that takes its session locks on \a db, a PostgreSQL connection with a server
    /// session of its own (not transaction-pooled, pooling.h) that the caller opened and dedicates
    /// to this owner: used from this owner's thread only and by no other owner, so that a lock
    /// taken in its session keeps everyone else out. The caller may run its own statements on
    /// \a db while holding the lock (a job's work): one server connection does both.
    ///
    /// The grant's bookkeeping (generation, holder row) is written by the statements of
    /// tryAcquire() and acquire() when they run, so a first acquisition inside an open
    /// Transaction on \a db is refused with InvalidArgument: a rollback would undo the record
    /// while the session lock stayed. Release outside a transaction too, for the same reason.
    /// Destroying it releases what it still holds and leaves \a db open: close \a db only after.
    /// InvalidArgument for a SQLite, closed or transaction-pooled connection (the caller then
    /// opens an owner of its own with open()).
    static Result<std::unique_ptr<AdvisoryLock>> openDedicated(const QSqlDatabase &db, const Options &options,
                                                               QObject *parent = nullptr);
    /// True for an owner made by openDedicated().
    bool isDedicated() const { return m_dedicated; }

    /// Releases everything still held and closes the connection (one of its own: open()).
    ~AdvisoryLock() override;

    /// One attempt, never waits (flock -n).
    LockResult tryAcquire(const QString &name, LockMode mode = LockMode::Exclusive);
    /// Waits until the lock is granted, at most \a timeoutMs (-1: forever), polling with backoff
    /// (flock -w). Fails with LockHeld and the holders at the timeout, Cancelled after cancel().
    LockResult acquire(const QString &name, LockMode mode = LockMode::Exclusive, int timeoutMs = -1);

    /// Thread-safe: makes the acquire() waiting now, and every later one, return Cancelled until
    /// resetCancellation(). Sticky so that a cancel arriving just before a wait is not lost.
    void cancel();
    void resetCancellation();
    bool isCancelled() const;

    /// Gives up one acquisition of \a name (see reentrancy above). InvalidArgument when this
    /// owner does not hold it (also after lockLost()); NotFound when the SQLite lease turned out
    /// to be lost already.
    Result<void> release(const QString &name);
    /// Releases every name this owner holds, whatever the depth.
    void releaseAll();

    /// True while this owner holds \a name (false once lockLost() was emitted for it). On
    /// PostgreSQL the server is asked at most every heldCheckIntervalMs whether the lock's
    /// session still holds it; a dead session makes this false and emits lockLost() (queued).
    bool isHeld(const QString &name) const;
    /// isHeld() asking the database now, whatever the last answer: the fencing check before a
    /// commit made under the lock.
    bool verifyHeld(const QString &name) const;
    /// False when the lock's own connection is gone (isConnectionAlive()): a new owner must be
    /// opened, and every lock of this one counts as lost.
    bool isConnected() const;
    /// How old an isHeld() answer may be on PostgreSQL.
    static constexpr int heldCheckIntervalMs = 200;
    /// Nesting depth of this owner's hold on \a name; 0 when not held.
    int depth(const QString &name) const;
    /// This owner's grant of \a name, if held.
    std::optional<LockGrant> grant(const QString &name) const;

    /// Everyone holding \a name now, this owner included; empty when free.
    Result<QList<LockHolder>> holders(const QString &name);
    /// Every lock held on this database, sorted by name (`concordctl locks`).
    Result<QList<LockHolder>> heldLocks();
    /// The newest generation granted for \a name (0 if never), for fencing checks by writers.
    Result<qint64> currentGeneration(const QString &name);
    /// A short text that changes whenever the held locks may have changed, read by one cheap
    /// query (PostgreSQL: a digest of the granted advisory locks, no joins); empty when the
    /// backend has none (SQLite, whose holder list is one small table anyway). A watcher reads
    /// heldLocks() only when it changed.
    Result<QString> holdersMark();
    /// Calls \a onChange soon after anyone on the database takes or gives up a lock through
    /// Concord (PostgreSQL: LISTEN concord_locks, notified by every grant and release); false when
    /// the backend cannot. A holder that dies sends nothing: holdersMark() still sees it go.
    bool watchChanges(std::function<void()> onChange);

    QString applicationName() const { return m_applicationName; }
    DatabaseAddress address() const { return m_address; }

Q_SIGNALS:
    /// The lock was taken from this owner (SQLite: lease expired or taken over). Work under it
    /// must stop; its generation is stale.
    void lockLost(const QString &name, const QString &reason);

private:
    AdvisoryLock(const DatabaseAddress &address, const Options &options, QObject *parent);
    void forwardLostLocks();
    LockResult acquireOnce(const QString &name, LockMode mode);
    Result<void> ensurePrepared();
    Result<bool> hasBookkeeping();
    void onBackendLost(const QString &name, const QString &reason);

    struct Held
    {
        LockGrant grant;
        int depth = 0;
    };

    DatabaseAddress m_address;
    Options m_options;
    QString m_applicationName;
    std::unique_ptr<LockBackend> m_backend;
    bool m_prepared = false; ///< the bookkeeping tables exist
    bool m_watcher = false;  ///< openWatcher(): a shared connection, no locks taken
    bool m_dedicated = false; ///< openDedicated(): the caller's connection, locks taken there
    QHash<QString, Held> m_held;
    std::atomic<bool> m_cancelled{false};
};

/// Releases one acquisition of a lock when it goes out of scope, also on early returns:
///
///     const LockResult grant = lock->tryAcquire(u"import:orders"_s);
///     if (!grant)
///         return grant.error();          // LockHeld names the holder
///     LockGuard guard(lock.get(), grant.value());
///
/// Movable, not copyable. Harmless if the AdvisoryLock was deleted first (it released all).
class LockGuard
{
public:
    LockGuard() = default;
    LockGuard(AdvisoryLock *lock, const LockGrant &grant);
    ~LockGuard();
    LockGuard(LockGuard &&other) noexcept;
    LockGuard &operator=(LockGuard &&other) noexcept;
    LockGuard(const LockGuard &) = delete;
    LockGuard &operator=(const LockGuard &) = delete;

    /// True until release() or destruction, and while the owner still holds the lock.
    bool isLocked() const;
    const LockGrant &grant() const { return m_grant; }
    qint64 generation() const { return m_grant.generation; }
    /// Releases now instead of at destruction.
    Result<void> release();

private:
    QPointer<AdvisoryLock> m_lock;
    LockGrant m_grant;
    bool m_active = false;
};

} // namespace Concord
