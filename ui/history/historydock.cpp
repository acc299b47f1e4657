// SPDX-License-Identifier: MIT
// SPDX-FileCopyrightText: 2026 Concord developers
#include "historydock.h"

#include <ui/history/versioncomparemodel.h>

#include <core/db/tableschema.h>
#include <core/model/versionedtablemodel.h>
#include <core/relativetime.h>
#include <core/versioning/auditconfig.h>

#include <QAction>
#include <QHBoxLayout>
#include <QHeaderView>
#include <QLabel>
#include <QPushButton>
#include <QSplitter>
#include <QTableView>
#include <QTimer>
#include <QTreeWidget>
#include <QVBoxLayout>

using namespace Qt::StringLiterals;

namespace Concord {

namespace {

enum VersionColumn { VersionCol, ChangeCol, ByCol, WhenCol, FieldsCol };

QString operationText(History::Operation operation)
{
    switch (operation) {
    case History::Operation::Insert: return HistoryDock::tr("inserted");
    case History::Operation::Update: return HistoryDock::tr("updated");
    case History::Operation::Delete: return HistoryDock::tr("deleted");
    }
    return {};
}


} // namespace

HistoryDock::HistoryDock(QWidget *parent)
    : QDockWidget(tr("History"), parent)
    , m_refreshSoon(new QTimer(this))
    , m_compareModel(new VersionCompareModel(this))
{
    setObjectName(u"historyDock"_s);
    setAccessibleName(tr("History of the current record"));
    toggleViewAction()->setObjectName(u"historyDockAction"_s);
    toggleViewAction()->setText(tr("&History"));
    toggleViewAction()->setShortcut(QKeySequence(Qt::CTRL | Qt::Key_H));
    toggleViewAction()->setToolTip(tr("Show every kept version of the current record (Ctrl+H)"));
    // A save writes the row and re-reads it; a burst of such changes reads the history once.
    m_refreshSoon->setSingleShot(true);
    m_refreshSoon->setInterval(300);
    connect(m_refreshSoon, &QTimer::timeout, this, &HistoryDock::refresh);
    createContent();
}

void HistoryDock::createContent()
{
    auto *content = new QWidget;
    auto *layout = new QVBoxLayout(content);
    layout->setContentsMargins(4, 4, 4, 4);
    auto *top = new QHBoxLayout;
    m_title = new QLabel;
    m_title->setObjectName(u"historyTitle"_s);
    m_title->setWordWrap(true);
    top->addWidget(m_title, 1);
    m_keepHistory = new QPushButton(tr("Keep History…"));
    m_keepHistory->setObjectName(u"keepHistoryButton"_s);
    m_keepHistory->hide();
    connect(m_keepHistory, &QPushButton::clicked, this, &HistoryDock::keepHistoryRequested);
    top->addWidget(m_keepHistory);
    m_restore = new QPushButton(tr("Re&store This Version"));
    m_restore->setObjectName(u"restoreVersionButton"_s);
    m_restore->setToolTip(tr("Write the selected version's values as a new version of the record, under the version "
                             "check: if someone changed the record meanwhile, the merge dialog opens"));
    m_restore->setEnabled(false);
    connect(m_restore, &QPushButton::clicked, this, [this] {
        const QList<int> rows = selectedRows();
        if (rows.size() == 1)
            Q_EMIT restoreRequested(m_key, m_entries.at(rows.constFirst()));
    });
    top->addWidget(m_restore);
    layout->addLayout(top);

    // Stacked: a dock beside the grid is narrow, and both the list and the comparison need its
    // whole width for their columns.
    auto *split = new QSplitter(Qt::Vertical);
    m_versions = new QTreeWidget;
    m_versions->setObjectName(u"historyVersions"_s);
    m_versions->setAccessibleName(tr("Versions of the record, newest first"));
    m_versions->setRootIsDecorated(false);
    m_versions->setUniformRowHeights(true);
    m_versions->setSelectionMode(QAbstractItemView::ExtendedSelection);
    m_versions->setHeaderLabels({tr("Version"), tr("Change"), tr("By"), tr("When"), tr("Fields Changed")});
    m_versions->header()->setSectionResizeMode(QHeaderView::ResizeToContents);
    m_versions->header()->setStretchLastSection(true);
    connect(m_versions, &QTreeWidget::itemSelectionChanged, this, &HistoryDock::compareSelected);
    split->addWidget(m_versions);
    m_compare = new QTableView;
    m_compare->setObjectName(u"historyCompare"_s);
    m_compare->setAccessibleName(tr("The selected versions field by field"));
    m_compare->setModel(m_compareModel);
    m_compare->setEditTriggers(QAbstractItemView::NoEditTriggers);
    m_compare->setSelectionBehavior(QAbstractItemView::SelectRows);
    m_compare->verticalHeader()->hide();
    m_compare->horizontalHeader()->setSectionResizeMode(QHeaderView::Interactive);
    m_compare->horizontalHeader()->setSectionResizeMode(VersionCompareModel::OlderColumn, QHeaderView::Stretch);
    m_compare->horizontalHeader()->setSectionResizeMode(VersionCompareModel::NewerColumn, QHeaderView::Stretch);
    m_compare->horizontalHeader()->setStretchLastSection(false);
    m_compare->verticalHeader()->setDefaultSectionSize(m_compare->fontMetrics().height() + 6);
    split->addWidget(m_compare);
    split->setStretchFactor(0, 1);
    split->setStretchFactor(1, 1);
    layout->addWidget(split, 1);
    setWidget(content);
    showUnavailable(tr("No record is selected."), false);
}

void HistoryDock::setTarget(VersionedTableModel *model, int row)
{
    if (model != m_model) {
        disconnect(m_dataChanged);
        disconnect(m_reset);
        m_model = model;
        if (model) {
            m_dataChanged = connect(model, &QAbstractItemModel::dataChanged, this, &HistoryDock::onModelRowsChanged);
            m_reset = connect(model, &QAbstractItemModel::modelReset, m_refreshSoon, qOverload<>(&QTimer::start));
        }
    }
    const QSqlRecord key = model && row >= 0 ? model->rowKey(row) : QSqlRecord();
    const bool sameRecord = row == m_row && key == m_key;
    m_row = row;
    m_key = key;
    if (!sameRecord && isVisible())
        refresh();
}

void HistoryDock::onModelRowsChanged(const QModelIndex &topLeft, const QModelIndex &bottomRight)
{
    // A cell typed into changes no history; a save, or another user's write arriving, leaves
    // the row without a pending edit, and that is when a new version may be there.
    if (m_row >= topLeft.row() && m_row <= bottomRight.row() && isVisible() && m_model && !m_model->isRowDirty(m_row))
        m_refreshSoon->start();
}

void HistoryDock::showEvent(QShowEvent *event)
{
    QDockWidget::showEvent(event);
    refresh();
}

void HistoryDock::refresh()
{
    m_refreshSoon->stop();
    if (!m_model || m_model->schema().table.isEmpty() || m_row < 0 || m_key.isEmpty())
        return showUnavailable(tr("No record is selected."), false);
    if (m_model->isReadOnly() || !m_model->versioning())
        return showUnavailable(tr("%1 is not versioned, so no history is kept.").arg(m_model->schema().table), false);
    const QSqlDatabase db = m_model->database();
    const Result<History::Status> status = History::status(db, m_model->schema().table);
    if (!status)
        return showUnavailable(tr("Cannot read the history: %1").arg(status.error().message), false);
    if (status.value().state == History::State::Off) {
        return showUnavailable(tr("History is not kept for %1. Keep History… records every version written "
                                  "from now on, by anyone.")
                                   .arg(m_model->schema().table),
                               true);
    }
    const Result<QList<History::Entry>> entries = History::versions(db, m_model->schema(), m_key);
    if (!entries)
        return showUnavailable(tr("Cannot read the history: %1").arg(entries.error().message), false);
    m_entries = entries.value();
    const AuditColumns &audit = m_model->auditColumns();
    QStringList ignored{m_model->schema().versionColumn};
    for (const QString &column : {audit.byColumn, audit.atColumn}) {
        if (!column.isEmpty())
            ignored << column;
    }
    m_compareModel->setIgnoredFields(ignored);
    showEntries();
}

void HistoryDock::showUnavailable(const QString &text, bool offerKeepHistory)
{
    m_entries.clear();
    m_versions->clear();
    m_compareModel->clear();
    m_title->setText(text);
    m_keepHistory->setVisible(offerKeepHistory);
    updateRestoreButton();
}

QString HistoryDock::titleText() const
{
    return m_title->text();
}

QString HistoryDock::versionTitle(const History::Entry &entry) const
{
    return tr("Version %1").arg(entry.version.toString());
}

void HistoryDock::showEntries()
{
    m_keepHistory->hide();
    const QString record = tr("%1 %2").arg(m_model->schema().table, keyText(m_key));
    m_title->setText(m_entries.isEmpty()
                         ? tr("%1: no version kept yet (history records writes made since it was turned on).").arg(record)
                         : (m_entries.size() == 1 ? tr("%1: 1 version kept.").arg(record)
                                                  : tr("%1: %2 versions kept, newest first. Select one to see what it "
                                                       "changed, or two to compare them.")
                                                        .arg(record)
                                                        .arg(m_entries.size())));
    const QSignalBlocker blocker(m_versions);
    m_versions->clear();
    const QDateTime now = QDateTime::currentDateTimeUtc();
    for (const History::Entry &entry : std::as_const(m_entries)) {
        auto *item = new QTreeWidgetItem(m_versions);
        item->setText(VersionCol, entry.version.toString());
        item->setText(ChangeCol, operationText(entry.operation));
        item->setText(ByCol, entry.changedBy.isEmpty() ? tr("unknown") : entry.changedBy);
        item->setText(WhenCol, relativeTimeText(entry.changedAt, now));
        item->setToolTip(WhenCol, QLocale().toString(entry.changedAt.toLocalTime(), QLocale::LongFormat));
        // The oldest update kept has no earlier version to compare with (history started, or
        // retention removed it), so its "changed fields" would be every field.
        const bool earliest = &entry == &m_entries.constLast();
        if (entry.operation == History::Operation::Update)
            item->setText(FieldsCol, earliest ? tr("(earliest kept)") : entry.changedFields.join(u", "_s));
    }
    if (!m_entries.isEmpty())
        m_versions->topLevelItem(0)->setSelected(true);
    compareSelected();
}

QList<int> HistoryDock::selectedRows() const
{
    QList<int> rows;
    for (QTreeWidgetItem *item : m_versions->selectedItems())
        rows << m_versions->indexOfTopLevelItem(item);
    std::sort(rows.begin(), rows.end());
    return rows;
}

void HistoryDock::selectEntries(const QList<int> &rows)
{
    const QSignalBlocker blocker(m_versions);
    m_versions->clearSelection();
    for (int row : rows) {
        if (QTreeWidgetItem *item = m_versions->topLevelItem(row))
            item->setSelected(true);
    }
    compareSelected();
}

void HistoryDock::compareSelected()
{
    const QList<int> rows = selectedRows();
    if (rows.isEmpty() || rows.size() > 2) {
        m_compareModel->clear();
        return updateRestoreButton();
    }
    // Newest first: the larger index is the older version. One selected: it against the one
    // before it, so that the table shows what that version changed.
    const int newer = rows.constFirst();
    const int older = rows.size() == 2 ? rows.constLast() : newer + 1;
    const History::Entry &after = m_entries.at(newer);
    const bool hasOlder = older < m_entries.size();
    const History::Entry before = hasOlder ? m_entries.at(older) : History::Entry{};
    // A delete keeps the values the row had; shown as "gone" against the version before it.
    const bool deleted = after.operation == History::Operation::Delete;
    m_compareModel->setVersions(hasOlder ? before.values : QSqlRecord(), hasOlder ? versionTitle(before) : tr("(none)"),
                                deleted && rows.size() == 1 ? QSqlRecord() : after.values,
                                deleted ? tr("Deleted") : versionTitle(after));
    m_compare->resizeColumnToContents(VersionCompareModel::FieldColumn);
    m_compare->resizeColumnToContents(VersionCompareModel::StatusColumn);
    updateRestoreButton();
}

void HistoryDock::updateRestoreButton()
{
    const QList<int> rows = selectedRows();
    // The newest entry is what the record holds now; a delete has nothing to restore in place
    // (Deleted Records… recovers it).
    const bool restorable = rows.size() == 1 && rows.constFirst() > 0
        && m_entries.at(rows.constFirst()).operation != History::Operation::Delete
        && m_entries.constFirst().operation != History::Operation::Delete;
    m_restore->setEnabled(restorable);
}

} // namespace Concord
