// SPDX-License-Identifier: MIT
// SPDX-FileCopyrightText: 2026 Concord developers
#pragma once

#include <core/db/cursorresult.h>
#include <core/result.h>

#include <QSqlDatabase>
#include <QSqlQuery>
#include <QString>

namespace Concord {

/// Runs the grid query of a VersionedTableModel on a connection of its own, "the reader", so
/// that the rows a view fetches lazily never hold the editing connection's snapshot.
///
/// SQLite: a statement that has not returned its last row keeps its connection's read snapshot
/// open; on the editing connection that would hide other users' commits and make the next
/// write fail with "database is locked". The reader is opened read-only.
/// PostgreSQL: QPSQL loads a whole result before the first row shows, so a large table is read
/// through a server-side cursor (CursorResult) a screenful at a time; a small one is read whole.
///
/// The owner must drop every query it got from read() before the reader is destroyed: the
/// destructor removes the connection.
class GridReader
{
public:
    /// \a editing is the model's connection; the reader is a clone named after it and \a owner.
    GridReader(const QSqlDatabase &editing, const void *owner);
    ~GridReader();
    GridReader(const GridReader &) = delete;
    GridReader &operator=(const GridReader &) = delete;

    /// True once open() succeeded: a grid query may use the connection.
    bool isOpen() const { return m_open; }
    /// Opens the reader connection (once). Returns the driver's error when it cannot.
    Result<void> open();
    /// Runs \a statement on the reader; the query may fetch lazily. Call open() first.
    Result<QSqlQuery> read(const QString &statement);

    /// True while the owner clears QSqlTableModel's row cache with a select that must return no
    /// row (see VersionedTableModel::selectStatement()).
    bool isClearing() const { return m_clearing; }
    /// Runs \a stockSelect with isClearing() true, and returns its result.
    template<typename Select>
    bool clearWith(Select stockSelect)
    {
        m_clearing = true;
        const bool ok = stockSelect();
        m_clearing = false;
        return ok;
    }

private:
    Result<QSqlQuery> readSQLite(const QSqlDatabase &reader, const QString &statement);
    Result<QSqlQuery> readPostgres(const QSqlDatabase &reader, const QString &statement);

    QSqlDatabase m_editing;
    QString m_name; ///< the reader's connection name
    bool m_open = false;
    LazyFetchDriver m_lazyFetchDriver; ///< PostgreSQL: lets the grid fetch from a cursor lazily
    bool m_clearing = false;
};

} // namespace Concord
