// SPDX-License-Identifier: MIT
// SPDX-FileCopyrightText: 2026 Concord developers
//
// Renders the README's screenshots from the real widgets, in a state worth showing:
//   concord_screenshots OUTPUT_DIR
// scripts/screenshots runs it under Xvfb. Not a test: it asserts nothing.

#include <core/locks/advisorylock.h>
#include <core/locks/tablelock.h>
#include <core/db/demodatabase.h>
#include <core/jobs/job.h>
#include <core/db/tableschema.h>
#include <core/model/versionedtablemodel.h>
#include <core/versioning/history.h>
#include <tests/support/scratchdatabase.h>
#include <ui/cells/blobviewer.h>
#include <ui/editor/cellactions.h>
#include <ui/editor/conflictresolver.h>
#include <ui/operations/importdialog.h>
#include <ui/operations/lockmonitor.h>
#include <ui/editor/mainwindow.h>
#include <ui/history/deletedrecordsdialog.h>
#include <ui/history/historyactions.h>
#include <ui/history/historydock.h>
#include <ui/merge/mergedialog.h>
#include <ui/widgets/filterheader.h>
#include <ui/widgets/referencechooser.h>
#include <ui/operations/tableoperations.h>

#include <QAction>
#include <QApplication>
#include <QBuffer>
#include <QImage>
#include <QTabWidget>
#include <QFile>
#include <QLineEdit>
#include <QSqlQuery>
#include <QTableView>
#include <QThread>
#include <QTimer>

#include <cstdio>

using namespace Concord;

namespace {

void edit(MainWindow &window, int row, const char *field, const QVariant &value)
{
    VersionedTableModel *model = window.model();
    model->setData(model->index(row, model->fieldIndex(QString::fromLatin1(field))), value);
}

bool save(QWidget *widget, const QString &path)
{
    QApplication::processEvents();
    const bool ok = widget->grab().save(path);
    std::printf("%s %s\n", ok ? "wrote" : "FAILED", qPrintable(path));
    return ok;
}

// A table of attachments: the application icon as a PNG, and a few bytes of something else.
bool createAttachments(const QSqlDatabase &db)
{
    QSqlQuery query(db);
    if (!query.exec(QStringLiteral("CREATE TABLE attachments (id INTEGER PRIMARY KEY, name TEXT NOT NULL, "
                                   "data BLOB, version INTEGER NOT NULL DEFAULT 1)")))
        return false;
    QByteArray png;
    QBuffer buffer(&png);
    buffer.open(QIODevice::WriteOnly);
    QImage(QStringLiteral(":/icons/concord.png")).scaled(128, 128, Qt::KeepAspectRatio, Qt::SmoothTransformation).save(&buffer, "PNG");
    QByteArray manual(20480, '\0');
    for (int i = 0; i < manual.size(); ++i)
        manual[i] = char((i * 7) % 256);
    query.prepare(QStringLiteral("INSERT INTO attachments (id, name, data, version) VALUES (?, ?, ?, 1)"));
    const QList<QPair<QString, QByteArray>> rows{{QStringLiteral("logo.png"), png}, {QStringLiteral("firmware.bin"), manual}};
    for (int i = 0; i < rows.size(); ++i) {
        query.addBindValue(i + 1);
        query.addBindValue(rows.at(i).first);
        query.addBindValue(rows.at(i).second);
        if (!query.exec())
            return false;
    }
    return true;
}

// The History dock on a customer four people changed, and the Deleted Records dialog.
bool historyShots(MainWindow &window, const QSqlDatabase &other, const QString &out)
{
    const auto schema = TableSchema::load(other, QStringLiteral("customers"));
    if (!schema || !History::enable(other, schema.value())) {
        std::puts("FAILED: no history on customers");
        return false;
    }
    QSqlQuery write(other);
    for (const char *sql :
         // As other Concords would write them: the audit columns stamped in the same statement,
         // which is how the SQLite history trigger knows who wrote them (docs/HISTORY.md).
         {"UPDATE customers SET city = 'Aarhus', modified_by = 'ann', "
          "modified_at = strftime('%Y-%m-%d %H:%M:%f', 'now'), version = version + 1 WHERE id = 2",
          "UPDATE customers SET phone = '+45 86 12 00 00', notes = 'Moved in March', modified_by = 'raj', "
          "modified_at = strftime('%Y-%m-%d %H:%M:%f', 'now'), version = version + 1 WHERE id = 2",
          "UPDATE customers SET email = 'orders@nordlys.example', modified_by = 'mei', "
          "modified_at = strftime('%Y-%m-%d %H:%M:%f', 'now'), version = version + 1 WHERE id = 2",
          "INSERT INTO customers (id, name, email, city, modified_by) VALUES (9001, 'Tidewater Supply', "
          "'hello@tidewater.example', 'Bristol', 'bob')",
          "INSERT INTO customers (id, name, email, city, modified_by) VALUES (9002, 'Kestrel Tools', "
          "'info@kestrel.example', 'Leeds', 'ann')",
          "DELETE FROM customers WHERE id = 9001", "DELETE FROM customers WHERE id = 9002"}) {
        if (!write.exec(QString::fromLatin1(sql)))
            std::printf("history: %s\n", qPrintable(write.lastError().text()));
        QThread::msleep(5); // a stamp of its own for each (docs/HISTORY.md, "Who changed it")
    }
    window.showTable(QStringLiteral("customers"));
    window.reload();
    window.grid()->setCurrentIndex(window.model()->index(1, window.model()->fieldIndex(QStringLiteral("name"))));
    window.historyDock()->show();
    window.historyDock()->refresh();
    window.historyDock()->selectEntries({1});
    QApplication::processEvents();
    bool ok = save(&window, out + QStringLiteral("/history-view.png"));
    window.historyDock()->hide();

    window.historyActions()->deletedRecordsAction()->trigger();
    DeletedRecordsDialog *deleted = window.historyActions()->deletedRecordsDialog();
    if (!deleted) {
        std::puts("FAILED: no deleted records dialog");
        return false;
    }
    deleted->selectRecord(0);
    ok = save(deleted, out + QStringLiteral("/deleted-records.png")) && ok;
    deleted->reject();
    return ok;
}

} // namespace

int main(int argc, char *argv[])
{
    QApplication app(argc, argv);
    if (argc != 2) {
        std::fputs("usage: concord_screenshots OUTPUT_DIR\n", stderr);
        return 2;
    }
    const QString out = QString::fromLocal8Bit(argv[1]);
    Test::ScratchDatabase db;
    if (!db.create(Test::Backend::SQLite).isEmpty())
        return 1;
    QSqlDatabase other = db.open(QStringLiteral("other"));
    if (!DemoDatabase::create(other))
        return 1;

    MainWindow window;
    if (!window.openAddress(db.address()))
        return 1;
    window.resize(1180, 620);
    window.show();

    bool ok = true;
    QTimer::singleShot(300, &app, [&] {
        // Someone else updates customers 4 and 6 while I edit them and two others.
        QSqlQuery update(other);
        // The way another Concord would stamp them (core/db/auditstamp.h), some minutes ago.
        for (const char *sql : {"UPDATE customers SET phone = '+1 555 0142', notes = 'Call before delivery', "
                                "modified_by = 'ann', modified_at = strftime('%Y-%m-%d %H:%M:%f', 'now', '-3 minutes'), "
                                "version = version + 1 WHERE id = 4",
                                "UPDATE customers SET city = 'Bergen', modified_by = 'raj', "
                                "modified_at = strftime('%Y-%m-%d %H:%M:%f', 'now', '-11 minutes'), "
                                "version = version + 1 WHERE id = 6"}) {
            if (!update.exec(QString::fromLatin1(sql)))
                std::printf("update: %s\n", qPrintable(update.lastError().text()));
        }
        edit(window, 1, "city", QStringLiteral("Porto"));
        edit(window, 3, "phone", QStringLiteral("+1 555 0100"));
        edit(window, 3, "city", QStringLiteral("Leeds"));
        edit(window, 5, "city", QStringLiteral("Oslo"));
        window.save(); // conflicts: the merge dialog comes up on the first of two records

        MergeDialog *dialog = window.conflictResolver()->dialog();
        if (!dialog) {
            std::puts("FAILED: no merge dialog");
            app.exit(1);
            return;
        }
        ok = save(dialog, out + QStringLiteral("/merge-dialog.png")) && ok;
        dialog->reject(); // decide later: the bar and the marked rows stay

        edit(window, 6, "email", QStringLiteral("grace@navy.example"));
        window.grid()->selectRow(8);
        ok = save(&window, out + QStringLiteral("/editor.png")) && ok;
        window.revertAll();

        // Import CSV…: a file whose headers partly match, one line the preview flags.
        const QString csv = db.address().path + QStringLiteral(".new-customers.csv");
        QFile file(csv);
        if (file.open(QIODevice::WriteOnly))
            file.write("name,email,town,phone\nAda Lovelace,ada@example.com,London,+44 20 7946 0018\n"
                       "Grace Hopper,grace@navy.example,Arlington,\n,nobody@example.com,Oslo,+47 22 00 00 00\n"
                       "Alan Turing,alan@example.com,Wilmslow,+44 1625 000000\n");
        file.close();
        window.tableOperations()->importAction()->trigger();
        ImportDialog *import = window.tableOperations()->importDialog();
        if (!import) {
            std::puts("FAILED: no import dialog");
            app.exit(1);
            return;
        }
        import->setFilePath(csv);
        import->setMapping(QStringLiteral("town"), QStringLiteral("city"));
        ok = save(import, out + QStringLiteral("/import-dialog.png")) && ok;
        import->reject();

        // Someone else (another editor, not this process's own jobs) imports into orders: the bar
        // over orders and the table list show it.
        AdvisoryLock::Options options;
        options.applicationName = operationApplicationName(QStringLiteral("concord-ws7"), QStringLiteral("Import into orders"));
        auto other = AdvisoryLock::open(db.address(), options);
        if (!other || !other.value()->tryAcquire(tableLockName(QStringLiteral("orders")))) {
            std::puts("FAILED: no lock for the busy screenshot");
            app.exit(1);
            return;
        }
        window.lockMonitor()->refresh();
        window.showTable(QStringLiteral("orders"));
        window.grid()->selectRow(2);
        ok = save(&window, out + QStringLiteral("/editor-busy.png")) && ok;
        other.value()->release(tableLockName(QStringLiteral("orders")));
        window.lockMonitor()->refresh();

        // Browsing: customers sorted by city (descending), filtered to names holding "an", the
        // count beside the find field and the current row in the status bar.
        window.showTable(QStringLiteral("customers"));
        const int city = window.model()->fieldIndex(QStringLiteral("city"));
        const int name = window.model()->fieldIndex(QStringLiteral("name"));
        window.sortByColumn(city);
        window.sortByColumn(city);
        window.filterHeader()->setFilterTexts({{name, QStringLiteral("an")}});
        window.applyColumnFilters({{name, QStringLiteral("an")}});
        window.goToRow(2);
        ok = save(&window, out + QStringLiteral("/editor-browsing.png")) && ok;
        window.clearFilters();
        window.sortByColumn(city); // back to the key order

        // The form view of an order: its customer shown by name, one field edited, not saved.
        window.showTable(QStringLiteral("orders"));
        window.goToRow(3);
        edit(window, 3, "status", QStringLiteral("shipped"));
        window.findChild<QAction *>(QStringLiteral("formViewAction"))->trigger();
        QApplication::processEvents();
        ok = save(&window, out + QStringLiteral("/form-view.png")) && ok;
        window.findChild<QAction *>(QStringLiteral("formViewAction"))->trigger();
        window.revertAll();

        // Choosing an order's customer among 2,000: the search runs in the database.
        ReferenceChooser chooser(window.model()->database(),
                                 ReferenceTarget{QStringLiteral("customers"), QStringLiteral("id"), QStringLiteral("name"),
                                                 {QStringLiteral("email"), QStringLiteral("city")}},
                                 QStringLiteral("customer_id"), QVariant());
        chooser.findChild<QLineEdit *>(QStringLiteral("referenceSearch"))->setText(QStringLiteral("lovelace"));
        chooser.searchNow();
        chooser.show();
        ok = save(&chooser, out + QStringLiteral("/reference-chooser.png")) && ok;

        // The blob viewer on a PNG attachment: what it is and how big, and its bytes in hex.
        if (!createAttachments(db.open(QStringLiteral("attachments")))) {
            std::puts("FAILED: no attachments table");
            app.exit(1);
            return;
        }
        window.clearFilters();
        window.showTable(QStringLiteral("attachments"));
        window.cellActions()->viewBlob(window.model()->index(0, window.model()->fieldIndex(QStringLiteral("data"))));
        BlobViewer *viewer = window.cellActions()->blobViewer();
        if (!viewer) {
            std::puts("FAILED: no blob viewer");
            app.exit(1);
            return;
        }
        viewer->resize(780, 460);
        viewer->tabs()->setCurrentIndex(0);
        ok = save(viewer, out + QStringLiteral("/blob-viewer.png")) && ok;
        viewer->reject();
        ok = historyShots(window, db.open(QStringLiteral("history")), out) && ok;
        app.exit(ok ? 0 : 1);
    });
    return app.exec();
}
