// SPDX-License-Identifier: MIT
// SPDX-FileCopyrightText: 2026 Concord developers
#include "locksdock.h"

#include <ui/operations/lockmonitor.h>

#include <core/text.h>

#include <QAction>
#include <QHeaderView>
#include <QIcon>
#include <QLabel>
#include <QLocale>
#include <QTimer>
#include <QTreeWidget>
#include <QVBoxLayout>

using namespace Qt::StringLiterals;

namespace Concord {

namespace {

constexpr int sinceRole = Qt::UserRole + 1;

QString holderText(const LockHolder &holder)
{
    QString who = holder.user.isEmpty() ? holder.databaseUser : holder.user;
    if (who.isEmpty())
        who = LocksDock::tr("unknown");
    if (holder.processId > 0)
        who += LocksDock::tr(" (pid %1)").arg(holder.processId);
    if (LockMonitor::isOwn(holder))
        who += LocksDock::tr(" (you)");
    return who;
}

QString operationText(const LockHolder &holder)
{
    QString what = holder.operation();
    if (what.isEmpty())
        what = holder.application;
    if (holder.mode == LockMode::Shared)
        what += (what.isEmpty() ? QString() : u", "_s) + LocksDock::tr("shared");
    return what;
}

} // namespace

LocksDock::LocksDock(LockMonitor *monitor, QWidget *parent)
    : QDockWidget(tr("Locks"), parent)
    , m_clock(new QTimer(this))
{
    setObjectName(u"locksDock"_s);
    setAccessibleName(tr("Locks held on this database"));
    toggleViewAction()->setObjectName(u"locksDockAction"_s);
    toggleViewAction()->setIcon(QIcon(u":/icons/actions/locks.svg"_s));
    toggleViewAction()->setToolTip(tr("Show every lock held on this database: who, where, what, since when"));

    auto *content = new QWidget;
    auto *layout = new QVBoxLayout(content);
    layout->setContentsMargins(0, 0, 0, 0);
    m_empty = new QLabel(tr("No locks are held on this database."));
    m_empty->setObjectName(u"locksEmpty"_s);
    m_empty->setContentsMargins(6, 6, 6, 6);
    layout->addWidget(m_empty);
    m_view = new QTreeWidget;
    m_view->setObjectName(u"locksView"_s);
    m_view->setAccessibleName(tr("Held locks"));
    m_view->setRootIsDecorated(false);
    m_view->setUniformRowHeights(true);
    m_view->setHeaderLabels({tr("Lock"), tr("Holder"), tr("Host"), tr("Operation"), tr("Since"), tr("Generation")});
    m_view->header()->setStretchLastSection(false);
    m_view->header()->setSectionResizeMode(QHeaderView::ResizeToContents);
    layout->addWidget(m_view, 1);
    setWidget(content);

    connect(monitor, &LockMonitor::holdersChanged, this, &LocksDock::setHolders);
    // Only the "3 min ago" texts move between polls; the holders come from the monitor.
    m_clock->setInterval(15000);
    connect(m_clock, &QTimer::timeout, this, &LocksDock::updateTimes);
    m_clock->start();
    setHolders(monitor->holders());
}

QString LocksDock::relativeTime(const QDateTime &since, const QDateTime &now)
{
    if (!since.isValid())
        return {};
    const qint64 seconds = qMax<qint64>(0, since.secsTo(now));
    if (seconds < 60)
        return tr("just now");
    if (seconds < 3600)
        return tr("%1 min ago").arg(seconds / 60);
    if (seconds < 86400)
        return tr("%1 h ago").arg(seconds / 3600);
    return countText(seconds / 86400, tr("1 day ago"), tr("%1 days ago"));
}

void LocksDock::setHolders(const QList<LockHolder> &holders)
{
    m_view->clear();
    for (const LockHolder &holder : holders) {
        auto *item = new QTreeWidgetItem(m_view);
        item->setText(LockColumn, holder.name);
        item->setText(HolderColumn, holderText(holder));
        item->setText(HostColumn, holder.host);
        item->setText(OperationColumn, operationText(holder));
        item->setData(SinceColumn, sinceRole, holder.since);
        if (holder.since.isValid()) {
            item->setToolTip(SinceColumn,
                             QLocale().toString(holder.since.toLocalTime(), u"yyyy-MM-dd HH:mm:ss t"_s));
        }
        item->setText(GenerationColumn, holder.generation > 0 ? QString::number(holder.generation) : QString());
        item->setTextAlignment(GenerationColumn, Qt::AlignRight | Qt::AlignVCenter);
        item->setToolTip(LockColumn, holder.description());
        if (LockMonitor::isOwn(holder)) {
            QFont font = item->font(HolderColumn);
            font.setBold(true);
            item->setFont(HolderColumn, font);
        }
    }
    m_empty->setVisible(holders.isEmpty());
    m_view->setVisible(!holders.isEmpty());
    updateTimes();
}

void LocksDock::updateTimes()
{
    const QDateTime now = QDateTime::currentDateTimeUtc();
    for (int i = 0; i < m_view->topLevelItemCount(); ++i) {
        QTreeWidgetItem *item = m_view->topLevelItem(i);
        item->setText(SinceColumn, relativeTime(item->data(SinceColumn, sinceRole).toDateTime(), now));
    }
}

} // namespace Concord
