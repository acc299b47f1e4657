// SPDX-License-Identifier: MIT
// SPDX-FileCopyrightText: 2026 Concord developers
#include "stresslog.h"

#include <QHash>
#include <QJsonArray>
#include <QSet>

using namespace Qt::StringLiterals;

namespace Concord::Stress {

namespace {

const QStringList opNames = {u"insert"_s, u"update"_s, u"delete"_s, u"multi"_s};
const QStringList resultNames = {u"ack"_s, u"conflict"_s, u"refused"_s, u"unknown"_s};

QJsonArray toArray(const QList<qint64> &values)
{
    QJsonArray array;
    for (qint64 value : values)
        array.append(value);
    return array;
}

QList<qint64> toVersions(const QJsonValue &value)
{
    QList<qint64> list;
    for (const QJsonValue &item : value.toArray())
        list << qint64(item.toDouble());
    return list;
}

// One key's history, built from every event that touched it.
struct KeyHistory
{
    QHash<qint64, QString> produced; ///< version -> the value it holds
    QMultiHash<qint64, int> consumedBy; ///< version -> worker of each acknowledged update/delete
    QSet<qint64> consumed;
    QList<qint64> conflictsExpected;
    bool touchedByUnknown = false;
};

void addEvent(QHash<int, KeyHistory> &history, const Event &event, QStringList &violations)
{
    for (int i = 0; i < event.keys.size(); ++i) {
        KeyHistory &key = history[event.keys.at(i)];
        if (event.result == Event::Result::Unknown) {
            key.touchedByUnknown = true;
            continue;
        }
        if (event.result == Event::Result::Conflict) {
            if (i < event.expected.size())
                key.conflictsExpected << event.expected.at(i);
            continue;
        }
        if (event.result != Event::Result::Acknowledged)
            continue;
        if (event.op != Event::Op::Insert && i < event.expected.size()) {
            const qint64 expected = event.expected.at(i);
            key.consumedBy.insert(expected, event.worker);
            key.consumed.insert(expected);
        }
        if (event.op != Event::Op::Delete && i < event.produced.size()) {
            const qint64 version = event.produced.at(i);
            if (key.produced.contains(version)) {
                violations << u"key %1: version %2 was produced twice (versions must never repeat)"_s
                                  .arg(event.keys.at(i)).arg(version);
            }
            key.produced.insert(version, event.values.value(i));
        }
    }
}

void checkKey(int keyId, const KeyHistory &key, const FinalRow &last, QStringList &violations)
{
    for (qint64 version : key.consumed) {
        if (key.consumedBy.count(version) > 1)
            violations << u"key %1: version %2 was overwritten by %3 acknowledged writes (a lost update)"_s
                              .arg(keyId).arg(version).arg(key.consumedBy.count(version));
        if (!key.produced.contains(version) && !key.touchedByUnknown)
            violations << u"key %1: an acknowledged write expected version %2, which no write produced"_s.arg(keyId).arg(version);
    }
    for (qint64 expected : key.conflictsExpected) {
        if (!key.consumed.contains(expected) && !key.touchedByUnknown)
            violations << u"key %1: a write expecting version %2 was refused, but nobody had moved the row off it"_s
                              .arg(keyId).arg(expected);
    }
    if (key.touchedByUnknown)
        return;
    QList<qint64> heads;
    for (auto it = key.produced.cbegin(); it != key.produced.cend(); ++it) {
        if (!key.consumed.contains(it.key()))
            heads << it.key();
    }
    if (heads.size() > 1) {
        violations << u"key %1: %2 acknowledged versions were never superseded; all but one were lost"_s.arg(keyId).arg(heads.size());
        return;
    }
    if (heads.isEmpty() && last.exists)
        violations << u"key %1: every acknowledged version was deleted, yet the row exists at version %2"_s.arg(keyId).arg(last.version);
    if (heads.size() == 1 && !last.exists)
        violations << u"key %1: acknowledged version %2 is lost: the row is gone"_s.arg(keyId).arg(heads.first());
    if (heads.size() == 1 && last.exists && (last.version != heads.first() || last.value != key.produced.value(heads.first()))) {
        violations << u"key %1: the database holds version %2 '%3', the last acknowledged write was version %4 '%5'"_s
                          .arg(keyId).arg(last.version).arg(last.value).arg(heads.first()).arg(key.produced.value(heads.first()));
    }
}

} // namespace

QJsonObject Event::toJson() const
{
    QJsonArray keyArray;
    for (int key : keys)
        keyArray.append(key);
    return QJsonObject{{u"op"_s, opNames.at(int(op))},       {u"result"_s, resultNames.at(int(result))},
                       {u"worker"_s, worker},                {u"keys"_s, keyArray},
                       {u"expected"_s, toArray(expected)},   {u"produced"_s, toArray(produced)},
                       {u"values"_s, QJsonArray::fromStringList(values)}, {u"message"_s, message}};
}

Event Event::fromJson(const QJsonObject &json)
{
    Event event;
    event.op = Op(qMax(0, opNames.indexOf(json.value(u"op"_s).toString())));
    event.result = Result(qMax(0, resultNames.indexOf(json.value(u"result"_s).toString())));
    event.worker = json.value(u"worker"_s).toInt();
    for (const QJsonValue &key : json.value(u"keys"_s).toArray())
        event.keys << key.toInt();
    event.expected = toVersions(json.value(u"expected"_s));
    event.produced = toVersions(json.value(u"produced"_s));
    for (const QJsonValue &value : json.value(u"values"_s).toArray())
        event.values << value.toString();
    event.message = json.value(u"message"_s).toString();
    return event;
}

Verdict check(const QList<Event> &events, const QHash<int, FinalRow> &finalRows, int keyCount)
{
    Verdict verdict;
    QHash<int, KeyHistory> history;
    for (int key = 1; key <= keyCount; ++key)
        history[key].produced.insert(1, u"v0"_s); // the rows the run starts with
    for (const Event &event : events) {
        verdict.acknowledged += event.result == Event::Result::Acknowledged;
        verdict.conflicts += event.result == Event::Result::Conflict;
        verdict.unknown += event.result == Event::Result::Unknown;
        verdict.refused += event.result == Event::Result::Refused;
        addEvent(history, event, verdict.violations);
    }
    for (int key = 1; key <= keyCount; ++key)
        checkKey(key, history.value(key), finalRows.value(key), verdict.violations);
    return verdict;
}

} // namespace Concord::Stress
