// SPDX-License-Identifier: MIT
// SPDX-FileCopyrightText: 2026 Concord developers
#pragma once

#include <QString>

namespace Concord::Stress {

/// The child: edits \a rows rows of table "bulk" in a VersionedTableModel and saves them all in one
/// submitAll() (AbortAll: one transaction), printing "saving" just before. Exit code 0 when saved.
int runBulkSave(const QString &address, int rows);

/// The fault: creates "bulk" with \a rows rows, starts runBulkSave() in a child process, kills it
/// with SIGKILL while it saves, and proves the save was all or nothing and the database opens at
/// once afterwards. Returns a process exit code (0: proven).
int runKilledSave(bool postgres, int rows);

} // namespace Concord::Stress
