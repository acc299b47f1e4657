// SPDX-License-Identifier: MIT
// SPDX-FileCopyrightText: 2026 Concord developers
#pragma once

#include <core/versioning/history.h>

#include <QDockWidget>
#include <QPointer>
#include <QSqlRecord>

class QLabel;
class QPushButton;
class QTableView;
class QTimer;
class QTreeWidget;

namespace Concord {

class VersionCompareModel;
class VersionedTableModel;

/// View > History: every kept version of the grid's current record, newest first, with who
/// wrote it, when (the database's clock), and which fields it changed. Selecting a version
/// compares it with the one before it; selecting two compares those two, field by field
/// (VersionCompareModel: the merge dialog's field table, read-only). Restore This Version asks
/// the window to write the selected version's values as a new version of the record through
/// the normal save (restoreRequested()): the version check stays on, and a record changed by
/// someone else meanwhile opens the merge dialog with the restored values as "mine".
///
/// The history is read on the model's own connection when the current record changes, when the
/// dock is shown, and shortly after the record's row changes in the grid (a save, another
/// user's write arriving live). A table whose history is not kept says so, with the way to
/// turn it on (keepHistoryRequested()). Nothing here writes to the database.
///
/// Object names for tests: historyTitle, historyVersions, historyCompare, restoreVersionButton,
/// keepHistoryButton.
class HistoryDock : public QDockWidget
{
    Q_OBJECT

public:
    explicit HistoryDock(QWidget *parent = nullptr);

    /// Follows \a row of \a model (-1: none). Reads at once when the dock is visible.
    void setTarget(VersionedTableModel *model, int row);
    /// Reads the current record's history again.
    void refresh();

    /// The versions shown, newest first (for tests and the restore action).
    const QList<History::Entry> &entries() const { return m_entries; }
    /// Selects the versions at \a rows of entries() (one or two) and compares them.
    void selectEntries(const QList<int> &rows);
    VersionCompareModel *compareModel() const { return m_compareModel; }
    QString titleText() const;

Q_SIGNALS:
    /// The user asked to restore \a entry of the record with \a key.
    void restoreRequested(const QSqlRecord &key, const Concord::History::Entry &entry);
    /// The table keeps no history and the user asked to turn it on.
    void keepHistoryRequested();

protected:
    void showEvent(QShowEvent *event) override;

private:
    void createContent();
    void showEntries();
    void showUnavailable(const QString &text, bool offerKeepHistory);
    void compareSelected();
    void updateRestoreButton();
    QList<int> selectedRows() const;
    void onModelRowsChanged(const QModelIndex &topLeft, const QModelIndex &bottomRight);
    QString versionTitle(const History::Entry &entry) const;

    QPointer<VersionedTableModel> m_model;
    int m_row = -1;
    QSqlRecord m_key;
    QList<History::Entry> m_entries;
    QMetaObject::Connection m_dataChanged;
    QMetaObject::Connection m_reset;
    QTimer *m_refreshSoon = nullptr;
    QLabel *m_title = nullptr;
    QPushButton *m_keepHistory = nullptr;
    QTreeWidget *m_versions = nullptr;
    QTableView *m_compare = nullptr;
    VersionCompareModel *m_compareModel = nullptr;
    QPushButton *m_restore = nullptr;
};

} // namespace Concord
