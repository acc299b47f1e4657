// SPDX-License-Identifier: MIT
// SPDX-FileCopyrightText: 2026 Concord developers
#pragma once

#include <QSqlRecord>
#include <QString>

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
///     {
///         const auto importing = VersionGuard::forTable(u"orders"_s, GuardKind::SkipCheck);
///         model.submitAll(); // overwrites whatever is there, still bumping versions
///     }
class VersionGuard
{
public:
    static VersionGuard forEverything(GuardKind kind);
    static VersionGuard forTable(const QString &table, GuardKind kind);
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

};

} // namespace Concord
