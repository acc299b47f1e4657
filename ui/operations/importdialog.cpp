// SPDX-License-Identifier: MIT
// SPDX-FileCopyrightText: 2026 Concord developers
#include "importdialog.h"

#include <core/text.h>
#include <core/db/tableschema.h>
#include <core/versioning/versioningconfig.h>

#include <QCheckBox>
#include <QComboBox>
#include <QDialogButtonBox>
#include <QFile>
#include <QFileDialog>
#include <QFormLayout>
#include <QHBoxLayout>
#include <QHeaderView>
#include <QLabel>
#include <QLineEdit>
#include <QPushButton>
#include <QSqlField>
#include <QTableWidget>
#include <QVBoxLayout>

using namespace Qt::StringLiterals;

namespace Concord {

namespace {
constexpr int previewRows = 10;
}

ImportDialog::ImportDialog(const QSqlDatabase &db, const QStringList &tables, const QString &table, QWidget *parent)
    : QDialog(parent)
    , m_connectionName(db.connectionName())
{
    setObjectName(u"importDialog"_s);
    setAccessibleName(tr("Import CSV"));
    setWindowTitle(tr("Import CSV"));
    createLayout(tables, table);
    resize(760, 520);
    updatePreview();
}

QSqlDatabase ImportDialog::database() const
{
    return QSqlDatabase::database(m_connectionName, false);
}

QString ImportDialog::ignoreText()
{
    return tr("(ignore)");
}

QHBoxLayout *ImportDialog::createFileRow()
{
    m_file = new QLineEdit;
    m_file->setObjectName(u"importFileEdit"_s);
    m_file->setAccessibleName(tr("CSV file"));
    m_file->setPlaceholderText(tr("A CSV file with a header line"));
    connect(m_file, &QLineEdit::editingFinished, this, &ImportDialog::reloadFile);
    auto *browse = new QPushButton(tr("&Browse…"));
    browse->setObjectName(u"importBrowseButton"_s);
    browse->setAccessibleName(tr("Choose the CSV file"));
    connect(browse, &QPushButton::clicked, this, &ImportDialog::browse);
    auto *fileRow = new QHBoxLayout;
    fileRow->addWidget(m_file, 1);
    fileRow->addWidget(browse);
    return fileRow;
}

void ImportDialog::createPreviewViews()
{
    m_mapping = new QTableWidget(0, 2);
    m_mapping->setObjectName(u"importMapping"_s);
    m_mapping->setAccessibleName(tr("Which CSV column feeds which table column"));
    m_mapping->setHorizontalHeaderLabels({tr("CSV column"), tr("Table column")});
    m_mapping->horizontalHeader()->setStretchLastSection(true);
    m_mapping->verticalHeader()->hide();
    m_mapping->setEditTriggers(QAbstractItemView::NoEditTriggers);
    m_mapping->setSelectionMode(QAbstractItemView::NoSelection);
    m_mapping->setFocusPolicy(Qt::NoFocus); // the combo boxes take the focus, row by row
    m_mapping->verticalHeader()->setDefaultSectionSize(QComboBox().sizeHint().height() + 2);

    m_preview = new QTableWidget;
    m_preview->setObjectName(u"importPreview"_s);
    m_preview->setAccessibleName(tr("Preview of the first rows"));
    m_preview->setEditTriggers(QAbstractItemView::NoEditTriggers);
    m_preview->verticalHeader()->setDefaultSectionSize(fontMetrics().height() + 6);

    m_message = new QLabel;
    m_message->setObjectName(u"importMessage"_s);
    m_message->setAccessibleName(tr("Import check"));
    m_message->setWordWrap(true);
}

void ImportDialog::createOptionsAndButtons()
{
    m_skipRejected = new QCheckBox(tr("&Skip rejected lines (import the good ones and list the others)"));
    m_skipRejected->setObjectName(u"skipRejectedCheck"_s);
    m_skipRejected->setAccessibleName(tr("Skip rejected lines"));
    m_skipRejected->setToolTip(tr("Off: any rejected line and nothing is written (all or nothing)."));

    m_buttons = new QDialogButtonBox(QDialogButtonBox::Ok | QDialogButtonBox::Cancel);
    m_buttons->setObjectName(u"importButtons"_s);
    QPushButton *import = m_buttons->button(QDialogButtonBox::Ok);
    import->setText(tr("&Import"));
    import->setObjectName(u"importButton"_s);
    import->setAccessibleName(tr("Import"));
    m_buttons->button(QDialogButtonBox::Cancel)->setObjectName(u"importCancelButton"_s);
    connect(m_buttons, &QDialogButtonBox::accepted, this, [this] {
        emit importRequested(options());
        accept();
    });
    connect(m_buttons, &QDialogButtonBox::rejected, this, &QDialog::reject);
}

void ImportDialog::createLayout(const QStringList &tables, const QString &table)
{
    QHBoxLayout *fileRow = createFileRow();
    m_table = new QComboBox;
    m_table->setObjectName(u"importTableCombo"_s);
    m_table->setAccessibleName(tr("Table to import into"));
    m_table->addItems(tables);
    m_table->setCurrentText(table);
    connect(m_table, &QComboBox::currentTextChanged, this, &ImportDialog::reloadFile);

    createPreviewViews();
    createOptionsAndButtons();

    auto *form = new QFormLayout;
    form->addRow(tr("File:"), fileRow);
    form->addRow(tr("Into &table:"), m_table);
    auto *layout = new QVBoxLayout(this);
    layout->addLayout(form);
    auto *columns = new QHBoxLayout;
    columns->addWidget(m_mapping, 2);
    columns->addWidget(m_preview, 5);
    layout->addLayout(columns, 1);
    layout->addWidget(m_message);
    layout->addWidget(m_skipRejected);
    layout->addWidget(m_buttons);
}

void ImportDialog::browse()
{
    auto *chooser = new QFileDialog(this, tr("Import CSV"), m_file->text(), tr("CSV files (*.csv);;All files (*)"));
    chooser->setObjectName(u"importFileChooser"_s);
    chooser->setAttribute(Qt::WA_DeleteOnClose);
    chooser->setFileMode(QFileDialog::ExistingFile);
    connect(chooser, &QFileDialog::fileSelected, this, &ImportDialog::setFilePath);
    chooser->open();
}

void ImportDialog::setFilePath(const QString &path)
{
    m_file->setText(path);
    reloadFile();
}

void ImportDialog::reloadFile()
{
    m_overrides.clear(); // another file or table: start again from the match by name
    updatePreview();
}

bool ImportDialog::setMapping(const QString &header, const QString &column)
{
    for (int row = 0; row < m_mapping->rowCount(); ++row) {
        if (m_mapping->item(row, 0)->text() != header)
            continue;
        auto *combo = qobject_cast<QComboBox *>(m_mapping->cellWidget(row, 1));
        const int index = column.isEmpty() ? 0 : combo->findText(column);
        if (index < 0)
            return false;
        combo->setCurrentIndex(index); // activated() is not emitted: record it here
        m_overrides.insert(header, column);
        updatePreview();
        return true;
    }
    return false;
}

ImportOptions ImportDialog::options() const
{
    ImportOptions options;
    options.table = m_table->currentText();
    options.filePath = m_file->text();
    options.mapping = m_overrides;
    options.skipRejectedLines = m_skipRejected->isChecked();
    return options;
}

QString ImportDialog::message() const
{
    return m_message->text();
}

void ImportDialog::showMessage(const QString &text, bool canImport)
{
    m_message->setText(text);
    m_buttons->button(QDialogButtonBox::Ok)->setEnabled(canImport);
}

void ImportDialog::updatePreview()
{
    m_preview->clear();
    m_preview->setRowCount(0);
    m_preview->setColumnCount(0);
    if (m_file->text().isEmpty()) {
        m_mapping->setRowCount(0);
        showMessage(tr("Choose a CSV file."), false);
        return;
    }
    const auto preview = ImportJob::preview(database(), options(), previewRows);
    if (!preview) {
        // Nothing maps by name, say: still offer the file's columns to map by hand.
        fillMapping(headersOnly());
        showMessage(preview.error().message, false);
        return;
    }
    fillMapping(preview.value().mapping);
    fillPreview(preview.value());
}

// The file's header line with the user's choices so far, for when the preview cannot map it.
ImportMapping ImportDialog::headersOnly() const
{
    ImportMapping mapping;
    QFile file(m_file->text());
    if (!file.open(QIODevice::ReadOnly))
        return mapping;
    CsvReader reader(&file);
    if (const auto header = reader.next())
        mapping.headers = header->fields;
    for (int i = 0; i < mapping.headers.size(); ++i) {
        const QString column = m_overrides.value(mapping.headers.at(i));
        if (!column.isEmpty())
            mapping.columns.append({i, mapping.headers.at(i), column});
    }
    return mapping;
}

void ImportDialog::fillMapping(const ImportMapping &mapping)
{
    const auto config = versioningFor(database(), m_table->currentText());
    const auto schema = config ? TableSchema::load(database(), m_table->currentText(), config.value().column)
                               : Result<TableSchema>(config.error());
    QStringList columns;
    if (schema) {
        // The version and who-and-when columns are written by the import itself: no CSV column feeds them.
        const AuditColumns audit = config.value().audit.resolve(schema.value().fields, schema.value().primaryKey,
                                                                 schema.value().versionColumn);
        for (int i = 0; i < schema.value().fields.count(); ++i) {
            const QString name = schema.value().fields.fieldName(i);
            if (name.compare(schema.value().versionColumn, Qt::CaseInsensitive) != 0 && !audit.contains(name))
                columns << name;
        }
    }
    m_mapping->clearContents(); // drops the old combo boxes too
    m_mapping->setRowCount(int(mapping.headers.size()));
    for (int row = 0; row < mapping.headers.size(); ++row) {
        const QString header = mapping.headers.at(row);
        m_mapping->setItem(row, 0, new QTableWidgetItem(header));
        auto *combo = new QComboBox;
        combo->setObjectName(u"mapping:"_s + header);
        combo->setAccessibleName(tr("Table column for %1").arg(header));
        combo->addItem(ignoreText());
        combo->addItems(columns);
        for (const ImportMapping::Column &column : mapping.columns) {
            if (column.csvIndex == row)
                combo->setCurrentText(column.column);
        }
        connect(combo, &QComboBox::activated, this, [this, header, combo](int index) {
            m_overrides.insert(header, index == 0 ? QString() : combo->currentText());
            updatePreview();
        });
        m_mapping->setCellWidget(row, 1, combo);
    }
    m_mapping->resizeColumnToContents(0);
}

void ImportDialog::fillPreview(const ImportPreview &preview)
{
    QStringList columns;
    for (const ImportMapping::Column &column : preview.mapping.columns)
        columns << column.column;
    m_preview->setColumnCount(int(columns.size()) + 1);
    QStringList labels;
    labels << tr("Line");
    labels << columns;
    m_preview->setHorizontalHeaderLabels(labels);
    m_preview->verticalHeader()->hide();
    m_preview->setRowCount(int(preview.rows.size()));
    int problems = 0;
    for (int row = 0; row < preview.rows.size(); ++row) {
        const ImportPreview::Row &line = preview.rows.at(row);
        m_preview->setItem(row, 0, new QTableWidgetItem(QString::number(line.line)));
        QStringList reasons;
        for (const RejectedLine &problem : line.problems)
            reasons << problem.toString();
        for (int c = 0; c < columns.size(); ++c) {
            const QVariant value = line.values.value(columns.at(c));
            auto *item = new QTableWidgetItem(value.isNull() ? u"NULL"_s : value.toString());
            if (value.isNull())
                item->setForeground(palette().placeholderText());
            m_preview->setItem(row, c + 1, item);
        }
        if (!reasons.isEmpty()) {
            ++problems;
            for (int c = 0; c < m_preview->columnCount(); ++c) {
                if (QTableWidgetItem *item = m_preview->item(row, c)) {
                    item->setBackground(QColor(0xf8, 0xd7, 0xd7));
                    item->setToolTip(reasons.join(u'\n'));
                }
            }
        }
    }
    m_preview->resizeColumnsToContents();
    if (problems)
        showMessage(countText(problems, tr("⚠ %1 of the first lines would be rejected (hover for why)."),
                              tr("⚠ %1 of the first lines would be rejected (hover for why).")),
                    true);
    else
        showMessage(countText(preview.rows.size(), tr("The first line reads well."),
                              tr("The first %1 lines read well; the whole file is checked before anything is written.")),
                    true);
}

} // namespace Concord
