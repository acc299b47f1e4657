// SPDX-License-Identifier: MIT
// SPDX-FileCopyrightText: 2026 Concord developers
#include <core/merge/recordmodifiederror.h>
#include <core/merge/threewaymerge.h>
#include <core/values/valuecomparison.h>
#include <tests/support/testmacros.h>

#include <QDir>
#include <QFile>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QRandomGenerator>
#include <QSqlField>
#include <QTest>
#include <QTimeZone>

using namespace Concord;
using namespace Qt::StringLiterals;

Q_DECLARE_METATYPE(Concord::ValueKind)

namespace {

// --- the golden file format (tests/data/merge/README.md) -----------------------------------------

QMetaType columnType(const QString &name)
{
    static const QHash<QString, QMetaType::Type> types = {
        {u"integer"_s, QMetaType::LongLong}, {u"real"_s, QMetaType::Double},   {u"numeric"_s, QMetaType::Double},
        {u"text"_s, QMetaType::QString},     {u"boolean"_s, QMetaType::Bool},  {u"date"_s, QMetaType::QDate},
        {u"time"_s, QMetaType::QTime},       {u"timestamp"_s, QMetaType::QDateTime}, {u"blob"_s, QMetaType::QByteArray},
    };
    return QMetaType(types.value(name, QMetaType::UnknownType));
}

QVariant jsonValue(const QJsonValue &json, QMetaType nullType = {})
{
    if (json.isNull())
        return QVariant(nullType);
    if (json.isString())
        return json.toString();
    if (json.isBool())
        return json.toBool();
    if (json.isDouble()) {
        const double d = json.toDouble();
        return d == qlonglong(d) ? QVariant(qlonglong(d)) : QVariant(d);
    }
    const QJsonObject object = json.toObject();
    if (object.size() != 1)
        return {};
    const QString type = object.begin().key();
    const QJsonValue v = object.begin().value();
    const QString text = v.isString() ? v.toString() : QString();
    if (type == "int"_L1)
        return v.toInt();
    if (type == "longlong"_L1)
        return v.isString() ? text.toLongLong() : qlonglong(v.toDouble());
    if (type == "double"_L1)
        return v.toDouble();
    if (type == "string"_L1)
        return text;
    if (type == "bool"_L1)
        return v.toBool();
    if (type == "date"_L1)
        return QDate::fromString(text, Qt::ISODate);
    if (type == "time"_L1)
        return QTime::fromString(text, Qt::ISODateWithMs);
    if (type == "datetime"_L1)
        return QDateTime::fromString(text, Qt::ISODateWithMs);
    if (type == "blob"_L1)
        return QByteArray::fromBase64(text.toLatin1());
    return {};
}

QJsonObject readJson(const QString &path)
{
    QFile file(path);
    if (!file.open(QIODevice::ReadOnly))
        return {};
    return QJsonDocument::fromJson(file.readAll()).object();
}

QSqlRecord readRecord(const QString &path, bool *deleted = nullptr)
{
    const QJsonObject object = readJson(path);
    if (deleted)
        *deleted = object.value("deleted"_L1).toBool();
    QSqlRecord record;
    for (const QJsonValue &entry : object.value("fields"_L1).toArray()) {
        const QJsonObject field = entry.toObject();
        const QMetaType type = columnType(field.value("type"_L1).toString());
        record.append(QSqlField(field.value("name"_L1).toString(), type));
        record.setValue(record.count() - 1, jsonValue(field.value("value"_L1), type));
    }
    return record;
}

QString statusName(FieldStatus status)
{
    switch (status) {
    case FieldStatus::Unchanged: return u"Unchanged"_s;
    case FieldStatus::ChangedByMine: return u"ChangedByMine"_s;
    case FieldStatus::ChangedByTheirs: return u"ChangedByTheirs"_s;
    case FieldStatus::ChangedBothSame: return u"ChangedBothSame"_s;
    case FieldStatus::Conflict: return u"Conflict"_s;
    }
    return {};
}

QString goldenRoot()
{
    return QFINDTESTDATA("../data/merge");
}

// --- generated records ---------------------------------------------------------------------------

// One value of a column and a different value, plus a way to spell a value in another C++ type
// that still means the same (what another driver would return).
struct Column
{
    ValueKind kind;
    QMetaType type;
};

const Column generatedColumns[] = {
    {ValueKind::Integer, QMetaType(QMetaType::LongLong)}, {ValueKind::Decimal, QMetaType(QMetaType::Double)},
    {ValueKind::Text, QMetaType(QMetaType::QString)},     {ValueKind::Boolean, QMetaType(QMetaType::Bool)},
    {ValueKind::DateTime, QMetaType(QMetaType::QDateTime)}, {ValueKind::Blob, QMetaType(QMetaType::QByteArray)},
};

// Value number n of a kind: distinct n give distinct values; n == 0 is NULL.
QVariant generatedValue(ValueKind kind, int n, QMetaType type)
{
    if (n == 0)
        return QVariant(type);
    switch (kind) {
    case ValueKind::Integer: return qlonglong(n * 1000003LL);
    case ValueKind::Decimal: return n + 0.25;
    case ValueKind::Boolean: return n % 2 == 1; // only two non-NULL values: see distinctNumbers()
    case ValueKind::DateTime: return QDateTime(QDate(2024, 1, 1), QTime(8, 0), Qt::UTC).addSecs(n * 60);
    case ValueKind::Blob: return QByteArray(n % 7 + 1, char(n));
    default: return u"value %1"_s.arg(n);
    }
}

// The same value as another driver or code path might deliver it.
QVariant respelled(const QVariant &v, ValueKind kind, QRandomGenerator &random)
{
    if (v.isNull() || random.bounded(2) == 0)
        return v;
    switch (kind) {
    case ValueKind::Integer: return random.bounded(2) ? QVariant(v.toString()) : QVariant(v.toDouble());
    case ValueKind::Decimal: return QVariant(QString::number(v.toDouble(), 'f', 4));
    case ValueKind::Boolean: return random.bounded(2) ? QVariant(v.toBool() ? u"t"_s : u"f"_s) : QVariant(int(v.toBool()));
    case ValueKind::DateTime: return v.toDateTime().toTimeZone(QTimeZone(3600 * (random.bounded(25) - 12)));
    case ValueKind::Blob: return QByteArray(v.toByteArray().constData(), v.toByteArray().size());
    default: return v;
    }
}

} // namespace

class tst_ThreeWayMerge : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void thereAreEnoughGoldenCases()
    {
        // Given the golden folder
        const QDir root(goldenRoot());
        QVERIFY2(root.exists(), "tests/data/merge not found");
        // Then it holds at least 20 cases
        QVERIFY(root.entryList(QDir::Dirs | QDir::NoDotAndDotDot).size() >= 20);
    }

    void goldenCase_data()
    {
        QTest::addColumn<QString>("folder");
        const QDir root(goldenRoot());
        for (const QString &name : root.entryList(QDir::Dirs | QDir::NoDotAndDotDot, QDir::Name))
            QTest::addRow("%s", qPrintable(name)) << root.filePath(name);
    }

    void goldenCase()
    {
        QFETCH(QString, folder);
        // Given base, mine, theirs and the options of the case
        bool deleted = false;
        const QSqlRecord base = readRecord(folder + "/base.json"_L1);
        const QSqlRecord mine = readRecord(folder + "/mine.json"_L1);
        const QSqlRecord theirs = readRecord(folder + "/theirs.json"_L1, &deleted);
        const QJsonObject expected = readJson(folder + "/expected.json"_L1);
        QVERIFY2(!expected.isEmpty() && !base.isEmpty(), "unreadable case");
        MergeOptions options;
        const QJsonObject jsonOptions = expected.value("options"_L1).toObject();
        options.versionColumn = jsonOptions.value("versionColumn"_L1).toString(options.versionColumn);
        for (const QJsonValue &column : jsonOptions.value("computedColumns"_L1).toArray())
            options.computedColumns << column.toString();

        // When they are merged
        const auto merged = ThreeWayMerge::merge(base, mine, theirs, deleted, options);

        // Then every field has the expected status and automatic result
        QVERIFY_RESULT(merged);
        const MergeResult &result = merged.value();
        QCOMPARE(result.theirsDeleted, expected.value("theirsDeleted"_L1).toBool());
        const QJsonArray fields = expected.value("fields"_L1).toArray();
        QCOMPARE(result.fields.size(), fields.size());
        for (int i = 0; i < fields.size(); ++i) {
            const QJsonObject want = fields.at(i).toObject();
            const FieldMerge &got = result.fields.at(i);
            QCOMPARE(got.name, want.value("name"_L1).toString());
            QCOMPARE(statusName(got.status), want.value("status"_L1).toString());
            if (got.isConflict()) {
                QVERIFY2(!got.resolved(), qPrintable(got.name));
                continue;
            }
            QVERIFY2(got.resolved(), qPrintable(got.name));
            const QVariant wanted = jsonValue(want.value("result"_L1));
            QVERIFY2(sameValue(got.result, wanted, got.kind),
                     qPrintable(u"%1: got %2, want %3"_s.arg(got.name, got.result.toString(), wanted.toString())));
        }
        QStringList conflicting;
        for (const QJsonValue &name : expected.value("conflicting"_L1).toArray())
            conflicting << name.toString();
        QCOMPARE(result.conflictingFields(), conflicting);
        QCOMPARE(result.unresolvedCount(), expected.value("unresolved"_L1).toInt());
    }

    void generatedRecordsKeepOneSidedChanges()
    {
        // Given many random records where each field is left alone, changed by one side, or by
        // both (to the same or different values), every value spelled in a random C++ type
        const quint32 seed = QRandomGenerator::global()->generate();
        QRandomGenerator random(seed);
        const QByteArray context = "seed " + QByteArray::number(seed);
        for (int round = 0; round < 400; ++round) {
            QSqlRecord base, mine, theirs;
            QList<FieldStatus> truth;
            const int count = 1 + random.bounded(8);
            for (int i = 0; i < count; ++i) {
                const Column &column = generatedColumns[random.bounded(int(std::size(generatedColumns)))];
                const QString name = u"f%1"_s.arg(i);
                for (QSqlRecord *r : {&base, &mine, &theirs})
                    r->append(QSqlField(name, column.type));
                const int values = column.kind == ValueKind::Boolean ? 3 : 50; // NULL, false, true
                const int b = random.bounded(values);
                const int other = (b + 1 + random.bounded(values - 1)) % values;
                const int other2 = (b + 1 + random.bounded(values - 1)) % values;
                const FieldStatus status = FieldStatus(random.bounded(5));
                int m = b, t = b;
                if (status == FieldStatus::ChangedByMine || status == FieldStatus::ChangedBothSame)
                    m = other;
                if (status == FieldStatus::ChangedByTheirs)
                    t = other;
                if (status == FieldStatus::ChangedBothSame)
                    t = other;
                if (status == FieldStatus::Conflict) {
                    m = other;
                    t = other2;
                }
                const bool reallyConflicts = status == FieldStatus::Conflict && m != t;
                truth << (status == FieldStatus::Conflict && !reallyConflicts ? FieldStatus::ChangedBothSame : status);
                base.setValue(i, generatedValue(column.kind, b, column.type));
                mine.setValue(i, respelled(generatedValue(column.kind, m, column.type), column.kind, random));
                theirs.setValue(i, respelled(generatedValue(column.kind, t, column.type), column.kind, random));
            }

            // When they are merged
            const auto merged = ThreeWayMerge::merge(base, mine, theirs, false, MergeOptions{u"none"_s, {}});
            QVERIFY2(merged.ok(), context.constData());

            // Then the status is the one generated, one-sided changes never conflict, and the
            // result is mine where only I changed and theirs where only they changed
            for (int i = 0; i < count; ++i) {
                const FieldMerge &f = merged.value().fields.at(i);
                const QByteArray where = context + " round " + QByteArray::number(round) + ' ' + f.name.toLatin1();
                QVERIFY2(f.status == truth.at(i), where.constData());
                if (f.status == FieldStatus::ChangedByMine) {
                    QVERIFY2(f.result == mine.value(i) && f.source == ResultSource::Mine, where.constData());
                } else if (f.status == FieldStatus::ChangedByTheirs) {
                    QVERIFY2(f.result == theirs.value(i) && f.source == ResultSource::Theirs, where.constData());
                } else if (f.status != FieldStatus::Conflict) {
                    QVERIFY2(f.resolved(), where.constData());
                }
            }
            QCOMPARE(merged.value().unresolvedCount(), int(truth.count(FieldStatus::Conflict)));
        }
    }

    void resolvingConflicts()
    {
        // Given a merge with two conflicts and a one-sided change
        QSqlRecord base;
        for (const char *name : {"id", "city", "email", "phone", "version"})
            base.append(QSqlField(QString::fromLatin1(name), QMetaType(QMetaType::QString)));
        base.setValue(0, 1);
        base.setValue(1, u"Oslo"_s);
        base.setValue(2, u"a@x"_s);
        base.setValue(3, u"1"_s);
        base.setValue(4, 3);
        QSqlRecord mine = base, theirs = base;
        mine.setValue(1, u"Bergen"_s);
        mine.setValue(2, u"b@x"_s);
        theirs.setValue(1, u"Tromsø"_s);
        theirs.setValue(2, u"c@x"_s);
        theirs.setValue(3, u"2"_s);
        theirs.setValue(4, 4);
        auto merged = ThreeWayMerge::merge(base, mine, theirs, false);
        QVERIFY_RESULT(merged);
        MergeResult result = merged.value();
        QCOMPARE(result.unresolvedFields(), QStringList({u"city"_s, u"email"_s}));

        // When I take mine for one and type a value for the other
        QVERIFY(result.resolveField(result.indexOf(u"city"_s), ResultSource::Mine));
        QCOMPARE(result.unresolvedCount(), 1);
        QVERIFY(result.setEditedValue(result.indexOf(u"email"_s), u"d@x"_s));

        // Then nothing is left and the record holds the choices, theirs' phone and version
        QCOMPARE(result.unresolvedCount(), 0);
        QSqlRecord record = result.record(base);
        QCOMPARE(record.value(u"city"_s).toString(), u"Bergen"_s);
        QCOMPARE(record.value(u"email"_s).toString(), u"d@x"_s);
        QCOMPARE(record.value(u"phone"_s).toString(), u"2"_s);
        QCOMPARE(record.value(u"version"_s).toInt(), 4);
        QCOMPARE(result.conflictingFields(), QStringList({u"city"_s, u"email"_s}));

        // When I take all theirs, then every conflict is theirs but the one-sided change stays
        QCOMPARE(result.resolveAll(ResultSource::Theirs), 2);
        record = result.record(base);
        QCOMPARE(record.value(u"city"_s).toString(), u"Tromsø"_s);
        QCOMPARE(record.value(u"email"_s).toString(), u"c@x"_s);
        QCOMPARE(record.value(u"phone"_s).toString(), u"2"_s);

        // When a conflict is reset it is unresolved again; managed fields cannot be chosen
        result.resetField(result.indexOf(u"city"_s));
        QCOMPARE(result.unresolvedFields(), QStringList({u"city"_s}));
        QVERIFY(!result.resolveField(result.indexOf(u"version"_s), ResultSource::Mine));
        QVERIFY(!result.setEditedValue(result.indexOf(u"version"_s), 9));
        QVERIFY(!result.resolveField(99, ResultSource::Mine));
    }

    void theirsDeletedHasNoTheirsSide()
    {
        // Given a record they deleted
        QSqlRecord base;
        base.append(QSqlField(u"id"_s, QMetaType(QMetaType::Int)));
        base.append(QSqlField(u"name"_s, QMetaType(QMetaType::QString)));
        base.setValue(0, 1);
        base.setValue(1, u"a"_s);
        QSqlRecord mine = base;
        mine.setValue(1, u"b"_s);
        // When merged, then nothing conflicts and theirs cannot be taken
        auto merged = ThreeWayMerge::merge(base, mine, {}, true);
        QVERIFY_RESULT(merged);
        QCOMPARE(merged.value().unresolvedCount(), 0);
        QVERIFY(!merged.value().resolveField(1, ResultSource::Theirs));
        QCOMPARE(merged.value().record(base).value(1).toString(), u"b"_s);
    }

    void refusesWhatIsNotAFieldMerge()
    {
        QSqlRecord base;
        base.append(QSqlField(u"id"_s, QMetaType(QMetaType::Int)));
        QSqlRecord other;
        other.append(QSqlField(u"name"_s, QMetaType(QMetaType::QString)));
        // Given no base, a mine without base's fields, or a deleted mine, then the merge fails
        QCOMPARE(ThreeWayMerge::merge({}, base, base, false).error().code, ErrorCode::InvalidArgument);
        QCOMPARE(ThreeWayMerge::merge(base, other, base, false).error().code, ErrorCode::InvalidArgument);
        QCOMPARE(ThreeWayMerge::merge(base, base, other, false).error().code, ErrorCode::InvalidArgument);
        RecordModifiedError conflict;
        conflict.base = base;
        conflict.theirs = base;
        conflict.operation = RecordModifiedError::Operation::Delete;
        QCOMPARE(ThreeWayMerge::merge(conflict).error().code, ErrorCode::InvalidArgument);
        // And an update conflict merges
        conflict.mine = base;
        QVERIFY_RESULT(ThreeWayMerge::merge(conflict));
    }

    void sameValueByKind_data()
    {
        QTest::addColumn<QVariant>("a");
        QTest::addColumn<QVariant>("b");
        QTest::addColumn<ValueKind>("kind");
        QTest::addColumn<bool>("same");
        const QVariant null = QVariant(QMetaType(QMetaType::QString));
        QTest::addRow("null null") << null << QVariant() << ValueKind::Unknown << true;
        QTest::addRow("null empty") << null << QVariant(u""_s) << ValueKind::Text << false;
        QTest::addRow("int double") << QVariant(4) << QVariant(4.0) << ValueKind::Unknown << true;
        QTest::addRow("int text") << QVariant(4) << QVariant(u"4"_s) << ValueKind::Unknown << true;
        QTest::addRow("numeric texts") << QVariant(u"4.50"_s) << QVariant(u"004.5"_s) << ValueKind::Decimal << true;
        QTest::addRow("texts differ as text") << QVariant(u"4.50"_s) << QVariant(u"4.5"_s) << ValueKind::Text << false;
        QTest::addRow("2^53+1") << QVariant(9007199254740993LL) << QVariant(9007199254740992.0) << ValueKind::Unknown << false;
        QTest::addRow("nan nan") << QVariant(qQNaN()) << QVariant(qQNaN()) << ValueKind::Decimal << true;
        QTest::addRow("t true") << QVariant(u"t"_s) << QVariant(true) << ValueKind::Unknown << true;
        QTest::addRow("f true") << QVariant(u"f"_s) << QVariant(true) << ValueKind::Boolean << false;
        QTest::addRow("0 false") << QVariant(0) << QVariant(false) << ValueKind::Unknown << true;
        QTest::addRow("2 is not a boolean") << QVariant(2) << QVariant(true) << ValueKind::Boolean << false;
        QTest::addRow("instants") << QVariant(QDateTime(QDate(2024, 3, 1), QTime(10, 0), Qt::UTC))
                                  << QVariant(u"2024-03-01 11:00:00+01"_s) << ValueKind::DateTime << true;
        QTest::addRow("other instant") << QVariant(QDateTime(QDate(2024, 3, 1), QTime(10, 0), Qt::UTC))
                                       << QVariant(u"2024-03-01T11:00:00Z"_s) << ValueKind::DateTime << false;
        QTest::addRow("date text") << QVariant(QDate(2024, 3, 1)) << QVariant(u"2024-03-01"_s) << ValueKind::Unknown << true;
        QTest::addRow("blob copy") << QVariant(QByteArray("\x00\x01", 2)) << QVariant(QByteArray("\x00\x01", 2))
                                   << ValueKind::Blob << true;
        QTest::addRow("empty blob is not null") << QVariant(QByteArray("")) << QVariant(QMetaType(QMetaType::QByteArray))
                                                << ValueKind::Blob << false;
        QTest::addRow("case counts") << QVariant(u"Oslo"_s) << QVariant(u"oslo"_s) << ValueKind::Unknown << false;
    }

    void sameValueByKind()
    {
        QFETCH(QVariant, a);
        QFETCH(QVariant, b);
        QFETCH(ValueKind, kind);
        QFETCH(bool, same);
        // Given two values of a column of some kind, then they are the same exactly when expected,
        // whichever comes first
        QCOMPARE(sameValue(a, b, kind), same);
        QCOMPARE(sameValue(b, a, kind), same);
    }
};

QTEST_GUILESS_MAIN(tst_ThreeWayMerge)
#include "tst_threewaymerge.moc"
