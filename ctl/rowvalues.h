// SPDX-License-Identifier: MIT
// SPDX-FileCopyrightText: 2026 Concord developers
#pragma once

#include <core/result.h>
#include <core/db/tableschema.h>
#include <core/versioning/auditconfig.h>

#include <QJsonObject>
#include <QSqlField>
#include <QSqlRecord>

namespace Concord::Ctl {

/// Parses COL=VALUE (text, converted by valueFromText()) and COL:=JSON (null, numbers,
/// booleans, strings) assignments into a record of \a schema with only those fields generated.
/// Any bad assignment fails the whole list: nothing is written from a half-parsed command.
/// The version column and the \a audit columns are refused: Concord sets them.
Result<QSqlRecord> parseAssignments(const TableSchema &schema, const QStringList &assignments,
                                    const AuditColumns &audit = {});

/// Parses a row key: the value of a single-column key, or col=value,col=value for a composite one.
Result<QSqlRecord> parseKey(const TableSchema &schema, const QString &text);

/// {"table": ..., "key": {...}, "version": N, "values": {...}}; NULL is null, blobs base64.
QJsonObject rowToJson(const TableSchema &schema, const QSqlRecord &row);
QJsonValue valueToJson(const QVariant &value);
/// A value for plain output: NULL as "NULL", blobs as base64.
QString valueToText(const QVariant &value);

} // namespace Concord::Ctl
