// SPDX-License-Identifier: MIT
// SPDX-FileCopyrightText: 2026 Concord developers
#pragma once

#include <QObject>
#include <QSqlDatabase>
#include <QStringList>
#include <QTimer>

namespace Concord {

/// Tells a client when *other* clients commit changes, so that a grid can show them live.
///
/// It watches the client's own connection, in the thread that owns it, and never reports the
/// client's own commits:
/// - SQLite: polls `PRAGMA data_version`, which moves only when another connection (of this or
///   another process) commits. The table is unknown, so changed() carries no names.
/// - PostgreSQL: LISTENs on the channel `concord_changes`. Concord's writes notify it with the
///   table's name (VersionedWriter, in the write statement itself, so at commit), as does the
///   trigger of trigger-versioned tables for writes made outside Concord. Notifications sent by
///   the watched connection itself are ignored.
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
    /// Others committed changes to \a tables; an empty list means "some tables" (SQLite).
    void changed(const QStringList &tables);

private:
    void poll();

    QSqlDatabase m_db;
    QTimer m_timer;
    qint64 m_dataVersion = -1;
    bool m_listening = false;
};

} // namespace Concord
