// SPDX-License-Identifier: MIT
// SPDX-FileCopyrightText: 2026 Concord developers
//
// The one vocabulary of column types (core/values/columntype.h) and the one text-to-value rule
// (valueFromText), in one table: what concordctl and CSV import accept is what the merge
// compares as equal.
#include <core/values/columntype.h>
#include <core/values/valuecomparison.h>
#include <core/values/valuefromtext.h>

#include <QDate>
#include <QDateTime>
#include <QSqlField>
#include <QTest>

using namespace Concord;
using namespace Qt::StringLiterals;

Q_DECLARE_METATYPE(Concord::ValueKind)

class tst_Values : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void kindOfDriverTypes_data()
    {
        QTest::addColumn<int>("type");
        QTest::addColumn<ValueKind>("kind");
        const struct
        {
            const char *name;
            QMetaType::Type type;
            ValueKind kind;
        } rows[] = {
            {"int", QMetaType::Int, ValueKind::Integer},
            {"qlonglong", QMetaType::LongLong, ValueKind::Integer},
            {"qulonglong", QMetaType::ULongLong, ValueKind::Integer},
            {"short", QMetaType::Short, ValueKind::Integer},
            {"uchar", QMetaType::UChar, ValueKind::Integer},
            {"double", QMetaType::Double, ValueKind::Decimal},
            {"float", QMetaType::Float, ValueKind::Decimal},
            {"bool", QMetaType::Bool, ValueKind::Boolean},
            {"QString", QMetaType::QString, ValueKind::Text},
            {"QDate", QMetaType::QDate, ValueKind::Date},
            {"QTime", QMetaType::QTime, ValueKind::Time},
            {"QDateTime", QMetaType::QDateTime, ValueKind::DateTime},
            {"QByteArray", QMetaType::QByteArray, ValueKind::Blob},
            {"QUuid", QMetaType::QUuid, ValueKind::Unknown},
        };
        for (const auto &row : rows)
            QTest::addRow("%s", row.name) << int(row.type) << row.kind;
    }
    void kindOfDriverTypes()
    {
        QFETCH(int, type);
        QFETCH(ValueKind, kind);
        QCOMPARE(valueKindOf(QMetaType(type)), kind);
    }

    // Every boolean word is read the same by import/concordctl (valueFromText) and by the merge
    // (sameValue): "on" is true to both, "maybe" to neither.
    void booleanWordsAreOneList_data()
    {
        QTest::addColumn<QString>("word");
        QTest::addColumn<int>("meaning"); // 1 true, 0 false, -1 not a boolean
        for (const char *word : {"true", "TRUE", " t ", "yes", "Y", "on", "1"})
            QTest::addRow("%s", word) << QString::fromLatin1(word) << 1;
        for (const char *word : {"false", "F", "no", "n", "off", "OFF", "0"})
            QTest::addRow("%s", word) << QString::fromLatin1(word) << 0;
        for (const char *word : {"", "maybe", "2", "yess", "o"})
            QTest::addRow("not: '%s'", word) << QString::fromLatin1(word) << -1;
    }
    void booleanWordsAreOneList()
    {
        QFETCH(QString, word);
        QFETCH(int, meaning);
        const auto parsed = booleanFromWord(word);
        const auto converted = valueFromText(word, ValueKind::Boolean, u"flag"_s);
        if (meaning < 0) {
            QVERIFY(!parsed);
            QVERIFY(!converted);
            QCOMPARE(converted.error().code, ErrorCode::InvalidValue);
            return;
        }
        QVERIFY(parsed);
        QCOMPARE(*parsed, meaning == 1);
        QVERIFY(converted);
        QCOMPARE(converted.value(), QVariant(meaning == 1));
        QVERIFY(sameValue(word, meaning == 1, ValueKind::Boolean));
    }

    void textBecomesValues_data()
    {
        QTest::addColumn<ValueKind>("kind");
        QTest::addColumn<QString>("text");
        QTest::addColumn<QVariant>("expected"); // invalid: refused
        QTest::addRow("integer") << ValueKind::Integer << u" -42 "_s << QVariant(qlonglong(-42));
        QTest::addRow("integer, 64-bit") << ValueKind::Integer << u"9007199254740993"_s
                                         << QVariant(qlonglong(9007199254740993LL));
        QTest::addRow("integer, letters") << ValueKind::Integer << u"12abc"_s << QVariant();
        QTest::addRow("integer, decimal") << ValueKind::Integer << u"1.5"_s << QVariant();
        QTest::addRow("decimal") << ValueKind::Decimal << u"2.50"_s << QVariant(2.5);
        QTest::addRow("decimal, comma") << ValueKind::Decimal << u"2,50"_s << QVariant();
        QTest::addRow("date") << ValueKind::Date << u"2026-12-01"_s << QVariant(QDate(2026, 12, 1));
        QTest::addRow("date, impossible") << ValueKind::Date << u"2026-02-30"_s << QVariant();
        QTest::addRow("time") << ValueKind::Time << u"09:30:15"_s << QVariant(QTime(9, 30, 15));
        QTest::addRow("date-time, T") << ValueKind::DateTime << u"2026-12-01T09:30:00Z"_s
                                      << QVariant(QDateTime(QDate(2026, 12, 1), QTime(9, 30), Qt::UTC));
        QTest::addRow("date-time, space") << ValueKind::DateTime << u"2026-12-01 09:30:00Z"_s
                                          << QVariant(QDateTime(QDate(2026, 12, 1), QTime(9, 30), Qt::UTC));
        QTest::addRow("date-time, garbage") << ValueKind::DateTime << u"yesterday"_s << QVariant();
        QTest::addRow("blob, text") << ValueKind::Blob << u"abc"_s << QVariant(QByteArray("abc"));
        QTest::addRow("blob, base64") << ValueKind::Blob << u"base64:AAEC"_s << QVariant(QByteArray("\x00\x01\x02", 3));
        QTest::addRow("blob, bad base64") << ValueKind::Blob << u"base64:!!"_s << QVariant();
        QTest::addRow("text keeps spaces") << ValueKind::Text << u" a "_s << QVariant(u" a "_s);
        QTest::addRow("empty text is not NULL") << ValueKind::Text << QString() << QVariant(u""_s);
    }
    void textBecomesValues()
    {
        QFETCH(ValueKind, kind);
        QFETCH(QString, text);
        QFETCH(QVariant, expected);
        const auto value = valueFromText(text, kind, u"col"_s);
        if (!expected.isValid()) {
            QVERIFY(!value);
            QCOMPARE(value.error().code, ErrorCode::InvalidValue);
            QVERIFY2(value.error().message.contains(u"col"_s), qPrintable(value.error().message));
            QVERIFY2(value.error().message.contains(text), qPrintable(value.error().message));
            return;
        }
        QVERIFY2(value, qPrintable(value.error().message));
        QCOMPARE(value.value(), expected);
        QVERIFY(!value.value().isNull());
    }

    void aNulCharacterIsRefusedForEveryKind_data()
    {
        QTest::addColumn<ValueKind>("kind");
        QTest::addRow("text") << ValueKind::Text;
        QTest::addRow("unknown") << ValueKind::Unknown;
        QTest::addRow("blob") << ValueKind::Blob;
        QTest::addRow("integer") << ValueKind::Integer;
    }
    void aNulCharacterIsRefusedForEveryKind()
    {
        // SQLite would keep the text up to the NUL only: refuse rather than store something else
        QFETCH(ValueKind, kind);
        const auto value = valueFromText(QString::fromUtf8("a\0b", 3), kind, u"col"_s);
        QVERIFY(!value);
        QCOMPARE(value.error().code, ErrorCode::InvalidValue);
        QVERIFY2(value.error().message.contains(u"column col: 'a\\u0000b' holds a NUL character"_s), qPrintable(value.error().message));
    }

    void aFieldNamesItsColumnInTheMessage()
    {
        QSqlField field(u"qty"_s, QMetaType(QMetaType::Int));
        const auto value = valueFromText(u"many"_s, field);
        QVERIFY(!value);
        QCOMPARE(value.error().message, u"column qty expects an integer, got 'many'"_s);
    }

    void sqliteTextColumnsAreKnownByTheirValues()
    {
        QCOMPARE(columnKind(QMetaType(QMetaType::QString), {u"2026-01-01"_s, QVariant()}), ValueKind::Date);
        QCOMPARE(columnKind(QMetaType(QMetaType::QString), {u"2026-01-01 10:00"_s}), ValueKind::DateTime);
        QCOMPARE(columnKind(QMetaType(QMetaType::QString), {u"2026-01-01"_s, u"x"_s}), ValueKind::Text);
        QCOMPARE(columnKind(QMetaType(QMetaType::Int), {u"x"_s}), ValueKind::Integer);
    }
};

QTEST_GUILESS_MAIN(tst_Values)
#include "tst_values.moc"
