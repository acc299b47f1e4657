// SPDX-License-Identifier: MIT
// SPDX-FileCopyrightText: 2026 Concord developers
#include "cursorresult.h"

#include <QSqlQuery>

using namespace Qt::StringLiterals;

namespace Concord {

namespace {

const QString cursorName = u"concord_grid"_s;

} // namespace

CursorResult::CursorResult(const QSqlDriver *driver, const QSqlDatabase &reader)
    : QSqlResult(driver)
    , m_reader(reader)
{
}

std::unique_ptr<CursorResult> CursorResult::open(const QSqlDriver *driver, const QSqlDatabase &reader,
                                                 const QString &statement, QSqlError *error)
{
    std::unique_ptr<CursorResult> result(new CursorResult(driver, reader));
    QSqlQuery query(reader);
    // DECLARE starts nothing on the server: rows are produced as they are fetched.
    // One round trip for both statements (a multi-statement simple query).
    if (!query.exec(u"BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY; DECLARE %1 NO SCROLL CURSOR FOR %2"_s
                        .arg(cursorName, statement))) {
        *error = query.lastError();
        query.exec(u"ROLLBACK"_s);
        return nullptr;
    }
    result->m_open = true;
    if (!result->fetchChunk()) {
        *error = result->lastError();
        return nullptr;
    }
    result->setSelect(true);
    result->setForwardOnly(false);
    result->setActive(true);
    result->setAt(QSql::BeforeFirstRow);
    return result;
}

CursorResult::~CursorResult()
{
    finish();
}

bool CursorResult::fetchChunk()
{
    if (!m_open)
        return true;
    QSqlQuery query(m_reader);
    query.setForwardOnly(true);
    if (!query.exec(u"FETCH FORWARD %1 FROM %2"_s.arg(chunkRows).arg(cursorName))) {
        setLastError(query.lastError());
        finish();
        return false;
    }
    if (m_record.isEmpty())
        m_record = query.record();
    int fetched = 0;
    while (query.next()) {
        QVariantList row;
        row.reserve(m_record.count());
        for (int column = 0; column < m_record.count(); ++column)
            row << query.value(column);
        m_rows << row;
        ++fetched;
    }
    if (fetched < chunkRows)
        finish(); // the last row is read: release the snapshot
    return true;
}

void CursorResult::finish()
{
    if (!m_open)
        return;
    m_open = false;
    QSqlQuery(m_reader).exec(u"COMMIT"_s); // closes the cursor too
}

bool CursorResult::fetch(int row)
{
    if (row < 0)
        return false;
    while (row >= m_rows.size() && m_open) {
        if (!fetchChunk())
            return false;
    }
    if (row >= m_rows.size())
        return false;
    setAt(row);
    return true;
}

bool CursorResult::fetchLast()
{
    while (m_open) {
        if (!fetchChunk())
            return false;
    }
    if (m_rows.isEmpty())
        return false;
    setAt(int(m_rows.size()) - 1);
    return true;
}

QVariant CursorResult::data(int column)
{
    const int row = at();
    if (row < 0 || row >= m_rows.size() || column < 0 || column >= m_rows.at(row).size())
        return {};
    return m_rows.at(row).at(column);
}

bool CursorResult::isNull(int column)
{
    return data(column).isNull();
}

} // namespace Concord
