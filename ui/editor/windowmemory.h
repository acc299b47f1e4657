// SPDX-License-Identifier: MIT
// SPDX-FileCopyrightText: 2026 Concord developers
#pragma once

#include <core/db/databaseaddress.h>

#include <QObject>

class QMainWindow;
class QSplitter;
class QTableView;

namespace Concord {

/// What a window remembers between sessions, through AppSettings: its geometry, toolbar state
/// and splitter position, and the column widths the user chose, per database (address without
/// password) and table.
///
/// Only widths the user set by dragging (or double-clicking) a header handle are stored; a width
/// the program chose (fitting the contents, a default rule) is not, so a later default rule
/// still applies to every column the user never touched. setTable() applies the stored widths
/// after the window has sized the columns its own way.
class WindowMemory : public QObject
{
    Q_OBJECT

public:
    WindowMemory(QMainWindow *window, QSplitter *splitter, QTableView *grid);

    /// Restores geometry, toolbar state and splitter position, when any were saved.
    void restoreWindow();
    /// Saves them; the window calls it when it closes.
    void saveWindow();
    /// The grid now shows \a table of \a address: applies the widths the user chose for it.
    void setTable(const DatabaseAddress &address, const QString &table);
    /// No table is shown (the database closed).
    void clearTable();

protected:
    bool eventFilter(QObject *watched, QEvent *event) override;

private:
    void onSectionResized(int column, int oldWidth, int newWidth);
    QString columnName(int column) const;

    QMainWindow *m_window;
    QSplitter *m_splitter;
    QTableView *m_grid;
    DatabaseAddress m_address;
    QString m_table;
    bool m_userResizing = false; ///< a mouse button is down on the header
};

} // namespace Concord
