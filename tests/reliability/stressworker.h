// SPDX-License-Identifier: MIT
// SPDX-FileCopyrightText: 2026 Concord developers
#pragma once

#include <QString>

namespace Concord::Stress {

/// The table every worker writes: keys 1..keyCount, a text value and a counter version.
inline constexpr int keyCount = 6;

/// Creates the table with keyCount rows at version 1, value "v0". Returns an error message or empty.
QString createTable(const QString &address);

/// One worker process: random reads, updates, deletes, re-inserts of deleted keys and two-row
/// updates on the shared table until \a seconds pass, each outcome appended to \a logPath as a
/// JSON line the moment the database answered. Returns a process exit code.
int runWorker(const QString &address, int worker, double seconds, const QString &logPath);

} // namespace Concord::Stress
