// SPDX-License-Identifier: MIT
// SPDX-FileCopyrightText: 2026 Concord developers
#pragma once

#include <core/db/demodatabase.h>
#include <tests/support/scratchdatabase.h>
#include <ui/editor/mainwindow.h>

#include <QApplication>
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
    QObject::connect(timer, &QTimer::timeout, timer, [timer, answer] {
        auto *dialog = qobject_cast<T *>(QApplication::activeModalWidget());
        if (!dialog || !dialog->isVisible())
            return;
        timer->stop();
        timer->deleteLater();
        answer(dialog);
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
