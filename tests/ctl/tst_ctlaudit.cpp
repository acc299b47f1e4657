// SPDX-License-Identifier: MIT
// SPDX-FileCopyrightText: 2026 Concord developers
//
// concordctl and the audit columns: set and insert name who wrote and when, the audit command
// records which columns those are. The real program as a child process, on SQLite and PostgreSQL.
#include <core/db/auditstamp.h>
#include <tests/support/ctlprocess.h>
#include <tests/support/modelfixture.h>
#include <tests/support/testmacros.h>

#include <QTest>

using namespace Concord;
using namespace Concord::Test;
using namespace Qt::StringLiterals;

class tst_CtlAudit : public QObject
{
    Q_OBJECT

private:
    ModelFixture m_fixture;

    bool isSQLite() const { return m_fixture.backend() == Backend::SQLite; }

    CtlResult ctl(const QStringList &arguments)
    {
        return runCtl(QStringLiteral(CONCORD_CTL), arguments, m_fixture.database().addressText());
    }

    QVariant cell(const QString &table, int id, const QString &column) const
    {
        return m_fixture.scalar(u"SELECT %1 FROM %2 WHERE id = %3"_s.arg(column, table).arg(id));
    }

    // The child runs as this process's OS user, and connects as the same role.
    QString expectedUser() const
    {
        return isSQLite() ? currentUserName() : m_fixture.scalar(u"SELECT current_user"_s).toString();
    }

    bool stampedJustNow(const QString &table, int id, const QString &column = u"modified_at"_s) const
    {
        const QString sql = isSQLite() ? u"SELECT (julianday('now') - julianday(%1)) * 86400.0 FROM %2 WHERE id = %3"_s
                                       : u"SELECT extract(epoch FROM now() - %1) FROM %2 WHERE id = %3"_s;
        const QVariant age = m_fixture.scalar(sql.arg(column, table).arg(id));
        return !age.isNull() && age.toDouble() > -2 && age.toDouble() < 120;
    }

private Q_SLOTS:
    void initTestCase() { CONCORD_REQUIRE_BACKEND(); }

    void init()
    {
        QCOMPARE(m_fixture.create(), QString());
        const QString time = isSQLite() ? u"TEXT"_s : u"timestamp with time zone"_s;
        const QString error = m_fixture.exec({
            u"CREATE TABLE cards (id %1, title TEXT, modified_by TEXT, modified_at %2, version INTEGER)"_s.arg(m_fixture.autoKey(), time),
            u"INSERT INTO cards (title, modified_by, version) VALUES ('first', 'someone', 1)"_s,
            u"CREATE TABLE notes (id INTEGER PRIMARY KEY, body TEXT, changed_by TEXT, changed_on %1, version INTEGER)"_s.arg(time),
            u"INSERT INTO notes VALUES (1, 'a', NULL, NULL, 1)"_s,
        });
        QVERIFY2(error.isEmpty(), qPrintable(error));
    }

    void cleanup() { m_fixture.destroy(); }

    void setAndInsertNameTheUserAndTheTime()
    {
        const CtlResult set = ctl({u"set"_s, u"cards"_s, u"1"_s, u"--expect-version"_s, u"1"_s, u"title=renamed"_s});
        QCOMPARE(set.exitCode, 0);
        QCOMPARE(cell(u"cards"_s, 1, u"modified_by"_s).toString(), expectedUser());
        QVERIFY(stampedJustNow(u"cards"_s, 1));

        const CtlResult insert = ctl({u"insert"_s, u"cards"_s, u"title=added"_s});
        QCOMPARE(insert.exitCode, 0);
        const int added = m_fixture.scalar(u"SELECT id FROM cards WHERE title = 'added'"_s).toInt();
        QCOMPARE(cell(u"cards"_s, added, u"modified_by"_s).toString(), expectedUser());
        QVERIFY(stampedJustNow(u"cards"_s, added));
    }

    void handWrittenAuditValuesAreRefused()
    {
        const CtlResult set = ctl({u"set"_s, u"cards"_s, u"1"_s, u"--expect-version"_s, u"1"_s, u"title=x"_s,
                                   u"modified_by=mallory"_s});
        QCOMPARE(set.exitCode, 2);
        QVERIFY2(set.err.contains(u"modified_by records who changed the row"_s), qPrintable(set.err));
        QCOMPARE(cell(u"cards"_s, 1, u"title"_s).toString(), u"first"_s);
        const CtlResult insert = ctl({u"insert"_s, u"cards"_s, u"title=y"_s, u"modified_at=2001-01-01"_s});
        QCOMPARE(insert.exitCode, 2);
        QCOMPARE(m_fixture.scalar(u"SELECT count(*) FROM cards"_s).toInt(), 1);
    }

    void auditCommandShowsAndRecordsTheColumns()
    {
        // Given notes, whose columns have other names: automatic finds none
        CtlResult shown = ctl({u"audit"_s, u"notes"_s});
        QCOMPARE(shown.exitCode, 0);
        QCOMPARE(shown.out, u"notes\tby=-\tat=-\tautomatic\n"_s);
        QCOMPARE(ctl({u"audit"_s, u"cards"_s}).out, u"cards\tby=modified_by\tat=modified_at\tautomatic\n"_s);

        // When they are recorded, then a set fills them
        const CtlResult recorded = ctl({u"audit"_s, u"notes"_s, u"--by"_s, u"changed_by"_s, u"--at"_s, u"changed_on"_s});
        QCOMPARE(recorded.exitCode, 0);
        QCOMPARE(recorded.out, u"notes\tby=changed_by\tat=changed_on\trecorded\n"_s);
        QCOMPARE(ctl({u"set"_s, u"notes"_s, u"1"_s, u"--expect-version"_s, u"1"_s, u"body=b"_s}).exitCode, 0);
        QCOMPARE(cell(u"notes"_s, 1, u"changed_by"_s).toString(), expectedUser());
        QVERIFY(stampedJustNow(u"notes"_s, 1, u"changed_on"_s));

        // When audit is off, then a set fills nothing; --auto brings the default back
        QCOMPARE(ctl({u"audit"_s, u"cards"_s, u"--off"_s}).out, u"cards\tby=-\tat=-\toff\n"_s);
        QCOMPARE(ctl({u"set"_s, u"cards"_s, u"1"_s, u"--expect-version"_s, u"1"_s, u"title=quiet"_s}).exitCode, 0);
        QCOMPARE(cell(u"cards"_s, 1, u"modified_by"_s).toString(), u"someone"_s);
        QCOMPARE(ctl({u"audit"_s, u"cards"_s, u"--auto"_s}).out, u"cards\tby=modified_by\tat=modified_at\tautomatic\n"_s);

        // And a column the table lacks, or the version, is a usage error that records nothing
        const CtlResult bad = ctl({u"audit"_s, u"notes"_s, u"--by"_s, u"nope"_s});
        QCOMPARE(bad.exitCode, 2);
        QVERIFY2(bad.err.contains(u"no column nope"_s), qPrintable(bad.err));
        QCOMPARE(ctl({u"audit"_s, u"notes"_s, u"--at"_s, u"version"_s}).exitCode, 2);
        QCOMPARE(ctl({u"audit"_s, u"notes"_s, u"--off"_s, u"--auto"_s}).exitCode, 2);
        QCOMPARE(ctl({u"audit"_s, u"notes"_s}).out, u"notes\tby=changed_by\tat=changed_on\trecorded\n"_s);
    }

    void auditCommandKeepsTheTriggerUpToDate()
    {
        // Given cards versioned by triggers, which stamp outside writes
        QCOMPARE(ctl({u"apply"_s, u"cards"_s, u"--policy"_s, u"trigger"_s}).exitCode, 0);
        // When the time column is taken out of the audit, then the trigger is replaced with it
        const CtlResult changed = ctl({u"audit"_s, u"cards"_s, u"--at"_s, QString()});
        QCOMPARE(changed.exitCode, 0);
        QVERIFY2(changed.out.contains(u"replaced trigger"_s), qPrintable(changed.out));
        const CtlResult list = ctl({u"triggers"_s, u"list"_s, u"cards"_s});
        QVERIFY2(list.out.contains(u"up to date"_s), qPrintable(list.out));
        // And an outside write no longer sets the time
        QVERIFY(m_fixture.exec({u"UPDATE cards SET title = 'raw' WHERE id = 1"_s}).isEmpty());
        QVERIFY(cell(u"cards"_s, 1, u"modified_at"_s).isNull());
        QCOMPARE(cell(u"cards"_s, 1, u"version"_s).toInt(), 2);
    }
};

QTEST_GUILESS_MAIN(tst_CtlAudit)
#include "tst_ctlaudit.moc"
