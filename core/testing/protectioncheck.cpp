// SPDX-License-Identifier: MIT
// SPDX-FileCopyrightText: 2026 Concord developers
#include "protectioncheck.h"

#include <core/db/databaseaddress.h>
#include <core/db/tableschema.h>
#include <core/values/valuecomparison.h>
#include <core/model/versionedtablemodel.h>
#include <core/versioning/versioningconfig.h>

#include <QDateTime>
#include <QSqlField>

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
    return current.toString() + u" (concord check %1)"_s.arg(salt);
}

struct Client
{
    QString connection;
    std::unique_ptr<VersionedTableModel> model;

    ~Client()
    {
        model.reset();
        if (!connection.isEmpty())
            QSqlDatabase::removeDatabase(connection);
    }
};

Result<void> open(const QSqlDatabase &db, const QString &table, const QString &name, Client &client)
{
    client.connection = connectionNameFor(name);
    QSqlDatabase clone = QSqlDatabase::cloneDatabase(db, client.connection);
    if (!clone.open())
        return makeError(ErrorCode::ConnectionFailed, clone.lastError().text(), clone.lastError());
    client.model = std::make_unique<VersionedTableModel>(nullptr, clone);
    client.model->setTable(table);
    if (client.model->tableName().isEmpty())
        return failure(table, client.model->lastError().text());
    client.model->setSort(0, Qt::AscendingOrder);
    if (!client.model->select())
        return makeError(ErrorCode::Sql, client.model->lastError().text(), client.model->lastError());
    if (client.model->rowCount() == 0)
        return makeError(ErrorCode::NotFound, u"Table %1 needs at least one row for the protection check."_s.arg(table));
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

} // namespace

Result<void> verifyTableIsProtected(const QSqlDatabase &db, const QString &table)
{
    // Three clients load the row: one saves, the other two then hold stale copies.
    Client first;
    Client second;
    Client third;
    for (auto [client, name] : {std::pair{&first, "first"}, std::pair{&second, "second"}, std::pair{&third, "third"}}) {
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

} // namespace Concord::Testing
