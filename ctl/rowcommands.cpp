// SPDX-License-Identifier: MIT
// SPDX-FileCopyrightText: 2026 Concord developers
//
// concordctl get / set / insert / delete: one row at a time, with the same version checks and
// policies as the editor (they share VersionedWriter).
#include <ctl/ctlcontext.h>

#include <core/errors.h>
#include <core/text.h>
#include <ctl/rowvalues.h>

#include <core/db/catalog.h>
#include <core/db/databaseaddress.h>

#include <core/locks/advisorylock.h>
#include <core/jobs/job.h>
#include <core/values/valuecomparison.h>
#include <core/versioning/uncertainwrite.h>
#include <core/versioning/versionedwriter.h>

#include <QCoreApplication>
#include <QFile>
#include <QJsonDocument>
#include <QSysInfo>

#include <algorithm>
#include <functional>
#include <optional>

using namespace Qt::StringLiterals;

namespace Concord::Ctl {

CONCORD_TRANSLATION_CONTEXT("concordctl")

namespace {

const QCommandLineOption jsonOption(u"json"_s, u"Print JSON instead of plain COLUMN<TAB>VALUE lines."_s);
const QCommandLineOption expectOption(u"expect-version"_s,
                                      u"The version the row must still have (\"null\" for a legacy row)."_s, u"N"_s);

std::optional<VersionedWriter> openTable(Context &context, const QString &table, int *exitCode)
{
    *exitCode = Success;
    if (!context.open()) {
        *exitCode = context.openFailure;
        return std::nullopt;
    }
    auto config = versioningFor(context.db, table);
    auto schema = config ? TableSchema::load(context.db, table, config.value().column) : Result<TableSchema>(config.error());
    if (!schema) {
        *exitCode = context.fail(schema.error().message);
        return std::nullopt;
    }
    return VersionedWriter(context.db, schema.value(), config.value());
}

// True when \a pid is this process's parent, grandparent, ... (Linux: /proc/PID/stat).
bool isAncestor(qint64 pid)
{
    qint64 current = QCoreApplication::applicationPid();
    for (int depth = 0; depth < 64 && current > 1; ++depth) {
        QFile stat(u"/proc/%1/stat"_s.arg(current));
        if (!stat.open(QIODevice::ReadOnly))
            return false;
        // "PID (COMMAND) STATE PPID ...": COMMAND may hold spaces and parentheses, so read after the last ')'.
        const QByteArray line = stat.readAll();
        const QList<QByteArray> fields = line.mid(line.lastIndexOf(')') + 2).split(' ');
        if (fields.size() < 2)
            return false;
        current = fields.at(1).toLongLong();
        if (current == pid)
            return true;
    }
    return false;
}

// The holder is the `concordctl lock` this command runs under: same machine, an ancestor process,
// and the grant its environment names. CONCORD_LOCK_NAME alone proves nothing: anyone can set it.
bool runsUnderHolder(const LockHolder &holder)
{
    return qEnvironmentVariable("CONCORD_LOCK_NAME") == holder.name
        && qEnvironmentVariable("CONCORD_LOCK_GENERATION") == QString::number(holder.generation)
        && holder.host == QSysInfo::machineHostName() && isAncestor(holder.processId);
}

std::optional<QVariant> parseVersion(Context &context, const QCommandLineParser &parser, int *exitCode)
{
    if (!parser.isSet(expectOption)) {
        // Writing without a version would silently overwrite whatever is there.
        *exitCode = context.fail(tr("--expect-version is required: get the row first to learn it"), UsageError);
        return std::nullopt;
    }
    const QString text = parser.value(expectOption).trimmed();
    if (text.compare("null"_L1, Qt::CaseInsensitive) == 0)
        return QVariant();
    bool ok = false;
    const qlonglong version = text.toLongLong(&ok);
    if (!ok) {
        *exitCode = context.fail(tr("--expect-version takes an integer or null, not '%1'").arg(text), UsageError);
        return std::nullopt;
    }
    return QVariant(version);
}

void printRow(Context &context, const TableSchema &schema, const QSqlRecord &row, bool json)
{
    if (json) {
        context.out << QJsonDocument(rowToJson(schema, row)).toJson(QJsonDocument::Compact) << '\n';
        return;
    }
    for (int i = 0; i < row.count(); ++i)
        context.out << row.fieldName(i) << '\t' << valueToText(row.value(i)) << '\n';
}

int reportConflict(Context &context, const VersionedWriter &writer, const QSqlRecord &key, const QVariant &expected)
{
    const auto read = writer.readRow(key);
    if (!read) // the write did not happen, but why cannot be told: never guess "deleted"
        return context.fail(tr("the row was not written, and reading it back failed: %1").arg(read.error().message));
    const QSqlRecord &current = read.value();
    const QString version = expected.isNull() ? u"null"_s : expected.toString();
    if (current.isEmpty()) {
        context.out << "null\n";
        context.err << "concordctl: conflict: the row was deleted by someone else (expected version " << version << ")\n";
    } else {
        context.out << QJsonDocument(rowToJson(writer.schema(), current)).toJson(QJsonDocument::Compact) << '\n';
        context.err << "concordctl: conflict: the row is at version "
                    << valueToText(current.value(writer.schema().versionColumn)) << ", not " << version
                    << "; it was changed by someone else\n";
    }
    return Conflict;
}

int writeFailed(Context &context, const VersionedWriter &writer)
{
    return context.fail(describeSqlError(writer.lastError()));
}

QString versionText(const QVariant &version)
{
    return version.isNull() ? u"null"_s : valueToText(version);
}

// The write went out and its answer was lost (VersionedWriter::Outcome::Unknown). The row, read
// again on a new connection, tells what is stored, and the command reports that as it would
// have; only when nobody can look is the exit code OutcomeUnknown. \a keyText is the key as
// typed (empty: made by the database), \a stored prints the stored row's result on stdout,
// \a lost says what went missing (default: the answer, with the connection).
int reportUncertain(Context &context, const VersionedWriter &writer, const QString &keyText,
                    const std::function<void(const QSqlRecord &)> &stored, QString lost = {})
{
    const UncertainWrite &write = writer.uncertainWrite();
    const TableSchema &schema = writer.schema();
    const ResolvedWrite resolved = recheckUncertainWrite(context.db, schema, writer.config(), write);
    if (lost.isEmpty())
        lost = tr("the connection to the database was lost after the change was sent and before the server answered");
    const QString version = versionText(resolved.current.value(schema.versionColumn));
    switch (resolved.resolution) {
    case WriteResolution::Stored:
        context.err << "concordctl: " << tr("note: %1; the row was read again on a new connection and the change is stored%2")
                                              .arg(lost, resolved.current.isEmpty() ? QString() : tr(" (version %1)").arg(version))
                    << '\n';
        stored(resolved.current);
        return Success;
    case WriteResolution::NotStored:
        return context.fail(resolved.current.isEmpty()
                                ? tr("%1; the row was read again on a new connection: there is no such row, so nothing was written. Run the command again.").arg(lost)
                                : tr("%1; the row was read again on a new connection: it is still at version %2, so nothing was written. Run the command again.").arg(lost, version));
    case WriteResolution::ChangedByOther:
        context.out << (resolved.current.isEmpty() ? QByteArray("null")
                                                   : QJsonDocument(rowToJson(schema, resolved.current)).toJson(QJsonDocument::Compact))
                    << '\n';
        context.err << "concordctl: " << tr("conflict: %1, and the row is now %2: someone else changed it")
                                              .arg(lost, resolved.current.isEmpty() ? tr("deleted") : tr("at version %1").arg(version))
                    << '\n';
        return Conflict;
    case WriteResolution::Unchecked:
        break;
    }
    const QString look = keyText.isEmpty()
        ? tr("its key is made by the database, so look for the values you gave in %1").arg(schema.table)
        : tr("look with `concordctl get %1 %2`").arg(schema.table, keyText);
    QString meaning;
    if (write.operation == UncertainWrite::Operation::Update && write.expectedVersion.isValid())
        meaning = tr(" (version %1 with your values: stored; version %2: not stored)")
                      .arg(versionText(write.expectedVersion), versionText(write.loadedVersion));
    return context.fail(tr("outcome unknown: %1, and the row could not be read again (%2). The change may or may not be "
                           "stored: %3%4.")
                            .arg(lost, resolved.reason.simplified(), look, meaning),
                        OutcomeUnknown);
}

// `col=value,col=value`: the key as concordctl prints it and parseKey() reads it.
QString keyAssignments(const TableSchema &schema, const QSqlRecord &row)
{
    QStringList key;
    for (const QString &column : schema.primaryKey)
        key << column + u'=' + valueToText(row.value(column));
    return key.join(u',');
}

// The row a get, set or delete works on: its table's writer, its key and, for writes, the
// version the caller expects. Empty (after printing why, with *exitCode set) when any is missing.
struct RowTarget
{
    std::optional<VersionedWriter> writer;
    QSqlRecord key;
    QVariant expected;
};

std::optional<RowTarget> openRow(Context &context, const QCommandLineParser &parser, bool withVersion, int *exitCode)
{
    const QStringList args = parser.positionalArguments();
    RowTarget target;
    target.writer = openTable(context, args.value(0), exitCode);
    if (!target.writer)
        return std::nullopt;
    auto key = parseKey(target.writer->schema(), args.value(1));
    if (!key) {
        *exitCode = context.fail(key.error().message, UsageError);
        return std::nullopt;
    }
    target.key = key.value();
    if (withVersion) {
        const auto expected = parseVersion(context, parser, exitCode);
        if (!expected)
            return std::nullopt;
        target.expected = *expected;
    }
    return target;
}

int get(Context &context, const QCommandLineParser &parser)
{
    int code = Success;
    auto target = openRow(context, parser, false, &code);
    if (!target)
        return code;
    const auto &writer = target->writer;
    const auto row = writer->readRow(target->key);
    if (!row)
        return context.fail(tr("cannot read %1: %2").arg(writer->schema().table, row.error().message));
    if (row.value().isEmpty())
        return context.fail(tr("%1 has no row with that key").arg(writer->schema().table));
    printRow(context, writer->schema(), row.value(), parser.isSet(jsonOption));
    return Success;
}

int set(Context &context, const QCommandLineParser &parser)
{
    int code = Success;
    auto target = openRow(context, parser, true, &code);
    if (!target)
        return code;
    auto &writer = target->writer;
    const QSqlRecord &key = target->key;
    const QVariant &expected = target->expected;
    auto values = parseAssignments(writer->schema(), parser.positionalArguments().mid(2), writer->auditColumns());
    if (!values)
        return context.fail(values.error().message, values.error().code == ErrorCode::InvalidValue ? Failure : UsageError);
    if (const int busy = refuseIfTableBusy(context, writer->schema().table); busy != Success)
        return busy;
    // Fields already holding the value are not written; a row at the expected version with
    // nothing to change is a success without a bump.
    const auto current = writer->readRow(key);
    if (!current)
        return context.fail(tr("cannot read %1: %2; nothing was written").arg(writer->schema().table, current.error().message));
    QSqlRecord base = current.value();
    if (!sameValue(base.value(writer->schema().versionColumn), expected))
        base = QSqlRecord();
    QSqlRecord written;
    switch (writer->update(key, expected, base, values.value(), {}, &written)) {
    case VersionedWriter::Outcome::Written: {
        // The version this write produced, as the statement returned it: reading it back could
        // show someone else's later write. A write always leaves a version: an answer without
        // one (a driver that lost the row) proves nothing, and the row is read again instead.
        const QVariant version = writer->writtenVersion(written);
        if (version.isNull())
            return reportUncertain(
                context, *writer, parser.positionalArguments().value(1),
                [&](const QSqlRecord &row) { context.out << valueToText(row.value(writer->schema().versionColumn)) << '\n'; },
                tr("the database answered the change without its new version"));
        context.out << valueToText(version) << '\n';
        return Success;
    }
    case VersionedWriter::Outcome::Unchanged:
        context.out << valueToText(expected) << '\n'; // nothing to write: the row is at the version read
        return Success;
    case VersionedWriter::Outcome::Conflict:
        return reportConflict(context, *writer, key, expected);
    case VersionedWriter::Outcome::Unknown:
        return reportUncertain(context, *writer, parser.positionalArguments().value(1), [&](const QSqlRecord &row) {
            context.out << valueToText(row.value(writer->schema().versionColumn)) << '\n';
        });
    case VersionedWriter::Outcome::Failed:
        break;
    }
    return writeFailed(context, *writer);
}

int insert(Context &context, const QCommandLineParser &parser)
{
    const QStringList args = parser.positionalArguments();
    int code = Success;
    auto writer = openTable(context, args.value(0), &code);
    if (!writer)
        return code;
    auto values = parseAssignments(writer->schema(), args.mid(1), writer->auditColumns());
    if (!values)
        return context.fail(values.error().message, values.error().code == ErrorCode::InvalidValue ? Failure : UsageError);
    if (const int busy = refuseIfTableBusy(context, writer->schema().table); busy != Success)
        return busy;
    const auto print = [&](const QSqlRecord &returned) {
        if (parser.isSet(jsonOption)) {
            printRow(context, writer->schema(), returned, true); // as stored: no insert trigger moves it
            return;
        }
        context.out << "key\t" << keyAssignments(writer->schema(), returned) << "\nversion\t"
                    << valueToText(returned.value(writer->schema().versionColumn)) << '\n';
    };
    QSqlRecord returned;
    switch (writer->insert(values.value(), &returned)) {
    case VersionedWriter::Outcome::Written:
        print(returned);
        return Success;
    case VersionedWriter::Outcome::Unknown: {
        const UncertainWrite &write = writer->uncertainWrite();
        const bool keyGiven = std::none_of(writer->schema().primaryKey.cbegin(), writer->schema().primaryKey.cend(),
                                           [&](const QString &column) { return write.key.isNull(column); });
        return reportUncertain(context, *writer, keyGiven ? keyAssignments(writer->schema(), write.key) : QString(), print);
    }
    case VersionedWriter::Outcome::Unchanged:
    case VersionedWriter::Outcome::Conflict:
    case VersionedWriter::Outcome::Failed:
        break;
    }
    return writeFailed(context, *writer);
}

int remove(Context &context, const QCommandLineParser &parser)
{
    int code = Success;
    auto target = openRow(context, parser, true, &code);
    if (!target)
        return code;
    auto &writer = target->writer;
    const QSqlRecord &key = target->key;
    const QVariant &expected = target->expected;
    if (const int busy = refuseIfTableBusy(context, writer->schema().table); busy != Success)
        return busy;
    switch (writer->remove(key, expected)) {
    case VersionedWriter::Outcome::Written:
    case VersionedWriter::Outcome::Unchanged:
        return Success;
    case VersionedWriter::Outcome::Conflict:
        return reportConflict(context, *writer, key, expected);
    case VersionedWriter::Outcome::Unknown:
        return reportUncertain(context, *writer, parser.positionalArguments().value(1), [](const QSqlRecord &) {});
    case VersionedWriter::Outcome::Failed:
        break;
    }
    return writeFailed(context, *writer);
}

} // namespace

// Like the editor, a write from the shell fails at once while someone runs exclusive work on the
// table (an import, a bulk edit: the lock table:NAME), naming them. A command that runs *under*
// that lock (concordctl lock table:NAME -- concordctl set ...) is the holder's own work and goes on.
// A check that cannot run fails: the write is refused rather than made blind.
int refuseIfTableBusy(Context &context, const QString &table)
{
    const QString name = tableLockName(table);
    // No lock was ever taken in this database: nothing to look up on a connection of its own.
    const auto bookkeeping = tableExists(context.db, u"concord_lock_names"_s);
    if (!bookkeeping)
        return context.fail(tr("cannot tell whether %1 is busy: %2; nothing was written").arg(table, bookkeeping.error().message));
    if (!bookkeeping.value())
        return Success;
    AdvisoryLock::Options options;
    options.applicationName = u"concordctl"_s;
    // On PostgreSQL the holders are read on the command's own connection (one connection per
    // command, whatever the pool's size); SQLite's leases need an owner of their own to read.
    auto lock = isSQLite(context.db) ? AdvisoryLock::open(DatabaseAddress::parse(context.address).value(), options)
                                     : AdvisoryLock::openWatcher(context.db, options);
    if (!lock)
        return context.fail(lock.error().message);
    auto holders = lock.value()->holders(name);
    if (!holders)
        return context.fail(holders.error().message);
    for (const LockHolder &holder : holders.value()) {
        if (holder.mode == LockMode::Exclusive && !runsUnderHolder(holder))
            return context.fail(tr("%1 is busy: %2; nothing was written").arg(table, holder.activityText()), LockNotAcquired);
    }
    return Success;
}

QList<Command> rowCommands()
{
    const auto tableAndKey = [](QCommandLineParser &parser) {
        parser.addPositionalArgument(u"table"_s, u"The table."_s);
        parser.addPositionalArgument(u"key"_s, u"The primary key value, or col=value,col=value for a composite key."_s);
    };
    return {
        {u"get"_s, u"Print a row and its version."_s,
         [=](QCommandLineParser &parser) {
             tableAndKey(parser);
             parser.addOption(jsonOption);
         },
         get, 2, 2},
        {u"set"_s, u"Change a row if it is still at the expected version; print the new version."_s,
         [=](QCommandLineParser &parser) {
             tableAndKey(parser);
             parser.addPositionalArgument(u"assignments"_s, u"COLUMN=VALUE (converted to the column's type) "
                                                              "or COLUMN:=JSON (null, numbers, booleans, strings)."_s,
                                          u"COLUMN=VALUE..."_s);
             parser.addOption(expectOption);
         },
         set, 3, -1},
        {u"insert"_s, u"Insert a row at version 1; print its key and version."_s,
         [=](QCommandLineParser &parser) {
             parser.addPositionalArgument(u"table"_s, u"The table."_s);
             parser.addPositionalArgument(u"assignments"_s, u"COLUMN=VALUE or COLUMN:=JSON."_s, u"COLUMN=VALUE..."_s);
             parser.addOption(jsonOption);
         },
         insert, 2, -1},
        {u"delete"_s, u"Delete a row if it is still at the expected version."_s,
         [=](QCommandLineParser &parser) {
             tableAndKey(parser);
             parser.addOption(expectOption);
         },
         remove, 2, 2},
    };
}

} // namespace Concord::Ctl
