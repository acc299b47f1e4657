// SPDX-License-Identifier: MIT
// SPDX-FileCopyrightText: 2026 Concord developers
#pragma once

#include <core/db/databaseaddress.h>

#include <QElapsedTimer>
#include <QSqlDatabase>
#include <QString>

namespace Concord::Bench {

/// A database the measures run on: the backend's name in the report and its address.
struct Backend
{
    QString name; ///< "sqlite" or "postgresql"
    DatabaseAddress address;

    bool isSQLite() const { return address.isSQLite(); }
    /// The address as workers get it on their command line (never holds a password).
    QString addressText() const { return address.toString(); }
};

/// Opens a new connection to \a backend, exiting with a message when it cannot: a benchmark
/// that silently measures nothing is worse than one that stops.
QSqlDatabase openOrDie(const Backend &backend, const QString &purpose);

/// The name of the benchmark table with \a rows rows, creating and filling it on first use.
/// Columns: id (primary key 1..rows), name, email, city, qty, note, version (all 1).
QString benchTable(const QSqlDatabase &db, int rows);

/// Runs \a statement, exiting with the driver's message when it fails.
void execOrDie(const QSqlDatabase &db, const QString &statement);

/// "10k", "1M" and the like.
QString sizeLabel(int rows);

/// Milliseconds since \a timer started, with nanosecond resolution.
inline double elapsedMs(const QElapsedTimer &timer)
{
    return double(timer.nsecsElapsed()) / 1e6;
}

/// Stops the run with \a message on stderr.
[[noreturn]] void die(const QString &message);

} // namespace Concord::Bench
