// SPDX-License-Identifier: MIT
// SPDX-FileCopyrightText: 2026 Concord developers
#include "transaction.h"

#include <core/db/databaseaddress.h>

#include <QSqlQuery>

using namespace Qt::StringLiterals;

namespace Concord {

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
    m_active = run(isSQLite(m_db) ? u"BEGIN IMMEDIATE"_s : u"BEGIN"_s);
    return m_active;
}

bool Transaction::commit()
{
    if (!m_active)
        return false;
    if (!run(u"COMMIT"_s)) {
        rollback();
        return false;
    }
    m_active = false;
    return true;
}

void Transaction::rollback()
{
    if (!m_active)
        return;
    const QSqlError error = m_error; // keep the error that made us roll back
    run(u"ROLLBACK"_s);
    if (error.isValid())
        m_error = error;
    m_active = false;
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
