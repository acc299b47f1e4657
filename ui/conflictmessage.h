// SPDX-License-Identifier: MIT
// SPDX-FileCopyrightText: 2026 Concord developers
#pragma once

#include <core/recordmodifiederror.h>

#include <QList>

namespace Concord {

/// The text that tells the user which records others changed, which fields, and that their own
/// edits are still there: one paragraph per record (at most a handful, then a count).
QString conflictMessageText(const QList<RecordModifiedError> &conflicts);

} // namespace Concord
