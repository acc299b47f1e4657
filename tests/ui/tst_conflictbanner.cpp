// SPDX-License-Identifier: MIT
// SPDX-FileCopyrightText: 2026 Concord developers
//
// The conflict bar above the grid: how many records changed, and who changed them when.
#include <ui/merge/conflictbanner.h>

#include <core/versioning/auditconfig.h>

#include <QSqlField>
#include <QTest>

using namespace Concord;
using namespace Qt::StringLiterals;

namespace {

const QDateTime now(QDate(2026, 3, 10), QTime(15, 0));
const AuditColumns audit{u"modified_by"_s, u"modified_at"_s};

// A conflict whose row, as now stored, was written by \a who \a minutesAgo minutes before now.
RecordModifiedError changedBy(const QString &who, int minutesAgo)
{
    RecordModifiedError conflict;
    conflict.table = u"customers"_s;
    conflict.theirs.append(QSqlField(u"id"_s, QMetaType(QMetaType::Int)));
    conflict.theirs.append(QSqlField(u"modified_by"_s, QMetaType(QMetaType::QString)));
    conflict.theirs.append(QSqlField(u"modified_at"_s, QMetaType(QMetaType::QDateTime)));
    conflict.theirs.setValue(0, 7);
    conflict.theirs.setValue(1, who);
    conflict.theirs.setValue(2, now.addSecs(-60 * minutesAgo));
    return conflict;
}

RecordModifiedError deleted()
{
    RecordModifiedError conflict;
    conflict.table = u"customers"_s;
    conflict.deletedByOther = true;
    return conflict;
}

} // namespace

class tst_ConflictBanner : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void oneRecordNamesWhoChangedItAndWhen()
    {
        ConflictBanner banner;
        banner.setConflicts({changedBy(u"bob"_s, 3)}, audit, now);
        QCOMPARE(banner.text(), u"⚠ 1 record was changed by bob 3 minutes ago, after you loaded it. "
                                "Your edits are kept until you review it."_s);
        QVERIFY(!banner.isHidden());
    }

    void severalRecordsNameTheLatestChange()
    {
        ConflictBanner banner;
        banner.setConflicts({changedBy(u"ann"_s, 50), changedBy(u"raj"_s, 2), changedBy(u"bob"_s, 9)}, audit, now);
        QCOMPARE(banner.text(), u"⚠ 3 records were changed by others since you loaded them, the last changed by raj "
                                "2 minutes ago. Your edits are kept until you review them."_s);
    }

    void withoutAuditColumnsOrWithDeletesTheCountsStay()
    {
        ConflictBanner banner;
        banner.setConflicts({changedBy(u"bob"_s, 3)}, AuditColumns{}, now);
        QVERIFY(banner.text().startsWith(u"⚠ 1 record was changed by someone else since you loaded it."_s));
        banner.setConflicts({changedBy(u"bob"_s, 3), deleted()}, audit, now);
        QVERIFY2(banner.text().startsWith(u"⚠ 1 record was changed and 1 deleted by others"_s), qPrintable(banner.text()));
        banner.setConflicts({}, audit, now);
        QVERIFY(banner.isHidden());
        QCOMPARE(banner.count(), 0);
    }
};

QTEST_MAIN(tst_ConflictBanner)
#include "tst_conflictbanner.moc"
