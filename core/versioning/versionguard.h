// SPDX-License-Identifier: MIT
// SPDX-FileCopyrightText: 2026 Concord developers
#pragma once

#include <core/result.h>

#include <QSqlRecord>
#include <QString>

class QSqlDatabase;

namespace Concord {

class VersionedTableModel;

/// What a guard turns off while it lives.
enum class GuardKind {
    SkipCheck,   ///< saves drop the version predicate (imports, repairs) but still bump the version
    NoIncrement, ///< "shadow saves": the version check stays, the version does not move
};

/// The guards in force for one write.
struct GuardState
{
    bool skipCheck = false;
    bool noIncrement = false;
};

/// How many guards of each kind are in force on one owner. A VersionedTableModel owns one;
/// VersionGuard::forModel() counts itself in and out of it, so the guard never calls the model.
class GuardCounts
{
public:
    void adjust(GuardKind kind, int delta) { m_depth[int(kind)] += delta; }
    GuardState state() const { return GuardState{m_depth[0] > 0, m_depth[1] > 0}; }

private:
    int m_depth[2] = {0, 0}; ///< per GuardKind
};

/// A scoped (RAII) guard that relaxes version handling for one model, one table (process-wide),
/// one row, or everything. Guards nest: each one counts, and its destructor restores exactly the
/// state that was there before, also when a save inside it failed. Process-wide guards may be
/// created and destroyed from any thread. A guard on a table that is not versioned does nothing.
///
/// **Table names.** Process-wide guards know no database: a table or row guard matches the
/// writes whose table name is exactly its name (as the model or writer was given it), on every
/// connection. A misspelled name would guard nothing, silently. So:
/// - prefer forTable(db, table, kind), which refuses a table \a db does not have;
/// - a table guard that ends after other tables' writes went by, none of them to its table, logs
///   a warning (category `concord.guard`) naming it: the likely sign of a wrong name. A guard
///   that saw no write at all stays quiet.
///
///     {
///         const auto importing = VersionGuard::forTable(db, u"orders"_s, GuardKind::SkipCheck);
///         if (!importing)
///             return importing.error(); // NotFound: there is no table "orders"
///         model.submitAll(); // overwrites whatever is there, still bumping versions
///     }
class VersionGuard
{
public:
    static VersionGuard forEverything(GuardKind kind);
    /// Every write to \a table, on any connection. Checks nothing: see "Table names" above.
    static VersionGuard forTable(const QString &table, GuardKind kind);
    /// Every write to \a table, on any connection, once \a db confirmed the table exists: the
    /// name must be spelled as the catalog stores it (PostgreSQL: lower case for an unquoted
    /// name; `schema.table` looks in that schema, a bare name in the search path). Fails with
    /// NotFound for a table or view \a db does not have, InvalidArgument for a closed \a db and
    /// Sql when the catalog cannot be read; then nothing is guarded. The guard is the same
    /// process-wide guard as forTable(table, kind): \a db is only asked, never kept.
    static Result<VersionGuard> forTable(const QSqlDatabase &db, const QString &table, GuardKind kind);
    static VersionGuard forRow(const QString &table, const QSqlRecord &key, GuardKind kind);
    /// Only \a model's saves; the model must outlive the guard. (Defined with the model, which
    /// hands over its GuardCounts: this header only names it.)
    static VersionGuard forModel(VersionedTableModel &model, GuardKind kind);
    /// Counted in \a counts only, which must outlive the guard: for owners other than a model.
    static VersionGuard forCounts(GuardCounts &counts, GuardKind kind);

    /// Runs \a function inside a guard, for callers who prefer a wrapper to a scope.
    template<typename Function>
    static auto wrap(VersionGuard guard, Function function)
    {
        Q_UNUSED(guard)
        return function();
    }

    /// The process-wide guards that apply to a write of \a key in \a table.
    static GuardState stateFor(const QString &table, const QSqlRecord &key);

    VersionGuard(VersionGuard &&other) noexcept;
    VersionGuard &operator=(VersionGuard &&) = delete;
    VersionGuard(const VersionGuard &) = delete;
    VersionGuard &operator=(const VersionGuard &) = delete;
    ~VersionGuard();

private:
    enum class Scope { Everything, Table, Row, Model, Released };
    VersionGuard(Scope scope, QString key, GuardKind kind, GuardCounts *counts = nullptr);

    Scope m_scope;
    QString m_key;
    GuardKind m_kind;
    GuardCounts *m_counts = nullptr; ///< Scope::Model only
    quint64 m_writesAtStart = 0;     ///< Scope::Table: checked writes of any table when it began
    quint64 m_hitsAtStart = 0;       ///< Scope::Table: checked writes of its table when it began
};

} // namespace Concord
