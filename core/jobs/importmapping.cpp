// SPDX-License-Identifier: MIT
// SPDX-FileCopyrightText: 2026 Concord developers
#include "importmapping.h"

#include <core/text.h>

#include <core/values/valuefromtext.h>

#include <QCoreApplication>
#include <QSqlField>

using namespace Qt::StringLiterals;

namespace Concord {

CONCORD_TRANSLATION_CONTEXT("Concord::ImportMapping")

namespace {

Error invalid(const QString &message)
{
    return makeError(ErrorCode::InvalidArgument, message);
}

QString schemaColumn(const TableSchema &schema, const QString &name)
{
    for (int i = 0; i < schema.fields.count(); ++i) {
        if (schema.fields.fieldName(i).compare(name.trimmed(), Qt::CaseInsensitive) == 0)
            return schema.fields.fieldName(i);
    }
    return {};
}

bool isVersionColumn(const TableSchema &schema, const QString &column)
{
    return column.compare(schema.versionColumn, Qt::CaseInsensitive) == 0;
}

bool isStamped(const QStringList &stampedColumns, const QString &column)
{
    return stampedColumns.contains(column, Qt::CaseInsensitive);
}

} // namespace

QString RejectedLine::toString() const
{
    if (column.isEmpty())
        return tr("line %1: %2").arg(line).arg(reason);
    // Value errors already start with "column NAME ...": say it once.
    const QString prefix = u"column "_s + column + u' ';
    const QString text = reason.startsWith(prefix) ? reason.mid(prefix.size()) : reason;
    return tr("line %1, column %2: %3").arg(line).arg(column, text);
}

Result<QHash<QString, QString>> ImportMapping::parseOverrides(const QString &text)
{
    QHash<QString, QString> overrides;
    for (const QString &pair : text.split(u',', Qt::SkipEmptyParts)) {
        const qsizetype equals = pair.indexOf(u'=');
        if (equals <= 0)
            return invalid(tr("--map takes CSVCOLUMN=COLUMN pairs separated by commas, not '%1'").arg(pair));
        overrides.insert(pair.left(equals).trimmed(), pair.mid(equals + 1).trimmed());
    }
    return overrides;
}

Result<ImportMapping> ImportMapping::resolve(const TableSchema &schema, const QStringList &headers,
                                             const QHash<QString, QString> &overrides, const QStringList &stampedColumns)
{
    ImportMapping mapping;
    mapping.headers = headers;
    QHash<QString, QString> byHeader; // lower-case header -> override
    for (auto it = overrides.cbegin(); it != overrides.cend(); ++it) {
        const auto found = std::find_if(headers.cbegin(), headers.cend(), [&](const QString &header) {
            return header.trimmed().compare(it.key(), Qt::CaseInsensitive) == 0;
        });
        if (found == headers.cend())
            return invalid(tr("the file has no column '%1'").arg(it.key()));
        byHeader.insert(it.key().toLower(), it.value());
    }

    QHash<QString, QString> usedBy; // column -> header
    for (int i = 0; i < headers.size(); ++i) {
        const QString header = headers.at(i).trimmed();
        const auto override = byHeader.constFind(header.toLower());
        QString column;
        if (override != byHeader.cend()) {
            if (!override->isEmpty()) {
                column = schemaColumn(schema, *override);
                if (column.isEmpty())
                    return invalid(tr("table %1 has no column '%2'").arg(schema.table, *override));
                if (isVersionColumn(schema, column))
                    return invalid(tr("the version column %1 cannot be imported: the import sets versions")
                                       .arg(column));
                if (isStamped(stampedColumns, column))
                    return invalid(tr("%1 cannot be imported: Concord records who changed a row and when there")
                                       .arg(column));
            }
        } else {
            column = schemaColumn(schema, header);
            if (column.isEmpty()) {
                // Dropping a column of the file without a word loses data the user meant to import.
                return invalid(tr("the file's column '%1' matches no column of %2: map it to a column, or ignore it "
                                  "explicitly (concordctl: --map '%1=COLUMN' or --map '%1=')")
                                   .arg(header, schema.table));
            }
            if (isVersionColumn(schema, column) || isStamped(stampedColumns, column))
                column.clear(); // written by the import itself: listed as ignored, never taken silently
        }
        if (column.isEmpty()) {
            mapping.ignoredHeaders << header;
            continue;
        }
        if (usedBy.contains(column))
            return invalid(tr("columns '%1' and '%2' of the file both map to %3").arg(usedBy.value(column), header, column));
        usedBy.insert(column, header);
        mapping.columns << Column{i, header, column};
    }
    if (mapping.columns.isEmpty())
        return invalid(tr("no column of the file matches a column of %1 (use a mapping)").arg(schema.table));
    return mapping;
}

QSqlRecord ImportMapping::mapRecord(const TableSchema &schema, const CsvRecord &record,
                                    QList<RejectedLine> *rejected) const
{
    QSqlRecord values = schema.fields;
    for (int i = 0; i < values.count(); ++i)
        values.setGenerated(i, false);
    if (!record.isValid()) {
        rejected->append({record.line, {}, record.error});
        return values;
    }
    if (record.fields.size() != headers.size()) {
        rejected->append({record.line, {},
                          tr("%1 fields where the header has %2").arg(record.fields.size()).arg(headers.size())});
        return values;
    }
    for (const Column &column : columns) {
        const QString &text = record.fields.at(column.csvIndex);
        const QSqlField field = schema.fields.field(column.column);
        QVariant value;
        if (!text.isEmpty() || record.quoted.at(column.csvIndex)) {
            auto converted = valueFromText(text, field);
            if (!converted) {
                rejected->append({record.line, column.column, converted.error().message});
                continue;
            }
            value = converted.value();
        } else if (field.requiredStatus() == QSqlField::Required && !schema.isKeyColumn(column.column)) {
            rejected->append({record.line, column.column, tr("column %1 requires a value").arg(column.column)});
            continue;
        }
        if (value.isNull())
            values.setNull(column.column);
        else
            values.setValue(column.column, value);
        values.setGenerated(column.column, true);
    }
    return values;
}

} // namespace Concord
