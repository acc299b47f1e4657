// SPDX-License-Identifier: MIT
// SPDX-FileCopyrightText: 2026 Concord developers
#include "bulkeditdialog.h"

#include <ui/widgets/valueeditor.h>

#include <core/text.h>
#include <core/db/tableschema.h>
#include <core/model/versionedtablemodel.h>
#include <core/versioning/auditconfig.h>
#include <core/versioning/versioningconfig.h>

#include <QCheckBox>
#include <QComboBox>
#include <QDialogButtonBox>
#include <QFormLayout>
#include <QLabel>
#include <QPushButton>
#include <QSqlField>
#include <QVBoxLayout>

using namespace Qt::StringLiterals;

namespace Concord {

BulkEditDialog::BulkEditDialog(const VersionedTableModel *model, int selected, int all, QWidget *parent)
    : QDialog(parent)
    , m_model(model)
    , m_selected(selected)
    , m_all(all)
{
    setObjectName(u"bulkEditDialog"_s);
    setAccessibleName(tr("Set field on selected rows"));
    setWindowTitle(tr("Set Field on Rows of %1").arg(model->tableName()));

    m_column = new QComboBox;
    m_column->setObjectName(u"bulkColumnCombo"_s);
    m_column->setAccessibleName(tr("Column to set"));
    const TableSchema &schema = model->schema();
    for (int i = 0; i < schema.fields.count(); ++i) {
        const QString name = schema.fields.fieldName(i);
        if (!schema.isKeyColumn(name) && name.compare(schema.versionColumn, Qt::CaseInsensitive) != 0
            && !model->auditColumns().contains(name)) // Concord writes who and when
            m_column->addItem(name);
    }
    m_value = new ValueEditor;
    m_value->setObjectName(u"bulkValueEditor"_s);
    m_value->setAccessibleName(tr("New value"));
    m_allRows = new QCheckBox(countText(all, tr("&All rows of the current filter (%1 row)"),
                                        tr("&All rows of the current filter (%1 rows)")));
    m_allRows->setObjectName(u"allRowsCheck"_s);
    m_allRows->setAccessibleName(tr("Apply to all rows of the current filter"));
    m_allRows->setChecked(selected == 0);
    m_allRows->setEnabled(selected > 0);
    m_summary = new QLabel;
    m_summary->setObjectName(u"bulkEditSummary"_s);
    m_summary->setAccessibleName(tr("What will be changed"));
    m_summary->setWordWrap(true);

    m_buttons = new QDialogButtonBox(QDialogButtonBox::Ok | QDialogButtonBox::Cancel);
    m_buttons->setObjectName(u"bulkEditButtons"_s);
    QPushButton *set = m_buttons->button(QDialogButtonBox::Ok);
    set->setObjectName(u"bulkSetButton"_s);
    set->setText(tr("&Set"));
    set->setAccessibleName(tr("Set the field"));
    connect(m_buttons, &QDialogButtonBox::accepted, this, &QDialog::accept);
    connect(m_buttons, &QDialogButtonBox::rejected, this, &QDialog::reject);

    auto *form = new QFormLayout;
    form->addRow(tr("&Column:"), m_column);
    form->addRow(tr("&Value:"), m_value);
    auto *layout = new QVBoxLayout(this);
    layout->addLayout(form);
    layout->addWidget(m_allRows);
    layout->addWidget(m_summary);
    layout->addWidget(m_buttons);

    connect(m_column, &QComboBox::currentTextChanged, this, &BulkEditDialog::columnChanged);
    connect(m_value, &ValueEditor::edited, this, [this] {
        m_valueGiven = true;
        updateSummary();
    });
    connect(m_allRows, &QCheckBox::toggled, this, &BulkEditDialog::updateSummary);
    columnChanged();
}

QString BulkEditDialog::column() const
{
    return m_column->currentText();
}

bool BulkEditDialog::setColumn(const QString &column)
{
    const int index = m_column->findText(column);
    if (index >= 0)
        m_column->setCurrentIndex(index);
    return index >= 0;
}

QVariant BulkEditDialog::value() const
{
    return m_value->value();
}

bool BulkEditDialog::allRows() const
{
    return m_allRows->isChecked();
}

void BulkEditDialog::setAllRows(bool all)
{
    m_allRows->setChecked(all);
}

void BulkEditDialog::columnChanged()
{
    const int column = m_model->fieldIndex(m_column->currentText());
    QVariant sample;
    QVariantList samples;
    for (int row = 0; row < m_model->rowCount() && samples.size() < 20; ++row) {
        const QVariant value = m_model->index(row, column).data(Qt::EditRole);
        if (!value.isNull())
            samples << value;
    }
    if (!samples.isEmpty())
        sample = samples.constFirst();
    const QSqlField field = m_model->schema().fields.field(m_column->currentText());
    const ValueKind kind = columnKind(field.metaType(), samples);
    // The sample decides how the value is written, never what: Set waits until the user gives a
    // value, and typed kinds start empty. (Offering the first row's value made Enter copy it
    // onto every selected row.) Editors that cannot be empty show the sample as a starting point.
    const bool typed = kind == ValueKind::Text || kind == ValueKind::Unknown || kind == ValueKind::Decimal;
    m_valueGiven = false;
    m_value->setValue(typed ? QVariant(QString()) : sample.isValid() ? typedValue(sample, kind) : QVariant(), kind,
                      sample);
    m_value->setAccessibleFieldName(m_column->currentText());
    updateSummary();
}

void BulkEditDialog::updateSummary()
{
    const int rows = allRows() ? m_all : m_selected;
    const QString column = m_column->currentText();
    const bool required = m_model->schema().fields.field(column).requiredStatus() == QSqlField::Required;
    const bool nullRefused = required && value().isNull();
    QString text = countText(rows, tr("Sets %2 on %1 row, checking that nobody changed it since you loaded it."),
                             tr("Sets %2 on %1 rows, checking that nobody changed them since you loaded them."))
                       .arg(column);
    if (!m_valueGiven)
        text = tr("Type the value to set %1 to.").arg(column);
    else if (nullRefused)
        text = tr("%1 does not allow NULL.").arg(column);
    else if (!m_value->hasAcceptableInput())
        text = tr("The value does not fit %1.").arg(column);
    m_summary->setText(text);
    m_buttons->button(QDialogButtonBox::Ok)->setEnabled(m_valueGiven && rows > 0 && column.size() && !nullRefused
                                                        && m_value->hasAcceptableInput());
}

EnableVersioningDialog::EnableVersioningDialog(const QStringList &tables, const QString &table, QWidget *parent)
    : QDialog(parent)
{
    setObjectName(u"enableVersioningDialog"_s);
    setAccessibleName(tr("Enable versioning"));
    setWindowTitle(tr("Enable Versioning"));
    m_table = new QComboBox;
    m_table->setObjectName(u"versioningTableCombo"_s);
    m_table->setAccessibleName(tr("Table"));
    m_table->addItems(tables);
    m_table->setCurrentText(table);
    m_policy = new QComboBox;
    m_policy->setObjectName(u"versioningPolicyCombo"_s);
    m_policy->setAccessibleName(tr("Version policy"));
    const struct
    {
        VersionPolicy policy;
        QString text;
    } policies[] = {
        {VersionPolicy::Counter, tr("Counter: +1 on every save")},
        {VersionPolicy::Timestamp, tr("Timestamp: versions order saves in time and never repeat after a failover")},
        {VersionPolicy::Conditional, tr("Conditional: only tracked fields move the version")},
        {VersionPolicy::Trigger, tr("Trigger: the database bumps it, catching edits made elsewhere")},
    };
    for (const auto &entry : policies)
        m_policy->addItem(entry.text, policyName(entry.policy));
    auto *note = new QLabel(tr("Adds a version column (existing rows start at 1) and records the policy, under "
                               "the table's lock. Other editors see the table as busy meanwhile."));
    note->setObjectName(u"enableVersioningNote"_s);
    note->setAccessibleName(tr("What enabling versioning does"));
    note->setWordWrap(true);
    auto *buttons = new QDialogButtonBox(QDialogButtonBox::Ok | QDialogButtonBox::Cancel);
    buttons->setObjectName(u"enableVersioningButtons"_s);
    buttons->button(QDialogButtonBox::Ok)->setObjectName(u"enableVersioningButton"_s);
    buttons->button(QDialogButtonBox::Ok)->setText(tr("&Enable"));
    buttons->button(QDialogButtonBox::Ok)->setEnabled(!tables.isEmpty());
    connect(buttons, &QDialogButtonBox::accepted, this, &QDialog::accept);
    connect(buttons, &QDialogButtonBox::rejected, this, &QDialog::reject);
    auto *form = new QFormLayout;
    form->addRow(tr("&Table:"), m_table);
    form->addRow(tr("&Policy:"), m_policy);
    auto *layout = new QVBoxLayout(this);
    layout->addLayout(form);
    layout->addWidget(note);
    layout->addWidget(buttons);
}

QString EnableVersioningDialog::table() const
{
    return m_table->currentText();
}

QString EnableVersioningDialog::policy() const
{
    return m_policy->currentData().toString();
}

bool EnableVersioningDialog::setPolicy(const QString &policy)
{
    const int index = m_policy->findData(policy);
    if (index >= 0)
        m_policy->setCurrentIndex(index);
    return index >= 0;
}

} // namespace Concord
