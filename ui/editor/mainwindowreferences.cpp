// SPDX-License-Identifier: MIT
// SPDX-FileCopyrightText: 2026 Concord developers
// MainWindow's foreign keys: the referenced record's label beside a referencing value, choosing
// the referenced record from a search of its table, and going to the referenced record or to the
// records that refer to the current one (shown by the grid's column filters, so Clear Filters
// shows the whole table again).
#include "mainwindow.h"

#include <ui/editor/recorddelegate.h>
#include <ui/widgets/filterheader.h>
#include <ui/widgets/findbar.h>
#include <ui/widgets/referencechooser.h>

#include <core/text.h>
#include <core/db/foreignkeys.h>
#include <core/db/tableschema.h>
#include <core/model/referencelabels.h>
#include <core/model/versionedtablemodel.h>

#include <QAction>
#include <QCursor>
#include <QMenu>
#include <QSqlField>
#include <QStatusBar>
#include <QTableView>

namespace Concord {

namespace {

// A filter row text that matches \a value exactly (the grid's filter syntax).
QString equalsFilter(const QVariant &value)
{
    return value.isNull() ? QStringLiteral("NULL") : QStringLiteral("=") + value.toString();
}

} // namespace

void MainWindow::createReferenceActions()
{
    m_references = new ReferenceLabels(this);
    connect(m_references, &ReferenceLabels::labelsChanged, m_grid->viewport(), qOverload<>(&QWidget::update));
    auto *delegate = static_cast<RecordDelegate *>(m_grid->itemDelegate());
    delegate->setTextDecorator([this](const QModelIndex &index, const QString &text) { return referenceText(index, text); });

    const auto add = [this](const QString &text, const QKeySequence &shortcut, const QString &name, auto slot) {
        auto *action = new QAction(text, this);
        action->setObjectName(name);
        action->setShortcut(shortcut);
        action->setToolTip(QStringLiteral("%1 (%2)").arg(QString(text).remove(QLatin1Char('&')).remove(u'…'),
                                                         shortcut.toString(QKeySequence::NativeText)));
        action->setEnabled(false);
        connect(action, &QAction::triggered, this, slot);
        m_grid->addAction(action); // the grid's context menu, and the shortcut
        m_referenceActions << action;
        return action;
    };
    add(tr("C&hoose Referenced Record…"), QKeySequence(Qt::Key_F4), QStringLiteral("chooseReferenceAction"),
        &MainWindow::chooseReferencedRecord);
    add(tr("&Go to Referenced Record"), QKeySequence(Qt::CTRL | Qt::Key_J), QStringLiteral("goToReferencedAction"),
        &MainWindow::goToReferencedRecord);
    add(tr("Sho&w Referencing Records…"), QKeySequence(Qt::CTRL | Qt::SHIFT | Qt::Key_J),
        QStringLiteral("showReferencingAction"), &MainWindow::showReferencingRecords);
}

void MainWindow::connectReferences()
{
    connect(m_model, &VersionedTableModel::refreshed, m_references, &ReferenceLabels::clear);
    connect(m_model, &QAbstractItemModel::modelReset, m_references, &ReferenceLabels::clear);
    connect(m_grid->selectionModel(), &QItemSelectionModel::currentChanged, this, &MainWindow::updateReferenceActions);
}

// A table was shown: its foreign keys, and those of others that refer to it.
void MainWindow::readReferences()
{
    m_referencingKeys.clear();
    if (const auto loaded = m_references->setTable(m_model->database(), m_model->tableName(), m_model->schema().versionColumn);
        !loaded) {
        statusBar()->showMessage(tr("References are not shown: %1").arg(loaded.error().message));
    }
    // SQLite keeps references with the referring table only: finding them asks every table, so
    // the answer is kept per table until the schema changes (refreshTables()).
    const QString table = m_model->tableName();
    if (!m_referencingByTable.contains(table)) {
        if (const auto referring = foreignKeysTo(m_model->database(), table); referring)
            m_referencingByTable.insert(table, referring.value());
    }
    m_referencingKeys = m_referencingByTable.value(table);
    // A reference sized for its number alone would cut the label off at once.
    const int wide = m_grid->fontMetrics().averageCharWidth() * 30;
    for (int column = 0; column < m_model->columnCount(); ++column) {
        const auto target = m_references->target(m_model->record().fieldName(column));
        if (target && !target->labelColumn.isEmpty() && m_grid->columnWidth(column) < wide)
            m_grid->setColumnWidth(column, wide);
    }
    updateReferenceActions();
}

QString MainWindow::referenceText(const QModelIndex &index, const QString &text) const
{
    if (!m_model || !m_references)
        return text;
    if (index.data(Qt::EditRole).isNull())
        return defaultPlaceholder(index, text);
    const QString label = m_references->label(m_model->record().fieldName(index.column()), index.data(Qt::EditRole));
    return label.isEmpty() ? text : tr("%1 — %2").arg(text, label);
}

std::optional<ReferenceTarget> MainWindow::currentReference() const
{
    const QModelIndex index = m_grid->currentIndex();
    if (!m_model || !index.isValid())
        return std::nullopt;
    return m_references->target(m_model->record().fieldName(index.column()));
}

void MainWindow::updateReferenceActions()
{
    const QModelIndex index = m_grid->currentIndex();
    const std::optional<ReferenceTarget> target = currentReference();
    const auto find = [this](const char *name) { return findChild<QAction *>(QLatin1String(name)); };
    if (QAction *choose = find("chooseReferenceAction"))
        choose->setEnabled(target && (m_model->flags(index) & Qt::ItemIsEditable));
    if (QAction *go = find("goToReferencedAction"))
        go->setEnabled(target && !index.data(Qt::EditRole).isNull());
    if (QAction *show = find("showReferencingAction"))
        show->setEnabled(index.isValid() && !m_referencingKeys.isEmpty() && !m_model->isUnreadable(index.row()));
}

void MainWindow::chooseReferencedRecord()
{
    const QModelIndex index = m_grid->currentIndex();
    const std::optional<ReferenceTarget> target = currentReference();
    if (!target || !(m_model->flags(index) & Qt::ItemIsEditable))
        return;
    ReferenceChooser chooser(m_model->database(), *target, m_model->record().fieldName(index.column()),
                             index.data(Qt::EditRole), this);
    if (chooser.exec() != QDialog::Accepted)
        return;
    // A pending edit like any other: undoable, saved with the row, checked by the database.
    if (!m_model->setData(index, chooser.chosenKey()))
        statusBar()->showMessage(tr("Not set: %1").arg(m_model->lastError().text()));
}

void MainWindow::goToReferencedRecord()
{
    const QModelIndex index = m_grid->currentIndex();
    const std::optional<ReferenceTarget> target = currentReference();
    if (!target || index.data(Qt::EditRole).isNull())
        return;
    showRecordsWhere(target->table, {target->keyColumn}, {index.data(Qt::EditRole)});
}

void MainWindow::showReferencingRecords()
{
    const QModelIndex index = m_grid->currentIndex();
    if (!m_model || !index.isValid() || m_referencingKeys.isEmpty())
        return;
    const QSqlRecord row = m_model->record(index.row());
    QMenu menu(this);
    menu.setObjectName(QStringLiteral("referencingMenu"));
    for (const ForeignKey &key : std::as_const(m_referencingKeys)) {
        QVariantList values;
        for (const QString &column : key.parentColumns)
            values << row.value(column);
        const auto count = countReferencing(m_model->database(), key.child, key.childColumns, values);
        const QString countPart = count ? countText(count.value(), tr("%1 record"), tr("%1 records")) : tr("count unknown");
        QAction *action = menu.addAction(tr("%1 (%2): %3").arg(key.child, key.childColumns.join(QStringLiteral(", ")), countPart));
        connect(action, &QAction::triggered, this, [this, key, values] { showRecordsWhere(key.child, key.childColumns, values); });
    }
    // One way to go: go. Several: the user picks, seeing how many records each holds.
    if (menu.actions().size() == 1)
        menu.actions().first()->trigger();
    else
        menu.exec(m_grid->viewport()->mapToGlobal(m_grid->visualRect(index).bottomLeft()));
}

bool MainWindow::showRecordsWhere(const QString &table, const QStringList &columns, const QVariantList &values)
{
    if (m_model->tableName() != table && !showTable(table))
        return false;
    QMap<int, QString> texts;
    QStringList described;
    for (int i = 0; i < columns.size(); ++i) {
        texts.insert(m_model->fieldIndex(columns[i]), equalsFilter(values.value(i)));
        described << QStringLiteral("%1 = %2").arg(columns[i], values.value(i).toString());
    }
    m_findBar->setText(QString());
    findInTable(QString());
    m_filterHeader->setFilterTexts(texts);
    if (!applyColumnFilters(texts))
        return false;
    if (m_model->rowCount() > 0)
        goToRow(0);
    statusBar()->showMessage(tr("%1 where %2: %3. Clear Filters (%4) shows all.")
                                 .arg(table, described.join(tr(" and ")),
                                      countText(m_model->rowCount(), tr("%1 record"), tr("%1 records")),
                                      QKeySequence(Qt::CTRL | Qt::SHIFT | Qt::Key_L).toString(QKeySequence::NativeText)));
    return true;
}

} // namespace Concord
