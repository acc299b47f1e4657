// SPDX-License-Identifier: MIT
// SPDX-FileCopyrightText: 2026 Concord developers
#pragma once

#include <core/db/referencerows.h>

#include <QHash>
#include <QObject>
#include <QSet>
#include <QSqlDatabase>

#include <optional>

namespace Concord {

/// The labels a grid shows beside the values of its foreign-key columns ("3 — Acme Ltd"), for the
/// rows on screen only.
///
/// label() answers from a cache; a value not yet known is queued, and the queue is read after the
/// current event (one bound query per referenced table and 200 keys: painting a page of 40 rows
/// costs one query, never one per cell), then labelsChanged() asks the view to paint again. The
/// cache is bounded and dropped by clear() when the grid is re-read, so a renamed customer shows
/// its new name after the next refresh. A label that cannot be read is shown as nothing; the value
/// itself is always shown.
class ReferenceLabels : public QObject
{
    Q_OBJECT

public:
    explicit ReferenceLabels(QObject *parent = nullptr);

    /// Reads \a table's single-column foreign keys and the label column of each referenced table.
    /// Fails (and shows no labels) when the catalog cannot be read.
    Result<void> setTable(const QSqlDatabase &db, const QString &table, const QString &versionColumn);
    /// The referenced table of \a column, when it is a single-column foreign key.
    std::optional<ReferenceTarget> target(const QString &column) const;
    /// The label of \a value in \a column's referenced table; empty while unknown (then queued).
    QString label(const QString &column, const QVariant &value);
    /// Forgets every label read (the referenced rows may have changed).
    void clear();

Q_SIGNALS:
    void labelsChanged();

private:
    void readQueued();

    QSqlDatabase m_db;
    QHash<QString, ReferenceTarget> m_targets;            ///< by referencing column
    QHash<QString, QHash<QString, QString>> m_labels;     ///< by referencing column, then key text
    QHash<QString, QHash<QString, QVariant>> m_queued;    ///< keys to read, by referencing column
    QHash<QString, QSet<QString>> m_missing;              ///< keys read that have no record
    bool m_readScheduled = false;
};

} // namespace Concord
