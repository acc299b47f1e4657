// SPDX-License-Identifier: MIT
// SPDX-FileCopyrightText: 2026 Concord developers
#pragma once

#include <core/result.h>
#include <core/values/columntype.h>

#include <QLineEdit>
#include <QPointer>

class QLabel;

namespace Concord {

/// The grid's editor for a cell of any column: a line edit whose text is read as the column's
/// kind by valueFromText(), the rule concordctl and CSV import use, as it is typed. While the
/// text differs from what the editor was opened with and does not read as the kind, the editor
/// has a red frame, its tooltip and a small label under it ("cellProblem") give the reason, and
/// problemChanged() says it (the window shows it in the status bar). Text it was opened with is
/// never judged: opening a cell must not make it a problem.
class CellEditor : public QLineEdit
{
    Q_OBJECT

public:
    explicit CellEditor(ValueKind kind, const QString &column, QWidget *parent = nullptr);
    ~CellEditor() override;

    /// Shows \a text as what the cell held when the editor opened.
    void setStartText(const QString &text);
    /// True when the text is still what the editor opened with.
    bool isUnchanged() const { return text() == m_startText; }
    /// The typed text as the column's value; fails with the reason when it does not read as one.
    /// Numbers are read as valueFromText() reads them and, failing that, in the editor's locale
    /// ("12,5" where the comma is the decimal separator).
    Result<QVariant> typedValue() const;
    /// Why the text cannot be committed; empty when it can (or is unchanged).
    QString problem() const { return m_problem; }

    /// The text a cell editor shows for \a value: ISO dates, "true"/"false", blobs as UTF-8.
    static QString textOf(const QVariant &value);

Q_SIGNALS:
    /// The reason the text cannot be committed changed; empty when it can again.
    void problemChanged(const QString &problem);

protected:
    void moveEvent(QMoveEvent *event) override;
    void resizeEvent(QResizeEvent *event) override;
    void hideEvent(QHideEvent *event) override;

private:
    void check();
    void placeProblemLabel();

    ValueKind m_kind;
    QString m_column;
    QString m_startText;
    QString m_problem;
    QPointer<QLabel> m_problemLabel; ///< a sibling under the editor: a child would be clipped
};

} // namespace Concord
