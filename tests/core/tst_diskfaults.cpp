// SPDX-License-Identifier: MIT
// SPDX-FileCopyrightText: 2026 Concord developers
//
// A SQLite database on a disk that fills up, or turns read-only, under pending edits: the save
// fails with a message that names the cause, every edit stays pending, and the database is intact
// (issue #10, faults). The disk is a small tmpfs this test mounts; without the right to mount
// (not root, no mount namespace) the whole test is skipped and says so.
#include <core/db/databaseaddress.h>
#include <core/errors.h>
#include <core/model/versionedtablemodel.h>
#include <tests/support/testmacros.h>

#include <QDir>
#include <QFile>
#include <QProcess>
#include <QSqlQuery>
#include <QTemporaryDir>
#include <QTest>

using namespace Concord;
using namespace Qt::StringLiterals;

class tst_DiskFaults : public QObject
{
    Q_OBJECT

private:
    QTemporaryDir m_parent;
    QString m_mount;
    QString m_connection;

    static bool run(const QStringList &command)
    {
        QProcess process;
        process.start(command.first(), command.mid(1));
        return process.waitForFinished(10000) && process.exitStatus() == QProcess::NormalExit && process.exitCode() == 0;
    }

    QString path() const { return m_mount + u"/data.sqlite"_s; }

    // A table of 20 rows in a fresh database on the small disk, opened for editing; with
    // \a readOnly the disk is turned read-only between the two (a mount with a file open for
    // writing cannot be).
    std::unique_ptr<VersionedTableModel> openModel(bool readOnly = false)
    {
        const QString setup = connectionNameFor(u"setup"_s);
        {
            OpenOptions options;
            options.createIfMissing = true;
            auto db = openDatabase(DatabaseAddress::parse(path()).value(), setup, options);
            if (!db)
                return {};
            QSqlQuery query(db.value());
            query.exec(u"CREATE TABLE notes (id INTEGER PRIMARY KEY, body TEXT, version INTEGER NOT NULL DEFAULT 1)"_s);
            for (int id = 1; id <= 20; ++id)
                query.exec(u"INSERT INTO notes (id, body) VALUES (%1, 'note %1')"_s.arg(id));
        }
        closeDatabase(setup);
        if (readOnly && !run({u"mount"_s, u"-o"_s, u"remount,ro"_s, m_mount}))
            return {};
        m_connection = connectionNameFor(u"disk"_s);
        auto db = openDatabase(DatabaseAddress::parse(path()).value(), m_connection);
        if (!db)
            return {};
        auto model = std::make_unique<VersionedTableModel>(nullptr, db.value());
        model->setTable(u"notes"_s);
        model->setSort(0, Qt::AscendingOrder);
        model->select();
        return model;
    }

    // The rows as another program finds them afterwards.
    int storedRows(const QString &where = {})
    {
        const QString name = connectionNameFor(u"check"_s);
        int count = -1;
        {
            auto db = openDatabase(DatabaseAddress::parse(path()).value(), name);
            QSqlQuery query(db ? db.value() : QSqlDatabase());
            if (db && query.exec(u"SELECT count(*) FROM notes "_s + where) && query.next())
                count = query.value(0).toInt();
        }
        closeDatabase(name);
        return count;
    }

private Q_SLOTS:
    void initTestCase()
    {
        QVERIFY(m_parent.isValid());
        m_mount = m_parent.filePath(u"disk"_s);
        QDir().mkpath(m_mount);
        if (!run({u"mount"_s, u"-t"_s, u"tmpfs"_s, u"-o"_s, u"size=640k"_s, u"tmpfs"_s, m_mount}))
            QSKIP("cannot mount a small tmpfs here (needs root or a mount namespace)");
    }

    void cleanupTestCase()
    {
        if (!m_mount.isEmpty())
            run({u"umount"_s, u"-l"_s, m_mount});
    }

    void cleanup()
    {
        closeDatabase(m_connection);
        run({u"mount"_s, u"-o"_s, u"remount,rw"_s, m_mount});
        QFile::remove(path());
        QFile::remove(m_mount + u"/filler"_s);
    }

    void aFullDiskKeepsTheEditAndSaysSo()
    {
        // Given pending edits far bigger than the space left on the disk
        auto model = openModel();
        QVERIFY(model && !model->tableName().isEmpty());
        const int free = 640 * 1024 - int(QFileInfo(path()).size()) - 64 * 1024;
        QFile filler(m_mount + u"/filler"_s);
        QVERIFY(filler.open(QIODevice::WriteOnly));
        filler.write(QByteArray(qMax(0, free), 'x'));
        filler.close();
        for (int row = 0; row < 5; ++row)
            QVERIFY(model->setData(model->index(row, 1), QString(100 * 1024, QChar(u'a' + row))));

        // When saving
        const bool saved = model->submitAll();

        // Then the save fails naming the full disk, the edits stay, and the database is intact
        QVERIFY(!saved);
        QVERIFY2(isDiskFull(model->lastError()), qPrintable(model->lastError().text()));
        QVERIFY2(describeSqlError(model->lastError()).contains(u"full"_s), qPrintable(describeSqlError(model->lastError())));
        QCOMPARE(model->pendingRows().size(), 5);
        model.reset();
        closeDatabase(m_connection);
        QFile::remove(m_mount + u"/filler"_s);
        QCOMPARE(storedRows(), 20);
        QCOMPARE(storedRows(u"WHERE body LIKE 'note %'"_s), 20);
    }

    void aReadOnlyDiskKeepsTheEditAndSaysSo()
    {
        // Given a database on a disk that is read-only (root is not stopped by file modes), and an edit
        auto model = openModel(true);
        QVERIFY(model && !model->tableName().isEmpty());
        QVERIFY(model->setData(model->index(0, 1), u"changed"_s));

        // When saving
        const bool saved = model->submitAll();

        // Then the save fails naming the cause, the edit stays, and nothing changed
        QVERIFY(!saved);
        QVERIFY2(isReadOnlyDatabase(model->lastError()) || !describeSqlError(model->lastError()).isEmpty(),
                 qPrintable(model->lastError().text()));
        QVERIFY2(describeSqlError(model->lastError()).contains(u"read"_s, Qt::CaseInsensitive),
                 qPrintable(describeSqlError(model->lastError())));
        QCOMPARE(model->pendingRows().size(), 1);
        model.reset();
        closeDatabase(m_connection);
        QCOMPARE(storedRows(u"WHERE body = 'changed'"_s), 0);
    }
};

QTEST_GUILESS_MAIN(tst_DiskFaults)
#include "tst_diskfaults.moc"
