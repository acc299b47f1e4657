// SPDX-License-Identifier: MIT
// SPDX-FileCopyrightText: 2026 Concord developers
#include "standbypair.h"

#include <core/db/databaseaddress.h>
#include <core/errors.h>

#include <QDeadlineTimer>
#include <QProcess>
#include <QSqlError>
#include <QSqlQuery>
#include <QThread>

using namespace Qt::StringLiterals;

namespace Concord::Test {

namespace {

// A verb may stop, start or promote a server, which can take a while on a loaded machine.
constexpr int controlTimeoutMs = 90000;
constexpr int replayTimeoutMs = 30000;

} // namespace

StandbyPair::StandbyPair()
    : m_primary(qEnvironmentVariable("CONCORD_TEST_STANDBY_PRIMARY"))
    , m_replica(qEnvironmentVariable("CONCORD_TEST_STANDBY_REPLICA"))
    , m_failover(qEnvironmentVariable("CONCORD_TEST_STANDBY_FAILOVER"))
{
}

StandbyPair::~StandbyPair()
{
    closeConnections();
}

bool StandbyPair::control(const QString &verb)
{
    QProcess process;
    process.start(qEnvironmentVariable("CONCORD_TEST_STANDBY_CTL"), {verb});
    if (!process.waitForFinished(controlTimeoutMs) || process.exitStatus() != QProcess::NormalExit
        || process.exitCode() != 0) {
        qWarning("standby control %s failed: %s", qPrintable(verb), process.readAllStandardError().constData());
        return false;
    }
    return true;
}

QSqlDatabase StandbyPair::openOn(const QString &addressText)
{
    const auto address = DatabaseAddress::parse(addressText);
    if (!address) {
        qWarning("not an address: %s", qPrintable(addressText));
        return {};
    }
    const QString name = connectionNameFor(u"standbypair"_s);
    const auto db = openDatabase(address.value(), name);
    if (!db) {
        qWarning("cannot connect to %s: %s", qPrintable(addressText), qPrintable(db.error().message));
        return {};
    }
    m_connections << name;
    return db.value();
}

QVariant StandbyPair::scalarOn(const QString &address, const QString &sql)
{
    QSqlQuery query(openOn(address));
    if (!query.exec(sql) || !query.next()) {
        qWarning("%s: %s", qPrintable(sql), qPrintable(query.lastError().text()));
        return {};
    }
    return query.value(0);
}

QString StandbyPair::execOn(const QString &address, const QStringList &statements)
{
    QSqlQuery query(openOn(address));
    for (const QString &statement : statements) {
        if (!query.exec(statement))
            return statement + u": "_s + query.lastError().text();
    }
    return {};
}

bool StandbyPair::waitForStandby()
{
    const QString lsn = scalarOn(m_primary, u"SELECT pg_current_wal_lsn()::text"_s).toString();
    QSqlQuery query(openOn(m_replica));
    for (QDeadlineTimer deadline(replayTimeoutMs); !deadline.hasExpired(); QThread::msleep(50)) {
        if (query.exec(u"SELECT pg_last_wal_replay_lsn() >= '%1'::pg_lsn"_s.arg(lsn)) && query.next()
            && query.value(0).toBool())
            return true;
    }
    return false;
}

void StandbyPair::closeConnections()
{
    for (const QString &name : std::as_const(m_connections))
        closeDatabase(name);
    m_connections.clear();
}

} // namespace Concord::Test
