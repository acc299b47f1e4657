// SPDX-License-Identifier: MIT
// SPDX-FileCopyrightText: 2026 Concord developers
//
// Live change notification (ChangeWatcher, VersionedTableModel::setLiveUpdates), on SQLite and
// PostgreSQL, with writers in this process and in others.
#include <core/db/changewatcher.h>
#include <core/versioning/versioning.h>
#include <tests/support/modelfixture.h>
#include <tests/support/testmacros.h>

#include <QProcess>
#include <QSignalSpy>
#include <QTest>

using namespace Concord;
using namespace Concord::Test;

class tst_LiveUpdates : public QObject
{
    Q_OBJECT

private:
    static constexpr int pollMs = 50;
    ModelFixture m_fixture;

    std::unique_ptr<VersionedTableModel> live()
    {
        auto model = m_fixture.load(m_fixture.a());
        model->setLiveUpdates(true, pollMs);
        return model;
    }

    void insertThroughB(const QString &name)
    {
        auto b = m_fixture.load(m_fixture.b());
        QVERIFY(b->insertRow(b->rowCount()));
        QVERIFY(ModelFixture::edit(*b, b->rowCount() - 1, QStringLiteral("name"), name));
        QVERIFY_SQL(*b, submitAll());
    }

private Q_SLOTS:
    void initTestCase() { CONCORD_REQUIRE_BACKEND(); }
    void init() { QCOMPARE(m_fixture.create(), QString()); }
    void cleanup() { m_fixture.destroy(); }

    void rowsOthersInsertShowUp()
    {
        auto a = live();
        QSignalSpy refreshed(a.get(), &VersionedTableModel::refreshed);
        insertThroughB(QStringLiteral("fig"));
        QTRY_COMPARE(a->rowCount(), 5);
        QCOMPARE(ModelFixture::value(*a, 4, QStringLiteral("name")).toString(), QStringLiteral("fig"));
        QCOMPARE(refreshed.count(), 1);
        QVERIFY(!a->isOutdated());
    }

    void writesFromAnotherProcessShowUp()
    {
        auto a = live();
        QProcess ctl;
        QProcessEnvironment environment = QProcessEnvironment::systemEnvironment();
        environment.insert(QStringLiteral("CONCORD_DB"), m_fixture.database().addressText());
        ctl.setProcessEnvironment(environment);
        ctl.start(QStringLiteral(CONCORD_CTL), {QStringLiteral("set"), QStringLiteral("items"), QStringLiteral("2"),
                                                QStringLiteral("--expect-version"), QStringLiteral("1"),
                                                QStringLiteral("note=from the shell")});
        QVERIFY(ctl.waitForFinished(30000));
        QCOMPARE(ctl.exitCode(), 0);
        QTRY_COMPARE(ModelFixture::value(*a, 1, QStringLiteral("note")).toString(), QStringLiteral("from the shell"));
        QCOMPARE(a->loadedVersion(1).toInt(), 2);
    }

    void outsideWritersAreSeenThroughTriggers()
    {
        VersioningConfig config;
        config.table = QStringLiteral("items");
        config.policy = VersionPolicy::Trigger;
        QVERIFY_RESULT(applyVersioning(m_fixture.a(), config));
        auto a = live();
        // A plain UPDATE, as psql or sqlite3 would send it
        QVERIFY(m_fixture.exec({QStringLiteral("UPDATE items SET qty = 42 WHERE id = 3")}).isEmpty());
        QTRY_COMPARE(ModelFixture::value(*a, 2, QStringLiteral("qty")).toInt(), 42);
        QCOMPARE(a->loadedVersion(2).toInt(), 2);
    }

    void pendingEditsWaitForTheirSave()
    {
        auto a = live();
        QSignalSpy resets(a.get(), &QAbstractItemModel::modelReset);
        QVERIFY(ModelFixture::edit(*a, 0, QStringLiteral("qty"), 10));
        insertThroughB(QStringLiteral("fig"));
        // The change is noted, but nothing typed is dropped by a re-read
        QTRY_VERIFY(a->isOutdated());
        QCOMPARE(resets.count(), 0);
        QCOMPARE(a->rowCount(), 4);
        QCOMPARE(ModelFixture::value(*a, 0, QStringLiteral("qty")).toInt(), 10);
        // Saving leaves nothing pending, so the table is re-read with the other user's row
        QVERIFY_SQL(*a, submitAll());
        QCOMPARE(a->rowCount(), 5);
        QVERIFY(!a->isOutdated());
        QCOMPARE(m_fixture.scalar(QStringLiteral("SELECT qty FROM items WHERE id = 1")).toInt(), 10);
    }

    void ownSavesDoNotTriggerARefresh()
    {
        auto a = live();
        QSignalSpy refreshed(a.get(), &VersionedTableModel::refreshed);
        QVERIFY(ModelFixture::edit(*a, 0, QStringLiteral("qty"), 10));
        QVERIFY_SQL(*a, submitAll());
        // Long enough for several polls and for a notification to come back
        QTest::qWait(10 * pollMs);
        QCOMPARE(refreshed.count(), 0);
        QVERIFY(!a->isOutdated());
    }

    void blockedRefreshWaitsUntilReleased()
    {
        auto a = live();
        bool editing = true;
        a->setRefreshBlocker([&editing] { return editing; });
        insertThroughB(QStringLiteral("fig"));
        QTRY_VERIFY(a->isOutdated());
        QCOMPARE(a->rowCount(), 4);
        editing = false;
        a->refreshIfIdle();
        QCOMPARE(a->rowCount(), 5);
    }

    void otherTablesAreIgnoredWhereTheDatabaseSays()
    {
        QVERIFY(m_fixture.exec({QStringLiteral("CREATE TABLE others (id INTEGER PRIMARY KEY, n INTEGER, version INTEGER)"),
                                QStringLiteral("INSERT INTO others VALUES (1, 1, 1)")}).isEmpty());
        auto a = live();
        QSignalSpy outdated(a.get(), &VersionedTableModel::outdatedChanged);
        QSignalSpy resets(a.get(), &QAbstractItemModel::modelReset);
        auto b = m_fixture.load(m_fixture.b(), QStringLiteral("others"));
        QVERIFY(ModelFixture::edit(*b, 0, QStringLiteral("n"), 2));
        QVERIFY_SQL(*b, submitAll());
        // PostgreSQL names the table; SQLite's data_version cannot, but the versions of the rows
        // in memory show that none of them changed
        QTest::qWait(10 * pollMs);
        QCOMPARE(outdated.count(), 0);
        QCOMPARE(resets.count(), 0);
    }
};

QTEST_GUILESS_MAIN(tst_LiveUpdates)
#include "tst_liveupdates.moc"
