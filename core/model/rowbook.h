// SPDX-License-Identifier: MIT
// SPDX-FileCopyrightText: 2026 Concord developers
#pragma once

#include <QHash>
#include <QList>
#include <QSet>
#include <QSqlRecord>
#include <QString>

#include <optional>

namespace Concord {

/// VersionedTableModel's own record of its rows, so that it never has to read QSqlTableModel's
/// private edit cache (the vertical header's "*" and "!" were the only public view of it).
///
/// For each row it keeps what the model's edit cache will do with it (kind()), which rows may
/// hold pending edits (touchedRows()), and the base records re-read after a save or adopted by a
/// resolution (base()). Whether a row or cell is dirty stays with QSqlTableModel::isDirty(),
/// which is public API; the kinds mirror the cache operation behind it:
/// - Loaded: a row of the query, unchanged or with edited cells;
/// - Inserted: a row added by insertRows() and not saved yet; once saved it is Loaded, as in
///   the cache;
/// - Deleted: a row removed by removeRows(), pending until saved or reverted, then shown as
///   removed, like a row that selectRow() found gone.
///
/// Inserted rows always come after every loaded row (VersionedTableModel::insertRows()), which
/// forget() relies on. Entries are plain data: the model updates them wherever the cache changes.
class RowBook
{
public:
    enum class Kind { Loaded, Inserted, Deleted };

    Kind kind(int row) const { return m_kinds.value(row, Kind::Loaded); }
    void setKind(int row, Kind kind);
    void markInserted(int first, int count);
    /// Forgets every kind: the edit cache is empty after a model reset.
    void clearKinds() { m_kinds.clear(); }

    void touch(int row) { m_touched.insert(row); }
    void untouch(int row) { m_touched.remove(row); }
    /// Rows that may hold pending edits, in no particular order.
    const QSet<int> &touchedRows() const { return m_touched; }

    /// The base record stored for the row with key string \a key, if any (see keyString()).
    std::optional<QSqlRecord> base(const QString &key) const;
    void setBase(const QString &key, const QSqlRecord &base) { m_refreshedBase.insert(key, base); }

    /// Forgets touched rows and stored bases (a new select() or table); kinds go with resets.
    void clearEdits();
    /// \a row left the model (a reverted insert): the rows below it move up by one.
    void forget(int row);

    /// One string for a primary key's values, to key bases by record rather than by row.
    static QString keyString(const QSqlRecord &key);

private:
    QHash<int, Kind> m_kinds;                    ///< rows that are not Loaded
    QSet<int> m_touched;                         ///< rows that may hold pending edits
    QHash<QString, QSqlRecord> m_refreshedBase; ///< key string -> values re-read after a save
};

} // namespace Concord
