// SPDX-License-Identifier: MIT
// SPDX-FileCopyrightText: 2026 Concord developers
#include "valueeditor.h"

#include <QCheckBox>
#include <QDateTimeEdit>
#include <QHBoxLayout>
#include <QLabel>
#include <QLineEdit>
#include <QRegularExpressionValidator>
#include <QSpinBox>
#include <QStackedWidget>

#include <limits>

using namespace Qt::StringLiterals;

namespace Concord {

namespace {

bool fitsInt(const QVariant &value)
{
    bool ok = false;
    const qlonglong n = value.toLongLong(&ok);
    return ok && n >= std::numeric_limits<int>::min() && n <= std::numeric_limits<int>::max();
}

bool isText(const QVariant &v)
{
    return v.typeId() == QMetaType::QString;
}

} // namespace

ValueEditor::ValueEditor(QWidget *parent)
    : QWidget(parent)
{
    createEditors();
}

void ValueEditor::createEditors()
{
    m_stack = new QStackedWidget;
    m_stack->setObjectName(u"valueEditorStack"_s);

    m_integerEdit = new QSpinBox;
    m_integerEdit->setObjectName(u"integerEdit"_s);
    m_integerEdit->setRange(std::numeric_limits<int>::min(), std::numeric_limits<int>::max());
    m_wideIntegerEdit = new QLineEdit;
    m_wideIntegerEdit->setObjectName(u"wideIntegerEdit"_s);
    m_wideIntegerEdit->setValidator(new QRegularExpressionValidator(QRegularExpression(u"[+-]?\\d{1,19}"_s), this));
    m_decimalEdit = new QLineEdit;
    m_decimalEdit->setObjectName(u"decimalEdit"_s);
    // Locale-free on purpose: the database's decimal point is a dot whatever the desktop says.
    m_decimalEdit->setValidator(new QRegularExpressionValidator(
        QRegularExpression(u"[+-]?(\\d+(\\.\\d*)?|\\.\\d+)([eE][+-]?\\d+)?"_s), this));
    m_textEdit = new QLineEdit;
    m_textEdit->setObjectName(u"textEdit"_s);
    m_booleanEdit = new QCheckBox(tr("Yes"));
    m_booleanEdit->setObjectName(u"booleanEdit"_s);
    m_dateEdit = new QDateEdit;
    m_dateEdit->setObjectName(u"dateEdit"_s);
    m_dateEdit->setDisplayFormat(u"yyyy-MM-dd"_s);
    m_dateEdit->setCalendarPopup(true);
    m_timeEdit = new QTimeEdit;
    m_timeEdit->setObjectName(u"timeEdit"_s);
    m_timeEdit->setDisplayFormat(u"HH:mm:ss"_s);
    m_dateTimeEdit = new QDateTimeEdit;
    m_dateTimeEdit->setObjectName(u"dateTimeEdit"_s);
    m_dateTimeEdit->setCalendarPopup(true);
    m_blobLabel = new QLabel(tr("Binary data cannot be typed: take base, mine or theirs."));
    m_blobLabel->setObjectName(u"blobLabel"_s);
    m_blobLabel->setWordWrap(true);

    connectEditors();
    for (QWidget *editor : {static_cast<QWidget *>(m_integerEdit), static_cast<QWidget *>(m_wideIntegerEdit),
                            static_cast<QWidget *>(m_decimalEdit), static_cast<QWidget *>(m_textEdit),
                            static_cast<QWidget *>(m_booleanEdit), static_cast<QWidget *>(m_dateEdit),
                            static_cast<QWidget *>(m_timeEdit), static_cast<QWidget *>(m_dateTimeEdit),
                            static_cast<QWidget *>(m_blobLabel)})
        m_stack->addWidget(editor);

    m_nullCheck = new QCheckBox(tr("NU&LL"));
    m_nullCheck->setObjectName(u"nullCheck"_s);
    m_nullCheck->setAccessibleName(tr("Result is NULL"));
    m_nullCheck->setToolTip(tr("Store no value (NULL), which is not the same as empty text"));
    connect(m_nullCheck, &QCheckBox::toggled, this, [this] {
        updateEnabled();
        emit edited();
    });

    auto *layout = new QHBoxLayout(this);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->addWidget(m_stack, 1);
    layout->addWidget(m_nullCheck);
    // A focus policy lets a label's mnemonic reach the editor; the proxy (set per kind) takes
    // the focus, and Tab skips widgets that have a proxy.
    setFocusPolicy(Qt::StrongFocus);
}

// Every kind of editor reports an edit the same way, and Enter in a line edit submits.
void ValueEditor::connectEditors()
{
    const auto changed = [this] { emit edited(); };
    connect(m_integerEdit, &QSpinBox::valueChanged, this, changed);
    connect(m_wideIntegerEdit, &QLineEdit::textEdited, this, changed);
    connect(m_decimalEdit, &QLineEdit::textEdited, this, changed);
    connect(m_textEdit, &QLineEdit::textEdited, this, changed);
    connect(m_booleanEdit, &QCheckBox::toggled, this, changed);
    connect(m_dateEdit, &QDateEdit::dateChanged, this, changed);
    connect(m_timeEdit, &QTimeEdit::timeChanged, this, changed);
    connect(m_dateTimeEdit, &QDateTimeEdit::dateTimeChanged, this, changed);
    for (QLineEdit *edit : {m_wideIntegerEdit, m_decimalEdit, m_textEdit})
        connect(edit, &QLineEdit::returnPressed, this, &ValueEditor::submitted);
}

void ValueEditor::setAccessibleFieldName(const QString &field)
{
    const QString name = tr("Result value of %1").arg(field);
    for (int i = 0; i < m_stack->count(); ++i)
        m_stack->widget(i)->setAccessibleName(name);
    m_nullCheck->setAccessibleName(tr("Result of %1 is NULL").arg(field));
}

QWidget *ValueEditor::editorWidget() const
{
    return m_stack->currentWidget();
}

void ValueEditor::updateEnabled()
{
    m_stack->setEnabled(!m_nullCheck->isChecked() && isEditable());
}

void ValueEditor::setValue(const QVariant &value, ValueKind kind, const QVariant &sample)
{
    // Programmatic changes are not user edits: edited() stays quiet.
    const QSignalBlocker blocker(this);

    m_kind = kind == ValueKind::Unknown ? ValueKind::Text : kind;
    m_sample = sample.isNull() ? value : sample;
    const bool isNull = !value.isValid() || value.isNull();
    const QVariant typed = typedValue(value, m_kind);
    m_nullCheck->setChecked(isNull);
    m_nullCheck->setEnabled(isEditable());
    switch (m_kind) {
    case ValueKind::Integer:
        if (isNull || fitsInt(typed)) {
            m_integerEdit->setValue(typed.toInt());
            m_stack->setCurrentWidget(m_integerEdit);
        } else {
            m_wideIntegerEdit->setText(typed.toString());
            m_stack->setCurrentWidget(m_wideIntegerEdit);
        }
        break;
    case ValueKind::Decimal:
        m_decimalEdit->setText(isNull ? QString() : value.toString());
        m_stack->setCurrentWidget(m_decimalEdit);
        break;
    case ValueKind::Boolean:
        m_booleanEdit->setChecked(typed.toBool());
        m_stack->setCurrentWidget(m_booleanEdit);
        break;
    case ValueKind::Date:
        m_dateEdit->setDate(isNull ? QDate::currentDate() : typed.toDate());
        m_stack->setCurrentWidget(m_dateEdit);
        break;
    case ValueKind::Time:
        m_timeEdit->setTime(isNull ? QTime(0, 0) : typed.toTime());
        m_stack->setCurrentWidget(m_timeEdit);
        break;
    case ValueKind::DateTime: {
        // QDateTimeEdit in Qt 6.4 edits local time or UTC only: values with a zone are edited in
        // UTC and handed back in the zone of the sample.
        QDateTime dateTime = isNull ? QDateTime::currentDateTime() : typed.toDateTime();
        const bool local = dateTime.timeSpec() == Qt::LocalTime;
        m_dateTimeEdit->setTimeSpec(local ? Qt::LocalTime : Qt::UTC);
        m_dateTimeEdit->setDisplayFormat(local ? u"yyyy-MM-dd HH:mm:ss"_s : u"yyyy-MM-dd HH:mm:ss 'UTC'"_s);
        m_dateTimeEdit->setDateTime(local ? dateTime : dateTime.toUTC());
        m_stack->setCurrentWidget(m_dateTimeEdit);
        break;
    }
    case ValueKind::Blob:
        m_stack->setCurrentWidget(m_blobLabel);
        break;
    case ValueKind::Text:
    case ValueKind::Unknown:
        m_textEdit->setText(isNull ? QString() : value.toString());
        m_stack->setCurrentWidget(m_textEdit);
        break;
    }
    setFocusProxy(m_stack->currentWidget());
    updateEnabled();
}

bool ValueEditor::hasAcceptableInput() const
{
    if (!isEditable())
        return false;
    if (m_nullCheck->isChecked())
        return true;
    if (m_stack->currentWidget() == m_wideIntegerEdit) {
        bool ok = false;
        m_wideIntegerEdit->text().toLongLong(&ok);
        return ok;
    }
    if (m_stack->currentWidget() == m_decimalEdit) {
        bool ok = false;
        m_decimalEdit->text().toDouble(&ok);
        return ok && m_decimalEdit->hasAcceptableInput();
    }
    return true;
}

QVariant ValueEditor::value() const
{
    if (m_nullCheck->isChecked())
        return QVariant(m_sample.isValid() ? m_sample.metaType() : QMetaType(QMetaType::QString));
    const bool asText = isText(m_sample);
    switch (m_kind) {
    case ValueKind::Integer: {
        const qlonglong n = m_stack->currentWidget() == m_integerEdit ? m_integerEdit->value()
                                                                      : m_wideIntegerEdit->text().toLongLong();
        if (asText)
            return QString::number(n);
        return m_sample.typeId() == QMetaType::Int ? QVariant(int(n)) : QVariant(n);
    }
    case ValueKind::Decimal: {
        const QString text = m_decimalEdit->text().trimmed();
        return asText ? QVariant(text) : QVariant(text.toDouble());
    }
    case ValueKind::Boolean: {
        const bool on = m_booleanEdit->isChecked();
        if (asText && m_sample.toString().size() == 1)
            return on ? u"t"_s : u"f"_s;
        if (asText)
            return on ? u"true"_s : u"false"_s;
        if (m_sample.typeId() != QMetaType::Bool && m_sample.canConvert<int>())
            return int(on);
        return on;
    }
    case ValueKind::Date:
        return asText ? QVariant(m_dateEdit->date().toString(Qt::ISODate)) : QVariant(m_dateEdit->date());
    case ValueKind::Time:
        return asText ? QVariant(m_timeEdit->time().toString(u"HH:mm:ss"_s)) : QVariant(m_timeEdit->time());
    case ValueKind::DateTime: {
        const QDateTime dateTime = m_dateTimeEdit->dateTime();
        if (asText) {
            const QString sample = m_sample.toString();
            return sample.size() > 10 && sample.at(10) == u' ' ? dateTime.toString(u"yyyy-MM-dd HH:mm:ss"_s)
                                                               : dateTime.toString(Qt::ISODate);
        }
        const QDateTime sample = m_sample.toDateTime();
        if (sample.isValid() && sample.timeSpec() != Qt::LocalTime)
            return dateTime.toOffsetFromUtc(sample.offsetFromUtc());
        return dateTime;
    }
    case ValueKind::Blob:
        return {};
    case ValueKind::Text:
    case ValueKind::Unknown:
        break;
    }
    return m_textEdit->text();
}

} // namespace Concord
