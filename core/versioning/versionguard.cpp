// SPDX-License-Identifier: MIT
// SPDX-FileCopyrightText: 2026 Concord developers
#include "versionguard.h"

#include <core/db/catalog.h>

#include <core/db/databaseaddress.h>

#include <QCoreApplication>
#include <QHash>
#include <QLoggingCategory>
#include <QMutex>
#include <QMutexLocker>
#include <QSqlDatabase>
#include <QSqlQuery>
#include <QVariant>

#include <array>

using namespace Qt::StringLiterals;

Q_LOGGING_CATEGORY(lcGuard, "concord.guard")

namespace Concord {

namespace {

using Counts = std::array<int, 2>; // per GuardKind

struct Registry
{
    QMutex mutex;
    Counts everything{0, 0};
    QHash<QString, Counts> tables;
    QHash<QString, Counts> rows;
    quint64 writes = 0;                 ///< stateFor() calls: the checked writes of any table
    QHash<QString, quint64> tableHits; ///< stateFor() calls that found the table guarded
};

Registry &registry()
{
    static Registry instance;
    return instance;
}

QString rowKey(const QString &table, const QSqlRecord &key)
{
    QString text = table;
    for (int i = 0; i < key.count(); ++i)
        text += QChar(0x1e) + key.fieldName(i) + QChar(0x1f) + key.value(i).toString();
    return text;
}

void adjust(QHash<QString, Counts> &map, const QString &key, GuardKind kind, int delta)
{
    Counts &counts = map[key];
    counts[int(kind)] += delta;
    if (counts[0] == 0 && counts[1] == 0)
        map.remove(key);
}

} // namespace

VersionGuard::VersionGuard(Scope scope, QString key, GuardKind kind, GuardCounts *counts)
    : m_scope(scope)
    , m_key(std::move(key))
    , m_kind(kind)
    , m_counts(counts)
{
    if (m_scope == Scope::Model) {
        m_counts->adjust(kind, +1);
        return;
    }
    Registry &r = registry();
    QMutexLocker locker(&r.mutex);
    switch (m_scope) {
    case Scope::Everything:
        ++r.everything[int(kind)];
        break;
    case Scope::Table:
        adjust(r.tables, m_key, kind, +1);
        m_writesAtStart = r.writes;
        m_hitsAtStart = r.tableHits.value(m_key);
        break;
    case Scope::Row:
        adjust(r.rows, m_key, kind, +1);
        break;
    case Scope::Model:
    case Scope::Released:
        break;
    }
}

VersionGuard::VersionGuard(VersionGuard &&other) noexcept
    : m_scope(other.m_scope)
    , m_key(std::move(other.m_key))
    , m_kind(other.m_kind)
    , m_counts(other.m_counts)
    , m_writesAtStart(other.m_writesAtStart)
    , m_hitsAtStart(other.m_hitsAtStart)
{
    other.m_scope = Scope::Released;
}

VersionGuard::~VersionGuard()
{
    if (m_scope == Scope::Released)
        return;
    if (m_scope == Scope::Model) {
        m_counts->adjust(m_kind, -1);
        return;
    }
    Registry &r = registry();
    QMutexLocker locker(&r.mutex);
    bool missed = false;
    switch (m_scope) {
    case Scope::Everything:
        --r.everything[int(m_kind)];
        break;
    case Scope::Table:
        missed = r.writes > m_writesAtStart && r.tableHits.value(m_key) == m_hitsAtStart;
        adjust(r.tables, m_key, m_kind, -1);
        if (!r.tables.contains(m_key))
            r.tableHits.remove(m_key);
        break;
    case Scope::Row:
        adjust(r.rows, m_key, m_kind, -1);
        break;
    case Scope::Model:
    case Scope::Released:
        break;
    }
    locker.unlock();
    if (missed) {
        qCWarning(lcGuard).noquote() << u"A VersionGuard for table \"%1\" ended without guarding any write, "
                                        "while writes to other tables went by: is the table name right?"_s.arg(m_key);
    }
}

VersionGuard VersionGuard::forEverything(GuardKind kind)
{
    return VersionGuard(Scope::Everything, {}, kind);
}

VersionGuard VersionGuard::forTable(const QString &table, GuardKind kind)
{
    return VersionGuard(Scope::Table, table, kind);
}

Result<VersionGuard> VersionGuard::forTable(const QSqlDatabase &db, const QString &table, GuardKind kind)
{
    if (!db.isOpen()) {
        return makeError(ErrorCode::InvalidArgument,
                         QCoreApplication::translate("Concord::VersionGuard", "The database is not open."));
    }
    // A name no table may have (core/db/catalog.h) guards nothing, like a name no table has.
    const Result<bool> exists = tableExists(db, table);
    if (!exists && exists.error().code != ErrorCode::InvalidArgument)
        return exists.error();
    if (!exists || !exists.value()) {
        return makeError(ErrorCode::NotFound,
                         QCoreApplication::translate("Concord::VersionGuard", "There is no table %1 to guard.").arg(table));
    }
    return VersionGuard(Scope::Table, table, kind);
}

VersionGuard VersionGuard::forRow(const QString &table, const QSqlRecord &key, GuardKind kind)
{
    return VersionGuard(Scope::Row, rowKey(table, key), kind);
}

VersionGuard VersionGuard::forCounts(GuardCounts &counts, GuardKind kind)
{
    return VersionGuard(Scope::Model, {}, kind, &counts);
}

GuardState VersionGuard::stateFor(const QString &table, const QSqlRecord &key)
{
    Registry &r = registry();
    QMutexLocker locker(&r.mutex);
    ++r.writes;
    Counts counts = r.everything;
    const auto guarded = r.tables.constFind(table);
    const Counts tableCounts = guarded != r.tables.constEnd() ? *guarded : Counts{0, 0};
    if (guarded != r.tables.constEnd())
        ++r.tableHits[table];
    // Most writes run with no row guard anywhere: the key's text is only worth building then.
    const Counts rowCounts = r.rows.isEmpty() ? Counts{0, 0} : r.rows.value(rowKey(table, key), Counts{0, 0});
    for (int i = 0; i < 2; ++i)
        counts[i] += tableCounts[i] + rowCounts[i];
    return GuardState{counts[int(GuardKind::SkipCheck)] > 0, counts[int(GuardKind::NoIncrement)] > 0};
}

} // namespace Concord
