// SPDX-License-Identifier: MIT
// SPDX-FileCopyrightText: 2026 Concord developers
#pragma once

#include <core/db/pagedresult.h>
#include <core/result.h>

#include <QSqlDatabase>
#include <QSqlQuery>
#include <QString>

namespace Concord {

/// Runs the grid's statements for a VersionedTableModel on a connection of its own, "the reader":
/// the row count and one page of rows at a time (PagedResult), each statement read to its end
/// and finished, so that between two pages the reader holds no snapshot, lock or transaction.
/// SQLite: the reader is opened read-only; a finished statement releases its shared lock, so an
/// open grid never makes a writer wait, in any journal mode. PostgreSQL: every page is a
/// statement in autocommit, never "idle in transaction".
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
    /// Runs \a statement with \a values bound on the reader and reads it to the end. A reader the
    /// server dropped (a restart, a failover) is opened again once. Call open() first.
    Result<ReadRows> readRows(const QString &statement, const QVariantList &values);
    /// The driver a PagedResult over this reader reports: it has the query size.
    const QSqlDriver *pagedDriver() const { return &m_pagedDriver; }

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
    static Result<ReadRows> readOnce(const QSqlDatabase &reader, const QString &statement,
                                     const QVariantList &values);

    QSqlDatabase m_editing;
    QString m_name; ///< the reader's connection name
    bool m_open = false;
    PagedDriver m_pagedDriver; ///< lets the grid size itself from the row count
    bool m_clearing = false;
};

} // namespace Concord
