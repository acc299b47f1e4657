// SPDX-License-Identifier: MIT
// SPDX-FileCopyrightText: 2026 Concord developers
#pragma once

#include <core/result.h>
#include <core/db/tableschema.h>
#include <core/versioning/uncertainwrite.h>
#include <core/versioning/versionedwriter.h>
#include <core/versioning/versioningconfig.h>

#include <QDateTime>
#include <QList>
#include <QSqlDatabase>
#include <QSqlRecord>
#include <QString>
#include <QStringList>
#include <QVariant>

/// Record history (issue #15): every version of a record kept, compared, restored; deleted
/// records recovered. Opt-in per table.
///
/// How it is kept. enable() creates, beside the table, a history table of Concord's own
/// (historyTableName(): "concord_history_<table>", shortened with a hash when the database would
/// truncate the name) and row triggers AFTER INSERT, UPDATE and DELETE that copy the row into it.
/// The database fills it, so writes made with psql, sqlite3, imports and bulk jobs are recorded
/// as well as the editor's. Its columns: concord_id (autoincrement / identity: the order),
/// concord_operation ('insert', 'update', 'delete'), concord_changed_by, concord_changed_at (the
/// server's clock), concord_row_key (the key encoded as DeletedVersions::encodeKey() does,
/// indexed), then a copy of every column of the table (same declared type, no constraint). An
/// update or insert records the row as written (NEW), a delete the row as it was (OLD).
///
/// One entry per version. On SQLite with the Trigger policy the version trigger updates the row
/// a second time to bump its version; the history trigger records only the update that changed
/// the version, so a version is recorded once, with its final number. (A key deleted and inserted
/// again by VersionedWriter::insert() gets two entries, the insert and the raise above its
/// tombstone; recover() inserts at the final version at once.)
///
/// Who. PostgreSQL: current_user, in the trigger (as the audit column would have it, see
/// core/db/auditstamp.h). SQLite has no users, and a trigger cannot read a connection's TEMP
/// table; an insert or update records the table's audit "by" column (AuditConfig) when it has
/// one, and otherwise NULL; Concord's own writes (VersionedWriter) then fill in their OS account
/// for the entry their statement made, in the same transaction (one more statement per write,
/// on SQLite only and only when history is on). A delete on SQLite always records NULL and is
/// filled the same way. A write from another program leaves NULL: changedBy is empty (unknown).
///
/// Settings. Recorded per table in concord_history_settings (table_name, history_table,
/// retention, the shape the triggers were made for), so that every client agrees.
///
/// Every function reads or writes through bound statements (BoundQuery) and quotes every name
/// (quotedTable()/quotedField()); names read from the database pass checkIdentifier() first.
namespace Concord::History {

inline constexpr char settingsTableName[] = "concord_history_settings";
/// Every history table's name starts with this (isConcordTable() knows it as Concord's).
inline constexpr char tablePrefix[] = "concord_history_";

/// How much history a table keeps; applyRetention() (by HistoryRetentionJob) enforces it.
struct Retention
{
    enum class Kind {
        KeepAll,      ///< everything (the default)
        LastVersions, ///< the newest \a amount entries of each key
        Days,         ///< entries younger than \a amount days, by the server's clock
    };
    Kind kind = Kind::KeepAll;
    int amount = 0; ///< ≥ 1 for LastVersions and Days, unused for KeepAll

    static Retention keepAll() { return {}; }
    static Retention lastVersions(int count) { return {Kind::LastVersions, count}; }
    static Retention days(int count) { return {Kind::Days, count}; }

    /// InvalidArgument when amount < 1 for LastVersions or Days.
    Result<void> validate() const;
    /// "keep everything", "keep the last 10 versions", "keep 30 days".
    QString text() const;
    bool operator==(const Retention &other) const { return kind == other.kind && amount == other.amount; }
    bool operator!=(const Retention &other) const { return !(*this == other); }
};

/// Whether a table keeps history.
enum class State {
    Off,      ///< never enabled, or disabled (the history table may be kept: Status::hasHistoryTable)
    UpToDate, ///< triggers and history table match the table's columns and versioning
    Outdated, ///< recording, but columns were added (or the versioning changed) since: enable() again
};

struct Status
{
    QString table;
    QString historyTable;  ///< historyTableName(table)
    State state = State::Off;
    Retention retention;   ///< as recorded (KeepAll when Off and never set)
    bool hasHistoryTable = false; ///< the history table exists (also after disable(…, true))
    QStringList missingColumns;   ///< Outdated: the table's columns the history table lacks
};

/// "concord_history_<table>" (lower-cased on SQLite), shortened with a hash when the database would
/// truncate it (PostgreSQL's 63 bytes), as VersionTriggers::triggerName() does.
QString historyTableName(const QString &table);
/// True for a history table's name (the prefix), for isConcordTable() and the table lists.
bool isHistoryTable(const QString &table);

/// The state of \a table's history. Reads only; a database without the settings table is Off.
/// NotFound for an unknown table.
Result<Status> status(const QSqlDatabase &db, const QString &table);

/// Starts (or brings up to date) \a schema's history with \a retention, all in one transaction:
/// creates the history table (or adds the columns it lacks with ALTER TABLE ADD COLUMN), its
/// index and the triggers (replacing older ones), and records the settings. Rows already in the
/// table get no entry until they are written. Refuses (NoVersionColumn) a table that is not
/// versioned (no version column in \a schema), InvalidArgument for a bad retention, a Concord
/// table, or a table with a column whose name starts with "concord_" (the history's own).
/// Running it on an UpToDate table replaces the triggers with the same ones and records \a retention.
Result<void> enable(const QSqlDatabase &db, const TableSchema &schema, const Retention &retention = {});
/// Stops recording: drops the triggers and forgets the settings; with \a keepHistory the history
/// table stays (versions(), deleted() and recover() still read it, and enable() resumes it), else
/// it is dropped. One transaction. Doing it on a table whose history is Off is not an error.
Result<void> disable(const QSqlDatabase &db, const QString &table, bool keepHistory);
/// Records a new retention for an enabled table (NotFound when history is Off); nothing is
/// deleted until applyRetention() runs.
Result<void> setRetention(const QSqlDatabase &db, const QString &table, const Retention &retention);

/// Deletes what \a table's retention no longer keeps; returns how many entries went. LastVersions
/// keeps the newest N entries of each key; Days deletes entries whose changed_at is older than N
/// days by the server's clock. Neither ever deletes a key's newest entry: a deleted key keeps its
/// delete entry (with the values it had), so recover() still works, and a live key keeps the
/// entry of its current version. Call under the table's lock: HistoryRetentionJob does.
Result<int> applyRetention(const QSqlDatabase &db, const QString &table);

enum class Operation { Insert, Update, Delete };
/// "insert", "update", "delete": the text the history table holds.
QString operationName(Operation operation);

/// One version of a record as the history table holds it.
struct Entry
{
    qint64 id = 0;         ///< the history row: larger is later
    Operation operation = Operation::Update;
    QVariant version;      ///< the row's version after the write (before it, for a delete)
    /// The table's fields, in table order, typed like the table's: the row as written (for a
    /// delete, as it was). A column added to the table after the entry was made is NULL.
    QSqlRecord values;
    QString changedBy;     ///< empty when unknown (a write from another program on SQLite)
    QDateTime changedAt;   ///< the server's clock, UTC
    /// Fields whose value differs from the previous entry of the same key: every field for an
    /// insert or when the previous entry is gone (pruned), none for a delete. The version column
    /// and the audit columns are never listed: they change on every write.
    QStringList changedFields;
};

/// Every entry of \a key (its key fields, as for VersionedWriter), newest first. An empty list
/// when there is none; NotFound when \a schema's table has no history table.
Result<QList<Entry>> versions(const QSqlDatabase &db, const TableSchema &schema, const QSqlRecord &key);
/// The entries of \a key written after \a afterVersion, up to and including \a upToVersion,
/// newest first: what someone else changed between the version I loaded and theirs (the merge
/// dialog's "what they changed"). Versions compare as integers.
Result<QList<Entry>> between(const QSqlDatabase &db, const TableSchema &schema, const QSqlRecord &key,
                             const QVariant &afterVersion, const QVariant &upToVersion);
/// The newest entry of \a key at \a version that is not a delete; NotFound when there is none.
Result<Entry> entryAt(const QSqlDatabase &db, const TableSchema &schema, const QSqlRecord &key, const QVariant &version);

/// A key whose newest entry is a delete.
struct DeletedRecord
{
    QSqlRecord key;   ///< the key fields
    Entry last;       ///< the delete entry, with the values the row had
    bool keyReused = false; ///< a row with this key exists again: recover() would refuse
};
/// The deleted records of \a schema's table, newest delete first (one statement).
Result<QList<DeletedRecord>> deleted(const QSqlDatabase &db, const TableSchema &schema);

/// The fields restore() or recover() writes from \a entry: its values but the version column
/// and the audit columns (Concord sets those), and for restore() (\a withKey false) the key.
/// The editor uses it to put a version's values into the model as "mine".
QSqlRecord restorableValues(const TableSchema &schema, const AuditColumns &audit, const Entry &entry, bool withKey);

/// What restore() or recover() came to.
struct WriteOutcome
{
    enum class Kind {
        Written,   ///< stored as a new version: see stored
        Conflict,  ///< restore(): the record is no longer at the expected version (or was deleted)
        KeyReused, ///< recover(): a row with the key exists again; nothing was written
        Unknown,   ///< the connection was lost after sending: see uncertain
        Failed,    ///< refused before writing or by the database: see error
    };
    Kind kind = Kind::Failed;
    QSqlRecord values;  ///< what was (to be) written: the version's values, "mine" for a merge
    QSqlRecord stored;  ///< Written: the row as stored, with its final version
    QSqlRecord current; ///< Conflict, KeyReused: the row now in the database (empty: deleted)
    Error error;        ///< Failed: NotFound (no history, no such version), Sql, ...; RecordModified
                        ///< for Conflict, InvalidArgument for KeyReused, with a message saying so
    UncertainWrite uncertain; ///< Unknown: VersionedWriter::uncertainWrite()
};

/// Writes the values of \a key's entry at \a historyVersion as a new version of the record,
/// through VersionedWriter::update() with \a expectedCurrentVersion: if the record is no longer
/// at that version the outcome is Conflict (the normal RecordModifiedError case; current holds
/// the row) and nothing is written. The key, version and audit fields are not restored.
WriteOutcome restore(const QSqlDatabase &db, const TableSchema &schema, const VersioningConfig &config,
                     const QSqlRecord &key, const QVariant &historyVersion, const QVariant &expectedCurrentVersion);

/// Inserts the deleted record \a key again, with its key and its last values, through
/// VersionedWriter::insert(): at a version above both its tombstone (concord_deleted_versions)
/// and every version its history holds, so no version repeats. KeyReused when a row with the
/// key exists (looked up first, and a unique violation on a race means the same); Failed with
/// NotFound when the key's newest entry is not a delete (nothing to recover).
WriteOutcome recover(const QSqlDatabase &db, const TableSchema &schema, const VersioningConfig &config,
                     const QSqlRecord &key);

} // namespace Concord::History
