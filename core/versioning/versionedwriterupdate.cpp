// SPDX-License-Identifier: MIT
// SPDX-FileCopyrightText: 2026 Concord developers
//
// VersionedWriter::update(): what one update writes (its shape), its statement built once per
// shape, and how little it needs to bring back to give the caller the row as stored (issue #13).
#include "versionedwriter.h"

#include <core/db/boundquery.h>
#include <core/db/databaseaddress.h>
#include <core/errors.h>
#include <core/values/valuecomparison.h>
#include <core/versioning/versiontriggers.h>

#include <QCoreApplication>
#include <QSqlField>
#include <QSqlQuery>

#include <algorithm>

using namespace Qt::StringLiterals;

namespace Concord {

bool VersionedWriter::hasSchemaLayout(const QSqlRecord &record) const
{
    if (record.count() != m_quoted.plain.size())
        return false;
    for (int i = 0; i < record.count(); ++i) {
        if (record.fieldName(i) != m_quoted.plain.at(i))
            return false;
    }
    return true;
}

QByteArray VersionedWriter::UpdateShape::key() const
{
    QByteArray key;
    key.reserve(2 * assigned.size() + 1);
    key += char(int(check) | int(increment) << 1 | int(versionIsNull) << 2 | int(trackedFieldChanged) << 3
                | int(returning) << 4);
    for (int field : assigned) {
        key += char(field >> 8);
        key += char(field & 0xff);
    }
    return key;
}

// The whole statement for one shape, built once: quoting and joining names cost more than the
// write itself on SQLite.
const VersionedWriter::UpdateText &VersionedWriter::updateStatement(const UpdateShape &shape,
                                                                    const QStringList &auditColumns,
                                                                    const QStringList &auditTerms) const
{
    const QByteArray key = shape.key();
    auto it = m_updateTexts.constFind(key);
    if (it != m_updateTexts.cend())
        return it.value();
    QStringList assignments;
    for (int field : shape.assigned)
        assignments << m_quoted.fields.at(field) + " = ?"_L1;
    // Before the version: the Timestamp policy's clock binding comes after these in the text.
    for (int i = 0; i < auditColumns.size(); ++i)
        assignments << auditColumns.at(i) + " = "_L1 + auditTerms.at(i);
    if (shape.increment) {
        const QString version = versionAssignment(shape.trackedFieldChanged);
        if (!version.isEmpty())
            assignments << version;
    }
    QString dml = u"UPDATE %1 SET %2 WHERE %3"_s.arg(m_quoted.table, assignments.join(", "_L1), m_quoted.keyPredicate);
    if (shape.check)
        dml += " AND "_L1 + versionPredicate(shape.versionIsNull ? QVariant() : QVariant(0));
    if (m_updateTexts.size() >= maxCachedStatements)
        m_updateTexts.clear();
    UpdateText text;
    if (shape.returning == UpdateShape::Returning::Nothing) {
        text.statement = dml;
    } else if (shape.returning == UpdateShape::Returning::Everything) {
        text.statement = returningStatement(dml);
    } else {
        // The key too: the notification names it.
        text.returnedFields = shape.assigned;
        for (int field = 0; field < m_concordOwned.size(); ++field) {
            const bool needed = m_concordOwned.at(field) || m_schema.isKeyColumn(m_quoted.plain.at(field));
            if (needed && !text.returnedFields.contains(field))
                text.returnedFields << field;
        }
        QStringList returning;
        for (int field : std::as_const(text.returnedFields))
            returning << m_quoted.fields.at(field);
        text.statement = notifyingStatement(dml + " RETURNING "_L1 + returning.join(", "_L1));
    }
    return m_updateTexts.insert(key, text).value();
}

// How little an update can bring back and still give the caller the row as stored.
// SQLite's RETURNING shows a row as the statement itself left it (its AFTER triggers run later,
// and no trigger of it can change NEW): every column the statement does not set is the value the
// version check just confirmed, so a caller that gave every column gets those from its own
// values, and Qt pays for every returned column on every exec. When the check ran and the
// version moves by a rule of the statement's own, the new version is known as well: the row
// matched at the loaded version, so the statement set it to what versionAfter() computes, and
// the row count alone says whether it matched (as the raw UPDATE a hand-written program would
// run). Who and when come from the database's clock: those are returned.
// PostgreSQL: a BEFORE UPDATE trigger may change any column and a generated column changes with
// its inputs, so a table with either returns the whole row; the others return what the
// statement sets, and always notify (a row count alone would not).
VersionedWriter::UpdateShape::Returning VersionedWriter::returningFor(const QSqlRecord &values, bool wanted,
                                                                      const UpdateShape &shape)
{
    using Returning = UpdateShape::Returning;
    if (!wanted || values.count() != m_quoted.plain.size())
        return Returning::Everything;
    if (!isSQLite(m_db))
        return othersChangeRows() ? Returning::Everything : Returning::WhatItSets;
    const bool versionByRule = m_config.policy != VersionPolicy::Trigger;
    if (shape.check && shape.increment && versionByRule && m_audit.isEmpty())
        return Returning::Nothing;
    return Returning::WhatItSets;
}

// Whether anything but the statement can change a row as it is updated: a BEFORE UPDATE row
// trigger other than Concord's own (which sets the version and the audit columns, returned
// anyway), or a generated column. Read once; a lookup that fails counts as yes (the whole row)
// and is tried again at the next save.
bool VersionedWriter::othersChangeRows()
{
    if (m_othersChangeRows)
        return *m_othersChangeRows;
    BoundQuery query(m_db);
    query.setForwardOnly(true);
    query.prepare(u"SELECT EXISTS (SELECT 1 FROM pg_catalog.pg_trigger t WHERE t.tgrelid = c.oid AND NOT t.tgisinternal "
                  "AND t.tgenabled <> 'D' AND (t.tgtype & 19) = 19 AND t.tgname <> ?) "
                  "OR EXISTS (SELECT 1 FROM pg_catalog.pg_attribute a WHERE a.attrelid = c.oid AND a.attnum > 0 "
                  "AND NOT a.attisdropped AND a.attgenerated <> '') "
                  "FROM pg_catalog.pg_class c WHERE c.oid = pg_catalog.to_regclass(pg_catalog.quote_ident(?))"_s);
    query.addBindValue(VersionTriggers::triggerName(m_schema.table));
    query.addBindValue(m_schema.table);
    if (!query.exec() || !query.next())
        return true; // not known: the whole row, and another look next time
    m_othersChangeRows = query.value(0).toBool();
    return *m_othersChangeRows;
}

// The version an update that matched at \a loadedVersion left, by versionAssignment()'s rule.
QVariant VersionedWriter::versionAfter(const QVariant &loadedVersion, const UpdateShape &shape, const QVariant &clock) const
{
    const qint64 loaded = loadedVersion.isNull() ? 0 : loadedVersion.toLongLong();
    switch (m_config.policy) {
    case VersionPolicy::Counter:
        return loaded + 1;
    case VersionPolicy::Conditional:
        return shape.trackedFieldChanged ? QVariant(loaded + 1) : loadedVersion;
    case VersionPolicy::Timestamp:
        return std::max(loaded + 1, clock.toLongLong());
    case VersionPolicy::Trigger:
        break;
    }
    return loadedVersion;
}

// What a reader finds in the version column if this update was committed: what
// versionAfter() computes, and for the Trigger policy the trigger's COALESCE(OLD, 0) + 1. Null
// without the version check, when the row may have been at any version.
QVariant VersionedWriter::expectedVersion(const QVariant &loadedVersion, const UpdateShape &shape, const QVariant &clock) const
{
    if (!shape.check)
        return {};
    if (m_config.policy == VersionPolicy::Trigger)
        return (loadedVersion.isNull() ? 0 : loadedVersion.toLongLong()) + 1;
    if (!shape.increment)
        return loadedVersion;
    return versionAfter(loadedVersion, shape, clock);
}

// Runs an update without RETURNING: one changed row is Written, none a Conflict.
VersionedWriter::Outcome VersionedWriter::runCounted(const QString &statement, const QVariantList &bindings)
{
    BoundQuery *query = nullptr;
    if (!run(statement, bindings, &query))
        return writeFailed();
    const int changed = query->numRowsAffected();
    query->finish();
    if (changed == 0)
        return Outcome::Conflict;
    if (changed == 1)
        return Outcome::Written;
    return fail(QSqlError(QCoreApplication::translate("Concord::VersionedWriter",
                                                      "The database did not say whether the record was written; "
                                                      "it is not known to be saved."),
                          {}, QSqlError::UnknownError));
}

// What an update of \a values over \a base writes: its shape, and the bound values of the
// columns it sets, in order. An outcome when there is nothing to write or it cannot be written.
std::optional<VersionedWriter::Outcome> VersionedWriter::planUpdate(const QSqlRecord &key, const QVariant &loadedVersion,
                                                                    const QSqlRecord &base, const QSqlRecord &values,
                                                                    GuardState modelGuards, UpdateShape &shape,
                                                                    QVariantList &bindings)
{
    // QSqlRecord hands out copies of its fields: each is read once. The model's records have the
    // schema's layout, which spares a search by name per field.
    shape.valuesLaidOut = hasSchemaLayout(values);
    const bool baseLaidOut = !base.isEmpty() && hasSchemaLayout(base);
    for (int i = 0; i < values.count(); ++i) {
        const QSqlField given = values.field(i);
        if (!given.isGenerated())
            continue;
        const int field = shape.valuesLaidOut ? i : m_schema.fields.indexOf(given.name());
        if (field < 0) {
            // Never dropped quietly: the edit would look saved.
            return fail(QSqlError(QCoreApplication::translate("Concord::VersionedWriter",
                                                              "%1 has no column %2; nothing was written.")
                                      .arg(m_schema.table, given.name()),
                                  {}, QSqlError::StatementError));
        }
        if (m_concordOwned.at(field))
            continue;
        if (!base.isEmpty()) {
            const int b = baseLaidOut ? field : base.indexOf(given.name());
            if (b >= 0 && sameValue(given.value(), base.value(b)))
                continue; // writing an unchanged value would only make conflicts out of nothing
        }
        shape.assigned << field;
        bindings << given.value();
        shape.trackedFieldChanged = shape.trackedFieldChanged || m_config.tracks(m_quoted.plain.at(field));
    }
    if (shape.assigned.isEmpty())
        return Outcome::Unchanged;

    const GuardState guards = VersionGuard::stateFor(m_schema.table, key);
    shape.check = !(guards.skipCheck || modelGuards.skipCheck);
    shape.increment = !(guards.noIncrement || modelGuards.noIncrement);
    shape.versionIsNull = loadedVersion.isNull();
    if (!shape.increment && m_config.policy == VersionPolicy::Trigger) {
        return fail(QSqlError(QCoreApplication::translate("Concord::VersionedWriter",
                                                          "%1 is versioned by triggers, which always bump the "
                                                          "version: a save without an increment is not possible.")
                                  .arg(m_schema.table),
                              {}, QSqlError::StatementError, QString::fromLatin1(NativeError::NoIncrementWithTrigger)));
    }
    return std::nullopt;
}

VersionedWriter::Outcome VersionedWriter::update(const QSqlRecord &key, const QVariant &loadedVersion,
                                                 const QSqlRecord &base, const QSqlRecord &values,
                                                 GuardState modelGuards, QSqlRecord *returned)
{
    if (!signsHistory(false))
        return updateRow(key, loadedVersion, base, values, modelGuards, returned);
    return signedWrite(false, [&] { return updateRow(key, loadedVersion, base, values, modelGuards, returned); });
}

VersionedWriter::Outcome VersionedWriter::updateRow(const QSqlRecord &key, const QVariant &loadedVersion,
                                                    const QSqlRecord &base, const QSqlRecord &values,
                                                    GuardState modelGuards, QSqlRecord *returned)
{
    UpdateShape shape;
    QVariantList bindings;
    if (const auto ended = planUpdate(key, loadedVersion, base, values, modelGuards, shape, bindings))
        return *ended;
    m_lastStoredFields.clear();
    shape.returning = returningFor(values, returned != nullptr, shape);
    QStringList auditColumns;
    QStringList auditTerms;
    if (!m_audit.isEmpty())
        appendAudit(auditColumns, auditTerms, bindings);
    const UpdateText &text = updateStatement(shape, auditColumns, auditTerms);
    QVariant clock;
    if (shape.increment && m_config.policy == VersionPolicy::Timestamp)
        bindings << (clock = versionClockMicros());
    appendKey(bindings, key);
    if (shape.check && !shape.versionIsNull)
        bindings << loadedVersion;
    m_uncertain = UncertainWrite{UncertainWrite::Operation::Update, key, loadedVersion, base, writtenFields(values),
                                 expectedVersion(loadedVersion, shape, clock)};
    if (shape.returning == UpdateShape::Returning::Everything)
        return runWritten(text.statement, bindings, returned);
    QSqlRecord laidOut = shape.valuesLaidOut ? values : m_schema.fields;
    if (!shape.valuesLaidOut) {
        for (int i = 0; i < values.count(); ++i)
            laidOut.setValue(m_schema.fields.indexOf(values.fieldName(i)), values.value(i));
    }
    if (shape.returning == UpdateShape::Returning::WhatItSets) {
        m_lastStoredFields = text.returnedFields;
        return runWritten(text.statement, bindings, returned, text.returnedFields, laidOut);
    }
    const Outcome outcome = runCounted(text.statement, bindings);
    if (outcome == Outcome::Written) {
        const int version = m_schema.fields.indexOf(m_schema.versionColumn);
        laidOut.setValue(version, versionAfter(loadedVersion, shape, clock));
        *returned = laidOut;
        m_lastStoredFields = {version};
    }
    return outcome;
}

} // namespace Concord
