// SPDX-License-Identifier: MIT
// SPDX-FileCopyrightText: 2026 Concord developers
#include <core/model/versionedtablemodel.h>
#include <tests/support/scratchdatabase.h>
#include <tests/support/testmacros.h>
#include <ui/editor/mainwindow.h>
#include <ui/start/appsettings.h>
#include <ui/start/welcomeview.h>
#include <ui/widgets/tablelist.h>

#include "shelldriver.h"

#include <QAction>
#include <QFile>
#include <QFileDialog>
#include <QLabel>
#include <QListWidget>
#include <QMenu>
#include <QMessageBox>
#include <QProcess>
#include <QPushButton>
#include <QSettings>
#include <QStandardPaths>
#include <QTableView>
#include <QTemporaryDir>
#include <QTest>
#include <QUrl>

#include <memory>

using namespace Concord;
using namespace Concord::Test;
using namespace Qt::StringLiterals;

// The window without a database: the welcome view, opening from it, open errors shown in the
// window (never quitting), and the recent list. On SQLite and, as tst_welcomeview_postgresql, on
// PostgreSQL; the settings are a temporary file of this process (tests/support).

class tst_WelcomeView : public QObject
{
    Q_OBJECT

private:
    std::unique_ptr<ScratchDatabase> m_db;
    std::unique_ptr<MainWindow> m_window;

    bool onSQLite() const { return backendUnderTest() == Backend::SQLite; }
    WelcomeView *welcome() const { return m_window->welcomeView(); }
    QPushButton *button(const char *name) const { return welcome()->findChild<QPushButton *>(QLatin1String(name)); }

    // Opens the test database the way the user would on this backend: a file chosen through the
    // Open SQLite File… button, or a recent entry (PostgreSQL: the password comes from PGPASSWORD).
    Result<void> openTestDatabase()
    {
        if (onSQLite())
            return welcome()->openFile(m_db->address().path);
        return m_window->openAddress(m_db->address());
    }

    bool gridShowsCustomers() const
    {
        return m_window->model() && m_window->model()->tableName() == "customers"_L1 && m_window->model()->rowCount() == 12
            && m_window->grid()->isVisible();
    }

    static QString settingsText()
    {
        QSettings settings;
        settings.sync();
        QFile file(settings.fileName());
        return file.open(QIODevice::ReadOnly) ? QString::fromUtf8(file.readAll()) : QString();
    }

private Q_SLOTS:
    void initTestCase()
    {
        QStandardPaths::setTestModeEnabled(true); // edit journals go to a test folder
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

    void startsWithTheWelcomeView()
    {
        // Given a window opened without a database
        // Then it shows the welcome view, with nothing to edit
        QVERIFY(m_window->isWelcomeShown());
        QVERIFY(welcome()->isVisible());
        QVERIFY(!m_window->grid()->isVisible());
        QVERIFY(button("openFileButton")->isVisible());
        QVERIFY(button("newDatabaseButton")->isVisible());
        QVERIFY(button("connectButton")->isVisible());
        QVERIFY(!m_window->findChild<QAction *>(u"saveAction"_s)->isEnabled());
        QVERIFY(!m_window->findChild<QAction *>(u"addRowAction"_s)->isEnabled());
        QCOMPARE(welcome()->recentList()->count(), 0);
    }

    void openSQLiteFileButtonOpensTheFileInTheGrid()
    {
        if (!onSQLite())
            QSKIP("a SQLite file");
        // When I click Open SQLite File… and choose the file
        chooseFile(m_db->address().path);
        QTest::mouseClick(button("openFileButton"), Qt::LeftButton);
        // Then the window shows its first table in the grid
        QTRY_VERIFY(!m_window->isWelcomeShown());
        QVERIFY(gridShowsCustomers());
        QVERIFY(m_window->findChild<QAction *>(u"saveAction"_s)->isEnabled());
        QVERIFY(m_window->windowTitle().contains("test.sqlite"_L1));
    }

    void newDatabaseButtonCreatesTheDemoAndOpensIt()
    {
        if (!onSQLite())
            QSKIP("a SQLite file");
        // When I click New Database…, name a new file and choose the demo tables
        QTemporaryDir dir;
        const QString path = dir.filePath(u"fresh.sqlite"_s);
        chooseFile(path);
        whenModal<QMessageBox>([](QMessageBox *box) {
            for (QAbstractButton *choice : box->buttons()) {
                if (choice->text().contains("Demo"_L1))
                    choice->click();
            }
        });
        QTest::mouseClick(button("newDatabaseButton"), Qt::LeftButton);
        // Then the file exists and its tables are open
        QTRY_VERIFY(!m_window->isWelcomeShown());
        QVERIFY(QFile::exists(path));
        QCOMPARE(m_window->model()->tableName(), u"customers"_s);
        QVERIFY(m_window->model()->rowCount() > 0);
    }

    void newEmptyDatabaseRefusesAnExistingFile()
    {
        if (!onSQLite())
            QSKIP("a SQLite file");
        QTemporaryDir dir;
        const QString path = dir.filePath(u"empty.sqlite"_s);
        // An empty database opens with no tables
        QVERIFY_RESULT(welcome()->createDatabase(path, false));
        QVERIFY(!m_window->isWelcomeShown());
        QCOMPARE(m_window->tableList()->count(), 0);
        // and a second "new" database on the same path is refused rather than overwriting it
        m_window->closeCurrentDatabase();
        const auto again = welcome()->createDatabase(path, true);
        QVERIFY(!again);
        QVERIFY(welcome()->message().contains("already exists"_L1));
        QVERIFY(m_window->isWelcomeShown());
    }

    void anOpenErrorIsShownAndARetryWorks()
    {
        // Given a database that cannot be opened: a file in a folder that does not exist, or a
        // PostgreSQL server on a port where none listens
        Result<void> failed;
        if (onSQLite()) {
            failed = welcome()->openFile(u"/nonexistent-folder/nowhere.sqlite"_s);
        } else {
            DatabaseAddress wrong = m_db->address();
            wrong.port = 1;
            failed = welcome()->openRecent(wrong.toString());
        }
        // Then the window stays, on its welcome view, and says why
        QVERIFY(!failed);
        QVERIFY(m_window->isVisible());
        QVERIFY(m_window->isWelcomeShown());
        QVERIFY(welcome()->message().contains(onSQLite() ? "/nonexistent-folder/nowhere.sqlite"_L1 : "Cannot connect"_L1));
        QVERIFY(welcome()->findChild<QLabel *>(u"welcomeMessage"_s)->isVisible());
        QVERIFY(!m_window->model());
        // When I try again with the right one, it opens and the message goes away
        QVERIFY_RESULT(onSQLite() ? welcome()->openFile(m_db->address().path)
                                  : welcome()->openRecent(m_db->addressText()));
        QVERIFY(gridShowsCustomers());
        QVERIFY(welcome()->message().isEmpty());
    }

    void theRecentListRemembersAndReopens()
    {
        // Given I opened the database, then closed it
        QVERIFY_RESULT(openTestDatabase());
        m_window->closeCurrentDatabase();
        QVERIFY(m_window->isWelcomeShown());
        // Then the welcome view lists it
        QListWidget *recent = welcome()->recentList();
        QCOMPARE(recent->count(), 1);
        QCOMPARE(recent->item(0)->data(Qt::UserRole).toString(), m_db->addressText());
        QCOMPARE(AppSettings().recentDatabases(), QStringList{m_db->addressText()});
        // When I click it, it opens again
        const QRect itemRect = recent->visualItemRect(recent->item(0));
        QTest::mouseClick(recent->viewport(), Qt::LeftButton, {}, itemRect.center());
        QTRY_VERIFY(gridShowsCustomers());
    }

    void recentDatabasesAreMostRecentFirstAndAtMostTen()
    {
        for (int i = 0; i < 12; ++i) {
            DatabaseAddress address;
            address.path = u"/tmp/db%1.sqlite"_s.arg(i);
            AppSettings().addRecentDatabase(address);
        }
        DatabaseAddress again;
        again.path = u"/tmp/db5.sqlite"_s;
        AppSettings().addRecentDatabase(again);
        const QStringList recent = AppSettings().recentDatabases();
        QCOMPARE(recent.size(), AppSettings::maxRecentDatabases);
        QCOMPARE(recent.first(), u"sqlite:/tmp/db5.sqlite"_s);
        QCOMPARE(recent.at(1), u"sqlite:/tmp/db11.sqlite"_s);
        QCOMPARE(recent.count(u"sqlite:/tmp/db5.sqlite"_s), 1);
    }

    void removeFromListForgetsAnEntry()
    {
        QVERIFY_RESULT(openTestDatabase());
        m_window->closeCurrentDatabase();
        QCOMPARE(welcome()->recentList()->count(), 1);
        // When I choose Remove from List in the entry's context menu
        QMenu *menu = welcome()->createRecentMenu(m_db->addressText());
        menu->findChild<QAction *>(u"removeRecentAction"_s)->trigger();
        // Then it is gone, also from the settings
        QCOMPARE(welcome()->recentList()->count(), 0);
        QVERIFY(AppSettings().recentDatabases().isEmpty());
        QVERIFY(!settingsText().contains(m_db->addressText()));
    }

    void theKeyboardOpensAndRemovesRecentEntries()
    {
        QVERIFY_RESULT(openTestDatabase());
        m_window->closeCurrentDatabase();
        QListWidget *recent = welcome()->recentList();
        recent->setCurrentRow(0);
        QTest::keyClick(recent, Qt::Key_Return);
        QVERIFY(gridShowsCustomers());
        m_window->closeCurrentDatabase();
        recent->setCurrentRow(0);
        QTest::keyClick(recent, Qt::Key_Delete);
        QCOMPARE(recent->count(), 0);
        QVERIFY(AppSettings().recentDatabases().isEmpty());
    }

    void withoutPasswordStripsEveryPassword_data()
    {
        QTest::addColumn<QString>("address");
        QTest::addColumn<QString>("expected");
        QTest::addRow("user info") << u"postgresql://ann:s3cret@db.example.com:5432/sales"_s
                                   << u"postgresql://ann@db.example.com:5432/sales"_s;
        QTest::addRow("query") << u"postgresql://ann@db/sales?sslmode=require&password=s3cret"_s
                               << u"postgresql://ann@db/sales?sslmode=require"_s;
        QTest::addRow("ssl key password") << u"postgresql://ann@db/sales?sslpassword=s3cret"_s
                                          << u"postgresql://ann@db/sales"_s;
        QTest::addRow("none") << u"postgresql://ann@db/sales"_s << u"postgresql://ann@db/sales"_s;
        QTest::addRow("sqlite") << u"sqlite:/tmp/a:b@c.sqlite"_s << u"sqlite:/tmp/a:b@c.sqlite"_s;
    }

    void withoutPasswordStripsEveryPassword()
    {
        QFETCH(QString, address);
        QFETCH(QString, expected);
        const QString stripped = AppSettings::withoutPassword(address);
        QCOMPARE(stripped, expected);
        if (address.startsWith("postgresql"_L1))
            QVERIFY(!stripped.contains("s3cret"_L1));
    }

    void theSettingsNeverHoldThePassword()
    {
        if (onSQLite())
            QSKIP("SQLite has no password");
        // Given I connected with a password typed into the connection dialog
        const QString password = qEnvironmentVariable("PGPASSWORD");
        QVERIFY(!password.isEmpty());
        OpenRequest request;
        request.address = m_db->address();
        request.password = password;
        request.askForPassword = false;
        QVERIFY_RESULT(m_window->open(request));
        m_window->close(); // saves the window's memory too
        // Then the database is remembered, the password nowhere in the settings
        QCOMPARE(AppSettings().recentDatabases(), QStringList{m_db->addressText()});
        const QString text = settingsText();
        QVERIFY(text.contains(m_db->address().databaseName));
        QVERIFY(!text.contains(password));
        QVERIFY(!text.contains(QString::fromLatin1(QUrl::toPercentEncoding(password))));
    }

    void theProgramShowsTheWelcomeViewInsteadOfQuitting()
    {
        // Given concord started on a database that cannot be opened
        QTemporaryDir config;
        QProcess concord;
        QProcessEnvironment environment = QProcessEnvironment::systemEnvironment();
        environment.insert(u"XDG_CONFIG_HOME"_s, config.path()); // not the user's settings
        environment.insert(u"QT_QPA_PLATFORM"_s, u"offscreen"_s);
        concord.setProcessEnvironment(environment);
        concord.start(QStringLiteral(CONCORD_APP), {u"/nonexistent-folder/nowhere.sqlite"_s});
        QVERIFY(concord.waitForStarted());
        // Then it keeps running (the window shows the error), and says why on stderr as well
        QVERIFY(!concord.waitForFinished(1500));
        QCOMPARE(concord.state(), QProcess::Running);
        concord.kill();
        concord.waitForFinished();
        QVERIFY(QString::fromUtf8(concord.readAllStandardError()).contains("There is no database"_L1));
    }

    void badArgumentsStillExitWithTwo()
    {
        QProcess concord;
        QProcessEnvironment environment = QProcessEnvironment::systemEnvironment();
        environment.insert(u"QT_QPA_PLATFORM"_s, u"offscreen"_s);
        concord.setProcessEnvironment(environment);
        concord.start(QStringLiteral(CONCORD_APP), {u"postgresql://ann:s3cret@db.example.com/sales"_s});
        QVERIFY(concord.waitForFinished(10000));
        QCOMPARE(concord.exitCode(), 2);
        const QString stderrText = QString::fromUtf8(concord.readAllStandardError());
        QVERIFY(stderrText.contains("password"_L1));
        QVERIFY(!stderrText.contains("s3cret"_L1));
    }
};

QTEST_MAIN(tst_WelcomeView)
#include "tst_welcomeview.moc"
