// SPDX-License-Identifier: MIT
// SPDX-FileCopyrightText: 2026 Concord developers
#include <core/model/versionedtablemodel.h>
#include <core/versioning/versioning.h>
#include <tests/support/scratchdatabase.h>
#include <tests/support/testmacros.h>
#include <ui/editor/mainwindow.h>
#include <ui/operations/bulkeditdialog.h>
#include <ui/operations/tableoperations.h>
#include <ui/widgets/tablelist.h>

#include <QAction>
#include <QSignalSpy>
#include <QStandardPaths>
#include <QStatusBar>
#include <QTest>

#include <memory>

using namespace Concord;
using namespace Concord::Test;
using namespace Qt::StringLiterals;

// The table list, on SQLite and PostgreSQL: every table and view with its row count and
// versioning; views and unversioned tables listed read-only instead of hidden or refused.

class tst_TableList : public QObject
{
    Q_OBJECT

private:
    std::unique_ptr<ScratchDatabase> m_db;
    QSqlDatabase m_conn;

    QString detail(const TableList &list, const QString &table) const
    {
        const QListWidgetItem *item = list.itemFor(table);
        return item ? item->data(TableList::DetailRole).toString() : u"(not listed)"_s;
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
        QStringList rows;
        for (int id = 1; id <= 12; ++id)
            rows << u"(%1, 'item %1')"_s.arg(id);
        QCOMPARE(m_db->exec({u"CREATE TABLE items (id INTEGER PRIMARY KEY, name TEXT)"_s,
                             u"INSERT INTO items (id, name) VALUES "_s + rows.join(u','),
                             u"CREATE TABLE counted (id INTEGER PRIMARY KEY, version INTEGER NOT NULL DEFAULT 1)"_s,
                             u"INSERT INTO counted (id) VALUES (1)"_s,
                             u"CREATE TABLE plain (id INTEGER PRIMARY KEY, note TEXT)"_s,
                             u"INSERT INTO plain (id, note) VALUES (1, 'a'), (2, 'b'), (3, 'c')"_s,
                             u"CREATE VIEW item_names AS SELECT id, name FROM items"_s}),
                 QString());
        m_conn = m_db->open(u"list"_s);
        VersioningConfig config;
        config.table = u"items"_s;
        config.policy = VersionPolicy::Trigger;
        QVERIFY_RESULT(applyVersioning(m_conn, config));
    }

    void cleanup()
    {
        m_conn = {};
        m_db.reset();
    }

    void showsRowCountsAndPolicies()
    {
        TableList list;
        list.setTables(m_conn);
        QCOMPARE(detail(list, u"items"_s), u"12 rows · trigger"_s);
        QCOMPARE(detail(list, u"counted"_s), u"1 row · counter"_s);
        QCOMPARE(detail(list, u"plain"_s), u"3 rows · not versioned"_s);
        QCOMPARE(detail(list, u"item_names"_s), u"12 rows · view, read-only"_s);
        // The text stays the name: the busy mark and screen readers use it
        QCOMPARE(list.itemFor(u"items"_s)->text(), u"items"_s);
    }

    void viewsAndUnversionedTablesAreListedReadOnly()
    {
        TableList list;
        list.setTables(m_conn);
        QStringList names;
        for (int i = 0; i < list.count(); ++i)
            names << list.tableOf(list.item(i));
        QCOMPARE(names, (QStringList{u"counted"_s, u"item_names"_s, u"items"_s, u"plain"_s}));

        QListWidgetItem *view = list.itemFor(u"item_names"_s);
        QVERIFY(view->flags() & Qt::ItemIsSelectable);
        QVERIFY(!list.isEditable(view));
        QVERIFY(view->data(TableList::ViewRole).toBool());
        QVERIFY(view->font().italic());
        QVERIFY2(view->toolTip().contains(u"view"_s), qPrintable(view->toolTip()));
        QListWidgetItem *plain = list.itemFor(u"plain"_s);
        QVERIFY(!list.isEditable(plain));
        QVERIFY(plain->font().italic());
        QCOMPARE(list.tablesNeedingVersioning(), QStringList{u"plain"_s});
        QCOMPARE(list.editableTables(), (QStringList{u"counted"_s, u"items"_s}));
        QVERIFY(!list.itemFor(u"items"_s)->font().italic());

        // When I select the view, the list says which table, and that it cannot be edited
        QSignalSpy activated(&list, &TableList::tableActivated);
        list.setCurrentItem(view);
        QCOMPARE(activated.size(), 1);
        QCOMPARE(activated.first().at(0).toString(), u"item_names"_s);
        QCOMPARE(activated.first().at(1).toBool(), false);
        list.setCurrentItem(list.itemFor(u"items"_s));
        QCOMPARE(activated.last().at(1).toBool(), true);
    }

    void selectingAnUnversionedTableSaysSoAndOffersEnableVersioning()
    {
        // Given the editor on the database: the first editable table is open
        MainWindow window;
        QVERIFY_RESULT(window.openAddress(m_db->address()));
        window.show();
        QCOMPARE(window.model()->tableName(), u"counted"_s);

        // When I select the unversioned table
        window.tableList()->setCurrentItem(window.tableList()->itemFor(u"plain"_s));

        // Then it opens read-only, and the status bar says why and how to change that
        QCOMPARE(window.model()->tableName(), u"plain"_s);
        QVERIFY(window.model()->isReadOnly());
        QCOMPARE(window.statusBar()->currentMessage(),
                 u"plain is not versioned — read-only; Enable Versioning… to edit"_s);
        QAction *enable = window.tableOperations()->enableVersioningAction();
        QVERIFY(enable->isEnabled());
        // And Enable Versioning… from the toolbar is about that table
        enable->trigger();
        EnableVersioningDialog *dialog = window.tableOperations()->enableVersioningDialog();
        QVERIFY(dialog);
        QCOMPARE(dialog->table(), u"plain"_s);
        dialog->reject();

        // And a view says it is a view
        window.tableList()->setCurrentItem(window.tableList()->itemFor(u"item_names"_s));
        QCOMPARE(window.statusBar()->currentMessage(), u"item_names is a view — read-only"_s);
    }
};

QTEST_MAIN(tst_TableList)
#include "tst_tablelist.moc"
