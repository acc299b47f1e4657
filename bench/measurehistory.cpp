// SPDX-License-Identifier: MIT
// SPDX-FileCopyrightText: 2026 Concord developers
// Measure 12: the cost of record history (issue #15) on a save of one row: the same editor save
// on two identical tables, one keeping history (its triggers write an entry per write; on SQLite
// Concord also signs the entry, one statement more), one not. Also, where SQLite's trace is at
// hand, the statements each save sends (triggers' own statements not counted).
#include "measures.h"

#include "instructions.h"

#include <core/db/databaseaddress.h>
#include <core/model/versionedtablemodel.h>
#include <core/versioning/history.h>
#include <core/versioning/versioningconfig.h>

#include <QSqlDriver>
#include <QSqlError>

#include <optional>

#ifdef CONCORD_HAVE_SQLITE3
#include <sqlite3.h>
#endif

using namespace Qt::StringLiterals;

namespace Concord::Bench {

namespace {

constexpr int tableRows = 10000;
constexpr int editedRow = 10;

QString makeTable(const QSqlDatabase &db, const QString &name, bool audited)
{
    execOrDie(db, u"DROP TABLE IF EXISTS %1"_s.arg(name));
    execOrDie(db, u"DROP TABLE IF EXISTS concord_history_%1"_s.arg(name));
    execOrDie(db, u"CREATE TABLE %1 (id INTEGER PRIMARY KEY, name TEXT NOT NULL, email TEXT, city TEXT, "
                  "qty INTEGER NOT NULL, note TEXT, version INTEGER NOT NULL DEFAULT 1%2)"_s
                      .arg(name, audited ? u", modified_by TEXT, modified_at TEXT"_s : QString()));
    const QString values = u"'name ' || i, 'user' || i || '@example.com', 'city ' || (i % 97), i % 100, "
                           "'a note long enough to look like one, row ' || i, 1%1"_s.arg(audited ? u", NULL, NULL"_s : QString());
    if (isSQLite(db))
        execOrDie(db, u"WITH RECURSIVE s(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM s WHERE i < %1) "
                      "INSERT INTO %2 SELECT i, %3 FROM s"_s.arg(tableRows).arg(name, values));
    else
        execOrDie(db, u"INSERT INTO %1 SELECT i, %2 FROM generate_series(1, %3) AS g(i)"_s.arg(name, values).arg(tableRows));
    return name;
}

void selectOrDie(VersionedTableModel &model, const QString &table)
{
    model.setTable(table);
    model.setSort(model.fieldIndex(u"id"_s), Qt::AscendingOrder);
    if (model.tableName().isEmpty() || !model.select())
        die(u"cannot select %1: %2"_s.arg(table, model.lastError().text()));
}

/// Statements one connection sends while it counts (SQLite's trace; trigger programs excluded).
class SQLiteStatements
{
public:
    explicit SQLiteStatements(const QSqlDatabase &db)
    {
#ifdef CONCORD_HAVE_SQLITE3
        const QVariant handle = db.driver()->handle();
        if (qstrcmp(handle.typeName(), "sqlite3*") == 0)
            m_handle = *static_cast<sqlite3 *const *>(handle.constData());
#else
        Q_UNUSED(db);
#endif
    }
    bool available() const { return m_handle != nullptr; }
    void start()
    {
        m_count = 0;
#ifdef CONCORD_HAVE_SQLITE3
        sqlite3_trace_v2(static_cast<sqlite3 *>(m_handle), SQLITE_TRACE_STMT, &SQLiteStatements::traced, this);
#endif
    }
    int stop()
    {
#ifdef CONCORD_HAVE_SQLITE3
        sqlite3_trace_v2(static_cast<sqlite3 *>(m_handle), 0, nullptr, nullptr);
#endif
        return m_count;
    }

private:
#ifdef CONCORD_HAVE_SQLITE3
    static int traced(unsigned, void *context, void *, void *text)
    {
        if (qstrncmp(static_cast<const char *>(text), "--", 2) != 0) // "-- TRIGGER ..." lines
            ++static_cast<SQLiteStatements *>(context)->m_count;
        return 0;
    }
#endif
    void *m_handle = nullptr;
    int m_count = 0;
};

// One pair of tables, with or without the audit columns: with them SQLite's trigger reads who
// from the row Concord just stamped, without them Concord signs the entry itself.
void measurePair(const Context &context, const QSqlDatabase &db, bool audited)
{
    const Settings &s = context.settings;
    const QString suffix = audited ? u"_audited"_s : QString();
    const QString plain = makeTable(db, u"bench_history_off"_s + suffix, audited);
    const QString kept = makeTable(db, u"bench_history_on"_s + suffix, audited);
    const auto config = versioningFor(db, kept);
    const auto schema = config ? TableSchema::load(db, kept, config.value().column) : Result<TableSchema>(config.error());
    if (!schema)
        die(schema.error().message);
    if (auto enabled = History::enable(db, schema.value()); !enabled)
        die(enabled.error().message);

    VersionedTableModel off(nullptr, db);
    selectOrDie(off, plain);
    VersionedTableModel on(nullptr, db);
    selectOrDie(on, kept);
    int counter = 0;
    const auto save = [&](VersionedTableModel &model) {
        model.setData(model.index(editedRow, model.fieldIndex(u"name"_s)), u"saved %1"_s.arg(++counter));
        Stopwatch timer;
        if (!model.submitAll())
            die(u"VersionedTableModel::submitAll failed: %1"_s.arg(model.lastError().text()));
        return timer.stop();
    };
    const QString what = audited ? u"with audit columns"_s : u"no audit columns"_s;
    const Paired paired = measurePaired(s.warmups, s.repetitions * 2, [&] { return save(on); }, [&] { return save(off); });
    context.report->add(Row{u"12 save one row (ms), %1: history on vs off"_s.arg(what), context.backend.name, sizeLabel(tableRows),
                            paired.ours, paired.reference, paired.ratio, u"<= 1.5x"_s, paired.ratio <= 1.5});

    SQLiteStatements statements(db);
    if (!isSQLite(db) || !statements.available())
        return; // PostgreSQL: the trigger is server-side, the save sends what it sent before
    statements.start();
    save(on);
    const int withHistory = statements.stop();
    statements.start();
    save(off);
    const int without = statements.stop();
    // Signing outside a transaction: SAVEPOINT, the signing UPDATE, RELEASE.
    const int allowed = audited ? 0 : 3;
    context.report->add(Row{u"12 statements per save, %1: history on vs off"_s.arg(what), context.backend.name,
                            sizeLabel(tableRows), double(withHistory), double(without),
                            without > 0 ? double(withHistory) / without : 0.0, u"<= +%1"_s.arg(allowed),
                            withHistory <= without + allowed});
}

} // namespace

void measureHistorySave(const Context &context)
{
    const QSqlDatabase db = openOrDie(context.backend, u"bench-history"_s);
    measurePair(context, db, false);
    measurePair(context, db, true);
}

} // namespace Concord::Bench
