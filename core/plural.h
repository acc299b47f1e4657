// SPDX-License-Identifier: MIT
// SPDX-FileCopyrightText: 2026 Concord developers
#pragma once

#include <QString>

namespace Concord {

/// "1 record" / "3 records": picks the singular or plural text by \a n and fills in %1, if any.
/// Concord ships no translation files yet, so Qt's %n plural forms would print "record(s)".
inline QString countText(qsizetype n, const QString &singular, const QString &plural)
{
    const QString &text = n == 1 ? singular : plural;
    return text.contains(QLatin1String("%1")) ? text.arg(n) : text;
}

} // namespace Concord
