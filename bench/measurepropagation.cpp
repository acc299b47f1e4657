// SPDX-License-Identifier: MIT
// SPDX-FileCopyrightText: 2026 Concord developers
// Measure 6: from a commit in one process until another process's model shows the new row.
#include "measures.h"

#include <QEventLoop>
#include <QSqlDriver>
#include <QSqlQuery>
#include <QTimer>

using namespace Qt::StringLiterals;

namespace Concord::Bench {

namespace {

const QString channel = u"concord_bench"_s;

/// The PostgreSQL reference of the goal: NOTIFY on one connection until the notification
/// arrives on another, through the driver's notification signal and an event loop.
std::optional<double> listenNotifyRoundTripMs(const Context &context)
{
    const QSqlDatabase listener = openOrDie(context.backend, u"bench-listen"_s);
    const QSqlDatabase notifier = openOrDie(context.backend, u"bench-notify"_s);
    if (!listener.driver()->subscribeToNotification(channel))
        return std::nullopt;
    QEventLoop loop;
    bool arrived = false;
    QObject::connect(listener.driver(), &QSqlDriver::notification, &loop, [&](const QString &name) {
        if (name == channel) {
            arrived = true;
            loop.quit();
        }
    });
    QTimer timeout;
    timeout.setSingleShot(true);
    QObject::connect(&timeout, &QTimer::timeout, &loop, &QEventLoop::quit);
    QList<double> times;
    const int repetitions = context.settings.quick ? 20 : 100;
    for (int i = 0; i < repetitions + 5; ++i) {
        arrived = false;
        QElapsedTimer timer;
        timer.start();
        execOrDie(notifier, u"NOTIFY %1"_s.arg(channel));
        timeout.start(5000);
        if (!arrived)
            loop.exec();
        timeout.stop();
        if (!arrived)
            return std::nullopt;
        if (i >= 5)
            times << elapsedMs(timer);
    }
    listener.driver()->unsubscribeFromNotification(channel);
    return median(times);
}

} // namespace

// TODO(#6): Concord has no change propagation yet: a model learns about other users' commits
// only on select() or a conflict. Once it has one (SQLite: polling PRAGMA data_version or a
// change-log table at an interval; PostgreSQL: a trigger that NOTIFYs and a listener that calls
// selectRow()), measure here: a worker process commits a new row and the parent times until its
// VersionedTableModel shows it (rowsInserted or dataChanged), p95 over the repetitions, against
// 1.2x the poll interval (SQLite) and 3x listenNotifyRoundTripMs() (PostgreSQL).
void measurePropagation(const Context &context)
{
    std::optional<double> reference;
    QString goal = u"p95 <= 1.2x poll interval; not available: no change propagation yet"_s;
    if (!context.backend.isSQLite()) {
        reference = listenNotifyRoundTripMs(context);
        goal = u"p95 <= 3x LISTEN/NOTIFY (reference); not available: no change propagation yet"_s;
    }
    context.report->add(Row{u"6 change propagation (ms)"_s, context.backend.name, u"-"_s, std::nullopt, reference,
                            std::nullopt, goal, false});
}

} // namespace Concord::Bench
