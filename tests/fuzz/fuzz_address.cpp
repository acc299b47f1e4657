// SPDX-License-Identifier: MIT
// SPDX-FileCopyrightText: 2026 Concord developers
//
// The address parser takes text from command lines, settings and users: it must never crash,
// never accept a password, and print addresses that parse back to themselves.
#include "fuzzinput.h"

#include <core/db/databaseaddress.h>

using namespace Concord;

extern "C" int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    const QString text = QString::fromUtf8(reinterpret_cast<const char *>(data), qsizetype(size));
    const auto address = DatabaseAddress::parse(text);
    if (!address)
        return 0;
    if (address.value().options.contains(QStringLiteral("password")))
        Fuzz::fail("a password option was accepted");
    const auto again = DatabaseAddress::parse(address.value().toString());
    if (!again)
        Fuzz::fail("toString() of a parsed address does not parse");
    if (again.value().toString() != address.value().toString())
        Fuzz::fail("toString() does not round-trip");
    if (again.value().hosts() != address.value().hosts() || again.value().options != address.value().options)
        Fuzz::fail("the hosts or options of toString() differ from the parsed ones");
    return 0;
}
