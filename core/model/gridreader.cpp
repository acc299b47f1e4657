// SPDX-License-Identifier: MIT
// SPDX-FileCopyrightText: 2026 Concord developers
#include "gridreader.h"

#include <core/db/databaseaddress.h>

#include <QSqlError>


using namespace Qt::StringLiterals;

namespace Concord {

namespace {

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

Result<ReadRows> GridReader::readRows(const QString &statement, const QVariantList &values)
{
    Q_ASSERT(isOpen());
    QSqlDatabase reader = QSqlDatabase::database(m_name, false);
    auto result = readOnce(reader, statement, values);
    // A driver learns of a dead connection only when it uses it, so the failed read tells.
    if (result || isConnectionAlive(reader))
        return result;
    reader.close();
    if (!reader.open())
        return readError(reader.lastError());
    return readOnce(reader, statement, values);
}

Result<ReadRows> GridReader::readOnce(const QSqlDatabase &reader, const QString &statement, const QVariantList &values)
{
    QSqlQuery query(reader);
    query.setForwardOnly(true);
    if (!query.prepare(statement))
        return readError(query.lastError());
    for (const QVariant &value : values)
        query.addBindValue(value);
    if (!query.exec())
        return readError(query.lastError());
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
