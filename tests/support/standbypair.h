// SPDX-License-Identifier: MIT
// SPDX-FileCopyrightText: 2026 Concord developers
#pragma once

#include <QSqlDatabase>
#include <QString>
#include <QStringList>
#include <QVariant>

namespace Concord::Test {

/// The real primary and streaming standby of scripts/lib/standby.sh, a pair of its own apart from
/// the shared test server, for the failover tests (issue #14). scripts/test starts the pair and
/// names it in CONCORD_TEST_STANDBY_CTL (the control script) and CONCORD_TEST_STANDBY_PRIMARY,
/// _REPLICA and _FAILOVER (the addresses), which the constructor reads; an address is empty when
/// its variable is not set.
///
/// Every connection the pair opens stays open until closeConnections() or the destructor, so that
/// a QSqlQuery or model a test made on one keeps working for the rest of that test.
class StandbyPair
{
public:
    StandbyPair();
    ~StandbyPair();
    StandbyPair(const StandbyPair &) = delete;
    StandbyPair &operator=(const StandbyPair &) = delete;

    /// The first primary alone.
    QString primary() const { return m_primary; }
    /// The standby alone (the primary once promoted).
    QString replica() const { return m_replica; }
    /// Both hosts, read-write wanted: what a client that follows a failover is given.
    QString failover() const { return m_failover; }

    /// Runs a verb of the pair's control script (reset, stop-primary, promote-standby, ...) and
    /// waits for it; false, with a warning, when it fails.
    static bool control(const QString &verb);

    /// A new connection to \a addressText, or an invalid QSqlDatabase, with a warning, when the
    /// address does not parse or the server cannot be reached.
    QSqlDatabase openOn(const QString &addressText);
    /// The first column of the first row of \a sql, on a connection of its own; invalid, with a
    /// warning, when the query fails.
    QVariant scalarOn(const QString &address, const QString &sql);
    /// Runs \a statements on a connection of their own; the first failing one and its error, or
    /// an empty string when all succeeded.
    QString execOn(const QString &address, const QStringList &statements);

    /// Waits (at most 30 s) until the standby has replayed everything the primary wrote so far:
    /// what a test writes before a failover must be there after it, unless it loses it on purpose.
    bool waitForStandby();

    /// Closes every connection openOn() opened; for a test's cleanup().
    void closeConnections();

private:
    QString m_primary;
    QString m_replica;
    QString m_failover;
    QStringList m_connections;
};

} // namespace Concord::Test
