// SPDX-License-Identifier: MIT
// SPDX-FileCopyrightText: 2026 Concord developers
//
// VersionedWriter::updateBatch(): many version-checked updates in one PostgreSQL statement.
// A submit of 10k edited rows was 10k round trips; in batches of 500 it is 20, and the server
// does less work too (one plan, one executor start per batch).
#include "versionedwriter.h"

#include <core/db/changepayload.h>
#include <core/db/changewatcher.h>
#include <core/db/databaseaddress.h>

#include <QHash>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QJsonValue>

#include <cmath>
#include <limits>

using namespace Qt::StringLiterals;

namespace Concord {

namespace {

constexpr auto target = "concord_target"_L1;
constexpr auto input = "concord_input"_L1;

// The JSON form of a value whose text PostgreSQL reads back exactly as the value bound one by
// one would be read (the column type's own input function); nothing for the others.
std::optional<QJsonValue> exactJson(const QVariant &value)
{
    if (value.isNull())
        return QJsonValue(QJsonValue::Null);
    switch (value.metaType().id()) {
    case QMetaType::Bool:
        return QJsonValue(value.toBool());
    case QMetaType::Short:
    case QMetaType::UShort:
    case QMetaType::Int:
    case QMetaType::UInt:
    case QMetaType::Long:
    case QMetaType::LongLong:
        return QJsonValue(qint64(value.toLongLong()));
    case QMetaType::ULong:
    case QMetaType::ULongLong:
        if (value.toULongLong() > quint64(std::numeric_limits<qint64>::max()))
            return std::nullopt;
        return QJsonValue(qint64(value.toULongLong()));
    case QMetaType::Float:
    case QMetaType::Double: {
        // Written in the shortest form that reads back as the same double.
        const double d = value.toDouble();
        if (std::isnan(d))
            return QJsonValue(u"NaN"_s);
        if (std::isinf(d))
            return QJsonValue(d > 0 ? u"Infinity"_s : u"-Infinity"_s);
        return QJsonValue(d);
    }
    case QMetaType::QString:
        return QJsonValue(value.toString());
    default:
        return std::nullopt; // bytes, dates and times keep the driver's own binding
    }
}

QString keyText(const QSqlRecord &record, const QStringList &keyColumns)
{
    QStringList parts;
    for (const QString &column : keyColumns)
        parts << record.value(column).toString();
    return parts.join(QChar(0x1f));
}

} // namespace

// Rows of one shape go in one statement: its text, with the JSON document as its first binding.
// Columns are matched by name: json_populate_recordset() types each value by the table's own row
// type, so a value reaches its column exactly as a bound value would. The loaded version is the
// input's version column, compared with IS NOT DISTINCT FROM so that legacy rows (NULL) batch too.
QString VersionedWriter::batchStatement(const UpdateShape &shape, const QStringList &auditColumns,
                                        const QStringList &auditTerms) const
{
    QStringList assignments;
    for (int field : shape.assigned)
        assignments << u"%1 = %2.%1"_s.arg(m_quoted.fields.at(field), input);
    for (int i = 0; i < auditColumns.size(); ++i)
        assignments << auditColumns.at(i) + " = "_L1 + auditTerms.at(i);
    if (shape.increment) {
        const QString version = versionAssignment(shape.trackedFieldChanged, target);
        if (!version.isEmpty())
            assignments << version;
    }
    QStringList matches;
    for (const QString &column : m_schema.primaryKey) {
        const QString quoted = m_quoted.fields.at(m_schema.fields.indexOf(column));
        matches << u"%1.%2 = %3.%2"_s.arg(target, quoted, input);
    }
    if (shape.check) {
        matches << u"%1.%2 IS NOT DISTINCT FROM %3.%2"_s.arg(
            target, m_quoted.fields.at(m_schema.fields.indexOf(m_schema.versionColumn)), input);
    }
    QStringList returning;
    for (const QString &field : m_quoted.fields)
        returning << u"%1.%2"_s.arg(target, field);
    // Each written row notifies with its key, as a single write does; a watcher given many keys
    // at once reads the table again instead (LiveUpdates).
    return u"WITH %1 AS (SELECT * FROM json_populate_recordset(NULL::%2, ?::json)), "
           "written AS (UPDATE %2 AS %3 SET %4 FROM %1 WHERE %5 RETURNING %6) "
           "SELECT written.*, pg_notify(?, %7) FROM written"_s
        .arg(input, m_quoted.table, target, assignments.join(", "_L1), matches.join(" AND "_L1), returning.join(", "_L1),
             ChangePayload::sql(m_db, u"CAST(? AS TEXT)"_s, m_schema.primaryKey, u"written."_s));
}

bool VersionedWriter::canBatch() const
{
    return !isSQLite(m_db);
}

bool VersionedWriter::updateBatch(QList<BatchedUpdate> &updates, GuardState modelGuards)
{
    struct Group
    {
        UpdateShape shape;
        QList<int> members;
    };
    QHash<QByteArray, Group> groups;
    QList<QByteArray> order; // shapes in the order rows first had them
    QList<QJsonObject> documents(updates.size());
    for (int i = 0; i < updates.size(); ++i) {
        BatchedUpdate &update = updates[i];
        UpdateShape shape;
        QVariantList assigned;
        if (const auto ended = planUpdate(update.key, update.loadedVersion, update.base, update.values, modelGuards,
                                          shape, assigned)) {
            update.outcome = *ended;
            if (*ended == Outcome::Failed)
                return false;
            continue;
        }
        QJsonObject &document = documents[i];
        bool exact = canBatch();
        for (int a = 0; exact && a < shape.assigned.size(); ++a) {
            const int field = shape.assigned.at(a);
            const auto json = exactJson(assigned.at(a));
            exact = json && !m_schema.isKeyColumn(m_quoted.plain.at(field));
            if (exact)
                document.insert(m_quoted.plain.at(field), *json);
        }
        for (int k = 0; exact && k < m_schema.primaryKey.size(); ++k) {
            const auto json = exactJson(update.key.value(m_schema.primaryKey.at(k)));
            exact = bool(json);
            if (exact)
                document.insert(m_schema.primaryKey.at(k), *json);
        }
        const auto version = exactJson(update.loadedVersion);
        exact = exact && version;
        if (!exact) {
            // One by one, exactly as update() writes a row on its own.
            update.outcome = this->update(update.key, update.loadedVersion, update.base, update.values, modelGuards,
                                          &update.stored);
            if (update.outcome == Outcome::Failed)
                return false;
            continue;
        }
        document.insert(m_schema.versionColumn, *version);
        shape.versionIsNull = false; // the batch compares with IS NOT DISTINCT FROM
        shape.returning = UpdateShape::Returning::Everything;
        const QByteArray key = shape.key();
        auto group = groups.find(key);
        if (group == groups.end()) {
            group = groups.insert(key, Group{shape, {}});
            order << key;
        }
        group->members << i;
    }
    for (const QByteArray &key : std::as_const(order)) {
        const Group &group = groups.value(key);
        QStringList auditColumns;
        QStringList auditTerms;
        QVariantList auditBindings;
        if (!m_audit.isEmpty())
            appendAudit(auditColumns, auditTerms, auditBindings);
        const QString statement = batchStatement(group.shape, auditColumns, auditTerms);
        for (qsizetype first = 0; first < group.members.size(); first += batchRows) {
            const QList<int> members = group.members.mid(first, batchRows);
            QJsonArray rows;
            for (int i : members)
                rows.append(documents.at(i));
            QVariantList bindings{QString::fromUtf8(QJsonDocument(rows).toJson(QJsonDocument::Compact))};
            bindings += auditBindings;
            if (group.shape.increment && m_config.policy == VersionPolicy::Timestamp)
                bindings << versionClockMicros();
            if (!runBatch(statement, bindings, members, updates))
                return false;
        }
    }
    return true;
}

// One statement of a batch: every returned row is Written, every other member a Conflict.
bool VersionedWriter::runBatch(const QString &statement, const QVariantList &bindings, const QList<int> &members,
                               QList<BatchedUpdate> &updates)
{
    BoundQuery *query = nullptr;
    if (!run(statement, bindings + QVariantList{QString::fromLatin1(ChangeWatcher::channel), m_schema.table}, &query))
        return false;
    QHash<QString, int> byKey;
    for (int i : members) {
        byKey.insert(keyText(updates.at(i).key, m_schema.primaryKey), i);
        updates[i].outcome = Outcome::Conflict;
    }
    while (query->next()) {
        QSqlRecord row = m_schema.fields;
        for (int c = 0; c < row.count(); ++c)
            row.setValue(c, query->value(c));
        const auto member = byKey.constFind(keyText(row, m_schema.primaryKey));
        if (member == byKey.cend())
            continue; // not one of ours: cannot happen with a key join, and must not count
        updates[member.value()].outcome = Outcome::Written;
        updates[member.value()].stored = row;
    }
    const QSqlError error = query->lastError();
    query->finish();
    if (error.isValid()) {
        m_error = knownError(error);
        return false;
    }
    return true;
}

} // namespace Concord
