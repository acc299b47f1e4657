// SPDX-License-Identifier: MIT
// SPDX-FileCopyrightText: 2026 Concord developers
#include <ctl/ctl.h>

#include <QCoreApplication>
#include <QTextStream>

int main(int argc, char *argv[])
{
    QCoreApplication app(argc, argv);
    QCoreApplication::setApplicationName(QStringLiteral("concordctl"));
    QCoreApplication::setApplicationVersion(QStringLiteral(CONCORD_VERSION));
    QTextStream out(stdout);
    QTextStream err(stderr);
    return Concord::Ctl::run(argc, argv, out, err);
}
