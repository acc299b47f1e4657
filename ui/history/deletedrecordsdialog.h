// SPDX-License-Identifier: MIT
// SPDX-FileCopyrightText: 2026 Concord developers
#pragma once

#include <core/versioning/history.h>

#include <QDialog>

class QLabel;
class QPushButton;
class QTableView;
class QTreeWidget;

namespace Concord {

class VersionCompareModel;

/// Records > Deleted Records…: the records of a table deleted while its history was kept, from
/// the history (key, who deleted it, when, the version it had), with the values each had when
/// it was deleted. Recover asks the owner to insert the selected record again with its key and
/// those values (recoverRequested()); the owner writes it through the version check, at a new
/// version above the deleted one, and calls setRecords() again. A record whose key is in use
/// again is listed as such and cannot be recovered (Recover is disabled, and says why).
///
/// Object names for tests: deletedRecordsView, deletedValuesView, recoverButton,
/// deletedStateLabel.
class DeletedRecordsDialog : public QDialog
{
    Q_OBJECT

public:
    DeletedRecordsDialog(const QString &table, QWidget *parent = nullptr);

    void setRecords(const QList<History::DeletedRecord> &records);
    const QList<History::DeletedRecord> &records() const { return m_records; }
    /// Shows \a text under the list: the outcome of the last recovery, or why none is listed.
    void setStateText(const QString &text);
    QString stateText() const;
    /// Selects the record at \a row of records().
    void selectRecord(int row);
    int selectedRecord() const;

Q_SIGNALS:
    void recoverRequested(const Concord::History::DeletedRecord &record);

private:
    void showSelected();

    QString m_table;
    QList<History::DeletedRecord> m_records;
    QTreeWidget *m_view = nullptr;
    QTableView *m_values = nullptr;
    VersionCompareModel *m_valuesModel = nullptr;
    QPushButton *m_recover = nullptr;
    QLabel *m_state = nullptr;
};

} // namespace Concord
