// SPDX-License-Identifier: MIT
// SPDX-FileCopyrightText: 2026 Concord developers
#include <core/db/demodatabase.h>
#include <core/locks/advisorylock.h>
#include <core/locks/tablelock.h>
#include <core/jobs/importjob.h>
#include <core/model/versionedtablemodel.h>
#include <tests/support/lockholderprocess.h>
#include <tests/support/scratchdatabase.h>
#include <tests/support/testmacros.h>
#include <ui/editor/mainwindow.h>
#include <ui/operations/jobrunner.h>
#include <ui/operations/lockmonitor.h>
#include <ui/operations/locksdock.h>
#include <ui/widgets/busybanner.h>
#include <ui/widgets/tablelist.h>

#include <QAction>
#include <QLabel>
#include <QMenu>
#include <QMenuBar>
#include <QSignalSpy>
#include <QStandardPaths>
#include <QTemporaryDir>
#include <QTest>
#include <QTreeWidget>

#include <memory>

using namespace Concord;
using namespace Concord::Test;
using namespace Qt::StringLiterals;

// The Locks dock and the busy bar, on SQLite and PostgreSQL: locks held by another process
// (concord_test_lockholder) and by this editor's own work, as one editor window sees them.

class tst_LocksDock : public QObject
{
    Q_OBJECT

private:
    std::unique_ptr<ScratchDatabase> m_db;
    std::unique_ptr<MainWindow> m_window;

    LocksDock *dock() const { return m_window->locksDock(); }
    QTreeWidget *view() const { return dock()->view(); }
    QTreeWidgetItem *row(const QString &lock) const
    {
        for (int i = 0; i < view()->topLevelItemCount(); ++i) {
            if (view()->topLevelItem(i)->text(LocksDock::LockColumn) == lock)
                return view()->topLevelItem(i);
        }
        return nullptr;
    }

    // Another process holding \a name, recorded as "nightly-sync: OPERATION".
    std::unique_ptr<LockHolderProcess> holdInAnotherProcess(const QString &name, const QString &operation)
    {
        auto process = std::make_unique<LockHolderProcess>(QStringLiteral(CONCORD_TEST_LOCKHOLDER));
        if (!process->start({m_db->addressText(), name, u"--app"_s,
                             operationApplicationName(u"nightly-sync"_s, operation)}))
            return nullptr;
        const QString line = process->nextOutcome();
        if (!line.startsWith(u"acquired"_s)) {
            qWarning("lock holder: %s", qPrintable(line));
            return nullptr;
        }
        return process;
    }

private Q_SLOTS:
    void initTestCase()
    {
        QStandardPaths::setTestModeEnabled(true);
        CONCORD_REQUIRE_BACKEND();
    }

    void init()
    {
        m_db = std::make_unique<ScratchDatabase>();
        QCOMPARE(m_db->create(backendUnderTest()), QString());
        DemoDatabase::Size size;
        size.customers = 12;
        size.products = 5;
        size.orders = 10;
        QVERIFY_RESULT(DemoDatabase::create(m_db->open(u"setup"_s), size));
        m_window = std::make_unique<MainWindow>();
        QVERIFY_RESULT(m_window->openAddress(m_db->address()));
        m_window->show();
        QVERIFY(QTest::qWaitForWindowExposed(m_window.get()));
        QCOMPARE(m_window->model()->tableName(), u"customers"_s);
    }

    void cleanup()
    {
        m_window.reset();
        m_db.reset();
    }

    void viewLocksTogglesTheDock()
    {
        // Given the window as it opens: the dock is hidden
        QVERIFY(!dock()->isVisible());
        auto *viewMenu = m_window->menuBar()->findChild<QMenu *>(u"viewMenu"_s);
        QVERIFY(viewMenu);
        QAction *toggle = m_window->findChild<QAction *>(u"locksDockAction"_s);
        QVERIFY(toggle);
        QVERIFY(viewMenu->actions().contains(toggle));
        QVERIFY(!toggle->icon().isNull());

        // When I choose View > Locks, then it shows, saying that nothing is held
        toggle->trigger();
        QVERIFY(dock()->isVisible());
        QVERIFY(dock()->findChild<QLabel *>(u"locksEmpty"_s)->isVisible());
        QCOMPARE(view()->topLevelItemCount(), 0);
        toggle->trigger();
        QVERIFY(!dock()->isVisible());
    }

    void showsAHolderInAnotherProcessLiveAndRemovesItWhenReleased()
    {
        // Given the dock open and the monitor polling quickly
        m_window->lockMonitor()->setInterval(100);
        m_window->findChild<QAction *>(u"locksDockAction"_s)->trigger();

        // When another process takes table:orders for an import
        const auto holder = holdInAnotherProcess(tableLockName(u"orders"_s), u"Import into orders"_s);
        QVERIFY(holder);

        // Then the dock lists it by itself, within a poll: holder, host, operation, since, generation
        QTRY_VERIFY(row(u"table:orders"_s));
        QTreeWidgetItem *item = row(u"table:orders"_s);
        const QString who = item->text(LocksDock::HolderColumn);
        QVERIFY2(who.contains(u"(pid %1)"_s.arg(holder->processId())), qPrintable(who));
        QVERIFY2(!who.contains(u"(you)"_s), qPrintable(who));
        QCOMPARE(item->text(LocksDock::HostColumn), currentHostName());
        QCOMPARE(item->text(LocksDock::OperationColumn), u"Import into orders"_s);
        QCOMPARE(item->text(LocksDock::SinceColumn), u"just now"_s);
        QVERIFY(!item->toolTip(LocksDock::SinceColumn).isEmpty()); // the exact time
        QVERIFY(item->text(LocksDock::GenerationColumn).toLongLong() > 0);
        QVERIFY(!dock()->findChild<QLabel *>(u"locksEmpty"_s)->isVisible());

        // And once it releases, the row goes
        QCOMPARE(holder->release(), u"released"_s);
        QTRY_VERIFY(!row(u"table:orders"_s));
        QTRY_VERIFY(dock()->findChild<QLabel *>(u"locksEmpty"_s)->isVisible());
    }

    // Issue #13: the editor hears of grants and releases instead of polling the full list.
    void aGrantAndAReleaseAreHeardWithoutAPoll()
    {
        LockMonitor *monitor = m_window->lockMonitor();
        if (backendUnderTest() == Backend::SQLite) {
            QVERIFY(!monitor->isNotified());
            QSKIP("SQLite cannot notify: its monitor polls the one lease table (showsAHolderInAnotherProcess…)");
        }
        QVERIFY(monitor->isNotified());
        // Given a monitor that would not poll for ten minutes
        monitor->setInterval(600000);
        // When another process takes table:orders, and then releases it
        const auto holder = holdInAnotherProcess(tableLockName(u"orders"_s), u"Import into orders"_s);
        QVERIFY(holder);
        // Then the editor shows it, and then not, at once
        QTRY_VERIFY_WITH_TIMEOUT(monitor->busyTables().contains(u"orders"_s), 3000);
        QCOMPARE(holder->release(), u"released"_s);
        QTRY_VERIFY_WITH_TIMEOUT(!monitor->busyTables().contains(u"orders"_s), 3000);
    }

    void aPollThatFindsNothingChangedReadsOnlyTheMark()
    {
        LockMonitor *monitor = m_window->lockMonitor();
        if (backendUnderTest() == Backend::SQLite)
            QSKIP("SQLite has no mark: its poll reads the one small lease table");
        const auto holder = holdInAnotherProcess(tableLockName(u"orders"_s), u"Import into orders"_s);
        QVERIFY(holder);
        QTRY_VERIFY_WITH_TIMEOUT(monitor->busyTables().contains(u"orders"_s), 3000);
        QTest::qWait(100); // the notification's own refresh is done
        // When the editor polls five times while nothing changes, it reads the full list no more
        const int reads = monitor->fullReadCount();
        for (int i = 0; i < 5; ++i)
            monitor->refresh();
        QCOMPARE(monitor->fullReadCount(), reads);
        // And a holder that dies without a word is still seen going, by the mark
        holder->kill();
        QTRY_VERIFY_WITH_TIMEOUT((monitor->refresh(), !monitor->busyTables().contains(u"orders"_s)), 5000);
        QCOMPARE(monitor->fullReadCount(), reads + 1);
    }

    void theBusyBarShowsOnlyOnTheBusyTable()
    {
        // Given another process importing into orders while customers is on screen
        const auto holder = holdInAnotherProcess(tableLockName(u"orders"_s), u"Import into orders"_s);
        QVERIFY(holder);
        m_window->lockMonitor()->refresh();

        // Then the list marks orders, but the bar over customers stays hidden
        QCOMPARE(m_window->tableList()->itemFor(u"orders"_s)->text(), u"orders (busy)"_s);
        QVERIFY(!m_window->busyBanner()->isVisible());

        // When I open orders, then the bar says who holds it
        QVERIFY(m_window->showTable(u"orders"_s));
        QVERIFY(m_window->busyBanner()->isVisible());
        QVERIFY2(m_window->busyBanner()->text().startsWith(u"Busy: Import into orders by "_s),
                 qPrintable(m_window->busyBanner()->text()));

        // And back on customers it is gone again
        QVERIFY(m_window->showTable(u"customers"_s));
        QVERIFY(!m_window->busyBanner()->isVisible());
        QCOMPARE(holder->release(), u"released"_s);
    }

    void myOwnImportIsMarkedYouAndIsNotSomeoneElsesBusyWork()
    {
        // Given this editor's own job holding customers' lock (the application name the editor's
        // jobs record, in this process)
        AdvisoryLock::Options options;
        options.applicationName = operationApplicationName(LockMonitor::applicationName(), u"Import into customers"_s);
        auto own = AdvisoryLock::open(m_db->address(), options);
        QVERIFY_RESULT(own);
        QVERIFY_RESULT(own.value()->tryAcquire(tableLockName(u"customers"_s)));

        // When the editor polls
        m_window->lockMonitor()->refresh();

        // Then the dock lists it as mine, and neither the bar nor the list calls it busy
        QTreeWidgetItem *item = row(u"table:customers"_s);
        QVERIFY(item);
        QVERIFY2(item->text(LocksDock::HolderColumn).endsWith(u"(you)"_s), qPrintable(item->text(LocksDock::HolderColumn)));
        QVERIFY(!m_window->busyBanner()->isVisible());
        QCOMPARE(m_window->tableList()->itemFor(u"customers"_s)->text(), u"customers"_s);
        QVERIFY(m_window->lockMonitor()->busyTables().isEmpty());
        QVERIFY_RESULT(own.value()->release(tableLockName(u"customers"_s)));
    }

    void aRunningImportOfMyOwnIsNeverSomeoneElsesBusyWork()
    {
        // Given a CSV big enough that the import runs for a while under customers' lock
        QTemporaryDir dir;
        QFile csv(dir.filePath(u"many.csv"_s));
        QVERIFY(csv.open(QIODevice::WriteOnly));
        csv.write("name,city\n");
        for (int i = 0; i < 30000; ++i)
            csv.write(QByteArray("Customer ") + QByteArray::number(i) + ",Lisbon\n");
        csv.close();
        ImportOptions options;
        options.table = u"customers"_s;
        options.filePath = csv.fileName();
        auto *job = new ImportJob(JobConnection(m_db->address()), options);
        job->setApplicationName(LockMonitor::applicationName()); // as TableOperations runs it

        // When the editor polls while the job holds the lock
        int seen = 0;
        bool shownAsBusy = false;
        connect(job, &Job::progressChanged, this, [&] {
            m_window->lockMonitor()->refresh();
            for (const LockHolder &holder : m_window->lockMonitor()->holders()) {
                if (holder.name == tableLockName(u"customers"_s) && LockMonitor::isOwn(holder))
                    ++seen;
            }
            shownAsBusy = shownAsBusy || m_window->busyBanner()->isVisible()
                || !m_window->lockMonitor()->busyTables().isEmpty();
        });
        QSignalSpy finished(m_window->jobRunner(), &JobRunner::jobFinished);
        QVERIFY(m_window->jobRunner()->start(job));
        QVERIFY(finished.wait(120000));

        // Then the lock was seen as mine, and never as someone else's busy work
        QVERIFY(seen > 0);
        QVERIFY(!shownAsBusy);
    }

    void relativeTimes_data()
    {
        QTest::addColumn<int>("secondsAgo");
        QTest::addColumn<QString>("text");
        QTest::addRow("seconds") << 20 << u"just now"_s;
        QTest::addRow("minutes") << 3 * 60 + 5 << u"3 min ago"_s;
        QTest::addRow("hours") << 2 * 3600 + 60 << u"2 h ago"_s;
        QTest::addRow("a day") << 86400 + 5 << u"1 day ago"_s;
        QTest::addRow("days") << 5 * 86400 << u"5 days ago"_s;
    }

    void relativeTimes()
    {
        QFETCH(int, secondsAgo);
        QFETCH(QString, text);
        const QDateTime now = QDateTime::currentDateTimeUtc();
        QCOMPARE(LocksDock::relativeTime(now.addSecs(-secondsAgo), now), text);
    }
};

QTEST_MAIN(tst_LocksDock)
#include "tst_locksdock.moc"
