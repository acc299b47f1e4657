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

Error sqlError(const QSqlError &error, const QString &what)
{
    const QString message = what.isEmpty() ? error.text() : what + ": "_L1 + error.text();
    return makeError(ErrorCode::Sql, message, error);
}

Error sqlError(const QSqlQuery &query, const QString &what)
{
    return sqlError(query.lastError(), what);
}

} // namespace Concord
