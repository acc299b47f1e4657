// SPDX-License-Identifier: MIT
// SPDX-FileCopyrightText: 2026 Concord developers
#include "instructions.h"

#include "benchreport.h"

#include <QDir>
#include <QFile>
#include <QHash>
#include <QRegularExpression>
#include <QTextStream>

#include <cstdio>

#if __has_include(<valgrind/callgrind.h>)
#include <valgrind/callgrind.h>
#define CONCORD_HAVE_CALLGRIND 1
#endif

using namespace Qt::StringLiterals;

namespace Concord::Bench::Instructions {

bool available()
{
#ifdef CONCORD_HAVE_CALLGRIND
    return RUNNING_ON_VALGRIND;
#else
    return false;
#endif
}

void toggle()
{
#ifdef CONCORD_HAVE_CALLGRIND
    if (RUNNING_ON_VALGRIND)
        CALLGRIND_TOGGLE_COLLECT;
#endif
}

void close(const QString &label)
{
#ifdef CONCORD_HAVE_CALLGRIND
    if (RUNNING_ON_VALGRIND) {
        const QByteArray text = label.toUtf8();
        CALLGRIND_DUMP_STATS_AT(text.constData());
    }
#else
    Q_UNUSED(label)
#endif
}

namespace {

struct Dump
{
    int part = 0;
    QString label;
    double instructions = 0;
};

// callgrind writes one file per dump, NAME.PART, with "desc: Trigger: Client Request: LABEL"
// and the dump's total on a "summary:" (or "totals:") line.
QList<Dump> readDumps(const QString &directory)
{
    QList<Dump> dumps;
    const QRegularExpression partName(u"\\.(\\d+)$"_s);
    const QDir dir(directory);
    for (const QString &name : dir.entryList(QDir::Files)) {
        const auto match = partName.match(name);
        if (!match.hasMatch())
            continue; // the dump at exit
        QFile file(dir.filePath(name));
        if (!file.open(QIODevice::ReadOnly | QIODevice::Text))
            continue;
        Dump dump;
        dump.part = match.captured(1).toInt();
        QTextStream in(&file);
        for (QString line = in.readLine(); !line.isNull(); line = in.readLine()) {
            if (line.startsWith("desc: Trigger: Client Request: "_L1))
                dump.label = line.mid(31).trimmed();
            else if (line.startsWith("summary: "_L1) || line.startsWith("totals: "_L1))
                dump.instructions = line.section(u' ', 1, 1).toDouble();
        }
        dumps << dump;
    }
    std::sort(dumps.begin(), dumps.end(), [](const Dump &a, const Dump &b) { return a.part < b.part; });
    return dumps;
}

} // namespace

int printReport(const QString &directory)
{
    const QList<Dump> dumps = readDumps(directory);
    if (dumps.isEmpty()) {
        std::fprintf(stderr, "no callgrind dumps in %s\n", qPrintable(directory));
        return 1;
    }
    std::printf("%-55s | %-10s | %-10s | %14s | %14s | %7s\n", "measure (instructions per run)", "backend", "size",
                "ours", "reference", "ratio");
    QList<double> ours;
    QList<double> reference;
    for (const Dump &dump : dumps) {
        if (dump.label == "ours"_L1) {
            ours << dump.instructions;
        } else if (dump.label == "reference"_L1) {
            reference << dump.instructions;
        } else if (dump.label.startsWith("row "_L1)) {
            if (!ours.isEmpty() && !reference.isEmpty()) {
                const QStringList parts = dump.label.mid(4).split(u'|');
                const double a = median(ours);
                const double b = median(reference);
                std::printf("%-55s | %-10s | %-10s | %14.0f | %14.0f | %7.3f\n", qPrintable(parts.value(0)),
                            qPrintable(parts.value(1)), qPrintable(parts.value(2)), a, b, b > 0 ? a / b : 0.0);
            }
            ours.clear();
            reference.clear();
        }
    }
    return 0;
}

} // namespace Concord::Bench::Instructions
