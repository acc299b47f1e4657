// SPDX-License-Identifier: MIT
// SPDX-FileCopyrightText: 2026 Concord developers
// MainWindow's menu bar and About box. Every action of the window is in a menu; the toolbars
// and the grid's context menu show the same QAction objects. To put a new action in a menu, add
// one line below (records->addAction(yourAction)); database actions go in m_databaseActions so
// that they are disabled while no database is open.
#include "mainwindow.h"

#include <ui/history/historyactions.h>
#include <ui/operations/tableoperations.h>
#include <ui/start/appsettings.h>
#include <ui/start/welcomeview.h>

#include <core/db/databaseaddress.h>
#include <core/model/versionedtablemodel.h>

#include <QAction>
#include <QApplication>
#include <QMenu>
#include <QMenuBar>
#include <QMessageBox>
#include <QSqlQuery>
#include <QToolBar>

namespace Concord {

namespace {

// "Save (Ctrl+S)": the shortcut in the tooltip, as the toolbar actions have it.
void setToolTipWithShortcut(QAction *action)
{
    const QString text = QString(action->text()).remove(QLatin1Char('&')).remove(QStringLiteral("…"));
    action->setToolTip(action->shortcut().isEmpty()
                           ? text
                           : QStringLiteral("%1 (%2)").arg(text, action->shortcut().toString(QKeySequence::NativeText)));
}

} // namespace

QAction *MainWindow::addMenuAction(QMenu *menu, const QString &text, const QKeySequence &shortcut, const QString &name)
{
    QAction *action = menu->addAction(text);
    action->setObjectName(name);
    action->setShortcut(shortcut);
    setToolTipWithShortcut(action);
    return action;
}

void MainWindow::createFileMenu()
{
    QMenu *file = menuBar()->addMenu(tr("&File"));
    file->setObjectName(QStringLiteral("fileMenu"));
    connect(addMenuAction(file, tr("New &Window"), QKeySequence(Qt::CTRL | Qt::SHIFT | Qt::Key_N),
                          QStringLiteral("newWindowAction")),
            &QAction::triggered, this, &MainWindow::newWindow);
    file->addSeparator();
    connect(addMenuAction(file, tr("&Open SQLite File…"), QKeySequence::Open, QStringLiteral("openFileAction")),
            &QAction::triggered, m_welcome, &WelcomeView::openSqliteFile);
    connect(addMenuAction(file, tr("&New Database…"), {}, QStringLiteral("newDatabaseAction")), &QAction::triggered,
            m_welcome, &WelcomeView::newDatabase);
    connect(addMenuAction(file, tr("&Connect to PostgreSQL…"), QKeySequence(Qt::CTRL | Qt::SHIFT | Qt::Key_O),
                          QStringLiteral("connectAction")),
            &QAction::triggered, m_welcome, &WelcomeView::connectToPostgreSQL);
    m_recentMenu = file->addMenu(tr("Open &Recent"));
    m_recentMenu->setObjectName(QStringLiteral("recentMenu"));
    connect(m_recentMenu, &QMenu::aboutToShow, this, &MainWindow::fillRecentMenu);
    file->addSeparator();
    QAction *closeAction = addMenuAction(file, tr("Clos&e Database"), QKeySequence::Close, QStringLiteral("closeDatabaseAction"));
    connect(closeAction, &QAction::triggered, this, &MainWindow::closeCurrentDatabase);
    file->addSeparator();
    QAction *quit = addMenuAction(file, tr("&Quit"), QKeySequence(Qt::CTRL | Qt::Key_Q), QStringLiteral("quitAction"));
    quit->setMenuRole(QAction::QuitRole);
    // Every window asks about its own unsaved edits; one that is kept open stops the quit.
    connect(quit, &QAction::triggered, qApp, &QApplication::closeAllWindows, Qt::QueuedConnection);
}

void MainWindow::createMenus()
{
    const auto existing = [this](const char *name) {
        QAction *action = findChild<QAction *>(QLatin1String(name));
        Q_ASSERT(action);
        return action;
    };
    createFileMenu();
    QMenu *edit = menuBar()->addMenu(tr("&Edit"));
    edit->setObjectName(QStringLiteral("editMenu"));
    edit->addActions({existing("undoAction"), existing("redoAction")});
    edit->addSeparator();
    edit->addActions({existing("copyAction"), existing("pasteAction")});
    edit->addSeparator();
    edit->addActions({existing("saveAction"), existing("revertAction"), existing("revertRowAction")});
    edit->addSeparator();
    edit->addActions({existing("setNullAction"), existing("reviewConflictAction")});
    edit->addSeparator();
    edit->addAction(existing("findAction"));

    QMenu *view = menuBar()->addMenu(tr("&View"));
    view->setObjectName(QStringLiteral("viewMenu"));
    for (QToolBar *toolBar : findChildren<QToolBar *>()) {
        // "Edit" alone would read like the Edit menu.
        toolBar->toggleViewAction()->setText(tr("&%1 Toolbar").arg(toolBar->windowTitle()));
        view->addAction(toolBar->toggleViewAction());
    }
    view->addSeparator();
    view->addAction(existing("formViewAction"));
    view->addSeparator();
    view->addActions({existing("goToRowAction"), existing("goToKeyAction"), existing("clearFiltersAction")});
    view->addSeparator();
    view->addAction(existing("reloadAction"));

    QMenu *records = menuBar()->addMenu(tr("&Records"));
    records->setObjectName(QStringLiteral("recordsMenu"));
    records->addActions({existing("addRowAction"), existing("duplicateRowAction"), existing("deleteRowsAction")});
    records->addSeparator();
    records->addActions({existing("chooseReferenceAction"), existing("goToReferencedAction"),
                         existing("showReferencingAction")});
    records->addSeparator();
    records->addActions({m_operations->importAction(), m_operations->bulkEditAction(), m_operations->bulkDeleteAction()});
    records->addSeparator();
    records->addAction(m_operations->enableVersioningAction());
    records->addSeparator();
    records->addActions({m_historyActions->keepHistoryAction(), m_historyActions->deletedRecordsAction(),
                         m_historyActions->applyRetentionAction()});

    QMenu *help = menuBar()->addMenu(tr("&Help"));
    help->setObjectName(QStringLiteral("helpMenu"));
    QAction *about = help->addAction(tr("&About Concord"), this, &MainWindow::showAbout);
    about->setObjectName(QStringLiteral("aboutAction"));
    about->setMenuRole(QAction::AboutRole);
    QAction *aboutQt = help->addAction(tr("About &Qt"), qApp, &QApplication::aboutQt);
    aboutQt->setObjectName(QStringLiteral("aboutQtAction"));
    aboutQt->setMenuRole(QAction::AboutQtRole);

    // Review Conflict and Set to NULL have rules of their own (updateReviewAction(), …).
    m_databaseActions = {existing("closeDatabaseAction"), existing("saveAction"), existing("revertAction"), existing("revertRowAction"),
                         existing("reloadAction"), existing("addRowAction"), existing("deleteRowsAction"),
                         existing("copyAction"), existing("pasteAction"), existing("duplicateRowAction"),
                         m_operations->importAction(), m_operations->bulkEditAction(),
                         m_operations->bulkDeleteAction(), m_operations->enableVersioningAction(),
                         existing("formViewAction")};
    m_databaseActions << browseActions();
    for (QAction *action : std::as_const(m_databaseActions)) {
        if (!action->toolTip().contains(QLatin1Char('(')) && !action->shortcut().isEmpty())
            setToolTipWithShortcut(action);
    }
    updateActions();
}

void MainWindow::fillRecentMenu()
{
    m_recentMenu->clear();
    const QStringList recent = AppSettings().recentDatabases();
    for (const QString &text : recent) {
        QAction *action = m_recentMenu->addAction(text);
        connect(action, &QAction::triggered, this, [this, text] { m_welcome->openRecent(text); });
    }
    if (!recent.isEmpty()) {
        m_recentMenu->addSeparator();
        QMenu *inNewWindow = m_recentMenu->addMenu(tr("Open in New &Window"));
        for (const QString &text : recent)
            inNewWindow->addAction(text, this, [this, text] { m_welcome->openRecent(text, true); });
    } else {
        // The menu itself stays enabled, so that aboutToShow can fill it with what other windows
        // opened meanwhile.
        m_recentMenu->addAction(tr("No Recent Databases"))->setEnabled(false);
    }
}

void MainWindow::updateActions()
{
    for (QAction *action : std::as_const(m_databaseActions))
        action->setEnabled(m_model != nullptr);
}

QString MainWindow::aboutText() const
{
    QString engine;
    if (m_model) {
        // Asked of the open database itself: the server's version, not the client library's.
        const bool sqlite = isSQLite(m_model->database());
        QSqlQuery query(m_model->database());
        const QString version = query.exec(sqlite ? QStringLiteral("SELECT sqlite_version()")
                                                  : QStringLiteral("SHOW server_version"))
                && query.next()
            ? query.value(0).toString()
            : tr("unknown");
        engine = (sqlite ? tr("SQLite %1") : tr("PostgreSQL %1")).arg(version.toHtmlEscaped());
    }
    QString text = tr("<h3>Concord %1</h3><p>Edit database records with others, without losing anyone's work.</p>")
                       .arg(QStringLiteral(CONCORD_VERSION));
    text += tr("<p>Qt %1</p>").arg(QString::fromLatin1(qVersion()));
    text += engine.isEmpty() ? tr("<p>No database open.</p>")
                             : tr("<p>%1: %2</p>").arg(m_address.displayName().toHtmlEscaped(), engine);
    return text;
}

void MainWindow::showAbout()
{
    auto *box = new QMessageBox(QMessageBox::NoIcon, tr("About Concord"), aboutText(), QMessageBox::Ok, this);
    box->setObjectName(QStringLiteral("aboutBox"));
    box->setIconPixmap(windowIcon().pixmap(64, 64));
    box->setAttribute(Qt::WA_DeleteOnClose);
    box->open();
}

} // namespace Concord
