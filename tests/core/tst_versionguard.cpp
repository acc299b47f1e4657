// SPDX-License-Identifier: MIT
// SPDX-FileCopyrightText: 2026 Concord developers
//
// Disabling checks (imports, repairs), shadow saves and the isChanged / currentVersion helpers,
// on SQLite and PostgreSQL. Numbers refer to the scenarios of shared/REFERENCE.md section 2.
#include <core/db/tableschema.h>
#include <core/versioning/versioning.h>
#include <core/versioning/versionguard.h>
#include <tests/support/modelfixture.h>
#include <tests/support/testmacros.h>

#include <QSqlField>
#include <QRegularExpression>
#include <QSqlQuery>
#include <QTest>

#include <atomic>
#include <thread>
#include <vector>

using namespace Concord;
using namespace Concord::Test;

class tst_VersionGuard : public QObject
{
    Q_OBJECT

private:
    ModelFixture m_fixture;
    int m_staleEdits = 0;

    QVariant scalar(const QString &sql) { return m_fixture.scalar(sql); }
    static bool edit(VersionedTableModel &model, int row, const QString &field, const QVariant &value)
    {
        return ModelFixture::edit(model, row, field, value);
    }

    /// Makes row 0 of a stale model in A: B saves it first. Returns A's model with an edit pending.
    std::unique_ptr<VersionedTableModel> staleEdit(const QString &table = QStringLiteral("items"), int row = 0)
    {
        auto a = m_fixture.load(m_fixture.a(), table);
        auto b = m_fixture.load(m_fixture.b(), table);
        edit(*b, row, QStringLiteral("note"), QStringLiteral("theirs %1").arg(++m_staleEdits));
        if (!b->submitAll())
            qWarning("B's save failed: %s", qPrintable(b->lastError().text()));
        edit(*a, row, QStringLiteral("qty"), 99 + m_staleEdits);
        return a;
    }

    static bool isClean(const QString &table = QStringLiteral("items"))
    {
        QSqlRecord key;
        const GuardState state = VersionGuard::stateFor(table, key);
        return !state.skipCheck && !state.noIncrement;
    }

private Q_SLOTS:
    void initTestCase() { CONCORD_REQUIRE_BACKEND(); }
    void init() { QCOMPARE(m_fixture.create(), QString()); }
    void cleanup()
    {
        m_fixture.destroy();
        QVERIFY(isClean()); // 26: no guard ever leaks out of a test
    }

    void tableGuardLetsStaleSaveThroughAndStillBumps()
    {
        // 23
        auto a = staleEdit();
        {
            const auto guard = VersionGuard::forTable(QStringLiteral("items"), GuardKind::SkipCheck);
            QVERIFY_SQL(*a, submitAll());
        }
        QCOMPARE(scalar(QStringLiteral("SELECT qty FROM items WHERE id = 1")).toInt(), 99 + m_staleEdits);
        QCOMPARE(scalar(QStringLiteral("SELECT version FROM items WHERE id = 1")).toInt(), 3);
        // 26: after the guard, a stale save raises again
        auto again = staleEdit();
        QVERIFY(!again->submitAll());
        QVERIFY(isRecordModified(again->lastError()));
    }

    void guardAsFunctionWrapper()
    {
        auto a = staleEdit();
        const bool saved = VersionGuard::wrap(VersionGuard::forTable(QStringLiteral("items"), GuardKind::SkipCheck),
                                              [&] { return a->submitAll(); });
        QVERIFY(saved);
        QVERIFY(isClean());
    }

    void globalGuardCoversEveryTable()
    {
        // 21: two tables, one guard
        QVERIFY(m_fixture.exec({QStringLiteral("CREATE TABLE others (id INTEGER PRIMARY KEY, qty INTEGER, note TEXT, "
                                               "version INTEGER NOT NULL DEFAULT 1)"),
                                QStringLiteral("INSERT INTO others VALUES (1, 1, 'x', 1)")}).isEmpty());
        auto first = staleEdit();
        auto second = staleEdit(QStringLiteral("others"));
        {
            const auto guard = VersionGuard::forEverything(GuardKind::SkipCheck);
            QVERIFY_SQL(*first, submitAll());
            QVERIFY_SQL(*second, submitAll());
        }
        auto third = staleEdit(QStringLiteral("others"));
        QVERIFY(!third->submitAll());
    }

    void rowGuardCoversOnlyItsRow()
    {
        // 24
        auto a = m_fixture.load(m_fixture.a());
        auto b = m_fixture.load(m_fixture.b());
        edit(*b, 0, QStringLiteral("note"), QStringLiteral("theirs"));
        edit(*b, 1, QStringLiteral("note"), QStringLiteral("theirs"));
        QVERIFY_SQL(*b, submitAll());
        a->setSubmitPolicy(VersionedTableModel::SubmitPolicy::SaveOthers);
        edit(*a, 0, QStringLiteral("qty"), 50);
        edit(*a, 1, QStringLiteral("qty"), 60);
        {
            const auto guard = VersionGuard::forRow(QStringLiteral("items"), keyOf(*a, 0), GuardKind::SkipCheck);
            QVERIFY(!a->submitAll());
        }
        QCOMPARE(scalar(QStringLiteral("SELECT qty FROM items WHERE id = 1")).toInt(), 50);
        QCOMPARE(scalar(QStringLiteral("SELECT qty FROM items WHERE id = 2")).toInt(), 2);
        QCOMPARE(a->conflicts().size(), 1);
        QCOMPARE(a->conflicts().value(0).row, 1);
    }

    void modelGuardCoversOnlyItsModel()
    {
        auto a = staleEdit();
        auto other = m_fixture.load(m_fixture.a());
        edit(*other, 0, QStringLiteral("qty"), 7); // also stale now
        {
            const auto guard = VersionGuard::forModel(*a, GuardKind::SkipCheck);
            QVERIFY_SQL(*a, submitAll());
            QVERIFY(!other->submitAll());
        }
    }

    void guardsNestAndRestoreAlsoAfterAFailedSave()
    {
        {
            const auto outer = VersionGuard::forTable(QStringLiteral("items"), GuardKind::SkipCheck);
            {
                const auto inner = VersionGuard::forTable(QStringLiteral("items"), GuardKind::SkipCheck);
                const auto shadow = VersionGuard::forEverything(GuardKind::NoIncrement);
                // A save that fails inside the guards (NOT NULL) must not disturb them
                auto a = m_fixture.load(m_fixture.a());
                edit(*a, 0, QStringLiteral("name"), QVariant());
                QVERIFY(!a->submitAll());
                QVERIFY(!isRecordModified(a->lastError()));
            }
            const GuardState state = VersionGuard::stateFor(QStringLiteral("items"), {});
            QVERIFY(state.skipCheck);
            QVERIFY(!state.noIncrement);
        }
        QVERIFY(isClean());
    }

    void guardOnAnotherTableChangesNothingHere()
    {
        // 22: a guard on an unversioned (here: nonexistent) table is a no-op for everything else
        const auto guard = VersionGuard::forTable(QStringLiteral("not_versioned"), GuardKind::SkipCheck);
        auto a = staleEdit();
        QVERIFY(!a->submitAll());
    }

    void checkedTableGuardLetsStaleSaveThrough()
    {
        // Given a stale edit of an existing table
        auto a = staleEdit();
        {
            // When a guard checked against the database covers the save
            const auto guard = VersionGuard::forTable(m_fixture.a(), QStringLiteral("items"), GuardKind::SkipCheck);
            QVERIFY_RESULT(guard);
            QVERIFY(!isClean());
            QVERIFY_SQL(*a, submitAll());
        }
        // Then the save went through and bumped the version, and the guard is gone with its scope
        QCOMPARE(scalar(QStringLiteral("SELECT qty FROM items WHERE id = 1")).toInt(), 99 + m_staleEdits);
        QCOMPARE(scalar(QStringLiteral("SELECT version FROM items WHERE id = 1")).toInt(), 3);
        QVERIFY(isClean());
    }

    void checkedTableGuardRefusesUnknownTable_data()
    {
        QTest::addColumn<QString>("table");
        QTest::addRow("misspelled") << QStringLiteral("itemz");
        QTest::addRow("SQL in the name") << QStringLiteral("items' OR '1' = '1");
        QTest::addRow("unknown schema") << QStringLiteral("nowhere.items");
    }
    void checkedTableGuardRefusesUnknownTable()
    {
        QFETCH(QString, table);
        // Given a name that matches no table
        // When a checked guard is asked for
        const auto guard = VersionGuard::forTable(m_fixture.a(), table, GuardKind::SkipCheck);
        // Then it is refused with NotFound and guards nothing
        QVERIFY(!guard);
        QCOMPARE(guard.error().code, ErrorCode::NotFound);
        QVERIFY(isClean(table));
        QVERIFY(isClean());
        auto a = staleEdit();
        QVERIFY(!a->submitAll());
        QVERIFY(isRecordModified(a->lastError()));
    }

    void checkedTableGuardNeedsAnOpenDatabase()
    {
        // Given a connection that is not open
        // When a checked guard is asked for, Then it is refused rather than guarding blindly
        const auto guard = VersionGuard::forTable(QSqlDatabase(), QStringLiteral("items"), GuardKind::SkipCheck);
        QVERIFY(!guard);
        QCOMPARE(guard.error().code, ErrorCode::InvalidArgument);
        QVERIFY(isClean());
    }

    void tableGuardThatMissedEveryWriteWarns()
    {
        // Given a name-only guard on a misspelled table
        QTest::ignoreMessage(QtWarningMsg, QRegularExpression(QStringLiteral("VersionGuard for table \"itemz\"")));
        {
            const auto guard = VersionGuard::forTable(QStringLiteral("itemz"), GuardKind::SkipCheck);
            // When a write to another table goes by while it lives
            auto a = m_fixture.load(m_fixture.a());
            QVERIFY(edit(*a, 0, QStringLiteral("qty"), 7));
            QVERIFY_SQL(*a, submitAll());
        }
        // Then its end logs a warning naming it (ignoreMessage fails the test otherwise)
    }

    void tableGuardThatGuardedOrSawNothingIsQuiet()
    {
        QTest::failOnWarning(QRegularExpression(QStringLiteral("VersionGuard")));
        // Given a guard that saw no write at all: nothing to say
        {
            const auto idle = VersionGuard::forTable(QStringLiteral("itemz"), GuardKind::SkipCheck);
        }
        // Given a guard whose table was written: it did its job
        {
            const auto guard = VersionGuard::forTable(QStringLiteral("items"), GuardKind::SkipCheck);
            auto a = m_fixture.load(m_fixture.a());
            QVERIFY(edit(*a, 0, QStringLiteral("qty"), 8));
            QVERIFY_SQL(*a, submitAll());
        }
        // Then neither warned
    }

    void shadowSavesKeepTheVersionButStillCheck()
    {
        // 25 and 6: insert gives 1, two saves inside keep 1, the next save after gives 2
        auto stale = staleEdit(); // made stale before the guard, when B's save still bumped
        auto a = m_fixture.load(m_fixture.a());
        const int row = a->rowCount();
        {
            const auto guard = VersionGuard::forTable(QStringLiteral("items"), GuardKind::NoIncrement);
            QVERIFY(a->insertRow(row));
            edit(*a, row, QStringLiteral("name"), QStringLiteral("fig"));
            QVERIFY_SQL(*a, submitAll());
            QCOMPARE(a->loadedVersion(row).toInt(), 1);
            edit(*a, row, QStringLiteral("qty"), 1);
            QVERIFY_SQL(*a, submitAll());
            edit(*a, row, QStringLiteral("qty"), 2);
            QVERIFY_SQL(*a, submitAll());
            QCOMPARE(scalar(QStringLiteral("SELECT version FROM items WHERE name = 'fig'")).toInt(), 1);
            // The check stays on: a stale shadow save still conflicts
            QVERIFY(!stale->submitAll());
            QVERIFY(isRecordModified(stale->lastError()));
        }
        edit(*a, row, QStringLiteral("qty"), 3);
        QVERIFY_SQL(*a, submitAll());
        QCOMPARE(scalar(QStringLiteral("SELECT version FROM items WHERE name = 'fig'")).toInt(), 2);
    }

    void shadowSaveIsRefusedWhenTriggersKeepVersions()
    {
        VersioningConfig config;
        config.table = QStringLiteral("items");
        config.policy = VersionPolicy::Trigger;
        QVERIFY_RESULT(applyVersioning(m_fixture.a(), config));
        auto a = m_fixture.load(m_fixture.a());
        const auto guard = VersionGuard::forModel(*a, GuardKind::NoIncrement);
        edit(*a, 0, QStringLiteral("qty"), 5);
        QVERIFY(!a->submitAll());
        QCOMPARE(a->lastError().nativeErrorCode(), QStringLiteral("NO_INCREMENT_WITH_TRIGGER"));
        QCOMPARE(scalar(QStringLiteral("SELECT qty FROM items WHERE id = 1")).toInt(), 1);
    }

    void processWideGuardsAreThreadSafe()
    {
        std::atomic<bool> sawGuard{false};
        std::vector<std::thread> threads;
        for (int t = 0; t < 4; ++t) {
            threads.emplace_back([&sawGuard, t] {
                for (int i = 0; i < 2000; ++i) {
                    const auto guard = VersionGuard::forTable(QStringLiteral("items"), GuardKind(t % 2));
                    const auto row = VersionGuard::forRow(QStringLiteral("items"), {}, GuardKind::SkipCheck);
                    if (VersionGuard::stateFor(QStringLiteral("items"), {}).skipCheck)
                        sawGuard = true;
                }
            });
        }
        for (std::thread &thread : threads)
            thread.join();
        QVERIFY(sawGuard);
        QVERIFY(isClean());
    }

    void isChangedAndCurrentVersion()
    {
        // 10, 11
        auto a = m_fixture.load(m_fixture.a());
        QCOMPARE(a->isChanged(0).value(), false);
        QCOMPARE(a->currentVersion(0).toInt(), 1);
        QVERIFY(m_fixture.exec({QStringLiteral("UPDATE items SET qty = 5, version = 2 WHERE id = 1"),
                                QStringLiteral("DELETE FROM items WHERE id = 2")}).isEmpty());
        QCOMPARE(a->isChanged(0).value(), true);
        QCOMPARE(a->currentVersion(0).toInt(), 2);
        QCOMPARE(a->isChanged(1).value(), true);
        QVERIFY(a->currentVersion(1).isNull());
        QCOMPARE(a->isChanged(2).value(), false);
        QVERIFY(a->insertRow(a->rowCount()));
        QVERIFY(!a->isChanged(a->rowCount() - 1).ok());
    }

private:
    static QSqlRecord keyOf(const VersionedTableModel &model, int row)
    {
        QSqlRecord key;
        for (const QString &column : model.schema().primaryKey) {
            QSqlField field = model.record().field(column);
            field.setValue(model.data(model.index(row, model.fieldIndex(column)), Qt::EditRole));
            key.append(field);
        }
        return key;
    }
};

QTEST_GUILESS_MAIN(tst_VersionGuard)
#include "tst_versionguard.moc"
