// SPDX-License-Identifier: MIT
// SPDX-FileCopyrightText: 2026 Concord developers
//
// History: names, settings and the small vocabulary; the triggers are in historytriggers.cpp,
// the reads in historyread.cpp, restore and recover in historywrite.cpp, retention in
// historyretention.cpp.
#include "history.h"

#include <core/text.h>

#include <QCoreApplication>
#include <QCryptographicHash>

using namespace Qt::StringLiterals;

namespace Concord::History {

CONCORD_TRANSLATION_CONTEXT("Concord::History")

namespace {

constexpr int maxIdentifierLength = 63; // PostgreSQL's NAMEDATALEN - 1

} // namespace

Result<void> Retention::validate() const
{
    if (kind != Kind::KeepAll && amount < 1)
        return makeError(ErrorCode::InvalidArgument,
                         tr("a history retention needs a number of versions or days of at least 1, not %1").arg(amount));
    return {};
}

QString Retention::text() const
{
    switch (kind) {
    case Kind::KeepAll:
        break;
    case Kind::LastVersions:
        return amount == 1 ? tr("keep the last version") : tr("keep the last %1 versions").arg(amount);
    case Kind::Days:
        return amount == 1 ? tr("keep 1 day") : tr("keep %1 days").arg(amount);
    }
    return tr("keep everything");
}

QString historyTableName(const QString &table)
{
    // Lower-cased: SQLite's names are case-insensitive, so "Orders" and "orders" are one table and
    // must share one history table. (Two PostgreSQL tables differing only in case would share
    // the name too: enable() refuses the second, see historytriggers.cpp.)
    const QString lower = table.toLower();
    QString name = QLatin1String(tablePrefix) + lower;
    if (name.toUtf8().size() <= maxIdentifierLength)
        return name;
    const QString hash = QString::fromLatin1(QCryptographicHash::hash(lower.toUtf8(), QCryptographicHash::Sha256).toHex().left(8));
    while (name.toUtf8().size() > maxIdentifierLength - 9)
        name.chop(1);
    return name + u'_' + hash;
}

bool isHistoryTable(const QString &table)
{
    return table.startsWith(QLatin1String(tablePrefix), Qt::CaseInsensitive);
}

QString operationName(Operation operation)
{
    switch (operation) {
    case Operation::Insert:
        return u"insert"_s;
    case Operation::Delete:
        return u"delete"_s;
    case Operation::Update:
        break;
    }
    return u"update"_s;
}

} // namespace Concord::History
