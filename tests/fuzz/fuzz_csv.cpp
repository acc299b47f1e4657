// SPDX-License-Identifier: MIT
// SPDX-FileCopyrightText: 2026 Concord developers
//
// CSV files come from anywhere: the reader must never crash or loop, and must account for every
// byte (records with fields or an error, line numbers that only grow).
#include "fuzzinput.h"

#include <core/jobs/csvreader.h>

using namespace Concord;

extern "C" int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    const QByteArray bytes(reinterpret_cast<const char *>(data), qsizetype(size));
    const QList<CsvRecord> records = CsvReader::parse(bytes);
    int lastLine = 0;
    for (const CsvRecord &record : records) {
        if (record.line < lastLine)
            Fuzz::fail("line numbers went backwards");
        lastLine = record.line;
        if (record.fields.size() != record.quoted.size())
            Fuzz::fail("fields and their quoting disagree");
        if (record.fields.isEmpty() && record.error.isEmpty())
            Fuzz::fail("a record with no field and no error");
    }
    // A UTF-8 byte order mark alone is an empty file.
    const QByteArray content = bytes.startsWith("\xEF\xBB\xBF") ? bytes.mid(3) : bytes;
    if (!content.trimmed().isEmpty() && records.isEmpty() && !content.contains('\0'))
        Fuzz::fail("non-empty data gave no record at all");
    return 0;
}
