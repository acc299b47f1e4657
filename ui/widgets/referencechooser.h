// SPDX-License-Identifier: MIT
// SPDX-FileCopyrightText: 2026 Concord developers
#pragma once

#include <core/db/referencerows.h>

#include <QDialog>
#include <QSqlDatabase>

class QLabel;
class QLineEdit;
class QStandardItemModel;
class QTableView;
class QTimer;

namespace Concord {

/// Chooses the record a foreign-key cell refers to: a search field and the matching records of
/// the referenced table (key and label). The search runs in the database as the user types
/// (findReferenceRows(): a million-row table is never read whole), a short pause after the last
/// key; at most rowLimit() records are listed, and the dialog says when there are more.
/// Enter or a double-click takes the current record.
class ReferenceChooser : public QDialog
{
    Q_OBJECT

public:
    ReferenceChooser(const QSqlDatabase &db, const ReferenceTarget &target, const QString &referencingColumn,
                     const QVariant &current, QWidget *parent = nullptr);

    /// The chosen record's key; invalid until one is chosen.
    QVariant chosenKey() const { return m_chosen; }
    static int rowLimit() { return 200; }
    /// Runs the search for the field's text now (the dialog waits for a pause in typing).
    void searchNow();
    /// Records listed by the last search.
    int listedRows() const;

    void accept() override;

protected:
    bool eventFilter(QObject *watched, QEvent *event) override;

private:
    void showRows(const QList<ReferenceRow> &rows);
    void selectKey(const QVariant &key);

    QSqlDatabase m_db;
    ReferenceTarget m_target;
    QVariant m_current;
    QVariant m_chosen;
    QLineEdit *m_search = nullptr;
    QTableView *m_list = nullptr;
    QStandardItemModel *m_rows = nullptr;
    QLabel *m_note = nullptr;
    QTimer *m_pause = nullptr;
};

} // namespace Concord
