// SPDX-License-Identifier: MIT
// SPDX-FileCopyrightText: 2026 Concord developers
#pragma once

#include <QSqlDatabase>
#include <QString>
#include <QStringList>

#include <optional>

namespace Concord {

/// One change another client committed, as ChangeWatcher reports it.
struct TableChange
{
    /// The table; empty when the database does not say (SQLite, or a payload that could not be
    /// read): then any table may have changed.
    QString table;
    /// The changed row's key values as text, in key order, when the notification names them;
    /// nullopt for "rows of the table, which ones unknown".
    std::optional<QStringList> key;
};

/// The payload of Concord's change notifications on PostgreSQL (channel ChangeWatcher::channel).
///
/// A payload names the table and the key of the written row, as JSON:
/// `{"table": "items", "key": ["3"]}` (each key column cast to text, in key order). A key whose
/// JSON would take more than maxKeyBytes is sent as `null`, because PostgreSQL refuses payloads
/// of 8000 bytes and more, and a refused notification would fail the write itself.
///
/// Readers take anything else as "something changed": a payload that is not JSON is the bare
/// table name older Concord versions and their triggers send; an unreadable JSON payload names
/// no table. Either way the watcher re-reads more than needed, and never misses a change.
namespace ChangePayload {

inline constexpr int maxKeyBytes = 7000;

/// SQL for the payload of a write to the table \a tableSql names (an SQL text expression: a
/// placeholder, or TG_TABLE_NAME in a trigger), whose key columns \a keyColumns are read from the
/// row \a rowPrefix names ("written." in a statement, "OLD." in a trigger).
QString sql(const QSqlDatabase &db, const QString &tableSql, const QStringList &keyColumns, const QString &rowPrefix);

/// Reads \a payload as sent by sql() or by an older Concord (see the namespace documentation).
TableChange parse(const QString &payload);

} // namespace ChangePayload
} // namespace Concord
