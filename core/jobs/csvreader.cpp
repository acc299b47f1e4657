// SPDX-License-Identifier: MIT
// SPDX-FileCopyrightText: 2026 Concord developers
#include "csvreader.h"

#include <core/text.h>

#include <QBuffer>
#include <QCoreApplication>
#include <QIODevice>
#include <QStringDecoder>

using namespace Qt::StringLiterals;

namespace Concord {

CONCORD_TRANSLATION_CONTEXT("Concord::CsvReader")

namespace {

constexpr qint64 chunkSize = 64 * 1024;
constexpr int endOfData = -1;


// Decodes one field; the separators are ASCII, so splitting bytes before decoding is safe.
bool decode(const QByteArray &bytes, QString *text)
{
    QStringDecoder decoder(QStringDecoder::Utf8, QStringDecoder::Flag::Stateless); // a sequence cut short is an error too
    *text = decoder.decode(bytes);
    return !decoder.hasError();
}

} // namespace

CsvReader::CsvReader(QIODevice *device)
    : m_device(device)
{
}

bool CsvReader::fill()
{
    if (m_at < m_buffer.size())
        return true;
    if (m_eof)
        return false;
    m_buffer = m_device->read(chunkSize);
    m_at = 0;
    if (m_buffer.isEmpty()) {
        m_eof = true;
        if (!m_device->atEnd())
            m_readError = m_device->errorString();
        return false;
    }
    if (!m_bomChecked) {
        m_bomChecked = true;
        if (m_buffer.startsWith("\xEF\xBB\xBF")) {
            m_at = 3;
            m_consumed = 3;
        }
        return m_at < m_buffer.size() || fill();
    }
    return true;
}

int CsvReader::peek()
{
    return fill() ? static_cast<unsigned char>(m_buffer.at(m_at)) : endOfData;
}

int CsvReader::take()
{
    const int c = peek();
    if (c != endOfData) {
        ++m_at;
        ++m_consumed;
    }
    return c;
}

// Consumes the line break that \a c started (CRLF as one); true when \a c ends a record.
bool CsvReader::endOfRecord(int c)
{
    if (c == '\r') {
        if (peek() == '\n')
            take();
        ++m_line;
        return true;
    }
    if (c == '\n') {
        ++m_line;
        return true;
    }
    return c == endOfData;
}

void CsvReader::skipRestOfLine()
{
    // A malformed record cannot be trusted to say where its quotes end: resume at the next
    // physical line, so that one bad line costs one line.
    for (int c = take(); c != endOfData; c = take()) {
        if (endOfRecord(c))
            return;
    }
}

// Reads a quoted field after its opening quote, up to and including the closing one, with
// doubled quotes read as one; line breaks inside count as lines. False when the data ends first.
bool CsvReader::readQuoted(QByteArray &field)
{
    for (;;) {
        const int c = take();
        if (c == endOfData)
            return false;
        if (c == '"') {
            if (peek() != '"')
                return true;
            take();
        } else if (c == '\n' || (c == '\r' && peek() != '\n')) {
            ++m_line;
        }
        field.append(char(c));
    }
}

std::optional<CsvRecord> CsvReader::next()
{
    // Skip empty lines.
    while (peek() == '\r' || peek() == '\n')
        endOfRecord(take());
    if (peek() == endOfData)
        return std::nullopt;

    CsvRecord record;
    record.line = m_line;
    QByteArray field;
    bool quoted = false;
    const auto finishField = [&] {
        QString text;
        if (!decode(field, &text) && record.error.isEmpty())
            record.error = tr("field %1 is not valid UTF-8").arg(record.fields.size() + 1);
        record.fields << text;
        record.quoted << quoted;
        field.clear();
        quoted = false;
    };

    for (;;) {
        int c = take();
        if (c == '"' && field.isEmpty() && !quoted) {
            quoted = true;
            if (!readQuoted(field)) {
                record.error = tr("a quoted field is not closed before the end of the file");
                finishField();
                return record;
            }
            c = take();
            if (c != ',' && c != '\r' && c != '\n' && c != endOfData) {
                record.error = tr("unexpected text after a closing quote in field %1").arg(record.fields.size() + 1);
                finishField();
                skipRestOfLine();
                return record;
            }
        } else {
            while (c != ',' && c != '\r' && c != '\n' && c != endOfData) {
                if (c == '"') {
                    record.error = tr("a quote inside unquoted field %1 (quote the whole field and double the quote)")
                                       .arg(record.fields.size() + 1);
                    finishField();
                    skipRestOfLine();
                    return record;
                }
                field.append(char(c));
                c = take();
            }
        }
        finishField();
        if (c != ',' && endOfRecord(c))
            return record;
    }
}

QList<CsvRecord> CsvReader::parse(const QByteArray &data)
{
    QByteArray copy = data;
    QBuffer buffer(&copy);
    buffer.open(QIODevice::ReadOnly);
    CsvReader reader(&buffer);
    QList<CsvRecord> records;
    while (auto record = reader.next())
        records << *record;
    return records;
}

} // namespace Concord
