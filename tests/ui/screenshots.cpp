// SPDX-License-Identifier: MIT
// SPDX-FileCopyrightText: 2026 Concord developers
//
// Renders the README's screenshots from the real widgets, in a state worth showing:
//   concord_screenshots OUTPUT_DIR
// scripts/screenshots runs it under Xvfb. Not a test: it asserts nothing.

#include <core/demodatabase.h>
#include <core/versionedtablemodel.h>
#include <tests/support/scratchdatabase.h>
#include <ui/mainwindow.h>

#include <QApplication>
#include <QMessageBox>
#include <QSqlQuery>
#include <QTableView>
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
        // Someone else updates customer 4 while I edit it and two others.
        QSqlQuery update(other);
        if (!update.exec(QStringLiteral("UPDATE customers SET notes = 'Call before delivery', "
                                        "version = version + 1 WHERE id = 4")))
            std::printf("update: %s\n", qPrintable(update.lastError().text()));
        edit(window, 1, "city", QStringLiteral("Porto"));
        edit(window, 3, "phone", QStringLiteral("+1 555 0100"));
        if (!window.save())
            std::printf("save: %s\n", qPrintable(window.model()->lastError().text()));
        edit(window, 6, "email", QStringLiteral("grace@navy.example"));
        window.grid()->selectRow(8);
        if (auto *box = window.findChild<QMessageBox *>(QStringLiteral("conflictMessage")))
            box->hide();
        ok = save(&window, out + QStringLiteral("/editor.png")) && ok;
        if (auto *box = window.findChild<QMessageBox *>(QStringLiteral("conflictMessage"))) {
            box->show();
            ok = save(box, out + QStringLiteral("/conflict-message.png")) && ok;
        }
        app.exit(ok ? 0 : 1);
    });
    return app.exec();
}
