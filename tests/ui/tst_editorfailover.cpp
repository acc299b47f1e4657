// SPDX-License-Identifier: MIT
// SPDX-FileCopyrightText: 2026 Concord developers
//
// Issue #14: the editor on a multi-host address while its primary fails over to a real streaming
// standby (scripts/lib/standby.sh, a pair apart from the shared test server). The save that meets
// the dead primary keeps the edit; the editor reconnects by itself through the same address,
// which finds the promoted standby, and the next save goes through under the version check.
#include <core/db/databaseaddress.h>
#include <core/model/versionedtablemodel.h>
#include <tests/support/scratchdatabase.h>
#include <tests/support/standbypair.h>
#include <tests/support/testmacros.h>
#include <ui/editor/mainwindow.h>
#include <ui/widgets/schemabanner.h>

#include <QApplication>
#include <QLabel>
#include <QMessageBox>
#include <QSqlQuery>
#include <QStandardPaths>
#include <QStatusBar>
#include <QTableView>
#include <QTest>

#include <memory>

using namespace Concord;
using namespace Concord::Test;
using namespace Qt::StringLiterals;

class tst_EditorFailover : public QObject
{
    Q_OBJECT

private:
    StandbyPair m_pair;
    std::unique_ptr<MainWindow> m_window;

    // Types into a cell the way a user does: select it, F2, text, Enter.
    void typeInto(int row, const QString &field, const QString &text)
    {
        QTableView *grid = m_window->grid();
        const QModelIndex index = m_window->model()->index(row, m_window->model()->fieldIndex(field));
        grid->setCurrentIndex(index);
        QTest::keyClick(grid, Qt::Key_F2);
        QWidget *editor = QApplication::focusWidget();
        QVERIFY(editor && editor != grid);
        QTest::keyClick(editor, Qt::Key_A, Qt::ControlModifier);
        QTest::keyClicks(editor, text);
        QTest::keyClick(editor, Qt::Key_Return);
        QTRY_COMPARE(m_window->model()->data(index).toString(), text);
    }

private Q_SLOTS:
    void initTestCase()
    {
        QStandardPaths::setTestModeEnabled(true); // edit journals and settings go to a test folder
        if (qEnvironmentVariable("CONCORD_TEST_STANDBY_CTL").isEmpty()) {
            if (postgresRequired())
                QFAIL("needs the primary and standby of scripts/lib/standby.sh (CONCORD_TEST_STANDBY_CTL)");
            QSKIP("needs the primary and standby of scripts/lib/standby.sh (scripts/test starts them)");
        }
    }
    void init()
    {
        QVERIFY(StandbyPair::control(u"reset"_s));
        QSqlQuery setup(m_pair.openOn(m_pair.primary()));
        QVERIFY_SQL(setup, exec(u"CREATE TABLE customers (id integer PRIMARY KEY, name text, city text, "
                                "version bigint NOT NULL DEFAULT 1)"_s));
        QVERIFY_SQL(setup, exec(u"INSERT INTO customers (id, name, city) VALUES (1, 'Ada', 'London'), "
                                "(2, 'Grace', 'Arlington'), (3, 'Edsger', 'Rotterdam')"_s));
        QVERIFY(m_pair.waitForStandby());
        m_window = std::make_unique<MainWindow>();
        QVERIFY_RESULT(m_window->openAddress(DatabaseAddress::parse(m_pair.failover()).value()));
        QVERIFY(m_window->showTable(u"customers"_s));
        m_window->show();
        QVERIFY(QTest::qWaitForWindowExposed(m_window.get()));
    }
    void cleanup()
    {
        m_window.reset();
        m_pair.closeConnections();
    }
    void cleanupTestCase() { StandbyPair::control(u"reset"_s); }

    // The schema bar names counter versions a failover to the asynchronous standby could repeat
    // (customers has a version column and was never adopted, so it counts).
    void theSchemaBarWarnsAboutCounterVersionsWhileAnAsynchronousStandbyStreams()
    {
        auto *banner = m_window->findChild<SchemaBanner *>(u"schemaBanner"_s);
        QVERIFY(banner);
        QVERIFY(banner->isVisible());
        QVERIFY2(banner->detailsText().contains(u"customers counts its versions up"_s), qPrintable(banner->detailsText()));
        QVERIFY2(banner->detailsText().contains(u"asynchronous standbys"_s), qPrintable(banner->detailsText()));
    }

    void theEditorFindsThePromotedStandbyAndSavesThePendingEdit()
    {
        // Given an editor on both hosts, which says so, with an edit pending
        const QString where = m_window->findChild<QLabel *>(u"databaseStatus"_s)->text();
        QVERIFY2(where.contains(DatabaseAddress::parse(m_pair.failover()).value().hostListText()), qPrintable(where));
        typeInto(2, u"city"_s, u"Porto"_s);

        // When the primary fails and the standby is promoted
        QVERIFY(StandbyPair::control(u"stop-primary"_s));
        QVERIFY(StandbyPair::control(u"promote-standby"_s));

        // Then the save fails saying why, and keeps the edit
        QVERIFY(!m_window->save());
        auto *box = m_window->findChild<QMessageBox *>(u"saveFailedMessage"_s);
        QVERIFY(box);
        QVERIFY2(box->informativeText().contains(u"connection"_s, Qt::CaseInsensitive), qPrintable(box->informativeText()));
        QCOMPARE(m_window->model()->pendingRows().size(), 1);
        box->accept();
        // ...the editor reconnects by itself, through the same address, to the new primary
        QTRY_VERIFY_WITH_TIMEOUT(m_window->statusBar()->currentMessage().startsWith(u"Reconnected"_s), 30000);
        QSqlQuery port(m_window->model()->database());
        QVERIFY_SQL(port, exec(u"SELECT inet_server_port()"_s));
        QVERIFY(port.next());
        QCOMPARE(port.value(0).toInt(), DatabaseAddress::parse(m_pair.replica()).value().port);
        // ...and the same save goes through under the version check
        QVERIFY(m_window->save());
        QCOMPARE(m_pair.scalarOn(m_pair.replica(), u"SELECT city FROM customers WHERE id = 3"_s).toString(), u"Porto"_s);
        QCOMPARE(m_pair.scalarOn(m_pair.replica(), u"SELECT version FROM customers WHERE id = 3"_s).toInt(), 2);
    }
};

QTEST_MAIN(tst_EditorFailover)
#include "tst_editorfailover.moc"
