// SPDX-License-Identifier: MIT
// SPDX-FileCopyrightText: 2026 Concord developers
#include "referencerows.h"

#include <core/db/boundquery.h>
#include <core/errors.h>
#include <core/db/catalog.h>
#include <core/db/tableschema.h>
#include <core/db/textsearch.h>

#include <QSqlQuery>

using namespace Qt::StringLiterals;

namespace Concord {

namespace {

constexpr int keysPerQuery = 200;

Result<void> checkTarget(const ReferenceTarget &target)
{
    if (auto safe = checkIdentifier(target.table, u"table"_s); !safe)
        return safe;
    if (auto safe = checkIdentifier(target.keyColumn, u"column"_s); !safe)
        return safe;
    if (!target.labelColumn.isEmpty()) {
        if (auto safe = checkIdentifier(target.labelColumn, u"column"_s); !safe)
            return safe;
    }
    for (const QString &column : target.detailColumns) {
        if (auto safe = checkIdentifier(column, u"column"_s); !safe)
            return safe;
    }
    return {};
}

// The selected label: the label column, or the key's own text when the table has none.
QString labelExpression(const QSqlDatabase &db, const ReferenceTarget &target)
{
    return target.labelColumn.isEmpty() ? u"NULL"_s : quotedField(db, target.labelColumn);
}

Result<void> readLabels(const QSqlDatabase &db, const ReferenceTarget &target, const QVariantList &keys,
                        QHash<QString, QString> &labels)
{
    QStringList marks(keys.size(), u"?"_s);
    const QString key = quotedField(db, target.keyColumn);
    BoundQuery query(db);
    query.setForwardOnly(true);
    const QString sql = u"SELECT %1, %2 FROM %3 WHERE %1 IN (%4)"_s.arg(key, labelExpression(db, target),
                                                                        quotedTable(db, target.table), marks.join(u", "_s));
    if (!query.prepare(sql))
        return sqlError(query, u"Cannot read the labels of %1"_s.arg(target.table));
    for (const QVariant &value : keys)
        query.addBindValue(value);
    if (!query.exec())
        return sqlError(query, u"Cannot read the labels of %1"_s.arg(target.table));
    while (query.next())
        labels.insert(query.value(0).toString(), query.value(1).toString());
    return {};
}

} // namespace

Result<QHash<QString, QString>> referenceLabels(const QSqlDatabase &db, const ReferenceTarget &target,
                                                const QVariantList &keys)
{
    if (auto safe = checkTarget(target); !safe)
        return safe.error();
    QHash<QString, QString> labels;
    for (qsizetype at = 0; at < keys.size(); at += keysPerQuery) {
        if (auto read = readLabels(db, target, keys.mid(at, keysPerQuery), labels); !read)
            return read.error();
    }
    return labels;
}

Result<QList<ReferenceRow>> findReferenceRows(const QSqlDatabase &db, const ReferenceTarget &target, const QString &text,
                                              int limit)
{
    if (auto safe = checkTarget(target); !safe)
        return safe.error();
    const QString key = quotedField(db, target.keyColumn);
    const QString label = labelExpression(db, target);
    QString where;
    QString order = key;
    const QString trimmed = text.trimmed();
    if (!trimmed.isEmpty()) {
        where = u" WHERE CAST(%1 AS TEXT) = ?"_s.arg(key);
        if (!target.labelColumn.isEmpty()) {
            where += u" OR "_s + containsTest(db, label);
            order = label + u", "_s + key;
        }
    }
    QString details;
    for (const QString &column : target.detailColumns)
        details += u", "_s + quotedField(db, column);
    BoundQuery query(db);
    query.setForwardOnly(true);
    const QString sql = u"SELECT %1, %2%3 FROM %4%5 ORDER BY %6 LIMIT ?"_s.arg(key, label, details,
                                                                             quotedTable(db, target.table), where, order);
    if (!query.prepare(sql))
        return sqlError(query, u"Cannot search %1"_s.arg(target.table));
    if (!trimmed.isEmpty()) {
        query.addBindValue(trimmed);
        if (!target.labelColumn.isEmpty())
            query.addBindValue(containsPattern(trimmed));
    }
    query.addBindValue(limit);
    if (!query.exec())
        return sqlError(query, u"Cannot search %1"_s.arg(target.table));
    QList<ReferenceRow> rows;
    while (query.next()) {
        ReferenceRow row{query.value(0), query.value(1).toString(), {}};
        for (int i = 0; i < target.detailColumns.size(); ++i)
            row.details << query.value(2 + i).toString();
        rows << row;
    }
    return rows;
}

} // namespace Concord
