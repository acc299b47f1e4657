// SPDX-License-Identifier: MIT
// SPDX-FileCopyrightText: 2026 Concord developers
//
// A second editor in a process of its own:
//   concord_test_client ADDRESS TABLE KEY_COLUMN KEY_VALUE COLUMN VALUE
// loads the row with a VersionedTableModel, prints "loaded VERSION", waits for a line on stdin,
// writes VALUE into COLUMN and submits. Prints "saved VERSION" (exit 0), "conflict VERSION"
// (exit 3) or "error MESSAGE" (exit 1).

#include <core/db/databaseaddress.h>
#include <core/db/tableschema.h>
#include <core/model/versionedtablemodel.h>

#include <QCoreApplication>
#include <QSqlDriver>
#include <QSqlField>
#include <QTextStream>

#include <cstdio>

using namespace Concord;

int main(int argc, char *argv[])
{
    QCoreApplication app(argc, argv);
    const QStringList args = app.arguments();
    QTextStream out(stdout);
    if (args.size() != 7) {
        out << "error usage" << Qt::endl;
        return 2;
    }
    const auto address = DatabaseAddress::parse(args.at(1));
    if (!address) {
        out << "error " << address.error().message << Qt::endl;
        return 1;
    }
    auto db = openDatabase(address.value(), connectionNameFor(QStringLiteral("client")));
    if (!db) {
        out << "error " << db.error().message << Qt::endl;
        return 1;
    }
    VersionedTableModel model(nullptr, db.value());
    model.setTable(args.at(2));
    QSqlField keyField(args.at(3), QMetaType(QMetaType::LongLong));
    keyField.setValue(args.at(4).toLongLong());
    model.setFilter(quotedField(db.value(), args.at(3)) + QStringLiteral(" = ")
                    + db.value().driver()->formatValue(keyField));
    if (!model.select() || model.rowCount() != 1) {
        out << "error " << model.lastError().text() << Qt::endl;
        return 1;
    }
    out << "loaded " << model.loadedVersion(0).toLongLong() << Qt::endl;

    char line[64];
    if (!std::fgets(line, sizeof line, stdin)) {
        out << "error no go" << Qt::endl;
        return 1;
    }
    model.setData(model.index(0, model.fieldIndex(args.at(5))), args.at(6));
    if (model.submitAll()) {
        out << "saved " << model.loadedVersion(0).toLongLong() << Qt::endl;
        return 0;
    }
    if (isRecordModified(model.lastError())) {
        out << "conflict " << model.conflicts().value(0).currentVersion.toLongLong() << Qt::endl;
        return 3;
    }
    out << "error " << model.lastError().text() << Qt::endl;
    return 1;
}
