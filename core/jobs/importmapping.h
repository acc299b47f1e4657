// SPDX-License-Identifier: MIT
// SPDX-FileCopyrightText: 2026 Concord developers
#pragma once

#include <core/jobs/csvreader.h>
#include <core/db/tableschema.h>

#include <QHash>
#include <QSqlRecord>

namespace Concord {

/// One line an import refused, for the report: "line 7, column qty: expects an integer, got 'x'".
struct RejectedLine
{
    qint64 line = 0;
    QString column; ///< the table column at fault; empty when the whole line is
    QString reason;

    QString toString() const;
};

/// Which CSV column feeds which table column.
///
/// Automatic by name: a header matches the table column of the same name, ignoring case and
/// surrounding spaces. \a overrides (header -> column, headers matched ignoring case) replace
/// that: an empty column ignores the header. A header that matches no column and has no
/// override is refused: a column of the file is never dropped unless the user said so. The version column is never imported (versions are
/// set by the import): a header that matches it automatically is ignored, an override naming
/// it is refused.
struct ImportMapping
{
    struct Column
    {
        int csvIndex = -1;
        QString header;
        QString column; ///< as the schema spells it
    };

    QStringList headers;
    QList<Column> columns;        ///< mapped headers, in file order
    QStringList ignoredHeaders;   ///< headers that feed no column

    /// Fails with InvalidArgument when a header matches no column and has no override, an
    /// override names a header the file lacks or a column the table lacks, maps to the version column, two headers feed one column, or nothing
    /// maps at all. \a stampedColumns are the columns Concord writes itself (the audit columns,
    /// "who and when"): like the version column, a header of that name is listed as ignored
    /// (ignoredHeaders, which the dialog and the report show), and an override to one is refused.
    static Result<ImportMapping> resolve(const TableSchema &schema, const QStringList &headers,
                                         const QHash<QString, QString> &overrides = {},
                                         const QStringList &stampedColumns = {});

    /// Parses "csvcol=column,other=" (concordctl --map) into overrides; InvalidArgument when a
    /// pair has no '='.
    static Result<QHash<QString, QString>> parseOverrides(const QString &text);

    /// The row \a record holds, as a record of \a schema where only mapped columns are
    /// generated; empty unquoted fields are NULL. Problems (a malformed record, a wrong field
    /// count, a value of the wrong type, a missing required value) go to \a rejected, one per
    /// column, and the result is then not to be written.
    QSqlRecord mapRecord(const TableSchema &schema, const CsvRecord &record, QList<RejectedLine> *rejected) const;
};

} // namespace Concord
