// SPDX-License-Identifier: MIT
// SPDX-FileCopyrightText: 2026 Concord developers
//
// concordctl when the answer to its write is lost (issue #14, honest outcomes): the real program
// as a child process, on PostgreSQL, where a session can die between the write and its answer.
// It reads the row again on a new connection and reports what it found: stored (exit 0 with the
// version and a note), not stored (exit 1, nothing was written), changed by someone else (exit
// 3), or, when it cannot look, outcome unknown (exit 5) with what to run to look.
#include <core/db/databaseaddress.h>
#include <tests/support/answerdropproxy.h>
#include <tests/support/ctlprocess.h>
#include <tests/support/modelfixture.h>
#include <tests/support/testmacros.h>

#include <QTest>

using namespace Concord;
using namespace Concord::Test;
using namespace Qt::StringLiterals;

namespace {

const QString dieAtCommit = u"die-at-commit"_s;
const QString loseTheAnswer = u"lose-the-answer"_s;

} // namespace

class tst_CtlOutcome : public QObject
{
    Q_OBJECT

private:
    ModelFixture m_fixture;
    std::unique_ptr<AnswerDropProxy> m_proxy;

    CtlResult ctl(const QStringList &arguments, const QString &address)
    {
        return runCtl(QStringLiteral(CONCORD_CTL), arguments, address);
    }

    // The scratch database's address through a fresh AnswerDropProxy.
    QString proxiedAddress()
    {
        m_proxy = std::make_unique<AnswerDropProxy>();
        DatabaseAddress address = m_fixture.database().address();
        if (!m_proxy->start(address.host, address.port))
            return {};
        address.host = u"127.0.0.1"_s;
        address.port = m_proxy->port();
        return address.toString();
    }

    QString noteOf(int id) { return m_fixture.scalar(u"SELECT note FROM items WHERE id = %1"_s.arg(id)).toString(); }
    int versionOf(int id) { return m_fixture.scalar(u"SELECT version FROM items WHERE id = %1"_s.arg(id)).toInt(); }

    static QStringList setNote(const QString &note)
    {
        return {u"set"_s, u"items"_s, u"1"_s, u"--expect-version"_s, u"1"_s, u"note="_s + note};
    }

private Q_SLOTS:
    void initTestCase()
    {
        CONCORD_REQUIRE_BACKEND();
        if (backendUnderTest() != Backend::PostgreSQL)
            QSKIP("a write whose answer is lost is a PostgreSQL case");
    }
    void init() { QCOMPARE(m_fixture.create(), QString()); }
    void cleanup()
    {
        m_fixture.destroy();
        m_proxy.reset();
    }

    void aSetWhoseSessionDiesAtCommitSaysNothingWasWritten()
    {
        // Given a trigger that ends the writing session at COMMIT, before the commit is made
        QCOMPARE(m_fixture.exec({
                     u"CREATE FUNCTION die_at_commit() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN "
                     "IF NEW.note = '%1' THEN PERFORM pg_terminate_backend(pg_backend_pid()); PERFORM pg_sleep(30); "
                     "END IF; RETURN NULL; END $$"_s.arg(dieAtCommit),
                     u"CREATE CONSTRAINT TRIGGER die_at_commit AFTER UPDATE ON items DEFERRABLE INITIALLY DEFERRED "
                     "FOR EACH ROW EXECUTE FUNCTION die_at_commit()"_s,
                 }),
                 QString());

        // When concordctl sets the row
        const CtlResult set = ctl(setNote(dieAtCommit), m_fixture.database().addressText());

        // Then it looked again, and says plainly that nothing was written
        QCOMPARE(set.exitCode, 1);
        QVERIFY2(set.err.contains(u"connection"_s) && set.err.contains(u"nothing was written"_s), qPrintable(set.err));
        QVERIFY2(set.err.contains(u"version 1"_s), qPrintable(set.err));
        QVERIFY(set.out.isEmpty());
        QCOMPARE(noteOf(1), u"red"_s);
    }

    void aSetCommittedWhoseAnswerWasLostReportsTheVersionAndANote()
    {
        // Given a forwarder that loses the answer to the set, after the server committed it
        const QString address = proxiedAddress();
        QVERIFY(!address.isEmpty());
        m_proxy->dropAnswerTo(loseTheAnswer.toUtf8());

        // When concordctl sets the row through it
        const CtlResult set = ctl(setNote(loseTheAnswer), address);

        // Then it found the row stored: exit 0, the new version, and a note saying how it knows
        QVERIFY(m_proxy->hasDropped());
        QCOMPARE(set.exitCode, 0);
        QCOMPARE(set.out, u"2\n"_s);
        QVERIFY2(set.err.contains(u"connection"_s) && set.err.contains(u"is stored"_s), qPrintable(set.err));
        QCOMPARE(noteOf(1), loseTheAnswer);
        QCOMPARE(versionOf(1), 2);
    }

    void aSetWhoseOutcomeCannotBeCheckedExitsWithOutcomeUnknown()
    {
        // Given a forwarder that loses the answer and then lets nobody through
        const QString address = proxiedAddress();
        QVERIFY(!address.isEmpty());
        m_proxy->setRefuseAfterDrop(true);
        m_proxy->dropAnswerTo(loseTheAnswer.toUtf8());

        // When concordctl sets the row through it
        const CtlResult set = ctl(setNote(loseTheAnswer), address);

        // Then it claims neither: exit 5, what is known, and how to look
        QVERIFY(m_proxy->hasDropped());
        QCOMPARE(set.exitCode, 5);
        QVERIFY(set.out.isEmpty()); // never a version, never NULL
        QVERIFY2(set.err.contains(u"outcome unknown"_s), qPrintable(set.err));
        QVERIFY2(set.err.contains(u"concordctl get items 1"_s), qPrintable(set.err));
    }

    void aDeleteCommittedWhoseAnswerWasLostIsReportedDone()
    {
        // Given a row whose key is a bound value the forwarder can recognise
        QCOMPARE(m_fixture.exec({u"CREATE TABLE tags (code TEXT PRIMARY KEY, version INTEGER)"_s,
                                 u"INSERT INTO tags VALUES ('%1', 1)"_s.arg(loseTheAnswer)}),
                 QString());
        const QString address = proxiedAddress();
        QVERIFY(!address.isEmpty());
        m_proxy->dropAnswerTo(loseTheAnswer.toUtf8());

        // When concordctl deletes it, the server commits and the answer is lost
        const CtlResult removed = ctl({u"delete"_s, u"tags"_s, loseTheAnswer, u"--expect-version"_s, u"1"_s}, address);

        // Then the row is gone, which is what the delete wanted: exit 0 with a note
        QVERIFY(m_proxy->hasDropped());
        QCOMPARE(removed.exitCode, 0);
        QVERIFY2(removed.err.contains(u"is stored"_s), qPrintable(removed.err));
        QCOMPARE(m_fixture.scalar(u"SELECT count(*) FROM tags"_s).toInt(), 0);
    }

    void helpListsTheOutcomeUnknownExitCode()
    {
        const CtlResult help = ctl({u"--help"_s}, {});
        QCOMPARE(help.exitCode, 0);
        QVERIFY2(help.out.contains(u"5 outcome unknown"_s), qPrintable(help.out));
    }
};

QTEST_GUILESS_MAIN(tst_CtlOutcome)
#include "tst_ctloutcome.moc"
