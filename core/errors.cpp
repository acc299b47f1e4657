// SPDX-License-Identifier: MIT
// SPDX-FileCopyrightText: 2026 Concord developers
#include "errors.h"

#include <QSqlQuery>

using namespace Qt::StringLiterals;

namespace Concord {

QSqlError concordSqlError(const QString &message, QSqlError::ErrorType type, const char *nativeCode)
{
    return QSqlError(message, {}, type, QString::fromLatin1(nativeCode));
}

bool hasNativeCode(const QSqlError &error, const char *nativeCode)
{
    return error.nativeErrorCode() == QLatin1String(nativeCode);
}

bool isRecordModified(const QSqlError &error)
{
    return hasNativeCode(error, NativeError::RecordModified);
}

bool isLockHeld(const QSqlError &error)
{
    return hasNativeCode(error, NativeError::LockHeld);
}

bool isOutcomeUnknown(const QSqlError &error)
{
    return hasNativeCode(error, NativeError::OutcomeUnknown);
}

bool isConnectionLost(const QSqlError &error)
{
    const QString code = error.nativeErrorCode();
    if (isOutcomeUnknown(error) || code.startsWith("08"_L1) || code == "57P01"_L1 || code == "57P02"_L1 || code == "57P03"_L1)
        return true;
    // libpq reports a dead socket without a SQLSTATE.
    static const char *const phrases[] = {"server closed the connection", "no connection to the server",
                                          "terminating connection", "could not receive data from server",
                                          "could not send data to server", "connection to server", "SSL SYSCALL error"};
    const QString text = error.text();
    for (const char *phrase : phrases) {
        if (text.contains(QLatin1String(phrase), Qt::CaseInsensitive))
            return true;
    }
    return false;
}

bool isPermissionDenied(const QSqlError &error)
{
    const QString code = error.nativeErrorCode();
    return code == "42501"_L1 || code == "3"_L1 /* SQLITE_PERM */ || code == "23"_L1 /* SQLITE_AUTH */;
}

bool isDatabaseBusy(const QSqlError &error)
{
    // SQLite: SQLITE_BUSY (5) and SQLITE_LOCKED (6), after the busy timeout ran out.
    const QString code = error.nativeErrorCode();
    return code == "5"_L1 || code == "6"_L1;
}

bool isReadOnlyDatabase(const QSqlError &error)
{
    // SQLite: SQLITE_READONLY (8); PostgreSQL: read_only_sql_transaction (a standby, a read-only
    // default_transaction_read_only).
    const QString code = error.nativeErrorCode();
    return code == "8"_L1 || code == "25006"_L1;
}

bool isDiskFull(const QSqlError &error)
{
    // SQLite: SQLITE_FULL (13); PostgreSQL: disk_full (53100).
    const QString code = error.nativeErrorCode();
    return code == "13"_L1 || code == "53100"_L1;
}

QString describeSqlError(const QSqlError &error)
{
    const QString text = error.text().simplified(); // one line: libpq spreads its messages over several
    if (text.isEmpty()) {
        const QString code = error.nativeErrorCode().isEmpty() ? QString::number(int(error.type())) : error.nativeErrorCode();
        return u"the database reported an error without a message (code %1)"_s.arg(code);
    }
    if (isOutcomeUnknown(error))
        return text; // Concord's own words, which say what is known
    if (isConnectionLost(error) && !text.contains("connection to the database was lost"_L1, Qt::CaseInsensitive))
        return u"the connection to the database was lost: "_s + text;
    if (isPermissionDenied(error) && !text.contains("permission denied"_L1, Qt::CaseInsensitive))
        return u"permission denied: "_s + text;
    if (isReadOnlyDatabase(error))
        return u"the database cannot be written to (read-only file, disk or server); nothing was written (%1)"_s.arg(text);
    if (isDiskFull(error))
        return u"the disk holding the database is full; nothing was written (%1)"_s.arg(text);
    if (isDatabaseBusy(error))
        return u"the database is busy: another program is writing to it and did not finish in time; nothing was "
               "written, try again (%1)"_s.arg(text);
    return text;
}

Error sqlError(const QSqlError &error, const QString &what)
{
    const QString message = what.isEmpty() ? describeSqlError(error) : what + ": "_L1 + describeSqlError(error);
    return makeError(ErrorCode::Sql, message, error);
}

Error sqlError(const QSqlQuery &query, const QString &what)
{
    return sqlError(query.lastError(), what);
}

} // namespace Concord
