// SPDX-License-Identifier: MIT
// SPDX-FileCopyrightText: 2026 Concord developers
#pragma once

#include <core/databaseaddress.h>
#include <core/recordmodifiederror.h>

#include <QMainWindow>

class QLabel;
class QListWidget;
class QMessageBox;
class QTableView;

namespace Concord {

class VersionedTableModel;

/// The editor: the database's tables on the left, the selected table in an editable grid.
/// Edits collect until Save; conflicts are reported per record and nothing typed is ever lost.
class MainWindow : public QMainWindow
{
    Q_OBJECT

public:
    explicit MainWindow(QWidget *parent = nullptr);
    ~MainWindow() override;

    /// Opens \a address, asking for a password if the server wants one that libpq could not find.
    Result<void> openAddress(const DatabaseAddress &address);
    /// Shows \a table in the grid; false when the table cannot be edited (the status bar says why).
    bool showTable(const QString &table);

    VersionedTableModel *model() const { return m_model; }
    QTableView *grid() const { return m_grid; }

public Q_SLOTS:
    bool save();
    void revertAll();
    void revertSelectedRows();
    void addRow();
    void deleteSelectedRows();
    void reload();

protected:
    void closeEvent(QCloseEvent *event) override;

private:
    void createActions();
    void createLayout();
    void fillTableList();
    void updateStatus();
    void hideRemovedRows(const QList<int> &rows);
    void showConflicts();
    void showSaveFailure(const QString &reason);
    void keepMine();
    void takeTheirs();
    void closeDatabase();
    bool confirmDiscardingEdits();
    QList<int> selectedRows() const;

    QListWidget *m_tableList = nullptr;
    QTableView *m_grid = nullptr;
    QLabel *m_statusLabel = nullptr;
    QMessageBox *m_conflictBox = nullptr;
    VersionedTableModel *m_model = nullptr;
    DatabaseAddress m_address;
    QString m_connectionName;
};

} // namespace Concord
