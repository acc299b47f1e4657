// SPDX-License-Identifier: MIT
// SPDX-FileCopyrightText: 2026 Concord developers
// concord_bench: Concord against the raw statements and stock Qt, on SQLite and PostgreSQL.
// See docs/PERFORMANCE.md for the method; scripts/bench runs it with a throwaway server.
#include "instructions.h"
#include "measures.h"

#include <QCoreApplication>
#include <QDir>
#include <QElapsedTimer>
#include <QFileInfo>
#include <QJsonArray>
#include <QJsonDocument>
#include <QProcess>
#include <QProcessEnvironment>
#include <QTemporaryDir>

#include <cstdio>

using namespace Qt::StringLiterals;

namespace Concord::Bench {

QString argumentValue(const QStringList &arguments, const QString &flag, const QString &fallback)
{
    const qsizetype at = arguments.indexOf(flag);
    return at >= 0 && at + 1 < arguments.size() ? arguments.at(at + 1) : fallback;
}

Backend workerBackend(const QStringList &arguments)
{
    auto address = DatabaseAddress::parse(argumentValue(arguments, u"--address"_s));
    if (!address)
        die(address.error().message);
    return Backend{address.value().isSQLite() ? u"sqlite"_s : u"postgresql"_s, address.value()};
}

namespace {

void printUsage()
{
    std::fputs("usage: concord_bench [--quick] [--only 1,2,...] [--backends sqlite,postgresql]\n"
               "                     [--postgresql ADDRESS] [--server-log PATH] [--json PATH]\n"
               "       concord_bench --instruction-report DIRECTORY\n"
               "PostgreSQL: ADDRESS, else $CONCORD_TEST_POSTGRESQL (password in PGPASSWORD).\n"
               "Measures 10 and 11 count statements in the server's log: PATH, else $CONCORD_PG_LOG.\n"
               "Results: a table on stdout and JSON in PATH (default build/bench-results.json).\n"
               "Under callgrind (scripts/bench --instructions) each paired side is also counted in\n"
               "instructions; --instruction-report prints those counts from the run's dumps.\n",
               stdout);
}

/// Measure 7 needs widgets, so it lives in concord_bench_merge next to this binary, which
/// prints its rows as JSON.
void runMergeDialogMeasure(const Settings &settings, Report &report)
{
    const QString helper = QCoreApplication::applicationDirPath() + u"/concord_bench_merge"_s;
    QProcess process;
    process.setProcessChannelMode(QProcess::ForwardedErrorChannel);
    QProcessEnvironment environment = QProcessEnvironment::systemEnvironment();
    environment.insert(u"QT_QPA_PLATFORM"_s, u"offscreen"_s);
    process.setProcessEnvironment(environment);
    process.start(helper, settings.quick ? QStringList{u"--quick"_s} : QStringList());
    if (!process.waitForFinished(600000) || process.exitCode() != 0)
        die(u"%1 failed"_s.arg(helper));
    report.addJson(QJsonDocument::fromJson(process.readAllStandardOutput()).array());
}

QList<Backend> backendsFor(const QStringList &arguments, const QString &sqlitePath)
{
    const QStringList wanted = argumentValue(arguments, u"--backends"_s, u"sqlite,postgresql"_s).split(u',');
    QList<Backend> backends;
    if (wanted.contains("sqlite"_L1)) {
        DatabaseAddress address;
        address.path = sqlitePath;
        backends << Backend{u"sqlite"_s, address};
    }
    if (wanted.contains("postgresql"_L1)) {
        const QString text = argumentValue(arguments, u"--postgresql"_s,
                                           qEnvironmentVariable("CONCORD_TEST_POSTGRESQL"));
        if (text.isEmpty()) {
            std::fputs("concord_bench: no PostgreSQL server given (--postgresql or CONCORD_TEST_POSTGRESQL); "
                       "skipping PostgreSQL\n", stderr);
        } else {
            auto address = DatabaseAddress::parse(text);
            if (!address)
                die(address.error().message);
            backends << Backend{u"postgresql"_s, address.value()};
        }
    }
    return backends;
}

int runAll(const QStringList &arguments)
{
    Settings settings;
    settings.quick = arguments.contains("--quick"_L1);
    settings.repetitions = settings.quick ? 7 : 15;
    settings.warmups = 2;
    const QStringList only = argumentValue(arguments, u"--only"_s, u"1,2,3,4,5,6,7,8,9,10,11,12"_s).split(u',');

    QTemporaryDir directory;
    if (!directory.isValid())
        die(u"cannot make a temporary directory"_s);
    const QString sqlitePath = directory.filePath(u"bench.sqlite"_s);
    Report report;
    QElapsedTimer total;
    total.start();
    for (const Backend &backend : backendsFor(arguments, sqlitePath)) {
        if (backend.isSQLite()) {
            // As the demo database: readers never wait for the writer.
            const QSqlDatabase db = openOrDie(backend, u"bench-setup"_s);
            execOrDie(db, u"PRAGMA journal_mode = WAL"_s);
        }
        Context context{backend, settings, {}, QCoreApplication::applicationFilePath(), &report};
        context.sizes = settings.quick ? QList<int>{10000, 100000} : QList<int>{10000, 100000, 1000000};
        const std::pair<QString, void (*)(const Context &)> measures[] = {
            {u"1"_s, measureSaveOne}, {u"2"_s, measureSaveMany}, {u"3"_s, measureOpen},
            {u"4"_s, measureLock},    {u"5"_s, measureContention}, {u"6"_s, measurePropagation},
            {u"8"_s, measureBrowse},  {u"9"_s, measureAddRow},     {u"10"_s, measureWatcherStatements},
            {u"11"_s, measureStatements}, {u"12"_s, measureHistorySave},
        };
        for (const auto &[number, measure] : measures) {
            if (!only.contains(number))
                continue;
            std::fprintf(stderr, "measure %s on %s (%.0f s so far)\n", qPrintable(number), qPrintable(backend.name),
                         double(total.elapsed()) / 1000);
            measure(context);
        }
    }
    if (only.contains("7"_L1)) {
        std::fprintf(stderr, "measure 7 (%.0f s so far)\n", double(total.elapsed()) / 1000);
        runMergeDialogMeasure(settings, report);
    }

    report.print();
    const QString json = argumentValue(arguments, u"--json"_s,
                                       QDir(QCoreApplication::applicationDirPath() + u"/.."_s).absoluteFilePath(u"bench-results.json"_s));
    if (!report.writeJson(json))
        die(u"cannot write %1"_s.arg(json));
    std::fprintf(stderr, "wrote %s; %.0f s in all\n", qPrintable(QDir::cleanPath(json)), double(total.elapsed()) / 1000);
    return 0;
}

} // namespace
} // namespace Concord::Bench

int main(int argc, char *argv[])
{
    QCoreApplication app(argc, argv);
    const QStringList arguments = app.arguments();
    using namespace Concord::Bench;
    if (arguments.contains("--help"_L1) || arguments.contains("-h"_L1)) {
        printUsage();
        return 0;
    }
    if (arguments.contains("--instruction-report"_L1))
        return Instructions::printReport(argumentValue(arguments, u"--instruction-report"_s));
    const QString worker = argumentValue(arguments, u"--worker"_s);
    if (worker == "open"_L1)
        return openWorker(arguments);
    if (worker == "contention"_L1)
        return contentionWorker(arguments);
    if (worker == "insert"_L1)
        return propagationWorker(arguments);
    if (worker == "browse"_L1)
        return browseWorker(arguments);
    if (!worker.isEmpty())
        die(u"unknown worker %1"_s.arg(worker));
    return runAll(arguments);
}
