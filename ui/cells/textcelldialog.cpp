// SPDX-License-Identifier: MIT
// SPDX-FileCopyrightText: 2026 Concord developers
#include "textcelldialog.h"

#include <QDialogButtonBox>
#include <QFontDatabase>
#include <QKeyEvent>
#include <QLabel>
#include <QPlainTextEdit>
#include <QPushButton>
#include <QVBoxLayout>

using namespace Qt::StringLiterals;

namespace Concord {

TextCellDialog::TextCellDialog(const QString &column, const QString &text, bool readOnly, QWidget *parent)
    : QDialog(parent)
    , m_startText(text)
{
    setObjectName(u"textCellDialog"_s);
    setWindowTitle(tr("Edit Text — %1").arg(column));
    m_edit = new QPlainTextEdit;
    m_edit->setObjectName(u"textCellEdit"_s);
    m_edit->setPlainText(text);
    m_edit->setReadOnly(readOnly);
    m_edit->setTabChangesFocus(true);
    m_edit->installEventFilter(this);
    auto *buttons = new QDialogButtonBox(readOnly ? QDialogButtonBox::Close : QDialogButtonBox::Ok | QDialogButtonBox::Cancel);
    if (QPushButton *ok = buttons->button(QDialogButtonBox::Ok))
        ok->setToolTip(tr("Keep the text as a pending edit (Ctrl+Enter)"));
    connect(buttons, &QDialogButtonBox::accepted, this, &QDialog::accept);
    connect(buttons, &QDialogButtonBox::rejected, this, &QDialog::reject);
    auto *hint = new QLabel(readOnly ? tr("The cell is read-only.") : tr("Enter starts a new line; Ctrl+Enter keeps the text, Escape cancels."));
    hint->setObjectName(u"textCellHint"_s);
    hint->setEnabled(false);
    auto *layout = new QVBoxLayout(this);
    layout->addWidget(m_edit, 1);
    layout->addWidget(hint);
    layout->addWidget(buttons);
    resize(560, 360);
    m_edit->setFocus();
    m_edit->moveCursor(QTextCursor::End);
}

QString TextCellDialog::text() const
{
    return m_edit->toPlainText();
}

bool TextCellDialog::eventFilter(QObject *watched, QEvent *event)
{
    // Ctrl+Enter commits, as in the other editors of the grid; plain Enter is a line break.
    if (watched == m_edit && event->type() == QEvent::KeyPress) {
        const auto *key = static_cast<QKeyEvent *>(event);
        const bool enter = key->key() == Qt::Key_Return || key->key() == Qt::Key_Enter;
        if (enter && (key->modifiers() & Qt::ControlModifier)) {
            accept();
            return true;
        }
    }
    return QDialog::eventFilter(watched, event);
}

} // namespace Concord
