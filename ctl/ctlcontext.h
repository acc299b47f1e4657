// SPDX-License-Identifier: MIT
// SPDX-FileCopyrightText: 2026 Concord developers
#pragma once

#include <ctl/ctl.h>
#include <core/db/databaseaddress.h>

#include <QCommandLineParser>
#include <QSqlDatabase>
#include <QTextStream>

#include <functional>

namespace Concord::Ctl {

/// What every command gets: the output streams and, once opened, the database.
struct Context
{
    QTextStream &out;
    QTextStream &err;
    QString address; ///< from --db or CONCORD_DB
    QSqlDatabase db;
    int openFailure = Failure; ///< the exit code when open() failed: usage error for a bad address

    /// Prints "concordctl: MESSAGE" on stderr and returns \a code.
    int fail(const QString &message, int code = Failure);
    /// Opens the database named by --db / CONCORD_DB; false (after printing why) on failure.
    bool open();
};

/// One concordctl command.
struct Command
{
    QString name;
    QString summary;
    /// Declares the command's positional arguments and options on the parser.
    std::function<void(QCommandLineParser &)> declare;
    /// Runs the command once its command line parsed.
    std::function<int(Context &, const QCommandLineParser &)> run;
    int minArguments = 0;
    int maxArguments = -1; ///< -1: no limit
};

/// Success when no one runs exclusive work on \a table (its table lock), or this command runs under
/// that lock (concordctl lock table:NAME -- ...); otherwise the failure printed and its exit code
/// (LockNotAcquired when held). Every command that writes rows asks first.
int refuseIfTableBusy(Context &context, const QString &table);

QList<Command> rowCommands();
QList<Command> historyCommands();
QList<Command> versioningCommands();
QList<Command> lockCommands();
QList<Command> importCommands();
QList<Command> auditCommands();

} // namespace Concord::Ctl
