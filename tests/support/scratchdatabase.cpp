// SPDX-License-Identifier: MIT
// SPDX-FileCopyrightText: 2026 Concord developers
#include "scratchdatabase.h"

#include <QAtomicInt>
#include <QCoreApplication>
#include <QSqlError>
#include <QSqlQuery>
#include <QSettings>
#include <QTemporaryDir>

namespace Concord::Test {

namespace {

const char postgresVariable[] = "CONCORD_TEST_POSTGRESQL";

QString adminConnectionName()
{
    return connectionNameFor(QStringLiteral("test-admin"));
}

// Runs one statement on the server's maintenance database; CREATE/DROP DATABASE cannot run
// inside the database they create or drop.
QString runAdmin(const QString &statement)
{
    const auto address = DatabaseAddress::parse(qEnvironmentVariable(postgresVariable));
    if (!address)
        return address.error().message;
    const QString name = adminConnectionName();
    QString error;
    {
        auto db = openDatabase(address.value(), name);
        if (!db)
            return db.error().message;
        QSqlQuery query(db.value());
        if (!query.exec(statement))
            error = query.lastError().text();
    }
    closeDatabase(name);
    return error;
}

// Every test process gets settings of its own, before anything reads them: windows remember
// their geometry and recent databases, and no test may read or change the user's, nor another
// test's running at the same time. In this file because every database test links it.
void useTemporarySettings()
{
    static QTemporaryDir settingsDir;
    QSettings::setPath(QSettings::NativeFormat, QSettings::UserScope, settingsDir.path());
    QSettings::setPath(QSettings::IniFormat, QSettings::UserScope, settingsDir.path());
}
Q_COREAPP_STARTUP_FUNCTION(useTemporarySettings)

} // namespace

Backend backendUnderTest()
{
    return qEnvironmentVariable("CONCORD_TEST_BACKEND") == QLatin1String("postgresql") ? Backend::PostgreSQL
                                                                                        : Backend::SQLite;
}

QString backendName(Backend backend)
{
    return backend == Backend::PostgreSQL ? QStringLiteral("postgresql") : QStringLiteral("sqlite");
}

bool postgresRequired()
{
    return qEnvironmentVariableIntValue("CONCORD_REQUIRE_POSTGRESQL") == 1;
}

QString postgresUnavailableReason()
{
    if (!qEnvironmentVariableIsSet(postgresVariable))
        return QStringLiteral("CONCORD_TEST_POSTGRESQL is not set (scripts/test starts a server and sets it)");
    return runAdmin(QStringLiteral("SELECT 1"));
}

ScratchDatabase::~ScratchDatabase()
{
    for (const QString &name : std::as_const(m_connections))
        closeDatabase(name);
    if (!m_postgresName.isEmpty())
        runAdmin(QStringLiteral("DROP DATABASE IF EXISTS \"%1\" WITH (FORCE)").arg(m_postgresName));
}

QString ScratchDatabase::create(Backend backend)
{
    m_backend = backend;
    if (backend == Backend::SQLite) {
        m_dir = std::make_unique<QTemporaryDir>();
        if (!m_dir->isValid())
            return m_dir->errorString();
        m_address.kind = DatabaseAddress::Kind::SQLite;
        m_address.path = m_dir->filePath(QStringLiteral("test.sqlite"));
        // Create the file and switch it to WAL once, as Concord's own databases are.
        QSqlDatabase db = open(QStringLiteral("scratch-init"));
        if (!db.isOpen())
            return QStringLiteral("cannot create %1").arg(m_address.path);
        QSqlQuery(db).exec(QStringLiteral("PRAGMA journal_mode = WAL"));
        return {};
    }
    static QAtomicInt counter;
    m_postgresName = QStringLiteral("concord_t_%1_%2")
                         .arg(QCoreApplication::applicationPid())
                         .arg(counter.fetchAndAddRelaxed(1));
    if (const QString error = runAdmin(QStringLiteral("CREATE DATABASE \"%1\"").arg(m_postgresName)); !error.isEmpty()) {
        m_postgresName.clear();
        return error;
    }
    m_address = DatabaseAddress::parse(qEnvironmentVariable(postgresVariable)).value();
    m_address.databaseName = m_postgresName;
    return {};
}

QSqlDatabase ScratchDatabase::open(const QString &name)
{
    OpenOptions options;
    options.createIfMissing = true;
    const QString connection = connectionNameFor(name);
    auto db = openDatabase(m_address, connection, options);
    if (!db) {
        qWarning("ScratchDatabase: %s", qPrintable(db.error().message));
        return {};
    }
    m_connections << connection;
    return db.value();
}

QString ScratchDatabase::exec(const QStringList &statements)
{
    QSqlDatabase db = open(QStringLiteral("scratch-exec"));
    if (!db.isOpen())
        return QStringLiteral("cannot open %1").arg(addressText());
    QSqlQuery query(db);
    for (const QString &statement : statements) {
        if (!query.exec(statement))
            return statement + QStringLiteral(": ") + query.lastError().text();
    }
    return {};
}

} // namespace Concord::Test
