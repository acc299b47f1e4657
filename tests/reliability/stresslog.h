// SPDX-License-Identifier: MIT
// SPDX-FileCopyrightText: 2026 Concord developers
#pragma once

#include <QJsonObject>
#include <QList>
#include <QString>
#include <QStringList>

namespace Concord::Stress {

/// What one worker did to one key, as the database acknowledged it. Workers write one JSON object
/// per line; the checker reads them all back.
struct Event
{
    enum class Op { Insert, Update, Delete, MultiUpdate };
    enum class Result {
        Acknowledged, ///< the database confirmed the write (committed)
        Conflict,     ///< refused as stale: the row was not at the expected version
        Refused,      ///< refused for a stated reason that is not staleness (duplicate key on insert)
        Unknown,      ///< the outcome could not be learned (an error after the statement was sent)
    };
    Op op = Op::Update;
    Result result = Result::Unknown;
    int worker = 0;
    QList<int> keys;              ///< one key, or the keys of a multi-row update
    QList<qint64> expected;       ///< the versions the write expected, per key (none for inserts)
    QList<qint64> produced;       ///< the versions the acknowledged write produced, per key
    QStringList values;           ///< the values written, per key
    QString message;

    QJsonObject toJson() const;
    static Event fromJson(const QJsonObject &json);
};

/// The last row the database holds for a key, read after every worker ended.
struct FinalRow
{
    bool exists = false;
    qint64 version = 0;
    QString value;
};

/// What the checker found.
struct Verdict
{
    int acknowledged = 0;
    int conflicts = 0;
    int unknown = 0;
    int refused = 0;
    QStringList violations; ///< empty: nothing lost, every rejection stale, no version repeated
};

/// Proves, per key, from the events and the final rows (initial rows: version 1, value "v0"):
/// - no version is produced twice (versions of a key never repeat, also across delete + insert);
/// - no version is consumed twice (two acknowledged writes from one base is a lost update);
/// - every acknowledged update or delete consumed a version that some write produced;
/// - every conflict expected a version that some acknowledged write consumed (it was really stale);
/// - the final row is the head of the chain (nothing acknowledged is lost), unless an unknown
///   outcome touched the key, in which case the key is only checked for the rules above.
Verdict check(const QList<Event> &events, const QHash<int, FinalRow> &finalRows, int keyCount);

} // namespace Concord::Stress
