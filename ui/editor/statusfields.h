// SPDX-License-Identifier: MIT
// SPDX-FileCopyrightText: 2026 Concord developers
#pragma once

#include <QObject>

class QLabel;
class QStatusBar;

namespace Concord {

struct DatabaseAddress;

/// The editor's permanent status bar fields, each a QLabel of its own so that one changing does
/// not move or hide the others:
/// - "databaseStatus": where the editor is connected, "sqlite: demo.db" or
///   "alice@localhost:5432/shop" (the full address in its tooltip; never a password);
/// - "rowStatus": "row 3 of 12", the grid's current row against the model's row count;
/// - "pendingStatus": "All saved", "1 unsaved record", with a note when others changed the table;
/// - "conflictStatus": "2 conflicts", hidden while there are none.
/// The running job has its own field, the JobRunner, which the window adds after these.
class StatusFields : public QObject
{
    Q_OBJECT

public:
    /// Adds the labels to \a bar as permanent widgets, left to right in the order above.
    explicit StatusFields(QStatusBar *bar);

    /// \a user: who the connection logs in as when the address names nobody (libpq's default).
    void setDatabase(const DatabaseAddress &address, const QString &user = {});
    /// "No database" in the database field, the others empty.
    void clearDatabase();
    /// \a row is 0-based, -1 when no row is current; \a count the model's rowCount().
    void setRow(int row, int count);
    void setPending(int pending, bool outdated);
    void setConflicts(int conflicts);

    static QString databaseText(const DatabaseAddress &address, const QString &user = {});
    static QString rowText(int row, int count);

    QLabel *databaseLabel() const { return m_database; }
    QLabel *rowLabel() const { return m_row; }
    QLabel *pendingLabel() const { return m_pending; }
    QLabel *conflictLabel() const { return m_conflicts; }

private:
    QLabel *m_database = nullptr;
    QLabel *m_row = nullptr;
    QLabel *m_pending = nullptr;
    QLabel *m_conflicts = nullptr;
};

} // namespace Concord
