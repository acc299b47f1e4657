// SPDX-License-Identifier: MIT
// SPDX-FileCopyrightText: 2026 Concord developers
#include "editundo.h"

#include <core/model/versionedtablemodel.h>
#include <core/values/valuecomparison.h>

#include <QAction>
#include <QKeySequence>
#include <QSqlField>
#include <QUndoCommand>
#include <QUndoStack>

#include <algorithm>

namespace Concord {

namespace {

// The steps' own changes of the model are not recorded again; a counter, since steps nest.
class Applying
{
public:
    explicit Applying(int &depth)
        : m_depth(depth)
    {
        ++m_depth;
    }
    ~Applying() { --m_depth; }
    Applying(const Applying &) = delete;
    Applying &operator=(const Applying &) = delete;

private:
    int &m_depth;
};

} // namespace

// One cell. A recorded edit has already happened when it is pushed: its first redo() is skipped.
class EditUndo::CellCommand : public QUndoCommand
{
public:
    CellCommand(EditUndo *undo, const CellChange &change, QVariant old, bool done, QUndoCommand *parent = nullptr)
        : QUndoCommand(parent)
        , m_undo(undo)
        , m_change(change)
        , m_old(std::move(old))
        , m_skipRedo(done)
    {
        setText(EditUndo::tr("Edit of %1").arg(undo->m_model->headerData(change.column, Qt::Horizontal).toString()));
    }

    void redo() override
    {
        if (std::exchange(m_skipRedo, false))
            return;
        m_undo->setCell(m_change.row, m_change.column, m_change.value);
    }
    void undo() override { m_undo->setCell(m_change.row, m_change.column, m_old); }

private:
    EditUndo *m_undo;
    CellChange m_change;
    QVariant m_old;
    bool m_skipRedo;
};

class EditUndo::InsertCommand : public QUndoCommand
{
public:
    InsertCommand(EditUndo *undo, const QSqlRecord &values, const QString &text)
        : m_undo(undo)
        , m_values(values)
    {
        setText(text);
    }

    void redo() override
    {
        m_row = m_undo->appendRow(m_values);
        m_undo->showChange(m_row, -1);
    }
    void undo() override
    {
        // Every later step is undone, so the row is the last one again.
        const Applying applying(m_undo->m_applying);
        if (m_row >= 0)
            m_undo->m_model->revertRow(m_row);
        m_undo->rememberShown();
    }
    int row() const { return m_row; }

private:
    EditUndo *m_undo;
    QSqlRecord m_values;
    int m_row = -1;
};

class EditUndo::RemoveCommand : public QUndoCommand
{
public:
    RemoveCommand(EditUndo *undo, QList<int> rows)
        : m_undo(undo)
    {
        std::sort(rows.begin(), rows.end());
        rows.erase(std::unique(rows.begin(), rows.end()), rows.end());
        for (int row : std::as_const(rows))
            m_rows.append({row, undo->snapshot(row)});
        setText(rows.size() == 1 ? EditUndo::tr("Delete of a row") : EditUndo::tr("Delete of %1 rows").arg(rows.size()));
    }

    void redo() override
    {
        const Applying applying(m_undo->m_applying);
        // From the bottom: a pending insert leaves the model and moves the rows below it.
        for (auto it = m_rows.crbegin(); it != m_rows.crend(); ++it)
            m_undo->m_model->removeRow(it->first);
        m_undo->rememberShown();
    }
    void undo() override
    {
        const Applying applying(m_undo->m_applying);
        for (const auto &[row, snapshot] : std::as_const(m_rows)) {
            if (snapshot.inserted) {
                m_undo->reinsertAt(row, snapshot);
            } else {
                m_undo->m_model->revertRow(row); // the stock revert of a delete: loaded again
                m_undo->restoreEdits(row, snapshot);
            }
        }
        m_undo->rememberShown();
        m_undo->showChange(m_rows.first().first, -1);
    }

private:
    EditUndo *m_undo;
    QList<QPair<int, RowSnapshot>> m_rows; ///< ascending, as they were before the delete
};

EditUndo::EditUndo(QObject *parent)
    : QObject(parent)
    , m_stack(new QUndoStack(this))
{
    m_undo = m_stack->createUndoAction(this, tr("&Undo"));
    m_undo->setObjectName(QStringLiteral("undoAction"));
    m_undo->setShortcut(QKeySequence::Undo);
    m_redo = m_stack->createRedoAction(this, tr("Re&do"));
    m_redo->setObjectName(QStringLiteral("redoAction"));
    // Ctrl+Shift+Z everywhere (QKeySequence::Redo is Ctrl+Y on some platforms), Ctrl+Y as well.
    m_redo->setShortcuts({QKeySequence(Qt::CTRL | Qt::SHIFT | Qt::Key_Z), QKeySequence(Qt::CTRL | Qt::Key_Y)});
}

EditUndo::~EditUndo() = default;

void EditUndo::setModel(VersionedTableModel *model)
{
    for (const QMetaObject::Connection &connection : std::as_const(m_connections))
        disconnect(connection);
    m_connections.clear();
    m_model = model;
    clear();
    if (!model)
        return;
    m_connections << connect(model, &QAbstractItemModel::dataChanged, this, &EditUndo::onDataChanged)
                  << connect(model, &QAbstractItemModel::modelReset, this, &EditUndo::onStructureChanged)
                  << connect(model, &QAbstractItemModel::layoutChanged, this, &EditUndo::onStructureChanged)
                  << connect(model, &QAbstractItemModel::rowsInserted, this, &EditUndo::onStructureChanged)
                  << connect(model, &QAbstractItemModel::rowsRemoved, this, &EditUndo::onStructureChanged)
                  << connect(model, &VersionedTableModel::recordModified, this, &EditUndo::clear)
                  // Others' changes shown in place touch no row with edits here: the steps stay.
                  << connect(model, &VersionedTableModel::aboutToRefreshRows, this, [this] { ++m_applying; })
                  << connect(model, &VersionedTableModel::rowsRefreshed, this, [this] {
                         --m_applying;
                         rememberShown();
                     });
}

void EditUndo::clear()
{
    m_stack->clear();
    rememberShown();
}

int EditUndo::insertRow(const QString &text, const QSqlRecord &values)
{
    if (!m_model || m_model->tableName().isEmpty() || m_model->isReadOnly())
        return -1;
    auto *command = new InsertCommand(this, values, text);
    push(command);
    if (command->row() < 0) {
        m_stack->undo(); // nothing to take back; the step leaves the history with the next push
        return -1;
    }
    return command->row();
}

bool EditUndo::removeRows(QList<int> rows)
{
    if (!m_model || rows.isEmpty() || m_model->isReadOnly())
        return false;
    push(new RemoveCommand(this, rows));
    return true;
}

bool EditUndo::setCells(const QList<CellChange> &changes, const QString &text)
{
    if (!m_model || changes.isEmpty() || m_model->isReadOnly())
        return false;
    auto *group = new QUndoCommand(text);
    for (const CellChange &change : changes)
        new CellCommand(this, change, shownValue(change.row, change.column), false, group);
    push(group);
    return true;
}

// A single cell changed by someone else than a step: an edit to record. Anything wider (a
// revert, a save adopting its rows, a re-read row) is not an edit, and the history no longer fits.
void EditUndo::onDataChanged(const QModelIndex &topLeft, const QModelIndex &bottomRight)
{
    if (m_applying)
        return;
    if (topLeft != bottomRight) {
        clear();
        return;
    }
    const CellChange change{topLeft.row(), topLeft.column(), m_model->data(topLeft, Qt::EditRole)};
    push(new CellCommand(this, change, shownValue(change.row, change.column), true));
    rememberShown();
}

void EditUndo::push(QUndoCommand *command)
{
    const Applying pushing(m_pushing);
    m_stack->push(command);
}

void EditUndo::showChange(int row, int column)
{
    if (!m_pushing && row >= 0)
        emit changeApplied(row, column);
}

void EditUndo::onStructureChanged()
{
    if (!m_applying)
        clear();
}

// Only pending rows can differ from what the model loaded; the others' old values are their base.
void EditUndo::rememberShown()
{
    m_shown.clear();
    if (!m_model || m_model->tableName().isEmpty())
        return;
    for (int row : m_model->pendingRows())
        m_shown.insert(row, m_model->record(row));
}

QVariant EditUndo::shownValue(int row, int column) const
{
    const auto it = m_shown.constFind(row);
    if (it != m_shown.constEnd())
        return it->value(column);
    return m_model->baseRecord(row).value(column);
}

// Sets a cell; a loaded row whose edits all hold their loaded values again is reverted, so that
// undoing down to the loaded state leaves nothing pending.
void EditUndo::setCell(int row, int column, const QVariant &value)
{
    const Applying applying(m_applying);
    m_model->setData(m_model->index(row, column), value);
    if (m_model->rowState(row) == VersionedTableModel::RowState::Updated) {
        const QSqlRecord base = m_model->baseRecord(row);
        const QSqlRecord shown = m_model->record(row);
        bool unchanged = !base.isEmpty();
        for (int c = 0; c < shown.count() && unchanged; ++c)
            unchanged = !shown.isGenerated(c) || sameValue(shown.value(c), base.value(c));
        if (unchanged)
            m_model->revertRow(row);
    }
    rememberShown();
    showChange(row, column);
}

EditUndo::RowSnapshot EditUndo::snapshot(int row) const
{
    return {m_model->rowState(row) == VersionedTableModel::RowState::Inserted, m_model->record(row)};
}

void EditUndo::restoreEdits(int row, const RowSnapshot &snapshot)
{
    for (int c = 0; c < snapshot.record.count(); ++c) {
        if (snapshot.record.isGenerated(c))
            m_model->setData(m_model->index(row, c), snapshot.record.value(c));
    }
}

// A new row at the bottom holding \a values' fields that are generated and not null (by name).
int EditUndo::appendRow(const QSqlRecord &values)
{
    const Applying applying(m_applying);
    if (!m_model->insertRow(m_model->rowCount()))
        return -1;
    const int row = m_model->rowCount() - 1;
    for (int i = 0; i < values.count(); ++i) {
        const int column = m_model->fieldIndex(values.fieldName(i));
        if (column >= 0 && values.isGenerated(i) && !values.isNull(i))
            m_model->setData(m_model->index(row, column), values.value(i));
    }
    rememberShown();
    return row;
}

// New rows can only be appended: the pending inserts from \a row down are taken out, and put
// back after the restored one, each with exactly the fields it had set.
void EditUndo::reinsertAt(int row, const RowSnapshot &snapshot)
{
    QList<RowSnapshot> below;
    for (int r = row; r < m_model->rowCount(); ++r)
        below << EditUndo::snapshot(r);
    for (int r = m_model->rowCount() - 1; r >= row; --r)
        m_model->revertRow(r);
    below.prepend(snapshot);
    for (const RowSnapshot &inserted : std::as_const(below)) {
        if (m_model->insertRow(m_model->rowCount()))
            restoreEdits(m_model->rowCount() - 1, inserted);
    }
}

} // namespace Concord
