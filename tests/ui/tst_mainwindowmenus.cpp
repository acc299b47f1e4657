// SPDX-License-Identifier: MIT
// SPDX-FileCopyrightText: 2026 Concord developers
#include <core/model/versionedtablemodel.h>
#include <tests/support/scratchdatabase.h>
#include <tests/support/testmacros.h>
#include <ui/editor/mainwindow.h>
#include <ui/start/welcomeview.h>

#include "shelldriver.h"

#include <QAction>
#include <QMenu>
#include <QMenuBar>
#include <QMessageBox>
#include <QPointer>
#include <QSettings>
#include <QSqlQuery>
#include <QStandardPaths>
#include <QTableView>
#include <QTest>
#include <QToolBar>

#include <memory>

using namespace Concord;
using namespace Concord::Test;
using namespace Qt::StringLiterals;

// The window's menu bar, About, and several windows each on a database of its own.

class tst_MainWindowMenus : public QObject
{
    Q_OBJECT

private:
    std::unique_ptr<ScratchDatabase> m_db;
    std::unique_ptr<MainWindow> m_window;

    QAction *action(const char *name) const { return m_window->findChild<QAction *>(QLatin1String(name)); }

    // Every action reachable from the menu bar, submenus included.
    QList<QAction *> menuActions() const
    {
        QList<QAction *> all;
        QList<QMenu *> menus;
        for (QAction *top : m_window->menuBar()->actions()) {
            if (top->menu())
                menus << top->menu();
        }
        while (!menus.isEmpty()) {
            QMenu *menu = menus.takeFirst();
            for (QAction *item : menu->actions()) {
                all << item;
                if (item->menu())
                    menus << item->menu();
            }
        }
        return all;
    }

    QString engineVersion() const
    {
        QSqlDatabase db = m_db->open(u"version"_s);
        QSqlQuery query(db);
        const bool sqlite = backendUnderTest() == Backend::SQLite;
        if (!query.exec(sqlite ? u"SELECT sqlite_version()"_s : u"SHOW server_version"_s) || !query.next())
            return {};
        return query.value(0).toString();
    }

private Q_SLOTS:
    void initTestCase()
    {
        QStandardPaths::setTestModeEnabled(true);
        CONCORD_REQUIRE_BACKEND();
    }

    void init()
    {
        QSettings().clear();
        QString error;
        m_db = demoDatabase(&error);
        QVERIFY2(m_db, qPrintable(error));
        m_window = std::make_unique<MainWindow>();
        m_window->show();
        QVERIFY(QTest::qWaitForWindowExposed(m_window.get()));
    }

    void cleanup()
    {
        closeOtherWindows(m_window.get());
        m_window.reset();
        m_db.reset();
    }

    void everyToolbarActionIsInAMenu()
    {
        const QList<QAction *> inMenus = menuActions();
        const QList<QToolBar *> toolBars = m_window->findChildren<QToolBar *>();
        QVERIFY(toolBars.size() >= 2);
        for (QToolBar *toolBar : toolBars) {
            for (QAction *item : toolBar->actions()) {
                if (!item->isSeparator())
                    QVERIFY2(inMenus.contains(item), qPrintable(item->objectName()));
            }
        }
        for (const char *name : {"newWindowAction", "openFileAction", "newDatabaseAction", "connectAction",
                                 "closeDatabaseAction", "quitAction", "setNullAction", "aboutAction", "aboutQtAction",
                                 "findAction", "goToRowAction", "goToKeyAction", "clearFiltersAction"})
            QVERIFY2(inMenus.contains(action(name)), name);
        QStringList titles;
        for (QAction *top : m_window->menuBar()->actions())
            titles << top->text().remove(u'&');
        QCOMPARE(titles, (QStringList{u"File"_s, u"Edit"_s, u"View"_s, u"Records"_s, u"Help"_s}));
    }

    void shortcutsAreConventionalAndInTheTooltips()
    {
        QCOMPARE(action("quitAction")->shortcut(), QKeySequence(Qt::CTRL | Qt::Key_Q));
        QCOMPARE(action("saveAction")->shortcut(), QKeySequence(QKeySequence::Save));
        QCOMPARE(action("openFileAction")->shortcut(), QKeySequence(QKeySequence::Open));
        QCOMPARE(action("reloadAction")->shortcut(), QKeySequence(QKeySequence::Refresh));
        QCOMPARE(action("saveAction")->toolTip(),
                 u"Save (%1)"_s.arg(QKeySequence(QKeySequence::Save).toString(QKeySequence::NativeText)));
        QVERIFY(action("openFileAction")->toolTip().endsWith(
            u"(%1)"_s.arg(QKeySequence(QKeySequence::Open).toString(QKeySequence::NativeText))));
    }

    void databaseActionsWaitForADatabase()
    {
        const char *names[] = {"saveAction", "revertAction", "addRowAction", "deleteRowsAction", "reloadAction",
                               "closeDatabaseAction", "importCsvAction", "enableVersioningAction", "findAction",
                               "goToRowAction"};
        for (const char *name : names)
            QVERIFY2(!action(name)->isEnabled(), name);
        QVERIFY(action("openFileAction")->isEnabled());
        QVERIFY(action("newWindowAction")->isEnabled());
        QVERIFY_RESULT(m_window->openAddress(m_db->address()));
        for (const char *name : names)
            QVERIFY2(action(name)->isEnabled(), name);
        // Close Database goes back to the welcome view, and the actions wait again
        action("closeDatabaseAction")->trigger();
        QVERIFY(m_window->isWelcomeShown());
        QVERIFY(!m_window->model());
        for (const char *name : names)
            QVERIFY2(!action(name)->isEnabled(), name);
    }

    void aboutNamesTheVersions()
    {
        QVERIFY(m_window->aboutText().contains(QString::fromLatin1(qVersion())));
        QVERIFY(m_window->aboutText().contains("No database"_L1));
        QVERIFY_RESULT(m_window->openAddress(m_db->address()));
        action("aboutAction")->trigger();
        auto *box = m_window->findChild<QMessageBox *>(u"aboutBox"_s);
        QVERIFY(box);
        QTRY_VERIFY(box->isVisible());
        const QString version = engineVersion();
        QVERIFY(!version.isEmpty());
        const QString engine = backendUnderTest() == Backend::SQLite ? u"SQLite "_s : u"PostgreSQL "_s;
        QVERIFY2(box->text().contains(engine + version), qPrintable(box->text()));
        QVERIFY(box->text().contains(QString::fromLatin1(qVersion())));
        QVERIFY(box->text().contains("Concord 0."_L1));
        box->accept();
    }

    void twoWindowsOnTwoDatabasesAtOnce()
    {
        // Given this window on one database
        QVERIFY_RESULT(m_window->openAddress(m_db->address()));
        QString error;
        auto second = demoDatabase(&error);
        QVERIFY2(second, qPrintable(error));
        // When I choose File > New Window, and open another database there
        action("newWindowAction")->trigger();
        QList<MainWindow *> others = otherWindows(m_window.get());
        QCOMPARE(others.size(), 1);
        QPointer<MainWindow> other = others.constFirst();
        QVERIFY(other->isWelcomeShown());
        QVERIFY_RESULT(other->openAddress(second->address()));
        // Then both are open at once, each on a connection of its own
        QVERIFY(m_window->model() && other->model());
        QVERIFY(m_window->model()->database().connectionName() != other->model()->database().connectionName());
        QCOMPARE(m_window->address().toString(), m_db->addressText());
        QCOMPARE(other->address().toString(), second->addressText());
        // and an edit saved in one does not show in the other database
        m_window->model()->setData(m_window->model()->index(0, m_window->model()->fieldIndex(u"city"_s)), u"Here"_s);
        QVERIFY(m_window->save());
        QVERIFY(other->model()->data(other->model()->index(0, other->model()->fieldIndex(u"city"_s))).toString() != "Here"_L1);
        // When I close the new window, this one stays open on its database
        QVERIFY(other->close());
        QTRY_VERIFY(other.isNull()); // deleted on close
        QVERIFY(m_window->isVisible());
        QVERIFY(m_window->model());
        QCOMPARE(m_window->model()->rowCount(), 12);
    }

    void openInNewWindowFromTheRecentList()
    {
        QVERIFY_RESULT(m_window->openAddress(m_db->address()));
        m_window->closeCurrentDatabase();
        QMenu *menu = m_window->welcomeView()->createRecentMenu(m_db->addressText());
        menu->findChild<QAction *>(u"openRecentInNewWindowAction"_s)->trigger();
        const QList<MainWindow *> others = otherWindows(m_window.get());
        QCOMPARE(others.size(), 1);
        QVERIFY(others.constFirst()->model());
        QCOMPARE(others.constFirst()->address().toString(), m_db->addressText());
        QVERIFY(m_window->isWelcomeShown()); // this window is left as it was
    }

    void aNewWindowThatCannotOpenSaysSoItself()
    {
        OpenRequest request;
        request.address.path = u"/nonexistent-folder/x.sqlite"_s;
        request.newWindow = true;
        QVERIFY_RESULT(m_window->open(request)); // this window asked, and has nothing to report
        const QList<MainWindow *> others = otherWindows(m_window.get());
        QCOMPARE(others.size(), 1);
        QVERIFY(others.constFirst()->isWelcomeShown());
        QVERIFY(others.constFirst()->welcomeView()->message().contains("/nonexistent-folder/x.sqlite"_L1));
    }
};

QTEST_MAIN(tst_MainWindowMenus)
#include "tst_mainwindowmenus.moc"
