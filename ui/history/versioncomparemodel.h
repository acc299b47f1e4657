// SPDX-License-Identifier: MIT
// SPDX-FileCopyrightText: 2026 Concord developers
#pragma once

#include <QAbstractTableModel>
#include <QSqlRecord>
#include <QStringList>

namespace Concord {

/// Two versions of one record side by side, read-only: one row per field, the older version's
/// value, the newer one's, and whether the field differs. The values read as in the merge
/// dialog (MergeFieldModel::displayText()), and a changed field is marked in words as well as
/// by colour ("changed" in its status column and in Qt::AccessibleTextRole), never by colour
/// alone.
class VersionCompareModel : public QAbstractTableModel
{
    Q_OBJECT

public:
    enum Column { FieldColumn, OlderColumn, NewerColumn, StatusColumn, ColumnCount };
    enum Role { ChangedRole = Qt::UserRole + 1 }; ///< bool: the field differs between the two

    explicit VersionCompareModel(QObject *parent = nullptr);

    /// Shows \a older and \a newer (records of the same table, with the same fields), headed
    /// \a olderTitle and \a newerTitle ("Version 3", "Version 5 (now)"). Either may be empty: a
    /// version of an insert has no older one, the newest of a deleted record no newer one.
    void setVersions(const QSqlRecord &older, const QString &olderTitle, const QSqlRecord &newer,
                     const QString &newerTitle);
    void clear();
    /// Fields that differ on every write (the version column, the audit columns): shown, never
    /// marked or listed as changed.
    void setIgnoredFields(const QStringList &fields);

    /// The fields that differ, in table order.
    QStringList changedFields() const;
    bool isChanged(int row) const;

    int rowCount(const QModelIndex &parent = QModelIndex()) const override;
    int columnCount(const QModelIndex &parent = QModelIndex()) const override;
    QVariant data(const QModelIndex &index, int role = Qt::DisplayRole) const override;
    QVariant headerData(int section, Qt::Orientation orientation, int role = Qt::DisplayRole) const override;

private:
    QString fieldName(int row) const;
    QVariant valueOf(const QSqlRecord &record, int row) const;
    QString cellText(int row, int column) const;

    QSqlRecord m_older;
    QSqlRecord m_newer;
    QString m_olderTitle;
    QString m_newerTitle;
    QStringList m_ignored;
};

} // namespace Concord
