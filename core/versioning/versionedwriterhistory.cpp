// SPDX-License-Identifier: MIT
// SPDX-FileCopyrightText: 2026 Concord developers
//
// VersionedWriter and record history on SQLite: a trigger there cannot know the OS account of
// the writer (no users, and a TEMP table is out of a trigger's reach), so Concord's own writes
// sign the entry their statement made, in the same transaction (core/versioning/history.h).
#include "versionedwriter.h"

#include <core/db/auditstamp.h>
#include <core/db/databaseaddress.h>
#include <core/versioning/historysql.h>

#include <QLoggingCategory>
#include <QSqlQuery>

using namespace Qt::StringLiterals;

namespace Concord {

namespace {
Q_LOGGING_CATEGORY(lcHistory, "concord.history")
}

bool VersionedWriter::signsHistory(bool deletes)
{
    if (!isSQLite(m_db))
        return false;
    if (!m_historyStamp) {
        // Looked up once per writer: a writer made before history was enabled leaves its entries
        // unsigned (unknown), which is honest, and costs a save nothing.
        const auto target = History::Internal::sqliteStampTarget(m_db, m_schema.table);
        if (!target)
            return false;
        m_historyStamp = target.value();
    }
    if (m_historyStamp->isEmpty())
        return false;
    // With both audit columns the trigger reads who from the row Concord just stamped.
    return deletes || m_audit.byColumn.isEmpty() || m_audit.atColumn.isEmpty();
}

VersionedWriter::Outcome VersionedWriter::signedWrite(bool deletes, const std::function<Outcome()> &write)
{
    if (!signsHistory(deletes))
        return write();
    // Inside a transaction SQLite's write lock is held from the write to the commit, so the
    // newest entry is the write's own; outside one a savepoint makes that so.
    const bool open = isInTransaction();
    QSqlQuery control(m_db);
    if (!open && !control.exec(u"SAVEPOINT concord_history"_s))
        return write(); // unsigned rather than unsaved
    Outcome outcome = write();
    if (outcome == Outcome::Written) {
        BoundQuery *query = nullptr;
        if (run(History::Internal::stampStatement(*m_historyStamp), {currentUserName()}, &query)) {
            query->finish();
        } else {
            // History turned off meanwhile, say: the write stands, its entry (if any) stays unsigned.
            qCWarning(lcHistory) << "Concord: cannot sign the history entry of" << m_schema.table << m_error.text();
            m_error = QSqlError();
            m_historyStamp.reset();
        }
    }
    if (open)
        return outcome;
    if (control.exec(u"RELEASE concord_history"_s))
        return outcome;
    m_error = control.lastError();
    control.exec(u"ROLLBACK TO concord_history"_s);
    control.exec(u"RELEASE concord_history"_s);
    return Outcome::Failed;
}

} // namespace Concord
