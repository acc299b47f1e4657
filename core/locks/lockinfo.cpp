// SPDX-License-Identifier: MIT
// SPDX-FileCopyrightText: 2026 Concord developers
#include "lockinfo.h"

#include <core/text.h>

#include <QCoreApplication>
#include <QCryptographicHash>
#include <QSysInfo>
#include <QtEndian>

using namespace Qt::StringLiterals;

namespace Concord {

CONCORD_TRANSLATION_CONTEXT("Concord::AdvisoryLock")

namespace {

QString utcText(const QDateTime &time)
{
    return time.toUTC().toString(u"yyyy-MM-dd HH:mm:ss 'UTC'"_s);
}

} // namespace

QString lockModeName(LockMode mode)
{
    return mode == LockMode::Shared ? u"shared"_s : u"exclusive"_s;
}

QString LockHolder::description() const
{
    QString who = user.isEmpty() ? databaseUser : user;
    if (!host.isEmpty())
        who += u'@' + host;
    if (who.isEmpty())
        who = tr("an unknown client");
    QStringList details;
    if (processId > 0)
        details << tr("pid %1").arg(processId);
    else if (backendPid > 0)
        details << tr("server pid %1").arg(backendPid);
    if (!application.isEmpty())
        details << application;
    QString text = tr("%1 lock %2 held by %3").arg(lockModeName(mode), name, who);
    if (!details.isEmpty())
        text += " ("_L1 + details.join(", "_L1) + u')';
    if (since.isValid())
        text += tr(" since %1").arg(utcText(since));
    if (generation > 0)
        text += tr(", generation %1").arg(generation);
    return text;
}

QJsonObject LockHolder::toJson() const
{
    QJsonObject json{{u"name"_s, name}, {u"mode"_s, lockModeName(mode)}};
    const auto putText = [&json](const QString &field, const QString &value) {
        if (!value.isEmpty())
            json.insert(field, value);
    };
    const auto putNumber = [&json](const QString &field, qint64 value) {
        if (value != 0)
            json.insert(field, value);
    };
    const auto putTime = [&json](const QString &field, const QDateTime &value) {
        if (value.isValid())
            json.insert(field, value.toUTC().toString(Qt::ISODateWithMs));
    };
    putNumber(u"generation"_s, generation);
    putText(u"user"_s, user);
    putText(u"host"_s, host);
    putNumber(u"pid"_s, processId);
    putText(u"application"_s, application);
    putTime(u"since"_s, since);
    putTime(u"expires_at"_s, expiresAt);
    putText(u"database_user"_s, databaseUser);
    putNumber(u"backend_pid"_s, backendPid);
    putNumber(u"key"_s, key);
    return json;
}

namespace {

const QLatin1StringView operationSeparator(": ");

} // namespace

QString LockHolder::operation() const
{
    const qsizetype at = application.indexOf(operationSeparator);
    return at < 0 ? QString() : application.mid(at + operationSeparator.size());
}

QString LockHolder::activityText() const
{
    QString what = operation();
    if (what.isEmpty())
        what = application.isEmpty() ? name : application;
    QString who = user.isEmpty() ? databaseUser : user;
    if (!host.isEmpty())
        who += u'@' + host;
    QString text = who.isEmpty() ? what : tr("%1 by %2").arg(what, who);
    if (since.isValid()) {
        const QDateTime local = since.toLocalTime();
        const QString format = local.date() == QDate::currentDate() ? u"HH:mm"_s : u"yyyy-MM-dd HH:mm"_s;
        text += tr(" since %1").arg(local.toString(format));
    }
    return text;
}

QString operationApplicationName(const QString &application, const QString &operation)
{
    return operation.isEmpty() ? application : application + operationSeparator + operation;
}

int configuredLeaseMs(int fallback)
{
    bool ok = false;
    const int value = qEnvironmentVariableIntValue("CONCORD_LOCK_LEASE_MS", &ok);
    return ok && value >= 300 ? value : fallback;
}

Error lockHeldError(const QString &name, const QList<LockHolder> &holders)
{
    if (holders.isEmpty())
        return makeError(ErrorCode::LockHeld, tr("Lock %1 is held by another client.").arg(name));
    QStringList lines;
    for (const LockHolder &holder : holders)
        lines << holder.description();
    return makeError(ErrorCode::LockHeld, tr("Lock %1 is busy: %2").arg(name, lines.join("; "_L1)));
}

qint64 advisoryLockKey(const QString &name)
{
    const QByteArray digest = QCryptographicHash::hash(name.toUtf8(), QCryptographicHash::Sha256);
    return qFromBigEndian<qint64>(digest.constData());
}

QString currentHostName()
{
    return QSysInfo::machineHostName();
}

} // namespace Concord
