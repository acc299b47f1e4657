// SPDX-License-Identifier: MIT
// SPDX-FileCopyrightText: 2026 Concord developers
//
// concordctl lock / locks: run a command under a named advisory lock (like flock(1)), and list
// held locks.
//
// How `lock` keeps "no work without the lock":
// - SIGINT, SIGTERM and SIGHUP are blocked in every thread of concordctl (before any thread
//   exists) and taken by one signal thread: during a --block wait it cancels the wait; while the
//   command runs it forwards the signal to the command's process group.
// - The command runs in a process group of its own, with PR_SET_PDEATHSIG = SIGKILL, so even a
//   `kill -9` of concordctl kills it. Its lock goes with concordctl's session (PostgreSQL) or
//   lease (SQLite; CONCORD_LOCK_LEASE_MS shortens it).
// - If the lock is lost while the command runs (SQLite: lease taken over), the command's group is
//   terminated and concordctl exits 1.
#include <ctl/ctlcontext.h>

#include <core/text.h>

#include <core/locks/advisorylock.h>

#include <QCoreApplication>
#include <QFileInfo>
#include <QJsonArray>
#include <QJsonDocument>
#include <QProcessEnvironment>
#include <QThread>

#include <atomic>
#include <thread>

#include <csignal>
#include <cerrno>
#include <sys/prctl.h>
#include <sys/wait.h>
#include <unistd.h>

using namespace Qt::StringLiterals;

namespace Concord::Ctl {

CONCORD_TRANSLATION_CONTEXT("concordctl")

namespace {

const QCommandLineOption abortOption(u"abort"_s, u"Fail at once (exit 4, holder on stderr) when the lock is held."_s);
const QCommandLineOption blockOption(u"block"_s, u"Wait for the lock (the default)."_s);
const QCommandLineOption timeoutOption(u"timeout"_s, u"With --block: give up after SECONDS (exit 4)."_s, u"SECONDS"_s);
const QCommandLineOption sharedOption(u"shared"_s, u"Take the lock in shared mode (default: exclusive)."_s);
const QCommandLineOption jsonOption(u"json"_s, u"Print JSON instead of a table."_s);

std::unique_ptr<AdvisoryLock> openLock(Context &context, const QString &operation, int *exitCode)
{
    if (context.address.isEmpty()) {
        *exitCode = context.fail(tr("no database: give --db ADDRESS or set CONCORD_DB"), UsageError);
        return {};
    }
    auto address = DatabaseAddress::parse(context.address);
    if (!address) {
        *exitCode = context.fail(address.error().message, UsageError);
        return {};
    }
    AdvisoryLock::Options options;
    options.applicationName = operationApplicationName(u"concordctl"_s, operation);
    options.leaseMs = configuredLeaseMs();
    auto lock = AdvisoryLock::open(address.value(), options);
    if (!lock) {
        *exitCode = context.fail(lock.error().message);
        return {};
    }
    return std::move(lock).value();
}

// The signal thread: see the file comment.
class SignalForwarder
{
public:
    SignalForwarder()
    {
        sigemptyset(&m_signals);
        for (int signal : {SIGINT, SIGTERM, SIGHUP})
            sigaddset(&m_signals, signal);
        pthread_sigmask(SIG_BLOCK, &m_signals, &m_previousMask);
        m_thread = std::thread([this] { loop(); });
    }
    ~SignalForwarder()
    {
        m_stop = true;
        m_thread.join();
        pthread_sigmask(SIG_SETMASK, &m_previousMask, nullptr);
    }
    void setLock(AdvisoryLock *lock) { m_lock = lock; }
    void setChildGroup(pid_t group) { m_group = group; }
    int received() const { return m_received; }
    const sigset_t &previousMask() const { return m_previousMask; }

private:
    void loop()
    {
        const timespec tick{0, 100 * 1000 * 1000};
        while (!m_stop) {
            const int signal = sigtimedwait(&m_signals, nullptr, &tick);
            if (signal <= 0)
                continue;
            m_received = signal;
            if (const pid_t group = m_group; group > 0)
                ::kill(-group, signal);
            else if (AdvisoryLock *lock = m_lock)
                lock->cancel();
        }
    }

    sigset_t m_signals;
    sigset_t m_previousMask;
    std::thread m_thread;
    std::atomic<bool> m_stop{false};
    std::atomic<int> m_received{0};
    std::atomic<pid_t> m_group{0};
    std::atomic<AdvisoryLock *> m_lock{nullptr};
};

// Everything the child needs, prepared before fork(): after it only async-signal-safe calls.
struct ChildSetup
{
    QList<QByteArray> argumentBytes;
    QList<QByteArray> environmentBytes;
    std::vector<char *> argv;
    std::vector<char *> envp;

    ChildSetup(const QStringList &command, const LockGrant &grant)
    {
        for (const QString &argument : command)
            argumentBytes << argument.toLocal8Bit();
        QProcessEnvironment environment = QProcessEnvironment::systemEnvironment();
        // The command is the user's, not Concord's: it gets no credentials from concordctl. A
        // command that connects itself finds its password where libpq looks (~/.pgpass, PGPASSFILE).
        environment.remove(u"PGPASSWORD"_s);
        environment.insert(u"CONCORD_LOCK_GENERATION"_s, QString::number(grant.generation));
        environment.insert(u"CONCORD_LOCK_NAME"_s, grant.name);
        for (const QString &entry : environment.toStringList())
            environmentBytes << entry.toLocal8Bit();
        for (QByteArray &bytes : argumentBytes)
            argv.push_back(bytes.data());
        argv.push_back(nullptr);
        for (QByteArray &bytes : environmentBytes)
            envp.push_back(bytes.data());
        envp.push_back(nullptr);
    }
};

[[noreturn]] void execChild(ChildSetup &setup, pid_t parent, const sigset_t &mask)
{
    ::setpgid(0, 0);
    ::prctl(PR_SET_PDEATHSIG, SIGKILL);
    if (::getppid() != parent) // concordctl died before prctl() took effect
        ::_exit(128 + SIGKILL);
    for (int signal : {SIGINT, SIGTERM, SIGHUP, SIGPIPE})
        ::signal(signal, SIG_DFL);
    ::sigprocmask(SIG_SETMASK, &mask, nullptr);
    ::execvpe(setup.argv.front(), setup.argv.data(), setup.envp.data());
    const char message[] = "concordctl: cannot run the command\n";
    [[maybe_unused]] const ssize_t written = ::write(STDERR_FILENO, message, sizeof message - 1);
    ::_exit(127);
}

int exitCodeOf(int status)
{
    if (WIFEXITED(status))
        return WEXITSTATUS(status);
    if (WIFSIGNALED(status))
        return 128 + WTERMSIG(status);
    return Failure;
}

// Runs the command and waits for it, watching the lock meanwhile.
int runCommand(Context &context, AdvisoryLock &lock, SignalForwarder &forwarder, const LockGrant &grant,
               const QStringList &command)
{
    ChildSetup setup(command, grant);
    context.out.flush();
    context.err.flush();
    const pid_t parent = ::getpid();
    const pid_t child = ::fork();
    if (child < 0)
        return context.fail(tr("cannot start %1: %2").arg(command.first(), QString::fromLocal8Bit(strerror(errno))));
    if (child == 0)
        execChild(setup, parent, forwarder.previousMask());
    ::setpgid(child, child); // also here, so that a signal forwarded at once finds the group
    forwarder.setChildGroup(child);
    bool lost = false;
    for (;;) {
        int status = 0;
        const pid_t done = ::waitpid(child, &status, WNOHANG);
        if (done == child)
            return lost ? context.fail(tr("lock %1 was lost; the command was stopped").arg(grant.name))
                        : exitCodeOf(status);
        if (done < 0 && errno != EINTR)
            return context.fail(tr("lost track of the command: %1").arg(QString::fromLocal8Bit(strerror(errno))));
        if (!lost && !lock.isHeld(grant.name)) {
            lost = true; // no work goes on without the lock
            ::kill(-child, SIGTERM);
        }
        QThread::msleep(20);
    }
}

int lockCommand(Context &context, const QCommandLineParser &parser)
{
    QStringList arguments = parser.positionalArguments();
    const QString name = arguments.takeFirst();
    if (arguments.isEmpty())
        return context.fail(tr("no command: concordctl lock NAME [--abort|--block] -- COMMAND ARGS..."), UsageError);
    if (parser.isSet(abortOption) && (parser.isSet(blockOption) || parser.isSet(timeoutOption)))
        return context.fail(tr("--abort cannot be combined with --block or --timeout"), UsageError);
    int timeoutMs = -1;
    if (parser.isSet(timeoutOption)) {
        bool ok = false;
        const double seconds = parser.value(timeoutOption).toDouble(&ok);
        if (!ok || seconds < 0)
            return context.fail(tr("--timeout takes a number of seconds"), UsageError);
        timeoutMs = int(seconds * 1000);
    }

    SignalForwarder forwarder; // before any other thread exists: they inherit the blocked forwarder
    int code = Success;
    // Other users see the holder's operation: the program's name only, never its arguments, which
    // may hold anything (a --password=..., a customer's name).
    const std::unique_ptr<AdvisoryLock> lock = openLock(context, QFileInfo(arguments.first()).fileName(), &code);
    if (!lock)
        return code;
    forwarder.setLock(lock.get());
    const LockMode mode = parser.isSet(sharedOption) ? LockMode::Shared : LockMode::Exclusive;
    const LockResult grant = parser.isSet(abortOption) ? lock->tryAcquire(name, mode)
                                                       : lock->acquire(name, mode, timeoutMs);
    if (!grant) {
        const ErrorCode error = grant.error().code;
        if (error == ErrorCode::Cancelled)
            return context.fail(tr("interrupted while waiting for lock %1").arg(name), LockNotAcquired);
        return context.fail(grant.error().message, error == ErrorCode::LockHeld ? LockNotAcquired : Failure);
    }
    LockGuard guard(lock.get(), grant.value());
    if (forwarder.received() != 0) // a signal that cancelled nothing because the grant came first
        return 128 + forwarder.received();
    const int exitCode = runCommand(context, *lock, forwarder, grant.value(), arguments);
    forwarder.setChildGroup(0);
    return exitCode;
}

int locksCommand(Context &context, const QCommandLineParser &parser)
{
    int code = Success;
    const std::unique_ptr<AdvisoryLock> lock = openLock(context, u"locks"_s, &code);
    if (!lock)
        return code;
    const auto holders = lock->heldLocks();
    if (!holders)
        return context.fail(holders.error().message);
    if (parser.isSet(jsonOption)) {
        QJsonArray array;
        for (const LockHolder &holder : holders.value()) {
            QJsonObject json = holder.toJson();
            json.insert(u"activity"_s, holder.activityText());
            array.append(json);
        }
        context.out << QJsonDocument(array).toJson(QJsonDocument::Indented);
        return Success;
    }
    context.out << "NAME\tMODE\tGENERATION\tHOLDER\tPID\tAPPLICATION\tSINCE\n";
    for (const LockHolder &holder : holders.value()) {
        const QString who = holder.host.isEmpty() ? holder.user : holder.user + u'@' + holder.host;
        context.out << holder.name << '\t' << lockModeName(holder.mode) << '\t' << holder.generation << '\t'
                    << (who.isEmpty() ? holder.databaseUser : who) << '\t' << holder.processId << '\t'
                    << holder.application << '\t' << holder.since.toUTC().toString(Qt::ISODate) << '\n';
    }
    return Success;
}

} // namespace

QList<Command> lockCommands()
{
    return {
        {u"lock"_s, u"Run a command under a named lock: lock NAME [--abort|--block [--timeout S]] [--shared] -- COMMAND"_s,
         [](QCommandLineParser &parser) {
             parser.addPositionalArgument(u"name"_s, u"The lock name, e.g. table:orders."_s);
             parser.addPositionalArgument(u"command"_s, u"After --: the command and its arguments. It gets "
                                                        "CONCORD_LOCK_GENERATION and CONCORD_LOCK_NAME, and no "
                                                        "PGPASSWORD (use ~/.pgpass or PGPASSFILE)."_s,
                                          u"-- COMMAND [ARGS...]"_s);
             parser.addOptions({abortOption, blockOption, timeoutOption, sharedOption});
         },
         lockCommand, 1, -1},
        {u"locks"_s, u"List held locks and their holders."_s,
         [](QCommandLineParser &parser) { parser.addOption(jsonOption); }, locksCommand, 0, 0},
    };
}

} // namespace Concord::Ctl
