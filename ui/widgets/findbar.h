// SPDX-License-Identifier: MIT
// SPDX-FileCopyrightText: 2026 Concord developers
#pragma once

#include <QWidget>

class QLabel;
class QLineEdit;
class QTimer;

namespace Concord {

/// The quick find above a grid: rows holding the text in any column stay, the others are left
/// out (the database does the searching). findRequested() comes a moment after the user stops
/// typing, or at once on Return; Escape clears the text.
class FindBar : public QWidget
{
    Q_OBJECT

public:
    explicit FindBar(QWidget *parent = nullptr);

    QLineEdit *field() const { return m_field; }
    QString text() const;
    /// Puts \a text in the field without emitting findRequested() (e.g. after a refusal).
    void setText(const QString &text);
    /// "1,234 rows", "12 matching rows" or a reason, right of the field.
    void setSummary(const QString &summary);
    QString summary() const;
    /// Gives the field the focus and selects its text (Ctrl+F).
    void activate();

Q_SIGNALS:
    void findRequested(const QString &text);

protected:
    bool eventFilter(QObject *watched, QEvent *event) override;

private:
    QLineEdit *m_field = nullptr;
    QLabel *m_summary = nullptr;
    QTimer *m_debounce = nullptr;
};

} // namespace Concord
