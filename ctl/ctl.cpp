// SPDX-License-Identifier: MIT
// SPDX-FileCopyrightText: 2026 Concord developers
#include "ctl.h"

#include <core/text.h>

#include <ctl/ctlcontext.h>

#include <QCoreApplication>
#include <QStringDecoder>

using namespace Qt::StringLiterals;

namespace Concord::Ctl {

CONCORD_TRANSLATION_CONTEXT("concordctl")

namespace {

const QCommandLineOption dbOption(u"db"_s, u"The database: sqlite:PATH, a path, or postgresql://user@host:port/dbname "
                                            "(default: $CONCORD_DB). Passwords come from PGPASSWORD or ~/.pgpass."_s,
                                  u"ADDRESS"_s);

QString exitCodeText()
{
    return tr("Exit codes: 0 success; 1 error (message on stderr); 2 usage error; "
              "3 conflict: the row changed since the expected version (current row as JSON on stdout); "
              "4 lock not acquired (the holder is named on stderr); "
              "5 outcome unknown: the connection was lost after a write was sent and the row could not be read "
              "again to tell whether it is stored (what is known, and how to look, on stderr). "
              "lock: otherwise the command's own exit code (128 + N when it died of signal N).");
}

QList<Command> allCommands()
{
    return rowCommands() + versioningCommands() + auditCommands() + importCommands() + lockCommands() + historyCommands();
}

QString overview()
{
    QString text = tr("Usage: concordctl [--db ADDRESS] COMMAND [ARGUMENTS]\n"
                      "Concord from the shell: the editor's version checks, for scripts.\n\nCommands:\n");
    for (const Command &command : allCommands())
        text += u"  %1%2\n"_s.arg(command.name, -10).arg(command.summary);
    text += u"\n"_s + tr("concordctl COMMAND --help describes a command.") + u"\n"_s + exitCodeText() + u'\n';
    return text;
}

QtMessageHandler s_defaultHandler = nullptr;

// Qt's SQL drivers print warnings of their own on stderr, such as "This version of PostgreSQL is
// not supported and may not work." when the server goes away while connecting: they name no real
// cause and come on top of concordctl's own message, which does. Qt's and the drivers' warnings
// are dropped (CONCORD_DEBUG=1 shows them); Concord's own, and anything worse, pass.
void quietDriverMessages(QtMsgType type, const QMessageLogContext &context, const QString &message)
{
    const bool concords = message.startsWith("Concord"_L1) || QLatin1String(context.category ? context.category : "").startsWith("concord"_L1);
    if ((type == QtDebugMsg || type == QtInfoMsg || type == QtWarningMsg) && !concords)
        return;
    s_defaultHandler(type, context, message);
}

} // namespace

int Context::fail(const QString &message, int code)
{
    // An empty "concordctl:" tells nobody anything.
    err << "concordctl: " << (message.trimmed().isEmpty() ? tr("failed, and the cause was not reported (exit code %1)").arg(code) : message) << '\n';
    return code;
}

bool Context::open()
{
    if (db.isOpen())
        return true;
    openFailure = UsageError;
    if (address.isEmpty()) {
        fail(tr("no database: give --db ADDRESS or set CONCORD_DB"), UsageError);
        return false;
    }
    auto parsed = DatabaseAddress::parse(address);
    if (!parsed) {
        fail(parsed.error().message, UsageError);
        return false;
    }
    openFailure = Failure;
    OpenOptions options;
    options.applicationName = u"concordctl"_s;
    auto opened = openDatabase(parsed.value(), connectionNameFor(u"concordctl"_s), options);
    if (!opened) {
        fail(opened.error().message);
        return false;
    }
    db = opened.value();
    return true;
}

int run(const QStringList &arguments, QTextStream &out, QTextStream &err)
{
    if (!s_defaultHandler && qEnvironmentVariableIntValue("CONCORD_DEBUG") == 0)
        s_defaultHandler = qInstallMessageHandler(quietDriverMessages);
    Context context{out, err, qEnvironmentVariable("CONCORD_DB"), {}};
    // Global options come before the command; everything after it belongs to the command.
    int at = 1;
    for (; at < arguments.size() && arguments.at(at).startsWith(u'-'); ++at) {
        const QString arg = arguments.at(at);
        if (arg == "--help"_L1 || arg == "-h"_L1) {
            out << overview();
            return Success;
        }
        if (arg == "--version"_L1) {
            out << "concordctl " << QCoreApplication::applicationVersion() << '\n';
            return Success;
        }
        if (arg == "--db"_L1 && at + 1 < arguments.size())
            context.address = arguments.at(++at);
        else if (arg.startsWith("--db="_L1))
            context.address = arg.mid(5);
        else
            return context.fail(tr("unknown option %1 (concordctl --help)").arg(arg), UsageError);
    }
    if (at >= arguments.size()) {
        err << overview();
        return UsageError;
    }
    const QString name = arguments.at(at);
    const QList<Command> commands = allCommands();
    const auto command = std::find_if(commands.cbegin(), commands.cend(), [&](const Command &c) { return c.name == name; });
    if (command == commands.cend())
        return context.fail(tr("unknown command '%1' (concordctl --help)").arg(name), UsageError);

    QCommandLineParser parser;
    parser.setApplicationDescription(command->summary + u"\n\n"_s + exitCodeText());
    parser.addHelpOption();
    parser.addOption(dbOption);
    command->declare(parser);
    const QStringList commandLine = QStringList{u"concordctl "_s + name} + arguments.mid(at + 1);
    if (!parser.parse(commandLine))
        return context.fail(parser.errorText() + u" (concordctl "_s + name + u" --help)"_s, UsageError);
    if (parser.isSet(u"help"_s)) {
        out << parser.helpText();
        return Success;
    }
    if (parser.isSet(dbOption))
        context.address = parser.value(dbOption);
    const auto count = parser.positionalArguments().size();
    if (count < command->minArguments || (command->maxArguments >= 0 && count > command->maxArguments))
        return context.fail(tr("wrong number of arguments (concordctl %1 --help)").arg(name), UsageError);
    return command->run(context, parser);
}

int run(int argc, char *argv[], QTextStream &out, QTextStream &err)
{
    QStringList arguments;
    for (int i = 0; i < argc; ++i) {
        const QByteArray bytes(argv[i]);
        QStringDecoder decoder(QStringDecoder::Utf8, QStringDecoder::Flag::Stateless); // a sequence cut short is an error too
        const QString text = decoder.decode(bytes);
        if (decoder.hasError()) {
            QString shown;
            for (const char c : bytes) {
                const auto byte = static_cast<unsigned char>(c);
                shown += byte >= 0x20 && byte < 0x7f ? QString(QLatin1Char(c)) : u"\\x%1"_s.arg(byte, 2, 16, QLatin1Char('0'));
            }
            err << "concordctl: " << tr("argument %1 is not valid UTF-8: '%2'; nothing was done").arg(i).arg(shown) << '\n';
            return Failure;
        }
        arguments << text;
    }
    return run(arguments, out, err);
}

} // namespace Concord::Ctl
