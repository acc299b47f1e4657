// SPDX-License-Identifier: MIT
// SPDX-FileCopyrightText: 2026 Concord developers
#include "recordform.h"

#include <ui/editor/recorddelegate.h>
#include <ui/cells/calendarcelleditor.h>
#include <ui/cells/cellface.h>
#include <ui/widgets/celleditor.h>

#include <core/db/columnkinds.h>
#include <core/db/tableschema.h>
#include <core/model/referencelabels.h>
#include <core/model/versionedtablemodel.h>
#include <core/values/valuefromtext.h>

#include <QCheckBox>
#include <QEvent>
#include <QFormLayout>
#include <QHBoxLayout>
#include <QKeyEvent>
#include <QLabel>
#include <QLocale>
#include <QPlainTextEdit>
#include <QPushButton>
#include <QScrollArea>
#include <QToolButton>
#include <QSqlField>
#include <QVBoxLayout>

using namespace Qt::StringLiterals;

namespace Concord {

struct RecordForm::Field
{
    int column = -1;
    QString name;
    ValueKind kind = ValueKind::Unknown;  ///< what the column accepts (columnKind())
    ValueKind shown = ValueKind::Unknown; ///< how it is shown and edited (declaredKinds(), as the grid)
    QLabel *label = nullptr;
    QWidget *row = nullptr;    ///< the editor, and for a reference its label and chooser
    QWidget *editor = nullptr;
    QLabel *note = nullptr;    ///< a reference's label
    QToolButton *choose = nullptr;
    QString startText; ///< what the field showed when last read from the model
    Qt::CheckState startCheck = Qt::PartiallyChecked; ///< a check box's state when last read
    QString problem;
};

namespace {

QString editorText(const QWidget *editor)
{
    if (const auto *calendar = qobject_cast<const CalendarCellEditor *>(editor))
        return calendar->text();
    if (const auto *text = qobject_cast<const QPlainTextEdit *>(editor))
        return text->toPlainText();
    if (const auto *line = qobject_cast<const QLineEdit *>(editor))
        return line->text();
    return {};
}

bool isReadOnlyField(const QWidget *editor)
{
    if (const auto *calendar = qobject_cast<const CalendarCellEditor *>(editor))
        return calendar->isReadOnly();
    if (const auto *box = qobject_cast<const QCheckBox *>(editor))
        return !box->property("editable").toBool();
    if (const auto *text = qobject_cast<const QPlainTextEdit *>(editor))
        return text->isReadOnly();
    if (const auto *line = qobject_cast<const QLineEdit *>(editor))
        return line->isReadOnly();
    return true;
}

// A start text no field can hold: the field has not been read from the model for this record.
QString notRead()
{
    return QString(QChar(0xFFFF));
}

QString blobText(const QVariant &value)
{
    return RecordForm::tr("blob, %1 bytes").arg(QLocale().toString(qlonglong(value.toByteArray().size())));
}

// One line high for a short text, up to six for a long one; the rest scrolls.
void fitTextHeight(QPlainTextEdit *text)
{
    const int lines = qBound(1, text->document()->blockCount(), 6);
    const int margins = int(2 * text->document()->documentMargin()) + 2 * text->frameWidth();
    text->setFixedHeight(text->fontMetrics().lineSpacing() * lines + margins + 2);
}

} // namespace

RecordForm::RecordForm(QWidget *parent)
    : QWidget(parent)
{
    setObjectName(u"recordForm"_s);
    setAccessibleName(tr("Record form"));
    auto *layout = new QVBoxLayout(this);
    layout->setContentsMargins(4, 4, 4, 4);

    auto *header = new QHBoxLayout;
    m_previous = new QPushButton(tr("◀ &Previous"));
    m_previous->setObjectName(u"formPrevious"_s);
    m_previous->setToolTip(tr("Previous record (Ctrl+Page Up)"));
    m_next = new QPushButton(tr("&Next ▶"));
    m_next->setObjectName(u"formNext"_s);
    m_next->setToolTip(tr("Next record (Ctrl+Page Down)"));
    m_position = new QLabel;
    m_position->setObjectName(u"formPosition"_s);
    m_state = new QLabel;
    m_state->setObjectName(u"formState"_s);
    m_review = new QPushButton(tr("Review &Conflict…"));
    m_review->setObjectName(u"formReview"_s);
    m_review->hide();
    header->addWidget(m_previous);
    header->addWidget(m_next);
    header->addSpacing(12);
    header->addWidget(m_position);
    header->addSpacing(12);
    header->addWidget(m_state, 1);
    header->addWidget(m_review);
    layout->addLayout(header);
    connect(m_previous, &QPushButton::clicked, this, [this] { Q_EMIT moveRequested(-1); });
    connect(m_next, &QPushButton::clicked, this, [this] { Q_EMIT moveRequested(+1); });
    connect(m_review, &QPushButton::clicked, this, [this] { Q_EMIT reviewRequested(m_row); });
    m_previous->setShortcut(QKeySequence(Qt::CTRL | Qt::Key_PageUp));
    m_next->setShortcut(QKeySequence(Qt::CTRL | Qt::Key_PageDown));

    auto *scroll = new QScrollArea;
    scroll->setWidgetResizable(true);
    scroll->setFrameShape(QFrame::NoFrame);
    m_fieldArea = new QWidget;
    auto *areaLayout = new QVBoxLayout(m_fieldArea);
    m_layout = new QFormLayout;
    areaLayout->addLayout(m_layout);
    areaLayout->addStretch(1); // the fields stay at the top, however tall the window
    m_layout->setFieldGrowthPolicy(QFormLayout::AllNonFixedFieldsGrow);
    m_layout->setLabelAlignment(Qt::AlignRight | Qt::AlignTop);
    scroll->setWidget(m_fieldArea);
    layout->addWidget(scroll, 1);
    updateHeader();
}

RecordForm::~RecordForm() = default;

void RecordForm::setModel(VersionedTableModel *model)
{
    for (const auto &connection : std::as_const(m_connections))
        disconnect(connection);
    m_connections.clear();
    m_model = model;
    m_row = -1;
    if (model) {
        // Every re-read resets the model (a live refresh, a sort): the fields are built again only
        // when the columns changed, so the field being looked at keeps the focus.
        m_connections << connect(model, &QAbstractItemModel::modelReset, this, &RecordForm::afterReset);
        m_connections << connect(model, &QAbstractItemModel::dataChanged, this, [this] { reload(); });
        m_connections << connect(model, &QAbstractItemModel::rowsInserted, this, [this] { updateHeader(); });
        m_connections << connect(model, &QAbstractItemModel::rowsRemoved, this, [this] { updateHeader(); });
        m_connections << connect(model, &VersionedTableModel::pendingChanged, this, [this] { reload(); });
        m_connections << connect(model, &VersionedTableModel::refreshed, this, [this] { reload(); });
    }
    rebuild();
}

void RecordForm::setReferences(ReferenceLabels *references)
{
    m_references = references;
    if (references)
        connect(references, &ReferenceLabels::labelsChanged, this, &RecordForm::reload, Qt::UniqueConnection);
}

void RecordForm::setRow(int row, const QList<int> &hiddenColumns)
{
    const bool sameColumns = hiddenColumns == m_hidden;
    m_hidden = hiddenColumns;
    if (!sameColumns)
        rebuild();
    if (row != m_row) {
        m_row = row;
        // Another record: nothing typed for the last one may linger.
        for (Field &field : m_fields)
            field.startText = notRead();
    }
    reload();
}

QWidget *RecordForm::field(const QString &column) const
{
    for (const Field &field : m_fields) {
        if (field.name.compare(column, Qt::CaseInsensitive) == 0)
            return field.editor;
    }
    return nullptr;
}

void RecordForm::afterReset()
{
    if (m_refreshing)
        return; // setRefreshing(false) looks again
    if (columnNames() != m_builtColumns)
        rebuild();
    else
        reload();
}

void RecordForm::setRefreshing(bool refreshing)
{
    m_refreshing = refreshing;
    if (!refreshing)
        afterReset();
}

QStringList RecordForm::columnNames() const
{
    QStringList names;
    if (m_model && !m_model->tableName().isEmpty()) {
        names << m_model->tableName();
        const QSqlRecord record = m_model->record();
        for (int column = 0; column < record.count(); ++column)
            names << record.fieldName(column);
    }
    return names;
}

// One field per column of the table, in table order.
void RecordForm::rebuild()
{
    m_builtColumns = columnNames();
    for (Field &field : m_fields)
        m_layout->removeRow(field.row);
    m_fields.clear();
    if (!m_model || m_model->tableName().isEmpty()) {
        updateHeader();
        return;
    }
    const QSqlRecord record = m_model->record();
    const QList<ValueKind> shown = declaredKinds(m_model->database(), m_model->tableName(), record);
    for (int column = 0; column < record.count(); ++column) {
        if (!m_hidden.contains(column))
            m_fields << createField(column, record.fieldName(column), shown.value(column, m_model->columnKind(column)));
    }
    if (m_row >= m_model->rowCount())
        m_row = -1;
    reload();
}

RecordForm::Field RecordForm::createField(int column, const QString &name, ValueKind shown)
{
    Field field;
    field.column = column;
    field.name = name;
    field.kind = m_model->columnKind(column);
    field.shown = shown;
    field.editor = createEditor(field);
    field.editor->setObjectName(u"formField_"_s + field.name);
    field.editor->installEventFilter(this);
    field.row = new QWidget;
    auto *row = new QHBoxLayout(field.row);
    row->setContentsMargins(0, 0, 0, 0);
    row->addWidget(field.editor, 1);
    if (m_references && m_references->target(name)) {
        // A reference: the referenced record's label beside the key, and the chooser.
        field.note = new QLabel;
        field.note->setObjectName(u"formNote_"_s + field.name);
        field.note->setMinimumWidth(160);
        row->addWidget(field.note, 1);
        auto *choose = new QToolButton;
        choose->setObjectName(u"formChoose_"_s + field.name);
        choose->setText(tr("Choose…"));
        choose->setToolTip(tr("Choose the referenced record of %1 (F4)").arg(m_references->target(name)->table));
        connect(choose, &QToolButton::clicked, this, [this, column] { Q_EMIT chooseRequested(column); });
        row->addWidget(choose);
        field.choose = choose;
    }
    field.label = new QLabel(field.name + u':');
    field.label->setBuddy(field.editor);
    const QSqlField info = m_model->schema().fields.field(field.name);
    field.label->setToolTip(info.requiredStatus() == QSqlField::Required ? tr("%1 (required)").arg(field.name) : field.name);
    m_layout->addRow(field.label, field.row);
    return field;
}

// Text gets a field that grows with its lines (Shift+Enter starts a new one; Enter commits, as
// in the grid); blobs are described, not edited; other kinds are read by CellEditor as typed.
QWidget *RecordForm::createEditor(const Field &field)
{
    // Dates and timestamps with the grid's calendar, booleans as check boxes (NULL: partly checked).
    if (field.shown == ValueKind::Date || field.shown == ValueKind::DateTime) {
        auto *calendar = new CalendarCellEditor(field.shown == ValueKind::DateTime, field.kind);
        connect(calendar, &QDateTimeEdit::editingFinished, this, [this, calendar] {
            if (Field *f = fieldOf(calendar))
                commitField(*f);
        });
        return calendar;
    }
    if (field.shown == ValueKind::Boolean) {
        auto *box = new QCheckBox;
        box->setTristate(true);
        connect(box, &QCheckBox::clicked, this, [this, box] {
            // A click cycles through the partial state too: NULL comes by Set to NULL only.
            if (box->checkState() == Qt::PartiallyChecked)
                box->setCheckState(Qt::Checked);
            if (Field *f = fieldOf(box))
                commitField(*f);
        });
        return box;
    }
    if (field.kind == ValueKind::Text) {
        auto *text = new QPlainTextEdit;
        text->setTabChangesFocus(true); // Tab goes to the next field, as in any form
        text->setLineWrapMode(QPlainTextEdit::WidgetWidth);
        fitTextHeight(text);
        connect(text, &QPlainTextEdit::textChanged, this, [text] { fitTextHeight(text); });
        return text;
    }
    if (field.kind == ValueKind::Blob)
        return new QLineEdit;
    auto *editor = new CellEditor(field.kind, field.name);
    editor->setFrame(true);
    connect(editor, &QLineEdit::returnPressed, this, [this, editor] {
        if (Field *f = fieldOf(editor))
            commitField(*f);
    });
    return editor;
}

void RecordForm::reload()
{
    if (m_loading || m_refreshing)
        return;
    ++m_loading;
    for (Field &field : m_fields)
        loadField(field);
    updateHeader();
    --m_loading;
}

void RecordForm::loadField(Field &field)
{
    const bool valid = m_model && m_row >= 0 && m_row < m_model->rowCount();
    const QModelIndex index = valid ? m_model->index(m_row, field.column) : QModelIndex();
    // Typed text not yet committed stays as it is, whatever arrives from the model meanwhile.
    if (field.editor->hasFocus() && field.startText != notRead() && isChanged(field))
        return;
    const QVariant value = index.isValid() ? index.data(Qt::EditRole) : QVariant();
    // A saved record's key identifies it for everyone: the form shows it and leaves it alone.
    const bool savedKey = index.isValid() && m_model->schema().isKeyColumn(field.name)
        && m_model->rowState(m_row) != VersionedTableModel::RowState::Inserted;
    const bool editable = index.isValid() && (m_model->flags(index) & Qt::ItemIsEditable) && field.kind != ValueKind::Blob
        && !savedKey;
    const QString text = field.kind == ValueKind::Blob && !value.isNull() ? blobText(value) : CellEditor::textOf(value);
    field.startText = text;
    field.problem.clear();
    if (auto *calendar = qobject_cast<CalendarCellEditor *>(field.editor)) {
        const QSignalBlocker blocker(calendar);
        calendar->setStartValue(value);
        calendar->setReadOnly(!editable);
        field.startText = calendar->text();
    } else if (auto *box = qobject_cast<QCheckBox *>(field.editor)) {
        const std::optional<bool> state = CellFace::booleanOf(value);
        field.startCheck = !state ? Qt::PartiallyChecked : (*state ? Qt::Checked : Qt::Unchecked);
        const QSignalBlocker blocker(box);
        box->setCheckState(field.startCheck);
        box->setText(state ? QString() : u"NULL"_s);
        box->setProperty("editable", editable);
    } else if (auto *cell = qobject_cast<CellEditor *>(field.editor)) {
        cell->setStartText(text);
        cell->setReadOnly(!editable);
        cell->setPlaceholderText(value.isNull() && index.isValid() ? u"NULL"_s : QString());
    } else if (auto *plain = qobject_cast<QPlainTextEdit *>(field.editor)) {
        plain->setPlainText(text);
        plain->setReadOnly(!editable);
        plain->setPlaceholderText(value.isNull() && index.isValid() ? u"NULL"_s : QString());
    } else if (auto *line = qobject_cast<QLineEdit *>(field.editor)) {
        line->setText(text);
        line->setReadOnly(true);
        line->setPlaceholderText(value.isNull() && index.isValid() ? u"NULL"_s : QString());
    }
    const bool readable = index.isValid() && !m_model->isUnreadable(m_row);
    field.editor->setEnabled(qobject_cast<QCheckBox *>(field.editor) ? readable && editable : readable);
    if (field.note)
        field.note->setText(m_references ? m_references->label(field.name, value) : QString());
    if (field.choose)
        field.choose->setEnabled(editable);
    markField(field);
}

bool RecordForm::commitField(Field &field)
{
    if (m_loading || !m_model || m_row < 0 || isReadOnlyField(field.editor))
        return true;
    if (!isChanged(field))
        return true;
    const Result<QVariant> value = typedValue(field);
    QString problem;
    if (!value)
        problem = value.error().message;
    else if (!m_model->setData(m_model->index(m_row, field.column), value.value()))
        problem = m_model->lastError().text();
    field.problem = problem;
    field.editor->setToolTip(problem);
    Q_EMIT invalidInput(problem);
    if (!problem.isEmpty())
        return false;
    // The other fields were read again by dataChanged(); this one shows the value as stored
    // ("3.5" for a typed "3.50").
    field.startText = notRead();
    loadField(field);
    return true;
}

bool RecordForm::commitFields()
{
    for (Field &field : m_fields) {
        if (!commitField(field)) {
            field.editor->setFocus();
            return false;
        }
    }
    return true;
}

bool RecordForm::hasUncommittedText() const
{
    return std::any_of(m_fields.cbegin(), m_fields.cend(), [](const Field &field) {
        return !isReadOnlyField(field.editor) && field.startText != notRead() && isChanged(field);
    });
}

bool RecordForm::isChanged(const Field &field)
{
    if (const auto *calendar = qobject_cast<const CalendarCellEditor *>(field.editor))
        return calendar->isChanged();
    if (const auto *box = qobject_cast<const QCheckBox *>(field.editor))
        return box->checkState() != field.startCheck;
    return editorText(field.editor) != field.startText;
}

// The field's value in the form its column takes: the calendar's, the box's, or the text read
// by the column's kind (the reason when it does not fit).
Result<QVariant> RecordForm::typedValue(const Field &field)
{
    if (const auto *calendar = qobject_cast<const CalendarCellEditor *>(field.editor))
        return calendar->value();
    if (const auto *box = qobject_cast<const QCheckBox *>(field.editor)) {
        if (box->checkState() == Qt::PartiallyChecked)
            return QVariant(QMetaType(QMetaType::Bool));
        return QVariant(box->checkState() == Qt::Checked);
    }
    return valueFromText(editorText(field.editor), field.kind, field.name);
}

// The grid's marks: a conflicting record red, a new one and edited fields tinted.
void RecordForm::markField(Field &field)
{
    QPalette palette = this->palette();
    if (isReadOnlyField(field.editor)) // shown, not edited: it looks it
        palette.setColor(QPalette::Base, palette.color(QPalette::Window));
    if (m_model && m_row >= 0 && m_row < m_model->rowCount()) {
        const QModelIndex index = m_model->index(m_row, field.column);
        const auto state = m_model->rowState(m_row);
        using RowState = VersionedTableModel::RowState;
        if (m_model->hasConflict(m_row))
            palette.setColor(QPalette::Base, RecordDelegate::stateColor(RecordDelegate::RowMark::Conflict, palette));
        else if (state == RowState::Inserted)
            palette.setColor(QPalette::Base, RecordDelegate::stateColor(RecordDelegate::RowMark::Inserted, palette));
        else if (state == RowState::Updated && index.data(VersionedTableModel::DirtyRole).toBool())
            palette.setColor(QPalette::Base, RecordDelegate::stateColor(RecordDelegate::RowMark::Edited, palette));
    }
    field.editor->setPalette(palette);
}

void RecordForm::updateHeader()
{
    const int rows = m_model ? m_model->rowCount() : 0;
    const bool valid = m_model && m_row >= 0 && m_row < rows;
    m_position->setText(valid ? tr("Record %1 of %2").arg(QLocale().toString(m_row + 1), QLocale().toString(rows))
                              : tr("No record"));
    m_previous->setEnabled(valid && m_row > 0);
    m_next->setEnabled(valid && m_row + 1 < rows);
    QString state;
    const bool conflict = valid && m_model->hasConflict(m_row);
    if (conflict) {
        state = RecordDelegate::conflictMark() + tr("Someone else changed this record since you loaded it.");
    } else if (valid) {
        switch (m_model->rowState(m_row)) {
        case VersionedTableModel::RowState::Inserted: state = tr("New record, not saved yet."); break;
        case VersionedTableModel::RowState::Updated: state = tr("Unsaved edits."); break;
        case VersionedTableModel::RowState::Deleted: state = tr("Marked for deletion: Save deletes it."); break;
        case VersionedTableModel::RowState::Unchanged: break;
        }
    }
    m_state->setText(state);
    m_review->setVisible(conflict);
}

RecordForm::Field *RecordForm::fieldOf(const QObject *editor)
{
    for (Field &field : m_fields) {
        if (field.editor == editor)
            return &field;
    }
    return nullptr;
}

bool RecordForm::eventFilter(QObject *watched, QEvent *event)
{
    Field *field = fieldOf(watched);
    if (!field)
        return QWidget::eventFilter(watched, event);
    if (event->type() == QEvent::ShortcutOverride) {
        // Text fields would take Ctrl+Page Up/Down for themselves: they belong to Previous/Next.
        const auto *key = static_cast<QKeyEvent *>(event);
        if ((key->key() == Qt::Key_PageUp || key->key() == Qt::Key_PageDown) && key->modifiers() == Qt::ControlModifier) {
            event->ignore();
            return true;
        }
    }
    if (event->type() == QEvent::FocusIn) {
        Q_EMIT fieldFocused(field->column);
    } else if (event->type() == QEvent::FocusOut) {
        commitField(*field); // a value that does not fit keeps its text and shows why
    } else if (event->type() == QEvent::KeyPress) {
        const auto *key = static_cast<QKeyEvent *>(event);
        if (key->key() == Qt::Key_Escape && editorText(field->editor) != field->startText) {
            // Escape takes back what was typed into the field, as in the grid.
            field->startText = notRead();
            loadField(*field);
            Q_EMIT invalidInput(QString());
            return true;
        }
        if ((key->key() == Qt::Key_PageUp || key->key() == Qt::Key_PageDown) && key->modifiers() == Qt::ControlModifier) {
            Q_EMIT moveRequested(key->key() == Qt::Key_PageUp ? -1 : +1);
            return true;
        }
        const bool enter = key->key() == Qt::Key_Return || key->key() == Qt::Key_Enter;
        if (enter && !(key->modifiers() & Qt::ShiftModifier) && qobject_cast<QPlainTextEdit *>(field->editor)) {
            commitField(*field);
            return true;
        }
    }
    return QWidget::eventFilter(watched, event);
}

} // namespace Concord
