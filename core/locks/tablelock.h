// SPDX-License-Identifier: MIT
// SPDX-FileCopyrightText: 2026 Concord developers
#pragma once

#include <QString>

namespace Concord {

/// The advisory lock name that exclusive work on \a table takes: "table:" + the table name as
/// stored (case kept), e.g. "table:orders". Everything that must run alone on a table (import,
/// bulk edit, bulk delete, enabling versioning, `concordctl lock table:orders -- ...`) uses this
/// one name, so that all of them exclude each other and VersionedTableModel::setTableLock() can
/// see them.
QString tableLockName(const QString &table);

} // namespace Concord
