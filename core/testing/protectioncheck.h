// SPDX-License-Identifier: MIT
// SPDX-FileCopyrightText: 2026 Concord developers
#pragma once

#include <core/result.h>

#include <QSqlDatabase>

namespace Concord::Testing {

/// Proves, against a real database, that Concord protects \a table: it loads a row in two
/// clients of their own, saves a change through the first, and expects the second client's save
/// and delete of its stale copy to be refused with a RecordModifiedError. The row is put back
/// afterwards (its version moves on). An empty table gets a row of the check's own, removed
/// again afterwards, so the table is left empty (sequences and autoincrement counters move on):
/// only the NOT NULL columns the database cannot fill get a value, made up from the column's
/// ValueKind (1, false, "concord check", 2000-01-01...). When no value fits (an unknown
/// type, a foreign key, a check constraint), the check fails asking for a row.
///
/// Returns an error whose message says what failed: the table cannot be loaded (no key, no
/// version column), is empty and no row could be made for it, has no field to change, the
/// first save did not move the version, or a stale save or delete went through.
Result<void> verifyTableIsProtected(const QSqlDatabase &db, const QString &table);

} // namespace Concord::Testing

/// For QtTest suites: fails the current test with the reason when \a table is not protected.
///
///     void tst_MySchema::ordersAreProtected() { CONCORD_VERIFY_PROTECTED(db, u"orders"_s); }
#define CONCORD_VERIFY_PROTECTED(db, table)                                                          \
    do {                                                                                             \
        const auto concordProtection_ = Concord::Testing::verifyTableIsProtected((db), (table));     \
        QVERIFY2(concordProtection_.ok(), qPrintable(concordProtection_.error().message));           \
    } while (false)
