// SPDX-License-Identifier: MIT
// SPDX-FileCopyrightText: 2026 Concord developers
//
// "changed by bob 3 minutes ago": relative times, who-and-when sentences and the times audit
// columns hold, at fixed moments.
#include <core/relativetime.h>
#include <core/versioning/auditconfig.h>

#include <QSqlField>
#include <QTest>
#include <QTimeZone>

using namespace Concord;
using namespace Qt::StringLiterals;

namespace {

// Tuesday 10 March 2026, 15:00 local time: the moment every row is seen from.
const QDateTime now(QDate(2026, 3, 10), QTime(15, 0));

struct TimeRow
{
    const char *name;
    QDateTime when;
    QString expected;
};

} // namespace

class tst_RelativeTime : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void relativeTimeText_data()
    {
        QTest::addColumn<QDateTime>("when");
        QTest::addColumn<QString>("expected");
        const TimeRow rows[] = {
            {"20 seconds ago", now.addSecs(-20), u"just now"_s},
            {"a little in the future (another clock)", now.addSecs(120), u"just now"_s},
            {"exactly a minute", now.addSecs(-60), u"1 minute ago"_s},
            {"3 minutes", now.addSecs(-3 * 60 - 30), u"3 minutes ago"_s},
            {"59 minutes", now.addSecs(-59 * 60), u"59 minutes ago"_s},
            {"earlier today", QDateTime(now.date(), QTime(9, 15)), u"today at 09:15"_s},
            {"yesterday", QDateTime(now.date().addDays(-1), QTime(14, 2)), u"yesterday at 14:02"_s},
            {"yesterday, late", QDateTime(now.date(), QTime(0, 10)).addSecs(-30 * 60),
             u"yesterday at 23:40"_s},
            {"a week ago", QDateTime(QDate(2026, 3, 3), QTime(8, 0)), u"on 3 March 2026"_s},
            {"another year", QDateTime(QDate(2025, 12, 24), QTime(18, 30)), u"on 24 December 2025"_s},
            {"days ahead", now.addDays(2), u"on 12 March 2026"_s},
            {"unknown", QDateTime(), QString()},
        };
        for (const TimeRow &row : rows)
            QTest::addRow("%s", row.name) << row.when << row.expected;
    }

    void relativeTimeText()
    {
        QFETCH(QDateTime, when);
        QFETCH(QString, expected);
        QCOMPARE(Concord::relativeTimeText(when, now), expected);
    }

    void sameMomentInUtcReadsTheSame()
    {
        // A time the database gave in UTC is the same moment as local time
        QCOMPARE(Concord::relativeTimeText(now.addSecs(-180).toUTC(), now), u"3 minutes ago"_s);
    }

    void changedByTextNamesWhatIsKnown()
    {
        const QDateTime when = now.addSecs(-180);
        QCOMPARE(changedByText(u"bob"_s, when, now), u"changed by bob 3 minutes ago"_s);
        QCOMPARE(changedByText(u"bob"_s, QDateTime(QDate(2026, 3, 9), QTime(14, 2)), now), u"changed by bob yesterday at 14:02"_s);
        QCOMPARE(changedByText(u"bob"_s, {}, now), u"changed by bob"_s);
        QCOMPARE(changedByText({}, when, now), u"changed 3 minutes ago"_s);
        QCOMPARE(changedByText({}, {}, now), QString());
    }

    void auditTimesReadInEveryStoredForm()
    {
        const QDateTime utc(QDate(2026, 3, 2), QTime(14, 5, 9, 123), QTimeZone::utc());
        QCOMPARE(auditTimeValue(u"2026-03-02 14:05:09.123"_s), utc);              // Concord on SQLite
        QCOMPARE(auditTimeValue(u"2026-03-02 14:05:09"_s), utc.addMSecs(-123));   // CURRENT_TIMESTAMP
        QCOMPARE(auditTimeValue(u"2026-03-02 14:05"_s), utc.addMSecs(-9123));     // typed by hand
        QCOMPARE(auditTimeValue(u"2026-03-02T14:05:09Z"_s), utc.addMSecs(-123));  // ISO 8601
        QCOMPARE(auditTimeValue(QVariant(utc)), utc);                            // PostgreSQL
        QVERIFY(!auditTimeValue(QVariant(QMetaType(QMetaType::QString))).isValid());
        QVERIFY(!auditTimeValue(u"soon"_s).isValid());
    }

    void describeChangeReadsTheAuditColumns()
    {
        QSqlRecord row;
        row.append(QSqlField(u"who"_s, QMetaType(QMetaType::QString)));
        row.append(QSqlField(u"when"_s, QMetaType(QMetaType::QString)));
        row.setValue(0, u"raj"_s);
        row.setValue(1, now.addSecs(-7 * 60).toUTC().toString(u"yyyy-MM-dd HH:mm:ss"_s));
        QCOMPARE(describeChange(row, AuditColumns{u"who"_s, u"when"_s}, now), u"changed by raj 7 minutes ago"_s);
        QCOMPARE(describeChange(row, AuditColumns{u"who"_s, {}}, now), u"changed by raj"_s);
        row.setNull(0);
        QCOMPARE(describeChange(row, AuditColumns{u"who"_s, u"when"_s}, now), u"changed 7 minutes ago"_s);
        QCOMPARE(describeChange(row, AuditColumns{}, now), QString());
    }
};

QTEST_GUILESS_MAIN(tst_RelativeTime)
#include "tst_relativetime.moc"
