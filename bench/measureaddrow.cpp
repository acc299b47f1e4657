// SPDX-License-Identifier: MIT
// SPDX-FileCopyrightText: 2026 Concord developers
// Measure 9: Add Row on a large table (issue #13): appending a pending row must not read the
// rest of the table, so its time does not grow with the table. Ours is the step on each size,
// the reference the same step on the smallest table, paired in one run.
#include "measures.h"

#include "instructions.h"

#include <core/model/versionedtablemodel.h>

#include <QElapsedTimer>
#include <QSqlError>

#include <memory>

using namespace Qt::StringLiterals;

namespace Concord::Bench {

namespace {

// A model showing its first screen, as the editor has it when the user clicks Add Row.
std::unique_ptr<VersionedTableModel> openShown(const QSqlDatabase &db, const QString &table)
{
    auto model = std::make_unique<VersionedTableModel>(nullptr, db);
    model->setTable(table);
    if (model->tableName().isEmpty() || !model->select())
        die(u"cannot open %1: %2"_s.arg(table, model->lastError().text()));
    for (int row = 0; row < std::min(50, model->rowCount()); ++row)
        model->data(model->index(row, 1));
    return model;
}

double timeAddRow(VersionedTableModel &model)
{
    Stopwatch timer;
    if (!model.insertRows(model.rowCount(), 1))
        die(u"Add Row failed: %1"_s.arg(model.lastError().text()));
    const double ms = timer.stop();
    model.revertAll(); // outside the clock: the next repetition starts from the shown table again
    return ms;
}

} // namespace

void measureAddRow(const Context &context)
{
    const QSqlDatabase db = openOrDie(context.backend, u"bench-addrow"_s);
    const int smallest = context.sizes.first();
    auto reference = openShown(db, benchTable(db, smallest));
    for (int size : context.sizes) {
        auto model = openShown(db, benchTable(db, size));
        const Paired time = measurePaired(1, context.settings.repetitions, [&] { return timeAddRow(*model); },
                                          [&] { return timeAddRow(*reference); });
        context.report->add(Row{u"9 Add Row (ms) vs the same on %1 rows"_s.arg(sizeLabel(smallest)), context.backend.name,
                                sizeLabel(size), time.ours, time.reference, time.ratio, u"<= 2x"_s, time.ratio <= 2});
    }
}

} // namespace Concord::Bench
