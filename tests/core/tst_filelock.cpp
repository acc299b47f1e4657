// SPDX-License-Identifier: MIT
// SPDX-FileCopyrightText: 2026 Concord developers
#include <core/locks/filelock.h>
#include <tests/support/lockholderprocess.h>
#include <tests/support/testmacros.h>

#include <QCoreApplication>
#include <QFile>
#include <QTemporaryDir>
#include <QTest>

using namespace Concord;
using namespace Concord::Test;
using namespace Qt::StringLiterals;

class tst_FileLock : public QObject
{
    Q_OBJECT

private:
    QTemporaryDir m_dir;
    QString m_path;

    std::unique_ptr<LockHolderProcess> startHolder(const QStringList &extra = {})
    {
        auto holder = std::make_unique<LockHolderProcess>(QStringLiteral(CONCORD_TEST_LOCKHOLDER));
        holder->start(QStringList{"file:"_L1 + m_path, u"-"_s} + extra);
        return holder;
    }

private Q_SLOTS:
    void init()
    {
        QVERIFY(m_dir.isValid());
        m_path = m_dir.filePath(u"export-%1.csv"_s.arg(QTest::currentTestFunction()));
    }

    void lockFileLivesBesideTheFile()
    {
        FileLock lock(m_path);
        QCOMPARE(lock.lockFilePath(), m_path + ".lock"_L1);
        QVERIFY_RESULT(lock.tryLock());
        QVERIFY(QFile::exists(m_path + ".lock"_L1));
        lock.unlock();
        QVERIFY(!QFile::exists(m_path + ".lock"_L1));
    }

    void otherProcessIsExcludedAndNamed()
    {
        // Given another process holding the file
        auto holder = startHolder();
        QCOMPARE(LockHolderProcess::generationOf(holder->nextOutcome()), 1);

        // Then this process is refused with the holder, and can see it
        FileLock lock(m_path);
        const LockResult result = lock.tryLock();
        QCOMPARE(result.error().code, ErrorCode::LockHeld);
        QCOMPARE(result.holders().size(), 1);
        QCOMPARE(result.holders().first().processId, holder->processId());
        // QLockFile records the holder's program name.
        QCOMPARE(result.holders().first().application, u"concord_test_lockholder"_s);
        QCOMPARE(result.holders().first().host, currentHostName());
        QVERIFY(result.holders().first().since.isValid());
        QCOMPARE(lock.lock(200).error().code, ErrorCode::LockHeld);

        // When it releases, the file is ours, with the next generation
        QCOMPARE(holder->release(), u"released"_s);
        const LockResult again = lock.tryLock();
        QVERIFY_RESULT(again);
        QCOMPARE(again.value().generation, 2);
        QCOMPARE(lock.holder().value().processId, QCoreApplication::applicationPid());
    }

    void waitingGetsTheFileWhenReleased()
    {
        auto holder = startHolder({u"--hold-ms"_s, u"500"_s});
        QCOMPARE(LockHolderProcess::generationOf(holder->nextOutcome()), 1);
        FileLock lock(m_path);
        QVERIFY_RESULT(lock.lock(30000));
        QCOMPARE(holder->nextLine(), u"released"_s);
    }

    void killedHolderIsDetectedAsStale()
    {
        // Given a holder on this machine that crashed, leaving its lock file behind
        auto holder = startHolder();
        QCOMPARE(LockHolderProcess::generationOf(holder->nextOutcome()), 1);
        holder->kill();
        QVERIFY(QFile::exists(m_path + ".lock"_L1));

        // Then the lock is taken over at once (the recorded process is gone), without waiting
        // for any age
        FileLock lock(m_path);
        const LockResult result = lock.tryLock();
        QVERIFY_RESULT(result);
        QCOMPARE(result.value().generation, 2);
    }

    void sameObjectStacksOtherObjectsAreExcluded()
    {
        FileLock lock(m_path);
        FileLock other(m_path);
        const LockResult first = lock.tryLock();
        QVERIFY_RESULT(first);
        const LockResult second = lock.tryLock();
        QVERIFY_RESULT(second);
        QCOMPARE(second.value().generation, first.value().generation);
        QCOMPARE(lock.depth(), 2);
        QCOMPARE(other.tryLock().error().code, ErrorCode::LockHeld);
        lock.unlock();
        QCOMPARE(other.tryLock().error().code, ErrorCode::LockHeld);
        lock.unlock();
        QVERIFY(!lock.isLocked());
        QVERIFY_RESULT(other.tryLock());
    }

    void cancelEndsAWait()
    {
        FileLock lock(m_path);
        FileLock other(m_path);
        QVERIFY_RESULT(lock.tryLock());
        other.cancel();
        QCOMPARE(other.lock(-1).error().code, ErrorCode::Cancelled);
    }
};

QTEST_GUILESS_MAIN(tst_FileLock)
#include "tst_filelock.moc"
