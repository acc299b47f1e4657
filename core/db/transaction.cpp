// SPDX-License-Identifier: MIT
// SPDX-FileCopyrightText: 2026 Concord developers
#include "transaction.h"

#include <core/db/databaseaddress.h>
#include <core/db/schemacache.h>
#include <core/errors.h>

#include <QHash>
#include <QMutex>
#include <QSqlQuery>

using namespace Qt::StringLiterals;

namespace Concord {

namespace {

// Active transactions by connection name. Jobs open transactions on their own threads'
// connections, so the count is shared and guarded.
QMutex s_openMutex;
QHash<QString, int> s_openByConnection;

} // namespace

bool Transaction::isOpenOn(const QSqlDatabase &db)
{
    const QMutexLocker locker(&s_openMutex);
    return s_openByConnection.value(db.connectionName()) > 0;
}

void Transaction::setActive(bool active)
{
    if (active == m_active)
        return;
    m_active = active;
    const QMutexLocker locker(&s_openMutex);
    int &count = s_openByConnection[m_db.connectionName()];
    count += active ? 1 : -1;
    if (count <= 0)
        s_openByConnection.remove(m_db.connectionName());
}

Transaction::Transaction(const QSqlDatabase &db)
    : m_db(db)
{
}

Transaction::~Transaction()
{
    if (m_active)
        rollback();
}

bool Transaction::begin()
{
    setActive(run(isSQLite(m_db) ? u"BEGIN IMMEDIATE"_s : u"BEGIN"_s));
    return m_active;
}

bool Transaction::commit()
{
    if (!m_active)
        return false;
    m_commitUnknown = false;
    if (!run(u"COMMIT"_s)) {
        // A COMMIT the server never answered may still have been made: a lost answer is not a refusal.
        m_commitUnknown = isConnectionLost(m_error);
        rollback();
        return false;
    }
    setActive(false);
    return true;
}

void Transaction::rollback()
{
    if (!m_active)
        return;
    const QSqlError error = m_error; // keep the error that made us roll back
    run(u"ROLLBACK"_s);
    SchemaCache::forgetTables(m_db); // the rollback may have undone a table's creation or change
    if (error.isValid())
        m_error = error;
    setActive(false);
}

bool Transaction::savepoint(const QString &name)
{
    return run("SAVEPOINT "_L1 + name);
}

bool Transaction::rollbackTo(const QString &name)
{
    return run("ROLLBACK TO SAVEPOINT "_L1 + name);
}

bool Transaction::release(const QString &name)
{
    return run("RELEASE SAVEPOINT "_L1 + name);
}

bool Transaction::run(const QString &statement)
{
    QSqlQuery query(m_db);
    if (query.exec(statement))
        return true;
    m_error = query.lastError();
    return false;
}

} // namespace Concord
