// SPDX-License-Identifier: MIT
// SPDX-FileCopyrightText: 2026 Concord developers
#pragma once

#include <core/db/databaseaddress.h>

#include <QSqlDatabase>
#include <QStringList>
#include <QTemporaryDir>

#include <memory>

namespace Concord::Test {

/// Which database a test binary runs against: CONCORD_TEST_BACKEND=sqlite|postgresql.
enum class Backend { SQLite, PostgreSQL };
Backend backendUnderTest();
QString backendName(Backend backend);

/// Why PostgreSQL tests cannot run here, or an empty string when they can. The server is the one
/// in CONCORD_TEST_POSTGRESQL (an address; the password comes from PGPASSWORD).
QString postgresUnavailableReason();
/// True when scripts/test asked for PostgreSQL to be required, so that a missing server fails
/// the run instead of skipping it.
bool postgresRequired();

/// A throwaway database for one test: a SQLite file in a temporary folder, or a database of its
/// own on the test PostgreSQL server, dropped again by the destructor.
class ScratchDatabase
{
public:
    ScratchDatabase() = default;
    ~ScratchDatabase();
    ScratchDatabase(const ScratchDatabase &) = delete;
    ScratchDatabase &operator=(const ScratchDatabase &) = delete;

    /// Creates the database; returns an error message, empty on success.
    QString create(Backend backend);

    DatabaseAddress address() const { return m_address; }
    QString addressText() const { return m_address.toString(); }
    Backend backend() const { return m_backend; }

    /// Opens another named connection to the database (closed by the destructor).
    QSqlDatabase open(const QString &name);
    /// Runs statements on a connection of its own; returns the first error message, or empty.
    QString exec(const QStringList &statements);

private:
    Backend m_backend = Backend::SQLite;
    DatabaseAddress m_address;
    std::unique_ptr<QTemporaryDir> m_dir;
    QString m_postgresName;
    QStringList m_connections;
};

/// For initTestCase(): skips without PostgreSQL, or fails when scripts/test requires it.
#define CONCORD_REQUIRE_BACKEND()                                                                          \
    do {                                                                                                   \
        if (Concord::Test::backendUnderTest() == Concord::Test::Backend::PostgreSQL) {                      \
            const QString reason_ = Concord::Test::postgresUnavailableReason();                             \
            if (!reason_.isEmpty() && Concord::Test::postgresRequired())                                   \
                QFAIL(qPrintable(QStringLiteral("PostgreSQL is required but unavailable: ") + reason_));    \
            if (!reason_.isEmpty())                                                                        \
                QSKIP(qPrintable(reason_));                                                                \
        }                                                                                                  \
    } while (false)

} // namespace Concord::Test
