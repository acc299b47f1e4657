// SPDX-License-Identifier: MIT
// SPDX-FileCopyrightText: 2026 Concord developers
#pragma once

#include <core/result.h>
#include <core/db/databaseaddress.h>

#include <QSqlDatabase>

namespace Concord {

/// The demo database scripts/run opens: customers, products, orders and order lines (the last
/// with a composite key), several thousand rows of plausible data, every table versioned.
/// The same seed always gives the same rows.
namespace DemoDatabase {

struct Size
{
    int customers = 2000;
    int products = 300;
    int orders = 5000;
    int maxLinesPerOrder = 4;
};

/// Creates the tables and fills them, all in one transaction: a failure leaves nothing behind.
/// Fails when any of the tables already exists.
Result<void> create(const QSqlDatabase &db, const Size &size = {});

/// What `concord --create-demo ADDRESS` does before opening it: on SQLite, creates the file with
/// the demo when there is no file yet (a failed creation removes the file again); on PostgreSQL,
/// fills the database with the demo when it has no user tables yet. A database that already has
/// the demo, or a file that exists, is left alone; a PostgreSQL database holding other tables is
/// refused with a message (the demo never goes in beside someone's data).
Result<void> createIfMissing(const DatabaseAddress &address, const Size &size = {});

} // namespace DemoDatabase
} // namespace Concord
