// SPDX-License-Identifier: MIT
// SPDX-FileCopyrightText: 2026 Concord developers
#pragma once

#include <core/db/changepayload.h>

#include <QObject>
#include <QSqlDatabase>
#include <QTimer>

namespace Concord {

/// Tells a client when *other* clients commit changes, so that a grid can show them live.
///
/// It watches the client's own connection, in the thread that owns it, and never reports the
/// client's own commits:
/// - SQLite: polls `PRAGMA data_version`, which moves only when another connection (of this or
///   another process) commits. Table and rows are unknown, so changed() names neither.
/// - PostgreSQL: LISTENs on the channel `concord_changes`. Concord's writes notify it with the
///   table's name and the written row's key (VersionedWriter, in the write statement itself, so
///   at commit; see ChangePayload), as does the trigger of trigger-versioned tables for updates
///   and deletes made outside Concord. Notifications sent by the watched connection itself are
///   ignored. One notification is one changed(); a transaction that wrote many rows sends many.
/// - PostgreSQL behind a transaction-mode pooler (pooling.h), where no LISTEN reaches the client:
///   polls the server's table statistics, which move with every commit, within about a second
///   of it; changed() names no table, and the client's own commits show too. isPolling() tells,
///   so that a window can say that live updates are slower there.
class ChangeWatcher : public QObject
{
    Q_OBJECT

public:
    static constexpr char channel[] = "concord_changes";

    /// Starts watching \a db. \a pollIntervalMs is SQLite's polling period.
    explicit ChangeWatcher(const QSqlDatabase &db, int pollIntervalMs = 250, QObject *parent = nullptr);
    ~ChangeWatcher() override;

    int pollInterval() const { return m_timer.interval(); }
    /// True when PostgreSQL changes are found by polling (a transaction-mode pooler), not LISTEN.
    bool isPolling() const { return m_polling; }

Q_SIGNALS:
    /// Others committed \a change; an empty TableChange::table means "some table" (SQLite, or a
    /// notification that could not be read), a missing key "some rows".
    void changed(const Concord::TableChange &change);

private:
    static constexpr int notificationCheckMs = 1000;
    static constexpr int minimumStatisticsPollMs = 2000;
    void checkNotifications();
    void poll();
    void pollStatistics();

    QSqlDatabase m_db;
    QTimer m_timer;
    qint64 m_dataVersion = -1;
    bool m_listening = false;
    bool m_polling = false;
    QString m_lastMark; ///< the statistics' sum of written rows at the last poll
};

} // namespace Concord
