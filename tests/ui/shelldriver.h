// SPDX-License-Identifier: MIT
// SPDX-FileCopyrightText: 2026 Concord developers
#pragma once

#include <core/db/demodatabase.h>
#include <tests/support/scratchdatabase.h>
#include <ui/editor/mainwindow.h>

#include <QApplication>
#include <QFileDialog>
#include <QLineEdit>
#include <QMessageBox>
#include <QPointer>
#include <QTimer>
#include <QWidget>

#include <memory>

namespace Concord::Test {

/// Answers the next modal dialog of type T (a QInputDialog, QFileDialog or QMessageBox that the
/// code under test runs with exec()) by calling \a answer on it, once it is on screen. Polls,
/// since the dialog only exists inside the nested event loop.
template<typename T, typename Answer>
void whenModal(Answer answer)
{
    auto *timer = new QTimer(qApp);
    timer->setInterval(10);
    auto polls = std::make_shared<int>(0);
    QObject::connect(timer, &QTimer::timeout, timer, [timer, answer, polls] {
        if (++*polls > 1000) { // 10 s without the dialog: stop polling, the test fails by itself
            timer->stop();
            timer->deleteLater();
            return;
        }
        auto *dialog = qobject_cast<T *>(QApplication::activeModalWidget());
        if (!dialog || !dialog->isVisible())
            return;
        if (qobject_cast<QFileDialog *>(dialog->parentWidget()))
            return; // a file dialog's own message box is chooseFile()'s to answer
        timer->stop();
        timer->deleteLater();
        answer(dialog);
    });
    timer->start();
}

/// Chooses \a path in the next QFileDialog (Open or Save) as a user would by typing it, and
/// accepts. The dialog reads its folder in the background, which can leave a first accept
/// without effect (or behind a "file not found" box): it is retried until the dialog closes.
inline void chooseFile(const QString &path)
{
    auto *timer = new QTimer(qApp);
    timer->setInterval(20);
    auto attempts = std::make_shared<int>(0);
    QObject::connect(timer, &QTimer::timeout, timer, [timer, path, attempts] {
        QWidget *modal = QApplication::activeModalWidget();
        if (++*attempts > 500) { // 10 s: give up, so that the test fails instead of hanging
            timer->stop();
            timer->deleteLater();
            qWarning("chooseFile: gave up; the modal widget is %s", modal ? modal->metaObject()->className() : "none");
            if (auto *stuck = qobject_cast<QDialog *>(modal))
                stuck->reject();
            return;
        }
        if (auto *box = qobject_cast<QMessageBox *>(modal); box && qobject_cast<QFileDialog *>(box->parentWidget())) {
            box->accept(); // QFileDialog's own complaint about a half-read folder
            return;
        }
        auto *dialog = qobject_cast<QFileDialog *>(modal);
        if (!dialog || !dialog->isVisible())
            return;
        auto *name = dialog->findChild<QLineEdit *>(QStringLiteral("fileNameEdit"));
        if (name)
            name->setText(path);
        else
            dialog->selectFile(path);
        static_cast<QDialog *>(dialog)->accept(); // QFileDialog::accept(), which checks the choice
        if (!dialog->isVisible()) {
            timer->stop();
            timer->deleteLater();
        }
    });
    timer->start();
}

/// A scratch database of the backend under test holding a small demo (customers, products,
/// orders, order_lines); empty pointer and \a error set when it could not be made.
inline std::unique_ptr<ScratchDatabase> demoDatabase(QString *error)
{
    auto db = std::make_unique<ScratchDatabase>();
    *error = db->create(backendUnderTest());
    if (!error->isEmpty())
        return {};
    DemoDatabase::Size size;
    size.customers = 12;
    size.products = 5;
    size.orders = 8;
    if (const auto created = DemoDatabase::create(db->open(QStringLiteral("demo")), size); !created) {
        *error = created.error().message;
        return {};
    }
    return db;
}

/// The Concord windows on screen other than \a except.
inline QList<MainWindow *> otherWindows(const MainWindow *except)
{
    QList<MainWindow *> windows;
    const QWidgetList widgets = QApplication::topLevelWidgets();
    for (QWidget *widget : widgets) {
        auto *window = qobject_cast<MainWindow *>(widget);
        if (window && window != except && window->isVisible())
            windows << window;
    }
    return windows;
}

/// Closes and deletes every window a test opened with File > New Window or Open in New Window.
inline void closeOtherWindows(const MainWindow *except)
{
    const QList<MainWindow *> windows = otherWindows(except);
    for (MainWindow *window : windows) {
        window->setAttribute(Qt::WA_DeleteOnClose, false);
        delete window;
    }
}

} // namespace Concord::Test
