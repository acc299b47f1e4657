// SPDX-License-Identifier: MIT
// SPDX-FileCopyrightText: 2026 Concord developers
//
// concordctl import: ImportJob from the shell, run in concordctl's own thread (it blocks anyway).
#include <ctl/ctlcontext.h>

#include <core/text.h>

#include <core/jobs/importjob.h>

#include <QCoreApplication>

using namespace Qt::StringLiterals;

namespace Concord::Ctl {

CONCORD_TRANSLATION_CONTEXT("concordctl")

namespace {

const QCommandLineOption mapOption(u"map"_s, u"CSVCOLUMN=COLUMN pairs replacing the match by name; "
                                             "CSVCOLUMN= ignores a column."_s,
                                   u"csvcol=column,..."_s);
const QCommandLineOption timeoutOption(u"timeout"_s, u"Wait up to SECONDS for the table lock (default: fail at once)."_s,
                                       u"SECONDS"_s);
const QCommandLineOption skipOption(u"skip-rejected"_s, u"Import the good lines and report the rejected ones "
                                                        "(default: any rejected line writes nothing)."_s);

int importCommand(Context &context, const QCommandLineParser &parser)
{
    const QStringList args = parser.positionalArguments();
    auto address = DatabaseAddress::parse(context.address);
    if (context.address.isEmpty() || !address)
        return context.fail(context.address.isEmpty() ? tr("no database: give --db ADDRESS or set CONCORD_DB")
                                                      : address.error().message,
                            UsageError);
    ImportOptions options;
    options.table = args.at(0);
    options.filePath = args.at(1);
    options.skipRejectedLines = parser.isSet(skipOption);
    if (parser.isSet(mapOption)) {
        auto overrides = ImportMapping::parseOverrides(parser.value(mapOption));
        if (!overrides)
            return context.fail(overrides.error().message, UsageError);
        options.mapping = overrides.value();
    }
    ImportJob job(address.value(), options);
    job.setApplicationName(u"concordctl"_s);
    if (parser.isSet(timeoutOption)) {
        bool ok = false;
        const double seconds = parser.value(timeoutOption).toDouble(&ok);
        if (!ok || seconds < 0)
            return context.fail(tr("--timeout takes a number of seconds"), UsageError);
        job.setLockTimeout(qMax(1, int(seconds * 1000)));
    }
    // A failover or restart mid-import: the job reconnects and runs again; say so, it may take seconds.
    QObject::connect(&job, &Job::reconnecting, [&context](int attempt, int nextInMs, const QString &reason) {
        context.err << "concordctl: " << tr("connection lost; reconnecting (attempt %1, in %2 s)…").arg(attempt).arg(nextInMs / 1000.0)
                    << " (" << reason << ")\n";
        context.err.flush();
    });
    const JobResult result = job.run();
    const ImportReport report = job.report();
    if (!job.recoveryNote().isEmpty())
        context.err << "concordctl: " << job.recoveryNote() << '\n';
    for (const RejectedLine &line : report.rejected)
        context.err << "concordctl: " << line.toString() << '\n';
    if (!result) {
        switch (result.error().code) {
        case ErrorCode::LockHeld:
            return context.fail(result.error().message, LockNotAcquired);
        case ErrorCode::InvalidArgument:
            return context.fail(result.error().message, UsageError);
        default:
            return context.fail(result.error().message);
        }
    }
    context.out << tr("%1: %2 inserted, %3 updated, %4 unchanged")
                       .arg(options.table)
                       .arg(report.inserted)
                       .arg(report.updated)
                       .arg(report.unchanged)
                << '\n';
    return report.rejected.isEmpty() ? Success : Failure;
}

} // namespace

QList<Command> importCommands()
{
    return {
        {u"import"_s, u"Import a CSV file into a table under its lock: import TABLE FILE.csv [--map a=b,...]"_s,
         [](QCommandLineParser &parser) {
             parser.addPositionalArgument(u"table"_s, u"The table."_s);
             parser.addPositionalArgument(u"file"_s, u"The CSV file (RFC 4180, UTF-8, a header line)."_s);
             parser.addOptions({mapOption, timeoutOption, skipOption});
         },
         importCommand, 2, 2},
    };
}

} // namespace Concord::Ctl
