// SPDX-License-Identifier: MIT
// SPDX-FileCopyrightText: 2026 Concord developers
#pragma once

#include <QObject>
#include <QPointer>

class QAction;
class QDialog;
class QModelIndex;
class QTableView;
class QWidget;

namespace Concord {

class BlobViewer;
class RecordDelegate;
class TextCellDialog;
class VersionedTableModel;

/// The grid's editors that do not fit in a cell, and their actions:
/// - Edit Text… (editTextAction, Shift+Enter on the grid; also when a text cell's value holds a
///   line break, or Shift+Enter in its cell editor): the TextCellDialog; OK or Ctrl+Enter sets
///   the cell, Escape leaves it;
/// - View Blob… (viewBlobAction; Enter or a double-click on a blob cell): the BlobViewer; its
///   Import from File… sets the cell to the file's bytes.
/// Every change is a pending edit through the model's setData(), so EditUndo takes it back and
/// Save writes it. The dialogs are window-modal (open()), one at a time; others' commits are not
/// shown while one is open (RecordDelegate::isEditing()), so that its cell stays where it was.
class CellActions : public QObject
{
    Q_OBJECT

public:
    /// Works on \a grid (painted by \a delegate); dialogs open over \a window.
    CellActions(QTableView *grid, RecordDelegate *delegate, QWidget *window);

    /// Follows \a model, the grid's (nullptr: none).
    void setModel(VersionedTableModel *model);
    QAction *editTextAction() const { return m_editText; }
    QAction *viewBlobAction() const { return m_viewBlob; }
    /// The open dialogs, if any (for tests and the screenshots).
    TextCellDialog *textDialog() const;
    BlobViewer *blobViewer() const;

public Q_SLOTS:
    /// Opens the multi-line editor on \a index, starting with \a text.
    void editText(const QModelIndex &index, const QString &text);
    /// Opens the blob viewer on \a index.
    void viewBlob(const QModelIndex &index);

Q_SIGNALS:
    /// A line for the status bar (a refused value).
    void statusMessage(const QString &text);

private:
    void updateActions();
    void setCell(const QModelIndex &index, const QVariant &value);
    void holdRefreshes(QDialog *dialog);
    QString columnName(const QModelIndex &index) const;

    QTableView *m_grid;
    RecordDelegate *m_delegate;
    QWidget *m_window;
    QPointer<VersionedTableModel> m_model;
    QAction *m_editText = nullptr;
    QAction *m_viewBlob = nullptr;
    QPointer<TextCellDialog> m_textDialog;
    QPointer<BlobViewer> m_blobViewer;
    QMetaObject::Connection m_currentChanged;
};

} // namespace Concord
