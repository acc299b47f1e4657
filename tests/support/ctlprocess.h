// SPDX-License-Identifier: MIT
// SPDX-FileCopyrightText: 2026 Concord developers
#pragma once

#include <QHash>
#include <QProcess>
#include <QString>
#include <QStringList>

namespace Concord::Test {

/// What a concordctl child process did.
struct CtlResult
{
    int exitCode = -1; ///< -1 when it did not end in time
    QString out;
    QString err;
};

/// The environment of a concordctl child: this process's, CONCORD_DB = \a address, and \a extra.
QProcessEnvironment ctlEnvironment(const QString &address, const QHash<QString, QString> &extra = {});

/// Waits (at most 30 s) for a started \a process and collects its exit code and output.
CtlResult finishCtl(QProcess &process);

/// Runs \a program (the test's CONCORD_CTL) with \a arguments on \a address and waits for it.
CtlResult runCtl(const QString &program, const QStringList &arguments, const QString &address,
                 const QHash<QString, QString> &extra = {});

} // namespace Concord::Test
