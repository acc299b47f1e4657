// SPDX-License-Identifier: MIT
// SPDX-FileCopyrightText: 2026 Concord developers
// Measure 5: several processes doing read-modify-write with retry through VersionedWriter.
#include "measures.h"

#include <core/db/tableschema.h>
#include <core/versioning/versionedwriter.h>
#include <core/versioning/versioningconfig.h>

#include <QDateTime>
#include <QJsonDocument>
#include <QJsonObject>
#include <QProcess>
#include <QSqlField>
#include <QSqlQuery>
#include <QThread>

#include <cstdio>
#include <memory>
#include <vector>

using namespace Qt::StringLiterals;

namespace Concord::Bench {

namespace {

const QString counterTable = u"bench_counters"_s;
constexpr int maxProcesses = 8;
constexpr int maxFailures = 1000;

struct RunResult
{
    qint64 done = 0;
    qint64 attempts = 0;
    qint64 conflicts = 0;
    qint64 failures = 0;
    double wallMs = 0; ///< the slowest worker's time from the common start to its last write
    bool countsRight = false;
};

void resetCounters(const QSqlDatabase &db)
{
    execOrDie(db, u"CREATE TABLE IF NOT EXISTS %1 (id INTEGER PRIMARY KEY, counter INTEGER NOT NULL, "
                  "version INTEGER NOT NULL)"_s.arg(counterTable));
    execOrDie(db, u"DELETE FROM %1"_s.arg(counterTable));
    for (int id = 1; id <= maxProcesses; ++id)
        execOrDie(db, u"INSERT INTO %1 VALUES (%2, 0, 1)"_s.arg(counterTable).arg(id));
}

/// Every successful write of every worker must be in the table: a lost update shows as a
/// counter below the number of writes the workers reported.
bool countsAreRight(const QSqlDatabase &db, bool sameRow, const QList<qint64> &doneByWorker)
{
    QSqlQuery query(db);
    if (!query.exec(u"SELECT id, counter FROM %1 ORDER BY id"_s.arg(counterTable)))
        return false;
    qint64 sameRowTotal = 0;
    for (qint64 done : doneByWorker)
        sameRowTotal += done;
    while (query.next()) {
        const int id = query.value(0).toInt();
        const qint64 expected = sameRow ? (id == 1 ? sameRowTotal : 0)
                                        : (id <= doneByWorker.size() ? doneByWorker.at(id - 1) : 0);
        if (query.value(1).toLongLong() != expected) {
            std::fprintf(stderr, "  LOST UPDATE: id %d has %lld, expected %lld\n", id, query.value(1).toLongLong(),
                         static_cast<long long>(expected));
            return false;
        }
    }
    return true;
}

RunResult runWorkers(const Context &context, const QSqlDatabase &db, int processes, bool sameRow, int durationMs)
{
    resetCounters(db);
    std::vector<std::unique_ptr<QProcess>> workers;
    for (int i = 0; i < processes; ++i) {
        auto worker = std::make_unique<QProcess>();
        worker->setProcessChannelMode(QProcess::ForwardedErrorChannel);
        worker->start(context.program, {u"--worker"_s, u"contention"_s, u"--address"_s, context.backend.addressText(),
                                        u"--id"_s, QString::number(sameRow ? 1 : i + 1)});
        workers.push_back(std::move(worker));
    }
    // Everyone connects first; then all start together.
    for (auto &worker : workers) {
        while (!worker->canReadLine()) {
            if (!worker->waitForReadyRead(60000))
                die(u"a contention worker did not get ready"_s);
        }
        worker->readLine();
    }
    // A common start a little ahead, so that every worker is already waiting when it comes, and
    // a common end: the workers overlap for the whole measured time.
    const qint64 start = QDateTime::currentMSecsSinceEpoch() + 300;
    const QByteArray go = QByteArray("go ") + QByteArray::number(start) + ' ' + QByteArray::number(durationMs) + '\n';
    // QProcess buffers writes until an event loop or a wait runs: flush each one now, or the
    // workers would get their start one after another and never overlap.
    for (auto &worker : workers) {
        worker->write(go);
        worker->waitForBytesWritten(5000);
        worker->closeWriteChannel();
    }
    RunResult result;
    QList<qint64> doneByWorker;
    for (auto &worker : workers) {
        if (!worker->waitForFinished(900000) || worker->exitCode() != 0)
            die(u"a contention worker failed"_s);
        const QJsonObject json = QJsonDocument::fromJson(worker->readAllStandardOutput()).object();
        doneByWorker << json.value("done"_L1).toInteger();
        result.done += doneByWorker.last();
        result.attempts += json.value("attempts"_L1).toInteger();
        result.conflicts += json.value("conflicts"_L1).toInteger();
        result.failures += json.value("failures"_L1).toInteger();
        result.wallMs = std::max(result.wallMs, json.value("ms"_L1).toDouble());
    }
    result.countsRight = countsAreRight(db, sameRow, doneByWorker);
    return result;
}

} // namespace

int contentionWorker(const QStringList &arguments)
{
    const Backend backend = workerBackend(arguments);
    const int id = argumentValue(arguments, u"--id"_s).toInt();
    const QSqlDatabase db = openOrDie(backend, u"bench-contention"_s);
    auto config = versioningFor(db, counterTable);
    auto schema = config ? TableSchema::load(db, counterTable, config.value().column) : Result<TableSchema>(config.error());
    if (!schema)
        die(schema.error().message);
    VersionedWriter writer(db, schema.value(), config.value());
    QSqlRecord key;
    key.append(QSqlField(u"id"_s, QMetaType(QMetaType::Int)));
    key.setValue(0, id);

    std::fputs("ready\n", stdout);
    std::fflush(stdout);
    char line[64];
    long long start = 0;
    long long durationMs = 0;
    if (!std::fgets(line, sizeof line, stdin) || std::sscanf(line, "go %lld %lld", &start, &durationMs) != 2)
        return 1;
    const qint64 wait = start - QDateTime::currentMSecsSinceEpoch();
    if (wait > 0)
        QThread::msleep(static_cast<unsigned long>(wait));

    QElapsedTimer timer;
    timer.start();
    qint64 done = 0, attempts = 0, conflicts = 0, failures = 0;
    while (timer.elapsed() < durationMs) {
        ++attempts;
        const QSqlRecord base = writer.readCurrent(key);
        QSqlRecord values = base;
        values.setValue(u"counter"_s, base.value(u"counter"_s).toLongLong() + 1);
        switch (base.isEmpty() ? VersionedWriter::Outcome::Failed
                               : writer.update(key, base.value(u"version"_s), base, values)) {
        case VersionedWriter::Outcome::Written:
            ++done;
            break;
        case VersionedWriter::Outcome::Conflict:
            ++conflicts;
            break;
        case VersionedWriter::Outcome::Unchanged:
        case VersionedWriter::Outcome::Unknown:
        case VersionedWriter::Outcome::Failed:
            if (++failures > maxFailures)
                die(u"too many failed writes: %1"_s.arg(writer.lastError().text()));
            break;
        }
    }
    const double ms = elapsedMs(timer);
    const QJsonObject json{{u"done"_s, done}, {u"attempts"_s, attempts}, {u"conflicts"_s, conflicts},
                           {u"failures"_s, failures}, {u"ms"_s, ms}};
    std::fputs(QJsonDocument(json).toJson(QJsonDocument::Compact).constData(), stdout);
    return 0;
}

void measureContention(const Context &context)
{
    const Settings &s = context.settings;
    const QSqlDatabase db = openOrDie(context.backend, u"bench-contention"_s);
    const int durationMs = s.quick ? 500 : 2000;
    const int repetitions = s.quick ? 1 : 3;
    runWorkers(context, db, 1, true, durationMs / 4); // warm-up: caches, plugin loading
    for (const bool sameRow : {true, false}) {
        const QString mode = sameRow ? u"same row"_s : u"disjoint rows"_s;
        double single = 0;
        for (int processes : {1, 2, 4, 8}) {
            QList<double> throughputs;
            QList<double> conflictRates;
            bool countsRight = true;
            qint64 failures = 0;
            for (int i = 0; i < repetitions; ++i) {
                const RunResult run = runWorkers(context, db, processes, sameRow, durationMs);
                throughputs << (run.wallMs > 0 ? run.done * 1000.0 / run.wallMs : 0);
                conflictRates << (run.attempts > 0 ? double(run.conflicts) / double(run.attempts) : 0);
                countsRight = countsRight && run.countsRight;
                failures += run.failures;
            }
            const double throughput = median(throughputs);
            if (processes == 1)
                single = throughput;
            const QString size = u"%1 proc"_s.arg(processes);
            context.report->add(Row{u"5 contention %1: writes/s vs 1 process"_s.arg(mode), context.backend.name, size,
                                    throughput, single, single > 0 ? std::optional<double>(throughput / single) : std::nullopt,
                                    u"no lost update"_s, countsRight});
            context.report->add(Row{u"5 contention %1: conflict rate"_s.arg(mode), context.backend.name, size,
                                    median(conflictRates), std::nullopt, std::nullopt,
                                    failures ? u"reported (%1 busy retries)"_s.arg(failures) : u"reported"_s,
                                    countsRight});
        }
    }
}

} // namespace Concord::Bench
