// SPDX-License-Identifier: MIT
// SPDX-FileCopyrightText: 2026 Concord developers
#pragma once

#include <QByteArray>
#include <QString>

#include <cstddef>
#include <cstdint>

namespace Concord::Fuzz {

/// Reads a fuzzer's bytes as a sequence of small decisions and strings, so that one input can
/// drive several calls. Running out of bytes gives zeros and empty strings.
class FuzzInput
{
public:
    FuzzInput(const uint8_t *data, size_t size) : m_data(reinterpret_cast<const char *>(data)), m_size(size) {}

    uint8_t byte() { return m_offset < m_size ? uint8_t(m_data[m_offset++]) : 0; }

    /// Up to \a maxBytes bytes as they are (may be invalid UTF-8, may hold NUL).
    QByteArray bytes(size_t maxBytes)
    {
        const size_t length = qMin<size_t>(byte() % (maxBytes + 1), m_size - m_offset);
        const QByteArray result(m_data + m_offset, qsizetype(length));
        m_offset += length;
        return result;
    }

    QString text(size_t maxBytes) { return QString::fromUtf8(bytes(maxBytes)); }
    bool atEnd() const { return m_offset >= m_size; }

private:
    const char *m_data;
    size_t m_size;
    size_t m_offset = 0;
};

/// Stops the fuzzer with a finding: a broken invariant is a crash like any other.
[[noreturn]] void fail(const char *what);

} // namespace Concord::Fuzz
