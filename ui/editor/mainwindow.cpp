// SPDX-License-Identifier: MIT
// SPDX-FileCopyrightText: 2026 Concord developers
#include "mainwindow.h"

#include <ui/widgets/busybanner.h>
#include <ui/widgets/celleditor.h>
#include <ui/widgets/findbar.h>
#include <ui/widgets/gridselection.h>
#include <ui/merge/conflictbanner.h>
#include <ui/editor/conflictresolver.h>
#include <ui/editor/editundo.h>
#include <ui/merge/mergedialog.h>
#include <ui/editor/journalprompt.h>
#include <ui/editor/reconnector.h>
#include <ui/editor/recorddelegate.h>
#include <ui/editor/savecontroller.h>
#include <ui/editor/windowmemory.h>
#include <ui/start/welcomeview.h>
#include <ui/editor/statusfields.h>
#include <ui/widgets/columnsizer.h>
#include <ui/operations/jobrunner.h>
#include <ui/operations/lockmonitor.h>
#include <ui/widgets/schemabanner.h>
#include <ui/widgets/tablelist.h>
#include <ui/operations/tableoperations.h>
#include <ui/history/historyactions.h>

#include <core/text.h>
#include <core/db/tableschema.h>
#include <core/model/versionedtablemodel.h>

#include <QCloseEvent>
#include <QHeaderView>
#include <QScrollBar>
#include <QIcon>
#include <QInputDialog>
#include <QLabel>
#include <QMessageBox>
#include <QMouseEvent>
#include <QPushButton>
#include <QSplitter>
#include <QStackedWidget>
#include <QSqlField>
#include <QSqlRecord>
#include <QStatusBar>
#include <QTableView>
#include <QTimer>
#include <QToolBar>
#include <QVBoxLayout>

#include <algorithm>

namespace Concord {

MainWindow::MainWindow(QWidget *parent)
    : QMainWindow(parent)
{
    setWindowTitle(tr("Concord"));
    setWindowIcon(QIcon(QStringLiteral(":/icons/concord.png")));
    createLayout();
    createActions();
    createBrowsingActions();
    createOperations();
    createMenus();
    createCellActions(); // after the menus: joins the Edit menu
    createChrome(); // after the menus: the Locks dock joins the View menu
    m_memory = new WindowMemory(this, m_splitter, m_grid);
    m_memory->restoreWindow(); // over the first size, when one was remembered
    showWelcome();
    updateStatus();
}

MainWindow::~MainWindow()
{
    closeDatabase();
}

void MainWindow::createGrid()
{
    m_grid = new QTableView;
    m_grid->setObjectName(QStringLiteral("grid"));
    m_grid->setAccessibleName(tr("Records"));
    auto *delegate = new RecordDelegate(m_grid);
    m_grid->setItemDelegate(delegate);
    // A value the column cannot hold is named at the cell and here; it goes when it is fixed.
    connect(delegate, &RecordDelegate::invalidInput, this, [this](const QString &reason) {
        const QString prefix = tr("Not a valid value: ");
        if (!reason.isEmpty())
            statusBar()->showMessage(prefix + reason);
        else if (statusBar()->currentMessage().startsWith(prefix))
            statusBar()->clearMessage();
    });
    // Tab leaves the grid for the next control, as everywhere else; in an open editor it still
    // commits and moves to the next cell (the delegate asks the view for EditNextItem).
    m_grid->setTabKeyNavigation(false);
    m_grid->setAlternatingRowColors(true);
    m_grid->horizontalHeader()->setStretchLastSection(true);
    m_grid->verticalHeader()->setDefaultSectionSize(m_grid->fontMetrics().height() + 8);
    m_grid->setContextMenuPolicy(Qt::ActionsContextMenu);
    m_grid->viewport()->installEventFilter(this); // a double-click on a conflicting row reviews it
    createBrowsing();
    createCellSelection(); // mainwindowcells.cpp, after the filter header: cells and rows, a row header
}

// One SaveController writes every save; the resolver walks conflicts through it.
void MainWindow::createSaving()
{
    m_banner = new ConflictBanner;
    m_journal = new JournalPrompt(this);
    m_saver = new SaveController(this);
    connect(m_saver, &SaveController::saveFinished, this, [this](const SaveOutcome &outcome) {
        hideRemovedRows(outcome.rows);
        updateStatus();
    });
    connect(m_saver, &SaveController::failed, this, &MainWindow::showSaveFailure);
    connect(m_saver, &SaveController::saveFinished, this, &MainWindow::reconnectIfLost);
    m_reconnector = new Reconnector([this] { return reconnect(); }, this);
    connect(m_reconnector, &Reconnector::reconnected, this, [this] {
        if (m_model && m_model->pendingRows().isEmpty())
            statusBar()->showMessage(tr("Reconnected."), 5000); // a save found stored after a lost answer left nothing
        else
            statusBar()->showMessage(tr("Reconnected. Your unsaved edits are still here: save again."));
        m_saver->recheckLostAnswers(); // records a save could not check: what they turned out to be
    });
    connect(m_reconnector, &Reconnector::attemptFailed, this, [this](const QString &reason, int nextInMs) {
        statusBar()->showMessage(tr("Connection lost (%1); your edits are kept. Trying again in %2 s.")
                                     .arg(reason).arg(qMax(1, nextInMs / 1000)));
    });
    m_resolver = new ConflictResolver(this, m_saver);
    connect(m_banner, &ConflictBanner::reviewRequested, m_resolver, &ConflictResolver::reviewAll);
    connect(m_resolver, &ConflictResolver::resolved, this,
            [this] { statusBar()->showMessage(tr("Conflict resolved."), 5000); });
    connect(m_resolver, &ConflictResolver::finished, this, &MainWindow::updateStatus);
}

void MainWindow::createLayout()
{
    m_tableList = new TableList;
    connect(m_tableList, &TableList::tableActivated, this, [this](const QString &table, bool editable) {
        if (m_model && m_model->tableName() == table)
            return;
        if (!showTable(table)) {
            // Cancelled (unsaved edits) or refused: the list goes back to what the grid shows,
            // once the click that moved it is over.
            QTimer::singleShot(0, this, [this] {
                if (m_model)
                    m_tableList->showCurrent(m_model->tableName());
            });
            return;
        }
        // A view or an unversioned table opens read-only (the model allows it), and says why.
        if (!editable)
            showReadOnlyTable(table);
    });

    createGrid();
    createSaving();

    auto *records = new QWidget;
    records->setObjectName(QStringLiteral("records"));
    records->setAccessibleName(tr("Records and conflicts"));
    auto *recordsLayout = new QVBoxLayout(records);
    recordsLayout->setContentsMargins(0, 0, 0, 0);
    recordsLayout->setSpacing(2);
    m_schemaBanner = new SchemaBanner;
    recordsLayout->addWidget(m_schemaBanner);
    m_busyBanner = new BusyBanner;
    recordsLayout->addWidget(m_busyBanner);
    recordsLayout->addWidget(m_findBar);
    recordsLayout->addWidget(m_banner);
    createFormView();
    recordsLayout->addWidget(m_recordViews, 1);

    m_splitter = new QSplitter;
    m_splitter->setObjectName(QStringLiteral("editorSplitter"));
    m_splitter->addWidget(m_tableList);
    m_splitter->addWidget(records);
    m_splitter->setStretchFactor(1, 1);
    m_splitter->setSizes({200, 900});

    // Without a database the window shows the welcome view instead of an empty editor.
    m_welcome = new WelcomeView;
    m_welcome->setOpener([this](const OpenRequest &request) { return open(request); });
    m_pages = new QStackedWidget;
    m_pages->addWidget(m_welcome);
    m_pages->addWidget(m_splitter);
    setCentralWidget(m_pages);

    m_statusFields = new StatusFields(statusBar());
    m_jobs = new JobRunner;
    statusBar()->addPermanentWidget(m_jobs);

    m_locks = new LockMonitor(this);
    // Found by the lock monitor's poll while nobody saves: the window says so at once.
    connect(m_locks, &LockMonitor::connectionLost, this, [this] {
        statusBar()->showMessage(tr("Connection lost; your edits are kept. Reconnecting…"));
        m_reconnector->start();
    });
    connect(m_locks, &LockMonitor::busyTablesChanged, m_busyBanner, &BusyBanner::setBusyTables);
    connect(m_locks, &LockMonitor::busyTablesChanged, m_tableList, &TableList::setBusyTables);
    connect(m_jobs, &JobRunner::jobFinished, m_locks, &LockMonitor::refresh);
}

void MainWindow::createOperations()
{
    m_operations = new TableOperations(this, m_jobs, m_tableList);
    connect(m_operations, &TableOperations::tableChanged, this, &MainWindow::onTableChanged);
    QToolBar *toolBar = addToolBar(tr("Operations"));
    toolBar->setObjectName(QStringLiteral("operationsToolBar"));
    toolBar->setToolButtonStyle(Qt::ToolButtonTextOnly);
    toolBar->addActions({m_operations->importAction(), m_operations->bulkEditAction(),
                         m_operations->bulkDeleteAction(), m_operations->enableVersioningAction()});
    m_grid->addActions({m_operations->bulkEditAction(), m_operations->bulkDeleteAction()});
    // Before the menus, which list its actions; the History dock joins later (createHistory()).
    m_historyActions = new HistoryActions(this, m_jobs);
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
    // Ctrl+Shift+Z is Redo (EditUndo); Revert All pairs with Revert Row's Ctrl+R.
    add(tr("&Revert All"), QKeySequence(Qt::CTRL | Qt::SHIFT | Qt::Key_R), QStringLiteral("revertAction"),
        &MainWindow::revertAll);
    QAction *revertRow = add(tr("Rever&t Row"), QKeySequence(Qt::CTRL | Qt::Key_R), QStringLiteral("revertRowAction"),
                             &MainWindow::revertSelectedRows);
    m_reviewAction = add(tr("Re&view Conflict…"), QKeySequence(Qt::CTRL | Qt::SHIFT | Qt::Key_M),
                         QStringLiteral("reviewConflictAction"), &MainWindow::reviewCurrentRow);
    toolBar->addSeparator();
    add(tr("&Add Row"), QKeySequence(Qt::CTRL | Qt::Key_N), QStringLiteral("addRowAction"), &MainWindow::addRow);
    QAction *deleteRows = add(tr("&Delete Rows"), QKeySequence(Qt::CTRL | Qt::Key_Delete),
                              QStringLiteral("deleteRowsAction"), &MainWindow::deleteSelectedRows);
    m_grid->addActions({m_reviewAction, revertRow, deleteRows}); // the grid's context menu
    createSetNullAction();
    createEditingActions();
    createReferenceActions();
    toolBar->addSeparator();
    add(tr("&Reload"), QKeySequence::Refresh, QStringLiteral("reloadAction"), &MainWindow::reload);
}

// A job wrote to \a table. A grid with pending edits is not re-read (select() would drop them):
// live updates mark it outdated, and it is re-read after the save.
void MainWindow::onTableChanged(const QString &table, bool schemaChanged)
{
    if (!m_model)
        return;
    if (schemaChanged) {
        refreshTables();
        if (m_model->pendingRows().isEmpty())
            showTable(table);
        return;
    }
    if (m_model->tableName() != table || !m_model->pendingRows().isEmpty())
        return;
    rememberPlace();
    m_model->select();
    restorePlace();
}

// A cell editor holds a text its column cannot hold: re-reading the grid or moving elsewhere
// would close it and drop what was typed. The user fixes it or takes it back with Escape first.
bool MainWindow::typedTextBlocks(const QString &what)
{
    CellEditor *open = static_cast<RecordDelegate *>(m_grid->itemDelegate())->invalidOpenEditor();
    if (!open)
        return false;
    open->setFocus(Qt::OtherFocusReason);
    statusBar()->showMessage(tr("Not %1: the value being typed does not fit its column (%2). Fix it, or press Escape "
                                "to take it back.").arg(what, open->problem()));
    return true;
}

bool MainWindow::showTable(const QString &table)
{
    if (!m_model || typedTextBlocks(tr("switching tables")) || !confirmDiscardingEdits())
        return false;
    m_model->setTable(table);
    m_model->setSort(-1, Qt::AscendingOrder); // the key order
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
    ColumnSizer::apply(m_grid, m_model->record(), RecordDelegate::conflictMark());
    readReferences(); // widens the references for their labels, under the user's own widths
    readColumnDefaults();
    resetBrowsing();
    m_memory->setTable(m_address, table); // the user's own widths, over the fitted ones
    m_tableList->selectTable(table);
    m_busyBanner->setCurrentTable(table);
    m_journal->watch(m_model, m_address);
    showCurrentInForm();
    updateHistoryTarget();
    updateStatus();
    if (m_model->isReadOnly())
        statusBar()->showMessage(tr("%1 is read-only: %2").arg(table, m_model->readOnlyReason()));
    return true;
}

bool MainWindow::save()
{
    const SaveOutcome outcome = m_saver->save();
    if (outcome.ok() && !outcome.lostAnswer()) // a lost answer's note stays (reconnectIfLost())
        statusBar()->showMessage(countText(outcome.saved, tr("Saved %1 record."), tr("Saved %1 records.")), 5000);
    else if (outcome.status == SaveOutcome::Status::Conflicts)
        m_resolver->reviewAll();
    return outcome.ok();
}

void MainWindow::showSaveFailure(const QString &reason, const QString &details)
{
    auto *box = new QMessageBox(QMessageBox::Warning, tr("Save failed"),
                                tr("Not everything could be saved. Your edits are still in the grid."),
                                QMessageBox::Ok, this);
    box->setObjectName(QStringLiteral("saveFailedMessage"));
    box->setInformativeText(reason);
    box->setDetailedText(details); // the driver's own words, when the reason explains them
    box->setAttribute(Qt::WA_DeleteOnClose);
    box->open();
}

void MainWindow::reviewCurrentRow()
{
    if (m_model && m_grid->currentIndex().isValid())
        m_resolver->reviewRow(m_grid->currentIndex().row());
}

void MainWindow::updateReviewAction()
{
    const QModelIndex current = m_grid->currentIndex();
    m_reviewAction->setEnabled(m_model && current.isValid() && m_model->hasConflict(current.row()));
}

// A NULL cannot be typed (an empty editor is an empty string), so it has an action of its own.
void MainWindow::createSetNullAction()
{
    m_setNullAction = new QAction(tr("Set to &NULL"), this);
    m_setNullAction->setObjectName(QStringLiteral("setNullAction"));
    m_setNullAction->setShortcut(QKeySequence(Qt::CTRL | Qt::SHIFT | Qt::Key_0));
    const QString tip = tr("Set the current cell to NULL (%1); not for the key, the version or a NOT NULL column")
                            .arg(m_setNullAction->shortcut().toString(QKeySequence::NativeText));
    m_setNullAction->setToolTip(tip);
    m_setNullAction->setStatusTip(tip);
    m_setNullAction->setEnabled(false);
    connect(m_setNullAction, &QAction::triggered, this, &MainWindow::setCurrentCellToNull);
    m_grid->addAction(m_setNullAction); // the grid's context menu, and its shortcut
}

bool MainWindow::canSetToNull(const QModelIndex &index) const
{
    if (!m_model || !index.isValid() || !(m_model->flags(index) & Qt::ItemIsEditable))
        return false;
    const TableSchema &schema = m_model->schema();
    const QSqlField field = m_model->record().field(index.column());
    return !schema.isKeyColumn(field.name()) && field.name().compare(schema.versionColumn, Qt::CaseInsensitive) != 0
        && schema.fields.field(field.name()).requiredStatus() != QSqlField::Required;
}

void MainWindow::updateSetNullAction()
{
    if (m_setNullAction)
        m_setNullAction->setEnabled(canSetToNull(m_grid->currentIndex()));
}

void MainWindow::setCurrentCellToNull()
{
    const QModelIndex index = m_grid->currentIndex();
    if (!canSetToNull(index))
        return;
    // A NULL of the column's type, as the driver reads one.
    m_model->setData(index, QVariant(m_model->record().field(index.column()).metaType()));
}

bool MainWindow::eventFilter(QObject *watched, QEvent *event)
{
    // Before the view sees it: a double-click on a conflicting row opens the merge dialog
    // instead of an editor on a record whose other version the user has not seen yet.
    if (m_model && watched == m_grid->viewport() && event->type() == QEvent::MouseButtonDblClick) {
        const auto *mouse = static_cast<QMouseEvent *>(event);
        const QModelIndex index = m_grid->indexAt(mouse->position().toPoint());
        if (mouse->button() == Qt::LeftButton && index.isValid() && m_model->hasConflict(index.row())) {
            m_grid->setCurrentIndex(index);
            m_resolver->reviewRow(index.row());
            return true;
        }
    }
    return QMainWindow::eventFilter(watched, event);
}

void MainWindow::hideRemovedRows(const QList<int> &rows)
{
    for (int row : rows) {
        if (row < m_model->rowCount() && m_model->isRemoved(row))
            m_place.hideRow(*m_grid, row);
    }
}

void MainWindow::revertAll()
{
    if (!m_model || typedTextBlocks(tr("reverted")))
        return;
    // Reverting a conflict takes theirs, which may be "deleted": such rows leave the view.
    const QList<int> rows = m_model->pendingRows();
    m_model->revertAll();
    hideRemovedRows(rows);
}

void MainWindow::revertSelectedRows()
{
    if (!m_model || typedTextBlocks(tr("reverted")))
        return;
    QList<int> rows = selectedRows();
    std::sort(rows.rbegin(), rows.rend()); // reverting an unsaved insert moves the rows below it
    for (int row : std::as_const(rows))
        m_model->revertRow(row);
    hideRemovedRows(rows); // reverting a row someone else deleted takes their delete
}

void MainWindow::addRow()
{
    if (!m_model || m_model->tableName().isEmpty())
        return;
    const int row = m_editUndo->insertRow(tr("Insertion of a row"), newRowDefaults());
    if (row < 0)
        return;
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
    m_editUndo->removeRows(rows); // one step, whatever the number of rows
}

void MainWindow::reload()
{
    if (!m_model || m_model->tableName().isEmpty() || typedTextBlocks(tr("reloaded")) || !confirmDiscardingEdits())
        return;
    rememberPlace();
    m_model->select();
    restorePlace();
}

void MainWindow::rememberPlace()
{
    m_place.remember(*m_grid, *m_model);
}

// After a full re-read: rows hidden as deleted are gone from the model, and the current and
// selected records are found again by key (they may have moved, or been deleted by someone else).
void MainWindow::restorePlace()
{
    m_place.restore(*m_grid, *m_model);
    updateStatus();
}

// The rows of the selection, whether whole rows or a rectangle of cells are selected.
QList<int> MainWindow::selectedRows() const
{
    return selectedRowsOf(*m_grid);
}

void MainWindow::updateStatus()
{
    updateActions();
    updateReviewAction();
    updateSetNullAction();
    updateRowSummary();
    if (!m_model) {
        m_statusFields->clearDatabase();
        m_banner->setCount(0);
        updateBannerHistory({});
        return;
    }
    const int pending = int(m_model->pendingRows().size());
    const QList<RecordModifiedError> open = m_model->conflicts();
    const int conflicts = int(open.size());
    m_statusFields->setPending(pending, m_model->isOutdated() && conflicts == 0);
    m_statusFields->setConflicts(conflicts);
    updateRowStatus();
    m_banner->setConflicts(open, m_model->auditColumns());
    updateBannerHistory(open);
}

bool MainWindow::confirmDiscardingEdits()
{
    if (!m_model || m_model->pendingRows().isEmpty())
        return true;
    QMessageBox box(QMessageBox::Question, tr("Unsaved edits"),
                    countText(m_model->pendingRows().size(), tr("A record has unsaved edits. Save it first?"),
                              tr("%1 records have unsaved edits. Save them first?")),
                    QMessageBox::Save | QMessageBox::Discard | QMessageBox::Cancel, this);
    box.setObjectName(QStringLiteral("unsavedEditsMessage"));
    // The platform's standard buttons have no mnemonics: Alt+S saves, Alt+D discards.
    box.button(QMessageBox::Save)->setText(tr("&Save"));
    box.button(QMessageBox::Discard)->setText(tr("&Discard Edits"));
    box.setDefaultButton(QMessageBox::Save);
    const int answer = box.exec();
    if (answer == QMessageBox::Save)
        return save();
    if (answer == QMessageBox::Discard)
        m_journal->discardEdits();
    return answer == QMessageBox::Discard;
}

void MainWindow::closeEvent(QCloseEvent *event)
{
    if (!confirmDiscardingEdits()) {
        event->ignore();
        return;
    }
    m_memory->saveWindow();
    event->accept();
}

} // namespace Concord
