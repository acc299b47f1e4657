// SPDX-License-Identifier: MIT
// SPDX-FileCopyrightText: 2026 Concord developers
//
// concordctl history / restore / deleted / recover: record history (issue #15), with the same
// version checks as every other write (History::restore() and recover() go through
// VersionedWriter).
#include <ctl/ctlcontext.h>

#include <core/errors.h>
#include <core/text.h>
#include <ctl/rowvalues.h>

#include <core/db/catalog.h>
#include <core/db/databaseaddress.h>
#include <core/jobs/historyretentionjob.h>
#include <core/jobs/historysettingsjob.h>
#include <core/versioning/history.h>
#include <core/versioning/versioningconfig.h>

#include <QCoreApplication>
#include <functional>
#include <memory>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>

using namespace Qt::StringLiterals;

namespace Concord::Ctl {

CONCORD_TRANSLATION_CONTEXT("concordctl")

namespace {

const QCommandLineOption jsonOption(u"json"_s, u"Print JSON instead of plain lines."_s);
const QCommandLineOption keepLastOption(u"keep-last"_s, u"history enable: keep only the last N versions of each record."_s,
                                        u"N"_s);
const QCommandLineOption keepDaysOption(u"keep-days"_s, u"history enable: keep only the versions of the last N days."_s,
                                        u"N"_s);
const QCommandLineOption dropOption(u"drop"_s, u"history disable: drop the history table too (default: keep it)."_s);
const QCommandLineOption versionOption(u"version"_s, u"The version to restore (see concordctl history TABLE KEY)."_s, u"N"_s);
const QCommandLineOption expectOption(u"expect-version"_s, u"The version the record must still have."_s, u"M"_s);

// A table, its versioning and its schema, as every row command opens them.
struct Table
{
    VersioningConfig config;
    TableSchema schema;
};

std::optional<Table> openTable(Context &context, const QString &name, int *exitCode)
{
    if (!context.open()) {
        *exitCode = context.openFailure;
        return std::nullopt;
    }
    auto config = versioningFor(context.db, name);
    auto schema = config ? TableSchema::load(context.db, name, config.value().column) : Result<TableSchema>(config.error());
    if (!schema) {
        *exitCode = context.fail(schema.error().message);
        return std::nullopt;
    }
    return Table{config.value(), schema.value()};
}

std::optional<QSqlRecord> keyOf(Context &context, const TableSchema &schema, const QString &text, int *exitCode)
{
    auto key = parseKey(schema, text);
    if (!key) {
        *exitCode = context.fail(key.error().message, UsageError);
        return std::nullopt;
    }
    return key.value();
}

// The row a write command (restore, recover) is about: its table and its key.
struct RowTarget
{
    Table table;
    QSqlRecord key;
};

// Opens TABLE and parses KEY, the first two of \a args, for a command that writes that row. Like
// every row write it is refused, before anything is written, while another process runs exclusive
// work on the table (a history enable or disable holds its lock). On failure the reason has been
// printed and *exitCode is the command's exit code.
std::optional<RowTarget> openRowForWrite(Context &context, const QStringList &args, int *exitCode)
{
    auto table = openTable(context, args.value(0), exitCode);
    if (!table)
        return std::nullopt;
    auto key = keyOf(context, table->schema, args.value(1), exitCode);
    if (!key)
        return std::nullopt;
    if (const int busy = refuseIfTableBusy(context, table->schema.table); busy != Success) {
        *exitCode = busy;
        return std::nullopt;
    }
    return RowTarget{std::move(*table), std::move(*key)};
}

std::optional<qint64> integerOption(Context &context, const QCommandLineParser &parser, const QCommandLineOption &option,
                                    int *exitCode)
{
    bool ok = false;
    const qint64 value = parser.value(option).trimmed().toLongLong(&ok);
    if (!ok) {
        *exitCode = context.fail(tr("--%1 takes an integer, not '%2'").arg(option.names().constFirst(), parser.value(option)),
                                 UsageError);
        return std::nullopt;
    }
    return value;
}

QString text(const QVariant &value)
{
    return value.isNull() ? u"NULL"_s : valueToText(value);
}

QJsonObject entryToJson(const TableSchema &schema, const History::Entry &entry)
{
    QJsonObject object = rowToJson(schema, entry.values);
    object.insert(u"history_id"_s, entry.id);
    object.insert(u"operation"_s, History::operationName(entry.operation));
    object.insert(u"changed_by"_s, entry.changedBy.isEmpty() ? QJsonValue(QJsonValue::Null) : QJsonValue(entry.changedBy));
    object.insert(u"changed_at"_s, entry.changedAt.toString(Qt::ISODateWithMs));
    object.insert(u"changed_fields"_s, QJsonArray::fromStringList(entry.changedFields));
    return object;
}

void printEntry(Context &context, const History::Entry &entry)
{
    context.out << text(entry.version) << '\t' << History::operationName(entry.operation) << '\t'
                << (entry.changedBy.isEmpty() ? tr("(unknown)") : entry.changedBy) << '\t'
                << entry.changedAt.toString(Qt::ISODateWithMs) << '\t' << entry.changedFields.join(u',') << '\n';
}

int historyFailure(Context &context, const Error &error)
{
    return context.fail(error.message, error.code == ErrorCode::InvalidArgument ? UsageError : Failure);
}

std::optional<History::Retention> retentionFrom(Context &context, const QCommandLineParser &parser, int *exitCode)
{
    if (parser.isSet(keepLastOption) && parser.isSet(keepDaysOption)) {
        *exitCode = context.fail(tr("give --keep-last or --keep-days, not both"), UsageError);
        return std::nullopt;
    }
    History::Retention retention;
    for (const auto &[option, kind] : {std::pair{&keepLastOption, History::Retention::Kind::LastVersions},
                                       std::pair{&keepDaysOption, History::Retention::Kind::Days}}) {
        if (!parser.isSet(*option))
            continue;
        const auto amount = integerOption(context, parser, *option, exitCode);
        if (!amount)
            return std::nullopt;
        retention.kind = kind;
        retention.amount = int(qBound<qint64>(0, *amount, qint64(1) << 30));
        if (auto valid = retention.validate(); !valid) {
            *exitCode = context.fail(valid.error().message, UsageError);
            return std::nullopt;
        }
    }
    return retention;
}

// Runs \a job (a change of the table's history) under the table's lock, as the editor does.
int runSettingsJob(Context &context, const std::function<HistorySettingsJob *(const DatabaseAddress &)> &make)
{
    auto address = DatabaseAddress::parse(context.address);
    if (context.address.isEmpty() || !address)
        return context.fail(context.address.isEmpty() ? tr("no database: give --db ADDRESS or set CONCORD_DB") : address.error().message,
                            UsageError);
    const std::unique_ptr<HistorySettingsJob> job(make(address.value()));
    job->setApplicationName(u"concordctl"_s);
    const JobResult result = job->run();
    if (!result && result.error().code == ErrorCode::LockHeld)
        return context.fail(result.error().message, LockNotAcquired);
    if (!result)
        return historyFailure(context, result.error());
    return Success;
}

int enable(Context &context, const QCommandLineParser &parser, const QString &name)
{
    int code = Success;
    const auto retention = retentionFrom(context, parser, &code);
    if (!retention)
        return code;
    const auto make = [&](const DatabaseAddress &address) { return HistorySettingsJob::enabling(address, name, *retention); };
    if (const int failed = runSettingsJob(context, make); failed != Success)
        return failed;
    context.out << name << ": " << tr("history kept in %1 (%2)").arg(History::historyTableName(name), retention->text()) << '\n';
    return Success;
}

int disable(Context &context, const QCommandLineParser &parser, const QString &name)
{
    const bool keep = !parser.isSet(dropOption);
    const auto make = [&](const DatabaseAddress &address) { return HistorySettingsJob::disabling(address, name, !keep); };
    if (const int failed = runSettingsJob(context, make); failed != Success)
        return failed;
    context.out << name << ": " << (keep ? tr("history stopped; %1 kept").arg(History::historyTableName(name))
                                          : tr("history stopped and dropped")) << '\n';
    return Success;
}

int prune(Context &context, const QString &name)
{
    auto address = DatabaseAddress::parse(context.address);
    if (context.address.isEmpty() || !address)
        return context.fail(context.address.isEmpty() ? tr("no database: give --db ADDRESS or set CONCORD_DB") : address.error().message,
                            UsageError);
    HistoryRetentionJob job(address.value(), name);
    job.setApplicationName(u"concordctl"_s);
    const JobResult result = job.run();
    if (!result)
        return context.fail(result.error().message, result.error().code == ErrorCode::LockHeld ? LockNotAcquired : Failure);
    context.out << name << ": " << tr("%1 history entries removed").arg(job.removed()) << '\n';
    return Success;
}

int showStatus(Context &context, const QString &name)
{
    if (!context.open())
        return context.openFailure;
    const auto status = History::status(context.db, name);
    if (!status)
        return context.fail(status.error().message);
    const History::Status &s = status.value();
    const QString state = s.state == History::State::Off ? u"off"_s : s.state == History::State::UpToDate ? u"up to date"_s : u"outdated"_s;
    context.out << name << '\t' << state << '\t' << s.historyTable << '\t'
                << (s.state == History::State::Off ? (s.hasHistoryTable ? tr("history kept") : tr("no history")) : s.retention.text());
    if (!s.missingColumns.isEmpty())
        context.out << '\t' << tr("missing columns: %1").arg(s.missingColumns.join(u','));
    context.out << '\n';
    return Success;
}

int listVersions(Context &context, const QCommandLineParser &parser, const QString &name, const QString &keyText)
{
    int code = Success;
    const auto table = openTable(context, name, &code);
    if (!table)
        return code;
    const auto key = keyOf(context, table->schema, keyText, &code);
    if (!key)
        return code;
    const auto entries = History::versions(context.db, table->schema, *key);
    if (!entries)
        return historyFailure(context, entries.error());
    if (parser.isSet(jsonOption)) {
        QJsonArray array;
        for (const History::Entry &entry : entries.value())
            array.append(entryToJson(table->schema, entry));
        context.out << QJsonDocument(array).toJson(QJsonDocument::Compact) << '\n';
        return Success;
    }
    if (entries.value().isEmpty())
        return context.fail(tr("the history of %1 holds no record with that key").arg(name));
    for (const History::Entry &entry : entries.value())
        printEntry(context, entry);
    return Success;
}

int history(Context &context, const QCommandLineParser &parser)
{
    const QStringList args = parser.positionalArguments();
    const QString first = args.value(0);
    const QString second = args.value(1);
    if (first == "enable"_L1)
        return enable(context, parser, second);
    if (first == "disable"_L1)
        return disable(context, parser, second);
    if (first == "prune"_L1)
        return prune(context, second);
    if (first == "status"_L1)
        return showStatus(context, second);
    return listVersions(context, parser, first, second);
}

// Exit codes as for set (3: conflict with the current row as JSON on stdout) and insert.
int reportOutcome(Context &context, const TableSchema &schema, const History::WriteOutcome &outcome)
{
    using Kind = History::WriteOutcome::Kind;
    switch (outcome.kind) {
    case Kind::Written:
        context.out << text(outcome.stored.value(schema.versionColumn)) << '\n';
        return Success;
    case Kind::Conflict:
        context.out << (outcome.current.isEmpty() ? QByteArray("null")
                                                  : QJsonDocument(rowToJson(schema, outcome.current)).toJson(QJsonDocument::Compact))
                    << '\n';
        return context.fail(tr("conflict: %1").arg(outcome.error.message), Conflict);
    case Kind::KeyReused:
        context.out << QJsonDocument(rowToJson(schema, outcome.current)).toJson(QJsonDocument::Compact) << '\n';
        return context.fail(outcome.error.message, Conflict);
    case Kind::Unknown:
        return context.fail(tr("outcome unknown: %1 Look with `concordctl get`.").arg(outcome.error.message), OutcomeUnknown);
    case Kind::Failed:
        break;
    }
    return context.fail(outcome.error.message);
}

int restore(Context &context, const QCommandLineParser &parser)
{
    const QStringList args = parser.positionalArguments();
    if (!parser.isSet(versionOption) || !parser.isSet(expectOption))
        return context.fail(tr("restore needs --version N (from concordctl history) and --expect-version M (the record's "
                               "version now, from concordctl get)"),
                            UsageError);
    int code = Success;
    const auto version = integerOption(context, parser, versionOption, &code);
    const auto expected = version ? integerOption(context, parser, expectOption, &code) : std::nullopt;
    if (!expected)
        return code;
    const auto row = openRowForWrite(context, args, &code);
    if (!row)
        return code;
    const auto outcome = History::restore(context.db, row->table.schema, row->table.config, row->key, *version, *expected);
    return reportOutcome(context, row->table.schema, outcome);
}

int deletedRecords(Context &context, const QCommandLineParser &parser)
{
    int code = Success;
    const auto table = openTable(context, parser.positionalArguments().value(0), &code);
    if (!table)
        return code;
    const auto records = History::deleted(context.db, table->schema);
    if (!records)
        return historyFailure(context, records.error());
    const TableSchema &schema = table->schema;
    if (parser.isSet(jsonOption)) {
        QJsonArray array;
        for (const History::DeletedRecord &record : records.value()) {
            QJsonObject object = entryToJson(schema, record.last);
            object.insert(u"key_reused"_s, record.keyReused);
            array.append(object);
        }
        context.out << QJsonDocument(array).toJson(QJsonDocument::Compact) << '\n';
        return Success;
    }
    for (const History::DeletedRecord &record : records.value()) {
        QStringList key;
        for (int i = 0; i < record.key.count(); ++i)
            key << record.key.fieldName(i) + u'=' + text(record.key.value(i));
        context.out << key.join(u',') << '\t' << text(record.last.version) << '\t'
                    << (record.last.changedBy.isEmpty() ? tr("(unknown)") : record.last.changedBy) << '\t'
                    << record.last.changedAt.toString(Qt::ISODateWithMs) << (record.keyReused ? u"\tkey reused"_s : QString()) << '\n';
    }
    return Success;
}

int recover(Context &context, const QCommandLineParser &parser)
{
    const QStringList args = parser.positionalArguments();
    int code = Success;
    const auto row = openRowForWrite(context, args, &code);
    if (!row)
        return code;
    return reportOutcome(context, row->table.schema, History::recover(context.db, row->table.schema, row->table.config, row->key));
}

} // namespace

QList<Command> historyCommands()
{
    const auto tableAndKey = [](QCommandLineParser &parser) {
        parser.addPositionalArgument(u"table"_s, u"The table."_s);
        parser.addPositionalArgument(u"key"_s, u"The primary key value, or col=value,col=value for a composite key."_s);
    };
    return {
        {u"history"_s,
         u"Record history: history enable TABLE [--keep-last N | --keep-days N], history disable TABLE [--drop], "
         "history prune TABLE, history status TABLE, or history TABLE KEY [--json] (versions newest first: "
         "version, operation, who, when, changed fields)."_s,
         [](QCommandLineParser &parser) {
             parser.addPositionalArgument(u"what"_s, u"enable, disable, prune, status, or a TABLE."_s);
             parser.addPositionalArgument(u"table-or-key"_s, u"The TABLE (after enable, disable, prune, status), else the KEY."_s);
             parser.addOptions({keepLastOption, keepDaysOption, dropOption, jsonOption});
         },
         history, 2, 2},
        {u"restore"_s, u"Write an old version's values as a new version, if the record is still at --expect-version; print the new version."_s,
         [=](QCommandLineParser &parser) {
             tableAndKey(parser);
             parser.addOptions({versionOption, expectOption});
         },
         restore, 2, 2},
        {u"deleted"_s, u"List the deleted records the history holds: key, last version, who, when."_s,
         [](QCommandLineParser &parser) {
             parser.addPositionalArgument(u"table"_s, u"The table."_s);
             parser.addOption(jsonOption);
         },
         deletedRecords, 1, 1},
        {u"recover"_s, u"Insert a deleted record again with its last values, at a new version (exit 3 when its key is in use again); print the version."_s,
         tableAndKey, recover, 2, 2},
    };
}

} // namespace Concord::Ctl
