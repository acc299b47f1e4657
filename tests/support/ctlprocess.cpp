// SPDX-License-Identifier: MIT
// SPDX-FileCopyrightText: 2026 Concord developers
#include "ctlprocess.h"

namespace Concord::Test {

QProcessEnvironment ctlEnvironment(const QString &address, const QHash<QString, QString> &extra)
{
    QProcessEnvironment environment = QProcessEnvironment::systemEnvironment();
    environment.insert(QStringLiteral("CONCORD_DB"), address);
    for (auto it = extra.cbegin(); it != extra.cend(); ++it)
        environment.insert(it.key(), it.value());
    return environment;
}

CtlResult finishCtl(QProcess &process)
{
    if (!process.waitForFinished(30000))
        return {};
    return {process.exitCode(), QString::fromUtf8(process.readAllStandardOutput()),
            QString::fromUtf8(process.readAllStandardError())};
}

CtlResult runCtl(const QString &program, const QStringList &arguments, const QString &address,
                 const QHash<QString, QString> &extra)
{
    QProcess process;
    process.setProcessEnvironment(ctlEnvironment(address, extra));
    process.start(program, arguments);
    return finishCtl(process);
}

} // namespace Concord::Test
