// SPDX-License-Identifier: MIT
// SPDX-FileCopyrightText: 2026 Concord developers
#include "referencelabels.h"

#include <QTimer>

#include <utility>

namespace Concord {

namespace {
constexpr int maxLabelsPerColumn = 20000; // a long scroll through a big table must not grow without end
}

ReferenceLabels::ReferenceLabels(QObject *parent)
    : QObject(parent)
{
}

Result<void> ReferenceLabels::setTable(const QSqlDatabase &db, const QString &table, const QString &versionColumn)
{
    m_db = db;
    m_targets.clear();
    clear();
    const auto keys = foreignKeysOf(db, table);
    if (!keys)
        return keys.error();
    for (const ForeignKey &key : keys.value()) {
        if (key.isSingleColumn() && !m_targets.contains(key.childColumns.first())) {
            // One catalog read of the referenced table gives the label and the chooser's details.
            const auto [label, details] = labelAndDetailColumnsOf(db, key.parent, 2, versionColumn);
            m_targets.insert(key.childColumns.first(), ReferenceTarget{key.parent, key.parentColumns.value(0), label, details});
        }
    }
    return {};
}

std::optional<ReferenceTarget> ReferenceLabels::target(const QString &column) const
{
    const auto found = m_targets.constFind(column);
    if (found == m_targets.cend())
        return std::nullopt;
    return *found;
}

QString ReferenceLabels::label(const QString &column, const QVariant &value)
{
    if (value.isNull() || !m_targets.contains(column) || m_targets.value(column).labelColumn.isEmpty())
        return {};
    const QString text = value.toString();
    const auto &labels = m_labels[column];
    if (const auto found = labels.constFind(text); found != labels.cend())
        return *found;
    if (!m_missing.value(column).contains(text)) {
        m_queued[column].insert(text, value);
        if (!m_readScheduled) {
            m_readScheduled = true;
            QTimer::singleShot(0, this, &ReferenceLabels::readQueued);
        }
    }
    return {};
}

void ReferenceLabels::clear()
{
    m_labels.clear();
    m_queued.clear();
    m_missing.clear();
}

void ReferenceLabels::readQueued()
{
    m_readScheduled = false;
    const auto queued = std::exchange(m_queued, {});
    bool any = false;
    for (auto it = queued.cbegin(); it != queued.cend(); ++it) {
        const auto read = referenceLabels(m_db, m_targets.value(it.key()), it.value().values());
        QHash<QString, QString> &labels = m_labels[it.key()];
        if (labels.size() > maxLabelsPerColumn)
            labels.clear();
        for (auto key = it.value().cbegin(); key != it.value().cend(); ++key) {
            // Unreadable or absent: remember it, so that painting does not ask again and again.
            if (read && read.value().contains(key.key()))
                labels.insert(key.key(), read.value().value(key.key()));
            else
                m_missing[it.key()].insert(key.key());
        }
        any = any || (read && !read.value().isEmpty());
    }
    if (any)
        Q_EMIT labelsChanged();
}

} // namespace Concord
