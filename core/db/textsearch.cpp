// SPDX-License-Identifier: MIT
// SPDX-FileCopyrightText: 2026 Concord developers
#include "textsearch.h"

using namespace Qt::StringLiterals;

namespace Concord {

QString containsPattern(const QString &text)
{
    QString escaped = text;
    escaped.replace(u"\\"_s, u"\\\\"_s).replace(u"%"_s, u"\\%"_s).replace(u"_"_s, u"\\_"_s);
    return u'%' + escaped + u'%';
}

QString containsTest(const QSqlDatabase &db, const QString &quotedColumn)
{
    const bool sqlite = db.driverName() == "QSQLITE"_L1;
    return u"CAST(%1 AS TEXT) %2 ? ESCAPE '\\'"_s.arg(quotedColumn, sqlite ? u"LIKE"_s : u"ILIKE"_s);
}

} // namespace Concord
