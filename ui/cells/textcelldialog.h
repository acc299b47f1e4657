// SPDX-License-Identifier: MIT
// SPDX-FileCopyrightText: 2026 Concord developers
#pragma once

#include <QDialog>

class QPlainTextEdit;

namespace Concord {

/// "Edit Text…": a text cell in a multi-line editor, for values with line breaks (which a
/// one-line cell editor would squash) and long notes. Enter starts a new line; Ctrl+Enter or OK
/// commits (accepted()), Escape or Cancel leaves the cell as it was. A read-only cell opens
/// read-only, to be read and copied.
class TextCellDialog : public QDialog
{
    Q_OBJECT

public:
    /// \a column names the dialog ("Edit Text — notes"); \a text is what the editor starts with.
    TextCellDialog(const QString &column, const QString &text, bool readOnly, QWidget *parent = nullptr);

    QString text() const;
    /// True when the text differs from what the dialog opened with.
    bool isChanged() const { return text() != m_startText; }
    QPlainTextEdit *editor() const { return m_edit; }

protected:
    bool eventFilter(QObject *watched, QEvent *event) override;

private:
    QPlainTextEdit *m_edit = nullptr;
    QString m_startText;
};

} // namespace Concord
