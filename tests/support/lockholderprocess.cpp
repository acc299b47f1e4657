// SPDX-License-Identifier: MIT
// SPDX-FileCopyrightText: 2026 Concord developers
#include "lockholderprocess.h"

#include <QDeadlineTimer>

namespace Concord::Test {

LockHolderProcess::LockHolderProcess(const QString &program)
    : m_program(program)
{
    m_process.setProcessChannelMode(QProcess::ForwardedErrorChannel);
}

LockHolderProcess::~LockHolderProcess()
{
    if (m_process.state() != QProcess::NotRunning)
        kill();
}

bool LockHolderProcess::start(const QStringList &arguments)
{
    m_process.start(m_program, arguments);
    return m_process.waitForStarted(10000);
}

QString LockHolderProcess::nextLine(int timeoutMs)
{
    const QDeadlineTimer deadline(timeoutMs);
    for (;;) {
        const int newline = m_buffer.indexOf('\n');
        if (newline >= 0) {
            const QString line = QString::fromUtf8(m_buffer.left(newline)).trimmed();
            m_buffer.remove(0, newline + 1);
            return line;
        }
        if (deadline.hasExpired())
            return {};
        if (m_process.bytesAvailable() == 0 && !m_process.waitForReadyRead(int(qMax<qint64>(1, deadline.remainingTime())))) {
            if (m_process.state() == QProcess::NotRunning && m_process.bytesAvailable() == 0) {
                const QString rest = QString::fromUtf8(m_buffer).trimmed();
                m_buffer.clear();
                return rest;
            }
            continue;
        }
        m_buffer += m_process.readAll();
    }
}

QString LockHolderProcess::nextOutcome(int timeoutMs)
{
    const QDeadlineTimer deadline(timeoutMs);
    for (;;) {
        const QString line = nextLine(int(qMax<qint64>(1, deadline.remainingTime())));
        if (line != QLatin1String("waiting") || deadline.hasExpired())
            return line;
    }
}

qint64 LockHolderProcess::generationOf(const QString &line)
{
    if (!line.startsWith(QLatin1String("acquired ")))
        return -1;
    return line.mid(9).toLongLong();
}

QString LockHolderProcess::release(int timeoutMs)
{
    m_process.write("release\n");
    m_process.closeWriteChannel();
    QString last;
    const QDeadlineTimer deadline(timeoutMs);
    while (!deadline.hasExpired()) {
        const QString line = nextLine(int(qMax<qint64>(1, deadline.remainingTime())));
        if (line.isEmpty() && m_process.state() == QProcess::NotRunning)
            break;
        if (!line.isEmpty())
            last = line;
    }
    m_process.waitForFinished(int(qMax<qint64>(1, deadline.remainingTime())));
    return last;
}

void LockHolderProcess::kill()
{
    m_process.kill();
    m_process.waitForFinished(10000);
}

} // namespace Concord::Test
