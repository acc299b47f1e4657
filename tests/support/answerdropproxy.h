// SPDX-License-Identifier: MIT
// SPDX-FileCopyrightText: 2026 Concord developers
#pragma once

#include <QByteArray>
#include <QString>

#include <memory>

class QThread;

namespace Concord::Test {

class AnswerDropRelay;

/// A TCP forwarder in front of the test PostgreSQL server, on a free port of 127.0.0.1, that can
/// lose a statement's answer the way a network or a dying server does: after the server has
/// done the statement. Armed with a marker (dropAnswerTo()), it forwards the client's bytes as
/// usual; once they contain the marker, it relays nothing more the server sends on that
/// connection and, when the server's ReadyForQuery ('Z') arrives (the statement, its COMMIT
/// included, is done), closes both ends. The client then sees "server closed the connection
/// unexpectedly" for a write the server committed.
///
/// It runs on a thread of its own, so that a client blocked in a statement on the test's thread
/// is still served. PostgreSQL's wire protocol only: each server message is a type byte and a
/// 4-byte length; the bytes after the marker start at a message (libpq waits for each answer).
class AnswerDropProxy
{
public:
    AnswerDropProxy();
    ~AnswerDropProxy();
    AnswerDropProxy(const AnswerDropProxy &) = delete;
    AnswerDropProxy &operator=(const AnswerDropProxy &) = delete;

    /// Listens and forwards to \a host : \a port; false when it cannot listen.
    bool start(const QString &host, int port);
    /// The port it listens on (0 before start()).
    int port() const;
    /// Loses the answer to the next client message containing \a marker (see the class).
    void dropAnswerTo(const QByteArray &marker);
    /// After the drop, new connections are closed at once: a re-read cannot reach the server.
    void setRefuseAfterDrop(bool refuse);
    /// True once an answer was lost.
    bool hasDropped() const;

private:
    std::unique_ptr<QThread> m_thread;
    AnswerDropRelay *m_relay = nullptr; ///< lives on m_thread
};

} // namespace Concord::Test
