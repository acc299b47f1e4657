// SPDX-License-Identifier: MIT
// SPDX-FileCopyrightText: 2026 Concord developers
// MainWindow's form view: the grid and the form share the model and the current record; the
// View menu's Form View (Ctrl+Shift+F) switches between them.
#include "mainwindow.h"

#include <ui/editor/conflictresolver.h>
#include <ui/merge/mergedialog.h>
#include <ui/editor/recordform.h>

#include <core/model/versionedtablemodel.h>

#include <QAction>
#include <QStackedWidget>
#include <QStatusBar>
#include <QTableView>

namespace Concord {

void MainWindow::createFormView()
{
    m_form = new RecordForm;
    m_recordViews = new QStackedWidget;
    m_recordViews->setObjectName(QStringLiteral("recordViews"));
    m_recordViews->addWidget(m_grid);
    m_recordViews->addWidget(m_form);
    connect(m_form, &RecordForm::moveRequested, this, &MainWindow::moveFormRecord);
    connect(m_form, &RecordForm::chooseRequested, this, [this](int column) {
        if (!m_model || m_form->row() < 0 || !m_form->commitFields())
            return;
        m_grid->setCurrentIndex(m_model->index(m_form->row(), column));
        chooseReferencedRecord();
    });
    connect(m_form, &RecordForm::reviewRequested, this, [this](int row) { m_resolver->reviewRow(row); });
    connect(m_form, &RecordForm::invalidInput, this, [this](const QString &reason) {
        const QString prefix = tr("Not a valid value: ");
        if (!reason.isEmpty())
            statusBar()->showMessage(prefix + reason);
        else if (statusBar()->currentMessage().startsWith(prefix))
            statusBar()->clearMessage();
    });
    // The grid's current cell follows the form's field: Set to NULL, Copy and the references
    // act on what the user is looking at.
    connect(m_form, &RecordForm::fieldFocused, this, [this](int column) {
        if (m_model && m_form->row() >= 0)
            m_grid->setCurrentIndex(m_model->index(m_form->row(), column));
    });

    m_formViewAction = new QAction(tr("&Form View"), this);
    m_formViewAction->setObjectName(QStringLiteral("formViewAction"));
    m_formViewAction->setCheckable(true);
    m_formViewAction->setShortcut(QKeySequence(Qt::CTRL | Qt::SHIFT | Qt::Key_F));
    m_formViewAction->setToolTip(tr("Form View (%1): the current record as a form")
                                     .arg(m_formViewAction->shortcut().toString(QKeySequence::NativeText)));
    connect(m_formViewAction, &QAction::toggled, this, &MainWindow::setFormViewShown);
    addAction(m_formViewAction);
}

void MainWindow::connectFormView()
{
    m_form->setReferences(m_references);
    m_form->setModel(m_model);
    connect(m_grid->selectionModel(), &QItemSelectionModel::currentRowChanged, this, &MainWindow::showCurrentInForm);
    // A live re-read clears the grid's current row for a moment (restorePlace() sets it again):
    // the form keeps its record meanwhile, so the field being looked at keeps the focus.
    connect(m_model, &VersionedTableModel::aboutToRefresh, this, [this] {
        m_formHeld = true;
        m_form->setRefreshing(true);
    });
    connect(m_model, &VersionedTableModel::refreshed, this, [this] {
        m_formHeld = false;
        m_form->setRefreshing(false);
        showCurrentInForm();
    });
}

bool MainWindow::isFormViewShown() const
{
    return m_recordViews->currentWidget() == m_form;
}

void MainWindow::setFormViewShown(bool shown)
{
    if (shown == isFormViewShown())
        return;
    // Leaving the form commits its fields; one that does not fit keeps the form open.
    if (!shown && !m_form->commitFields()) {
        const QSignalBlocker blocker(m_formViewAction);
        m_formViewAction->setChecked(true);
        return;
    }
    if (shown && m_model && !m_grid->currentIndex().isValid() && m_model->rowCount() > 0)
        goToRow(0);
    m_recordViews->setCurrentWidget(shown ? static_cast<QWidget *>(m_form) : m_grid);
    {
        const QSignalBlocker blocker(m_formViewAction);
        m_formViewAction->setChecked(shown);
    }
    showCurrentInForm();
    if (shown)
        m_form->setFocus();
    else
        m_grid->setFocus();
}

void MainWindow::showCurrentInForm()
{
    if (!isFormViewShown() || !m_model || m_formHeld)
        return;
    QList<int> hidden;
    for (int column = 0; column < m_model->columnCount(); ++column) {
        if (m_grid->isColumnHidden(column))
            hidden << column;
    }
    m_form->setRow(m_grid->currentIndex().isValid() ? m_grid->currentIndex().row() : -1, hidden);
}

// Previous and Next skip the rows the grid hides (records this user deleted and saved).
void MainWindow::moveFormRecord(int delta)
{
    if (!m_model || !m_form->commitFields())
        return;
    int row = m_form->row() + delta;
    while (row >= 0 && row < m_model->rowCount() && m_grid->isRowHidden(row))
        row += delta;
    if (row < 0 || row >= m_model->rowCount())
        return;
    const int column = m_grid->currentIndex().isValid() ? m_grid->currentIndex().column() : 0;
    m_grid->setCurrentIndex(m_model->index(row, column));
    m_grid->scrollTo(m_model->index(row, column));
}

} // namespace Concord
