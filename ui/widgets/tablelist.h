// SPDX-License-Identifier: MIT
// SPDX-FileCopyrightText: 2026 Concord developers
#pragma once

#include <QHash>
#include <QListWidget>
#include <QSqlDatabase>

class QAction;

namespace Concord {

/// The database's tables, beside the grid. A table that cannot be edited is greyed, with the
/// reason as its tooltip; one that only lacks a version column offers "Enable Versioning…" in its
/// context menu. A table someone is running exclusive work on is marked " (busy)", with who and
/// what as its tooltip. objectName "tableList".
class TableList : public QListWidget
{
    Q_OBJECT

public:
    enum Role {
        TableRole = Qt::UserRole + 1, ///< QString: the table's name (the text may carry a mark)
        NeedsVersioningRole,          ///< bool: editable once versioning is enabled
    };

    explicit TableList(QWidget *parent = nullptr);

    /// Lists \a db's tables; keeps \a current selected when it is still editable, otherwise
    /// selects the first editable table.
    void setTables(const QSqlDatabase &db, const QString &current = QString());
    /// Marks busy tables (table -> who holds it), unmarks the others.
    void setBusyTables(const QHash<QString, QString> &busy);
    /// Selects \a table; false when it is not listed or not editable.
    bool selectTable(const QString &table);

    QString tableOf(const QListWidgetItem *item) const;
    /// Tables that only need a version column to become editable.
    QStringList tablesNeedingVersioning() const;
    QListWidgetItem *itemFor(const QString &table) const;

Q_SIGNALS:
    /// The user picked an editable table.
    void tableActivated(const QString &table);
    /// "Enable Versioning…" from the context menu of a greyed table.
    void enableVersioningRequested(const QString &table);

private:
    void showContextMenu(const QPoint &position);
    void updateItem(QListWidgetItem *item);

    QHash<QString, QString> m_busy;
    QHash<QString, QString> m_reasons; ///< table -> why it cannot be edited
};

} // namespace Concord
