// SPDX-License-Identifier: MIT
// SPDX-FileCopyrightText: 2026 Concord developers
// MainWindow's undo history, clipboard and Duplicate Row (EditUndo, clipboard.h). The history
// follows the model; whatever replaces the grid's contents (a save, a resolved conflict, a
// restored journal) clears it here, and the model's own resets clear it in EditUndo.
#include "mainwindow.h"

#include <ui/editor/clipboard.h>
#include <ui/editor/conflictresolver.h>
#include <ui/editor/editundo.h>
#include <ui/editor/journalprompt.h>
#include <ui/editor/savecontroller.h>
#include <ui/merge/mergedialog.h>

#include <core/text.h>
#include <core/db/columndefaults.h>
#include <core/db/tableschema.h>
#include <core/model/versionedtablemodel.h>
#include <core/values/valuefromtext.h>

#include <QAction>
#include <QApplication>
#include <QClipboard>
#include <QMessageBox>
#include <QSqlField>
#include <QSqlRecord>
#include <QStatusBar>
#include <QTableView>

namespace Concord {

void MainWindow::createEditingActions()
{
    m_editUndo = new EditUndo(this);
    connect(m_saver, &SaveController::saveFinished, m_editUndo, [this](const SaveOutcome &outcome) {
        // A save that wrote nothing keeps the history: the grid still shows what it built.
        if (outcome.status != SaveOutcome::Status::TableLocked && outcome.status != SaveOutcome::Status::NoModel)
            m_editUndo->clear();
    });
    connect(m_resolver, &ConflictResolver::resolved, m_editUndo, &EditUndo::clear);
    connect(m_journal, &JournalPrompt::restored, m_editUndo, &EditUndo::clear);
    // Undo and redo show what they changed, wherever in the table it is.
    connect(m_editUndo, &EditUndo::changeApplied, this, [this](int row, int column) {
        if (!m_model || row >= m_model->rowCount())
            return;
        const QModelIndex index = m_model->index(row, column >= 0 ? column : qMax(0, m_grid->currentIndex().column()));
        m_grid->setCurrentIndex(index);
        m_grid->scrollTo(index);
    });

    const auto add = [this](const QString &text, const QKeySequence &shortcut, const QString &name, auto slot) {
        auto *action = new QAction(text, this);
        action->setObjectName(name);
        action->setShortcut(shortcut);
        connect(action, &QAction::triggered, this, slot);
        m_grid->addAction(action); // the grid's context menu
        return action;
    };
    add(tr("&Copy"), QKeySequence::Copy, QStringLiteral("copyAction"), &MainWindow::copySelection);
    add(tr("&Paste"), QKeySequence::Paste, QStringLiteral("pasteAction"), &MainWindow::pasteClipboard);
    add(tr("D&uplicate Row"), QKeySequence(Qt::CTRL | Qt::Key_D), QStringLiteral("duplicateRowAction"),
        &MainWindow::duplicateCurrentRow);
}

void MainWindow::copySelection()
{
    if (m_model && !m_model->tableName().isEmpty())
        QApplication::clipboard()->setText(copyText(*m_grid, *m_model));
}

void MainWindow::pasteClipboard()
{
    if (!m_model || m_model->tableName().isEmpty())
        return;
    const Result<int> pasted = pasteText(*m_grid, *m_model, *m_editUndo, QApplication::clipboard()->text());
    if (pasted) {
        statusBar()->showMessage(countText(pasted.value(), tr("Pasted %1 cell."), tr("Pasted %1 cells.")), 5000);
        return;
    }
    statusBar()->showMessage(pasted.error().message);
    auto *box = new QMessageBox(QMessageBox::Warning, tr("Paste refused"), pasted.error().message, QMessageBox::Ok, this);
    box->setObjectName(QStringLiteral("pasteRefusedMessage"));
    box->setAttribute(Qt::WA_DeleteOnClose);
    box->open();
}

// A copy of the current row as a new pending row: the key is left to the database (or to the
// user), the version to the insert.
void MainWindow::duplicateCurrentRow()
{
    const QModelIndex current = m_grid->currentIndex();
    if (!m_model || m_model->isReadOnly() || !current.isValid())
        return;
    const TableSchema &schema = m_model->schema();
    QSqlRecord values = m_model->record(current.row());
    for (int i = 0; i < values.count(); ++i) {
        const QString name = values.fieldName(i);
        values.setGenerated(i, !schema.isKeyColumn(name) && name.compare(schema.versionColumn, Qt::CaseInsensitive) != 0);
    }
    const int row = m_editUndo->insertRow(tr("Duplicate Row"), values);
    if (row < 0)
        return;
    m_grid->setCurrentIndex(m_model->index(row, current.column()));
    m_grid->scrollTo(m_grid->currentIndex());
}

// A new row starts with the columns' constant defaults (a number, a quoted text, TRUE/FALSE: what
// the database would store anyway), so that the user sees them; the key and the version are left
// to the insert, and an expression default (CURRENT_TIMESTAMP, a sequence) to the database.
void MainWindow::readColumnDefaults()
{
    const auto defaults = columnDefaults(m_model->database(), m_model->tableName());
    m_columnDefaults = defaults ? defaults.value() : QHash<QString, ColumnDefault>();
}

// A new row's cell the user has not touched is left out of the INSERT: the database fills it.
// The cell says with what, rather than "NULL": "default: CURRENT_TIMESTAMP", or "(automatic)"
// for a key the database numbers (SQLite's INTEGER PRIMARY KEY, a sequence).
QString MainWindow::defaultPlaceholder(const QModelIndex &index, const QString &text) const
{
    if (m_model->rowState(index.row()) != VersionedTableModel::RowState::Inserted
        || m_model->record(index.row()).isGenerated(index.column()))
        return text;
    const auto found = m_columnDefaults.constFind(m_model->record().fieldName(index.column()));
    if (found == m_columnDefaults.cend())
        return text;
    if (found->isAutomatic)
        return tr("(automatic)");
    if (found->expression.isEmpty() || found->expression.compare(QLatin1String("NULL"), Qt::CaseInsensitive) == 0)
        return text;
    return tr("default: %1").arg(found->expression);
}

QSqlRecord MainWindow::newRowDefaults() const
{
    QSqlRecord values = m_model->record();
    for (int i = 0; i < values.count(); ++i)
        values.setGenerated(i, false);
    const TableSchema &schema = m_model->schema();
    for (int i = 0; i < values.count(); ++i) {
        const QString name = values.fieldName(i);
        const auto found = m_columnDefaults.constFind(name);
        if (found == m_columnDefaults.constEnd() || !found->isConstant || schema.isKeyColumn(name)
            || name.compare(schema.versionColumn, Qt::CaseInsensitive) == 0)
            continue;
        const Result<QVariant> value = valueFromText(found->constantText, m_model->columnKind(m_model->fieldIndex(name)), name);
        if (value) {
            values.setValue(i, value.value());
            values.setGenerated(i, true);
        }
    }
    return values;
}

} // namespace Concord
