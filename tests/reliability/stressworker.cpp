// SPDX-License-Identifier: MIT
// SPDX-FileCopyrightText: 2026 Concord developers
#include "stressworker.h"

#include "stresslog.h"

#include <core/db/databaseaddress.h>
#include <core/db/tableschema.h>
#include <core/db/transaction.h>
#include <core/jobs/bulkeditjob.h>
#include <core/versioning/versionedwriter.h>
#include <core/versioning/versioning.h>

#include <QDeadlineTimer>
#include <QFile>
#include <QHash>
#include <QJsonDocument>
#include <QRandomGenerator>
#include <QSqlField>
#include <QSqlQuery>
#include <QThread>

#include <algorithm>
#include <optional>

using namespace Qt::StringLiterals;

namespace Concord::Stress {

namespace {

class Worker
{
public:
    Worker(const QSqlDatabase &db, VersionedWriter writer, DatabaseAddress address, int id, QFile &log)
        : m_db(db), m_writer(std::move(writer)), m_address(std::move(address)), m_id(id), m_log(log),
          m_random(quint32(id * 7919 + 17))
    {
    }

    void step()
    {
        // People pause between edits; without it one SQLite writer would run alone while the
        // others back off in the busy handler, and nothing would interleave.
        QThread::usleep(m_random.bounded(1500));
        const int key = 1 + int(m_random.bounded(keyCount));
        const quint32 dice = m_random.bounded(100);
        if (dice < 25)
            read(key);
        else if (dice < 60)
            update(key);
        else if (dice < 72)
            remove(key);
        else if (dice < 88)
            insert(key);
        else if (dice < 96)
            updateTwo(key, 1 + (key % keyCount));
        else
            bulkEdit(key, 1 + (key % keyCount));
    }

private:
    QSqlRecord keyRecord(int key) const
    {
        QSqlRecord record;
        record.append(QSqlField(u"id"_s, QMetaType(QMetaType::Int)));
        record.setValue(0, key);
        return record;
    }

    QString nextValue() { return u"w%1-%2"_s.arg(m_id).arg(++m_counter); }

    // What this worker believes the row's version is; read when it does not know.
    std::optional<qint64> knownVersion(int key)
    {
        if (!m_versions.contains(key))
            read(key);
        return m_versions.value(key);
    }

    void read(int key)
    {
        const QSqlRecord current = m_writer.readCurrent(keyRecord(key));
        if (current.isEmpty())
            m_versions.insert(key, std::nullopt);
        else
            m_versions.insert(key, current.value(u"version"_s).toLongLong());
    }

    void write(const Event &event)
    {
        m_log.write(QJsonDocument(event.toJson()).toJson(QJsonDocument::Compact) + '\n');
        m_log.flush();
    }

    Event makeEvent(Event::Op op, int key) const
    {
        Event event;
        event.op = op;
        event.worker = m_id;
        event.keys << key;
        return event;
    }

    // A statement that failed may or may not have been applied (the connection could have died
    // after the server committed): unknown, never "not written".
    void logFailure(Event &event)
    {
        event.result = Event::Result::Unknown;
        event.message = m_writer.lastError().text();
        write(event);
    }

    void update(int key)
    {
        const auto version = knownVersion(key);
        if (!version)
            return insert(key);
        Event event = makeEvent(Event::Op::Update, key);
        event.expected << *version;
        QSqlRecord values = m_writer.schema().fields;
        values.setValue(u"id"_s, key);
        values.setValue(u"val"_s, nextValue());
        values.setGenerated(u"id"_s, false);
        values.setGenerated(u"version"_s, false);
        QSqlRecord stored;
        switch (m_writer.update(keyRecord(key), *version, {}, values, {}, &stored)) {
        case VersionedWriter::Outcome::Written:
        case VersionedWriter::Outcome::Unchanged:
            event.result = Event::Result::Acknowledged;
            event.produced << stored.value(u"version"_s).toLongLong();
            event.values << stored.value(u"val"_s).toString();
            m_versions.insert(key, event.produced.first());
            return write(event);
        case VersionedWriter::Outcome::Conflict:
            event.result = Event::Result::Conflict;
            m_versions.remove(key);
            return write(event);
        case VersionedWriter::Outcome::Unknown:
        case VersionedWriter::Outcome::Failed:
            m_versions.remove(key);
            return logFailure(event);
        }
    }

    void remove(int key)
    {
        const auto version = knownVersion(key);
        if (!version)
            return;
        Event event = makeEvent(Event::Op::Delete, key);
        event.expected << *version;
        m_versions.remove(key);
        switch (m_writer.remove(keyRecord(key), *version)) {
        case VersionedWriter::Outcome::Written:
        case VersionedWriter::Outcome::Unchanged:
            event.result = Event::Result::Acknowledged;
            m_versions.insert(key, std::nullopt);
            return write(event);
        case VersionedWriter::Outcome::Conflict:
            event.result = Event::Result::Conflict;
            return write(event);
        case VersionedWriter::Outcome::Unknown:
        case VersionedWriter::Outcome::Failed:
            return logFailure(event);
        }
    }

    void insert(int key)
    {
        Event event = makeEvent(Event::Op::Insert, key);
        QSqlRecord values = m_writer.schema().fields;
        values.setValue(u"id"_s, key);
        values.setValue(u"val"_s, nextValue());
        values.setGenerated(u"version"_s, false);
        QSqlRecord stored;
        m_versions.remove(key);
        if (m_writer.insert(values, &stored) == VersionedWriter::Outcome::Written) {
            event.result = Event::Result::Acknowledged;
            event.produced << stored.value(u"version"_s).toLongLong();
            event.values << stored.value(u"val"_s).toString();
            m_versions.insert(key, event.produced.first());
            return write(event);
        }
        // The key exists (someone re-inserted it first) is the expected refusal: the database says
        // so (a unique violation), or the row is there when asked. Anything else is unknown.
        const QString code = m_writer.lastError().nativeErrorCode();
        const bool duplicate = code == "23505"_L1 || code == "19"_L1 || code == "1555"_L1 || code == "2067"_L1;
        if (duplicate || !m_writer.readCurrent(keyRecord(key)).isEmpty()) {
            event.result = Event::Result::Refused;
            event.message = m_writer.lastError().text();
            return write(event);
        }
        logFailure(event);
    }

    // Two rows in one transaction: both are acknowledged at commit, or neither is written.
    void updateTwo(int first, int second)
    {
        const auto a = knownVersion(first);
        const auto b = knownVersion(second);
        if (!a || !b || first == second)
            return;
        Transaction transaction(m_db);
        if (!transaction.begin())
            return;
        Event event;
        event.op = Event::Op::MultiUpdate;
        event.worker = m_id;
        for (const auto &[key, version] : {std::pair{first, *a}, std::pair{second, *b}}) {
            QSqlRecord values = m_writer.schema().fields;
            values.setValue(u"val"_s, nextValue());
            values.setGenerated(u"id"_s, false);
            values.setGenerated(u"version"_s, false);
            QSqlRecord stored;
            const auto outcome = m_writer.update(keyRecord(key), version, {}, values, {}, &stored);
            if (outcome != VersionedWriter::Outcome::Written) {
                transaction.rollback();
                m_versions.remove(first);
                m_versions.remove(second);
                Event refused = makeEvent(Event::Op::MultiUpdate, key);
                refused.expected << version;
                if (outcome == VersionedWriter::Outcome::Conflict) {
                    refused.result = Event::Result::Conflict;
                    return write(refused);
                }
                // Rolled back: the earlier row of this transaction was not written either.
                refused.result = Event::Result::Refused;
                refused.message = m_writer.lastError().text();
                return write(refused);
            }
            event.keys << key;
            event.expected << version;
            event.produced << stored.value(u"version"_s).toLongLong();
            event.values << stored.value(u"val"_s).toString();
        }
        event.result = transaction.commit() ? Event::Result::Acknowledged : Event::Result::Unknown;
        m_versions.remove(first);
        m_versions.remove(second);
        if (event.result == Event::Result::Acknowledged) {
            m_versions.insert(first, event.produced.at(0));
            m_versions.insert(second, event.produced.at(1));
        }
        write(event);
    }

    // Set Field on two rows through the editor's BulkEditJob (its own connection, the table lock,
    // one transaction): every row it saved moved from the version it expected to the next one
    // (counter policy); the rows it left alone were stale.
    void bulkEdit(int first, int second)
    {
        const auto a = knownVersion(first);
        const auto b = knownVersion(second);
        if (!a || !b || first == second)
            return;
        const QString value = nextValue();
        BulkEditJob job(m_address, u"acct"_s, {BulkRow{keyRecord(first), *a}, BulkRow{keyRecord(second), *b}}, u"val"_s, value);
        job.setLockTimeout(5000);
        const JobResult result = job.run();
        m_versions.remove(first);
        m_versions.remove(second);
        const BulkReport report = job.report();
        if (!report.committed) {
            Event event = makeEvent(Event::Op::MultiUpdate, first);
            // Rolled back, or refused before writing (the lock): nothing of it is in the database.
            event.result = result.error().code == ErrorCode::Sql ? Event::Result::Unknown : Event::Result::Refused;
            event.message = result.error().message;
            return write(event);
        }
        for (const auto &[key, expected] : {std::pair{first, *a}, std::pair{second, *b}}) {
            Event event = makeEvent(Event::Op::MultiUpdate, key);
            event.expected << expected;
            const bool saved = std::any_of(report.saved.cbegin(), report.saved.cend(),
                                           [key](const QSqlRecord &k) { return k.value(0).toInt() == key; });
            event.result = saved ? Event::Result::Acknowledged : Event::Result::Conflict;
            if (saved) {
                event.produced << expected + 1;
                event.values << value;
            }
            write(event);
        }
    }

    QSqlDatabase m_db;
    VersionedWriter m_writer;
    DatabaseAddress m_address;
    int m_id;
    QFile &m_log;
    QRandomGenerator m_random;
    int m_counter = 0;
    QHash<int, std::optional<qint64>> m_versions;
};

} // namespace

QString createTable(const QString &addressText)
{
    const auto address = DatabaseAddress::parse(addressText);
    if (!address)
        return address.error().message;
    const QString name = connectionNameFor(u"stress-setup"_s);
    QString error;
    {
        auto db = openDatabase(address.value(), name);
        if (!db)
            return db.error().message;
        QSqlQuery query(db.value());
        if (!query.exec(u"CREATE TABLE acct (id INTEGER PRIMARY KEY, val TEXT NOT NULL, version INTEGER NOT NULL)"_s))
            error = query.lastError().text();
        for (int key = 1; key <= keyCount && error.isEmpty(); ++key) {
            if (!query.exec(u"INSERT INTO acct VALUES (%1, 'v0', 1)"_s.arg(key)))
                error = query.lastError().text();
        }
    }
    closeDatabase(name);
    return error;
}

int runWorker(const QString &addressText, int worker, double seconds, const QString &logPath)
{
    QFile log(logPath);
    if (!log.open(QIODevice::WriteOnly | QIODevice::Append))
        return 2;
    const auto address = DatabaseAddress::parse(addressText);
    if (!address)
        return 2;
    const QString name = connectionNameFor(u"stress-worker"_s);
    {
        OpenOptions options;
        options.busyTimeoutMs = 20000;
        auto db = openDatabase(address.value(), name, options);
        if (!db)
            return 2;
        auto config = versioningFor(db.value(), u"acct"_s);
        auto schema = config ? TableSchema::load(db.value(), u"acct"_s) : Result<TableSchema>(config.error());
        if (!schema)
            return 2;
        Worker work(db.value(), VersionedWriter(db.value(), schema.value(), config.value()), address.value(), worker, log);
        const QDeadlineTimer deadline(qint64(seconds * 1000));
        while (!deadline.hasExpired())
            work.step();
    }
    closeDatabase(name);
    return 0;
}

} // namespace Concord::Stress
