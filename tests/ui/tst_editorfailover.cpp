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
#include <tests/support/testmacros.h>
#include <ui/editor/mainwindow.h>
#include <ui/widgets/schemabanner.h>

#include <QApplication>
#include <QDeadlineTimer>
#include <QLabel>
#include <QMessageBox>
#include <QProcess>
#include <QSqlQuery>
#include <QStandardPaths>
#include <QStatusBar>
#include <QTableView>
#include <QTest>
#include <QThread>

#include <memory>

using namespace Concord;
using namespace Concord::Test;
using namespace Qt::StringLiterals;

class tst_EditorFailover : public QObject
{
    Q_OBJECT

private:
    QString m_primary;
    QString m_replica;
    QString m_failover;
    QStringList m_connections;
    std::unique_ptr<MainWindow> m_window;

    static bool node(const QString &verb)
    {
        QProcess process;
        process.start(qEnvironmentVariable("CONCORD_TEST_STANDBY_CTL"), {verb});
        if (!process.waitForFinished(90000) || process.exitStatus() != QProcess::NormalExit || process.exitCode() != 0) {
            qWarning("standby control %s failed: %s", qPrintable(verb), process.readAllStandardError().constData());
            return false;
        }
        return true;
    }

    QSqlQuery queryOn(const QString &address)
    {
        const QString name = connectionNameFor(u"failover"_s);
        const auto db = openDatabase(DatabaseAddress::parse(address).value(), name);
        if (!db)
            qWarning("cannot connect to %s: %s", qPrintable(address), qPrintable(db.error().message));
        m_connections << name;
        return QSqlQuery(db ? db.value() : QSqlDatabase());
    }

    QVariant scalarOn(const QString &address, const QString &sql)
    {
        QSqlQuery query = queryOn(address);
        return query.exec(sql) && query.next() ? query.value(0) : QVariant();
    }

    bool waitForStandby()
    {
        const QString lsn = scalarOn(m_primary, u"SELECT pg_current_wal_lsn()::text"_s).toString();
        QSqlQuery query = queryOn(m_replica);
        for (QDeadlineTimer deadline(30000); !deadline.hasExpired(); QThread::msleep(50)) {
            if (query.exec(u"SELECT pg_last_wal_replay_lsn() >= '%1'::pg_lsn"_s.arg(lsn)) && query.next()
                && query.value(0).toBool())
                return true;
        }
        return false;
    }

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
        m_primary = qEnvironmentVariable("CONCORD_TEST_STANDBY_PRIMARY");
        m_replica = qEnvironmentVariable("CONCORD_TEST_STANDBY_REPLICA");
        m_failover = qEnvironmentVariable("CONCORD_TEST_STANDBY_FAILOVER");
    }
    void init()
    {
        QVERIFY(node(u"reset"_s));
        QSqlQuery setup = queryOn(m_primary);
        QVERIFY_SQL(setup, exec(u"CREATE TABLE customers (id integer PRIMARY KEY, name text, city text, "
                                "version bigint NOT NULL DEFAULT 1)"_s));
        QVERIFY_SQL(setup, exec(u"INSERT INTO customers (id, name, city) VALUES (1, 'Ada', 'London'), "
                                "(2, 'Grace', 'Arlington'), (3, 'Edsger', 'Rotterdam')"_s));
        QVERIFY(waitForStandby());
        m_window = std::make_unique<MainWindow>();
        QVERIFY_RESULT(m_window->openAddress(DatabaseAddress::parse(m_failover).value()));
        QVERIFY(m_window->showTable(u"customers"_s));
        m_window->show();
        QVERIFY(QTest::qWaitForWindowExposed(m_window.get()));
    }
    void cleanup()
    {
        m_window.reset();
        for (const QString &name : std::as_const(m_connections))
            closeDatabase(name);
        m_connections.clear();
    }
    void cleanupTestCase() { node(u"reset"_s); }

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
        QVERIFY2(where.contains(DatabaseAddress::parse(m_failover).value().hostListText()), qPrintable(where));
        typeInto(2, u"city"_s, u"Porto"_s);

        // When the primary fails and the standby is promoted
        QVERIFY(node(u"stop-primary"_s));
        QVERIFY(node(u"promote-standby"_s));

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
        QCOMPARE(port.value(0).toInt(), DatabaseAddress::parse(m_replica).value().port);
        // ...and the same save goes through under the version check
        QVERIFY(m_window->save());
        QCOMPARE(scalarOn(m_replica, u"SELECT city FROM customers WHERE id = 3"_s).toString(), u"Porto"_s);
        QCOMPARE(scalarOn(m_replica, u"SELECT version FROM customers WHERE id = 3"_s).toInt(), 2);
    }
};

QTEST_MAIN(tst_EditorFailover)
#include "tst_editorfailover.moc"
