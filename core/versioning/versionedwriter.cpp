// SPDX-License-Identifier: MIT
// SPDX-FileCopyrightText: 2026 Concord developers
#include "versionedwriter.h"

#include <core/errors.h>

#include <core/db/auditstamp.h>
#include <core/db/changepayload.h>
#include <core/db/changewatcher.h>
#include <core/db/databaseaddress.h>
#include <core/db/transaction.h>
#include <core/versioning/deletedversions.h>
#include <core/versioning/versiontriggers.h>

#include <QAtomicInteger>
#include <QCoreApplication>
#include <QDateTime>
#include <QSqlField>
#include <QSqlQuery>

using namespace Qt::StringLiterals;

namespace Concord {

qint64 versionClockMicros()
{
    // Monotonic within the process even if the wall clock steps back.
    static QAtomicInteger<qint64> last;
    const qint64 now = QDateTime::currentMSecsSinceEpoch() * 1000;
    qint64 previous = last.loadRelaxed();
    qint64 next;
    do {
        next = qMax(now, previous + 1);
    } while (!last.testAndSetRelaxed(previous, next, previous));
    return next;
}

VersionedWriter::VersionedWriter(const QSqlDatabase &db, TableSchema schema, VersioningConfig config)
    : m_db(db)
    , m_schema(std::move(schema))
    , m_config(std::move(config))
    , m_audit(m_config.audit.resolve(m_schema.fields, m_schema.primaryKey, m_schema.versionColumn))
{
    m_quoted.table = quotedTable(m_db, m_schema.table);
    for (int i = 0; i < m_schema.fields.count(); ++i) {
        const QString name = m_schema.fields.fieldName(i);
        m_quoted.plain << name;
        m_quoted.fields << quotedField(m_db, name);
        m_concordOwned << isWrittenByConcord(name);
    }
    m_quoted.returning = m_quoted.fields.join(", "_L1);
    QStringList parts;
    for (const QString &column : m_schema.primaryKey)
        parts << quotedField(m_db, column) + " = ?"_L1;
    m_quoted.keyPredicate = parts.join(" AND "_L1);
}

QVariant VersionedWriter::firstVersion() const
{
    return m_config.policy == VersionPolicy::Timestamp ? QVariant(versionClockMicros()) : QVariant(1);
}

QString VersionedWriter::keyPredicate() const
{
    return m_quoted.keyPredicate;
}

QString VersionedWriter::versionPredicate(const QVariant &loadedVersion) const
{
    const QString column = quotedField(m_db, m_schema.versionColumn);
    return loadedVersion.isNull() ? column + " IS NULL"_L1 : column + " = ?"_L1;
}

// \a qualifier names the row being updated where the statement reads from another relation too.
QString VersionedWriter::versionAssignment(bool trackedFieldChanged, const QString &qualifier) const
{
    const QString column = quotedField(m_db, m_schema.versionColumn);
    const QString current = qualifier.isEmpty() ? column : qualifier + u'.' + column;
    switch (m_config.policy) {
    case VersionPolicy::Counter:
        return u"%1 = COALESCE(%2, 0) + 1"_s.arg(column, current);
    case VersionPolicy::Timestamp:
        // Computed in the statement so that it also holds when the check is skipped; the clock
        // is bound (the last value), so the statement text stays the same and is prepared once.
        return u"%1 = %3(COALESCE(%2, 0) + 1, ?)"_s.arg(column, current, isSQLite(m_db) ? u"MAX"_s : u"GREATEST"_s);
    case VersionPolicy::Conditional:
        return trackedFieldChanged ? u"%1 = COALESCE(%2, 0) + 1"_s.arg(column, current) : QString();
    case VersionPolicy::Trigger:
        return {}; // the trigger bumps it
    }
    return {};
}

void VersionedWriter::appendKey(QVariantList &bindings, const QSqlRecord &key) const
{
    for (const QString &column : m_schema.primaryKey)
        bindings << key.value(column);
}

// The version and the audit columns hold what Concord writes, never a value handed in.
bool VersionedWriter::isWrittenByConcord(const QString &field) const
{
    return field.compare(m_schema.versionColumn, Qt::CaseInsensitive) == 0 || m_audit.contains(field);
}

// Who and when, as the database says (auditstamp.h): each audit column with the SQL term that
// sets it, the term's bindings in the order of the terms.
void VersionedWriter::appendAudit(QStringList &columns, QStringList &terms, QVariantList &bindings) const
{
    const std::pair<QString, SqlTerm> stamps[] = {{m_audit.byColumn, auditUser(m_db)}, {m_audit.atColumn, auditTime(m_db)}};
    for (const auto &[column, term] : stamps) {
        if (column.isEmpty())
            continue;
        columns << quotedField(m_db, column);
        terms << term.sql;
        bindings << term.bindings;
    }
}

// Statements are prepared once per text and kept: on PostgreSQL a fresh QSqlQuery costs a
// PREPARE and a DEALLOCATE round trip around every write. A statement whose plan went stale
// (the table was altered meanwhile) is prepared again once.
bool VersionedWriter::run(const QString &statement, const QVariantList &bindings, BoundQuery **executed) const
{
    m_lostAfterSending = false;
    for (int attempt = 0; attempt < 2; ++attempt) {
        auto it = m_statements.find(statement);
        if (it == m_statements.end()) {
            if (m_statements.size() >= maxCachedStatements)
                m_statements.clear();
            auto prepared = std::make_shared<BoundQuery>(m_db);
            // Every result is read once, front to back: on SQLite a scrollable one would make Qt
            // cache its rows (and allocate a block of values on every exec). Not on PostgreSQL,
            // where Qt runs a forward-only query in single-row mode and then never looks for the
            // notifications libpq read meanwhile: a commit's own NOTIFY arrives that way, and
            // live updates on this connection stopped (tst_liverows).
            prepared->setForwardOnly(isSQLite(m_db));
            if (!prepared->prepare(statement)) {
                m_error = knownError(prepared->lastError());
                return false;
            }
            it = m_statements.insert(statement, prepared);
        }
        BoundQuery &query = *it.value();
        for (int i = 0; i < bindings.size(); ++i)
            query.bindValue(i, bindings.at(i));
        if (query.exec()) {
            *executed = &query;
            return true;
        }
        // Only a stale plan deserves a second try (a prepared statement the server no longer has
        // after a reconnect, or whose result type changed with the table): any other error is the
        // cause, and a retry would only hide it behind "current transaction is aborted" (found by
        // concord_stress: a duplicate key on insert was reported as 25P02).
        const QSqlError error = query.lastError();
        m_statements.erase(it);
        if (attempt == 0 || !error.text().trimmed().isEmpty())
            m_error = knownError(error);
        // The statement went out and the answer did not come back: the server may have run it.
        // (A connection already closed fails in prepare() above: nothing was sent.)
        m_lostAfterSending = isConnectionLost(error);
        if (m_lostAfterSending || !isStalePlan(error))
            break;
    }
    return false;
}

bool VersionedWriter::isStalePlan(const QSqlError &error)
{
    const QString code = error.nativeErrorCode();
    // 26000: prepared statement does not exist; 0A000: cached plan must not change result type.
    // An error without text says nothing either way: one more try.
    return code == "26000"_L1 || code == "0A000"_L1 || error.text().trimmed().isEmpty();
}

// Qt reports some failures with no error at all (QSqlQuery::prepare() on a connection that is no
// longer open only prints a warning). A failed write always says why, or that the cause is unknown.
QSqlError VersionedWriter::knownError(const QSqlError &error) const
{
    if (error.isValid() && !error.text().trimmed().isEmpty())
        return error;
    if (!m_db.isOpen()) {
        // 08003, connection_does_not_exist: what the callers' isConnectionLost() looks for (the
        // driver closes a connection once a statement found it dead, and says no more).
        return QSqlError(QCoreApplication::translate("Concord::VersionedWriter",
                                                     "The connection to the database was lost; nothing was written."),
                         {}, QSqlError::ConnectionError, u"08003"_s);
    }
    return QSqlError(QCoreApplication::translate("Concord::VersionedWriter",
                                                 "The database refused the write without saying why; it is not known to be saved."),
                     {}, QSqlError::UnknownError);
}

VersionedWriter::Outcome VersionedWriter::fail(const QSqlError &error)
{
    m_error = error;
    return Outcome::Failed;
}

// A transaction the writer or its caller opened: a statement lost inside it was never committed,
// since the server rolls back a transaction whose connection is gone.
bool VersionedWriter::isInTransaction() const
{
    return m_inOwnTransaction || Transaction::isOpenOn(m_db);
}

namespace {

QSqlError lostAnswer(const QSqlError &cause)
{
    const QString said = cause.text().simplified();
    return QSqlError(QCoreApplication::translate("Concord::VersionedWriter",
                                                 "The connection to the database was lost after the write was sent and "
                                                 "before the server answered: it may or may not be stored (%1).")
                         .arg(said.isEmpty() ? QCoreApplication::translate("Concord::VersionedWriter", "no answer") : said),
                     {}, QSqlError::ConnectionError, QString::fromLatin1(NativeError::OutcomeUnknown));
}

} // namespace

VersionedWriter::Outcome VersionedWriter::writeFailed()
{
    if (!m_lostAfterSending || isInTransaction())
        return Outcome::Failed;
    m_error = lostAnswer(m_error);
    return Outcome::Unknown;
}

QSqlRecord VersionedWriter::writtenFields(const QSqlRecord &values) const
{
    QSqlRecord written;
    for (int i = 0; i < values.count(); ++i) {
        if (values.isGenerated(i) && !isWrittenByConcord(values.fieldName(i)))
            written.append(values.field(i));
    }
    return written;
}

VersionedWriter::Outcome VersionedWriter::remove(const QSqlRecord &key, const QVariant &loadedVersion,
                                                 GuardState modelGuards)
{
    const GuardState guards = VersionGuard::stateFor(m_schema.table, key);
    const bool check = !(guards.skipCheck || modelGuards.skipCheck);
    if (!prepareDeletedVersions())
        return Outcome::Failed;
    QString statement = u"DELETE FROM %1 WHERE %2"_s.arg(quotedTable(m_db, m_schema.table), keyPredicate());
    if (check)
        statement += " AND "_L1 + versionPredicate(loadedVersion);
    QVariantList bindings;
    appendKey(bindings, key);
    if (check && !loadedVersion.isNull())
        bindings << loadedVersion;
    m_uncertain = UncertainWrite{UncertainWrite::Operation::Delete, key, loadedVersion, {}, {}, {}};
    const QVariantList tombstone{DeletedVersions::recordedName(m_db, m_schema.table), DeletedVersions::encodeKey(m_schema, key)};
    const QString book = QString::fromLatin1(DeletedVersions::tableName);
    if (isSQLite(m_db))
        return signedWrite(true, [&] { return removeOnSQLite(statement, bindings, tombstone); });

    // One statement deletes and records the tombstone. An up-to-date trigger records it itself,
    // and a second write of that row in the same statement would fail.
    QString after;
    QVariantList afterBindings;
    if (!triggerRecordsDeletes()) {
        after = u"concord_noted AS (INSERT INTO %1 (table_name, row_key, version) SELECT ?, ?, "
                "COALESCE(max(written.%2), 0) FROM written HAVING count(*) > 0 ON CONFLICT (table_name, row_key) "
                "DO UPDATE SET version = GREATEST(%1.version, EXCLUDED.version))"_s.arg(book, quotedField(m_db, m_schema.versionColumn));
        afterBindings = tombstone;
    }
    const Outcome outcome = runReturning(statement, bindings, nullptr, after, afterBindings);
    if (outcome == Outcome::Failed)
        m_deletedVersionsExist = false; // a rolled-back transaction may have taken the table with it
    return outcome;
}

// SQLite has no writing CTEs: the delete and its tombstone share a savepoint.
VersionedWriter::Outcome VersionedWriter::removeOnSQLite(const QString &dml, const QVariantList &bindings,
                                                         const QVariantList &tombstone)
{
    bool ownTransaction = false;
    if (!beginAtomic(&ownTransaction))
        return Outcome::Failed;
    QSqlRecord deleted;
    Outcome outcome = runReturning(dml, bindings, &deleted);
    if (outcome == Outcome::Written) {
        BoundQuery *query = nullptr;
        const QVariant version = deleted.value(m_schema.versionColumn);
        if (!run(u"INSERT INTO %1 (table_name, row_key, version) VALUES (?, ?, ?) ON CONFLICT (table_name, row_key) "
                 "DO UPDATE SET version = MAX(version, excluded.version)"_s.arg(QString::fromLatin1(DeletedVersions::tableName)),
                 tombstone + QVariantList{version.isNull() ? QVariant(0) : version}, &query)) {
            outcome = Outcome::Failed;
        } else {
            query->finish();
        }
    }
    if (!endAtomic(ownTransaction, outcome != Outcome::Failed)) {
        m_deletedVersionsExist = false;
        return Outcome::Failed;
    }
    return outcome;
}

// A savepoint when a transaction is open (always possible on SQLite, where it also opens one),
// else, on PostgreSQL, a transaction of the writer's own.
bool VersionedWriter::beginAtomic(bool *ownTransaction)
{
    *ownTransaction = false;
    m_commitLost = false;
    QSqlQuery control(m_db);
    if (control.exec(u"SAVEPOINT concord_write"_s))
        return true;
    // 25P01: SAVEPOINT can only be used in transaction blocks
    if (isSQLite(m_db) || control.lastError().nativeErrorCode() != "25P01"_L1) {
        m_error = control.lastError();
        return false;
    }
    if (!control.exec(u"BEGIN"_s)) {
        m_error = control.lastError();
        return false;
    }
    *ownTransaction = true;
    m_inOwnTransaction = true;
    return true;
}

// Ends what beginAtomic() began: keeps the work when \a keep, else undoes it. False (with
// m_error kept or set) when the work is undone or could not be kept.
bool VersionedWriter::endAtomic(bool ownTransaction, bool keep)
{
    QSqlQuery control(m_db);
    if (ownTransaction)
        m_inOwnTransaction = false;
    if (keep) {
        if (control.exec(ownTransaction ? u"COMMIT"_s : u"RELEASE concord_write"_s))
            return true;
        m_error = control.lastError();
        m_commitLost = ownTransaction && isConnectionLost(m_error) && !isInTransaction();
    }
    const QSqlError error = m_error;
    if (ownTransaction) {
        control.exec(u"ROLLBACK"_s);
    } else {
        control.exec(u"ROLLBACK TO concord_write"_s);
        control.exec(u"RELEASE concord_write"_s);
    }
    m_error = error;
    return false;
}

bool VersionedWriter::prepareDeletedVersions()
{
    if (m_deletedVersionsExist)
        return true;
    const auto prepared = DeletedVersions::prepare(m_db);
    if (!prepared) {
        const Error &error = prepared.error();
        m_error = QSqlError(error.message, error.sqlError.driverText(), error.sqlError.isValid() ? error.sqlError.type() : QSqlError::StatementError,
                            error.sqlError.nativeErrorCode());
        return false;
    }
    m_deletedVersionsExist = true;
    return true;
}

bool VersionedWriter::triggerRecordsDeletes()
{
    if (m_config.policy != VersionPolicy::Trigger)
        return false;
    if (!m_triggerRecordsDeletes) {
        const auto status = VersionTriggers::status(m_db, m_schema);
        // Unknown: record in the statement; if the trigger does too, the statement fails rather than guess.
        m_triggerRecordsDeletes = status && status.value().state == VersionTriggers::State::UpToDate;
    }
    return *m_triggerRecordsDeletes;
}

VersionedWriter::Outcome VersionedWriter::insert(const QSqlRecord &values, QSqlRecord *returned)
{
    if (!signsHistory(false))
        return insertRow(values, returned);
    return signedWrite(false, [&] { return insertRow(values, returned); });
}

VersionedWriter::Outcome VersionedWriter::insertRow(const QSqlRecord &values, QSqlRecord *returned)
{
    QStringList columns;
    QVariantList bindings;
    QVariant version = firstVersion();
    for (int i = 0; i < values.count(); ++i) {
        const QString name = values.fieldName(i);
        if (name.compare(m_schema.versionColumn, Qt::CaseInsensitive) == 0) {
            if (values.isGenerated(i) && !values.isNull(i))
                version = values.value(i); // a record re-created after a conflict keeps counting
            continue;
        }
        if (!values.isGenerated(i) || (values.isNull(i) && m_schema.isKeyColumn(name)) || m_audit.contains(name))
            continue;
        columns << quotedField(m_db, name);
        bindings << values.value(i);
    }
    columns << quotedField(m_db, m_schema.versionColumn);
    bindings << version;
    QStringList terms(bindings.size(), u"?"_s);
    appendAudit(columns, terms, bindings);
    const QString statement = u"INSERT INTO %1 (%2) VALUES (%3)"_s.arg(
        quotedTable(m_db, m_schema.table), columns.join(", "_L1), terms.join(", "_L1));
    QSqlRecord key;
    for (const QString &column : m_schema.primaryKey) {
        const int at = values.indexOf(column);
        key.append(at >= 0 ? values.field(at) : m_schema.fields.field(column));
    }
    m_uncertain = UncertainWrite{UncertainWrite::Operation::Insert, key, {}, {}, writtenFields(values), version};

    QSqlRecord stored;
    if (!m_deletedVersionsExist) {
        const auto found = DeletedVersions::exists(m_db);
        if (!found)
            return fail(found.error().sqlError.isValid() ? found.error().sqlError : QSqlError(found.error().message, {}, QSqlError::StatementError));
        m_deletedVersionsExist = found.value();
    }
    Outcome outcome;
    if (m_deletedVersionsExist) {
        bool ownTransaction = false;
        if (!beginAtomic(&ownTransaction))
            return Outcome::Failed;
        outcome = runReturning(statement, bindings, &stored);
        if (outcome == Outcome::Written)
            outcome = raiseAboveTombstone(&stored);
        if (!endAtomic(ownTransaction, outcome == Outcome::Written)) {
            outcome = Outcome::Failed;
            if (m_commitLost) { // the COMMIT went out; its answer did not come back
                m_error = lostAnswer(m_error);
                outcome = Outcome::Unknown;
                // The insert itself was answered: its key (made by the database, perhaps) is known.
                for (int i = 0; i < m_uncertain.key.count(); ++i)
                    m_uncertain.key.setValue(i, stored.value(m_uncertain.key.fieldName(i)));
                m_uncertain.expectedVersion = stored.value(m_schema.versionColumn);
            }
        }
    } else {
        // No key was ever deleted. Should a first delete have created the table meanwhile (it
        // committed before this insert could take its key), raise the version at once.
        outcome = runReturning(statement, bindings, &stored);
        if (outcome == Outcome::Written) {
            const auto found = DeletedVersions::exists(m_db);
            if (found && found.value()) {
                m_deletedVersionsExist = true;
                outcome = raiseAboveTombstone(&stored);
            }
        }
    }
    if (outcome == Outcome::Conflict) // an insert that returned no row failed without an error
        return fail(m_error.isValid() ? m_error : QSqlError(u"The insert returned no row"_s, {}, QSqlError::StatementError));
    if (outcome == Outcome::Written && returned)
        *returned = stored;
    return outcome;
}

// The second statement of an insert: a new snapshot, taken after the insert got its key (on
// PostgreSQL, after any uncommitted delete of that key committed), so it sees the tombstone.
VersionedWriter::Outcome VersionedWriter::raiseAboveTombstone(QSqlRecord *stored)
{
    const QString version = quotedField(m_db, m_schema.versionColumn);
    const QString tombstone = u"(SELECT version FROM %1 WHERE table_name = ? AND row_key = ?)"_s.arg(
        QString::fromLatin1(DeletedVersions::tableName));
    const QString statement = u"UPDATE %1 SET %2 = %3 + 1 WHERE %4 AND %2 <= %3"_s.arg(
        quotedTable(m_db, m_schema.table), version, tombstone, keyPredicate());
    const QVariantList where{DeletedVersions::recordedName(m_db, m_schema.table), DeletedVersions::encodeKey(m_schema, *stored)};
    QVariantList bindings = where;
    appendKey(bindings, *stored);
    bindings << where;
    QSqlRecord raised;
    switch (runReturning(statement, bindings, &raised)) {
    case Outcome::Written:
        *stored = raised;
        return Outcome::Written;
    case Outcome::Conflict: // no tombstone at or above the new version: nothing to raise
    case Outcome::Unchanged:
        return Outcome::Written;
    case Outcome::Unknown: // the insert committed by itself; whether the raise did is not known
        return Outcome::Unknown;
    case Outcome::Failed:
        break;
    }
    return Outcome::Failed;
}

QSqlRecord VersionedWriter::readCurrent(const QSqlRecord &key) const
{
    const auto row = readRow(key);
    return row ? row.value() : QSqlRecord();
}

QVariant VersionedWriter::writtenVersion(const QSqlRecord &returned) const
{
    const QVariant version = returned.value(m_schema.versionColumn);
    if (returnsStoredRow())
        return version;
    return QVariant(version.toLongLong() + 1); // the AFTER UPDATE trigger's COALESCE(OLD.version, 0) + 1
}

Result<QSqlRecord> VersionedWriter::readRow(const QSqlRecord &key) const
{
    QVariantList bindings;
    appendKey(bindings, key);
    BoundQuery *query = nullptr;
    if (!run(u"SELECT %1 FROM %2 WHERE %3"_s.arg(m_quoted.returning, m_quoted.table, keyPredicate()),
             bindings, &query))
        return sqlError(m_error);
    const QSqlRecord row = query->next() ? query->record() : QSqlRecord();
    const QSqlError error = query->lastError();
    query->finish(); // a SQLite statement left open would pin this connection's snapshot
    if (error.isValid()) {
        m_error = error;
        return sqlError(error);
    }
    return row;
}

// Runs a write with RETURNING every column, so that the caller sees the row as stored (defaults,
// triggers that run before it) without another round trip; "no row" means the predicate did not
// match. On PostgreSQL the same statement also notifies live editors (ChangeWatcher) with the
// table and the written row's key (ChangePayload): wrapped in a CTE, pg_notify() runs once per
// written row, at commit, and never for a write that matched nothing.
VersionedWriter::Outcome VersionedWriter::runReturning(const QString &dml, QVariantList bindings, QSqlRecord *returned,
                                                       const QString &after, const QVariantList &afterBindings)
{
    return runWritten(returningStatement(dml, after), bindings + afterBindings, returned);
}

QString VersionedWriter::returningStatement(const QString &dml, const QString &after) const
{
    return notifyingStatement(dml + " RETURNING "_L1 + m_quoted.returning, after);
}

QString VersionedWriter::notifyingStatement(const QString &returning, const QString &after) const
{
    if (isSQLite(m_db))
        return returning;
    // Bindings follow the text: the DML, the CTE after it, the notification (channel, table).
    // The payload names the row's key (ChangePayload), so watchers re-read that row alone.
    return u"WITH written AS (%1)%2 SELECT written.*, pg_notify(?, %3) FROM written"_s.arg(
        returning, after.isEmpty() ? QString() : ", "_L1 + after,
        ChangePayload::sql(m_db, u"CAST(? AS TEXT)"_s, m_schema.primaryKey, u"written."_s));
}

VersionedWriter::Outcome VersionedWriter::runWritten(const QString &statement, QVariantList bindings, QSqlRecord *returned,
                                                     const QList<int> &returnedFields, const QSqlRecord &laidOut)
{
    if (!isSQLite(m_db))
        bindings << QString::fromLatin1(ChangeWatcher::channel) << m_schema.table;
    BoundQuery *query = nullptr;
    if (!run(statement, bindings, &query))
        return writeFailed();
    if (!query->next()) {
        if (query->lastError().isValid())
            return fail(query->lastError());
        query->finish();
        return Outcome::Conflict;
    }
    if (returned && !returnedFields.isEmpty()) {
        *returned = laidOut;
        for (int i = 0; i < returnedFields.size(); ++i)
            returned->setValue(returnedFields.at(i), query->value(i));
    } else if (returned) {
        QSqlRecord row = m_schema.fields;
        for (int i = 0; i < row.count(); ++i)
            row.setValue(i, query->value(i));
        *returned = row;
    }
    query->finish();
    return Outcome::Written;
}

Result<bool> VersionedWriter::isChanged(const QSqlRecord &key, const QVariant &loadedVersion) const
{
    QVariantList bindings;
    appendKey(bindings, key);
    if (!loadedVersion.isNull())
        bindings << loadedVersion;
    BoundQuery *query = nullptr;
    if (!run(u"SELECT 1 FROM %1 WHERE %2 AND %3"_s.arg(quotedTable(m_db, m_schema.table), keyPredicate(),
                                                       versionPredicate(loadedVersion)),
             bindings, &query))
        return makeError(ErrorCode::Sql, m_error.text(), m_error);
    const bool found = query->next();
    query->finish();
    return !found;
}

} // namespace Concord
