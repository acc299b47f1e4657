// SPDX-License-Identifier: MIT
// SPDX-FileCopyrightText: 2026 Concord developers
#include "threewaymerge.h"

#include <core/merge/recordmodifiederror.h>

#include <QCoreApplication>
#include <QSqlField>

using namespace Qt::StringLiterals;

namespace Concord {

namespace {

QString trMerge(const char *text)
{
    return QCoreApplication::translate("Concord::ThreeWayMerge", text);
}

// The source of a field's automatic result. Theirs is preferred when nobody changed the value:
// it is the database's own representation of it.
ResultSource automaticSourceOf(const FieldMerge &field, bool theirsDeleted)
{
    const ResultSource current = theirsDeleted ? ResultSource::Mine : ResultSource::Theirs;
    switch (field.status) {
    case FieldStatus::Unchanged:
        return field.databaseManaged && theirsDeleted ? ResultSource::Base : current;
    case FieldStatus::ChangedByMine:
    case FieldStatus::ChangedBothSame:
        return ResultSource::Mine;
    case FieldStatus::ChangedByTheirs:
        return ResultSource::Theirs;
    case FieldStatus::Conflict:
        break;
    }
    return ResultSource::None;
}

void setAutomaticResult(FieldMerge &field, bool theirsDeleted)
{
    field.source = automaticSourceOf(field, theirsDeleted);
    field.result = field.valueOf(field.source);
}

} // namespace

QVariant FieldMerge::valueOf(ResultSource side) const
{
    switch (side) {
    case ResultSource::Base:
        return base;
    case ResultSource::Mine:
        return mine;
    case ResultSource::Theirs:
        return theirs;
    case ResultSource::None:
    case ResultSource::Edited:
        break;
    }
    return {};
}

int MergeResult::indexOf(const QString &name) const
{
    for (int i = 0; i < fields.size(); ++i) {
        if (fields.at(i).name.compare(name, Qt::CaseInsensitive) == 0)
            return i;
    }
    return -1;
}

const FieldMerge *MergeResult::field(const QString &name) const
{
    const int i = indexOf(name);
    return i < 0 ? nullptr : &fields.at(i);
}

int MergeResult::unresolvedCount() const
{
    return int(unresolvedFields().size());
}

QStringList MergeResult::conflictingFields() const
{
    return fieldsWith(FieldStatus::Conflict);
}

QStringList MergeResult::unresolvedFields() const
{
    QStringList names;
    for (const FieldMerge &f : fields) {
        if (!f.resolved())
            names << f.name;
    }
    return names;
}

QStringList MergeResult::fieldsWith(FieldStatus status) const
{
    QStringList names;
    for (const FieldMerge &f : fields) {
        if (f.status == status)
            names << f.name;
    }
    return names;
}

bool MergeResult::resolveField(int index, ResultSource side)
{
    if (index < 0 || index >= fields.size() || fields.at(index).databaseManaged)
        return false;
    if (side == ResultSource::None || side == ResultSource::Edited || (side == ResultSource::Theirs && theirsDeleted))
        return false;
    FieldMerge &f = fields[index];
    f.source = side;
    f.result = f.valueOf(side);
    return true;
}

bool MergeResult::setEditedValue(int index, const QVariant &value)
{
    if (index < 0 || index >= fields.size() || fields.at(index).databaseManaged)
        return false;
    fields[index].source = ResultSource::Edited;
    fields[index].result = value;
    return true;
}

int MergeResult::resolveAll(ResultSource side)
{
    int changed = 0;
    for (int i = 0; i < fields.size(); ++i) {
        if (fields.at(i).isConflict() && resolveField(i, side))
            ++changed;
    }
    return changed;
}

ResultSource MergeResult::automaticSource(int index) const
{
    if (index < 0 || index >= fields.size())
        return ResultSource::None;
    return automaticSourceOf(fields.at(index), theirsDeleted);
}

void MergeResult::resetField(int index)
{
    if (index >= 0 && index < fields.size())
        setAutomaticResult(fields[index], theirsDeleted);
}

QSqlRecord MergeResult::record(const QSqlRecord &layout) const
{
    QSqlRecord merged = layout;
    for (const FieldMerge &f : fields) {
        const int i = merged.indexOf(f.name);
        if (i < 0)
            continue;
        if (f.resolved())
            merged.setValue(i, f.result);
        else
            merged.setNull(i);
    }
    return merged;
}

namespace ThreeWayMerge {

FieldStatus classify(const QVariant &base, const QVariant &mine, const QVariant &theirs, ValueKind kind,
                     bool theirsDeleted)
{
    const bool mineChanged = !sameValue(base, mine, kind);
    if (theirsDeleted)
        return mineChanged ? FieldStatus::ChangedByMine : FieldStatus::Unchanged;
    const bool theirsChanged = !sameValue(base, theirs, kind);
    if (!mineChanged)
        return theirsChanged ? FieldStatus::ChangedByTheirs : FieldStatus::Unchanged;
    if (!theirsChanged)
        return FieldStatus::ChangedByMine;
    return sameValue(mine, theirs, kind) ? FieldStatus::ChangedBothSame : FieldStatus::Conflict;
}

Result<MergeResult> merge(const QSqlRecord &base, const QSqlRecord &mine, const QSqlRecord &theirs,
                          bool theirsDeleted, const MergeOptions &options)
{
    if (base.isEmpty())
        return makeError(ErrorCode::InvalidArgument, trMerge("There is no base record to merge against."));
    MergeResult result;
    result.theirsDeleted = theirsDeleted;
    for (int i = 0; i < base.count(); ++i) {
        FieldMerge f;
        f.name = base.fieldName(i);
        const int m = mine.indexOf(f.name);
        const int t = theirs.indexOf(f.name);
        if (m < 0)
            return makeError(ErrorCode::InvalidArgument, trMerge("My record has no field %1.").arg(f.name));
        if (t < 0 && !theirsDeleted)
            return makeError(ErrorCode::InvalidArgument, trMerge("Their record has no field %1.").arg(f.name));
        f.base = base.value(i);
        f.mine = mine.value(m);
        if (!theirsDeleted)
            f.theirs = theirs.value(t);
        f.kind = columnKind(base.field(i).metaType(), {f.base, f.mine, f.theirs});
        f.databaseManaged = f.name.compare(options.versionColumn, Qt::CaseInsensitive) == 0
                         || options.computedColumns.contains(f.name, Qt::CaseInsensitive);
        if (f.databaseManaged) {
            // What I hold in such a column is stale by definition: only theirs counts.
            f.status = !theirsDeleted && !sameValue(f.base, f.theirs, f.kind) ? FieldStatus::ChangedByTheirs
                                                                               : FieldStatus::Unchanged;
        } else {
            f.status = classify(f.base, f.mine, f.theirs, f.kind, theirsDeleted);
        }
        setAutomaticResult(f, theirsDeleted);
        result.fields << f;
    }
    return result;
}

Result<MergeResult> merge(const RecordModifiedError &conflict, const MergeOptions &options)
{
    if (conflict.mine.isEmpty())
        return makeError(ErrorCode::InvalidArgument,
                         trMerge("Record %1 was deleted here; there are no edits to merge.").arg(conflict.keyText()));
    return merge(conflict.base, conflict.mine, conflict.theirs, conflict.deletedByOther, options);
}

} // namespace ThreeWayMerge

} // namespace Concord
