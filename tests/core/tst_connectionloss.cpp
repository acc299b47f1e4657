// SPDX-License-Identifier: MIT
// SPDX-FileCopyrightText: 2026 Concord developers
//
// A save on a connection the server has dropped fails, says why, and keeps every edit pending:
// nothing is reported saved that was not (issue #10, "nothing is lost"). PostgreSQL, where the
// server can end a session under a client.
#include <core/model/versionedtablemodel.h>
#include <tests/support/modelfixture.h>
#include <tests/support/testmacros.h>

#include <QSqlError>
#include <QSqlQuery>
#include <QTest>

using namespace Concord;
using namespace Concord::Test;
using namespace Qt::StringLiterals;

class tst_ConnectionLoss : public QObject
{
    Q_OBJECT

private:
    ModelFixture m_fixture;

    // Ends the server session behind \a db, as a restart or an administrator would.
    void dropSession(const QSqlDatabase &db)
    {
        QSqlQuery query(db);
        QVERIFY(query.exec(u"SELECT pg_backend_pid()"_s) && query.next());
        const int pid = query.value(0).toInt();
        query = QSqlQuery();
        QCOMPARE(m_fixture.exec({u"SELECT pg_terminate_backend(%1)"_s.arg(pid)}), QString());
    }

private Q_SLOTS:
    void initTestCase()
    {
        CONCORD_REQUIRE_BACKEND();
        if (backendUnderTest() != Backend::PostgreSQL)
            QSKIP("the server ending a session is a PostgreSQL case");
    }
    void init() { QCOMPARE(m_fixture.create(), QString()); }
    void cleanup() { m_fixture.destroy(); }

    void saveOnADroppedConnectionKeepsEveryEdit_data()
    {
        QTest::addColumn<QString>("edit");
        QTest::addColumn<int>("pending");
        QTest::addRow("update") << u"update"_s << 1;
        QTest::addRow("delete") << u"delete"_s << 1;
        QTest::addRow("insert") << u"insert"_s << 1;
        QTest::addRow("two updates") << u"two"_s << 2;
    }
    void saveOnADroppedConnectionKeepsEveryEdit()
    {
        QFETCH(QString, edit);
        QFETCH(int, pending);
        // Given edits pending in a model whose server session then ends
        auto model = m_fixture.load(m_fixture.a());
        model->setSubmitPolicy(VersionedTableModel::SubmitPolicy::SaveOthers);
        if (edit == u"update"_s || edit == u"two"_s)
            QVERIFY(ModelFixture::edit(*model, 0, u"qty"_s, 77));
        if (edit == u"two"_s)
            QVERIFY(ModelFixture::edit(*model, 2, u"qty"_s, 78));
        if (edit == u"delete"_s)
            QVERIFY(model->removeRows(1, 1));
        if (edit == u"insert"_s) {
            QVERIFY(model->insertRows(model->rowCount(), 1));
            QVERIFY(ModelFixture::edit(*model, model->rowCount() - 1, u"name"_s, u"new"_s));
        }
        dropSession(model->database());

        // When the user saves
        const bool saved = model->submitAll();

        // Then the save fails with the server's reason, nothing counts as saved, every edit stays
        QVERIFY(!saved);
        QCOMPARE(model->lastSubmitReport().saved, 0);
        QVERIFY(!model->lastError().text().trimmed().isEmpty());
        QCOMPARE(int(model->pendingRows().size()), pending);
        QCOMPARE(m_fixture.scalar(u"SELECT count(*) FROM items"_s).toInt(), 4);
        QCOMPARE(m_fixture.scalar(u"SELECT qty FROM items WHERE id = 1"_s).toInt(), 1);
    }
};

QTEST_GUILESS_MAIN(tst_ConnectionLoss)
#include "tst_connectionloss.moc"
