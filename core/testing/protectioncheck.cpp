// SPDX-License-Identifier: MIT
// SPDX-FileCopyrightText: 2026 Concord developers
#include "protectioncheck.h"

#include <core/db/boundquery.h>
#include <core/db/databaseaddress.h>
#include <core/db/pooling.h>
#include <core/db/tableschema.h>
#include <core/values/valuecomparison.h>
#include <core/model/versionedtablemodel.h>
#include <core/versioning/versioningconfig.h>

#include <QDateTime>
#include <QSqlError>
#include <QSqlField>
#include <QSqlQuery>
#include <QSqlRecord>

#include <memory>

using namespace Qt::StringLiterals;

namespace Concord::Testing {

namespace {

Error failure(const QString &table, const QString &what)
{
    return makeError(ErrorCode::RecordModified, u"Table %1 is not protected: %2"_s.arg(table, what));
}

// A value of the field's type that differs from \a current.
QVariant changedValue(const QSqlField &field, const QVariant &current, int salt)
{
    switch (valueKindOf(field.metaType())) {
    case ValueKind::Integer:
        return current.toLongLong() + salt;
    case ValueKind::Decimal:
        return current.toDouble() + salt + 0.5;
    case ValueKind::Boolean:
        return salt % 2 == 1 ? !current.toBool() : current.toBool();
    case ValueKind::Date:
        return (current.isNull() ? QDate(2000, 1, 1) : current.toDate()).addDays(salt);
    case ValueKind::DateTime:
        return (current.isNull() ? QDateTime(QDate(2000, 1, 1), QTime(0, 0), Qt::UTC) : current.toDateTime()).addSecs(salt);
    case ValueKind::Blob:
        return current.toByteArray() + QByteArray::number(salt);
    case ValueKind::Time:
    case ValueKind::Text:
    case ValueKind::Unknown:
        break;
    }
    // A column with a length limit (VARCHAR(8)) gets the salt in front instead, cut to fit.
    const QString text = current.toString() + u" (concord check %1)"_s.arg(salt);
    if (field.length() <= 0 || text.size() <= field.length())
        return text;
    return (QString::number(salt) + current.toString()).left(field.length());
}

struct Client
{
    QString connection;
    std::unique_ptr<VersionedTableModel> model;

    ~Client()
    {
        model.reset();
        if (!connection.isEmpty()) {
            QSqlDatabase::removeDatabase(connection);
            forgetPooling(connection);
        }
    }
};

Result<void> open(const QSqlDatabase &db, const QString &table, const QString &name, Client &client)
{
    client.connection = connectionNameFor(name);
    QSqlDatabase clone = QSqlDatabase::cloneDatabase(db, client.connection);
    if (!clone.open())
        return makeError(ErrorCode::ConnectionFailed, clone.lastError().text(), clone.lastError());
    rememberPooling(clone, poolingOf(db));
    client.model = std::make_unique<VersionedTableModel>(nullptr, clone);
    client.model->setTable(table);
    if (client.model->tableName().isEmpty())
        return failure(table, client.model->lastError().text());
    client.model->setSort(0, Qt::AscendingOrder);
    if (!client.model->select())
        return makeError(ErrorCode::Sql, client.model->lastError().text(), client.model->lastError());
    return {};
}

// True when an INSERT may leave \a field out: the database fills it (a default, SQLite's
// INTEGER PRIMARY KEY, PostgreSQL serial, identity and generated columns) or, unless it is a
// key column, it is nullable. SQLite lets a key other than INTEGER PRIMARY KEY be NULL, and a
// row with a NULL key could not be found again.
bool databaseFills(const QSqlField &field, bool isKey, const QStringList &generated)
{
    if (field.isAutoValue() || !field.defaultValue().toString().isEmpty() || generated.contains(field.name()))
        return true;
    return !isKey && field.requiredStatus() != QSqlField::Required;
}

// PostgreSQL reports identity and generated columns with neither a default nor isAutoValue().
QStringList generatedColumns(const QSqlDatabase &db, const QString &table)
{
    QStringList columns;
    if (isSQLite(db))
        return columns;
    BoundQuery query(db);
    query.prepare(u"SELECT attname FROM pg_attribute WHERE attrelid = to_regclass(?) AND attnum > 0"
                  " AND (attidentity <> '' OR attgenerated <> '')"_s);
    query.addBindValue(table);
    if (query.exec()) {
        while (query.next())
            columns << query.value(0).toString();
    }
    return columns;
}

// A made-up value for a NOT NULL column without a default, from the column's kind; invalid
// when the kind says nothing a value could be made of.
QVariant madeUpValue(const QSqlField &field)
{
    switch (valueKindOf(field.metaType())) {
    case ValueKind::Integer:
    case ValueKind::Decimal:
        return 1;
    case ValueKind::Boolean:
        return false;
    case ValueKind::Text:
        return field.length() > 0 ? u"concord check"_s.left(field.length()) : u"concord check"_s;
    case ValueKind::Date:
        return QDate(2000, 1, 1);
    case ValueKind::Time:
        return QTime(12, 0);
    case ValueKind::DateTime:
        return QDateTime(QDate(2000, 1, 1), QTime(0, 0), Qt::UTC);
    case ValueKind::Blob:
        return QByteArray("concord check");
    case ValueKind::Unknown:
        break;
    }
    return {};
}

// Inserts a row of the check's own into an empty table and returns its key. Only the columns
// the database cannot fill get a value; a column of a kind nothing can be made up for, or an
// insert the database refuses (a foreign key, a check constraint), is an error asking for a row.
Result<QSqlRecord> insertOwnRow(const QSqlDatabase &db, const TableSchema &schema)
{
    const QString table = schema.table;
    // The connection is the check's own clone: on SQLite, foreign keys are checked only when
    // a connection asks, and a made-up row must not point at rows that do not exist.
    if (isSQLite(db))
        QSqlQuery(db).exec(u"PRAGMA foreign_keys = ON"_s);
    const QStringList generated = generatedColumns(db, table);
    QStringList columns;
    QVariantList values;
    for (int i = 0; i < schema.fields.count(); ++i) {
        const QSqlField field = schema.fields.field(i);
        if (databaseFills(field, schema.isKeyColumn(field.name()), generated))
            continue;
        const QVariant value = madeUpValue(field);
        if (!value.isValid()) {
            return makeError(ErrorCode::NotFound,
                             u"Table %1 is empty and the check cannot make up a value for its column %2 (%3): "
                             "add a row before the check."_s.arg(table, field.name(), QString::fromLatin1(field.metaType().name())));
        }
        columns << quotedField(db, field.name());
        values << value;
    }
    QStringList keyColumns;
    for (const QString &key : schema.primaryKey)
        keyColumns << quotedField(db, key);
    const QString returning = u" RETURNING "_s + keyColumns.join(u", "_s);
    BoundQuery query(db);
    query.prepare(columns.isEmpty()
                      ? u"INSERT INTO %1 DEFAULT VALUES"_s.arg(quotedTable(db, table)) + returning
                      : u"INSERT INTO %1 (%2) VALUES (%3)"_s.arg(quotedTable(db, table), columns.join(u", "_s),
                                                                 QStringList(columns.size(), u"?"_s).join(u", "_s))
                            + returning);
    for (const QVariant &value : values)
        query.addBindValue(value);
    if (!query.exec() || !query.next()) {
        return makeError(ErrorCode::NotFound,
                         u"Table %1 is empty and the check could not insert a row of its own (%2): add a row before the check."_s
                             .arg(table, query.lastError().text()),
                         query.lastError());
    }
    QSqlRecord key = query.record();
    for (int i = 0; i < key.count(); ++i)
        key.setValue(i, query.value(i));
    return key;
}

// Removes the row insertOwnRow() made, by key: the table is left with no row, as it was found.
Result<void> deleteOwnRow(const QSqlDatabase &db, const QString &table, const QSqlRecord &key)
{
    QStringList conditions;
    for (int i = 0; i < key.count(); ++i)
        conditions << quotedField(db, key.fieldName(i)) + u" = ?"_s;
    BoundQuery query(db);
    query.prepare(u"DELETE FROM %1 WHERE %2"_s.arg(quotedTable(db, table), conditions.join(u" AND "_s)));
    for (int i = 0; i < key.count(); ++i)
        query.addBindValue(key.value(i));
    if (!query.exec())
        return makeError(ErrorCode::Sql, u"Cannot remove the check's own row from %1: %2"_s.arg(table, query.lastError().text()),
                         query.lastError());
    return {};
}

// The first column a user edits: not part of the key, not the version, moving the version.
int editableColumn(const VersionedTableModel &model)
{
    const TableSchema &schema = model.schema();
    for (int column = 0; column < model.columnCount(); ++column) {
        const QString name = model.record().fieldName(column);
        if (!schema.isKeyColumn(name) && name.compare(schema.versionColumn, Qt::CaseInsensitive) != 0
            && model.versioning()->tracks(name))
            return column;
    }
    return -1;
}

Result<void> checkRow(Client &first, const QSqlDatabase &db, const QString &table)
{
    // Two more clients load the row: the first saves, the other two then hold stale copies.
    Client second;
    Client third;
    for (auto [client, name] : {std::pair{&second, "second"}, std::pair{&third, "third"}}) {
        if (auto opened = open(db, table, u"protection-"_s + QLatin1String(name), *client); !opened)
            return opened;
    }
    VersionedTableModel &a = *first.model;
    VersionedTableModel &b = *second.model;
    VersionedTableModel &c = *third.model;
    const int column = editableColumn(a);
    if (column < 0)
        return makeError(ErrorCode::NotFound, u"Table %1 has no field the check could change."_s.arg(table));
    const QSqlField field = a.record().field(column);
    const QVariant original = a.data(a.index(0, column), Qt::EditRole);
    const QVariant loaded = a.loadedVersion(0);

    // The first client saves a change...
    a.setData(a.index(0, column), changedValue(field, original, 1));
    if (!a.submitAll())
        return makeError(ErrorCode::Sql, u"Saving a change to %1.%2 failed: %3"_s.arg(table, field.name(), a.lastError().text()));
    if (sameValue(a.loadedVersion(0), loaded))
        return failure(table, u"a save left the version at %1"_s.arg(loaded.toString()));

    // ...so the others' copies are stale: a save and a delete of them must be refused.
    b.setData(b.index(0, column), changedValue(field, original, 2));
    const bool saveRefused = !b.submitAll() && isRecordModified(b.lastError());
    c.removeRow(0);
    const bool deleteRefused = !c.submitAll() && isRecordModified(c.lastError());

    // Put the value back, whatever happened, before reporting.
    a.setData(a.index(0, column), original);
    a.submitAll();
    if (!saveRefused)
        return failure(table, u"a save of a stale copy went through without a RecordModifiedError"_s);
    if (!deleteRefused)
        return failure(table, u"a delete of a stale copy went through without a RecordModifiedError"_s);
    return {};
}

} // namespace

Result<void> verifyTableIsProtected(const QSqlDatabase &db, const QString &table)
{
    // The first client loads the table; an empty one gets a row of the check's own, removed
    // again at the end whatever the outcome.
    Client first;
    if (auto opened = open(db, table, u"protection-first"_s, first); !opened)
        return opened;
    if (first.model->rowCount() > 0)
        return checkRow(first, db, table);

    const QSqlDatabase connection = first.model->database();
    auto inserted = insertOwnRow(connection, first.model->schema());
    if (!inserted)
        return inserted.error();
    Result<void> outcome = first.model->select() && first.model->rowCount() == 1
        ? checkRow(first, db, table)
        : makeError(ErrorCode::Sql, u"Cannot read back the row the check inserted into %1."_s.arg(table));
    if (auto removed = deleteOwnRow(connection, table, inserted.value()); !removed && outcome)
        return removed;
    return outcome;
}

} // namespace Concord::Testing
