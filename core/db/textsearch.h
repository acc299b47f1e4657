// SPDX-License-Identifier: MIT
// SPDX-FileCopyrightText: 2026 Concord developers
#pragma once

#include <QSqlDatabase>
#include <QString>

namespace Concord {

/// A LIKE pattern that matches \a text literally anywhere: its wildcards and the escape character
/// are escaped, for containsTest()'s `ESCAPE '\'`. Bind it; never paste it into SQL.
QString containsPattern(const QString &text);

/// "CAST(column AS TEXT) LIKE ? ESCAPE '\'" for \a quotedColumn (already quoted by the driver):
/// case-insensitive on both backends (SQLite's LIKE already is, for ASCII; PostgreSQL has ILIKE).
QString containsTest(const QSqlDatabase &db, const QString &quotedColumn);

} // namespace Concord
