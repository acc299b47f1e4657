// SPDX-License-Identifier: MIT
// SPDX-FileCopyrightText: 2026 Concord developers
// Measure 10: the statements a watching editor sends for one other user's commit of one row it
// shows (issue #13: at most 2 on both backends), against those of a whole re-read of its table.
//
// How they are counted, outside Concord (core has no counting hook):
// - SQLite: sqlite3_trace_v2() on both of the watching model's connections (the editing one,
//   which also polls, and the grid's reader), through the handle the Qt driver exposes; the Qt
//   plugin and this program share the system's libsqlite3. The poll (`PRAGMA data_version`)
//   runs every 250 ms whether anyone commits or not: it is left out, and said in the row.
// - PostgreSQL: the server's own log. For the measure the server logs every statement
//   (ALTER SYSTEM log_statement = 'all' and a log_line_prefix with the application name, then
//   pg_reload_conf(); both undone afterwards), the watching model's connections carry an
//   application name of their own, and the lines they caused are read back from the log file
//   (--postgresql-log or $CONCORD_PG_LOG, set by scripts/lib/postgres.sh). Qt's driver runs a
//   prepared statement as PREPARE, EXECUTE and DEALLOCATE: the count is of EXECUTEs and plain
//   statements, and the row's size column gives every line the server logged (round trips).
#include "measures.h"

#include <core/db/tableschema.h>
#include <core/model/versionedtablemodel.h>
#include <core/versioning/versionedwriter.h>

#include <QElapsedTimer>
#include <QEventLoop>
#include <QFile>
#include <QSqlDriver>
#include <QSqlError>
#include <QSqlField>
#include <QSqlQuery>
#include <QThread>
#include <QTimer>

#include <memory>

#ifdef CONCORD_HAVE_SQLITE3
#include <sqlite3.h>
#endif

using namespace Qt::StringLiterals;

namespace Concord::Bench {

namespace {

const QString table = u"bench_watched"_s;
const QString watcherName = u"concord_bench_watcher"_s;
constexpr int tableRows = 10000;
constexpr int pollMs = 250; // the editor's interval

/// What one counted stretch of work sent: statements, and every line or call behind them.
struct Count
{
    int statements = 0;
    int roundTrips = 0;
};

/// Counts what the watching model's connections send, per backend (see the file comment).
class StatementCount
{
public:
    virtual ~StatementCount() = default;
    virtual void start() = 0;
    virtual std::optional<Count> stop() = 0;
};

#ifdef CONCORD_HAVE_SQLITE3
class SQLiteCount : public StatementCount
{
public:
    explicit SQLiteCount(const QList<QSqlDatabase> &connections)
    {
        for (const QSqlDatabase &db : connections) {
            const QVariant handle = db.driver()->handle();
            if (qstrcmp(handle.typeName(), "sqlite3*") == 0)
                m_handles << *static_cast<sqlite3 *const *>(handle.constData());
        }
    }
    void start() override
    {
        m_count = {};
        for (sqlite3 *connection : std::as_const(m_handles))
            sqlite3_trace_v2(connection, SQLITE_TRACE_STMT, &SQLiteCount::traced, this);
    }
    std::optional<Count> stop() override
    {
        for (sqlite3 *connection : std::as_const(m_handles))
            sqlite3_trace_v2(connection, 0, nullptr, nullptr);
        return m_count;
    }

private:
    static int traced(unsigned, void *context, void *, void *text)
    {
        const char *sql = static_cast<const char *>(text);
        if (qstrncmp(sql, "--", 2) != 0 && qstrcmp(sql, "PRAGMA data_version") != 0) {
            ++static_cast<SQLiteCount *>(context)->m_count.statements;
            ++static_cast<SQLiteCount *>(context)->m_count.roundTrips;
        }
        return 0;
    }

    QList<sqlite3 *> m_handles;
    Count m_count;
};
#endif

class PostgresLogCount : public StatementCount
{
public:
    PostgresLogCount(QSqlDatabase admin, QString logPath)
        : m_admin(std::move(admin))
        , m_logPath(std::move(logPath))
    {
        execOrDie(m_admin, u"ALTER SYSTEM SET log_statement = 'all'"_s);
        execOrDie(m_admin, u"ALTER SYSTEM SET log_line_prefix = '%m [%p] app=%a '"_s);
        execOrDie(m_admin, u"SELECT pg_reload_conf()"_s);
        QThread::msleep(300); // the postmaster signals its backends; they reread at their next command
    }
    ~PostgresLogCount() override
    {
        execOrDie(m_admin, u"ALTER SYSTEM RESET log_statement"_s);
        execOrDie(m_admin, u"ALTER SYSTEM RESET log_line_prefix"_s);
        execOrDie(m_admin, u"SELECT pg_reload_conf()"_s);
    }
    void start() override { m_offset = QFile(m_logPath).size(); }
    std::optional<Count> stop() override
    {
        QThread::msleep(200); // the server writes its log asynchronously to us
        QFile log(m_logPath);
        if (!log.open(QIODevice::ReadOnly) || !log.seek(m_offset))
            return std::nullopt;
        Count count;
        const QByteArray marker = "app=" + watcherName.toUtf8() + " LOG:  statement: ";
        for (const QByteArray &line : log.readAll().split('\n')) {
            const qsizetype at = line.indexOf(marker);
            if (at < 0)
                continue;
            const QByteArray statement = line.mid(at + marker.size());
            ++count.roundTrips;
            if (!statement.startsWith("PREPARE ") && !statement.startsWith("DEALLOCATE "))
                ++count.statements;
        }
        return count;
    }

private:
    QSqlDatabase m_admin;
    QString m_logPath;
    qint64 m_offset = 0;
};

void createWatchedTable(const QSqlDatabase &db)
{
    execOrDie(db, u"DROP TABLE IF EXISTS %1"_s.arg(table));
    execOrDie(db, u"CREATE TABLE %1 (id INTEGER PRIMARY KEY, name TEXT NOT NULL, qty INTEGER NOT NULL, "
                  "note TEXT, version INTEGER NOT NULL DEFAULT 1)"_s.arg(table));
    const QString values = u"'name ' || i, i % 100, 'a note long enough to look like one, row ' || i, 1"_s;
    if (isSQLite(db)) {
        execOrDie(db, u"WITH RECURSIVE s(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM s WHERE i < %1) "
                      "INSERT INTO %2 SELECT i, %3 FROM s"_s.arg(tableRows).arg(table, values));
    } else {
        execOrDie(db, u"INSERT INTO %1 SELECT i, %2 FROM generate_series(1, %3) AS g(i)"_s.arg(table, values)
                          .arg(tableRows));
        execOrDie(db, u"VACUUM ANALYZE %1"_s.arg(table));
    }
}

QSqlDatabase openWatcher(const Backend &backend)
{
    OpenOptions options;
    options.applicationName = watcherName; // the reader, a clone, carries it too
    auto db = openDatabase(backend.address, connectionNameFor(u"bench-watcher"_s), options);
    if (!db)
        die(u"cannot open %1: %2"_s.arg(backend.addressText(), db.error().message));
    return db.value();
}

QList<QSqlDatabase> connectionsOf(const VersionedTableModel &model)
{
    QList<QSqlDatabase> connections{model.database()};
    for (const QString &name : QSqlDatabase::connectionNames()) {
        if (name.startsWith(model.database().connectionName() + "-reader-"_L1))
            connections << QSqlDatabase::database(name, false);
    }
    return connections;
}

std::unique_ptr<StatementCount> counterFor(const Context &context, const VersionedTableModel &model)
{
    if (!context.backend.isSQLite()) {
        const QString log = qEnvironmentVariable("CONCORD_PG_LOG");
        if (log.isEmpty() || !QFile::exists(log))
            return nullptr;
        return std::make_unique<PostgresLogCount>(openOrDie(context.backend, u"bench-watch-admin"_s), log);
    }
#ifdef CONCORD_HAVE_SQLITE3
    return std::make_unique<SQLiteCount>(connectionsOf(model));
#else
    Q_UNUSED(model)
    return nullptr;
#endif
}

// Another user's save of row \a id through Concord's writer, on a connection of its own.
void saveAsOtherUser(VersionedWriter &writer, int id, int qty, int loadedVersion)
{
    QSqlRecord key;
    key.append(QSqlField(u"id"_s, QMetaType(QMetaType::Int)));
    key.setValue(0, id);
    QSqlRecord values = writer.schema().fields;
    for (int i = 0; i < values.count(); ++i)
        values.setGenerated(i, false);
    values.setValue(u"qty"_s, qty);
    values.setGenerated(u"qty"_s, true);
    if (writer.update(key, loadedVersion, {}, values) != VersionedWriter::Outcome::Written)
        die(u"the other user's save failed: %1"_s.arg(writer.lastError().text()));
}

// Waits until the model shows \a qty in the row of id \a id (row id - 1), then two polls more,
// so that anything the change still causes is counted too.
void waitUntilShown(VersionedTableModel &model, int id, int qty)
{
    QElapsedTimer timer;
    timer.start();
    const QModelIndex cell = model.index(id - 1, model.fieldIndex(u"qty"_s));
    while (model.data(cell).toInt() != qty) {
        if (timer.elapsed() > 20000)
            die(u"the other user's commit never showed in the watching model"_s);
        QEventLoop loop;
        QTimer::singleShot(5, &loop, &QEventLoop::quit);
        loop.exec();
    }
    QEventLoop loop;
    QTimer::singleShot(2 * pollMs, &loop, &QEventLoop::quit);
    loop.exec();
}

} // namespace

void measureWatcherStatements(const Context &context)
{
    const QSqlDatabase setup = openOrDie(context.backend, u"bench-watch-setup"_s);
    createWatchedTable(setup);
    const QSqlDatabase watching = openWatcher(context.backend);
    VersionedTableModel model(nullptr, watching);
    model.setTable(table);
    if (model.tableName().isEmpty() || !model.select())
        die(u"cannot open %1: %2"_s.arg(table, model.lastError().text()));
    for (int row = 0; row < 50; ++row) // the editor's first screen
        model.data(model.index(row, 1));
    model.setLiveUpdates(true, pollMs);

    const QSqlDatabase other = openOrDie(context.backend, u"bench-watch-other"_s);
    auto config = versioningFor(other, table);
    auto schema = TableSchema::load(other, table);
    if (!config || !schema)
        die(u"cannot load %1"_s.arg(table));
    VersionedWriter writer(other, schema.value(), config.value());

    const QString name = u"10 statements the watching editor sends for one other user's commit"_s;
    std::unique_ptr<StatementCount> counter = counterFor(context, model);
    if (!counter) {
        context.report->add(Row{name, context.backend.name, u"n/a"_s, std::nullopt, std::nullopt, std::nullopt,
                                u"<= 2"_s, false});
        return;
    }
    // Warm up: the first change opens statements the next ones reuse, as in a running editor.
    saveAsOtherUser(writer, 7, 1001, 1);
    waitUntilShown(model, 7, 1001);

    counter->start();
    saveAsOtherUser(writer, 7, 1002, 2);
    waitUntilShown(model, 7, 1002);
    const std::optional<Count> ours = counter->stop();

    counter->start();
    model.select(); // the reference: what every commit cost before, a whole re-read
    for (int row = 0; row < 50; ++row)
        model.data(model.index(row, 1));
    const std::optional<Count> reread = counter->stop();
    if (!ours || !reread)
        die(u"the statements could not be counted"_s);

    const QString size = context.backend.isSQLite()
                             ? u"10k, +1 poll/250ms"_s
                             : u"10k, %1 vs %2 lines"_s.arg(ours->roundTrips).arg(reread->roundTrips);
    const double ratio = reread->statements > 0 ? double(ours->statements) / reread->statements : 0;
    context.report->add(Row{name, context.backend.name, size, double(ours->statements), double(reread->statements),
                            ratio, u"<= 2"_s, ours->statements <= 2});
}

} // namespace Concord::Bench
