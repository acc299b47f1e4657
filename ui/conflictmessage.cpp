// SPDX-License-Identifier: MIT
// SPDX-FileCopyrightText: 2026 Concord developers
#include "conflictmessage.h"

#include <core/plural.h>

#include <QCoreApplication>

namespace Concord {

namespace {

constexpr int listedRecords = 5;

QString tr(const char *text)
{
    return QCoreApplication::translate("Concord::ConflictMessage", text);
}

} // namespace

QString conflictMessageText(const QList<RecordModifiedError> &conflicts)
{
    QStringList paragraphs;
    for (int i = 0; i < conflicts.size() && i < listedRecords; ++i)
        paragraphs << conflicts.at(i).describe();
    if (conflicts.size() > listedRecords)
        paragraphs << countText(conflicts.size() - listedRecords, tr("…and %1 more record."), tr("…and %1 more records."));
    paragraphs << tr("Nothing of yours was lost: your edits are still in the grid, marked in red.");
    return paragraphs.join(QStringLiteral("\n\n"));
}

} // namespace Concord
