// SPDX-License-Identifier: MIT
// SPDX-FileCopyrightText: 2026 Concord developers
//
// MainWindow's browsing: sorting by a header click, the filter row, the quick find, "Go to row"
// and "Go to key". All of it runs in the database (VersionedTableModel, GridQuery), so it works
// the same on ten rows and on ten million.
#include "mainwindow.h"

#include <core/db/tableschema.h>
#include <core/model/gridquery.h>
#include <core/model/versionedtablemodel.h>
#include <core/values/valuefromtext.h>
#include <ui/widgets/filterheader.h>
#include <ui/widgets/findbar.h>
#include <ui/widgets/tablelist.h>

#include <QAction>
#include <QInputDialog>
#include <QItemSelectionModel>
#include <QLineEdit>
#include <QLocale>
#include <QMessageBox>
#include <QPushButton>
#include <QSqlField>
#include <QStatusBar>
#include <QScrollBar>
#include <QTableView>

namespace Concord {

void MainWindow::createBrowsing()
{
    m_filterHeader = new FilterHeader(m_grid);
    m_grid->setHorizontalHeader(m_filterHeader);
    m_filterHeader->setStretchLastSection(true);
    m_filterHeader->setSortIndicatorShown(true); // after setHorizontalHeader(), which hides it
    connect(m_filterHeader, &QHeaderView::sectionClicked, this, &MainWindow::sortByColumn);
    connect(m_filterHeader, &FilterHeader::filtersChanged, this, &MainWindow::applyColumnFilters);
    // The fields follow the columns when the grid scrolls sideways (after the header moved).
    connect(m_grid->horizontalScrollBar(), &QScrollBar::valueChanged, m_filterHeader, &FilterHeader::placeFields,
            Qt::QueuedConnection);
    m_findBar = new FindBar;
    connect(m_findBar, &FindBar::findRequested, this, &MainWindow::findInTable);
}

void MainWindow::createBrowsingActions()
{
    const auto add = [this](const QString &text, const QKeySequence &shortcut, const QString &name, auto slot) {
        auto *action = new QAction(text, this);
        action->setShortcut(shortcut);
        action->setObjectName(name);
        action->setToolTip(QStringLiteral("%1 (%2)").arg(QString(text).remove(QLatin1Char('&')).remove(u'…'),
                                                         shortcut.toString(QKeySequence::NativeText)));
        connect(action, &QAction::triggered, this, slot);
        addAction(action);
        m_browseActions << action;
        return action;
    };
    add(tr("&Find in Table"), QKeySequence::Find, QStringLiteral("findAction"), [this] { m_findBar->activate(); });
    add(tr("&Go to Row…"), QKeySequence(Qt::CTRL | Qt::Key_G), QStringLiteral("goToRowAction"), &MainWindow::askGoToRow);
    add(tr("Go to &Key…"), QKeySequence(Qt::CTRL | Qt::SHIFT | Qt::Key_G), QStringLiteral("goToKeyAction"),
        &MainWindow::askGoToKey);
    add(tr("&Clear Filters"), QKeySequence(Qt::CTRL | Qt::SHIFT | Qt::Key_L), QStringLiteral("clearFiltersAction"),
        &MainWindow::clearFilters);
}

// A new table: no filter, no find, the key order.
void MainWindow::resetBrowsing()
{
    m_filterHeader->resetFields();
    m_appliedFilterTexts.clear();
    m_sortColumn = -1;
    m_filterHeader->setSortIndicator(-1, Qt::AscendingOrder);
    m_findBar->setText(QString());
    updateRowSummary();
}

// Re-reading the table would drop pending edits: the user saves them first, or nothing happens.
bool MainWindow::readyToReread(const QString &what)
{
    if (!m_model || m_model->tableName().isEmpty() || typedTextBlocks(what))
        return false;
    if (!m_model->hasPendingWork())
        return true;
    QMessageBox box(QMessageBox::Question, tr("Unsaved edits"),
                    tr("Your edits must be saved before %1. Save them now?").arg(what),
                    QMessageBox::Save | QMessageBox::Cancel, this);
    box.setObjectName(QStringLiteral("saveFirstMessage"));
    box.button(QMessageBox::Save)->setText(tr("&Save")); // the standard one has no mnemonic
    box.setDefaultButton(QMessageBox::Save);
    return box.exec() == QMessageBox::Save && save() && !m_model->hasPendingWork();
}

// A click sorts ascending, a second descending, a third goes back to the key order.
void MainWindow::sortByColumn(int column)
{
    if (!readyToReread(tr("sorting"))) {
        syncBrowsingControls();
        return;
    }
    const bool sameColumn = m_sortColumn == column;
    rememberPlace();
    if (sameColumn && m_sortOrder == Qt::DescendingOrder) {
        m_sortColumn = -1;
        m_model->sort(-1, Qt::AscendingOrder); // the key order
    } else {
        m_sortOrder = sameColumn ? Qt::DescendingOrder : Qt::AscendingOrder;
        m_sortColumn = column;
        m_model->sort(column, m_sortOrder);
    }
    restorePlace();
    syncBrowsingControls();
}

bool MainWindow::applyColumnFilters(const QMap<int, QString> &texts)
{
    QList<ColumnFilter> filters;
    for (auto it = texts.cbegin(); it != texts.cend(); ++it) {
        const QSqlField field = m_model->record().field(it.key());
        std::optional<ColumnFilter> filter = ColumnFilter::parse(field.name(), it.value());
        if (!filter)
            continue;
        if (filter->op != ColumnFilter::Op::Contains && filter->op != ColumnFilter::Op::IsNull
            && filter->op != ColumnFilter::Op::IsNotNull) {
            const Result<QVariant> value = valueFromText(filter->value.toString(), m_model->columnKind(it.key()), field.name());
            if (!value) {
                statusBar()->showMessage(tr("Filter not applied: %1").arg(value.error().message));
                syncBrowsingControls();
                return false;
            }
            filter->value = value.value();
        }
        filters << *filter;
    }
    if (filters == m_model->columnFilters()) {
        m_appliedFilterTexts = texts;
        return true;
    }
    if (!readyToReread(tr("filtering")) || !m_model->setColumnFilters(filters)) {
        if (m_model)
            statusBar()->showMessage(tr("Filter not applied: %1").arg(m_model->lastError().text()));
        syncBrowsingControls();
        return false;
    }
    m_appliedFilterTexts = texts;
    syncBrowsingControls();
    return true;
}

bool MainWindow::findInTable(const QString &text)
{
    if (!m_model || text == m_model->findText())
        return true;
    if (!readyToReread(tr("searching")) || !m_model->setFindText(text)) {
        if (m_model)
            statusBar()->showMessage(tr("Not searched: %1").arg(m_model->lastError().text()));
        syncBrowsingControls();
        return false;
    }
    syncBrowsingControls();
    return true;
}

void MainWindow::clearFilters()
{
    if (!m_model)
        return;
    m_filterHeader->setFilterTexts({});
    m_findBar->setText(QString());
    if (applyColumnFilters({}))
        findInTable(QString());
}

// The controls always show what the grid shows: after a refusal they go back to it.
void MainWindow::syncBrowsingControls()
{
    if (!m_model)
        return;
    m_filterHeader->setFilterTexts(m_appliedFilterTexts);
    m_findBar->setText(m_model->findText());
    if (m_sortColumn >= 0)
        m_filterHeader->setSortIndicator(m_sortColumn, m_sortOrder);
    else
        m_filterHeader->setSortIndicator(-1, Qt::AscendingOrder);
    updateRowSummary();
}

void MainWindow::updateRowSummary()
{
    if (!m_model || m_model->tableName().isEmpty()) {
        m_findBar->setSummary(QString());
        return;
    }
    const int rows = m_model->rowCount();
    const bool filtered = !m_model->columnFilters().isEmpty() || !m_model->findText().isEmpty();
    // The grid's count of the whole table is exact: the list shows it instead of its capped one.
    if (!filtered && m_model->filter().isEmpty() && !m_model->hasPendingWork())
        m_tableList->setExactRowCount(m_model->tableName(), rows);
    const QString text = filtered ? (rows == 1 ? tr("%1 matching row") : tr("%1 matching rows"))
                                  : (rows == 1 ? tr("%1 row") : tr("%1 rows"));
    m_findBar->setSummary(text.arg(QLocale().toString(rows)));
}

bool MainWindow::goToRow(int row)
{
    if (!m_model || row < 0 || row >= m_model->rowCount() || typedTextBlocks(tr("moved")))
        return false;
    const int column = std::max(m_grid->currentIndex().column(), 0);
    const QModelIndex target = m_model->index(row, column);
    m_grid->scrollTo(target, QAbstractItemView::PositionAtCenter);
    // As a click would: the row is selected and becomes the anchor of Shift+arrow selections.
    m_grid->setCurrentIndex(target);
    return true;
}

bool MainWindow::goToKey(const QString &keyText)
{
    if (!m_model || m_model->tableName().isEmpty())
        return false;
    const QStringList &keyColumns = m_model->schema().primaryKey;
    if (keyColumns.isEmpty()) {
        statusBar()->showMessage(tr("%1 has no primary key to go to.").arg(m_model->tableName()));
        return false;
    }
    const QStringList parts = keyColumns.size() == 1 ? QStringList{keyText} : keyText.split(QLatin1Char(','));
    if (parts.size() != keyColumns.size()) {
        statusBar()->showMessage(tr("The key has %1 parts (%2), separated by commas.")
                                     .arg(keyColumns.size()).arg(keyColumns.join(QStringLiteral(", "))));
        return false;
    }
    QSqlRecord key;
    for (int i = 0; i < keyColumns.size(); ++i) {
        QSqlField field = m_model->record().field(keyColumns.at(i));
        const Result<QVariant> value = valueFromText(parts.at(i).trimmed(), m_model->columnKind(m_model->fieldIndex(keyColumns.at(i))), field.name());
        if (!value) {
            statusBar()->showMessage(value.error().message);
            return false;
        }
        field.setValue(value.value());
        key.append(field);
    }
    const Result<int> row = m_model->rowOfKey(key);
    if (!row) {
        statusBar()->showMessage(row.error().message);
        return false;
    }
    return goToRow(row.value());
}

void MainWindow::askGoToRow()
{
    if (!m_model || m_model->rowCount() == 0)
        return;
    bool ok = false;
    const int current = std::max(m_grid->currentIndex().row(), 0) + 1;
    const int row = QInputDialog::getInt(this, tr("Go to Row"), tr("&Row (1 to %1):").arg(QLocale().toString(m_model->rowCount())),
                                         current, 1, m_model->rowCount(), 1, &ok);
    if (ok)
        goToRow(row - 1);
}

void MainWindow::askGoToKey()
{
    if (!m_model || m_model->tableName().isEmpty())
        return;
    bool ok = false;
    const QString text = QInputDialog::getText(this, tr("Go to Key"),
                                               tr("&%1:").arg(m_model->schema().primaryKey.join(QStringLiteral(", "))),
                                               QLineEdit::Normal, QString(), &ok);
    if (ok && !text.trimmed().isEmpty())
        goToKey(text);
}

} // namespace Concord
