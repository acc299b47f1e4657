// SPDX-License-Identifier: MIT
// SPDX-FileCopyrightText: 2026 Concord developers
#include "libpqconninfo.h"

#include <core/text.h>

#include <QCoreApplication>
#include <QStringList>
#include <QUrl>

using namespace Qt::StringLiterals;

namespace Concord::Libpq {

CONCORD_TRANSLATION_CONTEXT("Concord::DatabaseAddress")

QString quotedValue(const QString &value)
{
    QString quoted;
    quoted.reserve(value.size() + 2);
    quoted += u'\'';
    for (const QChar c : value) {
        if (c == u'\\' || c == u'\'')
            quoted += u'\\';
        if (c == u';')
            quoted += u',';
        else if (c.category() == QChar::Other_Control)
            quoted += u' ';
        else
            quoted += c;
    }
    quoted += u'\'';
    return quoted;
}

namespace {

bool isSeparator(QChar c)
{
    return c == u';' || c.isSpace();
}

// Reads one value starting at \a at (just after the '='), leaving \a at after it. libpq's rule: a
// value is quoted ('...') or runs to the next white space; a backslash escapes the next character
// in both forms.
Result<QString> readValue(const QString &text, qsizetype &at)
{
    QString value;
    const bool quoted = at < text.size() && text.at(at) == u'\'';
    if (quoted)
        ++at;
    for (; at < text.size(); ++at) {
        const QChar c = text.at(at);
        if (c == u'\\' && at + 1 < text.size()) {
            value += text.at(++at);
            continue;
        }
        if (quoted && c == u'\'') {
            ++at;
            return value;
        }
        if (!quoted && isSeparator(c))
            return value;
        value += c;
    }
    if (quoted)
        return makeError(ErrorCode::InvalidArgument, tr("A quoted connect option value has no closing quote."));
    return value;
}

} // namespace

Result<QMap<QString, QString>> parseOptions(const QString &connectOptions)
{
    QMap<QString, QString> options;
    qsizetype at = 0;
    while (true) {
        while (at < connectOptions.size() && isSeparator(connectOptions.at(at)))
            ++at;
        if (at >= connectOptions.size())
            return options;
        const qsizetype start = at;
        while (at < connectOptions.size() && connectOptions.at(at) != u'=' && !isSeparator(connectOptions.at(at)))
            ++at;
        const QString key = connectOptions.mid(start, at - start);
        // libpq allows white space around '='.
        while (at < connectOptions.size() && connectOptions.at(at).isSpace())
            ++at;
        if (key.isEmpty() || at >= connectOptions.size() || connectOptions.at(at) != u'=')
            return makeError(ErrorCode::InvalidArgument, tr("Cannot read the connect option \"%1\".").arg(key));
        ++at;
        while (at < connectOptions.size() && connectOptions.at(at).isSpace())
            ++at;
        auto value = readValue(connectOptions, at);
        if (!value)
            return value.error();
        options.insert(key, value.value());
    }
}

Result<void> checkHostName(const QString &name)
{
    for (const QChar c : name) {
        if (c.isSpace() || c == u'\'' || c == u'"' || c == u'\\' || c == u';' || c == u'=' || c == u','
            || c.category() == QChar::Other_Control) {
            return makeError(ErrorCode::InvalidAddress,
                             tr("A host name in the address contains a space, quote, backslash, ',', ';' or '=', "
                                "which are not accepted."));
        }
    }
    return {};
}

// The host and port lists openPostgreSQL() put in the options of a multi-host address.
Result<void> takeHostLists(DatabaseAddress &address)
{
    if (!address.options.contains(u"host"_s) && !address.options.contains(u"port"_s))
        return {};
    // A list that is not in the options is the driver's own host or port.
    const QStringList names = address.options.contains(u"host"_s) ? address.options.take(u"host"_s).split(u',')
                                                                  : QStringList{address.host};
    const QStringList ports = address.options.contains(u"port"_s)
                                  ? address.options.take(u"port"_s).split(u',')
                                  : QStringList{address.port > 0 ? QString::number(address.port) : QString()};
    if (ports.size() != 1 && ports.size() != names.size())
        return makeError(ErrorCode::InvalidArgument, tr("The connection's host and port lists differ in length."));
    QList<DatabaseHost> hosts;
    for (qsizetype i = 0; i < names.size(); ++i) {
        const QString port = ports.value(ports.size() == 1 ? 0 : i);
        bool ok = port.isEmpty();
        const int number = ok ? -1 : port.toInt(&ok);
        if (!ok)
            return makeError(ErrorCode::InvalidArgument, tr("The connection's port list is not a list of numbers."));
        hosts << DatabaseHost{names.at(i), number};
    }
    address.setHosts(hosts);
    return {};
}

// The host and port lists of a multi-host address, as libpq reads them: `h1,h2` and `5432,5433`,
// an empty port standing for libpq's default.
std::pair<QString, QString> hostLists(const DatabaseAddress &address)
{
    QStringList names;
    QStringList ports;
    for (const DatabaseHost &host : address.hosts()) {
        names << host.name;
        ports << (host.port > 0 ? QString::number(host.port) : QString());
    }
    return {names.join(u','), ports.join(u',')};
}

} // namespace Concord::Libpq

namespace Concord {

CONCORD_TRANSLATION_CONTEXT("Concord::DatabaseAddress")

namespace {

// One entry of a host list, read by QUrl so that host names and IPv6 addresses follow the same
// rules as in a single-host address.
Result<DatabaseHost> parseHost(const QString &entry)
{
    const QUrl url("postgresql://"_L1 + entry + u'/', QUrl::StrictMode);
    if (entry.isEmpty() || !url.isValid() || url.host().isEmpty() || !url.userInfo().isEmpty()
        || url.path() != "/"_L1 || url.hasQuery() || url.hasFragment()) {
        return makeError(ErrorCode::InvalidAddress,
                         tr("Not a valid host in the address's host list (write host, host:port or [IPv6]:port, "
                            "separated by commas)."));
    }
    if (auto name = Libpq::checkHostName(url.host()); !name)
        return name.error();
    const int port = url.port(-1);
    if (port == 0)
        return makeError(ErrorCode::InvalidAddress, tr("The port in the address is not a number from 1 to 65535."));
    return DatabaseHost{url.host(), port};
}

} // namespace

Result<QList<DatabaseHost>> DatabaseAddress::parseHostList(const QString &text)
{
    QList<DatabaseHost> hosts;
    // IPv6 addresses hold ':' but never ',', so the list splits at every comma.
    const QStringList entries = text.split(u',');
    for (const QString &entry : entries) {
        auto host = parseHost(entry.trimmed());
        if (!host)
            return host.error();
        hosts << host.value();
    }
    return hosts;
}

QList<DatabaseHost> DatabaseAddress::hosts() const
{
    return QList<DatabaseHost>{DatabaseHost{host, port}} + moreHosts;
}

void DatabaseAddress::setHosts(const QList<DatabaseHost> &hosts)
{
    host = hosts.isEmpty() ? QString() : hosts.constFirst().name;
    port = hosts.isEmpty() ? -1 : hosts.constFirst().port;
    moreHosts = hosts.mid(1);
}

QString DatabaseAddress::hostListText() const
{
    QStringList entries;
    for (const DatabaseHost &entry : hosts()) {
        if (entry.name.isEmpty() && entry.port <= 0)
            continue;
        QString text = entry.name.contains(u':') ? u'[' + entry.name + u']' : entry.name;
        if (entry.port > 0)
            text += u':' + QString::number(entry.port);
        entries << text;
    }
    return entries.join(u',');
}

} // namespace Concord
