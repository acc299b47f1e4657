// SPDX-License-Identifier: MIT
// SPDX-FileCopyrightText: 2026 Concord developers
#pragma once

#include <core/merge/threewaymerge.h>

#include <QAbstractTableModel>

namespace Concord {

/// The merge dialog's table: one row per field, with the Base, Mine, Theirs and Result values
/// and a status column. It owns the MergeResult the dialog edits; every decision goes through
/// it so that the view, the counter and Save stay in step.
///
/// Status is never shown by colour alone: the status column says it in words, with an icon,
/// and Qt::AccessibleTextRole gives screen readers the whole story of a cell.
class MergeFieldModel : public QAbstractTableModel
{
    Q_OBJECT

public:
    enum Column { FieldColumn, BaseColumn, MineColumn, TheirsColumn, ResultColumn, StatusColumn, ColumnCount };
    enum Role {
        StatusRole = Qt::UserRole + 1, ///< int(FieldStatus)
        UnresolvedRole,                ///< bool: a conflict without a result
        ValueRole,                     ///< the raw QVariant behind a value cell
    };

    explicit MergeFieldModel(const MergeResult &merge, QObject *parent = nullptr);

    const MergeResult &merge() const { return m_merge; }
    int unresolvedCount() const { return m_merge.unresolvedCount(); }

    /// The next (\a step 1) or previous (-1) unresolved conflict after \a row, wrapping
    /// around; -1 when none is left. \a row may be -1 to start from the top.
    int nextUnresolved(int row, int step) const;
    /// True when the user may choose the result of \a row (not the version or a computed column).
    bool isChoosable(int row) const;

    bool resolveField(int row, ResultSource side);
    bool setEditedValue(int row, const QVariant &value);
    int resolveAll(ResultSource side);
    void resetField(int row);

    /// How a value reads in the table: NULL, empty text, blob sizes and dates spelled out.
    static QString displayText(const QVariant &value, ValueKind kind);

    int rowCount(const QModelIndex &parent = QModelIndex()) const override;
    int columnCount(const QModelIndex &parent = QModelIndex()) const override;
    QVariant data(const QModelIndex &index, int role = Qt::DisplayRole) const override;
    QVariant headerData(int section, Qt::Orientation orientation, int role = Qt::DisplayRole) const override;

Q_SIGNALS:
    /// A result changed; the unresolved count may have too.
    void resolutionChanged();

private:
    QVariant cellValue(int row, int column) const;
    QString statusText(int row) const;
    QVariant background(const FieldMerge &field, int column) const;
    void rowChanged(int row);

    MergeResult m_merge;
};

} // namespace Concord
