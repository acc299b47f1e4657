// SPDX-License-Identifier: MIT
// SPDX-FileCopyrightText: 2026 Concord developers
#include "cellactions.h"

#include <ui/cells/blobviewer.h>
#include <ui/cells/cellface.h>
#include <ui/cells/textcelldialog.h>
#include <ui/editor/recorddelegate.h>

#include <core/model/versionedtablemodel.h>

#include <QAction>
#include <QItemSelectionModel>
#include <QPersistentModelIndex>
#include <QSqlError>
#include <QTableView>

using namespace Qt::StringLiterals;

namespace Concord {

CellActions::CellActions(QTableView *grid, RecordDelegate *delegate, QWidget *window)
    : QObject(window)
    , m_grid(grid)
    , m_delegate(delegate)
    , m_window(window)
{
    m_editText = new QAction(tr("Edit Te&xt…"), this);
    m_editText->setObjectName(u"editTextAction"_s);
    m_editText->setShortcut(QKeySequence(Qt::SHIFT | Qt::Key_Return));
    // The grid's own: in an open cell editor the delegate takes Shift+Enter with the typed text.
    m_editText->setShortcutContext(Qt::WidgetShortcut);
    m_editText->setToolTip(tr("Edit the current text cell in a multi-line editor (Shift+Enter)"));
    m_editText->setStatusTip(m_editText->toolTip());
    connect(m_editText, &QAction::triggered, this, [this] {
        const QModelIndex index = m_grid->currentIndex();
        if (m_delegate->isTextCell(index))
            editText(index, index.data(Qt::EditRole).toString());
    });
    m_viewBlob = new QAction(tr("View &Blob…"), this);
    m_viewBlob->setObjectName(u"viewBlobAction"_s);
    m_viewBlob->setToolTip(tr("Show the current blob cell as hex, text or image; import or export its bytes (Enter)"));
    m_viewBlob->setStatusTip(m_viewBlob->toolTip());
    connect(m_viewBlob, &QAction::triggered, this, [this] { viewBlob(m_grid->currentIndex()); });
    m_grid->addActions({m_editText, m_viewBlob}); // the context menu, and the shortcut's widget

    connect(m_delegate, &RecordDelegate::textEditRequested, this, &CellActions::editText);
    // Enter and a double-click on a blob cell, which has no editor in the grid. (The view
    // activates on a double-click only when no editor was asked for: the double-click itself.)
    const auto viewIfBlob = [this](const QModelIndex &index) {
        if (CellFace::isBlob(m_delegate->declaredKind(index), index.data(Qt::EditRole)))
            viewBlob(index);
    };
    connect(m_grid, &QAbstractItemView::activated, this, viewIfBlob);
    connect(m_grid, &QAbstractItemView::doubleClicked, this, viewIfBlob);
    updateActions();
}

TextCellDialog *CellActions::textDialog() const
{
    return m_textDialog;
}

BlobViewer *CellActions::blobViewer() const
{
    return m_blobViewer;
}

void CellActions::setModel(VersionedTableModel *model)
{
    m_model = model;
    disconnect(m_currentChanged);
    if (model && m_grid->selectionModel())
        m_currentChanged = connect(m_grid->selectionModel(), &QItemSelectionModel::currentChanged, this, &CellActions::updateActions);
    updateActions();
}

void CellActions::updateActions()
{
    const QModelIndex index = m_grid->currentIndex();
    const bool cell = m_model && index.isValid();
    m_editText->setEnabled(cell && m_delegate->isTextCell(index));
    m_viewBlob->setEnabled(cell && CellFace::isBlob(m_delegate->declaredKind(index), index.data(Qt::EditRole)));
}

QString CellActions::columnName(const QModelIndex &index) const
{
    return index.model()->headerData(index.column(), Qt::Horizontal).toString();
}

void CellActions::editText(const QModelIndex &index, const QString &text)
{
    if (!m_model || !index.isValid() || m_textDialog || m_blobViewer)
        return;
    const bool editable = index.flags().testFlag(Qt::ItemIsEditable);
    auto *dialog = new TextCellDialog(columnName(index), text, !editable, m_window);
    dialog->setAttribute(Qt::WA_DeleteOnClose);
    const QPersistentModelIndex cell(index);
    connect(dialog, &QDialog::accepted, this, [this, dialog, cell] {
        // OK on what the cell holds writes nothing: a NULL stays NULL unless something was typed.
        const QVariant now = cell.data(Qt::EditRole);
        if (now.isNull() ? !dialog->text().isEmpty() : dialog->text() != now.toString())
            setCell(cell, dialog->text());
    });
    m_textDialog = dialog;
    holdRefreshes(dialog);
    dialog->open();
}

void CellActions::viewBlob(const QModelIndex &index)
{
    if (!m_model || !index.isValid() || m_textDialog || m_blobViewer)
        return;
    const QVariant value = index.data(Qt::EditRole);
    const bool editable = index.flags().testFlag(Qt::ItemIsEditable);
    auto *viewer = new BlobViewer(columnName(index), CellFace::bytesOf(value), value.isNull(), editable, m_window);
    viewer->setAttribute(Qt::WA_DeleteOnClose);
    const QPersistentModelIndex cell(index);
    connect(viewer, &BlobViewer::bytesImported, this, [this, cell](const QByteArray &bytes) { setCell(cell, bytes); });
    m_blobViewer = viewer;
    holdRefreshes(viewer);
    viewer->open();
}

// Others' commits wait while the dialog is open: a re-read would take its cell away. The grid
// re-reads when it closes, if it has nothing pending.
void CellActions::holdRefreshes(QDialog *dialog)
{
    m_delegate->setOutsideEditorOpen(true);
    connect(dialog, &QDialog::finished, this, [this] {
        m_delegate->setOutsideEditorOpen(false);
        if (m_model)
            QMetaObject::invokeMethod(m_model, &VersionedTableModel::refreshIfIdle, Qt::QueuedConnection);
    });
}

// Through setData(): a pending edit that EditUndo records, refused with the model's reason.
void CellActions::setCell(const QModelIndex &index, const QVariant &value)
{
    if (!m_model || !index.isValid()) {
        emit statusMessage(tr("The record was read again meanwhile; nothing was changed."));
        return;
    }
    if (!m_model->setData(index, value, Qt::EditRole))
        emit statusMessage(m_model->lastError().text());
}

} // namespace Concord
