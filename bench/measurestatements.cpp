// SPDX-License-Identifier: MIT
// SPDX-FileCopyrightText: 2026 Concord developers
// Measure 11: what opening costs the server, counted rather than timed: the statements an
// editor-like start-up, opening one table and `concordctl get` send (from the server's statement
// log), and the connections an idle editor holds (pg_stat_activity). PostgreSQL only: SQLite has
// no server to ask.
#include "measures.h"

#include <core/db/demodatabase.h>
#include <core/db/tableschema.h>
#include <core/locks/advisorylock.h>
#include <core/model/versionedtablemodel.h>
#include <core/versioning/versioning.h>

#include <QCoreApplication>
#include <QFile>
#include <QFileInfo>
#include <QProcess>
#include <QProcessEnvironment>
#include <QSqlError>
#include <QSqlQuery>
#include <QThread>

#include <cstdio>
#include <memory>

using namespace Qt::StringLiterals;

namespace Concord::Bench {

namespace {

const QString measureDatabase = u"concord_measure11"_s;

/// The server's log file: --server-log, else $CONCORD_PG_LOG, else scripts/lib/postgres.sh's
/// place for it (server.log beside the data directory).
QString serverLogPath(const QSqlDatabase &control)
{
    const QStringList arguments = QCoreApplication::arguments();
    QString path = argumentValue(arguments, u"--server-log"_s, qEnvironmentVariable("CONCORD_PG_LOG"));
    if (path.isEmpty()) {
        QSqlQuery query(control);
        if (query.exec(u"SHOW data_directory"_s) && query.next())
            path = QFileInfo(query.value(0).toString() + u"/../server.log"_s).absoluteFilePath();
    }
    return QFileInfo(path).isReadable() ? path : QString();
}

/// Counts the statements the server logged between two points of a run (log_statement = 'all'
/// logs each one once, before it runs; a statement spanning lines is counted once).
class StatementLog
{
public:
    explicit StatementLog(QString path)
        : m_path(std::move(path))
    {
    }
    bool isReadable() const { return !m_path.isEmpty(); }
    void mark() { m_offset = QFileInfo(m_path).size(); }
    int statementsSinceMark() const
    {
        QFile file(m_path);
        if (!file.open(QIODevice::ReadOnly) || !file.seek(m_offset))
            return -1;
        // CONCORD_BENCH_SHOW_STATEMENTS=1 prints what was counted, to see where the count comes from.
        const bool show = qEnvironmentVariableIntValue("CONCORD_BENCH_SHOW_STATEMENTS") != 0;
        int count = 0;
        while (!file.atEnd()) {
            const QByteArray line = file.readLine();
            if (line.contains("LOG:  statement: ") || line.contains("LOG:  execute ")) {
                ++count;
                if (show)
                    std::fputs(line.constData(), stderr);
            }
        }
        return count;
    }

private:
    QString m_path;
    qint64 m_offset = 0;
};

int scalarOrDie(const QSqlDatabase &db, const QString &statement)
{
    QSqlQuery query(db);
    if (!query.exec(statement) || !query.next())
        die(u"%1: %2"_s.arg(statement, query.lastError().text()));
    return query.value(0).toInt();
}

/// Sessions on the measured database other than the control connection's (which is elsewhere).
int sessions(const QSqlDatabase &control, const QString &state = {})
{
    const QString where = state.isEmpty() ? QString() : u" AND state = '%1'"_s.arg(state);
    return scalarOrDie(control, u"SELECT count(*) FROM pg_stat_activity WHERE datname = '%1'%2"_s.arg(measureDatabase, where));
}

/// A fresh database holding the demo tables, so that the counts do not depend on what other
/// measures left behind.
DatabaseAddress createMeasureDatabase(const Context &context, const QSqlDatabase &control)
{
    execOrDie(control, u"DROP DATABASE IF EXISTS %1 WITH (FORCE)"_s.arg(measureDatabase));
    execOrDie(control, u"CREATE DATABASE %1"_s.arg(measureDatabase));
    DatabaseAddress address = context.backend.address;
    address.databaseName = measureDatabase;
    const Backend backend{context.backend.name, address};
    {
        const QSqlDatabase setup = openOrDie(backend, u"bench-statements-setup"_s);
        DemoDatabase::Size size;
        size.customers = 1000;
        size.orders = 1000;
        if (auto created = DemoDatabase::create(setup, size); !created)
            die(u"cannot create the demo tables: %1"_s.arg(created.error().message));
        closeDatabase(setup.connectionName());
    }
    return address;
}

void setStatementLogging(const QSqlDatabase &control, bool on)
{
    execOrDie(control, on ? u"ALTER SYSTEM SET log_statement = 'all'"_s : u"ALTER SYSTEM RESET log_statement"_s);
    execOrDie(control, u"SELECT pg_reload_conf()"_s);
    QThread::msleep(300); // the postmaster passes the new setting on to its backends
}

int readFirstScreen(const QAbstractItemModel &model)
{
    int cells = 0;
    for (int row = 0; row < std::min(50, model.rowCount()); ++row) {
        for (int column = 0; column < model.columnCount(); ++column)
            cells += model.data(model.index(row, column)).isValid() ? 1 : 0;
    }
    return cells;
}

void openTable(VersionedTableModel &model, const QString &table)
{
    model.setTable(table);
    if (model.tableName().isEmpty() || !model.select() || readFirstScreen(model) == 0)
        die(u"cannot open %1: %2"_s.arg(table, model.lastError().text()));
}

/// What the editor's window does with core when it opens a database: its connection, its lock
/// owner watching grants on that connection (the lock monitor), live updates, the table list,
/// the schema check, the first table and its first screen.
struct EditorLike
{
    QSqlDatabase db;
    std::unique_ptr<VersionedTableModel> model;
    std::unique_ptr<AdvisoryLock> lock;

    explicit EditorLike(const DatabaseAddress &address)
    {
        OpenOptions options;
        auto opened = openDatabase(address, connectionNameFor(u"bench-editor"_s), options);
        if (!opened)
            die(opened.error().message);
        db = opened.value();
        model = std::make_unique<VersionedTableModel>(nullptr, db);
        model->setReadOnlyAllowed(true);
        AdvisoryLock::Options lockOptions;
        lockOptions.applicationName = u"concord"_s;
        auto locks = AdvisoryLock::openWatcher(db, lockOptions); // as the editor's lock monitor
        if (!locks)
            die(locks.error().message);
        lock = std::move(locks).value();
        lock->watchChanges([] {});
        (void)lock->holdersMark();
        (void)lock->heldLocks();
        model->setTableLock(lock.get());
        model->setLiveUpdates(true);
        const QStringList tables = userTables(db);
        (void)checkSchema(db);
        if (tables.isEmpty())
            die(u"the measure database has no tables"_s);
        openTable(*model, tables.first());
    }
    ~EditorLike()
    {
        lock.reset();
        model.reset();
        const QString name = db.connectionName();
        db = QSqlDatabase();
        closeDatabase(name);
    }
};

/// `concordctl get customers 1` against \a address, as a user runs it.
bool runConcordctlGet(const DatabaseAddress &address)
{
    const QString program = QCoreApplication::applicationDirPath() + u"/../app/concordctl"_s;
    if (!QFileInfo(program).isExecutable())
        return false;
    QProcess process;
    process.start(program, {u"--db"_s, address.toString(), u"get"_s, u"customers"_s, u"1"_s});
    return process.waitForFinished(60000) && process.exitCode() == 0;
}

void addCount(const Context &context, const QString &what, int ours, std::optional<double> floor, const QString &goal,
              bool met)
{
    context.report->add(Row{u"11 "_s + what, context.backend.name, u"demo"_s, double(ours), floor,
                            floor && *floor > 0 ? std::optional<double>(ours / *floor) : std::nullopt, goal, met});
}

} // namespace

void measureStatements(const Context &context)
{
    if (context.backend.isSQLite())
        return; // no server log, no sessions to count
    const QSqlDatabase control = openOrDie(context.backend, u"bench-statements-control"_s);
    const DatabaseAddress address = createMeasureDatabase(context, control);
    setStatementLogging(control, true);
    StatementLog log(serverLogPath(control));
    if (log.isReadable()) { // a server restarted without -l logs elsewhere: the file must grow
        log.mark();
        execOrDie(control, u"SELECT 'concord measure 11'"_s);
        if (log.statementsSinceMark() != 1)
            log = StatementLog(QString());
    }
    if (!log.isReadable())
        std::fputs("measure 11: no server log that logs this server's statements (--server-log PATH or "
                   "CONCORD_PG_LOG); counting sessions only\n", stderr);

    {
        log.mark();
        EditorLike editor(address);
        const int startup = log.statementsSinceMark();
        QThread::msleep(100);
        QCoreApplication::processEvents(); // a queued lock refresh or live update would run here
        const int idle = sessions(control);
        const int idleInTransaction = sessions(control, u"idle in transaction"_s);
        if (log.isReadable())
            addCount(context, u"editor-like start-up: statements"_s, startup, std::nullopt, u"fewer"_s, true);
        addCount(context, u"idle editor: connections"_s, idle, 1, u"<= 1"_s, idle <= 1);
        addCount(context, u"idle editor: idle in transaction"_s, idleInTransaction, std::nullopt, u"0"_s,
                 idleInTransaction == 0);

        // A second table opened in a model of its own on the same connection, as a form or a
        // chooser would; the floor is the bare `SELECT … ORDER BY id LIMIT 50`.
        log.mark();
        VersionedTableModel second(nullptr, editor.db);
        openTable(second, u"products"_s);
        const int open = log.statementsSinceMark();
        const int afterSecond = sessions(control);
        if (log.isReadable())
            addCount(context, u"open one table: statements"_s, open, 1, u"the page (+ count when full)"_s, open <= 2);
        addCount(context, u"second model: extra connections"_s, afterSecond - idle, std::nullopt, u"0"_s,
                 afterSecond == idle);

        // The editor switching its table, as a click in the table list does.
        log.mark();
        openTable(*editor.model, u"customers"_s);
        const int switched = log.statementsSinceMark();
        if (log.isReadable())
            addCount(context, u"switch the editor's table: statements"_s, switched, 1, u"the page + count"_s, switched <= 2);
    }

    if (log.isReadable()) {
        log.mark();
        if (runConcordctlGet(address)) {
            const int get = log.statementsSinceMark();
            addCount(context, u"concordctl get: statements"_s, get, std::nullopt, u"fewer"_s, true);
        } else {
            std::fputs("measure 11: concordctl not found beside the benchmark or it failed; no count for it\n", stderr);
        }
    }
    setStatementLogging(control, false);
    execOrDie(control, u"DROP DATABASE IF EXISTS %1 WITH (FORCE)"_s.arg(measureDatabase));
}

} // namespace Concord::Bench
