// SPDX-License-Identifier: MIT
// SPDX-FileCopyrightText: 2026 Concord developers
#include "fuzzinput.h"

#include <cstdio>
#include <cstdlib>

namespace Concord::Fuzz {

void fail(const char *what)
{
    std::fprintf(stderr, "invariant broken: %s\n", what);
    std::abort();
}

} // namespace Concord::Fuzz
