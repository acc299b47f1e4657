// SPDX-License-Identifier: MIT
// SPDX-FileCopyrightText: 2026 Concord developers
#include "gridreader.h"

#include <core/db/databaseaddress.h>

#include <QSqlError>

#include <memory>

using namespace Qt::StringLiterals;

namespace Concord {

namespace {

constexpr int smallTableRows = 256; ///< PostgreSQL: up to this many rows the grid reads a table whole

Error readError(const QSqlError &error)
{
    return makeError(ErrorCode::Sql, error.text(), error);
}

} // namespace

GridReader::GridReader(const QSqlDatabase &editing, const void *owner)
    : m_editing(editing)
    , m_name(u"%1-reader-%2"_s.arg(editing.connectionName()).arg(quintptr(owner), 0, 16))
{
}

GridReader::~GridReader()
{
    if (isOpen())
        closeDatabase(m_name);
}

Result<void> GridReader::open()
{
    if (isOpen())
        return {};
    QSqlDatabase reader = QSqlDatabase::cloneDatabase(m_editing, m_name);
    if (isSQLite(m_editing))
        reader.setConnectOptions(u"QSQLITE_OPEN_READONLY;QSQLITE_BUSY_TIMEOUT=5000"_s);
    if (!reader.open()) {
        const QSqlError error = reader.lastError();
        reader = QSqlDatabase();
        QSqlDatabase::removeDatabase(m_name);
        return readError(error);
    }
    if (!isSQLite(m_editing)) // cursors on this connection would otherwise print NOTICEs
        QSqlQuery(reader).exec(u"SET client_min_messages = warning"_s);
    m_open = true;
    return {};
}

Result<QSqlQuery> GridReader::read(const QString &statement)
{
    Q_ASSERT(isOpen());
    QSqlDatabase reader = QSqlDatabase::database(m_name, false);
    auto result = isSQLite(reader) ? readSQLite(reader, statement) : readPostgres(reader, statement);
    // After the server dropped the reader (a restart, a failover) it is opened again, once: a
    // driver learns of a dead connection only when it uses it, so the failed read tells.
    if (result || isConnectionAlive(reader))
        return result;
    reader.close();
    if (!reader.open())
        return readError(reader.lastError());
    return isSQLite(reader) ? readSQLite(reader, statement) : readPostgres(reader, statement);
}

Result<QSqlQuery> GridReader::readSQLite(const QSqlDatabase &reader, const QString &statement)
{
    QSqlQuery query(reader);
    if (!query.exec(statement))
        return readError(query.lastError());
    return query;
}

// A small table is read whole in one round trip: the cursor's transaction would cost three.
Result<QSqlQuery> GridReader::readPostgres(const QSqlDatabase &reader, const QString &statement)
{
    {
        QSqlQuery small(reader);
        if (small.exec(statement + u" LIMIT %1"_s.arg(smallTableRows + 1)) && small.size() <= smallTableRows)
            return small;
    }
    QSqlError error;
    std::unique_ptr<CursorResult> cursor = CursorResult::open(&m_lazyFetchDriver, reader, statement, &error);
    if (!cursor)
        return readError(error);
    return QSqlQuery(cursor.release()); // the query owns its result
}

} // namespace Concord
