// SPDX-License-Identifier: MIT
// SPDX-FileCopyrightText: 2026 Concord developers
//
// VersionedTableModel after a lost answer (issue #14): the rows whose write or COMMIT went out
// unanswered are read again on a new connection, and each is then saved, a conflict, or kept
// pending, never reported saved without proof nor failed when it was stored.
#include "versionedtablemodel.h"

#include <core/db/tableschema.h>
#include <core/errors.h>
#include <core/model/rowsubmitter.h>
#include <core/text.h>
#include <core/values/valuecomparison.h>
#include <core/versioning/uncertainwrite.h>
#include <core/versioning/versioningconfig.h>

namespace Concord {

namespace {

// What a re-read proved: a row found stored is adopted like any written row (the row as read is
// the row as stored), one someone else changed becomes a conflict. True when it was either; the
// other verdicts keep the edit pending, and are the caller's to count.
bool takeProvenOutcome(RowWrite write, const ResolvedWrite &resolved, const RowSubmitter &submitter, SubmitPass &pass)
{
    switch (resolved.resolution) {
    case WriteResolution::Stored:
        write.outcome = RowWrite::Outcome::Written;
        write.stored = resolved.current;
        write.storedFields.clear();
        pass.written << write;
        return true;
    case WriteResolution::ChangedByOther:
        pass.conflicts << submitter.conflictOf(write, resolved.current);
        return true;
    case WriteResolution::NotStored:
    case WriteResolution::Unchecked:
        break;
    }
    return false;
}

} // namespace

bool VersionedTableModel::settleUncertain(SubmitPass pass, const QSqlError &cause)
{
    const QString versionField = schema().versionColumn;
    int notStored = 0;
    int unchecked = 0;
    QString reason;
    for (RowWrite write : std::as_const(pass.uncertain)) {
        const UncertainWrite described = m_submitter->uncertainOf(write);
        const ResolvedWrite resolved = recheckUncertainWrite(database(), schema(), *versioning(), described);
        m_report.uncertain << UncertainRow{write.row, described.key, resolved.resolution,
                                           resolved.current.value(versionField), resolved.reason};
        if (takeProvenOutcome(write, resolved, *m_submitter, pass))
            continue;
        if (resolved.resolution == WriteResolution::NotStored) {
            ++notStored;
            continue;
        }
        ++unchecked;
        if (reason.isEmpty())
            reason = resolved.reason;
        if (!write.isInsert) // a pending insert has no key to find it by later
            m_unchecked.push_back(write);
    }
    pass.uncertain.clear();
    noteUncertainFailure(pass, notStored, unchecked, reason);
    m_report.failed = pass.failed;
    m_report.conflicted = int(pass.conflicts.size());
    const bool ok = finishSubmit(pass);
    if (notStored + unchecked > 0)
        m_lastErrorDetails = cause.text().trimmed(); // the driver's words, for a Details view
    return ok;
}

QList<VersionedTableModel::UncertainRow> VersionedTableModel::recheckUncertainRows()
{
    std::vector<RowWrite> waiting;
    waiting.swap(m_unchecked);
    QList<UncertainRow> checked;
    SubmitPass pass;
    for (RowWrite &write : waiting) {
        if (!m_submitter->hasTable() || !isStillAsSent(write))
            continue;
        const UncertainWrite described = m_submitter->uncertainOf(write);
        const ResolvedWrite resolved = recheckUncertainWrite(database(), schema(), *versioning(), described);
        checked << UncertainRow{write.row, write.key, resolved.resolution, resolved.current.value(schema().versionColumn),
                                resolved.reason};
        if (!takeProvenOutcome(write, resolved, *m_submitter, pass) && resolved.resolution == WriteResolution::Unchecked)
            m_unchecked.push_back(write);
    }
    if (!pass.written.isEmpty() || !pass.conflicts.isEmpty()) {
        const SubmitReport report = m_report; // the save's report stays what the save did
        finishSubmit(pass);
        m_report = report;
    }
    return checked;
}

bool VersionedTableModel::hasUncheckedRows() const
{
    return !m_unchecked.empty();
}

// The row still holds, pending, exactly the edit its lost save sent: only then does what the
// database holds say anything about it.
bool VersionedTableModel::isStillAsSent(const RowWrite &write) const
{
    if (write.row < 0 || write.row >= rowCount() || !isRowDirty(write.row) || isPendingInsert(write.row))
        return false;
    if (isDeleteRow(write.row) != write.isDelete)
        return false;
    const QSqlRecord key = primaryValues(write.row);
    for (int i = 0; i < write.key.count(); ++i) {
        if (!sameValue(key.value(write.key.fieldName(i)), write.key.value(i)))
            return false;
    }
    if (write.isDelete)
        return true;
    const QSqlRecord now = record(write.row);
    const QSqlRecord sent = m_submitter->writer().writtenFields(write.mine);
    for (int i = 0; i < sent.count(); ++i) {
        if (!sameValue(now.value(sent.fieldName(i)), sent.value(i)))
            return false;
    }
    return true;
}

// The save's reason when rows stay pending after a lost answer: what the re-read found, that the
// edits are kept, and what to do. Not stored is a lost connection like any other; not checked is
// OUTCOME_UNKNOWN.
void VersionedTableModel::noteUncertainFailure(SubmitPass &pass, int notStored, int unchecked, const QString &reason)
{
    pass.failed += notStored + unchecked;
    if (notStored + unchecked == 0 || pass.failure.isValid())
        return;
    if (unchecked > 0) {
        const QString count = countText(unchecked, tr("%1 record"), tr("%1 records"));
        pass.failure = concordSqlError(tr("The connection to the database was lost while saving, and whether %1 "
                                          "was stored could not be checked: %2. The edits are kept; once the "
                                          "connection is back, look at the record again (saving it again is safe: "
                                          "if it was stored, the save shows a conflict).")
                                           .arg(count, reason),
                                       QSqlError::ConnectionError, NativeError::OutcomeUnknown);
        return;
    }
    const QString count = countText(notStored, tr("%1 record was"), tr("%1 records were"));
    pass.failure = QSqlError(tr("The connection to the database was lost while saving. %1 read again on a new "
                                "connection: not stored. The edits are kept; save again once the connection is back.")
                                 .arg(count),
                             {}, QSqlError::ConnectionError, QStringLiteral("08006"));
}

} // namespace Concord
