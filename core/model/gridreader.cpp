// SPDX-License-Identifier: MIT
// SPDX-FileCopyrightText: 2026 Concord developers
#include "gridreader.h"

#include <core/db/boundquery.h>
#include <core/db/databaseaddress.h>
#include <core/db/pooling.h>
#include <core/db/transaction.h>

#include <QHash>
#include <QMutex>
#include <QSqlError>

using namespace Qt::StringLiterals;

namespace Concord {

namespace {

Error readError(const QSqlError &error)
{
    return makeError(ErrorCode::Sql, error.text(), error);
}

// GridReaders per spare connection name: the last one to go closes the spare. A reader lives on
// the thread of its model's connection, which owns the spare too; models of other connections
// may live on other threads, hence the lock.
QMutex s_readersMutex;
QHash<QString, int> s_readersBySpare;

} // namespace

GridReader::GridReader(const QSqlDatabase &editing)
    : m_editing(editing)
    , m_spareName(editing.connectionName() + u"-grid-spare"_s)
{
    const QMutexLocker locker(&s_readersMutex);
    ++s_readersBySpare[m_spareName];
}

GridReader::~GridReader()
{
    bool last = false;
    {
        const QMutexLocker locker(&s_readersMutex);
        last = --s_readersBySpare[m_spareName] <= 0;
        if (last)
            s_readersBySpare.remove(m_spareName);
    }
    if (last)
        closeSpare();
}

Result<void> GridReader::open()
{
    if (!m_editing.isOpen()) {
        const QString message = QStringLiteral("The connection to the database is closed.");
        return makeError(ErrorCode::ConnectionFailed, message, QSqlError(message, {}, QSqlError::ConnectionError));
    }
    m_open = true;
    return {};
}

bool GridReader::isSpareOpen() const
{
    return QSqlDatabase::contains(m_spareName);
}

Result<ReadRows> GridReader::readRows(const QString &statement, const QVariantList &values)
{
    Q_ASSERT(isOpen());
    if (Transaction::isOpenOn(m_editing))
        return readOnSpare(statement, values);
    closeSpare(); // the transaction it stood in for is over: an idle editor holds one connection
    return readOnce(m_editing, statement, values);
}

Result<ReadRows> GridReader::readOnSpare(const QString &statement, const QVariantList &values)
{
    auto spare = openSpare();
    if (!spare)
        return spare.error();
    QSqlDatabase reader = spare.value();
    auto result = readOnce(reader, statement, values);
    // A driver learns of a dead connection only when it uses it, so the failed read tells.
    if (result || isConnectionAlive(reader))
        return result;
    reader.close();
    if (!reader.open())
        return readError(reader.lastError());
    return readOnce(reader, statement, values);
}

Result<QSqlDatabase> GridReader::openSpare()
{
    if (QSqlDatabase::contains(m_spareName))
        return QSqlDatabase::database(m_spareName, false);
    QSqlDatabase reader = QSqlDatabase::cloneDatabase(m_editing, m_spareName);
    if (isSQLite(m_editing))
        reader.setConnectOptions(u"QSQLITE_OPEN_READONLY;QSQLITE_BUSY_TIMEOUT=5000"_s);
    if (!reader.open()) {
        const QSqlError error = reader.lastError();
        reader = QSqlDatabase();
        QSqlDatabase::removeDatabase(m_spareName);
        return readError(error);
    }
    if (!isSQLite(m_editing)) // cursors on this connection would otherwise print NOTICEs
        QSqlQuery(reader).exec(u"SET client_min_messages = warning"_s);
    rememberPooling(reader, poolingOf(m_editing)); // the same address goes through the same pooler
    return reader;
}

void GridReader::closeSpare()
{
    if (QSqlDatabase::contains(m_spareName))
        closeDatabase(m_spareName);
}

Result<ReadRows> GridReader::readOnce(const QSqlDatabase &reader, const QString &statement, const QVariantList &values)
{
    BoundQuery query(reader);
    // PostgreSQL: not forward-only, which Qt runs in single-row mode without looking for the
    // notifications that arrive meanwhile; a page is at most a few hundred rows anyway.
    query.setForwardOnly(isSQLite(reader));
    if (values.isEmpty()) {
        if (!query.exec(statement)) // one round trip; prepared it would be three on PostgreSQL
            return readError(query.lastError());
    } else {
        if (!query.prepare(statement))
            return readError(query.lastError());
        for (const QVariant &value : values)
            query.addBindValue(value);
        if (!query.exec())
            return readError(query.lastError());
    }
    ReadRows rows;
    rows.record = query.record();
    const int columns = rows.record.count();
    while (query.next()) {
        QVariantList row;
        row.reserve(columns);
        for (int column = 0; column < columns; ++column)
            row << query.value(column);
        rows.rows << std::move(row);
    }
    if (query.lastError().isValid())
        return readError(query.lastError());
    query.finish(); // SQLite: releases the statement's shared lock now, not at the next read
    return rows;
}

} // namespace Concord
