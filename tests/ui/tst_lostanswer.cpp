// SPDX-License-Identifier: MIT
// SPDX-FileCopyrightText: 2026 Concord developers
//
// The editor when the server goes away while saving (issue #14, honest outcomes): the window's
// connection runs through a forwarder that loses the answer to the save after the server did
// it (AnswerDropProxy). The status bar says what reading the record again found, and the edit
// stays pending unless it was found stored. PostgreSQL.
#include <core/db/demodatabase.h>
#include <core/model/versionedtablemodel.h>
#include <tests/support/answerdropproxy.h>
#include <tests/support/scratchdatabase.h>
#include <tests/support/testmacros.h>
#include <ui/editor/mainwindow.h>

#include <QApplication>
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

namespace {

const QString lostCity = u"Lost-Answer-City"_s;

} // namespace

class tst_LostAnswer : public QObject
{
    Q_OBJECT

private:
    std::unique_ptr<ScratchDatabase> m_db;
    std::unique_ptr<AnswerDropProxy> m_proxy;
    std::unique_ptr<MainWindow> m_window;
    QSqlDatabase m_other;

    QVariant scalar(const QString &sql)
    {
        QSqlQuery query(m_other);
        if (!query.exec(sql) || !query.next())
            return {};
        return query.value(0);
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

    QString message() const { return m_window->statusBar()->currentMessage(); }

private Q_SLOTS:
    void initTestCase()
    {
        QStandardPaths::setTestModeEnabled(true);
        CONCORD_REQUIRE_BACKEND();
        if (backendUnderTest() != Backend::PostgreSQL)
            QSKIP("a lost answer is a PostgreSQL case");
    }

    // Given a window on the demo database, its connection through the forwarder
    void init()
    {
        m_db = std::make_unique<ScratchDatabase>();
        QCOMPARE(m_db->create(backendUnderTest()), QString());
        m_other = m_db->open(u"other"_s);
        DemoDatabase::Size size;
        size.customers = 10;
        size.products = 5;
        size.orders = 5;
        QVERIFY_RESULT(DemoDatabase::create(m_other, size));
        m_proxy = std::make_unique<AnswerDropProxy>();
        DatabaseAddress address = m_db->address();
        QVERIFY(m_proxy->start(address.host, address.port));
        address.host = u"127.0.0.1"_s;
        address.port = m_proxy->port();
        m_window = std::make_unique<MainWindow>();
        QVERIFY_RESULT(m_window->openAddress(address));
        m_window->show();
        QVERIFY(QTest::qWaitForWindowExposed(m_window.get()));
    }

    void cleanup()
    {
        m_window.reset();
        m_proxy.reset();
        m_other = {};
        m_db.reset();
    }

    void aSaveStoredWhoseAnswerWasLostSaysStoredAndKeepsNothingPending()
    {
        typeInto(2, u"city"_s, lostCity);
        m_proxy->dropAnswerTo(lostCity.toUtf8());

        // When the user saves and the answer is lost after the server stored it
        const bool saved = m_window->save();

        // Then the window says the server went away and the record is stored; nothing is pending
        QVERIFY(m_proxy->hasDropped());
        QVERIFY2(saved, qPrintable(message()));
        QVERIFY2(message().contains(u"server went away while saving"_s) && message().contains(u"1 record stored"_s),
                 qPrintable(message()));
        QVERIFY(m_window->model()->pendingRows().isEmpty());
        QCOMPARE(scalar(u"SELECT city FROM customers WHERE id = 3"_s).toString(), lostCity);
        // ...and it reconnects by itself, the connection being gone
        QTRY_VERIFY_WITH_TIMEOUT(message().startsWith(u"Reconnected"_s), 10000);
    }

    void aSaveWhoseOutcomeCannotBeCheckedSaysSoAndKeepsTheEdit()
    {
        typeInto(2, u"city"_s, lostCity);
        m_proxy->setRefuseAfterDrop(true);
        m_proxy->dropAnswerTo(lostCity.toUtf8());

        // When the answer is lost and the record cannot be read again
        const bool saved = m_window->save();

        // Then the window claims neither, says so, and keeps the edit
        QVERIFY(m_proxy->hasDropped());
        QVERIFY(!saved);
        QVERIFY2(message().contains(u"could not be checked"_s), qPrintable(message()));
        auto *box = m_window->findChild<QMessageBox *>(u"saveFailedMessage"_s);
        QVERIFY(box);
        QVERIFY2(box->informativeText().contains(u"could not be checked"_s), qPrintable(box->informativeText()));
        QVERIFY(!box->informativeText().contains(u"lost: The connection"_s)); // said once, not twice
        box->accept();
        QCOMPARE(m_window->model()->pendingRows().size(), 1);
        QCOMPARE(m_window->model()->data(m_window->model()->index(2, m_window->model()->fieldIndex(u"city"_s))).toString(),
                 lostCity);

        // When the server can be reached again, Then the window reconnects, looks, and says it was stored
        m_proxy->setRefuseAfterDrop(false);
        QTRY_VERIFY_WITH_TIMEOUT(message().contains(u"1 record stored"_s), 15000);
        QVERIFY(m_window->model()->pendingRows().isEmpty());
        QCOMPARE(scalar(u"SELECT city FROM customers WHERE id = 3"_s).toString(), lostCity);
    }
};

QTEST_MAIN(tst_LostAnswer)
#include "tst_lostanswer.moc"
