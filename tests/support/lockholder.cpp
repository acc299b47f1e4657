// SPDX-License-Identifier: MIT
// SPDX-FileCopyrightText: 2026 Concord developers
//
// Another lock client in a process of its own:
//   concord_test_lockholder ADDRESS NAME [--shared] [--wait-ms N] [--hold-ms N] [--lease-ms N] [--app NAME]
// ADDRESS is a database address, or file:PATH for a FileLock on PATH.
// Tries once (or waits up to --wait-ms, -1 = forever; prints "waiting" first), then prints
// "acquired GENERATION" and holds until a line or end of file arrives on stdin, or --hold-ms
// passes; then releases and prints "released". When the lock is busy prints "held DESCRIPTION"
// and exits 4; on a lost lease prints "lost REASON" and exits 5; other errors: "error MESSAGE", 1.

#include <core/locks/advisorylock.h>
#include <core/locks/filelock.h>

#include <QCommandLineParser>
#include <QCoreApplication>
#include <QSocketNotifier>
#include <QTextStream>
#include <QTimer>

#include <unistd.h>

using namespace Concord;

namespace {

QTextStream &out()
{
    static QTextStream stream(stdout);
    return stream;
}

int reportFailure(const LockResult &result)
{
    if (result.error().code == ErrorCode::LockHeld) {
        out() << "held " << result.error().message << Qt::endl;
        return 4;
    }
    out() << "error " << result.error().message << Qt::endl;
    return 1;
}

// Runs the event loop until stdin has a line or closes, or holdMs passes.
void holdUntilTold(int holdMs)
{
    QSocketNotifier notifier(STDIN_FILENO, QSocketNotifier::Read);
    QObject::connect(&notifier, &QSocketNotifier::activated, qApp, [&notifier] {
        char buffer[256];
        const ssize_t size = ::read(STDIN_FILENO, buffer, sizeof buffer);
        if (size <= 0 || std::find(buffer, buffer + size, '\n') != buffer + size) {
            notifier.setEnabled(false);
            QCoreApplication::quit();
        }
    });
    if (holdMs >= 0)
        QTimer::singleShot(holdMs, qApp, &QCoreApplication::quit);
    QCoreApplication::exec();
}

} // namespace

int main(int argc, char *argv[])
{
    QCoreApplication app(argc, argv);
    QCommandLineParser parser;
    parser.addPositionalArgument(QStringLiteral("address"), QStringLiteral("database address or file:PATH"));
    parser.addPositionalArgument(QStringLiteral("name"), QStringLiteral("lock name"));
    const QCommandLineOption shared(QStringLiteral("shared"));
    const QCommandLineOption waitMs(QStringLiteral("wait-ms"), QStringLiteral("wait"), QStringLiteral("ms"));
    const QCommandLineOption holdMs(QStringLiteral("hold-ms"), QStringLiteral("hold"), QStringLiteral("ms"), QStringLiteral("-1"));
    const QCommandLineOption leaseMs(QStringLiteral("lease-ms"), QStringLiteral("lease"), QStringLiteral("ms"), QStringLiteral("30000"));
    const QCommandLineOption appName(QStringLiteral("app"), QStringLiteral("application"), QStringLiteral("name"));
    parser.addOptions({shared, waitMs, holdMs, leaseMs, appName});
    parser.process(app);
    const QStringList args = parser.positionalArguments();
    if (args.size() != 2) {
        out() << "error usage" << Qt::endl;
        return 2;
    }
    if (parser.isSet(appName))
        QCoreApplication::setApplicationName(parser.value(appName));
    const bool waits = parser.isSet(waitMs);
    if (waits)
        out() << "waiting" << Qt::endl;

    if (args.at(0).startsWith(QStringLiteral("file:"))) {
        FileLock lock(args.at(0).mid(5));
        const LockResult result = waits ? lock.lock(parser.value(waitMs).toInt()) : lock.tryLock();
        if (!result)
            return reportFailure(result);
        out() << "acquired " << result.value().generation << Qt::endl;
        holdUntilTold(parser.value(holdMs).toInt());
        lock.unlock();
        out() << "released" << Qt::endl;
        return 0;
    }

    const auto address = DatabaseAddress::parse(args.at(0));
    if (!address) {
        out() << "error " << address.error().message << Qt::endl;
        return 1;
    }
    AdvisoryLock::Options options;
    options.leaseMs = parser.value(leaseMs).toInt();
    auto opened = AdvisoryLock::open(address.value(), options);
    if (!opened) {
        out() << "error " << opened.error().message << Qt::endl;
        return 1;
    }
    AdvisoryLock &lock = *opened.value();
    const LockMode mode = parser.isSet(shared) ? LockMode::Shared : LockMode::Exclusive;
    const LockResult result = waits ? lock.acquire(args.at(1), mode, parser.value(waitMs).toInt())
                                    : lock.tryAcquire(args.at(1), mode);
    if (!result)
        return reportFailure(result);
    out() << "acquired " << result.value().generation << Qt::endl;
    int exitCode = 0;
    QObject::connect(&lock, &AdvisoryLock::lockLost, &app, [&exitCode](const QString &, const QString &reason) {
        out() << "lost " << reason << Qt::endl;
        exitCode = 5;
        QCoreApplication::quit();
    });
    LockGuard guard(&lock, result.value());
    holdUntilTold(parser.value(holdMs).toInt());
    if (exitCode == 0) {
        guard.release();
        out() << "released" << Qt::endl;
    }
    return exitCode;
}
