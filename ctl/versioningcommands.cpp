// SPDX-License-Identifier: MIT
// SPDX-FileCopyrightText: 2026 Concord developers
//
// concordctl apply / unapply / triggers / check: versioning of existing tables.
#include <ctl/ctlcontext.h>

#include <core/text.h>

#include <core/db/catalog.h>
#include <core/versioning/failoversafety.h>
#include <core/versioning/versioning.h>
#include <core/versioning/versiontriggers.h>

#include <QCoreApplication>

using namespace Qt::StringLiterals;

namespace Concord::Ctl {

CONCORD_TRANSLATION_CONTEXT("concordctl")

namespace {

const QCommandLineOption columnOption(u"column"_s, u"The version column (default: version)."_s, u"NAME"_s,
                                      u"version"_s);
const QCommandLineOption policyOption(u"policy"_s,
                                      u"counter, timestamp, conditional or trigger (default: timestamp on PostgreSQL "
                                      "for a new or 64-bit version column, whose versions never repeat after a "
                                      "failover; counter otherwise)."_s,
                                      u"POLICY"_s);
const QCommandLineOption checkOption(u"check-fields"_s, u"Conditional: only these fields move the version."_s,
                                     u"a,b"_s);
const QCommandLineOption ignoreOption(u"ignore-fields"_s, u"Conditional: fields that never move the version."_s,
                                      u"c,d"_s);

void printActions(Context &context, const QString &table, const QStringList &actions)
{
    if (actions.isEmpty())
        context.out << table << ": " << tr("nothing to do") << '\n';
    for (const QString &action : actions)
        context.out << table << ": " << action << '\n';
}

int apply(Context &context, const QCommandLineParser &parser)
{
    if (!context.open())
        return context.openFailure;
    VersioningConfig config;
    config.table = parser.positionalArguments().value(0);
    config.column = parser.value(columnOption);
    if (parser.isSet(policyOption)) {
        const auto policy = policyFromName(parser.value(policyOption));
        if (!policy)
            return context.fail(tr("unknown policy '%1'").arg(parser.value(policyOption)), UsageError);
        config.policy = *policy;
    } else if (const auto columns = tableColumns(context.db, config.table); columns) {
        config.policy = defaultPolicyFor(context.db, columns.value(), config.column);
    } // else applyVersioning() says why the table cannot be read
    if (parser.isSet(checkOption))
        config.checkFields = parser.value(checkOption).split(u',', Qt::SkipEmptyParts);
    if (parser.isSet(ignoreOption))
        config.ignoreFields = parser.value(ignoreOption).split(u',', Qt::SkipEmptyParts);
    auto actions = applyVersioning(context.db, config);
    if (!actions)
        return context.fail(actions.error().message,
                            actions.error().code == ErrorCode::InvalidArgument ? UsageError : Failure);
    printActions(context, config.table, actions.value());
    return Success;
}

int unapply(Context &context, const QCommandLineParser &parser)
{
    if (!context.open())
        return context.openFailure;
    const QString table = parser.positionalArguments().value(0);
    auto actions = removeVersioning(context.db, table);
    if (!actions)
        return context.fail(actions.error().message);
    printActions(context, table, actions.value());
    return Success;
}

// The tables a triggers command works on: the one named, or every table versioned by trigger.
Result<QList<TableSchema>> triggerTables(Context &context, const QString &only)
{
    auto configs = VersioningCatalog::loadAll(context.db);
    if (!configs)
        return configs.error();
    QList<TableSchema> schemas;
    bool found = false;
    for (const VersioningConfig &config : configs.value()) {
        if (!only.isEmpty() && config.table != only)
            continue;
        found = found || config.table == only;
        if (config.policy != VersionPolicy::Trigger) {
            if (!only.isEmpty())
                return makeError(ErrorCode::InvalidArgument,
                                 tr("%1 uses the %2 policy, which needs no trigger").arg(only, policyName(config.policy)));
            continue;
        }
        auto schema = TableSchema::load(context.db, config.table, config.column);
        if (!schema)
            return schema.error();
        schemas << schema.value();
    }
    if (!only.isEmpty() && !found)
        return makeError(ErrorCode::NotFound, tr("%1 is not versioned (concordctl apply %1 --policy trigger)").arg(only));
    return schemas;
}

int triggers(Context &context, const QCommandLineParser &parser)
{
    const QStringList args = parser.positionalArguments();
    const QString action = args.value(0);
    if (action != "list"_L1 && action != "create"_L1 && action != "drop"_L1)
        return context.fail(tr("triggers takes list, create or drop, not '%1'").arg(action), UsageError);
    if (!context.open())
        return context.openFailure;
    auto tables = triggerTables(context, args.value(1));
    if (!tables)
        return context.fail(tables.error().message, tables.error().code == ErrorCode::InvalidArgument ? UsageError : Failure);
    for (const TableSchema &schema : tables.value()) {
        const QString name = VersionTriggers::triggerName(schema.table);
        if (action == "list"_L1) {
            auto status = VersionTriggers::status(context.db, schema);
            if (!status)
                return context.fail(status.error().message);
            context.out << schema.table << '\t' << name << '\t' << VersionTriggers::stateName(status.value().state) << '\n';
        } else if (action == "create"_L1) {
            auto before = VersionTriggers::create(context.db, schema);
            if (!before)
                return context.fail(before.error().message);
            const QString result = before.value() == VersionTriggers::State::Missing  ? tr("created")
                                 : before.value() == VersionTriggers::State::Outdated ? tr("replaced")
                                                                                      : tr("up to date");
            context.out << schema.table << '\t' << name << '\t' << result << '\n';
        } else {
            auto dropped = VersionTriggers::drop(context.db, schema.table);
            if (!dropped)
                return context.fail(dropped.error().message);
            context.out << schema.table << '\t' << name << '\t' << (dropped.value() ? tr("dropped") : tr("absent")) << '\n';
        }
    }
    return Success;
}

int check(Context &context, const QCommandLineParser &)
{
    if (!context.open())
        return context.openFailure;
    auto findings = checkSchema(context.db);
    if (!findings)
        return context.fail(findings.error().message);
    auto failover = checkFailoverSafety(context.db);
    if (!failover)
        return context.fail(failover.error().message);
    findings.value() << failover.value();
    bool serious = false;
    for (const SchemaFinding &finding : findings.value()) {
        const bool error = finding.severity == SchemaFinding::Severity::Error;
        serious = serious || error;
        context.out << (error ? "error" : "warning") << '\t' << finding.table << '\t' << finding.code << '\t'
                    << finding.message << '\n';
    }
    if (findings.value().isEmpty())
        context.out << tr("every table is protected") << '\n';
    return serious ? Failure : Success;
}

} // namespace

QList<Command> versioningCommands()
{
    const auto table = [](QCommandLineParser &parser) { parser.addPositionalArgument(u"table"_s, u"The table."_s); };
    return {
        {u"apply"_s, u"Version an existing table: add the column, create triggers, record the policy."_s,
         [=](QCommandLineParser &parser) {
             table(parser);
             parser.addOptions({columnOption, policyOption, checkOption, ignoreOption});
         },
         apply, 1, 1},
        {u"unapply"_s, u"Undo apply: drop the triggers, the column if Concord added it, and the policy."_s, table,
         unapply, 1, 1},
        {u"triggers"_s, u"List, create or drop version triggers (all trigger-versioned tables by default)."_s,
         [](QCommandLineParser &parser) {
             parser.addPositionalArgument(u"action"_s, u"list, create or drop."_s);
             parser.addPositionalArgument(u"table"_s, u"Only this table."_s, u"[table]"_s);
         },
         triggers, 1, 2},
        {u"check"_s, u"Report tables Concord cannot fully protect, and counter versions a failover to an asynchronous "
                       "standby could repeat; exit 1 when any problem is serious."_s,
         [](QCommandLineParser &) {}, check, 0, 0},
    };
}

} // namespace Concord::Ctl
