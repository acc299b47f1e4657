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
    /// The connection was lost after a write was sent and before the server answered, and the
    /// row could not be read again to tell whether it was stored (what is known is on stderr).
    OutcomeUnknown = 5,
};

/// Runs concordctl with \a arguments (argv, program name first), writing to \a out and \a err.
/// The application's main() is only this call, so that every behaviour is reachable from tests.
int run(const QStringList &arguments, QTextStream &out, QTextStream &err);

/// run() with the process's own argv: each argument must be valid UTF-8. QCoreApplication's
/// arguments() would replace bad bytes with U+FFFD and concordctl would store that; instead an
/// argument that is not valid UTF-8 is refused (exit 1) with a message showing it, bad bytes as
/// \xNN, and nothing is done.
int run(int argc, char *argv[], QTextStream &out, QTextStream &err);

} // namespace Concord::Ctl
