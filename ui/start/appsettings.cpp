// SPDX-License-Identifier: MIT
// SPDX-FileCopyrightText: 2026 Concord developers
#include "appsettings.h"

#include <QRegularExpression>
#include <QUrl>
#include <QUrlQuery>

using namespace Qt::StringLiterals;

namespace Concord {

namespace {

const QString recentKey = u"recentDatabases"_s;
const QString geometryKey = u"window/geometry"_s;
const QString stateKey = u"window/state"_s;
const QString splitterKey = u"window/splitter"_s;

// One key per database and table. Percent-encoded so that the '/' of an address never makes
// QSettings open a group, and the table name cannot collide with the address part.
QString columnsKey(const DatabaseAddress &address, const QString &table)
{
    const QString text = AppSettings::withoutPassword(address.toString());
    return u"columnWidths/"_s + QString::fromLatin1(QUrl::toPercentEncoding(text)) + u'|'
        + QString::fromLatin1(QUrl::toPercentEncoding(table));
}

} // namespace

AppSettings::AppSettings() = default;

QStringList AppSettings::recentDatabases() const
{
    QStringList list = m_settings.value(recentKey).toStringList();
    list.removeAll(QString());
    return list.mid(0, maxRecentDatabases);
}

void AppSettings::addRecentDatabase(const DatabaseAddress &address)
{
    const QString text = withoutPassword(address.toString());
    QStringList list = recentDatabases();
    list.removeAll(text);
    list.prepend(text);
    m_settings.setValue(recentKey, list.mid(0, maxRecentDatabases));
}

void AppSettings::removeRecentDatabase(const QString &addressText)
{
    QStringList list = recentDatabases();
    if (list.removeAll(addressText) > 0)
        m_settings.setValue(recentKey, list);
}

QByteArray AppSettings::windowGeometry() const
{
    return m_settings.value(geometryKey).toByteArray();
}

void AppSettings::setWindowGeometry(const QByteArray &geometry)
{
    m_settings.setValue(geometryKey, geometry);
}

QByteArray AppSettings::windowState() const
{
    return m_settings.value(stateKey).toByteArray();
}

void AppSettings::setWindowState(const QByteArray &state)
{
    m_settings.setValue(stateKey, state);
}

QByteArray AppSettings::splitterState() const
{
    return m_settings.value(splitterKey).toByteArray();
}

void AppSettings::setSplitterState(const QByteArray &state)
{
    m_settings.setValue(splitterKey, state);
}

QHash<QString, int> AppSettings::columnWidths(const DatabaseAddress &address, const QString &table) const
{
    QHash<QString, int> widths;
    const QVariantMap stored = m_settings.value(columnsKey(address, table)).toMap();
    for (auto it = stored.cbegin(); it != stored.cend(); ++it) {
        const int width = it.value().toInt();
        if (width > 0)
            widths.insert(it.key(), width);
    }
    return widths;
}

void AppSettings::setColumnWidths(const DatabaseAddress &address, const QString &table, const QHash<QString, int> &widths)
{
    QVariantMap stored;
    for (auto it = widths.cbegin(); it != widths.cend(); ++it)
        stored.insert(it.key(), it.value());
    m_settings.setValue(columnsKey(address, table), stored);
}

QString AppSettings::withoutPassword(const QString &addressText)
{
    if (!addressText.contains("://"_L1) || addressText.startsWith("sqlite:"_L1))
        return addressText;
    QUrl url(addressText, QUrl::TolerantMode);
    QUrlQuery query(url);
    const bool inQuery = query.hasQueryItem(u"password"_s) || query.hasQueryItem(u"sslpassword"_s);
    if (url.isValid() && url.password().isEmpty() && !inQuery)
        return addressText; // unchanged, so that the text stays the one DatabaseAddress wrote
    if (!url.isValid()) {
        // Cannot be taken apart safely: keep only the scheme and the part after the user info.
        QString text = addressText;
        static const QRegularExpression userInfo(u"//[^/@]*@"_s);
        static const QRegularExpression secret(u"(^|[?&])(ssl)?password=[^&]*"_s);
        return text.replace(userInfo, u"//"_s).remove(secret);
    }
    url.setPassword({});
    query.removeAllQueryItems(u"password"_s);
    query.removeAllQueryItems(u"sslpassword"_s);
    url.setQuery(query);
    return url.toString(QUrl::FullyEncoded);
}

void AppSettings::sync()
{
    m_settings.sync();
}

} // namespace Concord
