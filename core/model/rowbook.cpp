// SPDX-License-Identifier: MIT
// SPDX-FileCopyrightText: 2026 Concord developers
#include "rowbook.h"

#include <QStringList>
#include <QVariant>

namespace Concord {

void RowBook::setKind(int row, Kind kind)
{
    if (kind == Kind::Loaded)
        m_kinds.remove(row);
    else
        m_kinds.insert(row, kind);
}

void RowBook::markInserted(int first, int count)
{
    for (int row = first; row < first + count; ++row) {
        m_kinds.insert(row, Kind::Inserted);
        m_touched.insert(row);
    }
}

std::optional<QSqlRecord> RowBook::base(const QString &key) const
{
    const auto found = m_refreshedBase.constFind(key);
    if (found == m_refreshedBase.constEnd())
        return std::nullopt;
    return *found;
}

void RowBook::clearEdits()
{
    m_touched.clear();
    m_refreshedBase.clear();
}

void RowBook::forget(int row)
{
    QSet<int> touched;
    for (int r : std::as_const(m_touched)) {
        if (r != row)
            touched.insert(r > row ? r - 1 : r);
    }
    m_touched = touched;
    QHash<int, Kind> kinds;
    for (auto it = m_kinds.cbegin(); it != m_kinds.cend(); ++it) {
        if (it.key() != row)
            kinds.insert(it.key() > row ? it.key() - 1 : it.key(), it.value());
    }
    m_kinds = kinds;
}

QString RowBook::keyString(const QSqlRecord &key)
{
    QStringList parts;
    for (int i = 0; i < key.count(); ++i)
        parts << key.value(i).toString();
    return parts.join(QChar(0x1f));
}

} // namespace Concord
