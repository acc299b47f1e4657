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
class ChangeWatcher : public QObject
{
    Q_OBJECT

public:
    static constexpr char channel[] = "concord_changes";

    /// Starts watching \a db. \a pollIntervalMs is SQLite's polling period.
    explicit ChangeWatcher(const QSqlDatabase &db, int pollIntervalMs = 250, QObject *parent = nullptr);
    ~ChangeWatcher() override;

    int pollInterval() const { return m_timer.interval(); }

Q_SIGNALS:
    /// Others committed \a change; an empty TableChange::table means "some table" (SQLite, or a
    /// notification that could not be read), a missing key "some rows".
    void changed(const Concord::TableChange &change);

private:
    static constexpr int notificationCheckMs = 1000;
    void checkNotifications();
    void poll();

    QSqlDatabase m_db;
    QTimer m_timer;
    qint64 m_dataVersion = -1;
    bool m_listening = false;
};

} // namespace Concord
