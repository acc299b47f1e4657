// SPDX-License-Identifier: MIT
// SPDX-FileCopyrightText: 2026 Concord developers
#pragma once

#include <QHash>
#include <QList>
#include <QModelIndex>
#include <QObject>
#include <QSqlRecord>
#include <QVariant>

class QAction;
class QUndoCommand;
class QUndoStack;

namespace Concord {

class VersionedTableModel;

/// One cell's new value, for setCells().
struct CellChange
{
    int row = -1;
    int column = -1;
    QVariant value;
};

/// Undo and redo of the grid's unsaved edits (Edit > Undo, Ctrl+Z; Edit > Redo, Ctrl+Shift+Z).
///
/// A cell edit made anywhere (the delegate's editor, Set to NULL) is recorded as it reaches the
/// model, from its dataChanged(); rows are added and deleted through insertRow() and removeRows(),
/// several cells at once (a paste) through setCells(), each one step. Undo goes down to the
/// loaded state: undoing a cell back to its loaded value, when the row holds no other edit,
/// reverts the row, so that it is no longer pending; undoing an insert removes the row; undoing
/// a delete gives the row back its pending edits.
///
/// Undo never touches saved data: the history is cleared by anything that changes the model
/// other than these steps (a save, a Reload or other select(), a table switch, Revert Row/All, a
/// conflict appearing or being resolved, a live refresh), since its steps would no longer start
/// from what the grid shows. Every step goes through the model's setData(), insertRows(),
/// removeRows() and revertRow(), so the crash journal, which follows pendingChanged(), agrees.
class EditUndo : public QObject
{
    Q_OBJECT

public:
    explicit EditUndo(QObject *parent = nullptr);
    ~EditUndo() override;

    /// Follows \a model (nullptr: none); the history is cleared.
    void setModel(VersionedTableModel *model);
    QUndoStack *stack() const { return m_stack; }
    /// Edit > Undo "…" and Edit > Redo "…", named after the step they would undo or redo.
    QAction *undoAction() const { return m_undo; }
    QAction *redoAction() const { return m_redo; }

    /// Appends a new pending row, with \a values set where given (a non-null field of the record,
    /// matched by name), as one step named \a text; returns its row, or -1 when refused.
    int insertRow(const QString &text, const QSqlRecord &values = QSqlRecord());
    /// Marks \a rows deleted (pending inserts leave the grid), as one step.
    bool removeRows(QList<int> rows);
    /// Sets every cell of \a changes as one step named \a text (a paste).
    bool setCells(const QList<CellChange> &changes, const QString &text);

public Q_SLOTS:
    /// Forgets the history.
    void clear();

Q_SIGNALS:
    /// An undo or redo changed \a row (\a column -1: the whole row), for the view to show it.
    /// Not emitted for the step being recorded or pushed: that change is where the user is.
    void changeApplied(int row, int column);

private:
    class CellCommand;
    class InsertCommand;
    class RemoveCommand;
    friend class CellCommand;
    friend class InsertCommand;
    friend class RemoveCommand;

    struct RowSnapshot
    {
        bool inserted = false;
        QSqlRecord record; ///< generated() marks the fields that hold an edit
    };

    void onDataChanged(const QModelIndex &topLeft, const QModelIndex &bottomRight);
    void onStructureChanged();
    void rememberShown();
    void push(QUndoCommand *command);
    void showChange(int row, int column);
    QVariant shownValue(int row, int column) const;

    // Used by the commands, with m_applying set.
    void setCell(int row, int column, const QVariant &value);
    RowSnapshot snapshot(int row) const;
    void restoreEdits(int row, const RowSnapshot &snapshot);
    int appendRow(const QSqlRecord &values);
    void reinsertAt(int row, const RowSnapshot &snapshot);

    VersionedTableModel *m_model = nullptr;
    QUndoStack *m_stack = nullptr;
    QAction *m_undo = nullptr;
    QAction *m_redo = nullptr;
    QList<QMetaObject::Connection> m_connections;
    QHash<int, QSqlRecord> m_shown; ///< pending rows as last seen: the old values of the next edit
    int m_applying = 0;             ///< inside a step: the model's signals are our own
    int m_pushing = 0;              ///< inside push(): the change is the user's own, not an undo
};

} // namespace Concord
