// SPDX-License-Identifier: MIT
// SPDX-FileCopyrightText: 2026 Concord developers
// Measure 8: browsing a large table (issue #11): jump to the last row, sort by a non-key column,
// filter by a value, each against the bare query that reads the same screen; and resident
// memory after visiting every page, in fresh processes.
#include "measures.h"

#include "instructions.h"

#include <core/model/gridquery.h>
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
const QString columns = u"id, name, email, city, qty, note, version"_s;

int readScreen(const QAbstractItemModel &model, int first)
{
    int cells = 0;
    const int last = std::min(first + screenRows, model.rowCount());
    for (int row = first; row < last; ++row) {
        for (int column = 0; column < model.columnCount(); ++column)
            cells += model.data(model.index(row, column)).isValid() ? 1 : 0;
    }
    if (cells == 0)
        die(u"the grid showed no rows at %1"_s.arg(first));
    return cells;
}

std::unique_ptr<VersionedTableModel> openModel(const QSqlDatabase &db, const QString &table)
{
    auto model = std::make_unique<VersionedTableModel>(nullptr, db);
    model->setTable(table);
    if (model->tableName().isEmpty() || !model->select())
        die(u"cannot open %1: %2"_s.arg(table, model->lastError().text()));
    return model;
}

double timeBare(const QSqlDatabase &db, const QString &statement, const QVariantList &values = {})
{
    Stopwatch timer;
    QSqlQuery query(db);
    query.setForwardOnly(true);
    query.prepare(statement);
    for (const QVariant &value : values)
        query.addBindValue(value);
    if (!query.exec())
        die(u"%1: %2"_s.arg(statement, query.lastError().text()));
    int cells = 0;
    while (query.next()) {
        for (int column = 0; column < 7; ++column)
            cells += query.value(column).isValid() ? 1 : 0;
    }
    if (cells == 0)
        die(u"%1 returned no rows"_s.arg(statement));
    return timer.stop();
}

// Each side opens the table outside the clock, so that only the step itself is timed.
template<typename Step>
double timeStep(const QSqlDatabase &db, const QString &table, Step step)
{
    auto model = openModel(db, table);
    Stopwatch timer;
    step(*model);
    return timer.stop();
}

double memoryInWorker(const Context &context, const QString &table)
{
    QProcess worker;
    worker.setProcessChannelMode(QProcess::ForwardedErrorChannel);
    worker.start(context.program, {u"--worker"_s, u"browse"_s, u"--address"_s, context.backend.addressText(),
                                   u"--table"_s, table});
    if (!worker.waitForFinished(1200000) || worker.exitCode() != 0)
        die(u"the browse worker failed for %1"_s.arg(table));
    return QJsonDocument::fromJson(worker.readAllStandardOutput()).object().value("rssDeltaMiB"_L1).toDouble();
}

void addRow(const Context &context, const QString &measure, int size, const Paired &time, double goal)
{
    context.report->add(Row{measure, context.backend.name, sizeLabel(size), time.ours, time.reference, time.ratio,
                            u"<= %1x"_s.arg(goal), time.ratio <= goal});
}

} // namespace

// Reads one cell of every row, top to bottom, as scrolling through everything does.
int browseWorker(const QStringList &arguments)
{
    const Backend backend = workerBackend(arguments);
    const QSqlDatabase db = openOrDie(backend, u"bench-browse-worker"_s);
    auto model = openModel(db, argumentValue(arguments, u"--table"_s));
    readScreen(*model, 0);
    const double before = residentMiB();
    for (int row = 0; row < model->rowCount(); ++row)
        model->data(model->index(row, 1));
    const double after = residentMiB();
    std::fputs(QJsonDocument(QJsonObject{{u"rssDeltaMiB"_s, after - before}}).toJson(QJsonDocument::Compact).constData(),
               stdout);
    return 0;
}

void measureBrowse(const Context &context)
{
    const Settings &s = context.settings;
    const QSqlDatabase db = openOrDie(context.backend, u"bench-browse"_s);
    QList<double> memoryBySize;
    for (int size : context.sizes) {
        const QString table = benchTable(db, size);
        const int repetitions = size >= 1000000 ? (s.quick ? 3 : 5) : s.repetitions;
        const Paired end = measurePaired(
            1, repetitions,
            [&] { return timeStep(db, table, [](VersionedTableModel &m) { readScreen(m, m.rowCount() - screenRows); }); },
            [&] { return timeBare(db, u"SELECT %1 FROM %2 ORDER BY id DESC LIMIT %3"_s.arg(columns, table).arg(screenRows)); });
        addRow(context, u"8 jump to the last row (ms)"_s, size, end, 2);

        const Paired sorted = measurePaired(
            1, repetitions,
            [&] {
                return timeStep(db, table, [](VersionedTableModel &m) {
                    m.sort(m.fieldIndex(u"city"_s), Qt::DescendingOrder);
                    readScreen(m, 0);
                });
            },
            [&] {
                return timeBare(db, u"SELECT %1 FROM %2 ORDER BY city DESC, id LIMIT %3"_s.arg(columns, table).arg(screenRows));
            });
        addRow(context, u"8 sort by a non-key column (ms)"_s, size, sorted, 1.5);

        const Paired filtered = measurePaired(
            1, repetitions,
            [&] {
                return timeStep(db, table, [](VersionedTableModel &m) {
                    m.setColumnFilters({ColumnFilter{u"city"_s, ColumnFilter::Op::Equals, u"city 42"_s}});
                    readScreen(m, 0);
                });
            },
            [&] {
                return timeBare(db, u"SELECT %1 FROM %2 WHERE city = ? ORDER BY id LIMIT %3"_s.arg(columns, table).arg(screenRows),
                                {u"city 42"_s});
            });
        addRow(context, u"8 filter by a value (ms)"_s, size, filtered, 1.5);

        QList<double> runs;
        for (int i = 0; i < 3; ++i)
            runs << memoryInWorker(context, table);
        const double memory = median(runs);
        memoryBySize << memory;
        const bool flat = memory <= 2 * memoryBySize.first() + 1;
        context.report->add(Row{u"8 RSS growth after every page (MiB)"_s, context.backend.name, sizeLabel(size), memory,
                                std::nullopt, std::nullopt,
                                u"flat: <= 2x the %1 table + 1 MiB"_s.arg(sizeLabel(context.sizes.first())), flat});
    }
}

} // namespace Concord::Bench
