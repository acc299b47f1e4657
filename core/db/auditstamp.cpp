// SPDX-License-Identifier: MIT
// SPDX-FileCopyrightText: 2026 Concord developers
#include "auditstamp.h"

#include <core/db/databaseaddress.h>

#ifdef Q_OS_UNIX
#include <pwd.h>
#include <unistd.h>
#endif

using namespace Qt::StringLiterals;

namespace Concord {

QString currentUserName()
{
    for (const char *variable : {"USER", "LOGNAME", "USERNAME"}) {
        const QString value = qEnvironmentVariable(variable);
        if (!value.isEmpty())
            return value;
    }
#ifdef Q_OS_UNIX
    // Services and containers often run without USER; the account database still knows.
    if (const passwd *entry = ::getpwuid(::geteuid()))
        return QString::fromLocal8Bit(entry->pw_name);
#endif
    return {};
}

SqlTerm auditUser(const QSqlDatabase &db)
{
    if (isSQLite(db)) {
        const QString user = currentUserName();
        return {u"?"_s, {user.isEmpty() ? QVariant() : QVariant(user)}};
    }
    return {u"current_user"_s, {}};
}

SqlTerm auditTime(const QSqlDatabase &db)
{
    if (isSQLite(db))
        return {u"strftime('%Y-%m-%d %H:%M:%f', 'now')"_s, {}};
    return {u"CURRENT_TIMESTAMP"_s, {}};
}

} // namespace Concord
