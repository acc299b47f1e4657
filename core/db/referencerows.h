// SPDX-License-Identifier: MIT
// SPDX-FileCopyrightText: 2026 Concord developers
#pragma once

#include <core/result.h>
#include <core/db/foreignkeys.h>

#include <QHash>
#include <QSqlDatabase>
#include <QVariant>

namespace Concord {

/// What a single-column foreign key points at, and how a person recognises those records.
struct ReferenceTarget
{
    QString table;       ///< the referenced (parent) table
    QString keyColumn;   ///< the referenced column
    QString labelColumn; ///< the column that names a record (labelColumnOf()); empty: the key alone
    QStringList detailColumns; ///< shown beside the label in a chooser, to tell namesakes apart
};

/// One referenced record as a chooser lists it.
struct ReferenceRow
{
    QVariant key;
    QString label;
    QStringList details; ///< the values of ReferenceTarget::detailColumns, as text
};

/// The labels of the records of \a target whose key is one of \a keys, by the key's text (as
/// QVariant::toString() gives it). One bound query per 200 keys; keys with no record are absent.
Result<QHash<QString, QString>> referenceLabels(const QSqlDatabase &db, const ReferenceTarget &target,
                                                const QVariantList &keys);

/// At most \a limit records of \a target whose label contains \a text (case-insensitively) or
/// whose key reads as \a text, ordered by label then key; with empty \a text the first records by
/// key. The search runs in the database (a million-row table is never read into the client), the
/// text always bound as a LIKE pattern with its wildcards escaped.
Result<QList<ReferenceRow>> findReferenceRows(const QSqlDatabase &db, const ReferenceTarget &target, const QString &text,
                                              int limit);

} // namespace Concord
