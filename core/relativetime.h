// SPDX-License-Identifier: MIT
// SPDX-FileCopyrightText: 2026 Concord developers
#pragma once

#include <QDateTime>
#include <QString>

namespace Concord {

/// When \a when was, as people say it, seen at \a now (both converted to local time for the
/// calendar): "just now" (less than a minute, or a little in the future: clocks of two machines
/// differ), "1 minute ago" … "59 minutes ago", "today at 09:15", "yesterday at 14:02", and
/// "on 3 March 2026" before that (or further in the future). English month names, like the rest
/// of Concord's text until it ships translations. Empty for an invalid \a when.
QString relativeTimeText(const QDateTime &when, const QDateTime &now);

/// "changed by bob 3 minutes ago", "changed by bob" (no time), "changed 3 minutes ago" (no
/// name); empty when neither is known. Lower case: it goes inside a sentence.
QString changedByText(const QString &who, const QDateTime &when, const QDateTime &now);

} // namespace Concord
