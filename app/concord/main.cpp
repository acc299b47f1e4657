// SPDX-License-Identifier: MIT
// SPDX-FileCopyrightText: 2026 Concord developers
#include <core/db/databaseaddress.h>
#include <core/db/demodatabase.h>
#include <ui/editor/mainwindow.h>

#include <QApplication>
#include <QCommandLineParser>

#include <cstdio>

using namespace Concord;

namespace {

// Qt's own message for a missing display is a platform-plugin error that suggests reinstalling;
// say what is actually wrong, and how to run headless, before Qt tries.
bool displayAvailable()
{
    const QByteArray platform = qgetenv("QT_QPA_PLATFORM");
    if (!platform.isEmpty() && !platform.startsWith("xcb") && !platform.startsWith("wayland"))
        return true;
    return qEnvironmentVariableIsSet("DISPLAY") || qEnvironmentVariableIsSet("WAYLAND_DISPLAY");
}

} // namespace

int main(int argc, char *argv[])
{
    if (!displayAvailable()) {
        std::fputs("concord: no display (DISPLAY is not set). Run it in a desktop session, or headless with "
                   "xvfb-run -a scripts/run\n", stderr);
        return 1;
    }
    QApplication app(argc, argv);
    QApplication::setApplicationName(QStringLiteral("Concord"));
    QApplication::setOrganizationName(QStringLiteral("Concord"));
    QApplication::setApplicationVersion(QStringLiteral(CONCORD_VERSION));
    QApplication::setDesktopFileName(QStringLiteral("concord")); // resources/concord.desktop

    QCommandLineParser parser;
    parser.setApplicationDescription(QStringLiteral("Edit database records with others, without losing anyone's work."));
    parser.addHelpOption();
    parser.addVersionOption();
    parser.addPositionalArgument(QStringLiteral("database"),
                                 QStringLiteral("sqlite:PATH, a file path, or postgresql://user@host:port/dbname"));
    const QCommandLineOption demoOption(QStringLiteral("create-demo"),
                                        QStringLiteral("Create the demo database first: a new SQLite file, or an empty "
                                                       "PostgreSQL database."));
    parser.addOption(demoOption);
    parser.process(app);

    if (parser.positionalArguments().size() > 1)
        parser.showHelp(2);
    // Closing one window leaves the others; the program ends with the last (Qt's default).
    auto *window = new MainWindow;
    window->setAttribute(Qt::WA_DeleteOnClose);
    if (!parser.positionalArguments().isEmpty()) {
        const auto address = DatabaseAddress::parse(parser.positionalArguments().constFirst());
        if (!address) {
            std::fprintf(stderr, "concord: %s\n", qPrintable(address.error().message));
            delete window;
            return 2;
        }
        // A database that cannot be created or opened is no reason to quit: the window shows
        // its welcome view with the reason, and the user tries again from there.
        Result<void> opened;
        if (parser.isSet(demoOption))
            opened = DemoDatabase::createIfMissing(address.value());
        if (opened)
            opened = window->openAddress(address.value());
        if (!opened) {
            std::fprintf(stderr, "concord: %s\n", qPrintable(opened.error().message));
            window->showWelcome(opened.error().message);
        }
    }
    window->show();
    return app.exec();
}
