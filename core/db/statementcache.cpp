// SPDX-License-Identifier: MIT
// SPDX-FileCopyrightText: 2026 Concord developers
#include "statementcache.h"

#include <QSqlError>

namespace Concord {

BoundQuery *StatementCache::statement(const QString &sql)
{
    if (const auto found = m_statements.constFind(sql); found != m_statements.cend()) {
        (*found)->finish(); // a result left unread would keep the statement busy
        return found->get();
    }
    auto query = std::make_shared<BoundQuery>(QSqlDatabase::database(m_connectionName, false));
    query->setForwardOnly(true);
    ++m_prepares;
    if (!query->prepare(sql)) {
        m_lastError = query->lastError();
        return nullptr;
    }
    m_statements.insert(sql, query);
    return query.get();
}

} // namespace Concord
