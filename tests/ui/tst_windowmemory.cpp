// SPDX-License-Identifier: MIT
// SPDX-FileCopyrightText: 2026 Concord developers
#include <core/model/versionedtablemodel.h>
#include <tests/support/scratchdatabase.h>
#include <tests/support/testmacros.h>
#include <ui/editor/mainwindow.h>
#include <ui/start/appsettings.h>

#include "shelldriver.h"

#include <QHeaderView>
#include <QMouseEvent>
#include <QSettings>
#include <QSplitter>
#include <QStandardPaths>
#include <QTableView>
#include <QTest>

#include <memory>

using namespace Concord;
using namespace Concord::Test;
using namespace Qt::StringLiterals;

// What a window remembers across sessions (WindowMemory): geometry, the splitter, and the column
// widths the user chose per database and table, never the ones the program chose.

class tst_WindowMemory : public QObject
{
    Q_OBJECT

private:
    std::unique_ptr<ScratchDatabase> m_db;

    static std::unique_ptr<MainWindow> openWindow()
    {
        auto window = std::make_unique<MainWindow>();
        window->show();
        if (!QTest::qWaitForWindowExposed(window.get()))
            return {};
        return window;
    }

    static void send(QWidget *widget, QEvent::Type type, QPoint at, Qt::MouseButton button, Qt::MouseButtons buttons)
    {
        QMouseEvent event(type, at, widget->mapToGlobal(at), button, buttons, Qt::NoModifier);
        QApplication::sendEvent(widget, &event);
    }

    // Drags the right edge of \a column's header by \a dx pixels, as the user resizes a column.
    static void dragColumnEdge(QTableView *grid, int column, int dx)
    {
        QHeaderView *header = grid->horizontalHeader();
        const QPoint edge(header->sectionViewportPosition(column) + header->sectionSize(column) - 1, header->height() / 2);
        QWidget *viewport = header->viewport();
        send(viewport, QEvent::MouseButtonPress, edge, Qt::LeftButton, Qt::LeftButton);
        send(viewport, QEvent::MouseMove, edge + QPoint(dx / 2, 0), Qt::NoButton, Qt::LeftButton);
        send(viewport, QEvent::MouseMove, edge + QPoint(dx, 0), Qt::NoButton, Qt::LeftButton);
        send(viewport, QEvent::MouseButtonRelease, edge + QPoint(dx, 0), Qt::LeftButton, Qt::NoButton);
    }

    static int columnWidth(MainWindow *window, const QString &field)
    {
        return window->grid()->columnWidth(window->model()->fieldIndex(field));
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
    }

    void cleanup() { m_db.reset(); }

    void geometryAndSplitterComeBack()
    {
        // Given a window I resized, and whose table list I widened
        {
            auto window = openWindow();
            QVERIFY(window);
            QVERIFY_RESULT(window->openAddress(m_db->address()));
            window->resize(720, 520);
            auto *splitter = window->findChild<QSplitter *>(u"editorSplitter"_s);
            splitter->setSizes({310, 400});
            QTRY_COMPARE(splitter->sizes().constFirst(), 310);
            // When I close it
            QVERIFY(window->close());
        }
        // Then the next window opens at that size, with the same split
        auto again = openWindow();
        QVERIFY(again);
        QTRY_COMPARE(again->size(), QSize(720, 520));
        QVERIFY_RESULT(again->openAddress(m_db->address()));
        auto *splitter = again->findChild<QSplitter *>(u"editorSplitter"_s);
        QTRY_COMPARE(splitter->sizes().constFirst(), 310);
    }

    void columnWidthsTheUserChoseComeBackPerTable()
    {
        int chosen = 0;
        int fittedCity = 0;
        {
            auto window = openWindow();
            QVERIFY(window);
            QVERIFY_RESULT(window->openAddress(m_db->address()));
            QVERIFY(window->showTable(u"customers"_s));
            fittedCity = columnWidth(window.get(), u"city"_s);
            const int before = columnWidth(window.get(), u"name"_s);
            // When I drag the edge of the name column 70 px to the right
            dragColumnEdge(window->grid(), window->model()->fieldIndex(u"name"_s), 70);
            chosen = columnWidth(window.get(), u"name"_s);
            QCOMPARE(chosen, before + 70);
            // and the program resizes columns itself
            window->grid()->setColumnWidth(window->model()->fieldIndex(u"city"_s), fittedCity + 33);
            // and I look at another table, then come back
            QVERIFY(window->showTable(u"products"_s));
            QVERIFY(window->showTable(u"customers"_s));
            // Then the name column has my width again, the city column the fitted one
            QCOMPARE(columnWidth(window.get(), u"name"_s), chosen);
            QCOMPARE(columnWidth(window.get(), u"city"_s), fittedCity);
        }
        // Only my own width is stored, under the database and the table
        const QHash<QString, int> stored = AppSettings().columnWidths(m_db->address(), u"customers"_s);
        QCOMPARE(stored.keys(), QStringList{u"name"_s});
        QVERIFY(AppSettings().columnWidths(m_db->address(), u"products"_s).isEmpty());
        // And a new window on the same database shows it too
        auto again = openWindow();
        QVERIFY(again);
        QVERIFY_RESULT(again->openAddress(m_db->address()));
        QVERIFY(again->showTable(u"customers"_s));
        QCOMPARE(columnWidth(again.get(), u"name"_s), chosen);
    }

    void anotherDatabaseKeepsItsOwnWidths()
    {
        DatabaseAddress other = m_db->address();
        other.kind = DatabaseAddress::Kind::SQLite;
        other.path = u"/tmp/elsewhere.sqlite"_s;
        AppSettings().setColumnWidths(other, u"customers"_s, {{u"name"_s, 333}});
        auto window = openWindow();
        QVERIFY(window);
        QVERIFY_RESULT(window->openAddress(m_db->address()));
        QVERIFY(window->showTable(u"customers"_s));
        QVERIFY(columnWidth(window.get(), u"name"_s) != 333);
    }
};

QTEST_MAIN(tst_WindowMemory)
#include "tst_windowmemory.moc"
