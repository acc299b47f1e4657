// SPDX-License-Identifier: MIT
// SPDX-FileCopyrightText: 2026 Concord developers
#include "databaseaddress.h"

#include <core/db/libpqconninfo.h>
#include <core/db/pooling.h>
#include <core/db/schemacache.h>

#include <core/text.h>

#include <QCoreApplication>
#include <QFile>
#include <QFileInfo>
#include <QHash>
#include <QMutex>
#include <QSqlQuery>
#include <QThread>
#include <QUrl>
#include <QUrlQuery>

using namespace Qt::StringLiterals;

namespace Concord {

CONCORD_TRANSLATION_CONTEXT("Concord::DatabaseAddress")

namespace {

// The libpq connection keywords an address may carry. Anything else (password, options, ...) is
// refused: a keyword Concord does not know could carry a secret or change what "user" means.
// load_balance_hosts is not here: the libpq of PostgreSQL 15 (Debian 12) does not know it and
// would refuse every connection.
const QStringList allowedLibpqOptions = {
    u"sslmode"_s, u"sslcert"_s, u"sslkey"_s, u"sslrootcert"_s, u"sslcrl"_s, u"sslcrldir"_s, u"sslsni"_s,
    u"sslcompression"_s, u"ssl_min_protocol_version"_s, u"ssl_max_protocol_version"_s, u"requirepeer"_s,
    u"gssencmode"_s, u"krbsrvname"_s, u"gsslib"_s, u"channel_binding"_s, u"connect_timeout"_s,
    u"application_name"_s, u"fallback_application_name"_s, u"keepalives"_s, u"keepalives_idle"_s,
    u"keepalives_interval"_s, u"keepalives_count"_s, u"tcp_user_timeout"_s, u"target_session_attrs"_s,
    u"hostaddr"_s, u"passfile"_s, u"service"_s,
};

// QPSQL hands the options to libpq as "key=value" separated by spaces: unquoted, a space, quote,
// backslash or '=' in a value would start another keyword (sslmode=prefer%20password%3Dx sets a
// password). libpqOptions() quotes every value, and such values are refused here all the same: no
// option libpq knows takes them, and a second defence costs nothing. The message never repeats
// the value, which may be a secret.
Result<void> checkOptionValue(const QString &key, const QString &value)
{
    for (const QChar c : value) {
        if (c.isSpace() || c == u'=' || c == u';' || c == u'\'' || c == u'\\' || c == u'"' || c.category() == QChar::Other_Control) {
            return makeError(ErrorCode::InvalidAddress,
                             tr("The value of address option %1 contains a space, quote, backslash, '=' or ';', "
                                "which are not accepted.").arg(key));
        }
    }
    return {};
}

Result<void> checkOption(const QString &key, const QString &value)
{
    if (key == "password"_L1 || key == "sslpassword"_L1)
        return makeError(ErrorCode::InvalidAddress, tr("Passwords are not accepted in addresses; use PGPASSWORD or ~/.pgpass."));
    if (key == QLatin1String(poolingOptionKey)) {
        if (auto stated = statedPoolingFrom(value); !stated)
            return stated.error();
        return {};
    }
    if (!allowedLibpqOptions.contains(key))
        return makeError(ErrorCode::InvalidAddress, tr("Unknown address option %1.").arg(key));
    // application_name is quoted for libpq by libpqOptions(); every other value must be one word.
    return key == "application_name"_L1 ? Result<void>() : checkOptionValue(key, value);
}

Result<DatabaseAddress> parseSingleHost(const QString &text)
{
    const QUrl url(text, QUrl::StrictMode);
    if (!url.isValid())
        return makeError(ErrorCode::InvalidAddress, tr("Not a valid PostgreSQL address: %1").arg(url.errorString()));
    if (!url.password().isEmpty()) {
        return makeError(ErrorCode::InvalidAddress,
                         tr("The address contains a password. Put it in PGPASSWORD or ~/.pgpass instead, "
                            "so that it never appears in command lines or logs."));
    }
    DatabaseAddress address;
    address.kind = DatabaseAddress::Kind::PostgreSQL;
    address.host = url.host();
    if (auto name = Libpq::checkHostName(address.host); !name)
        return name.error();
    address.port = url.port(-1);
    if (address.port == 0) // QUrl takes it; libpq would not
        return makeError(ErrorCode::InvalidAddress, tr("The port in the address is not a number from 1 to 65535."));
    address.user = url.userName();
    address.databaseName = url.path().mid(1);
    const QUrlQuery query(url);
    for (const auto &[key, value] : query.queryItems(QUrl::FullyDecoded)) {
        // libpq takes the socket directory as host=/path in the query string.
        if (key != "host"_L1 && key != "port"_L1) {
            if (auto valid = checkOption(key, value); !valid)
                return valid.error();
        }
        if (key == "host"_L1) {
            // A socket directory goes back into the query; a host name is written in front, as a
            // URL host, so it must be one (an IPv6 address is written in brackets there).
            address.host = value;
            if (!value.startsWith(u'/')) {
                const auto hosts = DatabaseAddress::parseHostList(value.contains(u':') ? u'[' + value + u']' : value);
                if (!hosts)
                    return hosts.error();
                if (hosts.value().size() != 1 || hosts.value().constFirst().port > 0)
                    return makeError(ErrorCode::InvalidAddress, tr("host= in the address names one host, without a port."));
                address.host = hosts.value().constFirst().name;
            }
        }
        else if (key == "port"_L1) {
            bool ok = false;
            address.port = value.toInt(&ok);
            if (!ok || address.port < 1 || address.port > 65535)
                return makeError(ErrorCode::InvalidAddress, tr("The port in the address is not a number from 1 to 65535."));
        }
        else
            address.options.insert(key, value);
    }
    return address;
}

// Where the authority (user@hosts) of a postgresql:// URL begins and ends.
std::pair<qsizetype, qsizetype> authoritySpan(const QString &text)
{
    const qsizetype start = text.indexOf("://"_L1) + 3;
    qsizetype end = start;
    while (end < text.size() && text.at(end) != u'/' && text.at(end) != u'?' && text.at(end) != u'#')
        ++end;
    return {start, end};
}

// libpq's multi-host form, which QUrl does not read: the URL with its first host is read as
// ever, and the others become moreHosts.
Result<DatabaseAddress> parsePostgreSQL(const QString &text)
{
    const auto [start, end] = authoritySpan(text);
    const QString authority = text.mid(start, end - start);
    const qsizetype at = authority.lastIndexOf(u'@');
    const QString hostsText = authority.mid(at + 1);
    if (!hostsText.contains(u','))
        return parseSingleHost(text);
    auto hosts = DatabaseAddress::parseHostList(hostsText);
    if (!hosts)
        return hosts.error();
    const QString firstHost = hostsText.left(hostsText.indexOf(u','));
    auto address = parseSingleHost(text.left(start) + authority.left(at + 1) + firstHost + text.mid(end));
    if (!address)
        return address;
    // libpq would take a host or port list of the query instead of the hosts written in front.
    if (address.value().host != hosts.value().constFirst().name || address.value().port != hosts.value().constFirst().port) {
        return makeError(ErrorCode::InvalidAddress,
                         tr("An address with several hosts gives each host its port in front "
                            "(postgresql://user@h1:5432,h2:5433/db), not with host= or port=."));
    }
    address.value().moreHosts = hosts.value().mid(1);
    return address;
}

// SQLite files this process has open, by canonical path, with the connections using them.
// Opening and closing the file with another descriptor (QFile, below) releases *every* POSIX
// lock the process holds on it, including the locks of its open SQLite connections; other
// processes then think nobody uses the database and may checkpoint and delete its WAL under
// them ("How To Corrupt", section 2.2). So a file already open here is never read by hand.
struct OpenSQLiteFiles
{
    QMutex mutex;
    QHash<QString, QString> pathByConnection;

    bool contains(const QString &path)
    {
        QMutexLocker locker(&mutex);
        return std::find(pathByConnection.cbegin(), pathByConnection.cend(), path) != pathByConnection.cend();
    }
};

OpenSQLiteFiles &openSQLiteFiles()
{
    static OpenSQLiteFiles files;
    return files;
}

// Reads only the header: a file that does not start like a SQLite database is never handed
// to SQLite, which could otherwise treat it as an empty database and write to it.
Result<void> checkSQLiteHeader(const QString &path)
{
    QFile file(path);
    if (!file.open(QIODevice::ReadOnly))
        return makeError(ErrorCode::NotFound, tr("Cannot read %1: %2").arg(path, file.errorString()));
    if (file.size() == 0)
        return {};
    const QByteArray header = file.read(16);
    if (header != QByteArray("SQLite format 3\0", 16))
        return makeError(ErrorCode::NotADatabase, tr("%1 is not a SQLite database.").arg(path));
    return {};
}

// A rollback journal left by a writer that died mid-transaction ("hot"): a read-only connection
// cannot roll it back, so SQLite refuses to read the file at all until a writing connection has.
bool hasRollbackJournal(const QString &path)
{
    const QFileInfo journal(path + "-journal"_L1);
    return journal.exists() && journal.size() > 0;
}

// SQLite's busy codes (5, and 6 for a locked table), as QSQLITE reports them in nativeErrorCode().
bool isBusy(const QSqlError &error)
{
    const QString code = error.nativeErrorCode();
    return code == "5"_L1 || code == "6"_L1 || code.startsWith("5 "_L1);
}

// Reading the schema makes SQLite parse the header and the schema pages, which is where a
// damaged or foreign file fails.
Result<void> readSchema(const QSqlDatabase &db, const QString &path)
{
    QSqlQuery query(db);
    if (query.exec(u"SELECT count(*) FROM sqlite_master"_s) && query.next())
        return {};
    if (isBusy(query.lastError())) {
        return makeError(ErrorCode::ConnectionFailed,
                         tr("%1 is busy: another program is writing to it. Try again when it is done.").arg(path),
                         query.lastError());
    }
    return makeError(ErrorCode::NotADatabase, tr("%1 is not a usable SQLite database: %2").arg(path, query.lastError().text()),
                     query.lastError());
}

Result<void> validateSQLiteReadOnly(const QString &path, const QString &connectionName, int busyTimeoutMs)
{
    const QString probeName = connectionName + "-probe"_L1;
    Result<void> result;
    {
        QSqlDatabase probe = QSqlDatabase::addDatabase(u"QSQLITE"_s, probeName);
        probe.setDatabaseName(path);
        probe.setConnectOptions(u"QSQLITE_OPEN_READONLY;QSQLITE_BUSY_TIMEOUT=%1"_s.arg(busyTimeoutMs));
        if (!probe.open()) {
            result = makeError(ErrorCode::NotADatabase, tr("Cannot open %1: %2").arg(path, probe.lastError().text()),
                               probe.lastError());
        } else {
            result = readSchema(probe, path);
        }
        probe.close();
    }
    QSqlDatabase::removeDatabase(probeName);
    return result;
}

Result<QSqlDatabase> openSQLite(const DatabaseAddress &address, const QString &connectionName, const OpenOptions &options)
{
    const QFileInfo info(address.path);
    bool recoverJournal = false;
    if (!info.exists()) {
        if (!options.createIfMissing)
            return makeError(ErrorCode::NotFound, tr("There is no database at %1.").arg(address.path));
    } else {
        if (info.isDir())
            return makeError(ErrorCode::NotADatabase, tr("%1 is a folder, not a database.").arg(address.path));
        const bool openHere = openSQLiteFiles().contains(info.canonicalFilePath());
        if (auto header = openHere ? Result<void>() : checkSQLiteHeader(address.path); !header)
            return header.error();
        if (auto valid = validateSQLiteReadOnly(address.path, connectionName, options.busyTimeoutMs); !valid) {
            // A hot journal is the one failure the writing connection below resolves, as SQLite
            // intends: its first read rolls the dead writer's transaction back, and then the same
            // schema read validates the file. The header was checked above, so a file that is not
            // a database never gets that far.
            if (valid.error().code != ErrorCode::NotADatabase || !hasRollbackJournal(address.path))
                return valid.error();
            recoverJournal = true;
        }
    }

    QSqlDatabase db = QSqlDatabase::addDatabase(u"QSQLITE"_s, connectionName);
    db.setDatabaseName(address.path);
    // The caller's options first: QSQLITE reads them in order, and Concord's busy timeout,
    // chosen against the lock leases, must win.
    QStringList connectOptions;
    for (auto it = address.options.cbegin(); it != address.options.cend(); ++it)
        connectOptions << (it.value().isEmpty() ? it.key() : it.key() + u'=' + it.value());
    connectOptions << u"QSQLITE_BUSY_TIMEOUT=%1"_s.arg(options.busyTimeoutMs);
    db.setConnectOptions(connectOptions.join(u';'));
    if (!db.open()) {
        const QSqlError error = db.lastError();
        return makeError(ErrorCode::ConnectionFailed, tr("Cannot open %1: %2").arg(address.path, error.text()), error);
    }
    if (recoverJournal) {
        if (auto valid = readSchema(db, address.path); !valid) {
            db.close();
            db = QSqlDatabase();
            QSqlDatabase::removeDatabase(connectionName);
            return valid.error();
        }
    }
    QSqlQuery pragma(db);
    pragma.exec(u"PRAGMA foreign_keys = ON"_s);
    {
        OpenSQLiteFiles &files = openSQLiteFiles();
        QMutexLocker locker(&files.mutex);
        files.pathByConnection.insert(connectionName, QFileInfo(address.path).canonicalFilePath());
    }
    return db;
}

QString libpqOptions(const DatabaseAddress &address, const OpenOptions &options)
{
    // QPSQL appends the connect options to the libpq conninfo string as they are, ';' standing
    // for ' ': every value is quoted, so that none (a job's operation name such as "concord:
    // Import into orders", a host list) can end early and start another keyword.
    QStringList parts;
    const auto add = [&parts](const QString &key, const QString &value) { parts << key + u'=' + Libpq::quotedValue(value); };
    if (!address.moreHosts.isEmpty()) {
        // QPSQL takes one host and an int port; libpq takes the later of two equal keywords, and
        // openPostgreSQL() sets neither, so these lists are the only ones.
        const auto [hosts, ports] = Libpq::hostLists(address);
        add(u"host"_s, hosts);
        add(u"port"_s, ports);
    }
    if (!address.options.contains(u"application_name"_s) && !options.applicationName.isEmpty())
        add(u"application_name"_s, options.applicationName);
    if (!address.options.contains(u"connect_timeout"_s))
        add(u"connect_timeout"_s, u"10"_s);
    for (auto it = address.options.cbegin(); it != address.options.cend(); ++it) {
        if (it.key() != QLatin1String(poolingOptionKey)) // Concord's own: libpq would refuse it
            add(it.key(), it.value());
    }
    return parts.join(u';');
}

Result<QSqlDatabase> openPostgreSQL(const DatabaseAddress &address, const QString &connectionName,
                                    const OpenOptions &options)
{
    QSqlDatabase db = QSqlDatabase::addDatabase(u"QPSQL"_s, connectionName);
    if (!db.isValid())
        return makeError(ErrorCode::ConnectionFailed, tr("The PostgreSQL driver (libqt6sql6-psql) is not installed."));
    if (address.moreHosts.isEmpty()) {
        db.setHostName(address.host);
        if (address.port > 0)
            db.setPort(address.port);
    }
    db.setUserName(address.user);
    db.setDatabaseName(address.databaseName);
    if (!options.password.isEmpty())
        db.setPassword(options.password);
    db.setConnectOptions(libpqOptions(address, options));
    if (!db.open()) {
        const QSqlError error = db.lastError();
        db = QSqlDatabase();
        QSqlDatabase::removeDatabase(connectionName);
        // No password found, or the one given refused: either way the user may type (another) one.
        const bool wantsPassword = error.text().contains("no password supplied"_L1)
            || error.text().contains("password authentication failed"_L1);
        return makeError(wantsPassword ? ErrorCode::PasswordRequired : ErrorCode::ConnectionFailed,
                         tr("Cannot connect to %1: %2").arg(address.toString(), error.databaseText().trimmed()), error);
    }
    // libpq prints NOTICEs (such as "trigger does not exist, skipping") on stderr.
    QSqlQuery(db).exec(u"SET client_min_messages = warning"_s);
    // Whether a pooler shares this connection's server session with others decides how values
    // are bound and whether session locks and LISTEN can be trusted (pooling.h).
    QList<int> ports;
    for (const DatabaseHost &host : address.hosts())
        ports << host.port;
    const Result<std::optional<Pooling>> stated = statedPoolingFrom(address.options.value(QLatin1String(poolingOptionKey), u"auto"_s));
    const Result<PoolingProbe> pooling = stated ? probePooling(db, ports, stated.value()) : Result<PoolingProbe>(stated.error());
    if (!pooling) {
        db.close();
        db = QSqlDatabase();
        QSqlDatabase::removeDatabase(connectionName);
        return makeError(ErrorCode::ConnectionFailed,
                         tr("Cannot use %1: %2").arg(address.toString(), pooling.error().message), pooling.error().sqlError);
    }
    rememberPooling(db, pooling.value());
    return db;
}

} // namespace

Result<DatabaseAddress> DatabaseAddress::parse(const QString &text)
{
    const QString trimmed = text.trimmed();
    if (trimmed.isEmpty())
        return makeError(ErrorCode::InvalidAddress, tr("No database address given."));
    if (trimmed.startsWith("postgresql://"_L1) || trimmed.startsWith("postgres://"_L1))
        return parsePostgreSQL(trimmed);
    DatabaseAddress address;
    address.kind = Kind::SQLite;
    const bool prefixed = trimmed.startsWith("sqlite:"_L1);
    address.path = prefixed ? trimmed.mid(7) : trimmed;
    // sqlite:///abs/path is the URL form of /abs/path; a bare path keeps every slash it has
    // (found by fuzz_address: "//x" used to open the relative file "x").
    if (prefixed && address.path.startsWith("//"_L1))
        address.path = address.path.mid(2);
    if (address.path.isEmpty())
        return makeError(ErrorCode::InvalidAddress, tr("The SQLite address names no file."));
    if (address.path.contains("://"_L1))
        return makeError(ErrorCode::InvalidAddress, tr("Unknown kind of database address: %1").arg(trimmed));
    return address;
}

bool isConnectionAlive(const QSqlDatabase &db)
{
    if (!db.isOpen())
        return false;
    QSqlQuery query(db);
    return query.exec(u"SELECT 1"_s) && query.next();
}

namespace {

// QSQLITE's options: ';'-separated, flags without a value.
Result<QMap<QString, QString>> sqliteOptions(const QString &connectOptions)
{
    QMap<QString, QString> options;
    const QStringList parts = connectOptions.split(u';', Qt::SkipEmptyParts);
    for (const QString &part : parts) {
        const QString option = part.trimmed();
        const qsizetype equals = option.indexOf(u'=');
        if (equals == 0)
            return makeError(ErrorCode::InvalidArgument, tr("Cannot read the connect option \"%1\".").arg(option));
        if (equals < 0)
            options.insert(option, QString());
        else
            options.insert(option.left(equals).trimmed(), option.mid(equals + 1).trimmed());
    }
    return options;
}

} // namespace

Result<DatabaseAddress> DatabaseAddress::fromDatabase(const QSqlDatabase &db)
{
    DatabaseAddress address;
    if (db.driverName() == "QSQLITE"_L1) {
        address.kind = Kind::SQLite;
        address.path = db.databaseName();
        if (address.path.isEmpty() || address.path == ":memory:"_L1)
            return makeError(ErrorCode::InvalidArgument,
                             tr("An in-memory SQLite database cannot be opened by a second connection."));
    } else if (db.driverName() == "QPSQL"_L1) {
        address.kind = Kind::PostgreSQL;
        address.host = db.hostName();
        address.port = db.port();
        address.user = db.userName();
        address.databaseName = db.databaseName();
    } else {
        return makeError(ErrorCode::InvalidArgument,
                         tr("Concord supports the QSQLITE and QPSQL drivers, not %1.").arg(db.driverName()));
    }
    // QPSQL hands its options to libpq as they are, so they are read by libpq's rules (quoted
    // values included); QSQLITE separates them with ';' and also knows flags without a value.
    auto options = address.isSQLite() ? sqliteOptions(db.connectOptions()) : Libpq::parseOptions(db.connectOptions());
    if (!options)
        return options.error();
    address.options = options.value();
    if (address.options.contains(u"password"_s))
        return makeError(ErrorCode::InvalidArgument, tr("Put the password in the connection's password, not in its options."));
    if (address.isPostgreSQL()) {
        if (auto lists = Libpq::takeHostLists(address); !lists)
            return lists.error();
        // The option never reached libpq, so it is not in the connect options: the connection's
        // remembered probe says whether the address stated it.
        if (const PoolingProbe pooling = poolingOf(db); pooling.stated)
            address.options.insert(QLatin1String(poolingOptionKey), poolingOptionValue(pooling.pooling));
    }
    return address;
}

QString DatabaseAddress::toString() const
{
    // A path that itself starts with "//" needs the URL form, or parse() would take the slashes
    // for the "sqlite://" of the URL form.
    if (isSQLite())
        return (path.startsWith("//"_L1) ? "sqlite://"_L1 : "sqlite:"_L1) + path;
    // Built by hand: QUrl drops the "//" of an address without a host (postgresql:///db), and
    // knows no host lists.
    const bool socketDirectory = host.startsWith(u'/') && moreHosts.isEmpty();
    QString text = "postgresql://"_L1;
    if (!user.isEmpty())
        text += QString::fromUtf8(QUrl::toPercentEncoding(user)) + u'@';
    if (!socketDirectory)
        text += hostListText();
    else if (port > 0)
        text += u':' + QString::number(port);
    text += u'/' + QString::fromUtf8(QUrl::toPercentEncoding(databaseName));
    QUrlQuery query;
    if (socketDirectory)
        query.addQueryItem(u"host"_s, host);
    for (auto it = options.cbegin(); it != options.cend(); ++it)
        query.addQueryItem(it.key(), it.value());
    if (!query.isEmpty())
        text += u'?' + query.toString(QUrl::FullyEncoded);
    return text;
}

QString DatabaseAddress::displayName() const
{
    if (isSQLite())
        return QFileInfo(path).fileName();
    if (!moreHosts.isEmpty()) {
        QStringList names;
        for (const DatabaseHost &entry : hosts())
            names << entry.name;
        return databaseName + u'@' + names.join(u',');
    }
    return host.isEmpty() || host.startsWith(u'/') ? databaseName : databaseName + u'@' + host;
}

Result<QSqlDatabase> openDatabase(const DatabaseAddress &address, const QString &connectionName,
                                  const OpenOptions &options)
{
    if (QSqlDatabase::contains(connectionName))
        return makeError(ErrorCode::InvalidArgument, tr("Connection %1 is already open.").arg(connectionName));
    return address.isSQLite() ? openSQLite(address, connectionName, options)
                              : openPostgreSQL(address, connectionName, options);
}

QString connectionNameFor(const QString &purpose)
{
    static QAtomicInt counter;
    return u"concord-%1-%2-%3"_s.arg(purpose)
        .arg(reinterpret_cast<quintptr>(QThread::currentThread()), 0, 16)
        .arg(counter.fetchAndAddRelaxed(1));
}

void closeDatabase(const QString &connectionName)
{
    {
        QSqlDatabase db = QSqlDatabase::database(connectionName, false);
        if (db.isOpen())
            db.close();
    }
    QSqlDatabase::removeDatabase(connectionName);
    SchemaCache::forgetConnection(connectionName); // a later connection of that name may reach another database
    forgetPooling(connectionName);
    OpenSQLiteFiles &files = openSQLiteFiles();
    QMutexLocker locker(&files.mutex);
    files.pathByConnection.remove(connectionName);
}

bool isSQLite(const QSqlDatabase &db)
{
    return db.driverName() == "QSQLITE"_L1;
}

} // namespace Concord
