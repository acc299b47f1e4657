// SPDX-License-Identifier: MIT
// SPDX-FileCopyrightText: 2026 Concord developers
#pragma once

#include <QStringList>

class QTextStream;

namespace Concord::Ctl {

/// concordctl's exit codes, the same for every command.
enum ExitCode {
    Success = 0,
    Failure = 1,         ///< an error; the message is on stderr
    UsageError = 2,      ///< bad command line
    Conflict = 3,        ///< RecordModifiedError: the row changed since the expected version
    LockNotAcquired = 4, ///< a lock command could not get its lock
};

/// Runs concordctl with \a arguments (argv, program name first), writing to \a out and \a err.
/// The application's main() is only this call, so that every behaviour is reachable from tests.
int run(const QStringList &arguments, QTextStream &out, QTextStream &err);

} // namespace Concord::Ctl
