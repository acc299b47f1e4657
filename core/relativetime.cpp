// SPDX-License-Identifier: MIT
// SPDX-FileCopyrightText: 2026 Concord developers
#include "relativetime.h"

#include <core/text.h>

#include <QLocale>

using namespace Qt::StringLiterals;

namespace Concord {

CONCORD_TRANSLATION_CONTEXT("Concord::RelativeTime")

namespace {

// Two machines' clocks rarely agree to the second: a time a little ahead is still "just now".
constexpr qint64 toleratedFutureSecs = 5 * 60;

QString clockText(const QDateTime &local)
{
    return local.time().toString(u"HH:mm"_s);
}

} // namespace

QString relativeTimeText(const QDateTime &when, const QDateTime &now)
{
    if (!when.isValid())
        return {};
    const QDateTime then = when.toLocalTime();
    const QDateTime seen = now.toLocalTime();
    const qint64 secs = then.secsTo(seen);
    if (secs < 60 && secs > -toleratedFutureSecs)
        return tr("just now");
    if (secs >= 60 && secs < 3600)
        return countText(secs / 60, tr("1 minute ago"), tr("%1 minutes ago"));
    const qint64 days = then.date().daysTo(seen.date());
    if (days == 0 && secs > 0)
        return tr("today at %1").arg(clockText(then));
    if (days == 1)
        return tr("yesterday at %1").arg(clockText(then));
    // QLocale::c() names the months in English whatever the user's locale, like the sentence around it.
    return tr("on %1").arg(QLocale::c().toString(then.date(), u"d MMMM yyyy"_s));
}

QString changedByText(const QString &who, const QDateTime &when, const QDateTime &now)
{
    const QString time = relativeTimeText(when, now);
    if (!who.isEmpty() && !time.isEmpty())
        return tr("changed by %1 %2").arg(who, time);
    if (!who.isEmpty())
        return tr("changed by %1").arg(who);
    if (!time.isEmpty())
        return tr("changed %1").arg(time);
    return {};
}

} // namespace Concord
