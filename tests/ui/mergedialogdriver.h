// SPDX-License-Identifier: MIT
// SPDX-FileCopyrightText: 2026 Concord developers
#pragma once

#include <ui/merge/mergedialog.h>
#include <ui/merge/mergefieldmodel.h>

#include <QAbstractButton>
#include <QApplication>
#include <QLabel>
#include <QLineEdit>
#include <QTableView>
#include <QTest>

namespace Concord::Test {

/// Drives a MergeDialog the way a user does: through its widgets, found by objectName, with
/// clicks and keys. Tests read state back from the widgets and the dialog's public API.
class MergeDialogDriver
{
public:
    explicit MergeDialogDriver(MergeDialog *dialog) : m_dialog(dialog) {}

    MergeDialog *dialog() const { return m_dialog; }

    template<typename T = QWidget>
    T *widget(const char *objectName) const
    {
        return m_dialog->findChild<T *>(QString::fromLatin1(objectName));
    }
    QAbstractButton *button(const char *objectName) const { return widget<QAbstractButton>(objectName); }
    QTableView *table() const { return widget<QTableView>("fieldTable"); }

    /// Clicks a button by objectName; false when it is missing, hidden or disabled.
    bool click(const char *objectName) const
    {
        QAbstractButton *b = button(objectName);
        if (!b || !b->isVisible() || !b->isEnabled())
            return false;
        QTest::mouseClick(b, Qt::LeftButton);
        return true;
    }

    /// Sends a key to the widget with focus (the dialog when none has it).
    void press(int key, Qt::KeyboardModifiers modifiers = Qt::NoModifier) const
    {
        QWidget *target = QApplication::focusWidget();
        QTest::keyClick(target ? target : m_dialog, Qt::Key(key), modifiers);
    }

    /// Selects the row of \a field in the table with the keyboard (Ctrl+Home, then Down).
    void goTo(const QString &field) const
    {
        table()->setFocus();
        QTest::keyClick(table(), Qt::Key_Home, Qt::ControlModifier);
        const int row = m_dialog->merge().indexOf(field);
        for (int i = 0; i < row; ++i)
            QTest::keyClick(table(), Qt::Key_Down);
    }

    QString currentFieldName() const
    {
        const int row = m_dialog->currentField();
        return row < 0 ? QString() : m_dialog->merge().fields.at(row).name;
    }
    QString remainingText() const { return widget<QLabel>("remainingLabel")->text(); }
    QVariant resultOf(const QString &field) const { return m_dialog->merge().field(field)->result; }
    ResultSource sourceOf(const QString &field) const { return m_dialog->merge().field(field)->source; }
    QString cellText(const QString &field, int column) const
    {
        const QAbstractItemModel *model = table()->model();
        return model->index(m_dialog->merge().indexOf(field), column).data().toString();
    }

private:
    MergeDialog *m_dialog;
};

} // namespace Concord::Test
