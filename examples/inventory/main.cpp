// SPDX-License-Identifier: MIT
// SPDX-FileCopyrightText: 2026 Concord developers
//
// Two store clerks edit the same stock record at the same time, and neither edit is lost.
//
// Alice takes 2 boxes out of stock while Bob books in a delivery of 5. Both loaded the record
// when it said 10. With QSqlTableModel the second save would silently overwrite the first; with
// VersionedTableModel it is refused as a conflict that carries base, mine and theirs, so Alice
// can rebase her change onto Bob's and save 13.
//
// Exits 0 when that is what happened, 1 otherwise. Qt Core and Sql only: no window.

#include <core/errors.h>
#include <core/merge/recordmodifiederror.h>
#include <core/model/versionedtablemodel.h>

#include <QCoreApplication>
#include <QSqlDatabase>
#include <QSqlError>
#include <QSqlQuery>
#include <QTemporaryDir>
#include <QTextStream>

using namespace Qt::StringLiterals;

namespace {

QTextStream out(stdout);

int fail(const QString &what)
{
    out << "FAILED: " << what << Qt::endl;
    return 1;
}

// Each user has a connection of their own, as two processes on two desks would.
QSqlDatabase connect(const QString &user, const QString &file)
{
    QSqlDatabase db = QSqlDatabase::addDatabase(u"QSQLITE"_s, user);
    db.setDatabaseName(file);
    db.open();
    return db;
}

int quantity(const Concord::VersionedTableModel &model)
{
    return model.data(model.index(0, model.fieldIndex(u"quantity"_s))).toInt();
}

void setQuantity(Concord::VersionedTableModel &model, int value)
{
    model.setData(model.index(0, model.fieldIndex(u"quantity"_s)), value);
}

int run(const QString &file)
{
    QSqlDatabase aliceDb = connect(u"alice"_s, file);
    QSqlDatabase bobDb = connect(u"bob"_s, file);
    if (!aliceDb.isOpen() || !bobDb.isOpen())
        return fail(u"cannot open %1"_s.arg(file));

    // A table is protected when it has a primary key and an integer version column. Concord
    // bumps the version on every save it makes; the default is counter versioning.
    QSqlQuery setup(aliceDb);
    if (!setup.exec(u"CREATE TABLE stock (id INTEGER PRIMARY KEY, item TEXT NOT NULL, quantity INTEGER NOT NULL,"
                    " version INTEGER NOT NULL DEFAULT 1)"_s)
        || !setup.exec(u"INSERT INTO stock (id, item, quantity) VALUES (1, 'USB cables', 10)"_s))
        return fail(setup.lastError().text());

    // Both open the table; the model always works OnManualSubmit.
    Concord::VersionedTableModel alice(nullptr, aliceDb);
    Concord::VersionedTableModel bob(nullptr, bobDb);
    for (Concord::VersionedTableModel *model : {&alice, &bob}) {
        model->setTable(u"stock"_s);
        if (!model->select())
            return fail(model->lastError().text());
    }
    out << "Alice and Bob both see " << quantity(alice) << " USB cables." << Qt::endl;

    // The signal fires for each conflicting row while submitAll() runs: a place for a UI to
    // mark the row. Here it only counts.
    int reported = 0;
    QObject::connect(&alice, &Concord::VersionedTableModel::recordModified, &alice,
                     [&reported](const Concord::RecordModifiedError &) { ++reported; });

    // Bob saves first: 10 + 5 delivered.
    setQuantity(bob, quantity(bob) + 5);
    if (!bob.submitAll())
        return fail(bob.lastError().text());
    out << "Bob booked in 5 and saved: 15." << Qt::endl;

    // Alice, still looking at 10, takes 2 out and saves: the row is no longer at the version
    // she loaded, so the save is refused and her edit stays pending in the model.
    setQuantity(alice, quantity(alice) - 2);
    if (alice.submitAll())
        return fail(u"Alice's stale save went through and overwrote Bob's"_s);
    // A conflict is told apart from other failures by its error code, never by the text.
    if (!Concord::isRecordModified(alice.lastError()))
        return fail(alice.lastError().text());
    out << "Alice's save was refused: " << alice.lastError().text() << Qt::endl;

    // The conflict carries the row as Alice loaded it (base), as she edited it (mine) and as it
    // is now (theirs). Stock moves are deltas, so her change is replayed onto Bob's value.
    const QList<Concord::RecordModifiedError> conflicts = alice.conflicts();
    if (conflicts.size() != 1 || reported != 1)
        return fail(u"expected one conflict, got %1 (%2 signalled)"_s.arg(conflicts.size()).arg(reported));
    const Concord::RecordModifiedError &conflict = conflicts.first();
    out << "  " << conflict.describe() << Qt::endl;
    const int base = conflict.base.value(u"quantity"_s).toInt();
    const int mine = conflict.mine.value(u"quantity"_s).toInt();
    const int theirs = conflict.theirs.value(u"quantity"_s).toInt();
    QSqlRecord merged = conflict.theirs;
    merged.setValue(u"quantity"_s, theirs + (mine - base));

    // resolve() rebases the row onto their version; the next save writes exactly the merge and
    // would conflict again if someone changed the row once more in between.
    if (!alice.resolve(conflict, merged) || !alice.submitAll())
        return fail(alice.lastError().text());

    QSqlQuery check(bobDb);
    if (!check.exec(u"SELECT quantity, version FROM stock WHERE id = 1"_s) || !check.next())
        return fail(check.lastError().text());
    const int stored = check.value(0).toInt();
    out << "Alice replayed her -2 onto Bob's 15 and saved: the database holds " << stored
        << " at version " << check.value(1).toInt() << "." << Qt::endl;
    return stored == 13 ? 0 : fail(u"expected 13 in the database"_s);
}

} // namespace

int main(int argc, char **argv)
{
    QCoreApplication app(argc, argv);
    QTemporaryDir dir;
    if (!dir.isValid())
        return fail(u"no temporary directory"_s);
    const int status = run(dir.filePath(u"inventory.sqlite"_s));
    // Connections are removed once every QSqlDatabase and model using them is gone.
    QSqlDatabase::removeDatabase(u"alice"_s);
    QSqlDatabase::removeDatabase(u"bob"_s);
    return status;
}
