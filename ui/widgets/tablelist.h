// SPDX-License-Identifier: MIT
// SPDX-FileCopyrightText: 2026 Concord developers
#pragma once

#include <QHash>
#include <QListWidget>
#include <QSqlDatabase>

class QAction;

namespace Concord {

/// The database's tables and views, beside the grid, each with a second line saying how many rows
/// it holds and how it is versioned: "12,345 rows · trigger", "≈ 2,400,000 rows · counter",
/// "3 rows · not versioned", "7 rows · view, read-only" (countRows() in core/db/tablestats.h: one
/// bounded query per table, estimates marked "≈", capped counts "100,000+").
///
/// Every table is listed and can be selected. One that cannot be edited (a view, a table without
/// a key or a version column) is greyed and italic, with the reason as its tooltip; one that only
/// lacks a version column offers "Enable Versioning…" in its context menu. Selecting any table
/// emits tableActivated() with whether it is editable, so that the window can open it (read-only
/// when it is not). A table someone else is running exclusive work on is marked " (busy)", with
/// who and what as its tooltip. objectName "tableList".
class TableList : public QListWidget
{
    Q_OBJECT

public:
    enum Role {
        TableRole = Qt::UserRole + 1, ///< QString: the table's name (the text may carry a mark)
        NeedsVersioningRole,          ///< bool: editable once versioning is enabled
        EditableRole,                 ///< bool: a versioned table with a key
        DetailRole,                   ///< QString: the second line, "12,345 rows · trigger"
        ViewRole,                     ///< bool: a view, never editable
        PolicyRole,                   ///< QString: the policy part of the second line
    };

    explicit TableList(QWidget *parent = nullptr);

    /// Lists \a db's tables and views with their row counts and versioning; keeps \a current
    /// selected when it is still editable, otherwise selects the first editable table.
    void setTables(const QSqlDatabase &db, const QString &current = QString());
    /// Marks busy tables (table -> who holds it), unmarks the others.
    void setBusyTables(const QHash<QString, QString> &busy);
    /// Selects \a table without emitting tableActivated(); false when it is not listed or not editable.
    bool selectTable(const QString &table);
    /// Shows \a rows as \a table's exact row count (the grid counted it when it opened the
    /// whole table), in place of the capped count or estimate the list read.
    void setExactRowCount(const QString &table, qint64 rows);

    QString tableOf(const QListWidgetItem *item) const;
    /// Makes \a table's entry current without announcing it (read-only entries too): the grid's
    /// table again after a switch the user cancelled.
    void showCurrent(const QString &table);
    bool isEditable(const QListWidgetItem *item) const;
    /// Why \a table cannot be edited, empty when it can.
    QString reason(const QString &table) const { return m_reasons.value(table); }
    /// Tables that can be edited (the targets of an import).
    QStringList editableTables() const;
    /// Tables that only need a version column to become editable.
    QStringList tablesNeedingVersioning() const;
    QListWidgetItem *itemFor(const QString &table) const;

Q_SIGNALS:
    /// The user picked \a table; \a editable is false for a view or an unversioned table, which
    /// the window opens read-only and for which it offers Enable Versioning… where it applies.
    void tableActivated(const QString &table, bool editable);
    /// "Enable Versioning…" from the context menu of a greyed table.
    void enableVersioningRequested(const QString &table);

private:
    void showContextMenu(const QPoint &position);
    void updateItem(QListWidgetItem *item);
    QListWidgetItem *addTable(const QSqlDatabase &db, const QString &table, bool view,
                              const QHash<QString, QString> &policies);

    QHash<QString, QString> m_busy;
    QHash<QString, QString> m_reasons; ///< table -> why it cannot be edited
};

} // namespace Concord
