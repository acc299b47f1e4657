// SPDX-License-Identifier: MIT
// SPDX-FileCopyrightText: 2026 Concord developers
#include "pagedresult.h"

#include <QSqlError>
#include <QSqlField>

#include <algorithm>
#include <limits>

using namespace Qt::StringLiterals;

namespace Concord {

PagedResult::PagedResult(const QSqlDriver *driver, RowReader reader, PagedStatements statements, Options options)
    : QSqlResult(driver)
    , m_reader(std::move(reader))
    , m_statements(std::move(statements))
    , m_options(options)
{
    m_options.pageRows = std::max(m_options.pageRows, 1);
    m_options.maxPages = std::max(m_options.maxPages, 2);
    setSelect(true);
    setForwardOnly(false);
}

PagedResult::~PagedResult() = default;

Result<std::unique_ptr<PagedResult>> PagedResult::open(const QSqlDriver *driver, RowReader reader,
                                                       PagedStatements statements, Options options)
{
    std::unique_ptr<PagedResult> result(new PagedResult(driver, std::move(reader), std::move(statements), options));
    // The first page also tells the columns, even of an empty table; when it is not full it is
    // the whole result, and counting would only cost another scan.
    result->m_size = result->m_options.pageRows;
    if (Result<void> first = result->readPage(0); !first)
        return first.error();
    const int firstRows = int(result->m_pages.value(0).size());
    if (firstRows < result->m_options.pageRows) {
        result->m_size = firstRows;
    } else if (Result<void> counted = result->readCount(); !counted) {
        return counted.error();
    }
    result->setActive(true);
    result->setAt(QSql::BeforeFirstRow);
    return result;
}

Result<void> PagedResult::readCount()
{
    Result<ReadRows> counted = m_reader(m_statements.count, m_statements.values);
    if (!counted)
        return counted.error();
    const ReadRows &rows = counted.value();
    bool ok = false;
    const qlonglong count = rows.rows.isEmpty() ? 0 : rows.rows.constFirst().value(0).toLongLong(&ok);
    if (!ok || count < 0)
        return makeError(ErrorCode::Sql, QStringLiteral("The row count of the table could not be read."));
    // QSqlQueryModel counts rows in an int; a table past that shows its first 2^31-1 rows.
    m_size = int(std::min<qlonglong>(count, std::numeric_limits<int>::max()));
    return {};
}

// A page in the second half is read from the end, in the reversed order: OFFSET costs the rows
// it skips, so no page costs more than half the table.
Result<void> PagedResult::readPage(int page)
{
    const int first = page * m_options.pageRows;
    const int last = std::min(first + m_options.pageRows, m_size) - 1; // inclusive
    const bool fromEnd = first > 0 && first >= m_size / 2;
    const int limit = fromEnd ? last - first + 1 : m_options.pageRows;
    const int offset = fromEnd ? m_size - 1 - last : first;
    const QString &select = fromEnd ? m_statements.backward : m_statements.forward;
    Result<ReadRows> read = m_reader(select + u" LIMIT %1 OFFSET %2"_s.arg(limit).arg(offset), m_statements.values);
    if (!read)
        return read.error();
    ReadRows rows = std::move(read.value());
    if (m_record.isEmpty())
        m_record = rows.record;
    if (fromEnd)
        std::reverse(rows.rows.begin(), rows.rows.end());
    m_pages.insert(page, std::move(rows.rows));
    ++m_pagesRead;
    touch(page);
    evictOldPages();
    return {};
}

void PagedResult::touch(int page)
{
    m_recent.removeOne(page);
    m_recent.append(page);
}

void PagedResult::evictOldPages()
{
    while (m_recent.size() > m_options.maxPages) {
        const int oldest = m_recent.takeFirst();
        m_pages.remove(oldest);
    }
}

QList<int> PagedResult::heldRows() const
{
    QList<int> pages = m_pages.keys();
    std::sort(pages.begin(), pages.end());
    QList<int> rows;
    for (int page : std::as_const(pages)) {
        const int first = page * m_options.pageRows;
        for (int i = 0; i < m_pages.value(page).size(); ++i)
            rows << first + i;
    }
    return rows;
}

const QVariantList *PagedResult::heldRow(int row) const
{
    const auto page = m_pages.constFind(row / m_options.pageRows);
    const int index = row % m_options.pageRows;
    if (row < 0 || page == m_pages.cend() || index >= page->size())
        return nullptr;
    return &page->at(index);
}

bool PagedResult::replaceHeldRow(int row, const QVariantList &values)
{
    const QVariantList *held = heldRow(row);
    if (!held || held->size() != values.size())
        return false;
    m_pages[row / m_options.pageRows][row % m_options.pageRows] = values;
    return true;
}

void PagedResult::keepRecentPages(int pages)
{
    while (m_recent.size() > std::max(pages, 0)) {
        const int oldest = m_recent.takeFirst();
        m_pages.remove(oldest);
        if (oldest == m_currentPage)
            m_currentPage = -1;
    }
}

bool PagedResult::fetch(int row)
{
    if (row < 0 || row >= m_size) {
        setAt(row < 0 ? QSql::BeforeFirstRow : QSql::AfterLastRow);
        return false;
    }
    const int page = row / m_options.pageRows;
    if (!m_pages.contains(page)) {
        if (Result<void> read = readPage(page); !read) {
            const QSqlError error = read.error().sqlError.isValid()
                                        ? read.error().sqlError
                                        : QSqlError(read.error().message, {}, QSqlError::StatementError);
            setLastError(error);
            m_failedPages.insert(page);
            if (m_onReadError)
                m_onReadError(error);
            return false;
        }
        m_failedPages.remove(page);
    } else if (page != m_currentPage) {
        touch(page);
    }
    m_currentPage = page;
    setAt(row);
    return true;
}

QVariant PagedResult::data(int column)
{
    const auto page = m_pages.constFind(m_currentPage);
    if (page == m_pages.cend())
        return {};
    const int index = at() - m_currentPage * m_options.pageRows;
    // A table that shrank since the count has fewer rows at its end: those read as NULL.
    if (index < 0 || index >= page->size() || column < 0 || column >= page->at(index).size())
        return QVariant(m_record.field(column).metaType());
    return page->at(index).at(column);
}

bool PagedResult::isNull(int column)
{
    return data(column).isNull();
}

} // namespace Concord
