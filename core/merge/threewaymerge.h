// SPDX-License-Identifier: MIT
// SPDX-FileCopyrightText: 2026 Concord developers
#pragma once

#include <core/result.h>
#include <core/values/valuecomparison.h>

#include <QList>
#include <QSqlRecord>
#include <QStringList>
#include <QVariant>

namespace Concord {

struct RecordModifiedError;

/// How one field of a record changed between the version both sides loaded (base), my edit
/// (mine) and what is in the database now (theirs).
enum class FieldStatus {
    Unchanged,       ///< nobody changed it
    ChangedByMine,   ///< only I changed it: the merge takes mine
    ChangedByTheirs, ///< only they changed it: the merge takes theirs
    ChangedBothSame, ///< both changed it to the same value: nothing to decide
    Conflict,        ///< both changed it, to different values: someone must decide
};

/// Where the value in a field's result came from.
enum class ResultSource {
    None,   ///< unresolved conflict: no result yet
    Base,
    Mine,
    Theirs,
    Edited, ///< typed by the user
};

/// The columns a merge must not treat as user data.
struct MergeOptions
{
    /// The optimistic-locking column; the merged record always carries theirs' version.
    QString versionColumn = QStringLiteral("version");
    /// Columns the database computes (triggers, generated columns, modified_at...): never
    /// merged by hand, the result always takes theirs (or base when theirs was deleted).
    QStringList computedColumns;
};

/// One field of a merge. Values are as the drivers returned them; compare with sameValue(kind).
struct FieldMerge
{
    QString name;
    ValueKind kind = ValueKind::Unknown;
    QVariant base;
    QVariant mine;
    QVariant theirs; ///< invalid when theirs was deleted
    FieldStatus status = FieldStatus::Unchanged;
    /// True for the version column and computed columns: status is Unchanged or
    /// ChangedByTheirs, never a conflict, and the result cannot be chosen.
    bool databaseManaged = false;
    QVariant result;                           ///< meaningful only when resolved()
    ResultSource source = ResultSource::None;

    bool resolved() const { return source != ResultSource::None; }
    bool isConflict() const { return status == FieldStatus::Conflict; }
    /// The value of \a side (Base, Mine or Theirs); invalid for None and Edited.
    QVariant valueOf(ResultSource side) const;
};

/// The outcome of a three-way merge of one record: a value, edited by the merge dialog.
///
/// After ThreeWayMerge::merge() every one-sided and identical change is resolved and every
/// conflict is unresolved. resolveField() and resolveAll() record decisions; record() gives
/// the merged record once unresolvedCount() is 0.
class MergeResult
{
public:
    QList<FieldMerge> fields;
    /// Theirs no longer exists. Fields then compare base with mine only and never conflict;
    /// whether to re-create the record is the caller's decision.
    bool theirsDeleted = false;

    /// Index of the field called \a name (case-insensitive), or -1.
    int indexOf(const QString &name) const;
    const FieldMerge *field(const QString &name) const;

    /// Conflicts that have no result yet.
    int unresolvedCount() const;
    /// Every field whose status is Conflict, resolved or not, in record order.
    QStringList conflictingFields() const;
    QStringList unresolvedFields() const;
    /// Fields with \a status, in record order.
    QStringList fieldsWith(FieldStatus status) const;

    /// Sets the result of field \a index to \a side's value (Base, Mine or Theirs). Returns
    /// false for a database-managed field, a bad index, or a side that does not exist (None,
    /// Edited, or Theirs of a deleted record).
    bool resolveField(int index, ResultSource side);
    /// Sets the result of field \a index to \a value typed by the user (source Edited).
    /// Returns false for a database-managed field or a bad index.
    bool setEditedValue(int index, const QVariant &value);
    /// Resolves every conflicting field, resolved before or not, with \a side. One-sided
    /// changes keep their automatic results. Returns the number of fields changed.
    int resolveAll(ResultSource side);
    /// Where the automatic result of field \a index comes from (None for a conflict); a field
    /// whose source differs was overridden by the user.
    ResultSource automaticSource(int index) const;
    /// Back to the automatic result for field \a index (a conflict becomes unresolved again).
    void resetField(int index);

    /// The merged values, in field order, with the field definitions of \a layout (normally
    /// the conflict's base). Unresolved conflicts hold NULL: check unresolvedCount() first.
    QSqlRecord record(const QSqlRecord &layout) const;
};

namespace ThreeWayMerge {

/// Classifies one field. \a theirsDeleted makes theirs absent: the status then only says
/// whether I changed it.
FieldStatus classify(const QVariant &base, const QVariant &mine, const QVariant &theirs, ValueKind kind,
                     bool theirsDeleted = false);

/// Merges mine and theirs against base, field by field, in base's field order.
///
/// Fails with InvalidArgument when base is empty or mine lacks one of base's fields (a
/// deleted mine is not a field merge), or theirs lacks one while not \a theirsDeleted.
/// Fields only mine or theirs have are ignored. Column kinds come from base's field types and,
/// for text-typed columns (SQLite), from the values (see columnKind()).
Result<MergeResult> merge(const QSqlRecord &base, const QSqlRecord &mine, const QSqlRecord &theirs,
                          bool theirsDeleted, const MergeOptions &options = {});

/// Merges the records of \a conflict (an update conflict; a delete has no mine to merge).
Result<MergeResult> merge(const RecordModifiedError &conflict, const MergeOptions &options = {});

} // namespace ThreeWayMerge

} // namespace Concord
