// SPDX-License-Identifier: MIT
// SPDX-FileCopyrightText: 2026 Concord developers
#pragma once

#include <core/merge/recordmodifiederror.h>

#include <QHash>
#include <QList>

#include <optional>

namespace Concord {

/// The open conflicts of one VersionedTableModel, by row: what submitAll() reported and
/// resolve() or revertRow() has not settled yet.
class ConflictBook
{
public:
    bool isEmpty() const { return m_conflicts.isEmpty(); }
    bool contains(int row) const { return m_conflicts.contains(row); }
    std::optional<RecordModifiedError> find(int row) const;
    /// Every open conflict, in row order.
    QList<RecordModifiedError> sorted() const;

    /// Records \a conflicts, replacing older ones of the same rows.
    void add(const QList<RecordModifiedError> &conflicts);
    void remove(int row) { m_conflicts.remove(row); }
    void clear() { m_conflicts.clear(); }
    /// \a row left the model: conflicts of rows below it move up by one.
    void forget(int row);

private:
    QHash<int, RecordModifiedError> m_conflicts; ///< row -> open conflict
};

} // namespace Concord
