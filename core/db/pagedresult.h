// SPDX-License-Identifier: MIT
// SPDX-FileCopyrightText: 2026 Concord developers
#pragma once

#include <core/result.h>

#include <QHash>
#include <QList>
#include <QSet>
#include <QSqlDriver>
#include <QSqlRecord>
#include <QSqlResult>
#include <QString>
#include <QVariant>

#include <functional>
#include <memory>

namespace Concord {

/// A driver that only tells QSqlQueryModel "this query knows its size": the model then sizes
/// itself from PagedResult::size() at once (the scrollbar spans every row) and asks for any row
/// directly, instead of fetching from the top.
class PagedDriver : public QSqlDriver
{
public:
    bool hasFeature(DriverFeature feature) const override { return feature == QuerySize || feature == Unicode; }
    bool open(const QString &, const QString &, const QString &, const QString &, int, const QString &) override
    {
        return false;
    }
    void close() override {}
    QSqlResult *createResult() const override { return nullptr; }
};

/// The statements a PagedResult reads rows with. The selects have a total order and no LIMIT;
/// the result appends `LIMIT n OFFSET m` (integers it computes, never text from anyone).
struct PagedStatements
{
    QString count;        ///< `SELECT count(*) FROM … WHERE …`
    QString forward;      ///< `SELECT … FROM … WHERE … ORDER BY …`
    QString backward;     ///< the same with every ORDER BY term reversed
    QVariantList values;  ///< bound, in order, to the placeholders of each statement
};

/// Rows read by one statement, read to the end (so that it holds no snapshot afterwards).
struct ReadRows
{
    QSqlRecord record; ///< the columns, without values
    QList<QVariantList> rows;
};

/// Runs one statement with bound values on the reading connection, to the end.
using RowReader = std::function<Result<ReadRows>(const QString &statement, const QVariantList &values)>;

/// A result QSqlQueryModel can browse at random, read a page at a time, each page by a statement
/// of its own: no transaction or cursor stays open between two pages, so an open grid never keeps
/// other writers waiting (SQLite) or holds back vacuum (PostgreSQL, "idle in transaction").
///
/// The row count is read once, when the result is opened, after the first page (a first page
/// that is not full is the whole result: no count). A page in the second half of the rows
/// is read with the reversed order from the end, so the last rows cost as little as the first.
/// At most maxPages pages stay in memory (least recently used go first), whatever the table's
/// size. Pages read later may reflect commits made since the count: a row then shows the values
/// now at its position; rows past the end of a table that shrank read as NULL. Callers that care
/// (a live update) open a new result.
class PagedResult : public QSqlResult
{
public:
    struct Options
    {
        int pageRows = 256;
        int maxPages = 64;
    };

    /// Reads the first page and, when it is full, counts the rows; fails with the reader's error.
    static Result<std::unique_ptr<PagedResult>> open(const QSqlDriver *driver, RowReader reader,
                                                     PagedStatements statements, Options options);
    ~PagedResult() override;

    /// Called when a page cannot be read (the rows then read as empty and the next look at them
    /// tries again): a view must say so rather than show the rows as if they were empty.
    void setReadErrorHandler(std::function<void(const QSqlError &)> handler) { m_onReadError = std::move(handler); }
    /// True when the last attempt to read \a row's page failed.
    bool isUnreadable(int row) const { return m_failedPages.contains(row / m_options.pageRows); }

    /// Pages read since open(), and pages held now: what the benchmark and tests look at.
    int pagesRead() const { return m_pagesRead; }
    int pagesHeld() const { return int(m_pages.size()); }

    /// The number of rows, as counted when the result was opened.
    int rowTotal() const { return m_size; }
    int pageRows() const { return m_options.pageRows; }
    /// The rows of the pages held now, ascending (without rows a page lacks because the table
    /// shrank after the count).
    QList<int> heldRows() const;
    /// The values of \a row as held, or nullptr when its page is not held.
    const QVariantList *heldRow(int row) const;
    /// Replaces the held values of \a row by \a values (a live update re-read the row in place).
    /// Returns false, changing nothing, when the row's page is not held or the columns differ.
    bool replaceHeldRow(int row, const QVariantList &values);
    /// Drops every page but the \a pages most recently used: they are read again when shown.
    void keepRecentPages(int pages);

protected:
    QVariant data(int column) override;
    bool isNull(int column) override;
    bool reset(const QString &) override { return false; }
    bool fetch(int row) override;
    bool fetchFirst() override { return fetch(0); }
    bool fetchLast() override { return fetch(m_size - 1); }
    int size() override { return m_size; }
    int numRowsAffected() override { return -1; }
    QSqlRecord record() const override { return m_record; }

private:
    PagedResult(const QSqlDriver *driver, RowReader reader, PagedStatements statements, Options options);
    Result<void> readCount();
    Result<void> readPage(int page);
    void touch(int page);
    void evictOldPages();

    RowReader m_reader;
    PagedStatements m_statements;
    Options m_options;
    QSqlRecord m_record;
    int m_size = 0;
    QHash<int, QList<QVariantList>> m_pages; ///< page number -> its rows, in forward order
    QList<int> m_recent;                     ///< page numbers, most recently used last
    int m_currentPage = -1; ///< the page of at(), held while it is current
    int m_pagesRead = 0;
    QSet<int> m_failedPages;
    std::function<void(const QSqlError &)> m_onReadError;
};

} // namespace Concord
