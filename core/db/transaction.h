// SPDX-License-Identifier: MIT
// SPDX-FileCopyrightText: 2026 Concord developers
#pragma once

#include <QSqlDatabase>
#include <QSqlError>

namespace Concord {

/// A write transaction that rolls back unless commit() succeeded, also on early returns.
///
/// On SQLite it starts with BEGIN IMMEDIATE: a deferred transaction that later needs the write
/// lock can fail with "database is locked" after it has done work, while IMMEDIATE waits for the
/// lock up front (bounded by the busy timeout) and then cannot be refused.
///
/// Every Transaction between begin() and its end is counted against its connection's name, so
/// that code reading on the same connection can ask isOpenOn() without a round trip (the grid
/// reads pages on the editing connection only while none is open, see GridReader). A transaction
/// begun another way (QSqlDatabase::transaction(), a BEGIN statement) is not counted.
class Transaction
{
public:
    explicit Transaction(const QSqlDatabase &db);
    ~Transaction();
    Transaction(const Transaction &) = delete;
    Transaction &operator=(const Transaction &) = delete;

    bool begin();
    /// False when COMMIT failed; then the transaction is rolled back (as far as the connection
    /// allows) and lastError() says why. See isCommitUnknown().
    bool commit();
    /// True when the last commit() failed because the connection was lost after COMMIT was sent:
    /// the server may have committed. Nothing is known until the rows are read again
    /// (core/versioning/uncertainwrite.h).
    bool isCommitUnknown() const { return m_commitUnknown; }
    void rollback();
    bool isActive() const { return m_active; }
    /// True while a Transaction is active on the connection named like \a db (any thread).
    static bool isOpenOn(const QSqlDatabase &db);

    /// Savepoints let one row fail without losing the others already written in the transaction.
    bool savepoint(const QString &name);
    bool rollbackTo(const QString &name);
    bool release(const QString &name);

    QSqlError lastError() const { return m_error; }

private:
    bool run(const QString &statement);
    void setActive(bool active);

    QSqlDatabase m_db;
    QSqlError m_error;
    bool m_active = false;
    bool m_commitUnknown = false;
};

} // namespace Concord
