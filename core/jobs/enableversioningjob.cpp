// SPDX-License-Identifier: MIT
// SPDX-FileCopyrightText: 2026 Concord developers
#include "enableversioningjob.h"

#include <core/versioning/versioning.h>

namespace Concord {

EnableVersioningJob::EnableVersioningJob(const JobConnection &connection, VersioningConfig config, QObject *parent)
    : Job(connection, parent)
    , m_config(std::move(config))
{
}

QString EnableVersioningJob::description() const
{
    return tr("Enable versioning on %1").arg(m_config.table);
}

QStringList EnableVersioningJob::actions() const
{
    QMutexLocker locker(&m_actionsMutex);
    return m_actions;
}

JobResult EnableVersioningJob::work(Context &context)
{
    setProgress(0, 1);
    if (auto locked = stillLocked(context); !locked)
        return locked;
    auto applied = applyVersioning(context.db, m_config);
    if (!applied)
        return applied.error();
    {
        QMutexLocker locker(&m_actionsMutex);
        m_actions = applied.value();
    }
    setProgress(1, 1);
    return {};
}

} // namespace Concord
