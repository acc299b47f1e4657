// SPDX-License-Identifier: MIT
// SPDX-FileCopyrightText: 2026 Concord developers
#pragma once

#include <core/result.h>

#include <QList>
#include <QStringList>

class QIODevice;

namespace Concord {

/// One record of a CSV file.
struct CsvRecord
{
    QStringList fields;
    /// Per field: true when it was written in quotes. An empty unquoted field means NULL to an
    /// import, an empty quoted one ("") the empty string.
    QList<bool> quoted;
    qint64 line = 0;  ///< physical line (1-based) the record starts on; the header is line 1
    QString error;    ///< why the record is malformed; empty for a good one (fields then partial)

    bool isValid() const { return error.isEmpty(); }
};

/// Reads RFC 4180 CSV from a device, one record at a time, so that a large file is never held
/// in memory:
/// - fields separated by commas, records by CRLF or LF (a lone CR also ends a record);
/// - a field in double quotes may hold commas, CR, LF (kept as they are) and "" for one quote;
/// - UTF-8, with or without a byte order mark; invalid UTF-8 makes the record malformed;
/// - a quote inside an unquoted field, text after a closing quote, or a quote left open at the
///   end of the file make the record malformed (CsvRecord::error): the reader then skips to the
///   end of that physical line and goes on, so that a report can list every bad line;
/// - empty lines are skipped; a final line break is optional.
class CsvReader
{
public:
    /// Reads from \a device, which must be open and outlive the reader.
    explicit CsvReader(QIODevice *device);

    /// The next record, or std::nullopt at the end of the data (or on a read error: see
    /// errorString()).
    std::optional<CsvRecord> next();

    /// Bytes consumed so far, for progress (compare with the device's size()).
    qint64 position() const { return m_consumed; }
    /// A device read error; empty when none happened.
    QString errorString() const { return m_readError; }

    /// Parses all of \a data (for tests and small inputs).
    static QList<CsvRecord> parse(const QByteArray &data);

private:
    bool fill();
    int peek();
    int take();
    void skipRestOfLine();
    bool readQuoted(QByteArray &field);
    bool endOfRecord(int c);

    QIODevice *m_device;
    QByteArray m_buffer;
    qsizetype m_at = 0;
    qint64 m_consumed = 0;
    qint64 m_line = 1;
    bool m_bomChecked = false;
    bool m_eof = false;
    QString m_readError;
};

} // namespace Concord
