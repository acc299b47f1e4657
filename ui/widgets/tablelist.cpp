// SPDX-License-Identifier: MIT
// SPDX-FileCopyrightText: 2026 Concord developers
#include "tablelist.h"

#include <core/db/tableschema.h>
#include <core/db/tablestats.h>
#include <core/versioning/versioningconfig.h>

#include <QLocale>
#include <QMenu>
#include <QStyledItemDelegate>

using namespace Qt::StringLiterals;

namespace Concord {

namespace {

// The row count and policy as a second line under the name; the item's text stays the name,
// which is what accessibility tools read and what the busy mark is added to.
class TableListDelegate : public QStyledItemDelegate
{
public:
    using QStyledItemDelegate::QStyledItemDelegate;

protected:
    void initStyleOption(QStyleOptionViewItem *option, const QModelIndex &index) const override
    {
        QStyledItemDelegate::initStyleOption(option, index);
        const QString detail = index.data(TableList::DetailRole).toString();
        if (!detail.isEmpty())
            option->text += QChar(QChar::LineSeparator) + detail;
        if (!index.data(TableList::EditableRole).toBool())
            option->palette.setColor(QPalette::Text, option->palette.color(QPalette::PlaceholderText));
    }
};

QString rowCountText(const RowCount &count)
{
    const QString number = QLocale().toString(count.rows);
    if (count.estimated)
        return TableList::tr("≈ %1 rows").arg(number);
    if (count.atLeast)
        return TableList::tr("%1+ rows").arg(number);
    return count.rows == 1 ? TableList::tr("1 row") : TableList::tr("%1 rows").arg(number);
}

} // namespace

TableList::TableList(QWidget *parent)
    : QListWidget(parent)
{
    setObjectName(u"tableList"_s);
    setAccessibleName(tr("Tables"));
    setItemDelegate(new TableListDelegate(this));
    setSpacing(2);
    setContextMenuPolicy(Qt::CustomContextMenu);
    connect(this, &QListWidget::customContextMenuRequested, this, &TableList::showContextMenu);
    connect(this, &QListWidget::currentItemChanged, this, [this](QListWidgetItem *item) {
        if (item)
            emit tableActivated(tableOf(item), isEditable(item));
    });
}

void TableList::setTables(const QSqlDatabase &db, const QString &current)
{
    const QSignalBlocker blocker(this); // the caller decides what to show; no activation while filling
    clear();
    m_reasons.clear();
    QHash<QString, QString> policies; // table -> recorded policy
    if (const auto configs = VersioningCatalog::loadAll(db); configs) {
        for (const VersioningConfig &config : configs.value())
            policies.insert(config.table, policyName(config.policy));
    }
    const QStringList views = userViews(db);
    QStringList names = userTables(db) + views;
    names.sort(Qt::CaseInsensitive);
    for (const QString &table : std::as_const(names))
        updateItem(addTable(db, table, views.contains(table), policies));
    if (selectTable(current))
        return;
    for (int i = 0; i < count(); ++i) {
        if (isEditable(item(i))) {
            setCurrentRow(i);
            break;
        }
    }
}

QListWidgetItem *TableList::addTable(const QSqlDatabase &db, const QString &table, bool view,
                                     const QHash<QString, QString> &policies)
{
    auto *item = new QListWidgetItem(this);
    item->setData(TableRole, table);
    item->setData(ViewRole, view);
    QString policy;
    if (view) {
        m_reasons.insert(table, tr("%1 is a view: it is shown read-only.").arg(table));
        policy = tr("view, read-only");
    } else if (auto schema = TableSchema::load(db, table); !schema) {
        // Listed and selectable, but read-only, with the reason where the user looks for it.
        m_reasons.insert(table, schema.error().message);
        const bool needsVersioning = schema.error().code == ErrorCode::NoVersionColumn;
        item->setData(NeedsVersioningRole, needsVersioning);
        policy = needsVersioning ? tr("not versioned") : tr("read-only");
    } else {
        item->setData(EditableRole, true);
        policy = policies.value(table, policyName(VersionPolicy::Counter));
    }
    const auto rows = countRows(db, table);
    item->setData(PolicyRole, policy);
    item->setData(DetailRole, rows ? rowCountText(rows.value()) + u" · "_s + policy : policy);
    return item;
}

void TableList::setExactRowCount(const QString &table, qint64 rows)
{
    if (QListWidgetItem *item = itemFor(table)) {
        RowCount count;
        count.rows = rows;
        item->setData(DetailRole, rowCountText(count) + u" · "_s + item->data(PolicyRole).toString());
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
    font.setItalic(busy || !isEditable(item));
    item->setFont(font);
    QStringList tips;
    if (m_reasons.contains(table))
        tips << m_reasons.value(table);
    if (item->data(NeedsVersioningRole).toBool())
        tips << tr("Not versioned, so read-only: right-click and choose Enable Versioning… to make it editable.");
    if (busy)
        tips << tr("Busy: %1").arg(m_busy.value(table));
    item->setToolTip(tips.join(u'\n'));
}

bool TableList::selectTable(const QString &table)
{
    QListWidgetItem *item = itemFor(table);
    if (!item || !isEditable(item))
        return false;
    if (currentItem() != item) {
        const QSignalBlocker blocker(this);
        setCurrentItem(item);
    }
    return true;
}

void TableList::showCurrent(const QString &table)
{
    QListWidgetItem *item = itemFor(table);
    if (item && currentItem() != item) {
        const QSignalBlocker blocker(this);
        setCurrentItem(item);
    }
}

QString TableList::tableOf(const QListWidgetItem *item) const
{
    return item ? item->data(TableRole).toString() : QString();
}

bool TableList::isEditable(const QListWidgetItem *item) const
{
    return item && item->data(EditableRole).toBool();
}

QStringList TableList::editableTables() const
{
    QStringList tables;
    for (int i = 0; i < count(); ++i) {
        if (isEditable(item(i)))
            tables << tableOf(item(i));
    }
    return tables;
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
    enable->setIcon(QIcon(u":/icons/actions/enable-versioning.svg"_s));
    connect(enable, &QAction::triggered, this, [this, table] { emit enableVersioningRequested(table); });
    menu->popup(viewport()->mapToGlobal(position));
}

} // namespace Concord
