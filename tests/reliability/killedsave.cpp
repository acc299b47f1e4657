// SPDX-License-Identifier: MIT
// SPDX-FileCopyrightText: 2026 Concord developers
#include "killedsave.h"

#include <core/db/databaseaddress.h>
#include <core/model/versionedtablemodel.h>
#include <tests/support/scratchdatabase.h>

#include <QCoreApplication>
#include <QElapsedTimer>
#include <QProcess>
#include <QSqlQuery>
#include <QTextStream>
#include <QThread>

using namespace Qt::StringLiterals;

namespace Concord::Stress {

namespace {

QTextStream out(stdout);

QString createBulk(Test::ScratchDatabase &database, int rows)
{
    QSqlDatabase db = database.open(u"killed-setup"_s);
    QSqlQuery query(db);
    if (!query.exec(u"CREATE TABLE bulk (id INTEGER PRIMARY KEY, val TEXT NOT NULL, version INTEGER NOT NULL)"_s))
        return query.lastError().text();
    db.transaction();
    query.prepare(u"INSERT INTO bulk VALUES (?, 'before', 1)"_s);
    for (int id = 1; id <= rows; ++id) {
        query.addBindValue(id);
        if (!query.exec())
            return query.lastError().text();
    }
    return db.commit() ? QString() : db.lastError().text();
}

// How many rows hold each value, read by a fresh connection: also proves the database opens.
std::pair<int, int> countValues(Test::ScratchDatabase &database)
{
    QSqlQuery query(database.open(u"killed-check"_s));
    if (!query.exec(u"SELECT sum(CASE WHEN val = 'before' THEN 1 ELSE 0 END), sum(CASE WHEN val = 'after' THEN 1 ELSE 0 END) FROM bulk"_s)
        || !query.next())
        return {-1, -1};
    return {query.value(0).toInt(), query.value(1).toInt()};
}

} // namespace

int runBulkSave(const QString &addressText, int rows)
{
    const QString name = connectionNameFor(u"bulk-save"_s);
    int code = 1;
    {
        auto db = openDatabase(DatabaseAddress::parse(addressText).value(), name);
        if (!db)
            return 2;
        VersionedTableModel model(nullptr, db.value());
        model.setTable(u"bulk"_s);
        model.select();
        for (int row = 0; row < model.rowCount() && row < rows; ++row)
            model.setData(model.index(row, 1), u"after"_s);
        out << "saving" << Qt::endl;
        code = model.submitAll() ? 0 : 1;
    }
    closeDatabase(name);
    return code;
}

int runKilledSave(bool postgres, int rows)
{
    Test::ScratchDatabase database;
    if (const QString error = database.create(postgres ? Test::Backend::PostgreSQL : Test::Backend::SQLite); !error.isEmpty()) {
        out << "cannot create the database: " << error << Qt::endl;
        return 2;
    }
    if (const QString error = createBulk(database, rows); !error.isEmpty()) {
        out << "cannot create the table: " << error << Qt::endl;
        return 2;
    }
    QProcess child;
    child.start(QCoreApplication::applicationFilePath(), {u"bulksave"_s, database.addressText(), QString::number(rows)});
    QElapsedTimer saving;
    while (child.waitForReadyRead(60000)) {
        if (child.readAll().contains("saving")) {
            saving.start();
            break;
        }
    }
    if (!saving.isValid()) {
        out << "the child never started saving" << Qt::endl;
        return 2;
    }
    QThread::msleep(150); // well into the transaction of `rows` statements
    const bool killedMidway = child.state() == QProcess::Running;
    child.kill();
    child.waitForFinished(10000);
    QElapsedTimer opening;
    opening.start();
    const auto [before, after] = countValues(database);
    out << Test::backendName(database.backend()) << ": killed " << saving.elapsed() << " ms into a save of " << rows
        << " rows" << (killedMidway ? "" : " (it had finished)") << "; afterwards " << before << " rows before, " << after
        << " after, the database opened in " << opening.elapsed() << " ms" << Qt::endl;
    if (!killedMidway) {
        out << "  the save finished before it could be killed: nothing was proven" << Qt::endl;
        return 1;
    }
    const bool allOrNothing = (before == rows && after == 0) || (before == 0 && after == rows);
    if (!allOrNothing)
        out << "  VIOLATION: a half-applied save" << Qt::endl;
    return allOrNothing ? 0 : 1;
}

} // namespace Concord::Stress
