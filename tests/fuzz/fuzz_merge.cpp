// SPDX-License-Identifier: MIT
// SPDX-FileCopyrightText: 2026 Concord developers
//
// The three-way merge classifies any values drivers hand back: it must never crash, a field where
// only one side changed must merge by itself, and taking one side everywhere must resolve all.
#include "fuzzinput.h"

#include <core/merge/threewaymerge.h>

#include <QSqlField>
#include <QSqlRecord>

using namespace Concord;

namespace {

const QMetaType::Type types[] = {QMetaType::Int,     QMetaType::LongLong, QMetaType::Double,    QMetaType::Bool,
                                 QMetaType::QString, QMetaType::QDate,    QMetaType::QDateTime, QMetaType::QByteArray};

QVariant valueFrom(Fuzz::FuzzInput &input)
{
    switch (input.byte() % 5) {
    case 0:
        return QVariant(); // NULL
    case 1:
        return QVariant(qlonglong(int8_t(input.byte())));
    case 2:
        return QVariant(double(int8_t(input.byte())) / 4);
    case 3:
        return QVariant(input.bytes(16));
    default:
        return QVariant(input.text(24));
    }
}

} // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    Fuzz::FuzzInput input(data, size);
    QSqlRecord base, mine, theirs;
    const int fieldCount = 1 + input.byte() % 6;
    for (int i = 0; i < fieldCount; ++i) {
        const QSqlField field(QStringLiteral("f%1").arg(i), QMetaType(types[input.byte() % std::size(types)]));
        for (QSqlRecord *record : {&base, &mine, &theirs}) {
            record->append(field);
            record->setValue(i, valueFrom(input));
        }
    }
    const bool theirsDeleted = input.byte() % 8 == 0;
    auto merged = ThreeWayMerge::merge(base, mine, theirs, theirsDeleted);
    if (!merged)
        Fuzz::fail("a merge of well-formed records failed");
    MergeResult result = merged.value();
    result.resolveAll(ResultSource::Mine);
    if (result.unresolvedCount() != 0)
        Fuzz::fail("taking mine everywhere left a conflict open");
    (void)result.record(base);
    return 0;
}
