// SPDX-License-Identifier: MIT
// SPDX-FileCopyrightText: 2026 Concord developers
#include "answerdropproxy.h"

#include <QAtomicInt>
#include <QHostAddress>
#include <QMutex>
#include <QPointer>
#include <QTcpServer>
#include <QTcpSocket>
#include <QThread>
#include <QtEndian>

namespace Concord::Test {

/// The forwarding itself, on the proxy's thread. Settings change from the test's thread, so
/// they sit behind a mutex or in atomics.
class AnswerDropRelay : public QObject
{
public:
    bool listen(const QString &host, int port)
    {
        m_upstreamHost = host;
        m_upstreamPort = quint16(port);
        m_server = new QTcpServer(this);
        QObject::connect(m_server, &QTcpServer::newConnection, this, [this] { accept(); });
        if (!m_server->listen(QHostAddress::LocalHost, 0))
            return false;
        m_port.storeRelease(m_server->serverPort());
        return true;
    }

    void arm(const QByteArray &marker)
    {
        const QMutexLocker locker(&m_mutex);
        m_marker = marker;
    }

    QAtomicInt m_port = 0;
    QAtomicInt m_dropped = 0;
    QAtomicInt m_refuseAfterDrop = 0;

private:
    // One client connection and its upstream, with where the lost answer stands.
    struct Pair
    {
        QPointer<QTcpSocket> client;
        QPointer<QTcpSocket> server;
        QByteArray clientTail; ///< the last client bytes, for a marker split across reads
        bool swallowing = false;
        QByteArray held;       ///< server bytes after the marker, never relayed
    };

    void accept()
    {
        while (QTcpSocket *client = m_server->nextPendingConnection()) {
            client->setParent(this);
            if (m_dropped.loadAcquire() && m_refuseAfterDrop.loadAcquire()) {
                client->abort();
                client->deleteLater();
                continue;
            }
            auto pair = std::make_shared<Pair>();
            pair->client = client;
            pair->server = new QTcpSocket(this);
            QObject::connect(client, &QTcpSocket::readyRead, this, [this, pair] { fromClient(*pair); });
            QObject::connect(pair->server, &QTcpSocket::readyRead, this, [this, pair] { fromServer(*pair); });
            QObject::connect(client, &QTcpSocket::disconnected, this, [pair] { close(*pair); });
            QObject::connect(pair->server, &QTcpSocket::disconnected, this, [pair] { close(*pair); });
            pair->server->connectToHost(m_upstreamHost, m_upstreamPort);
            // Bytes the client sends before the upstream is up wait in the client's socket.
            QObject::connect(pair->server, &QTcpSocket::connected, this, [this, pair] { fromClient(*pair); });
        }
    }

    void fromClient(Pair &pair)
    {
        if (!pair.client || !pair.server || pair.server->state() != QAbstractSocket::ConnectedState)
            return;
        const QByteArray data = pair.client->readAll();
        if (data.isEmpty())
            return;
        QByteArray marker;
        {
            const QMutexLocker locker(&m_mutex);
            marker = m_marker;
        }
        if (!marker.isEmpty() && !pair.swallowing) {
            const QByteArray seen = pair.clientTail + data;
            if (seen.contains(marker)) {
                pair.swallowing = true;
                const QMutexLocker locker(&m_mutex);
                m_marker.clear(); // one answer lost, then the proxy forwards as before
            }
            pair.clientTail = seen.right(marker.size());
        }
        pair.server->write(data);
    }

    void fromServer(Pair &pair)
    {
        if (!pair.server)
            return;
        const QByteArray data = pair.server->readAll();
        if (!pair.swallowing) {
            if (pair.client)
                pair.client->write(data);
            return;
        }
        pair.held += data;
        if (answerComplete(pair.held)) {
            m_dropped.storeRelease(1);
            close(pair);
        }
    }

    // True when \a bytes (server messages from the start of one) hold a ReadyForQuery.
    static bool answerComplete(const QByteArray &bytes)
    {
        qsizetype at = 0;
        while (at + 5 <= bytes.size()) {
            const char type = bytes.at(at);
            const auto length = qFromBigEndian<quint32>(bytes.constData() + at + 1);
            if (type == 'Z')
                return true;
            at += 1 + qsizetype(length);
        }
        return false;
    }

    static void close(Pair &pair)
    {
        if (pair.client) {
            pair.client->abort();
            pair.client->deleteLater();
        }
        if (pair.server) {
            pair.server->abort();
            pair.server->deleteLater();
        }
    }

    QTcpServer *m_server = nullptr;
    QString m_upstreamHost;
    quint16 m_upstreamPort = 0;
    QMutex m_mutex;
    QByteArray m_marker;
};

AnswerDropProxy::AnswerDropProxy()
    : m_thread(std::make_unique<QThread>())
{
}

AnswerDropProxy::~AnswerDropProxy()
{
    if (m_relay)
        QMetaObject::invokeMethod(m_relay, [relay = m_relay] { delete relay; }, Qt::BlockingQueuedConnection);
    m_thread->quit();
    m_thread->wait();
}

bool AnswerDropProxy::start(const QString &host, int port)
{
    m_thread->start();
    bool listening = false;
    m_relay = new AnswerDropRelay;
    m_relay->moveToThread(m_thread.get());
    QMetaObject::invokeMethod(
        m_relay, [&] { listening = m_relay->listen(host, port); }, Qt::BlockingQueuedConnection);
    return listening;
}

int AnswerDropProxy::port() const
{
    return m_relay ? m_relay->m_port.loadAcquire() : 0;
}

void AnswerDropProxy::dropAnswerTo(const QByteArray &marker)
{
    m_relay->arm(marker);
}

void AnswerDropProxy::setRefuseAfterDrop(bool refuse)
{
    m_relay->m_refuseAfterDrop.storeRelease(refuse ? 1 : 0);
}

bool AnswerDropProxy::hasDropped() const
{
    return m_relay && m_relay->m_dropped.loadAcquire();
}

} // namespace Concord::Test
