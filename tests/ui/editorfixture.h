// SPDX-License-Identifier: MIT
// SPDX-FileCopyrightText: 2026 Concord developers
#pragma once

#include <core/db/demodatabase.h>
#include <tests/support/scratchdatabase.h>
#include <ui/editor/mainwindow.h>
#include <ui/editor/recorddelegate.h>

#include <QAction>
#include <QSqlError>
#include <QSqlQuery>
#include <QTableView>
#include <QTest>

#include <memory>

namespace Concord::Test {

/// What most editor suites start each test with: a scratch database on the backend under test
/// holding the demo tables, a second connection for "another user", and a shown MainWindow on it.
class EditorFixture
{
public:
    /// Creates all of it; empty on success, otherwise what failed.
    QString start(int customers, int products, int orders, const QSize &windowSize = QSize())
    {
        m_db = std::make_unique<ScratchDatabase>();
        if (QString error = m_db->create(backendUnderTest()); !error.isEmpty())
            return error;
        m_other = m_db->open(QStringLiteral("other"));
        DemoDatabase::Size size;
        size.customers = customers;
        size.products = products;
        size.orders = orders;
        if (const auto created = DemoDatabase::create(m_other, size); !created)
            return created.error().message;
        m_window = std::make_unique<MainWindow>();
        if (const auto opened = m_window->openAddress(m_db->address()); !opened)
            return opened.error().message;
        if (windowSize.isValid())
            m_window->resize(windowSize);
        m_window->show();
        return QTest::qWaitForWindowExposed(m_window.get()) ? QString() : QStringLiteral("window not exposed");
    }
    /// Closes the window, then the connections, then removes the database.
    void stop()
    {
        m_window.reset();
        m_other = {};
        m_db.reset();
    }

    MainWindow *window() const { return m_window.get(); }
    ScratchDatabase *database() const { return m_db.get(); }
    /// The other user's connection.
    QSqlDatabase other() const { return m_other; }
    QAction *action(const char *name) const { return m_window->findChild<QAction *>(QLatin1String(name)); }
    /// The first value of \a sql, read on the other connection; invalid when it fails.
    QVariant scalar(const QString &sql) const
    {
        QSqlQuery query(m_other);
        if (!query.exec(sql) || !query.next())
            return {};
        return query.value(0);
    }

private:
    std::unique_ptr<ScratchDatabase> m_db;
    QSqlDatabase m_other;
    std::unique_ptr<MainWindow> m_window;
};

/// The text the grid's own delegate paints in a cell: NULL, labels and placeholders included.
struct PaintedText : RecordDelegate
{
    static QString of(QTableView *view, const QModelIndex &index)
    {
        auto *delegate = static_cast<RecordDelegate *>(view->itemDelegate());
        QStyleOptionViewItem option;
        option.widget = view;
        (delegate->*(&PaintedText::initStyleOption))(&option, index);
        return option.text;
    }
};

} // namespace Concord::Test
