// SPDX-License-Identifier: MIT
// SPDX-FileCopyrightText: 2026 Concord developers
#pragma once

#include <core/values/columntype.h>

#include <QList>
#include <QSqlDatabase>
#include <QSqlRecord>

namespace Concord {

/// The kind a SQLite column of declared type \a declaredType accepts, by SQLite's affinity rules
/// (https://sqlite.org/datatype3.html, 3.1): a type containing "INT" is Integer; "CHAR", "CLOB"
/// or "TEXT" is Text; "BLOB" or no type at all takes anything (Unknown); "REAL", "FLOA" or "DOUB"
/// is Decimal. The remaining NUMERIC affinity is Boolean for "BOOL" types, Decimal for "NUMERIC"
/// and "DECIMAL", and Text otherwise (dates and times are text in SQLite and stay as typed).
ValueKind sqliteAffinityKind(const QString &declaredType);

/// The kind each of \a fields (columns of \a table, in order) accepts when a person edits it:
/// on SQLite by the affinity of the declared type (sqliteAffinityKind(), read with a bound
/// pragma_table_info query), on other drivers by the type the driver reports
/// (valueKindOf(field.metaType())). A column whose type cannot be read is Unknown: it accepts
/// any value, as before.
QList<ValueKind> editableKinds(const QSqlDatabase &db, const QString &table, const QSqlRecord &fields);

} // namespace Concord
