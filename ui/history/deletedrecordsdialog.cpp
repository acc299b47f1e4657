// SPDX-License-Identifier: MIT
// SPDX-FileCopyrightText: 2026 Concord developers
#include "deletedrecordsdialog.h"

#include <ui/history/versioncomparemodel.h>

#include <core/merge/recordmodifiederror.h>
#include <core/relativetime.h>

#include <QDialogButtonBox>
#include <QHeaderView>
#include <QLabel>
#include <QLocale>
#include <QPushButton>
#include <QSplitter>
#include <QTableView>
#include <QTreeWidget>
#include <QVBoxLayout>

using namespace Qt::StringLiterals;

namespace Concord {

namespace {

enum Column { KeyCol, ByCol, WhenCol, VersionCol, StateCol };


} // namespace

DeletedRecordsDialog::DeletedRecordsDialog(const QString &table, QWidget *parent)
    : QDialog(parent)
    , m_table(table)
    , m_valuesModel(new VersionCompareModel(this))
{
    setObjectName(u"deletedRecordsDialog"_s);
    setWindowTitle(tr("Deleted Records — %1").arg(table));
    auto *layout = new QVBoxLayout(this);
    auto *intro = new QLabel(tr("Records of %1 deleted while its history was kept, newest first. Recover inserts the "
                                "record again with its key and the values it had, as a new version.")
                                 .arg(table));
    intro->setWordWrap(true);
    layout->addWidget(intro);
    auto *split = new QSplitter(Qt::Vertical);
    m_view = new QTreeWidget;
    m_view->setObjectName(u"deletedRecordsView"_s);
    m_view->setAccessibleName(tr("Deleted records"));
    m_view->setRootIsDecorated(false);
    m_view->setUniformRowHeights(true);
    m_view->setHeaderLabels({tr("Key"), tr("Deleted By"), tr("When"), tr("Last Version"), tr("State")});
    m_view->header()->setSectionResizeMode(QHeaderView::ResizeToContents);
    connect(m_view, &QTreeWidget::itemSelectionChanged, this, &DeletedRecordsDialog::showSelected);
    split->addWidget(m_view);
    m_values = new QTableView;
    m_values->setObjectName(u"deletedValuesView"_s);
    m_values->setAccessibleName(tr("The values the record had when it was deleted"));
    m_values->setModel(m_valuesModel);
    m_values->setEditTriggers(QAbstractItemView::NoEditTriggers);
    m_values->verticalHeader()->hide();
    m_values->horizontalHeader()->setStretchLastSection(true);
    // Only the values it had: the "after" side of a deleted record is empty, so hide it.
    m_values->setColumnHidden(VersionCompareModel::NewerColumn, true);
    m_values->setColumnHidden(VersionCompareModel::StatusColumn, true);
    split->addWidget(m_values);
    layout->addWidget(split, 1);
    m_state = new QLabel;
    m_state->setObjectName(u"deletedStateLabel"_s);
    m_state->setWordWrap(true);
    layout->addWidget(m_state);
    auto *buttons = new QDialogButtonBox(QDialogButtonBox::Close);
    m_recover = buttons->addButton(tr("&Recover"), QDialogButtonBox::ActionRole);
    m_recover->setObjectName(u"recoverButton"_s);
    m_recover->setEnabled(false);
    connect(m_recover, &QPushButton::clicked, this, [this] {
        if (const int row = selectedRecord(); row >= 0)
            Q_EMIT recoverRequested(m_records.at(row));
    });
    connect(buttons, &QDialogButtonBox::rejected, this, &QDialog::reject);
    layout->addWidget(buttons);
    resize(760, 520);
}

void DeletedRecordsDialog::setRecords(const QList<History::DeletedRecord> &records)
{
    m_records = records;
    const QSignalBlocker blocker(m_view);
    m_view->clear();
    const QDateTime now = QDateTime::currentDateTimeUtc();
    for (const History::DeletedRecord &record : records) {
        auto *item = new QTreeWidgetItem(m_view);
        item->setText(KeyCol, keyText(record.key));
        item->setText(ByCol, record.last.changedBy.isEmpty() ? tr("unknown") : record.last.changedBy);
        item->setText(WhenCol, relativeTimeText(record.last.changedAt, now));
        item->setToolTip(WhenCol, QLocale().toString(record.last.changedAt.toLocalTime(), QLocale::LongFormat));
        item->setText(VersionCol, record.last.version.toString());
        item->setText(StateCol, record.keyReused ? tr("key in use again") : tr("can be recovered"));
    }
    if (records.isEmpty())
        setStateText(tr("No deleted record of %1 is in its history.").arg(m_table));
    else
        m_view->topLevelItem(0)->setSelected(true);
    showSelected();
}

void DeletedRecordsDialog::setStateText(const QString &text)
{
    m_state->setText(text);
}

QString DeletedRecordsDialog::stateText() const
{
    return m_state->text();
}

void DeletedRecordsDialog::selectRecord(int row)
{
    m_view->clearSelection();
    if (QTreeWidgetItem *item = m_view->topLevelItem(row))
        item->setSelected(true);
}

int DeletedRecordsDialog::selectedRecord() const
{
    const QList<QTreeWidgetItem *> items = m_view->selectedItems();
    return items.isEmpty() ? -1 : m_view->indexOfTopLevelItem(items.constFirst());
}

void DeletedRecordsDialog::showSelected()
{
    const int row = selectedRecord();
    if (row < 0) {
        m_valuesModel->setVersions({}, tr("Values when deleted"), {}, {});
        m_recover->setEnabled(false);
        return;
    }
    const History::DeletedRecord &record = m_records.at(row);
    m_valuesModel->setVersions(record.last.values, tr("Values when deleted (version %1)").arg(record.last.version.toString()),
                               {}, {});
    m_values->resizeColumnsToContents();
    m_recover->setEnabled(!record.keyReused);
    m_recover->setToolTip(record.keyReused ? tr("A record with this key exists again: it cannot be recovered over it")
                                           : tr("Insert the record again with its key and these values"));
}

} // namespace Concord
