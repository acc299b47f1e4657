// SPDX-License-Identifier: MIT
// SPDX-FileCopyrightText: 2026 Concord developers
#include "constraintviolation.h"

#include <core/db/boundquery.h>
#include <core/text.h>
#include <core/db/catalog.h>
#include <core/db/foreignkeys.h>
#include <core/db/tableschema.h>

#include <QCoreApplication>
#include <QRegularExpression>
#include <QSqlField>
#include <QSqlQuery>

#include <algorithm>

using namespace Qt::StringLiterals;

namespace Concord {

CONCORD_TRANSLATION_CONTEXT("Concord::ConstraintViolation")

namespace {

// SQLite's extended result codes (sqlite3.h) and PostgreSQL's SQLSTATEs (Appendix A).
constexpr int sqliteConstraint = 19;
constexpr int sqliteCheck = 275;
constexpr int sqliteForeignKey = 787;
constexpr int sqliteNotNull = 1299;
constexpr int sqlitePrimaryKey = 1555;
constexpr int sqliteUnique = 2067;

bool isSQLite(const QSqlDatabase &db)
{
    return db.driverName() == "QSQLITE"_L1;
}

bool safeNames(const QString &table, const QStringList &columns)
{
    if (!checkIdentifier(table, u"table"_s))
        return false;
    for (const QString &column : columns) {
        if (!checkIdentifier(column, u"column"_s))
            return false;
    }
    return true;
}

QString valueText(const QVariant &value)
{
    if (value.isNull())
        return u"NULL"_s;
    const int type = value.metaType().id();
    if (type == QMetaType::QString || type == QMetaType::QByteArray)
        return u"'%1'"_s.arg(value.toString().left(60));
    return value.toString();
}

QString keyText(const QSqlRecord &key)
{
    QStringList parts;
    for (int i = 0; i < key.count(); ++i)
        parts << key.fieldName(i) + u'=' + key.value(i).toString();
    return parts.join(u", "_s);
}

QString pairsText(const QStringList &columns, const QSqlRecord &values)
{
    QStringList parts;
    for (const QString &column : columns)
        parts << u"%1 = %2"_s.arg(column, valueText(values.value(column)));
    return parts.join(u", "_s);
}

QString qualified(const QString &table, const QStringList &columns)
{
    QStringList parts;
    for (const QString &column : columns)
        parts << table + u'.' + column;
    return parts.join(u", "_s);
}

QString subject(const RecordWrite &write)
{
    switch (write.operation) {
    case RecordWrite::Operation::Insert:
        return tr("Cannot add the new record to %1").arg(write.table);
    case RecordWrite::Operation::Update:
        return tr("Cannot save record %1 of %2").arg(keyText(write.key), write.table);
    case RecordWrite::Operation::Delete:
        return tr("Cannot delete record %1 of %2").arg(keyText(write.key), write.table);
    }
    return {};
}

// Rows of \a table whose \a columns hold \a values, leaving out the row whose key is \a except;
// -1 when it cannot be counted.
int countMatching(const QSqlDatabase &db, const QString &table, const QStringList &columns, const QVariantList &values,
                  const QSqlRecord &except = {})
{
    QStringList exceptColumns;
    for (int i = 0; i < except.count(); ++i)
        exceptColumns << except.fieldName(i);
    if (columns.isEmpty() || !safeNames(table, columns + exceptColumns))
        return -1;
    QStringList conditions;
    for (const QString &column : columns)
        conditions << quotedField(db, column) + u" = ?"_s;
    QString sql = u"SELECT count(*) FROM %1 WHERE %2"_s.arg(quotedTable(db, table), conditions.join(u" AND "_s));
    if (!exceptColumns.isEmpty()) {
        QStringList same;
        for (const QString &column : std::as_const(exceptColumns))
            same << quotedField(db, column) + u" = ?"_s;
        sql += u" AND NOT (%1)"_s.arg(same.join(u" AND "_s));
    }
    BoundQuery query(db);
    if (!query.prepare(sql))
        return -1;
    for (const QVariant &value : values)
        query.addBindValue(value);
    for (int i = 0; i < except.count(); ++i)
        query.addBindValue(except.value(i));
    return query.exec() && query.next() ? query.value(0).toInt() : -1;
}

// The explanation is best effort: a catalog that cannot be read leaves the sentence shorter.
QList<ForeignKey> keysOrNone(const Result<QList<ForeignKey>> &keys)
{
    return keys ? keys.value() : QList<ForeignKey>();
}

// The column sets that must be unique in \a table: its primary key and unique indexes.
QList<QStringList> uniqueColumnSets(const QSqlDatabase &db, const QString &table)
{
    QList<QStringList> sets;
    BoundQuery query(db);
    if (isSQLite(db)) {
        query.prepare(u"SELECT name FROM pragma_index_list(?) WHERE \"unique\" = 1"_s);
        query.addBindValue(table);
        QStringList indexes;
        if (query.exec()) {
            while (query.next())
                indexes << query.value(0).toString();
        }
        for (const QString &index : std::as_const(indexes)) {
            BoundQuery columns(db);
            columns.prepare(u"SELECT name FROM pragma_index_info(?) ORDER BY seqno"_s);
            columns.addBindValue(index);
            QStringList set;
            if (columns.exec()) {
                while (columns.next())
                    set << columns.value(0).toString();
            }
            if (!set.isEmpty())
                sets << set;
        }
        // An INTEGER PRIMARY KEY is the rowid, in no index.
        if (const auto primary = tablePrimaryKey(db, table); primary && primary.value().count() > 0) {
            QStringList set;
            for (int i = 0; i < primary.value().count(); ++i)
                set << primary.value().fieldName(i);
            if (!sets.contains(set))
                sets.prepend(set);
        }
        return sets;
    }
    query.prepare(u"SELECT i.indexrelid, a.attname FROM pg_index i "
                  "CROSS JOIN LATERAL unnest(i.indkey::int2[]) WITH ORDINALITY AS k(attnum, n) "
                  "JOIN pg_attribute a ON a.attrelid = i.indrelid AND a.attnum = k.attnum "
                  "WHERE i.indisunique AND i.indrelid = to_regclass(?) ORDER BY i.indisprimary DESC, i.indexrelid, k.n"_s);
    query.addBindValue(quotedTable(db, table));
    if (!query.exec())
        return sets;
    qlonglong index = -1;
    while (query.next()) {
        if (query.value(0).toLongLong() != index) {
            index = query.value(0).toLongLong();
            sets << QStringList();
        }
        sets.last() << query.value(1).toString();
    }
    return sets;
}

QVariantList valuesOf(const QSqlRecord &record, const QStringList &columns, bool *complete)
{
    QVariantList values;
    *complete = true;
    for (const QString &column : columns) {
        const int i = record.indexOf(column);
        if (i < 0 || record.isNull(i))
            *complete = false;
        values << (i < 0 ? QVariant() : record.value(i));
    }
    return values;
}

// Delete (or a changed key) refused: which tables still refer to the record, and how many rows.
QString referencedBy(const QSqlDatabase &db, const RecordWrite &write)
{
    QStringList parts;
    for (const ForeignKey &key : keysOrNone(foreignKeysTo(db, write.table))) {
        bool complete = false;
        const QVariantList values = valuesOf(write.values, key.parentColumns, &complete);
        if (!complete)
            continue;
        const int count = countMatching(db, key.child, key.childColumns, values);
        if (count > 0) {
            parts << countText(count, tr("%1 record of %2 refers to it (%3)"), tr("%1 records of %2 refer to it (%3)"))
                         .arg(key.child, qualified(key.child, key.childColumns));
        }
    }
    return parts.join(u"; "_s);
}

// Insert or update refused: which of the record's references points at nothing.
QString missingReference(const QSqlDatabase &db, const RecordWrite &write)
{
    for (const ForeignKey &key : keysOrNone(foreignKeysOf(db, write.table))) {
        bool complete = false;
        const QVariantList values = valuesOf(write.values, key.childColumns, &complete);
        if (!complete)
            continue; // a NULL reference refers to nothing, and is allowed
        if (countMatching(db, key.parent, key.parentColumns, values) == 0) {
            return tr("%1 refers to no record of %2 (%3)")
                .arg(pairsText(key.childColumns, write.values), key.parent, qualified(key.parent, key.parentColumns));
        }
    }
    return {};
}

QString explainForeignKey(const QSqlDatabase &db, const RecordWrite &write)
{
    if (write.operation == RecordWrite::Operation::Delete) {
        const QString by = referencedBy(db, write);
        return subject(write) + u": "_s + (by.isEmpty() ? tr("other records refer to it (a foreign key)") : by) + u'.';
    }
    QString why = missingReference(db, write);
    if (why.isEmpty() && write.operation == RecordWrite::Operation::Update)
        why = referencedBy(db, write);
    return subject(write) + u": "_s + (why.isEmpty() ? tr("a reference between records would break (a foreign key)") : why)
        + u'.';
}

QString explainNotNull(const QSqlDatabase &db, const RecordWrite &write)
{
    const auto columns = tableColumns(db, write.table);
    QString keyColumn;
    for (int i = 0; columns && i < columns.value().count(); ++i) {
        const QSqlField field = columns.value().field(i);
        const int at = write.values.indexOf(field.name());
        if (field.requiredStatus() != QSqlField::Required || (at >= 0 && !write.values.isNull(at)))
            continue;
        // A key left empty may be one the database fills in: name a plain column first.
        if (write.key.contains(field.name()) || field.isAutoValue()) {
            if (keyColumn.isEmpty())
                keyColumn = field.name();
            continue;
        }
        return subject(write) + u": "_s + tr("%1 needs a value (it cannot be NULL).").arg(field.name());
    }
    if (!keyColumn.isEmpty())
        return subject(write) + u": "_s + tr("%1 needs a value (it cannot be NULL).").arg(keyColumn);
    return subject(write) + u": "_s + tr("a column that needs a value is empty (NOT NULL).");
}

QString explainUnique(const QSqlDatabase &db, const RecordWrite &write)
{
    const QSqlRecord except = write.operation == RecordWrite::Operation::Update ? write.key : QSqlRecord();
    for (const QStringList &columns : uniqueColumnSets(db, write.table)) {
        bool complete = false;
        const QVariantList values = valuesOf(write.values, columns, &complete);
        if (complete && countMatching(db, write.table, columns, values, except) > 0)
            return subject(write) + u": "_s + tr("another record already has %1.").arg(pairsText(columns, write.values));
    }
    return subject(write) + u": "_s + tr("another record already has the same values (a UNIQUE constraint).");
}

QString explainCheck(const QSqlError &error, const RecordWrite &write)
{
    // Only the rule's name comes from the text; the kind came from the code.
    static const QRegularExpression sqliteRule(u"CHECK constraint failed: ([^\\n]+?)(?: Unable to|$)"_s);
    static const QRegularExpression postgresRule(u"violates check constraint \"([^\"]+)\""_s);
    const QString text = error.text().simplified();
    QRegularExpressionMatch match = sqliteRule.match(text);
    if (!match.hasMatch())
        match = postgresRule.match(text);
    const QString rule = match.hasMatch() ? match.captured(1).trimmed() : QString();
    return subject(write) + u": "_s
        + (rule.isEmpty() ? tr("a value breaks a rule of the table (a CHECK constraint).")
                          : tr("a value breaks the table's rule %1 (a CHECK constraint).").arg(rule));
}

} // namespace

ConstraintKind constraintKindOf(const QSqlError &error)
{
    const QString code = error.nativeErrorCode();
    if (code == "23503"_L1)
        return ConstraintKind::ForeignKey;
    if (code == "23502"_L1)
        return ConstraintKind::NotNull;
    if (code == "23505"_L1)
        return ConstraintKind::Unique;
    if (code == "23514"_L1)
        return ConstraintKind::Check;
    bool numeric = false;
    const int number = code.toInt(&numeric);
    if (!numeric || (number & 0xff) != sqliteConstraint)
        return ConstraintKind::None;
    switch (number) {
    case sqliteForeignKey:
        return ConstraintKind::ForeignKey;
    case sqliteNotNull:
        return ConstraintKind::NotNull;
    case sqliteUnique:
    case sqlitePrimaryKey:
        return ConstraintKind::Unique;
    case sqliteCheck:
        return ConstraintKind::Check;
    default:
        break;
    }
    // Without extended codes SQLite says only SQLITE_CONSTRAINT; its messages are fixed English.
    const QString text = error.text();
    if (text.contains("FOREIGN KEY constraint failed"_L1))
        return ConstraintKind::ForeignKey;
    if (text.contains("NOT NULL constraint failed"_L1))
        return ConstraintKind::NotNull;
    if (text.contains("UNIQUE constraint failed"_L1))
        return ConstraintKind::Unique;
    if (text.contains("CHECK constraint failed"_L1))
        return ConstraintKind::Check;
    return ConstraintKind::None;
}

QString explainConstraintViolation(const QSqlDatabase &db, const QSqlError &error, const RecordWrite &write)
{
    switch (constraintKindOf(error)) {
    case ConstraintKind::None:
        return {};
    case ConstraintKind::ForeignKey:
        return explainForeignKey(db, write);
    case ConstraintKind::NotNull:
        return explainNotNull(db, write);
    case ConstraintKind::Unique:
        return explainUnique(db, write);
    case ConstraintKind::Check:
        return explainCheck(error, write);
    }
    return {};
}

} // namespace Concord
