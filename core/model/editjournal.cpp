// SPDX-License-Identifier: MIT
// SPDX-FileCopyrightText: 2026 Concord developers
#include "editjournal.h"

#include <core/text.h>
#include <core/db/databaseaddress.h>
#include <core/db/tableschema.h>
#include <core/merge/recordmodifiederror.h>
#include <core/model/versionedtablemodel.h>
#include <core/values/valuecomparison.h>

#include <QCryptographicHash>
#include <QDir>
#include <QFile>
#include <QJsonArray>
#include <QJsonDocument>
#include <QSaveFile>
#include <QSqlField>
#include <QStandardPaths>
#include <QTimer>

using namespace Qt::StringLiterals;

namespace Concord {

CONCORD_TRANSLATION_CONTEXT("Concord::EditJournal")

namespace {

const QStringList kindNames = {u"update"_s, u"insert"_s, u"delete"_s};

// A value with its type, so that a date comes back a date and bytes come back bytes.
QJsonObject encode(const QVariant &value)
{
    QJsonObject json{{u"type"_s, value.metaType().isValid() ? QString::fromLatin1(value.metaType().name()) : QString()}};
    if (!value.isValid() || value.isNull())
        json.insert(u"null"_s, true);
    else if (value.typeId() == QMetaType::QByteArray)
        json.insert(u"base64"_s, QString::fromLatin1(value.toByteArray().toBase64()));
    else if (value.typeId() == QMetaType::QDateTime)
        json.insert(u"text"_s, value.toDateTime().toString(Qt::ISODateWithMs));
    else
        json.insert(u"text"_s, value.toString());
    return json;
}

QVariant decode(const QJsonObject &json)
{
    const QMetaType type = QMetaType::fromName(json.value(u"type"_s).toString().toLatin1());
    if (json.value(u"null"_s).toBool())
        return type.isValid() ? QVariant(type) : QVariant();
    if (json.contains(u"base64"_s))
        return QByteArray::fromBase64(json.value(u"base64"_s).toString().toLatin1());
    QVariant value(json.value(u"text"_s).toString());
    if (type.id() == QMetaType::QDateTime)
        return QDateTime::fromString(value.toString(), Qt::ISODateWithMs);
    if (type.isValid() && type.id() != QMetaType::QString)
        value.convert(type);
    return value;
}

QJsonObject encodeRecord(const QSqlRecord &record)
{
    QJsonObject json;
    for (int i = 0; i < record.count(); ++i)
        json.insert(record.fieldName(i), encode(record.value(i)));
    return json;
}

QSqlRecord decodeRecord(const QJsonObject &json)
{
    QSqlRecord record;
    for (auto it = json.begin(); it != json.end(); ++it) {
        const QVariant value = decode(it.value().toObject());
        record.append(QSqlField(it.key(), value.metaType()));
        record.setValue(record.count() - 1, value);
    }
    return record;
}

QString valuesText(const QJsonObject &values)
{
    QStringList parts;
    for (auto it = values.begin(); it != values.end(); ++it) {
        const QVariant value = decode(it.value().toObject());
        parts << u"%1 = %2"_s.arg(it.key(), value.isNull() ? u"NULL"_s : value.toString());
    }
    return parts.join(u", "_s);
}

// The row holding \a key, fetching the rest of the table when needed; -1 when it is not there.
int findRow(VersionedTableModel &model, const QSqlRecord &key)
{
    for (int row = 0;; ++row) {
        if (row >= model.rowCount()) {
            if (!model.canFetchMore())
                return -1;
            model.fetchMore();
            if (row >= model.rowCount())
                return -1;
        }
        const QSqlRecord candidate = model.rowKey(row);
        bool same = candidate.count() == key.count();
        for (int i = 0; same && i < key.count(); ++i)
            same = sameValue(candidate.value(key.fieldName(i)), key.value(i));
        if (same && !model.isRemoved(row))
            return row;
    }
}

bool setValues(VersionedTableModel &model, int row, const QJsonObject &values)
{
    bool all = true;
    for (auto it = values.begin(); it != values.end(); ++it) {
        const int column = model.fieldIndex(it.key());
        all = column >= 0 && model.setData(model.index(row, column), decode(it.value().toObject())) && all;
    }
    return all;
}

} // namespace

Result<Journal> Journal::read(const QString &path)
{
    QFile file(path);
    if (!file.exists())
        return makeError(ErrorCode::NotFound, tr("There is no journal at %1.").arg(path));
    if (!file.open(QIODevice::ReadOnly))
        return makeError(ErrorCode::NotFound, tr("Cannot read %1: %2").arg(path, file.errorString()));
    QJsonParseError parseError;
    const QJsonDocument document = QJsonDocument::fromJson(file.readAll(), &parseError);
    if (!document.isObject())
        return makeError(ErrorCode::InvalidValue, tr("The journal %1 is damaged: %2").arg(path, parseError.errorString()));
    const QJsonObject json = document.object();
    Journal journal;
    journal.address = json.value(u"address"_s).toString();
    journal.table = json.value(u"table"_s).toString();
    journal.savedAt = QDateTime::fromString(json.value(u"savedAt"_s).toString(), Qt::ISODateWithMs);
    for (const QJsonValue &item : json.value(u"entries"_s).toArray()) {
        const QJsonObject entry = item.toObject();
        JournalEntry e;
        e.kind = JournalEntry::Kind(qMax(0, kindNames.indexOf(entry.value(u"kind"_s).toString())));
        e.key = entry.value(u"key"_s).toObject();
        e.loadedVersion = decode(entry.value(u"loadedVersion"_s).toObject());
        e.values = entry.value(u"values"_s).toObject();
        journal.entries << e;
    }
    return journal;
}

EditJournal::EditJournal(VersionedTableModel *model, const DatabaseAddress &address, QString path, QObject *parent)
    : QObject(parent)
    , m_model(model)
    , m_address(address.toString())
    , m_path(std::move(path))
{
    connect(model, &VersionedTableModel::pendingChanged, this, &EditJournal::scheduleWrite);
}

EditJournal::~EditJournal() = default;

QString EditJournal::pathFor(const DatabaseAddress &address, const QString &table)
{
    const QByteArray identity = (address.toString() + u'\n' + table).toUtf8();
    const QString name = QString::fromLatin1(QCryptographicHash::hash(identity, QCryptographicHash::Sha256).toHex().left(32));
    return QStandardPaths::writableLocation(QStandardPaths::AppDataLocation) + "/journal/"_L1 + name + ".json"_L1;
}

void EditJournal::scheduleWrite()
{
    if (m_writeScheduled)
        return;
    m_writeScheduled = true;
    QTimer::singleShot(0, this, [this] {
        m_writeScheduled = false;
        if (auto written = writeNow(); !written)
            emit writeFailed(written.error().message);
    });
}

QJsonObject EditJournal::snapshot() const
{
    QJsonArray entries;
    for (int row : m_model->pendingRows()) {
        const auto state = m_model->rowState(row);
        QJsonObject entry;
        const bool insert = state == VersionedTableModel::RowState::Inserted;
        entry.insert(u"kind"_s, insert ? u"insert"_s : state == VersionedTableModel::RowState::Deleted ? u"delete"_s : u"update"_s);
        if (!insert) {
            entry.insert(u"key"_s, encodeRecord(m_model->rowKey(row)));
            entry.insert(u"loadedVersion"_s, encode(m_model->loadedVersion(row)));
        }
        QJsonObject values;
        const QSqlRecord record = m_model->record(row);
        for (int column = 0; column < record.count(); ++column) {
            if (m_model->isDirty(m_model->index(row, column)) && record.fieldName(column) != m_model->schema().versionColumn)
                values.insert(record.fieldName(column), encode(record.value(column)));
        }
        entry.insert(u"values"_s, values);
        entries.append(entry);
    }
    return QJsonObject{{u"address"_s, m_address},
                       {u"table"_s, m_model->tableName()},
                       {u"savedAt"_s, QDateTime::currentDateTimeUtc().toString(Qt::ISODateWithMs)},
                       {u"entries"_s, entries}};
}

Result<void> EditJournal::writeNow()
{
    m_lastError.clear();
    if (!m_model || m_model->tableName().isEmpty() || m_model->pendingRows().isEmpty()) {
        QFile::remove(m_path);
        return {};
    }
    QDir().mkpath(QFileInfo(m_path).absolutePath());
    QSaveFile file(m_path);
    // Owner only: the journal holds what the user typed. Set on the open temporary file, which
    // the commit renames into place.
    if (!file.open(QIODevice::WriteOnly) || !file.setPermissions(QFileDevice::ReadOwner | QFileDevice::WriteOwner)
        || file.write(QJsonDocument(snapshot()).toJson(QJsonDocument::Compact)) < 0
        || !file.commit()) {
        m_lastError = tr("Unsaved edits cannot be kept in %1: %2").arg(m_path, file.errorString());
        return makeError(ErrorCode::Sql, m_lastError);
    }
    return {};
}

void EditJournal::discard()
{
    QFile::remove(m_path);
}

Result<RestoreReport> EditJournal::restore(VersionedTableModel &model, const Journal &journal)
{
    if (journal.table != model.tableName())
        return makeError(ErrorCode::InvalidArgument, tr("The journal is for table %1, not %2.").arg(journal.table, model.tableName()));
    RestoreReport report;
    for (const JournalEntry &entry : journal.entries) {
        if (entry.kind == JournalEntry::Kind::Insert) {
            const int row = model.rowCount();
            if (model.insertRows(row, 1) && setValues(model, row, entry.values))
                ++report.restored;
            else
                report.notRestored << tr("a new record (could not be added again): %1").arg(valuesText(entry.values));
            continue;
        }
        const QSqlRecord key = decodeRecord(entry.key);
        const int row = findRow(model, key);
        const QString what = entry.kind == JournalEntry::Kind::Delete ? tr("delete") : valuesText(entry.values);
        if (row < 0) {
            report.notRestored << tr("%1 (deleted by someone else since): %2").arg(keyText(key), what);
        } else if (!sameValue(model.loadedVersion(row), entry.loadedVersion)) {
            report.notRestored << tr("%1 (changed by someone else since): %2").arg(keyText(key), what);
        } else if (entry.kind == JournalEntry::Kind::Delete ? model.removeRows(row, 1) : setValues(model, row, entry.values)) {
            ++report.restored;
        } else {
            report.notRestored << tr("%1 (could not be applied): %2").arg(keyText(key), what);
        }
    }
    return report;
}

} // namespace Concord
