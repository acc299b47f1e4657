// SPDX-License-Identifier: MIT
// SPDX-FileCopyrightText: 2026 Concord developers
#include "mainwindow.h"

#include "conflictmessage.h"
#include "recorddelegate.h"

#include <core/plural.h>
#include <core/tableschema.h>
#include <core/versionedtablemodel.h>

#include <QCloseEvent>
#include <QHeaderView>
#include <QInputDialog>
#include <QLabel>
#include <QListWidget>
#include <QMessageBox>
#include <QPushButton>
#include <QSplitter>
#include <QStatusBar>
#include <QTableView>
#include <QToolBar>

namespace Concord {

MainWindow::MainWindow(QWidget *parent)
    : QMainWindow(parent)
{
    setWindowTitle(tr("Concord"));
    createLayout();
    createActions();
    resize(1100, 680);
    updateStatus();
}

MainWindow::~MainWindow()
{
    closeDatabase();
}

void MainWindow::createLayout()
{
    m_tableList = new QListWidget;
    m_tableList->setObjectName(QStringLiteral("tableList"));
    m_tableList->setAccessibleName(tr("Tables"));
    connect(m_tableList, &QListWidget::currentTextChanged, this, [this](const QString &table) {
        if (!table.isEmpty() && (!m_model || m_model->tableName() != table))
            showTable(table);
    });

    m_grid = new QTableView;
    m_grid->setObjectName(QStringLiteral("grid"));
    m_grid->setAccessibleName(tr("Records"));
    m_grid->setItemDelegate(new RecordDelegate(m_grid));
    m_grid->setSelectionBehavior(QAbstractItemView::SelectRows);
    m_grid->setAlternatingRowColors(true);
    m_grid->horizontalHeader()->setStretchLastSection(true);
    m_grid->verticalHeader()->setDefaultSectionSize(m_grid->fontMetrics().height() + 8);
    m_grid->verticalHeader()->hide(); // row state is painted by the delegate; the key identifies rows

    auto *splitter = new QSplitter;
    splitter->addWidget(m_tableList);
    splitter->addWidget(m_grid);
    splitter->setStretchFactor(1, 1);
    splitter->setSizes({200, 900});
    setCentralWidget(splitter);

    m_statusLabel = new QLabel;
    m_statusLabel->setObjectName(QStringLiteral("pendingStatus"));
    statusBar()->addPermanentWidget(m_statusLabel);
}

void MainWindow::createActions()
{
    QToolBar *toolBar = addToolBar(tr("Edit"));
    toolBar->setObjectName(QStringLiteral("editToolBar"));
    toolBar->setToolButtonStyle(Qt::ToolButtonTextOnly);
    const auto add = [this, toolBar](const QString &text, const QKeySequence &shortcut, const QString &name,
                                     auto slot) {
        QAction *action = toolBar->addAction(text);
        action->setShortcut(shortcut);
        action->setObjectName(name);
        action->setToolTip(QStringLiteral("%1 (%2)").arg(QString(text).remove(QLatin1Char('&')),
                                                         shortcut.toString(QKeySequence::NativeText)));
        connect(action, &QAction::triggered, this, slot);
        return action;
    };
    add(tr("&Save"), QKeySequence::Save, QStringLiteral("saveAction"), &MainWindow::save);
    add(tr("&Revert All"), QKeySequence(Qt::CTRL | Qt::SHIFT | Qt::Key_Z), QStringLiteral("revertAction"),
        &MainWindow::revertAll);
    add(tr("Revert &Row"), QKeySequence(Qt::CTRL | Qt::Key_R), QStringLiteral("revertRowAction"),
        &MainWindow::revertSelectedRows);
    toolBar->addSeparator();
    add(tr("&Add Row"), QKeySequence(Qt::CTRL | Qt::Key_N), QStringLiteral("addRowAction"), &MainWindow::addRow);
    add(tr("&Delete Rows"), QKeySequence(Qt::CTRL | Qt::Key_Delete), QStringLiteral("deleteRowsAction"),
        &MainWindow::deleteSelectedRows);
    toolBar->addSeparator();
    add(tr("Re&load"), QKeySequence::Refresh, QStringLiteral("reloadAction"), &MainWindow::reload);
}

Result<void> MainWindow::openAddress(const DatabaseAddress &address)
{
    closeDatabase();
    OpenOptions options;
    m_connectionName = connectionNameFor(QStringLiteral("editor"));
    auto db = openDatabase(address, m_connectionName, options);
    if (!db && db.error().code == ErrorCode::PasswordRequired) {
        bool ok = false;
        // Kept in memory for this connection only: never in settings, logs or argv.
        options.password = QInputDialog::getText(this, tr("Password"),
                                                 tr("Password for %1:").arg(address.toString()),
                                                 QLineEdit::Password, {}, &ok);
        if (!ok)
            return makeError(ErrorCode::Cancelled, tr("No password given."));
        db = openDatabase(address, m_connectionName, options);
    }
    if (!db) {
        m_connectionName.clear();
        return db.error();
    }
    m_address = address;
    m_model = new VersionedTableModel(this, db.value());
    // Save what can be saved; conflicting records stay pending for the user to settle.
    m_model->setSubmitPolicy(VersionedTableModel::SubmitPolicy::SaveOthers);
    m_grid->setModel(m_model);
    connect(m_model, &VersionedTableModel::pendingChanged, this, &MainWindow::updateStatus);
    setWindowTitle(tr("%1 — Concord").arg(address.displayName()));
    fillTableList();
    return {};
}

void MainWindow::fillTableList()
{
    const QSqlDatabase db = m_model->database();
    m_tableList->clear();
    for (const QString &table : userTables(db)) {
        auto *item = new QListWidgetItem(table, m_tableList);
        auto schema = TableSchema::load(db, table);
        if (!schema) {
            // Listed but not editable, with the reason where the user looks for it.
            item->setFlags(item->flags() & ~Qt::ItemIsEnabled);
            item->setToolTip(schema.error().message);
        }
    }
    for (int i = 0; i < m_tableList->count(); ++i) {
        if (m_tableList->item(i)->flags() & Qt::ItemIsEnabled) {
            m_tableList->setCurrentRow(i);
            break;
        }
    }
}

bool MainWindow::showTable(const QString &table)
{
    if (!m_model || !confirmDiscardingEdits())
        return false;
    m_model->setTable(table);
    if (m_model->tableName().isEmpty()) {
        statusBar()->showMessage(m_model->lastError().text());
        return false;
    }
    if (!m_model->select()) {
        statusBar()->showMessage(m_model->lastError().text());
        return false;
    }
    const int versionColumn = m_model->fieldIndex(m_model->schema().versionColumn);
    for (int column = 0; column < m_model->columnCount(); ++column)
        m_grid->setColumnHidden(column, column == versionColumn);
    m_grid->resizeColumnsToContents();
    const QList<QListWidgetItem *> items = m_tableList->findItems(table, Qt::MatchExactly);
    if (!items.isEmpty() && m_tableList->currentItem() != items.first())
        m_tableList->setCurrentItem(items.first());
    updateStatus();
    return true;
}

bool MainWindow::save()
{
    if (!m_model)
        return false;
    const QList<int> pending = m_model->pendingRows();
    const bool saved = m_model->submitAll();
    hideRemovedRows(pending);
    const auto report = m_model->lastSubmitReport();
    if (saved) {
        statusBar()->showMessage(countText(report.saved, tr("Saved %1 record."), tr("Saved %1 records.")), 5000);
    } else if (isRecordModified(m_model->lastError())) {
        showConflicts();
    } else {
        showSaveFailure(m_model->lastError().text());
    }
    updateStatus();
    return saved;
}

void MainWindow::showSaveFailure(const QString &reason)
{
    auto *box = new QMessageBox(QMessageBox::Warning, tr("Save failed"),
                                tr("Not everything could be saved. Your edits are still in the grid."),
                                QMessageBox::Ok, this);
    box->setObjectName(QStringLiteral("saveFailedMessage"));
    box->setInformativeText(reason);
    box->setAttribute(Qt::WA_DeleteOnClose);
    box->open();
}

void MainWindow::showConflicts()
{
    const QList<RecordModifiedError> conflicts = m_model->conflicts();
    if (conflicts.isEmpty())
        return;
    delete m_conflictBox;
    m_conflictBox = new QMessageBox(QMessageBox::Warning, tr("Records changed by someone else"),
                                    countText(conflicts.size(),
                                              tr("A record you edited was changed by someone else since you loaded it."),
                                              tr("%1 records you edited were changed by someone else since you loaded them.")),
                                    QMessageBox::NoButton, this);
    m_conflictBox->setObjectName(QStringLiteral("conflictMessage"));
    m_conflictBox->setInformativeText(conflictMessageText(conflicts));
    QPushButton *mine = m_conflictBox->addButton(tr("Keep &Mine"), QMessageBox::AcceptRole);
    mine->setObjectName(QStringLiteral("keepMineButton"));
    QPushButton *theirs = m_conflictBox->addButton(tr("Take &Theirs"), QMessageBox::DestructiveRole);
    theirs->setObjectName(QStringLiteral("takeTheirsButton"));
    QPushButton *later = m_conflictBox->addButton(tr("Decide &Later"), QMessageBox::RejectRole);
    later->setObjectName(QStringLiteral("decideLaterButton"));
    m_conflictBox->setDefaultButton(later);
    connect(m_conflictBox, &QMessageBox::buttonClicked, this, [this, mine, theirs](QAbstractButton *button) {
        if (button == mine)
            keepMine();
        else if (button == theirs)
            takeTheirs();
        updateStatus();
    });
    m_conflictBox->open();
}

// Keeping mine after seeing theirs: rebase each record onto their version and save again, so
// that a third change made meanwhile is still caught.
void MainWindow::keepMine()
{
    const QList<RecordModifiedError> conflicts = m_model->conflicts();
    for (const RecordModifiedError &conflict : conflicts) {
        if (conflict.deletedByOther || conflict.operation == RecordModifiedError::Operation::Delete)
            m_model->resolve(conflict, conflict.deletedByOther ? conflict.mine : QSqlRecord{conflict.theirs});
        else
            m_model->resolve(conflict, conflict.mine);
    }
    save();
}

void MainWindow::takeTheirs()
{
    QList<int> rows;
    for (const RecordModifiedError &conflict : m_model->conflicts())
        rows << conflict.row;
    for (int row : std::as_const(rows))
        m_model->revertRow(row);
    hideRemovedRows(rows);
}

void MainWindow::hideRemovedRows(const QList<int> &rows)
{
    for (int row : rows) {
        if (row < m_model->rowCount() && m_model->isRemoved(row))
            m_grid->setRowHidden(row, true);
    }
}

void MainWindow::revertAll()
{
    if (m_model)
        m_model->revertAll();
}

void MainWindow::revertSelectedRows()
{
    if (!m_model)
        return;
    QList<int> rows = selectedRows();
    std::sort(rows.rbegin(), rows.rend()); // reverting an unsaved insert moves the rows below it
    for (int row : std::as_const(rows))
        m_model->revertRow(row);
}

void MainWindow::addRow()
{
    if (!m_model || m_model->tableName().isEmpty())
        return;
    m_model->insertRow(m_model->rowCount());
    const int row = m_model->rowCount() - 1;
    int column = 0;
    while (column < m_model->columnCount() && (m_grid->isColumnHidden(column)))
        ++column;
    m_grid->setCurrentIndex(m_model->index(row, column));
    m_grid->scrollTo(m_model->index(row, column));
}

void MainWindow::deleteSelectedRows()
{
    if (!m_model)
        return;
    QList<int> rows = selectedRows();
    std::sort(rows.rbegin(), rows.rend());
    for (int row : std::as_const(rows))
        m_model->removeRow(row);
}

void MainWindow::reload()
{
    if (!m_model || m_model->tableName().isEmpty() || !confirmDiscardingEdits())
        return;
    m_model->select();
    for (int row = 0; row < m_model->rowCount(); ++row)
        m_grid->setRowHidden(row, false);
}

QList<int> MainWindow::selectedRows() const
{
    QList<int> rows;
    const QModelIndexList selected = m_grid->selectionModel() ? m_grid->selectionModel()->selectedRows() : QModelIndexList();
    for (const QModelIndex &index : selected)
        rows << index.row();
    if (rows.isEmpty() && m_grid->currentIndex().isValid())
        rows << m_grid->currentIndex().row();
    return rows;
}

void MainWindow::updateStatus()
{
    if (!m_model) {
        m_statusLabel->setText(tr("No database"));
        return;
    }
    const int pending = int(m_model->pendingRows().size());
    const int conflicts = int(m_model->conflicts().size());
    QStringList parts;
    parts << (pending ? countText(pending, tr("%1 unsaved record"), tr("%1 unsaved records")) : tr("All saved"));
    if (conflicts)
        parts << countText(conflicts, tr("%1 conflict"), tr("%1 conflicts"));
    m_statusLabel->setText(parts.join(QStringLiteral(" · ")));
}

bool MainWindow::confirmDiscardingEdits()
{
    if (!m_model || m_model->pendingRows().isEmpty())
        return true;
    const auto answer = QMessageBox::question(
        this, tr("Unsaved edits"), countText(m_model->pendingRows().size(), tr("A record has unsaved edits. Save it first?"),
                                            tr("%1 records have unsaved edits. Save them first?")),
        QMessageBox::Save | QMessageBox::Discard | QMessageBox::Cancel, QMessageBox::Save);
    if (answer == QMessageBox::Save)
        return save();
    return answer == QMessageBox::Discard;
}

void MainWindow::closeEvent(QCloseEvent *event)
{
    if (confirmDiscardingEdits())
        event->accept();
    else
        event->ignore();
}

void MainWindow::closeDatabase()
{
    if (m_model) {
        m_grid->setModel(nullptr);
        delete m_model;
        m_model = nullptr;
    }
    if (!m_connectionName.isEmpty()) {
        Concord::closeDatabase(m_connectionName);
        m_connectionName.clear();
    }
}

} // namespace Concord
