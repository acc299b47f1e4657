// SPDX-License-Identifier: MIT
// SPDX-FileCopyrightText: 2026 Concord developers
//
// CsvReader: RFC 4180 edge cases on inline data.
#include <core/jobs/csvreader.h>

#include <QBuffer>
#include <QTest>

using namespace Concord;
using namespace Qt::StringLiterals;

namespace {

// One record as text for comparison: fields joined by '|', quoted fields in [brackets],
// "@LINE" appended, "!" + error when malformed.
QString render(const CsvRecord &record)
{
    QStringList fields;
    for (int i = 0; i < record.fields.size(); ++i)
        fields << (record.quoted.at(i) ? u'[' + record.fields.at(i) + u']' : record.fields.at(i));
    QString text = fields.join(u'|') + u'@' + QString::number(record.line);
    if (!record.isValid())
        text += u"!"_s;
    return text;
}

} // namespace

class tst_CsvReader : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void parsesRfc4180_data()
    {
        QTest::addColumn<QByteArray>("data");
        QTest::addColumn<QStringList>("records");
        QTest::addRow("plain LF") << QByteArray("a,b\n1,2\n") << QStringList{u"a|b@1"_s, u"1|2@2"_s};
        QTest::addRow("CRLF, no final break") << QByteArray("a,b\r\n1,2") << QStringList{u"a|b@1"_s, u"1|2@2"_s};
        QTest::addRow("lone CR") << QByteArray("a\r1\r") << QStringList{u"a@1"_s, u"1@2"_s};
        QTest::addRow("quoted comma") << QByteArray("\"x,y\",z\n") << QStringList{u"[x,y]|z@1"_s};
        QTest::addRow("escaped quote") << QByteArray("\"say \"\"hi\"\"\"\n") << QStringList{u"[say \"hi\"]@1"_s};
        QTest::addRow("embedded LF, line numbers go on")
            << QByteArray("h\n\"one\ntwo\"\nnext\n") << QStringList{u"h@1"_s, u"[one\ntwo]@2"_s, u"next@4"_s};
        QTest::addRow("embedded CRLF kept") << QByteArray("\"a\r\nb\"\r\n") << QStringList{u"[a\r\nb]@1"_s};
        QTest::addRow("empty fields: unquoted NULL, quoted empty")
            << QByteArray(",\"\",\n") << QStringList{u"|[]|@1"_s};
        QTest::addRow("BOM stripped") << QByteArray("\xEF\xBB\xBFid,name\n") << QStringList{u"id|name@1"_s};
        QTest::addRow("UTF-8") << QByteArray("Z\xC3\xBCrich,\xE2\x82\xAC\n") << QStringList{u"Zürich|€@1"_s};
        QTest::addRow("empty lines skipped") << QByteArray("a\n\n\r\nb\n") << QStringList{u"a@1"_s, u"b@4"_s};
        QTest::addRow("spaces kept") << QByteArray(" a , b \n") << QStringList{u" a | b @1"_s};
        QTest::addRow("nothing") << QByteArray("") << QStringList{};
    }
    void parsesRfc4180()
    {
        QFETCH(QByteArray, data);
        QFETCH(QStringList, records);
        QStringList rendered;
        for (const CsvRecord &record : CsvReader::parse(data))
            rendered << render(record);
        QCOMPARE(rendered, records);
    }

    void malformedRecordsAreReportedAndSkipped_data()
    {
        QTest::addColumn<QByteArray>("data");
        QTest::addColumn<QList<qint64>>("badLines");
        QTest::addColumn<QStringList>("goodRecords");
        QTest::addRow("quote inside unquoted field")
            << QByteArray("a\nb\"c,d\ne\n") << QList<qint64>{2} << QStringList{u"a@1"_s, u"e@3"_s};
        QTest::addRow("text after closing quote")
            << QByteArray("\"a\"b,c\nd\n") << QList<qint64>{1} << QStringList{u"d@2"_s};
        QTest::addRow("quote never closed") << QByteArray("a\n\"open,\nrest\n") << QList<qint64>{2} << QStringList{u"a@1"_s};
        QTest::addRow("invalid UTF-8") << QByteArray("ok\nbad\xFF\n") << QList<qint64>{2} << QStringList{u"ok@1"_s};
        QTest::addRow("UTF-8 cut short at the end of a field") << QByteArray("ok\ncaf\xE9,x\n") << QList<qint64>{2} << QStringList{u"ok@1"_s};
        QTest::addRow("UTF-8 cut short at the end of the file") << QByteArray("ok\ncaf\xC3") << QList<qint64>{2} << QStringList{u"ok@1"_s};
    }
    void malformedRecordsAreReportedAndSkipped()
    {
        QFETCH(QByteArray, data);
        QFETCH(QList<qint64>, badLines);
        QFETCH(QStringList, goodRecords);
        QList<qint64> bad;
        QStringList good;
        for (const CsvRecord &record : CsvReader::parse(data)) {
            if (record.isValid())
                good << render(record);
            else
                bad << record.line;
        }
        QCOMPARE(bad, badLines);
        QCOMPARE(good, goodRecords);
    }

    void positionReachesTheEndForProgress()
    {
        QByteArray data("\xEF\xBB\xBFid\n1\n\"2\n\"\n");
        QBuffer buffer(&data);
        QVERIFY(buffer.open(QIODevice::ReadOnly));
        CsvReader reader(&buffer);
        int count = 0;
        while (reader.next())
            ++count;
        QCOMPARE(count, 3);
        QCOMPARE(reader.position(), data.size());
        QVERIFY(reader.errorString().isEmpty());
    }
};

QTEST_GUILESS_MAIN(tst_CsvReader)
#include "tst_csvreader.moc"
