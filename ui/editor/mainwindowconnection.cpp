// SPDX-License-Identifier: MIT
// SPDX-FileCopyrightText: 2026 Concord developers
// MainWindow's connection to its database: opening it (and asking for a password), the lock
// owner, reconnecting after the server went away, and closing. mainwindow.cpp holds the window
// and its editing; one class in two files keeps each under budget.
#include "mainwindow.h"

#include <ui/history/historyactions.h>
#include <ui/history/historydock.h>

#include <ui/editor/cellactions.h>

#include <ui/editor/editundo.h>
#include <ui/editor/recordform.h>

#include <ui/widgets/busybanner.h>
#include <ui/merge/conflictbanner.h>
#include <ui/editor/conflictresolver.h>
#include <ui/merge/mergedialog.h>
#include <ui/editor/journalprompt.h>
#include <ui/editor/reconnector.h>
#include <ui/editor/recorddelegate.h>
#include <ui/editor/savecontroller.h>
#include <ui/editor/windowmemory.h>
#include <ui/start/appsettings.h>
#include <ui/start/welcomeview.h>
#include <ui/editor/statusfields.h>
#include <ui/operations/jobrunner.h>
#include <ui/operations/lockmonitor.h>
#include <ui/widgets/schemabanner.h>
#include <ui/widgets/tablelist.h>
#include <ui/operations/tableoperations.h>

#include <core/db/pooling.h>
#include <core/text.h>
#include <core/db/schemacache.h>
#include <core/locks/lockinfo.h>
#include <core/values/valuecomparison.h>
#include <core/db/tableschema.h>
#include <core/model/versionedtablemodel.h>
#include <core/versioning/failoversafety.h>

#include <QCloseEvent>
#include <QHeaderView>
#include <QScrollBar>
#include <QInputDialog>
#include <QLabel>
#include <QMessageBox>
#include <QMouseEvent>
#include <QSplitter>
#include <QStackedWidget>
#include <QSqlField>
#include <QSqlRecord>
#include <QStatusBar>
#include <QTableView>
#include <QToolBar>
#include <QVBoxLayout>

namespace Concord {

Result<void> MainWindow::openAddress(const DatabaseAddress &address)
{
    OpenRequest request;
    request.address = address;
    return open(request);
}

Result<void> MainWindow::open(const OpenRequest &request)
{
    if (!request.newWindow) {
        if (!confirmDiscardingEdits())
            return makeError(ErrorCode::Cancelled, QString());
        return openHere(request);
    }
    MainWindow *window = newWindow();
    if (auto opened = window->openHere(request); !opened)
        window->showWelcome(opened.error().message); // that window says why; this one is unchanged
    return {};
}

bool MainWindow::isWelcomeShown() const
{
    return m_pages->currentWidget() == m_welcome;
}

MainWindow *MainWindow::newWindow()
{
    auto *window = new MainWindow;
    window->setAttribute(Qt::WA_DeleteOnClose); // closing one window leaves the others alone
    // Offset from this one, so that the new window, restored to the same geometry, is seen.
    window->move(pos() + QPoint(32, 32));
    window->show();
    return window;
}

void MainWindow::showWelcome(const QString &message)
{
    m_welcome->showMessage(message);
    m_welcome->refreshRecent();
    m_pages->setCurrentWidget(m_welcome);
    setWindowTitle(tr("Concord"));
    updateStatus();
}

void MainWindow::closeCurrentDatabase()
{
    if (!m_model || typedTextBlocks(tr("closed")) || !confirmDiscardingEdits())
        return;
    closeDatabase();
    showWelcome();
}

Result<void> MainWindow::openHere(const OpenRequest &request)
{
    const DatabaseAddress &address = request.address;
    closeDatabase();
    OpenOptions options;
    options.password = request.password;
    m_connectionName = connectionNameFor(QStringLiteral("editor"));
    auto db = openDatabase(address, m_connectionName, options);
    // Asked again while the server refuses: a mistyped password is no reason to start over.
    while (!db && db.error().code == ErrorCode::PasswordRequired && request.askForPassword) {
        bool ok = false;
        const QString prompt = options.password.isEmpty()
            ? tr("Password for %1:").arg(address.toString())
            : tr("The password was not accepted. Password for %1:").arg(address.toString());
        // Kept in memory for this connection only: never in settings, logs or argv.
        options.password = QInputDialog::getText(this, tr("Password"), prompt, QLineEdit::Password, {}, &ok);
        if (!ok) {
            db = makeError(ErrorCode::Cancelled, tr("No password given for %1.").arg(address.toString()));
            break;
        }
        db = openDatabase(address, m_connectionName, options);
    }
    if (!db) {
        m_connectionName.clear();
        showWelcome();
        return db.error();
    }
    m_address = address;
    // libpq logs in as PGUSER, or else as the login name, when the address names nobody.
    const QString pgUser = qEnvironmentVariable("PGUSER");
    m_statusFields->setDatabase(address, pgUser.isEmpty() ? currentUserName() : pgUser);
    m_model = new VersionedTableModel(this, db.value());
    m_model->setReadOnlyAllowed(true); // unversioned tables and views are shown, not refused
    // Saves on a table someone else holds fail at once, naming the holder; without the lock
    // owner the editor still works, but neither checks nor shows exclusive work.
    openLocks();
    // Save what can be saved; conflicting records stay pending for the user to settle.
    m_model->setSubmitPolicy(VersionedTableModel::SubmitPolicy::SaveOthers);
    m_grid->setModel(m_model);
    m_saver->setModel(m_model);
    m_editUndo->setModel(m_model);
    m_cellActions->setModel(m_model);
    m_resolver->setModel(m_model);
    m_operations->setTarget(address, m_model, m_grid);
    connect(m_grid->selectionModel(), &QItemSelectionModel::currentRowChanged, this, &MainWindow::updateHistoryTarget);
    connect(m_model, &QAbstractItemModel::modelReset, this, &MainWindow::updateHistoryTarget);
    connect(m_model, &VersionedTableModel::pendingChanged, this, &MainWindow::updateStatus);
    // Others' commits show up live; the grid keeps its current record and scroll position.
    m_model->setLiveUpdates(true);
    showPooling(db.value());
    auto *delegate = static_cast<RecordDelegate *>(m_grid->itemDelegate());
    // A live re-read would destroy what is being typed, in a cell or in the form.
    m_model->setRefreshBlocker([delegate, form = m_form] { return delegate->isEditing() || form->hasUncommittedText(); });
    connect(delegate, &QAbstractItemDelegate::closeEditor, m_model, &VersionedTableModel::refreshIfIdle,
            Qt::QueuedConnection);
    connect(m_model, &VersionedTableModel::aboutToRefresh, this, &MainWindow::rememberPlace);
    connect(m_model, &VersionedTableModel::refreshed, this, &MainWindow::restorePlace);
    connect(m_model, &VersionedTableModel::rowsUnreadable, this, [this](const QString &reason) {
        statusBar()->showMessage(tr("Some rows could not be read (%1). They show empty and cannot be edited; "
                                    "Reload tries again.").arg(reason));
    });
    connect(m_model, &VersionedTableModel::outdatedChanged, this, &MainWindow::updateStatus);
    connect(m_grid->selectionModel(), &QItemSelectionModel::currentRowChanged, this, &MainWindow::updateReviewAction);
    connect(m_grid->selectionModel(), &QItemSelectionModel::currentChanged, this, &MainWindow::updateSetNullAction);
    // "row 3 of 12": the current row, and the count as the model knows it.
    connect(m_grid->selectionModel(), &QItemSelectionModel::currentRowChanged, this, &MainWindow::updateRowStatus);
    connect(m_model, &QAbstractItemModel::rowsInserted, this, &MainWindow::updateRowStatus);
    connect(m_model, &QAbstractItemModel::rowsRemoved, this, &MainWindow::updateRowStatus);
    connect(m_model, &QAbstractItemModel::modelReset, this, &MainWindow::updateRowStatus);
    connectReferences();
    connectFormView();
    setWindowTitle(tr("%1 — Concord").arg(address.displayName()));
    refreshTables();
    if (m_tableList->currentItem())
        showTable(m_tableList->tableOf(m_tableList->currentItem()));
    AppSettings().addRecentDatabase(address);
    m_pages->setCurrentWidget(m_splitter);
    updateStatus(); // also when there is no table to show: the bar must not say "No database"
    return {};
}

// The table list and, on connect, what is not protected (rather than when a save goes wrong).
void MainWindow::refreshTables()
{
    m_referencingByTable.clear();
    SchemaCache::forgetTables(m_model->database()); // the list is read afresh: someone may have changed a table
    m_tableList->setTables(m_model->database(), m_model->tableName());
    m_tableList->setBusyTables(m_locks->busyTables());
    auto findings = checkSchema(m_model->database());
    // Counter versions a failover could repeat (issue #14). Only the definite hazard: most editor
    // roles may not read pg_stat_replication, and a bar on every table for that would say nothing
    // the user can act on; concordctl check reports the check that could not run.
    if (const auto failover = checkFailoverSafety(m_model->database()); findings && failover) {
        for (const SchemaFinding &finding : failover.value()) {
            if (finding.code == QLatin1String("ASYNC_STANDBY_COUNTER"))
                findings.value() << finding;
        }
    }
    m_schemaBanner->setFindings(findings ? findings.value() : QList<SchemaFinding>());
}

// Saves on a table someone else holds fail at once, naming the holder; without the lock owner
// the editor still works, but neither checks nor shows exclusive work.
// Behind a transaction-mode pooler no server session is this window's own: say so, with the
// evidence, rather than leave slower live updates and lease-timed locks unexplained.
void MainWindow::showPooling(const QSqlDatabase &db)
{
    const PoolingProbe pooling = poolingOf(db);
    if (pooling.pooling != Pooling::Transaction)
        return;
    // The evidence is long ("the server sees port 5432, this connection went to 6432, and …"):
    // the bar's tooltip holds it, the message says what changes for the user.
    statusBar()->setToolTip(tr("Transaction-mode pooler: %1").arg(pooling.evidence));
    statusBar()->showMessage(tr("Through a transaction-mode connection pooler: locks are leases, and others' changes "
                                "show within seconds (polled)."));
}

void MainWindow::openLocks()
{
    if (const auto locks = m_locks->open(m_model->database(), m_address); locks)
        m_model->setTableLock(m_locks->lock());
    else
        statusBar()->showMessage(tr("Locks are not shown: %1").arg(locks.error().message));
}

// A save that failed because the server went away (a restart, a failover): the edits stay in the
// grid, and the editor reconnects in the background until the server is back.
// A save whose answers were lost says what reading the records again found, also when all of
// them were found stored (the save then succeeded on a connection that is gone since).
void MainWindow::reconnectIfLost(const SaveOutcome &outcome)
{
    const bool failed = outcome.status == SaveOutcome::Status::Failed || outcome.status == SaveOutcome::Status::TableLocked;
    if (!m_model || (!failed && !outcome.lostAnswer()))
        return;
    const bool lockLost = m_locks->lock() && !m_locks->lock()->isConnected();
    if (!lockLost && isConnectionAlive(m_model->database())) {
        if (outcome.lostAnswer())
            statusBar()->showMessage(outcome.lostNote);
        return;
    }
    statusBar()->showMessage(outcome.lostAnswer() ? outcome.lostNote + u' ' + tr("Reconnecting…")
                                                  : tr("Connection lost; your edits are kept. Reconnecting…"));
    m_reconnector->start();
}

Result<void> MainWindow::reconnect()
{
    if (!m_model)
        return {};
    if (auto reopened = m_model->reconnect(); !reopened)
        return reopened;
    openLocks();
    return {};
}

void MainWindow::closeDatabase()
{
    m_jobs->cancel(); // the job has a connection of its own; its result no longer has a window to go to
    m_locks->close();
    m_resolver->setModel(nullptr);
    m_saver->setModel(nullptr);
    m_editUndo->setModel(nullptr);
    m_cellActions->setModel(nullptr);
    m_operations->setTarget({}, nullptr, m_grid);
    m_historyActions->setTarget({}, nullptr);
    m_historyDock->setTarget(nullptr, -1);
    m_journal->stop();
    m_reconnector->stop();
    m_memory->clearTable();
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
