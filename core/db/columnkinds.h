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

/// The kind each of \a fields (columns of \a table) holds by its declared type, for choosing how
/// a cell is shown and edited rather than what it accepts: on SQLite a column declared DATE is
/// Date, DATETIME or TIMESTAMP DateTime, TIME Time and BLOB Blob, although SQLite stores their
/// values by affinity and editableKinds() reads them as text or anything; every other column,
/// and every column on other drivers, is what editableKinds() says.
QList<ValueKind> declaredKinds(const QSqlDatabase &db, const QString &table, const QSqlRecord &fields);

} // namespace Concord
