// SPDX-License-Identifier: MIT
// SPDX-FileCopyrightText: 2026 Concord developers
#pragma once

#include <core/model/versionedtablemodel.h>
#include <tests/support/scratchdatabase.h>

#include <memory>

namespace Concord::Test {

/// Two clients, A and B, on a fresh scratch database of the backend under test, with a table
/// `items (id, name NOT NULL, qty, note, version)` holding apple(1), banana(2), cherry(3),
/// damson(4) at version 1.
class ModelFixture
{
public:
    /// Returns an error message, empty on success.
    QString create();
    void destroy();

    ScratchDatabase &database() { return *m_db; }
    Backend backend() const { return m_db->backend(); }
    QSqlDatabase a() const { return m_a; }
    QSqlDatabase b() const { return m_b; }
    /// An auto-increment key column definition for this backend.
    QString autoKey() const;

    std::unique_ptr<VersionedTableModel> load(const QSqlDatabase &db, const QString &table = QStringLiteral("items"));
    /// The first column of the first row of \a sql, read through client B.
    QVariant scalar(const QString &sql) const;
    /// Runs statements on a connection of their own; empty string on success.
    QString exec(const QStringList &statements) { return m_db->exec(statements); }

    static bool edit(VersionedTableModel &model, int row, const QString &field, const QVariant &value);
    /// Another user saves \a field of row \a id of \a table through a model of their own, as another
    /// editor would. Returns an error message, empty on success.
    static QString saveAsOtherUser(const QSqlDatabase &db, const QString &table, int id, const QString &field,
                                   const QVariant &value);
    static QVariant value(const VersionedTableModel &model, int row, const QString &field);

private:
    std::unique_ptr<ScratchDatabase> m_db;
    QSqlDatabase m_a;
    QSqlDatabase m_b;
};

} // namespace Concord::Test
