// SPDX-License-Identifier: MIT
// SPDX-FileCopyrightText: 2026 Concord developers
#include <QCoreApplication>
#include <QCommandLineParser>

int main(int argc, char *argv[])
{
    QCoreApplication app(argc, argv);
    QCoreApplication::setApplicationName(QStringLiteral("concordctl"));
    QCoreApplication::setApplicationVersion(QStringLiteral(CONCORD_VERSION));
    QCommandLineParser parser;
    parser.setApplicationDescription(QStringLiteral("Concord from the shell."));
    parser.addHelpOption();
    parser.addVersionOption();
    parser.process(app);
    return 0;
}
