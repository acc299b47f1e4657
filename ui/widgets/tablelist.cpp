// SPDX-License-Identifier: MIT
// SPDX-FileCopyrightText: 2026 Concord developers
#include "tablelist.h"

#include <core/db/tableschema.h>

#include <QMenu>

using namespace Qt::StringLiterals;

namespace Concord {

TableList::TableList(QWidget *parent)
    : QListWidget(parent)
{
    setObjectName(u"tableList"_s);
    setAccessibleName(tr("Tables"));
    setContextMenuPolicy(Qt::CustomContextMenu);
    connect(this, &QListWidget::customContextMenuRequested, this, &TableList::showContextMenu);
    connect(this, &QListWidget::currentItemChanged, this, [this](QListWidgetItem *item) {
        if (item && (item->flags() & Qt::ItemIsEnabled))
            emit tableActivated(tableOf(item));
    });
}

void TableList::setTables(const QSqlDatabase &db, const QString &current)
{
    const QSignalBlocker blocker(this); // the caller decides what to show; no activation while filling
    clear();
    m_reasons.clear();
    for (const QString &table : userTables(db)) {
        auto *item = new QListWidgetItem(this);
        item->setData(TableRole, table);
        auto schema = TableSchema::load(db, table);
        if (!schema) {
            // Listed but not editable, with the reason where the user looks for it.
            item->setFlags(item->flags() & ~Qt::ItemIsEnabled);
            m_reasons.insert(table, schema.error().message);
            item->setData(NeedsVersioningRole, schema.error().code == ErrorCode::NoVersionColumn);
        }
        updateItem(item);
    }
    if (selectTable(current))
        return;
    for (int i = 0; i < count(); ++i) {
        if (item(i)->flags() & Qt::ItemIsEnabled) {
            setCurrentRow(i);
            break;
        }
    }
}

void TableList::setBusyTables(const QHash<QString, QString> &busy)
{
    m_busy = busy;
    for (int i = 0; i < count(); ++i)
        updateItem(item(i));
}

void TableList::updateItem(QListWidgetItem *item)
{
    const QString table = tableOf(item);
    const bool busy = m_busy.contains(table);
    item->setText(busy ? tr("%1 (busy)").arg(table) : table);
    QFont font = item->font();
    font.setItalic(busy);
    item->setFont(font);
    QStringList tips;
    if (m_reasons.contains(table))
        tips << m_reasons.value(table);
    if (item->data(NeedsVersioningRole).toBool())
        tips << tr("Right-click and choose Enable Versioning… to make it editable.");
    if (busy)
        tips << tr("Busy: %1").arg(m_busy.value(table));
    item->setToolTip(tips.join(u'\n'));
}

bool TableList::selectTable(const QString &table)
{
    QListWidgetItem *item = itemFor(table);
    if (!item || !(item->flags() & Qt::ItemIsEnabled))
        return false;
    if (currentItem() != item) {
        const QSignalBlocker blocker(this);
        setCurrentItem(item);
    }
    return true;
}

QString TableList::tableOf(const QListWidgetItem *item) const
{
    return item ? item->data(TableRole).toString() : QString();
}

QStringList TableList::tablesNeedingVersioning() const
{
    QStringList tables;
    for (int i = 0; i < count(); ++i) {
        if (item(i)->data(NeedsVersioningRole).toBool())
            tables << tableOf(item(i));
    }
    return tables;
}

QListWidgetItem *TableList::itemFor(const QString &table) const
{
    for (int i = 0; i < count(); ++i) {
        if (tableOf(item(i)) == table)
            return item(i);
    }
    return nullptr;
}

void TableList::showContextMenu(const QPoint &position)
{
    QListWidgetItem *item = itemAt(position);
    if (!item || !item->data(NeedsVersioningRole).toBool())
        return;
    const QString table = tableOf(item);
    auto *menu = new QMenu(this);
    menu->setObjectName(u"tableContextMenu"_s);
    menu->setAccessibleName(tr("Table actions"));
    menu->setAttribute(Qt::WA_DeleteOnClose);
    QAction *enable = menu->addAction(tr("Enable &Versioning…"));
    enable->setObjectName(u"enableVersioningContextAction"_s);
    connect(enable, &QAction::triggered, this, [this, table] { emit enableVersioningRequested(table); });
    menu->popup(viewport()->mapToGlobal(position));
}

} // namespace Concord
