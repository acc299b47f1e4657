// SPDX-License-Identifier: MIT
// SPDX-FileCopyrightText: 2026 Concord developers
#pragma once

#include <core/db/boundquery.h>

#include <QHash>
#include <QSqlDatabase>
#include <QSqlError>
#include <QSqlQuery>
#include <QString>

#include <memory>

namespace Concord {

/// Statements prepared once per connection and kept, for code that runs the same few statements
/// again and again (lock acquire and release, the lock poll). A QSqlQuery prepared anew costs a
/// PREPARE and, when it goes, a DEALLOCATE on PostgreSQL and a full parse on SQLite; kept, each
/// use is one EXECUTE. Statements are forward-only: nothing here scrolls back.
///
/// The SQL text is the key, so it must not carry values (bind them). Not thread-safe: one cache
/// per connection, used on its thread.
class StatementCache
{
public:
    explicit StatementCache(QString connectionName) : m_connectionName(std::move(connectionName)) {}

    /// The statement for \a sql, prepared on first use; nullptr when it cannot be prepared, with
    /// the reason in lastError(). Bind values afresh before each exec().
    BoundQuery *statement(const QString &sql);
    QSqlError lastError() const { return m_lastError; }
    /// Forgets every statement (the connection was reopened: its prepared statements are gone).
    void clear() { m_statements.clear(); }
    /// How many statements were prepared since the cache was made (for tests and benchmarks).
    int prepareCount() const { return m_prepares; }

private:
    QString m_connectionName;
    QHash<QString, std::shared_ptr<BoundQuery>> m_statements;
    QSqlError m_lastError;
    int m_prepares = 0;
};

} // namespace Concord
