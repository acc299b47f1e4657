// SPDX-License-Identifier: MIT
// SPDX-FileCopyrightText: 2026 Concord developers
#pragma once

#include <core/jobs/job.h>
#include <core/versioning/versioningconfig.h>

#include <QMutex>
#include <QStringList>

namespace Concord {

/// applyVersioning() on a table, under its exclusive table lock: adding a version column and
/// triggers must not run while an import or bulk edit writes the table, nor twice at once.
/// applyVersioning() is one transaction of its own; cancel() only stops a wait for the lock.
/// Finishes with applyVersioning()'s error, LockHeld, or Cancelled; actions() then lists what
/// was done, one line per action (empty when nothing needed doing).
class EnableVersioningJob : public Job
{
    Q_OBJECT

public:
    EnableVersioningJob(const JobConnection &connection, VersioningConfig config, QObject *parent = nullptr);

    QString description() const override;
    QString table() const override { return m_config.table; }
    QStringList actions() const;

protected:
    JobResult work(Context &context) override;
    /// applyVersioning() commits on its own: a lost connection cannot be told from a lost
    /// COMMIT answer, so the job never re-runs (it writes no receipt either).
    bool rerunsAfterConnectionLoss() const override { return false; }

private:
    VersioningConfig m_config;
    mutable QMutex m_actionsMutex;
    QStringList m_actions;
};

} // namespace Concord
