// SPDX-License-Identifier: MIT
// SPDX-FileCopyrightText: 2026 Concord developers
#include "conflictbook.h"

#include <algorithm>

namespace Concord {

std::optional<RecordModifiedError> ConflictBook::find(int row) const
{
    const auto found = m_conflicts.constFind(row);
    if (found == m_conflicts.constEnd())
        return std::nullopt;
    return *found;
}

QList<RecordModifiedError> ConflictBook::sorted() const
{
    QList<int> rows = m_conflicts.keys();
    std::sort(rows.begin(), rows.end());
    QList<RecordModifiedError> list;
    for (int row : rows)
        list << m_conflicts.value(row);
    return list;
}

void ConflictBook::add(const QList<RecordModifiedError> &conflicts)
{
    for (const RecordModifiedError &conflict : conflicts)
        m_conflicts.insert(conflict.row, conflict);
}

void ConflictBook::forget(int row)
{
    QHash<int, RecordModifiedError> conflicts;
    for (auto it = m_conflicts.cbegin(); it != m_conflicts.cend(); ++it) {
        if (it.key() == row)
            continue;
        RecordModifiedError error = it.value();
        if (error.row > row)
            --error.row;
        conflicts.insert(error.row, error);
    }
    m_conflicts = conflicts;
}

} // namespace Concord
