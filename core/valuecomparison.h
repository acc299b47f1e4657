// SPDX-License-Identifier: MIT
// SPDX-FileCopyrightText: 2026 Concord developers
#pragma once

#include <QVariant>

namespace Concord {

/// True when two database values mean the same thing: NULL equals only NULL (and differs from
/// an empty string), numbers compare by value whatever their C++ type (4 == 4.0 == "4" read
/// from a text-typed driver column), date-times compare as instants, blobs by content.
bool sameValue(const QVariant &a, const QVariant &b);

} // namespace Concord
