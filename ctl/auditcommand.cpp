// SPDX-License-Identifier: MIT
// SPDX-FileCopyrightText: 2026 Concord developers
//
// concordctl audit: which columns of a table record who changed a row last and when.
#include <ctl/ctlcontext.h>

#include <core/errors.h>
#include <core/text.h>

#include <core/db/transaction.h>
#include <core/versioning/versioningconfig.h>
#include <core/versioning/versiontriggers.h>

#include <QCoreApplication>

using namespace Qt::StringLiterals;

namespace Concord::Ctl {

CONCORD_TRANSLATION_CONTEXT("concordctl")

namespace {

const QCommandLineOption byOption(u"by"_s, u"The column naming who changed a row (\"\" for none)."_s, u"COLUMN"_s);
const QCommandLineOption atOption(u"at"_s, u"The column holding when, by the database's clock (\"\" for none)."_s,
                                  u"COLUMN"_s);
const QCommandLineOption offOption(u"off"_s, u"Keep no audit column of the table."_s);
const QCommandLineOption autoOption(u"auto"_s, u"Forget the setting: modified_by and modified_at, where the table has them."_s);

QString shown(const QString &column)
{
    return column.isEmpty() ? u"-"_s : column;
}

void printColumns(Context &context, const QString &table, const AuditConfig &config, const AuditColumns &columns)
{
    const bool automatic = !config.byColumn && !config.atColumn;
    context.out << table << '\t' << "by=" << shown(columns.byColumn) << '\t' << "at=" << shown(columns.atColumn) << '\t'
                << (config.isOff() ? tr("off") : automatic ? tr("automatic") : tr("recorded")) << '\n';
}

// The setting the options ask for, on top of the one recorded: an option not given keeps its part.
Result<AuditConfig> wantedSetting(const QCommandLineParser &parser, AuditConfig config)
{
    const int modes = int(parser.isSet(offOption)) + int(parser.isSet(autoOption))
                    + int(parser.isSet(byOption) || parser.isSet(atOption));
    if (modes > 1)
        return makeError(ErrorCode::InvalidArgument, tr("give --by/--at, --off or --auto, one of them"));
    if (parser.isSet(offOption))
        return AuditConfig::off(config.table);
    if (parser.isSet(autoOption)) {
        config.byColumn.reset();
        config.atColumn.reset();
        return config;
    }
    if (parser.isSet(byOption))
        config.byColumn = parser.value(byOption);
    if (parser.isSet(atOption))
        config.atColumn = parser.value(atOption);
    return config;
}

// Records the setting and, for a table versioned by triggers whose trigger exists, brings the
// trigger up to date in the same transaction, so that outside writers fill the new columns.
Result<QStringList> record(const QSqlDatabase &db, const VersioningConfig &versioning, const TableSchema &schema,
                           const AuditConfig &config)
{
    Transaction transaction(db);
    if (!transaction.begin())
        return sqlError(transaction.lastError());
    const bool automatic = !config.byColumn && !config.atColumn;
    if (auto stored = automatic ? AuditCatalog::remove(db, config.table) : AuditCatalog::store(db, config); !stored)
        return stored.error();
    QStringList actions;
    if (versioning.policy == VersionPolicy::Trigger) {
        auto before = VersionTriggers::status(db, schema);
        if (!before)
            return before.error();
        if (before.value().state != VersionTriggers::State::Missing) {
            auto replaced = VersionTriggers::create(db, schema);
            if (!replaced)
                return replaced.error();
            if (replaced.value() == VersionTriggers::State::Outdated)
                actions << tr("replaced trigger %1").arg(VersionTriggers::triggerName(schema.table));
        }
    }
    if (!transaction.commit())
        return sqlError(transaction.lastError());
    return actions;
}

int audit(Context &context, const QCommandLineParser &parser)
{
    if (!context.open())
        return context.openFailure;
    const QString table = parser.positionalArguments().value(0);
    auto versioning = versioningFor(context.db, table);
    auto schema = versioning ? TableSchema::load(context.db, table, versioning.value().column)
                             : Result<TableSchema>(versioning.error());
    if (!schema)
        return context.fail(schema.error().message);
    const TableSchema &tableSchema = schema.value();
    const bool changing = parser.isSet(byOption) || parser.isSet(atOption) || parser.isSet(offOption) || parser.isSet(autoOption);
    if (!changing) {
        const AuditConfig &config = versioning.value().audit;
        printColumns(context, table, config, config.resolve(tableSchema.fields, tableSchema.primaryKey, tableSchema.versionColumn));
        return Success;
    }
    auto wanted = wantedSetting(parser, versioning.value().audit);
    if (!wanted)
        return context.fail(wanted.error().message, UsageError);
    if (auto valid = wanted.value().validate(tableSchema.fields, tableSchema.primaryKey, tableSchema.versionColumn); !valid)
        return context.fail(valid.error().message, UsageError);
    auto actions = record(context.db, versioning.value(), tableSchema, wanted.value());
    if (!actions)
        return context.fail(actions.error().message);
    printColumns(context, table, wanted.value(),
                 wanted.value().resolve(tableSchema.fields, tableSchema.primaryKey, tableSchema.versionColumn));
    for (const QString &action : actions.value())
        context.out << table << ": " << action << '\n';
    return Success;
}

} // namespace

QList<Command> auditCommands()
{
    return {
        {u"audit"_s, u"Show or set the columns recording who changed a row and when (default: modified_by, modified_at)."_s,
         [](QCommandLineParser &parser) {
             parser.addPositionalArgument(u"table"_s, u"The table."_s);
             parser.addOptions({byOption, atOption, offOption, autoOption});
         },
         audit, 1, 1},
    };
}

} // namespace Concord::Ctl
