// SPDX-License-Identifier: MIT
// SPDX-FileCopyrightText: 2026 Concord developers
#pragma once

#include <core/errors.h>

#include <QMetaType>
#include <QSqlError>
#include <QSqlRecord>
#include <QStringList>
#include <QVariant>

namespace Concord {

/// A save that found the row changed or deleted by someone else since it was loaded.
///
/// A value, not an exception: it is what VersionedTableModel emits through recordModified()
/// and lists in conflicts(), and what the merge dialog works on. It carries everything a
/// three-way merge needs.
struct RecordModifiedError
{
    enum class Operation { Update, Delete };

    QString table;
    Operation operation = Operation::Update;
    int row = -1;          ///< the model row, or -1 outside a model
    QSqlRecord key;        ///< primary key values of the row as loaded
    QSqlRecord base;       ///< the row as it was loaded
    QSqlRecord mine;       ///< the row as edited here (empty for a delete)
    QSqlRecord theirs;     ///< the row now in the database; empty when deletedByOther
    bool deletedByOther = false;
    QVariant loadedVersion;  ///< may be NULL for a legacy row
    QVariant currentVersion; ///< NULL when deletedByOther
    QStringList changedByMe;   ///< fields where mine differs from base
    QStringList changedByThem; ///< fields where theirs differs from base

    /// "id=5", or "order_id=3, line=2" for a composite key.
    QString keyText() const;
    /// One readable sentence naming the record and the fields, for messages and logs.
    QString describe() const;
};

/// A row key as people read it: "id=5", or "order_id=3, line=2" for a composite key.
QString keyText(const QSqlRecord &key);

/// Fields where \a a and \a b differ, compared with sameValue(), skipping \a ignored.
QStringList changedFields(const QSqlRecord &a, const QSqlRecord &b, const QStringList &ignored = {});

} // namespace Concord

Q_DECLARE_METATYPE(Concord::RecordModifiedError)
