// SPDX-License-Identifier: MIT
// SPDX-FileCopyrightText: 2026 Concord developers
#pragma once

#include <core/db/pagedresult.h>
#include <core/result.h>

#include <QSqlDatabase>
#include <QSqlQuery>
#include <QString>

namespace Concord {

/// Runs the grid's statements for a VersionedTableModel: the row count and one page of rows at
/// a time (PagedResult), each statement read to its end and finished, so that between two pages
/// nothing holds a snapshot, lock or transaction.
///
/// **Which connection.** While no Concord Transaction is open on the model's own (editing)
/// connection, pages are read on that connection: an idle editor holds one connection, not one
/// more per model, and a finished statement keeps nothing (SQLite releases the statement's
/// shared lock when it ends, so an open grid never makes a writer wait, in any journal mode;
/// PostgreSQL runs it in autocommit, never "idle in transaction").
///
/// While a Transaction is open there (the model's own multi-row save, Concord's work on the
/// same connection), a page read on it would show that transaction's uncommitted writes, rows
/// that a rollback then takes back. Such a page is read on a spare connection instead: a clone
/// of the editing one (SQLite: read-only), shared by every GridReader of that editing connection,
/// opened when first needed and closed at the first read after the transaction ended, or with
/// the last reader. A spare the server dropped is opened again once. A transaction begun outside
/// Transaction (QSqlDatabase::transaction(), a BEGIN statement) is not seen: pages are then read
/// inside it and show its writes, as every other query on that connection does.
///
/// A statement without values is run as it is; one with values is prepared and its values bound
/// (on PostgreSQL Qt's driver sends PREPARE, EXECUTE and DEALLOCATE for a prepared statement,
/// three round trips where an unprepared one is one).
///
/// The owner must drop every query it got from read() before the reader is destroyed.
class GridReader
{
public:
    /// \a editing is the model's connection.
    explicit GridReader(const QSqlDatabase &editing);
    ~GridReader();
    GridReader(const GridReader &) = delete;
    GridReader &operator=(const GridReader &) = delete;

    /// True once open() succeeded: a grid query may use the reader.
    bool isOpen() const { return m_open; }
    /// Makes the reader ready; fails with ConnectionFailed when the editing connection is not
    /// open. Opens no connection.
    Result<void> open();
    /// Runs \a statement with \a values bound and reads it to the end, on the connection the
    /// class documentation names. Call open() first.
    Result<ReadRows> readRows(const QString &statement, const QVariantList &values);
    /// True while this editing connection's spare reader is open (for tests and benchmarks).
    bool isSpareOpen() const;
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
    Result<ReadRows> readOnSpare(const QString &statement, const QVariantList &values);
    Result<QSqlDatabase> openSpare();
    void closeSpare();

    QSqlDatabase m_editing;
    QString m_spareName; ///< the spare reader's connection name, one per editing connection
    bool m_open = false;
    PagedDriver m_pagedDriver; ///< lets the grid size itself from the row count
    bool m_clearing = false;
};

} // namespace Concord
