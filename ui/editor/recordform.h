// SPDX-License-Identifier: MIT
// SPDX-FileCopyrightText: 2026 Concord developers
#pragma once

#include <core/result.h>
#include <core/values/columntype.h>

#include <QList>
#include <QPointer>
#include <QStringList>
#include <QWidget>

class QFormLayout;
class QLabel;
class QPushButton;
class QPlainTextEdit;
class QToolButton;

namespace Concord {

class ReferenceLabels;
class VersionedTableModel;

/// The form view (View > Form View, Ctrl+Shift+F): the current record of the grid as one labelled
/// field per column, with Previous and Next.
///
/// It edits the same model as the grid, through setData(): a changed field is a pending edit of
/// the row like a cell edit, marked the same way (RecordDelegate's colours; the conflict mark and
/// a Review button when someone else changed the record), undone by Edit > Undo and written by
/// Save through the one save path, conflicts included. Fields are read as their column's kind as
/// they are typed (CellEditor); a value that does not fit keeps its text and the reason, and the
/// form does not move to another record until it is fixed or undone with Escape. Text columns
/// get a multi-line field; the key of a saved record, the version and blobs are shown, not edited.
///
/// What is being typed is never overwritten: when the model changes (a live refresh, an undo),
/// every field is read again except one that holds typed text not yet committed.
class RecordForm : public QWidget
{
    Q_OBJECT

public:
    explicit RecordForm(QWidget *parent = nullptr);
    ~RecordForm() override;

    void setModel(VersionedTableModel *model);
    /// The foreign keys of the shown table: a reference's field shows the referenced record's
    /// label and a Choose… button (chooseRequested()). Set before setModel() or setRow().
    void setReferences(ReferenceLabels *references);
    /// Shows the record of \a row (-1: none); columns hidden in the grid are left out.
    void setRow(int row, const QList<int> &hiddenColumns = {});
    int row() const { return m_row; }
    /// The field of \a column (a CellEditor, a QPlainTextEdit or, when not editable, a QLineEdit
    /// that is read-only); nullptr when the form has none.
    QWidget *field(const QString &column) const;
    /// Commits every field whose text changed; false (focusing the first) when one does not fit
    /// its column: the caller must not leave the record then.
    bool commitFields();
    /// True while a field holds typed text that is not yet in the model.
    bool hasUncommittedText() const;
    /// While the model is re-read (a live refresh resets it, empty for a moment, before its rows
    /// are back), the fields keep what they show and stay enabled, so the field being looked at
    /// keeps the focus; they are read again when \a refreshing goes false.
    void setRefreshing(bool refreshing);

Q_SIGNALS:
    /// Previous (-1) or Next (+1) was asked for.
    void moveRequested(int delta);
    /// A field got the focus: the grid's current cell follows (Set to NULL, Copy act on it).
    void fieldFocused(int column);
    /// A reference's Choose… was clicked.
    void chooseRequested(int column);
    /// Review Conflict… was clicked for the shown record.
    void reviewRequested(int row);
    /// A field's value cannot be committed, for \a reason; empty when it can again.
    void invalidInput(const QString &reason);

protected:
    bool eventFilter(QObject *watched, QEvent *event) override;

private:
    struct Field;
    void rebuild();
    void afterReset();
    QStringList columnNames() const;
    Field createField(int column, const QString &name, ValueKind shown);
    static bool isChanged(const Field &field);
    static Result<QVariant> typedValue(const Field &field);
    QWidget *createEditor(const Field &field);
    void reload();
    void loadField(Field &field);
    bool commitField(Field &field);
    void markField(Field &field);
    void updateHeader();
    Field *fieldOf(const QObject *editor);

    QPointer<VersionedTableModel> m_model;
    QPointer<ReferenceLabels> m_references;
    int m_row = -1;
    QList<int> m_hidden;
    QStringList m_builtColumns; ///< the table and columns the fields were built for
    QList<Field> m_fields;
    QFormLayout *m_layout = nullptr;
    QWidget *m_fieldArea = nullptr;
    QLabel *m_position = nullptr;
    QLabel *m_state = nullptr;
    QPushButton *m_previous = nullptr;
    QPushButton *m_next = nullptr;
    QPushButton *m_review = nullptr;
    QList<QMetaObject::Connection> m_connections;
    int m_loading = 0;
    bool m_refreshing = false;
};

} // namespace Concord
