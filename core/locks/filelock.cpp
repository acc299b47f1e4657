// SPDX-License-Identifier: MIT
// SPDX-FileCopyrightText: 2026 Concord developers
#include "filelock.h"

#include <core/text.h>

#include <QCoreApplication>
#include <QDeadlineTimer>
#include <QFile>
#include <QFileInfo>
#include <QLockFile>
#include <QSaveFile>
#include <QThread>

using namespace Qt::StringLiterals;

namespace Concord {

CONCORD_TRANSLATION_CONTEXT("Concord::FileLock")

FileLock::FileLock(const QString &protectedPath)
    : m_path(protectedPath)
    , m_file(std::make_unique<QLockFile>(lockFilePath(protectedPath)))
{
    m_file->setStaleLockTime(0);
}

FileLock::~FileLock()
{
    if (m_depth > 0)
        m_file->unlock();
}

QString FileLock::lockFilePath(const QString &protectedPath)
{
    return protectedPath + ".lock"_L1;
}

QString FileLock::lockFilePath() const
{
    return lockFilePath(m_path);
}

void FileLock::setStaleLockTime(int ms)
{
    m_file->setStaleLockTime(ms);
}

LockResult FileLock::tryLock()
{
    if (m_depth > 0) {
        LockGrant grant = m_grant;
        grant.depth = ++m_depth;
        return grant;
    }
    // QLockFile removes a stale file by itself before giving up.
    if (m_file->tryLock(0)) {
        m_depth = 1;
        m_grant = LockGrant{m_path, LockMode::Exclusive, bumpGeneration(), QDateTime::currentDateTimeUtc(), 1};
        return m_grant;
    }
    switch (m_file->error()) {
    case QLockFile::LockFailedError: {
        QList<LockHolder> holders;
        if (auto current = holder())
            holders << current.value();
        return LockResult(lockHeldError(m_path, holders), holders);
    }
    case QLockFile::PermissionError:
        return LockResult(makeError(ErrorCode::InvalidArgument,
                                    tr("No permission to create %1.").arg(lockFilePath())));
    default:
        return LockResult(makeError(ErrorCode::NotFound, tr("Cannot create %1.").arg(lockFilePath())));
    }
}

LockResult FileLock::lock(int timeoutMs)
{
    const QDeadlineTimer deadline = timeoutMs < 0 ? QDeadlineTimer(QDeadlineTimer::Forever)
                                                  : QDeadlineTimer(timeoutMs);
    int pauseMs = 10;
    for (;;) {
        if (m_cancelled.load())
            return LockResult(makeError(ErrorCode::Cancelled, tr("Waiting for %1 was cancelled.").arg(lockFilePath())));
        LockResult result = tryLock();
        if (result || result.error().code != ErrorCode::LockHeld || deadline.hasExpired())
            return result;
        QDeadlineTimer pause(pauseMs);
        while (!pause.hasExpired() && !deadline.hasExpired() && !m_cancelled.load())
            QThread::msleep(10);
        pauseMs = qMin(pauseMs * 2, 250);
    }
}

void FileLock::unlock()
{
    if (m_depth == 0)
        return;
    if (--m_depth == 0)
        m_file->unlock();
}

Result<LockHolder> FileLock::holder() const
{
    LockHolder holder;
    const QString path = lockFilePath();
    if (!m_file->getLockInfo(&holder.processId, &holder.host, &holder.application))
        return makeError(ErrorCode::NotFound, tr("%1 is not locked.").arg(m_path));
    holder.name = m_path;
    holder.since = QFileInfo(path).lastModified().toUTC();
    holder.generation = m_depth > 0 ? m_grant.generation : 0;
    return holder;
}

bool FileLock::removeStaleLockFile()
{
    return m_depth == 0 && m_file->removeStaleLockFile();
}

qint64 FileLock::bumpGeneration()
{
    // Only the holder writes the counter, so read, increment and replace is race-free.
    const QString counterPath = lockFilePath() + ".generation"_L1;
    qint64 generation = 0;
    QFile in(counterPath);
    if (in.open(QIODevice::ReadOnly))
        generation = in.readAll().trimmed().toLongLong();
    ++generation;
    QSaveFile out(counterPath);
    if (out.open(QIODevice::WriteOnly)) {
        out.write(QByteArray::number(generation) + '\n');
        out.commit();
    }
    return generation;
}

} // namespace Concord
