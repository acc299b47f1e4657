// SPDX-License-Identifier: MIT
// SPDX-FileCopyrightText: 2026 Concord developers
//
// concord_stress: several processes write the same few rows at once through VersionedWriter (the
// write path of the editor, the jobs and concordctl), log every answer the database gave, and a
// checker proves from the logs and the final table that nothing acknowledged was lost, every
// rejection was really stale, and no version of a key repeated.
//
//   concord_stress run --backend sqlite|postgresql [--workers N] [--seconds S]
//   concord_stress worker ADDRESS ID SECONDS LOGFILE          (started by run)
//   concord_stress killedsave sqlite|postgresql ROWS           a multi-row save killed midway
//   concord_stress bulksave ADDRESS ROWS                       (started by killedsave)
#include "killedsave.h"
#include "stresslog.h"
#include "stressworker.h"

#include <core/db/databaseaddress.h>
#include <tests/support/scratchdatabase.h>

#include <QCoreApplication>
#include <QFile>
#include <QJsonDocument>
#include <QProcess>
#include <QSqlQuery>
#include <QTemporaryDir>
#include <QTextStream>

#include <memory>

using namespace Concord;
using namespace Concord::Stress;
using namespace Qt::StringLiterals;

namespace {

QTextStream out(stdout);

struct RunOptions
{
    Test::Backend backend = Test::Backend::SQLite;
    int workers = 4;
    double seconds = 6;
};

std::optional<RunOptions> parseRun(const QStringList &arguments)
{
    RunOptions options;
    for (int i = 0; i + 1 < arguments.size(); i += 2) {
        const QString &name = arguments.at(i);
        const QString &value = arguments.at(i + 1);
        if (name == "--backend"_L1 && (value == "sqlite"_L1 || value == "postgresql"_L1))
            options.backend = value == "sqlite"_L1 ? Test::Backend::SQLite : Test::Backend::PostgreSQL;
        else if (name == "--workers"_L1 && value.toInt() > 0)
            options.workers = value.toInt();
        else if (name == "--seconds"_L1 && value.toDouble() > 0)
            options.seconds = value.toDouble();
        else
            return std::nullopt;
    }
    return arguments.size() % 2 == 0 ? std::optional(options) : std::nullopt;
}

QList<Event> readEvents(const QString &path)
{
    QList<Event> events;
    QFile file(path);
    if (!file.open(QIODevice::ReadOnly))
        return events;
    while (!file.atEnd()) {
        const QByteArray line = file.readLine().trimmed();
        if (!line.isEmpty())
            events << Event::fromJson(QJsonDocument::fromJson(line).object());
    }
    return events;
}

QHash<int, FinalRow> readFinalRows(Test::ScratchDatabase &database)
{
    QHash<int, FinalRow> rows;
    QSqlQuery query(database.open(u"stress-check"_s));
    query.exec(u"SELECT id, version, val FROM acct"_s);
    while (query.next())
        rows.insert(query.value(0).toInt(), FinalRow{true, query.value(1).toLongLong(), query.value(2).toString()});
    return rows;
}

// Starts every worker, waits for all of them; false when one could not run.
bool runWorkers(const QString &address, const RunOptions &options, const QTemporaryDir &dir)
{
    std::vector<std::unique_ptr<QProcess>> processes;
    for (int worker = 1; worker <= options.workers; ++worker) {
        auto process = std::make_unique<QProcess>();
        process->setProcessChannelMode(QProcess::ForwardedChannels);
        process->start(QCoreApplication::applicationFilePath(),
                       {u"worker"_s, address, QString::number(worker), QString::number(options.seconds),
                        dir.filePath(u"worker-%1.log"_s.arg(worker))});
        processes.push_back(std::move(process));
    }
    bool ok = true;
    for (auto &process : processes) {
        ok = process->waitForFinished(int(options.seconds * 1000) + 120000) && process->exitCode() == 0 && ok;
    }
    return ok;
}

int run(const RunOptions &options)
{
    Test::ScratchDatabase database;
    if (const QString error = database.create(options.backend); !error.isEmpty()) {
        out << "cannot create the database: " << error << Qt::endl;
        return 2;
    }
    if (const QString error = createTable(database.addressText()); !error.isEmpty()) {
        out << "cannot create the table: " << error << Qt::endl;
        return 2;
    }
    QTemporaryDir dir;
    if (!runWorkers(database.addressText(), options, dir)) {
        out << "a worker failed to run" << Qt::endl;
        return 2;
    }
    QList<Event> events;
    for (int worker = 1; worker <= options.workers; ++worker)
        events += readEvents(dir.filePath(u"worker-%1.log"_s.arg(worker)));
    const Verdict verdict = check(events, readFinalRows(database), keyCount);
    out << Test::backendName(options.backend) << ": " << options.workers << " workers, " << options.seconds << " s, "
        << events.size() << " writes: " << verdict.acknowledged << " acknowledged, " << verdict.conflicts
        << " refused as stale, " << verdict.refused << " refused otherwise, " << verdict.unknown << " unknown; "
        << verdict.violations.size() << " violations" << Qt::endl;
    int acknowledgedBy[4] = {0, 0, 0, 0};
    for (const Event &event : std::as_const(events))
        acknowledgedBy[int(event.op)] += event.result == Event::Result::Acknowledged;
    out << "  acknowledged: " << acknowledgedBy[0] << " inserts, " << acknowledgedBy[1] << " updates, " << acknowledgedBy[2]
        << " deletes, " << acknowledgedBy[3] << " rows of two-row transactions and bulk edits" << Qt::endl;
    for (const QString &violation : verdict.violations)
        out << "  VIOLATION " << violation << Qt::endl;
    // What made outcomes unknown, so that a run says why it could prove less.
    QStringList unknownCauses;
    for (const Event &event : std::as_const(events)) {
        if (event.result == Event::Result::Unknown && !unknownCauses.contains(event.message) && unknownCauses.size() < 6)
            unknownCauses << QString::number(int(event.op)) + u": "_s + event.message;
    }
    for (const QString &cause : std::as_const(unknownCauses))
        out << "  unknown outcome: " << cause.simplified() << Qt::endl;
    if (verdict.acknowledged == 0 || verdict.conflicts == 0) {
        out << "  the run proved nothing: it needs both acknowledged writes and conflicts" << Qt::endl;
        return 1;
    }
    return verdict.violations.isEmpty() ? 0 : 1;
}

} // namespace

int main(int argc, char **argv)
{
    QCoreApplication app(argc, argv);
    QStringList arguments = app.arguments().mid(1);
    const QString mode = arguments.isEmpty() ? QString() : arguments.takeFirst();
    if (mode == "bulksave"_L1 && arguments.size() == 2)
        return runBulkSave(arguments.at(0), arguments.at(1).toInt());
    if (mode == "killedsave"_L1 && arguments.size() == 2) {
        const bool postgres = arguments.at(0) == "postgresql"_L1;
        if (postgres && !Test::postgresUnavailableReason().isEmpty()) {
            out << (Test::postgresRequired() ? "PostgreSQL is required but unavailable: " : "SKIP: ")
                << Test::postgresUnavailableReason() << Qt::endl;
            return Test::postgresRequired() ? 1 : 0;
        }
        return runKilledSave(postgres, arguments.at(1).toInt());
    }
    if (mode == "worker"_L1 && arguments.size() == 4)
        return runWorker(arguments.at(0), arguments.at(1).toInt(), arguments.at(2).toDouble(), arguments.at(3));
    if (mode == "run"_L1) {
        if (const auto options = parseRun(arguments)) {
            const QString unavailable = options->backend == Test::Backend::PostgreSQL ? Test::postgresUnavailableReason()
                                                                                        : QString();
            if (!unavailable.isEmpty() && Test::postgresRequired()) {
                out << "PostgreSQL is required but unavailable: " << unavailable << Qt::endl;
                return 1;
            }
            if (!unavailable.isEmpty()) {
                out << "SKIP: " << unavailable << Qt::endl;
                return 0;
            }
            return run(*options);
        }
    }
    out << "usage: concord_stress run --backend sqlite|postgresql [--workers N] [--seconds S]" << Qt::endl;
    return 2;
}
