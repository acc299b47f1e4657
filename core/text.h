// SPDX-License-Identifier: MIT
// SPDX-FileCopyrightText: 2026 Concord developers
#pragma once

#include <QCoreApplication>
#include <QString>

namespace Concord {

/// "1 record" / "3 records": picks the singular or plural text by \a n and fills in %1, if any.
/// Concord ships no translation files yet, so Qt's %n plural forms would print "record(s)".
inline QString countText(qsizetype n, const QString &singular, const QString &plural)
{
    const QString &text = n == 1 ? singular : plural;
    return text.contains(QLatin1String("%1")) ? text.arg(n) : text;
}

/// User-visible text of code that is not a QObject, in the translation context \a context.
inline QString translated(const char *context, const char *text)
{
    return QCoreApplication::translate(context, text);
}

} // namespace Concord

/// Gives a .cpp file a file-local tr(text) in translation \a context, the way a QObject's tr()
/// works, so that free functions read like members and lupdate finds the strings. Use it once,
/// at namespace scope, after the includes: CONCORD_TRANSLATION_CONTEXT("Concord::AdvisoryLock")
#define CONCORD_TRANSLATION_CONTEXT(context)                                                        \
    namespace {                                                                                     \
    [[maybe_unused]] QString tr(const char *text) { return ::Concord::translated(context, text); }  \
    }
