// SPDX-License-Identifier: MIT
// SPDX-FileCopyrightText: 2026 Concord developers
// concord_bench_merge: measure 7, from a conflict to the merge dialog on screen. A separate
// program because it needs widgets; concord_bench runs it offscreen and reads its JSON rows.
#include "../benchreport.h"

#include <core/merge/recordmodifiederror.h>
#include <ui/merge/mergedialog.h>

#include <QApplication>
#include <QDialog>
#include <QElapsedTimer>
#include <QJsonDocument>
#include <QSqlField>

#include <cstdio>

using namespace Qt::StringLiterals;
using namespace Concord;

namespace {

constexpr int fieldCount = 100;

/// A conflict on a record of \a fieldCount text fields plus id and version: I changed every
/// tenth field, they changed every seventh, so some fields merge by themselves and a few clash.
RecordModifiedError makeConflict()
{
    QSqlRecord record;
    record.append(QSqlField(u"id"_s, QMetaType(QMetaType::Int), u"bench_wide"_s));
    for (int i = 0; i < fieldCount; ++i)
        record.append(QSqlField(u"field_%1"_s.arg(i, 3, 10, QChar(u'0')), QMetaType(QMetaType::QString), u"bench_wide"_s));
    record.append(QSqlField(u"version"_s, QMetaType(QMetaType::Int), u"bench_wide"_s));

    RecordModifiedError error;
    error.table = u"bench_wide"_s;
    error.row = 0;
    error.base = record;
    error.base.setValue(0, 1);
    for (int i = 0; i < fieldCount; ++i)
        error.base.setValue(i + 1, u"value %1 as loaded"_s.arg(i));
    error.base.setValue(fieldCount + 1, 3);
    error.mine = error.base;
    error.theirs = error.base;
    for (int i = 0; i < fieldCount; ++i) {
        if (i % 10 == 0)
            error.mine.setValue(i + 1, u"mine %1"_s.arg(i));
        if (i % 7 == 0)
            error.theirs.setValue(i + 1, u"theirs %1"_s.arg(i));
    }
    error.theirs.setValue(fieldCount + 1, 4);
    error.key = QSqlRecord();
    error.key.append(record.field(0));
    error.key.setValue(0, 1);
    error.loadedVersion = 3;
    error.currentVersion = 4;
    error.changedByMe = changedFields(error.base, error.mine, {u"version"_s});
    error.changedByThem = changedFields(error.base, error.theirs, {u"version"_s});
    return error;
}

/// Notes the first paint of the widget it watches: "shown" means drawn, not just show() called.
class PaintWatcher : public QObject
{
public:
    bool painted = false;

protected:
    bool eventFilter(QObject *watched, QEvent *event) override
    {
        if (event->type() == QEvent::Paint)
            painted = true;
        return QObject::eventFilter(watched, event);
    }
};

void showAndWaitForPaint(QDialog &dialog)
{
    PaintWatcher watcher;
    dialog.installEventFilter(&watcher);
    dialog.show();
    QElapsedTimer limit;
    limit.start();
    while (!watcher.painted && limit.elapsed() < 5000)
        QCoreApplication::processEvents(QEventLoop::AllEvents, 5);
    dialog.removeEventFilter(&watcher);
    if (!watcher.painted)
        std::fputs("concord_bench_merge: the dialog was never painted\n", stderr);
}

} // namespace

int main(int argc, char *argv[])
{
    QApplication app(argc, argv);
    const bool quick = app.arguments().contains("--quick"_L1);
    const RecordModifiedError conflict = makeConflict();

    const auto mergeDialog = [&] {
        QElapsedTimer timer;
        timer.start();
        MergeDialog dialog(conflict);
        showAndWaitForPaint(dialog);
        return double(timer.nsecsElapsed()) / 1e6;
    };
    const auto emptyDialog = [&] {
        QElapsedTimer timer;
        timer.start();
        QDialog dialog;
        showAndWaitForPaint(dialog);
        return double(timer.nsecsElapsed()) / 1e6;
    };
    const Bench::Paired result = Bench::measurePaired(3, quick ? 10 : 30, mergeDialog, emptyDialog);
    const Bench::Row row{u"7 merge dialog shown, 100 fields (ms) vs empty dialog"_s, u"offscreen"_s, u"100 fields"_s,
                         result.ours, result.reference, result.ratio,
                         u"<= 100 ms (issue sets no ratio)"_s, result.ours <= 100};
    std::fputs(QJsonDocument(Bench::Report::toJson({row})).toJson(QJsonDocument::Compact).constData(), stdout);
    return 0;
}
