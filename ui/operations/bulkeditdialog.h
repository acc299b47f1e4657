// SPDX-License-Identifier: MIT
// SPDX-FileCopyrightText: 2026 Concord developers
#pragma once

#include <QDialog>
#include <QVariant>

class QCheckBox;
class QComboBox;
class QDialogButtonBox;
class QLabel;

namespace Concord {

class ValueEditor;
class VersionedTableModel;

/// "Set Field on Selected Rows…": a column (neither key nor version), a value in an editor that
/// fits the column's type (NULL only where the column allows it) and "All rows of the current
/// filter". Set is offered only once the user has given a value for the chosen column (typed,
/// picked, or NULL ticked); the dialog never proposes one. Set emits accepted(); the caller builds
/// the rows and runs the BulkEditJob.
///
/// objectName "bulkEditDialog"; children "bulkColumnCombo", "bulkValueEditor", "allRowsCheck",
/// "bulkEditSummary", "bulkSetButton".
class BulkEditDialog : public QDialog
{
    Q_OBJECT

public:
    /// \a selected rows are chosen in the grid; \a all is every row of the current filter.
    BulkEditDialog(const VersionedTableModel *model, int selected, int all, QWidget *parent = nullptr);

    QString column() const;
    bool setColumn(const QString &column);
    QVariant value() const;
    ValueEditor *valueEditor() const { return m_value; }
    bool allRows() const;
    void setAllRows(bool all);

private:
    void columnChanged();
    void updateSummary();

    const VersionedTableModel *m_model;
    int m_selected;
    int m_all;
    QComboBox *m_column = nullptr;
    ValueEditor *m_value = nullptr;
    QCheckBox *m_allRows = nullptr;
    QLabel *m_summary = nullptr;
    QDialogButtonBox *m_buttons = nullptr;
    bool m_valueGiven = false; ///< the user typed or chose a value (or NULL) for the column
};

/// "Enable Versioning…": a table without a version column and a policy (counter, timestamp,
/// conditional, trigger). objectName "enableVersioningDialog"; children "versioningTableCombo",
/// "versioningPolicyCombo", "enableVersioningButton".
class EnableVersioningDialog : public QDialog
{
    Q_OBJECT

public:
    EnableVersioningDialog(const QStringList &tables, const QString &table, QWidget *parent = nullptr);
    QString table() const;
    /// A VersionPolicy, as policyName() spells it.
    QString policy() const;
    bool setPolicy(const QString &policy);

private:
    QComboBox *m_table = nullptr;
    QComboBox *m_policy = nullptr;
};

} // namespace Concord
