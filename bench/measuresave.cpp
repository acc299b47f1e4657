// SPDX-License-Identifier: MIT
// SPDX-FileCopyrightText: 2026 Concord developers
// Measures 1 and 2: saving edited rows.
#include "measures.h"

#include "instructions.h"

#include <core/model/versionedtablemodel.h>

#include <QHash>
#include <QSqlError>
#include <QSqlQuery>
#include <QSqlTableModel>

#include <memory>

using namespace Qt::StringLiterals;

namespace Concord::Bench {

namespace {

// Rows of the first screen, one per contender so that none of them changes a row another has
// loaded: a version bumped behind the model's back would turn its next save into a conflict.
constexpr int oursRow = 10;
constexpr int stockRow = 20;
constexpr int rawId = 31;

int nameColumn(const QSqlTableModel &model)
{
    return model.fieldIndex(u"name"_s);
}

void selectOrDie(QSqlTableModel &model, const QString &table)
{
    model.setTable(table);
    model.setSort(model.fieldIndex(u"id"_s), Qt::AscendingOrder);
    if (model.tableName().isEmpty() || !model.select())
        die(u"cannot select %1: %2"_s.arg(table, model.lastError().text()));
}

qint64 currentVersion(const QSqlDatabase &db, const QString &table, int id)
{
    QSqlQuery query(db);
    query.prepare(u"SELECT version FROM %1 WHERE id = ?"_s.arg(table));
    query.addBindValue(id);
    if (!query.exec() || !query.next())
        die(u"cannot read the version of %1 id %2: %3"_s.arg(table).arg(id).arg(query.lastError().text()));
    return query.value(0).toLongLong();
}

/// The floor: one prepared, version-checked UPDATE that bumps the version, prepared once and
/// executed again and again, as hand-written code would do it.
class RawUpdater
{
public:
    RawUpdater(const QSqlDatabase &db, const QString &table)
        : m_query(db)
    {
        if (!m_query.prepare(u"UPDATE %1 SET name = ?, version = version + 1 WHERE id = ? AND version = ?"_s.arg(table)))
            die(u"cannot prepare the raw update: %1"_s.arg(m_query.lastError().text()));
    }

    void update(int id, qint64 &version, const QString &name)
    {
        m_query.bindValue(0, name);
        m_query.bindValue(1, id);
        m_query.bindValue(2, version);
        if (!m_query.exec() || m_query.numRowsAffected() != 1)
            die(u"raw update of id %1 failed: %2"_s.arg(id).arg(m_query.lastError().text()));
        ++version;
    }

private:
    QSqlQuery m_query;
};

void saveOneAt(const Context &context, const QSqlDatabase &db, int size)
{
    const Settings &s = context.settings;
    // Issue #13's goals: the safety of a save costs a third on SQLite, half on PostgreSQL.
    const double oneRowGoal = isSQLite(db) ? 1.3 : 1.5;
    const QString table = benchTable(db, size);
    VersionedTableModel ours(nullptr, db);
    selectOrDie(ours, table);
    QSqlTableModel stock(nullptr, db);
    stock.setEditStrategy(QSqlTableModel::OnManualSubmit);
    selectOrDie(stock, table);
    RawUpdater raw(db, table);
    qint64 rawVersion = currentVersion(db, table, rawId);
    int counter = 0;

    const auto saveOurs = [&] {
        ours.setData(ours.index(oursRow, nameColumn(ours)), u"ours %1"_s.arg(++counter));
        Stopwatch timer;
        if (!ours.submitAll())
            die(u"VersionedTableModel::submitAll failed: %1"_s.arg(ours.lastError().text()));
        return timer.stop();
    };
    const auto saveRaw = [&] {
        const QString name = u"raw %1"_s.arg(++counter);
        Stopwatch timer;
        raw.update(rawId, rawVersion, name);
        return timer.stop();
    };
    const auto saveStock = [&] {
        stock.setData(stock.index(stockRow, nameColumn(stock)), u"stock %1"_s.arg(++counter));
        Stopwatch timer;
        if (!stock.submitAll())
            die(u"QSqlTableModel::submitAll failed: %1"_s.arg(stock.lastError().text()));
        return timer.stop();
    };

    const Paired floor = measurePaired(s.warmups, s.repetitions * 2, saveOurs, saveRaw);
    context.report->add(Row{u"1 save one row (ms) vs raw UPDATE"_s, context.backend.name, sizeLabel(size),
                            floor.ours, floor.reference, floor.ratio, u"<= %1x"_s.arg(oneRowGoal), floor.ratio <= oneRowGoal});
    // Stock QSqlTableModel reselects the whole table after every save, which on PostgreSQL
    // means fetching every row again; fewer repetitions keep the full run within its budget.
    const int stockRepetitions = size >= 1000000 ? 3 : s.repetitions;
    const Paired versusStock = measurePaired(1, stockRepetitions, saveOurs, saveStock);
    context.report->add(Row{u"1 save one row (ms) vs QSqlTableModel"_s, context.backend.name, sizeLabel(size),
                            versusStock.ours, versusStock.reference, versusStock.ratio, u"report (< 1 is faster)"_s,
                            versusStock.ratio < 1});
}

} // namespace

void measureSaveOne(const Context &context)
{
    const QSqlDatabase db = openOrDie(context.backend, u"bench-save-one"_s);
    QList<double> oursBySize;
    for (int size : context.sizes) {
        saveOneAt(context, db, size);
        for (auto it = context.report->rows().crbegin(); it != context.report->rows().crend(); ++it) {
            if (it->measure.endsWith("vs raw UPDATE"_L1)) {
                oursBySize << it->ours.value_or(0);
                break;
            }
        }
    }
    // No growth with the table: the largest table's save against the smallest's, same run.
    if (oursBySize.size() >= 2 && oursBySize.first() > 0) {
        const double growth = oursBySize.last() / oursBySize.first();
        context.report->add(Row{u"1 save one row: largest / smallest table"_s, context.backend.name,
                                sizeLabel(context.sizes.last()) + u'/' + sizeLabel(context.sizes.first()),
                                oursBySize.last(), oursBySize.first(), growth, u"<= 1.5x (flat)"_s, growth <= 1.5});
    }
}

void measureSaveMany(const Context &context)
{
    const Settings &s = context.settings;
    // Issue #13: on PostgreSQL the batched save must beat the per-row floor.
    const int edited = s.quick ? 2000 : 10000;
    const QSqlDatabase db = openOrDie(context.backend, u"bench-save-many"_s);
    // The model edits ids 1..edited, the raw batch the ids after them.
    const QString table = benchTable(db, edited * 2);
    const double manyRowsGoal = isSQLite(db) ? 2 : 1;
    VersionedTableModel ours(nullptr, db);
    selectOrDie(ours, table);
    while (ours.rowCount() < edited && ours.canFetchMore())
        ours.fetchMore();
    if (ours.rowCount() < edited)
        die(u"the model loaded only %1 rows"_s.arg(ours.rowCount()));

    QHash<int, qint64> rawVersions;
    {
        QSqlQuery query(db);
        query.exec(u"SELECT id, version FROM %1 WHERE id > %2"_s.arg(table).arg(edited));
        while (query.next())
            rawVersions.insert(query.value(0).toInt(), query.value(1).toLongLong());
    }
    RawUpdater raw(db, table);
    int counter = 0;

    const auto saveOurs = [&] {
        ++counter;
        const int column = nameColumn(ours);
        for (int row = 0; row < edited; ++row)
            ours.setData(ours.index(row, column), u"ours %1 %2"_s.arg(counter).arg(row));
        Stopwatch timer;
        if (!ours.submitAll())
            die(u"VersionedTableModel::submitAll failed: %1"_s.arg(ours.lastError().text()));
        return timer.stop();
    };
    const auto saveRaw = [&] {
        ++counter;
        QStringList names;
        for (int i = 0; i < edited; ++i)
            names << u"raw %1 %2"_s.arg(counter).arg(i);
        Stopwatch timer;
        execOrDie(db, isSQLite(db) ? u"BEGIN IMMEDIATE"_s : u"BEGIN"_s);
        for (int i = 0; i < edited; ++i) {
            const int id = edited + 1 + i;
            raw.update(id, rawVersions[id], names.at(i));
        }
        execOrDie(db, u"COMMIT"_s);
        return timer.stop();
    };
    const int repetitions = s.quick ? 3 : 7;
    const Paired result = measurePaired(1, repetitions, saveOurs, saveRaw);
    context.report->add(Row{u"2 save many rows in one submit (ms)"_s, context.backend.name, sizeLabel(edited) + u" rows"_s,
                            result.ours, result.reference, result.ratio, u"<= %1x"_s.arg(manyRowsGoal), result.ratio <= manyRowsGoal});
}

} // namespace Concord::Bench
