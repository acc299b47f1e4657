// SPDX-License-Identifier: MIT
// SPDX-FileCopyrightText: 2026 Concord developers
#include "tablelock.h"

using namespace Qt::StringLiterals;

namespace Concord {

QString tableLockName(const QString &table)
{
    return u"table:"_s + table;
}

} // namespace Concord
