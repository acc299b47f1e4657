// SPDX-License-Identifier: MIT
// SPDX-FileCopyrightText: 2026 Concord developers
#pragma once

#include <core/values/valuecomparison.h>

#include <QWidget>

class QCheckBox;
class QDateEdit;
class QDateTimeEdit;
class QLabel;
class QLineEdit;
class QSpinBox;
class QStackedWidget;
class QTimeEdit;

namespace Concord {

/// Edits one database value with a widget that fits its kind, plus a NULL toggle:
/// a spin box for integers that fit an int (a validated line edit for wider ones), a validated
/// line edit for decimals, date, time and date-time editors, a check box for booleans, a line
/// edit for text. Blobs cannot be typed; the editor says so.
///
/// value() hands the value back in the representation of the sample given to setValue()
/// (SQLite's ISO text stays text, 't'/'f' stays a letter), so a typed result writes like the
/// values around it.
class ValueEditor : public QWidget
{
    Q_OBJECT

public:
    explicit ValueEditor(QWidget *parent = nullptr);

    /// Shows \a value, edited as \a kind; \a sample (a non-NULL value of the column, if any)
    /// decides the representation value() returns.
    void setValue(const QVariant &value, ValueKind kind, const QVariant &sample);
    QVariant value() const;
    /// False when the text typed does not read as the column's kind (or the kind is Blob).
    bool hasAcceptableInput() const;
    bool isEditable() const { return m_kind != ValueKind::Blob; }
    /// The widget that takes the focus for the current kind.
    QWidget *editorWidget() const;

    void setAccessibleFieldName(const QString &field);

Q_SIGNALS:
    /// The user changed the value or the NULL toggle.
    void edited();
    /// The user pressed Enter in a line edit: take the value.
    void submitted();

private:
    void createEditors();
    void connectEditors();
    void updateEnabled();

    ValueKind m_kind = ValueKind::Text;
    QVariant m_sample;
    QStackedWidget *m_stack = nullptr;
    QSpinBox *m_integerEdit = nullptr;
    QLineEdit *m_wideIntegerEdit = nullptr;
    QLineEdit *m_decimalEdit = nullptr;
    QLineEdit *m_textEdit = nullptr;
    QCheckBox *m_booleanEdit = nullptr;
    QDateEdit *m_dateEdit = nullptr;
    QTimeEdit *m_timeEdit = nullptr;
    QDateTimeEdit *m_dateTimeEdit = nullptr;
    QLabel *m_blobLabel = nullptr;
    QCheckBox *m_nullCheck = nullptr;
};

} // namespace Concord
