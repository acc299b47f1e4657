// SPDX-License-Identifier: MIT
// SPDX-FileCopyrightText: 2026 Concord developers
//
// valueFromText() reads what people type for every column kind: it must never crash, and a value
// it accepts must compare equal to itself and to its own canonical form.
#include "fuzzinput.h"

#include <core/values/valuecomparison.h>
#include <core/values/valuefromtext.h>

using namespace Concord;

extern "C" int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    Fuzz::FuzzInput input(data, size);
    const ValueKind kind = ValueKind(input.byte() % (int(ValueKind::Blob) + 1));
    const QString text = input.text(200);
    const auto value = valueFromText(text, kind, QStringLiteral("col"));
    if (!value) {
        if (value.error().code != ErrorCode::InvalidValue || value.error().message.isEmpty())
            Fuzz::fail("a refusal without InvalidValue and a message");
        return 0;
    }
    if (value.value().isNull())
        Fuzz::fail("text became NULL");
    if (!sameValue(value.value(), value.value(), kind))
        Fuzz::fail("a value differs from itself");
    const QVariant canonical = typedValue(value.value(), kind);
    if (canonical.isValid() && kind != ValueKind::Decimal && !sameValue(value.value(), canonical, kind))
        Fuzz::fail("a value differs from its canonical form");
    // Comparing against arbitrary other text must not crash either.
    (void)sameValue(value.value(), input.text(50), kind);
    return 0;
}
