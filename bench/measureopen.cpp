// SPDX-License-Identifier: MIT
// SPDX-FileCopyrightText: 2026 Concord developers
// Measure 3: opening a table and showing its first screen.
#include "measures.h"

#include "instructions.h"

#include <core/model/versionedtablemodel.h>

#include <QJsonDocument>
#include <QJsonObject>
#include <QProcess>
#include <QSqlError>
#include <QSqlQuery>

#include <cstdio>
#include <memory>

using namespace Qt::StringLiterals;

namespace Concord::Bench {

namespace {

constexpr int screenRows = 50;

/// What the grid does to show the first screen: every cell of the first rows.
int readFirstScreen(const QAbstractItemModel &model)
{
    int cells = 0;
    const int rows = std::min(screenRows, model.rowCount());
    for (int row = 0; row < rows; ++row) {
        for (int column = 0; column < model.columnCount(); ++column)
            cells += model.data(model.index(row, column)).isValid() ? 1 : 0;
    }
    return cells;
}

std::unique_ptr<VersionedTableModel> openModel(const QSqlDatabase &db, const QString &table)
{
    auto model = std::make_unique<VersionedTableModel>(nullptr, db);
    model->setTable(table);
    model->setSort(model->fieldIndex(u"id"_s), Qt::AscendingOrder);
    if (model->tableName().isEmpty() || !model->select())
        die(u"cannot open %1: %2"_s.arg(table, model->lastError().text()));
    if (readFirstScreen(*model) == 0)
        die(u"%1 showed no rows"_s.arg(table));
    return model;
}

/// The reference: a bare query for just the rows of the first screen.
std::unique_ptr<QSqlQuery> openBare(const QSqlDatabase &db, const QString &table)
{
    auto query = std::make_unique<QSqlQuery>(db);
    query->setForwardOnly(true);
    if (!query->exec(u"SELECT id, name, email, city, qty, note, version FROM %1 ORDER BY id LIMIT %2"_s.arg(table).arg(screenRows)))
        die(u"bare query on %1 failed: %2"_s.arg(table, query->lastError().text()));
    int cells = 0;
    while (query->next()) {
        for (int column = 0; column < 7; ++column)
            cells += query->value(column).isValid() ? 1 : 0;
    }
    if (cells == 0)
        die(u"%1 returned no rows"_s.arg(table));
    return query;
}

/// Runs one worker process for \a side and returns its resident-memory growth in MiB.
double memoryInWorker(const Context &context, const QString &table, const QString &side)
{
    QProcess worker;
    worker.setProcessChannelMode(QProcess::ForwardedErrorChannel);
    worker.start(context.program, {u"--worker"_s, u"open"_s, u"--address"_s, context.backend.addressText(),
                                   u"--table"_s, table, u"--side"_s, side});
    if (!worker.waitForFinished(600000) || worker.exitCode() != 0)
        die(u"the open worker failed for %1 (%2)"_s.arg(table, side));
    const QJsonObject result = QJsonDocument::fromJson(worker.readAllStandardOutput()).object();
    return result.value("rssDeltaMiB"_L1).toDouble();
}

} // namespace

int openWorker(const QStringList &arguments)
{
    const Backend backend = workerBackend(arguments);
    const QString table = argumentValue(arguments, u"--table"_s);
    const bool ours = argumentValue(arguments, u"--side"_s) == "ours"_L1;
    const QSqlDatabase db = openOrDie(backend, u"bench-open-worker"_s);
    // Warm up the driver and the file cache outside the measurement, with both code paths.
    openBare(db, table);
    { VersionedTableModel warm(nullptr, db); warm.setTable(table); }
    const double before = residentMiB();
    std::unique_ptr<VersionedTableModel> model;
    std::unique_ptr<QSqlQuery> query;
    if (ours)
        model = openModel(db, table);
    else
        query = openBare(db, table);
    const double after = residentMiB();
    const QByteArray json = QJsonDocument(QJsonObject{{u"rssDeltaMiB"_s, after - before}}).toJson(QJsonDocument::Compact);
    std::fputs(json.constData(), stdout);
    return 0;
}

void measureOpen(const Context &context)
{
    const Settings &s = context.settings;
    const QSqlDatabase db = openOrDie(context.backend, u"bench-open"_s);
    QList<double> memoryBySize;
    for (int size : context.sizes) {
        const QString table = benchTable(db, size);
        const auto openOurs = [&] {
            Stopwatch timer;
            auto model = openModel(db, table);
            const double ms = timer.stop();
            model.reset(); // closing is not part of opening
            return ms;
        };
        const auto openReference = [&] {
            Stopwatch timer;
            auto query = openBare(db, table);
            return timer.stop();
        };
        const int repetitions = size >= 1000000 ? (s.quick ? 3 : 5) : s.repetitions;
        const Paired time = measurePaired(1, repetitions, openOurs, openReference);
        context.report->add(Row{u"3 open + first 50 rows (ms)"_s, context.backend.name, sizeLabel(size), time.ours,
                                time.reference, time.ratio, u"<= 2x"_s, time.ratio <= 2});

        // Memory in fresh processes: inside one long-lived process, freed heap is reused and
        // the deltas would say more about the allocator than about the model.
        QList<double> oursMiB;
        QList<double> bareMiB;
        for (int i = 0; i < 3; ++i) {
            oursMiB << memoryInWorker(context, table, u"ours"_s);
            bareMiB << memoryInWorker(context, table, u"reference"_s);
        }
        const double oursMemory = median(oursMiB);
        const double bareMemory = median(bareMiB);
        memoryBySize << oursMemory;
        // The goal is about growth with the table: within 2x of the smallest table (plus 1 MiB
        // of slack for allocator granularity).
        const bool flat = oursMemory <= 2 * memoryBySize.first() + 1;
        context.report->add(Row{u"3 open: RSS growth (MiB)"_s, context.backend.name, sizeLabel(size), oursMemory,
                                bareMemory, bareMemory > 0 ? std::optional<double>(oursMemory / bareMemory) : std::nullopt,
                                u"flat: <= 2x the %1 table + 1 MiB"_s.arg(sizeLabel(context.sizes.first())), flat});
    }
}

} // namespace Concord::Bench
