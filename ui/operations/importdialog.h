// SPDX-License-Identifier: MIT
// SPDX-FileCopyrightText: 2026 Concord developers
#pragma once

#include <core/jobs/importjob.h>

#include <QDialog>
#include <QSqlDatabase>

class QCheckBox;
class QHBoxLayout;
class QComboBox;
class QDialogButtonBox;
class QLabel;
class QLineEdit;
class QTableWidget;

namespace Concord {

/// "Import CSV…": a file, a target table, which CSV column feeds which table column (a combo box
/// per CSV column, "(ignore)" included, starting from the automatic match by name), a preview of
/// the first rows as they would be imported (problems in red, with the reason as tooltip) and
/// "Skip rejected lines" (off: all or nothing). Import emits importRequested(); the caller runs
/// the ImportJob. The dialog reads through the editor's connection and writes nothing.
///
/// objectName "importDialog"; children "importFileEdit", "importBrowseButton", "importTableCombo",
/// "importMapping" (rows: CSV column, table column combo "mapping:HEADER"), "importPreview",
/// "importMessage", "skipRejectedCheck", "importButton".
class ImportDialog : public QDialog
{
    Q_OBJECT

public:
    ImportDialog(const QSqlDatabase &db, const QStringList &tables, const QString &table, QWidget *parent = nullptr);

    /// Sets the file as if chosen in the file dialog, and previews it.
    void setFilePath(const QString &path);
    /// Maps \a header to \a column (empty: ignore it), as if chosen in its combo box.
    bool setMapping(const QString &header, const QString &column);
    ImportOptions options() const;
    /// The preview's problem, or empty when the file can be imported as mapped.
    QString message() const;

    static QString ignoreText();

Q_SIGNALS:
    void importRequested(const Concord::ImportOptions &options);

private:
    void createLayout(const QStringList &tables, const QString &table);
    QHBoxLayout *createFileRow();
    void createPreviewViews();
    void createOptionsAndButtons();
    void browse();
    void reloadFile();
    void updatePreview();
    void fillMapping(const ImportMapping &mapping);
    ImportMapping headersOnly() const;
    void fillPreview(const ImportPreview &preview);
    void showMessage(const QString &text, bool canImport);

    QSqlDatabase database() const;

    QString m_connectionName; ///< the editor's; no copy is kept, so that it can close it
    QHash<QString, QString> m_overrides; ///< header -> column chosen by the user ("" = ignore)
    QLineEdit *m_file = nullptr;
    QComboBox *m_table = nullptr;
    QTableWidget *m_mapping = nullptr;
    QTableWidget *m_preview = nullptr;
    QLabel *m_message = nullptr;
    QCheckBox *m_skipRejected = nullptr;
    QDialogButtonBox *m_buttons = nullptr;
};

} // namespace Concord
