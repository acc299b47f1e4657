// SPDX-License-Identifier: MIT
// SPDX-FileCopyrightText: 2026 Concord developers
#include "changewatcher.h"

#include <core/db/databaseaddress.h>
#include <core/db/pooling.h>

#include <QSqlDriver>
#include <QSqlQuery>

#include <algorithm>

using namespace Qt::StringLiterals;

namespace Concord {

ChangeWatcher::ChangeWatcher(const QSqlDatabase &db, int pollIntervalMs, QObject *parent)
    : QObject(parent)
    , m_db(db)
{
    if (isSQLite(m_db)) {
        m_timer.setInterval(pollIntervalMs);
        connect(&m_timer, &QTimer::timeout, this, &ChangeWatcher::poll);
        poll(); // the baseline
        m_timer.start();
        return;
    }
    if (isTransactionPooled(m_db)) {
        // LISTEN would subscribe whichever server session ran it, and the notifications would go
        // to whichever client holds that session next: none reach this one. The table statistics
        // move with every commit (flushed by the server within a second or so): polled instead,
        // the changes then naming no rows.
        m_polling = true;
        m_timer.setInterval(std::max(pollIntervalMs, minimumStatisticsPollMs));
        connect(&m_timer, &QTimer::timeout, this, &ChangeWatcher::pollStatistics);
        pollStatistics();
        m_timer.start();
        return;
    }
    QSqlDriver *driver = m_db.driver();
    m_listening = driver->subscribeToNotification(QLatin1String(channel));
    connect(driver, &QSqlDriver::notification, this,
            [this](const QString &name, QSqlDriver::NotificationSource source, const QVariant &payload) {
                if (name == QLatin1String(channel) && source != QSqlDriver::SelfSource)
                    emit changed(ChangePayload::parse(payload.toString()));
            });
    // Qt's PostgreSQL driver reads notifications when the socket becomes readable and after the
    // statements it runs in one piece, but not after a forward-only statement (single-row mode):
    // one that arrived during such a read stays in libpq's queue, with the socket quiet, until
    // the connection's next other statement. A look at the queue every second (the driver's own
    // handler: reads what the socket has, sends nothing) bounds that delay.
    if (m_listening) {
        m_timer.setInterval(notificationCheckMs);
        connect(&m_timer, &QTimer::timeout, this, &ChangeWatcher::checkNotifications);
        m_timer.start();
    }
}

void ChangeWatcher::checkNotifications()
{
    if (m_db.isOpen())
        QMetaObject::invokeMethod(m_db.driver(), "_q_handleNotification", Qt::DirectConnection);
}

ChangeWatcher::~ChangeWatcher()
{
    if (m_listening && m_db.isOpen())
        m_db.driver()->unsubscribeFromNotification(QLatin1String(channel));
}

void ChangeWatcher::poll()
{
    QSqlQuery query(m_db);
    if (!query.exec(u"PRAGMA data_version"_s) || !query.next())
        return;
    const qint64 version = query.value(0).toLongLong();
    const bool moved = m_dataVersion >= 0 && version != m_dataVersion;
    m_dataVersion = version;
    if (moved)
        emit changed(TableChange{});
}

void ChangeWatcher::pollStatistics()
{
    QSqlQuery query(m_db);
    query.setForwardOnly(true);
    if (!query.exec(u"SELECT coalesce(sum(n_tup_ins + n_tup_upd + n_tup_del), 0)::text FROM pg_stat_user_tables"_s)
        || !query.next())
        return;
    const QString mark = query.value(0).toString();
    const bool moved = !m_lastMark.isEmpty() && mark != m_lastMark;
    m_lastMark = mark;
    if (moved)
        emit changed(TableChange{});
}

} // namespace Concord
