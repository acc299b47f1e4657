// SPDX-License-Identifier: MIT
// SPDX-FileCopyrightText: 2026 Concord developers
#include "clipboard.h"

#include <ui/editor/editundo.h>
#include <ui/widgets/gridselection.h>

#include <core/db/tableschema.h>
#include <core/model/versionedtablemodel.h>
#include <core/values/valuefromtext.h>

#include <QCoreApplication>
#include <QHeaderView>
#include <QItemSelectionModel>
#include <QSqlField>
#include <QSqlRecord>
#include <QTableView>

#include <algorithm>

namespace Concord {

namespace {

QString tr(const char *text)
{
    return QCoreApplication::translate("Concord::Clipboard", text);
}

QString quoted(const QString &value)
{
    static const QString special = QStringLiteral("\t\n\r\"");
    if (std::none_of(value.cbegin(), value.cend(), [](QChar c) { return special.contains(c); }))
        return value;
    return QLatin1Char('"') + QString(value).replace(QStringLiteral("\""), QStringLiteral("\"\"")) + QLatin1Char('"');
}

// The visible columns from \a first on, in the order the header shows them.
QList<int> visibleColumnsFrom(const QTableView &view, int first)
{
    QList<int> columns;
    const QHeaderView *header = view.horizontalHeader();
    for (int visual = first < 0 ? 0 : header->visualIndex(first); visual < header->count(); ++visual) {
        const int logical = header->logicalIndex(visual);
        if (!view.isColumnHidden(logical))
            columns << logical;
    }
    return columns;
}

QString cellText(const VersionedTableModel &model, int row, int column)
{
    const QVariant value = model.data(model.index(row, column), Qt::EditRole);
    if (value.isNull())
        return {};
    if (value.metaType().id() == QMetaType::QByteArray)
        return QStringLiteral("base64:") + QString::fromLatin1(value.toByteArray().toBase64());
    return value.toString();
}

Error refusal(const QString &message)
{
    return Error{ErrorCode::InvalidValue, message, {}};
}

} // namespace

QString tsvFromCells(const QList<QStringList> &rows)
{
    QStringList lines;
    for (const QStringList &row : rows) {
        QStringList cells;
        for (const QString &cell : row)
            cells << quoted(cell);
        lines << cells.join(QLatin1Char('\t'));
    }
    return lines.join(QLatin1Char('\n'));
}

QList<QStringList> cellsFromTsv(const QString &text)
{
    QList<QStringList> rows;
    QStringList row;
    QString cell;
    bool inQuotes = false;
    bool wasQuoted = false;
    for (int i = 0; i < text.size(); ++i) {
        const QChar c = text.at(i);
        if (inQuotes) {
            if (c == QLatin1Char('"') && i + 1 < text.size() && text.at(i + 1) == QLatin1Char('"')) {
                cell += c;
                ++i;
            } else if (c == QLatin1Char('"')) {
                inQuotes = false;
            } else {
                cell += c;
            }
        } else if (c == QLatin1Char('"') && cell.isEmpty() && !wasQuoted) {
            inQuotes = wasQuoted = true;
        } else if (c == QLatin1Char('\t')) {
            row << cell;
            cell.clear();
            wasQuoted = false;
        } else if (c == QLatin1Char('\n') || c == QLatin1Char('\r')) {
            if (c == QLatin1Char('\r') && i + 1 < text.size() && text.at(i + 1) == QLatin1Char('\n'))
                ++i;
            row << cell;
            rows << row;
            row.clear();
            cell.clear();
            wasQuoted = false;
        } else {
            cell += c;
        }
    }
    if (!cell.isEmpty() || !row.isEmpty() || wasQuoted)
        rows << (row << cell);
    return rows;
}

QString copyText(const QTableView &view, const VersionedTableModel &model)
{
    const QList<int> rows = selectedRowsOf(view);
    const QList<int> selectedColumns = selectedColumnsOf(view);
    const QItemSelectionModel *selection = view.selectionModel();
    QList<QStringList> cells;
    if (rows.size() * selectedColumns.size() > 1) {
        // The selection's rows by its visible columns, in the order shown: a rectangle of cells,
        // or whole rows. A cell outside an uneven selection is empty, as spreadsheets copy it.
        QList<int> columns;
        for (int column : visibleColumnsFrom(view, -1)) {
            if (selectedColumns.contains(column))
                columns << column;
        }
        for (int row : rows) {
            QStringList line;
            for (int column : std::as_const(columns))
                line << (selection->isSelected(model.index(row, column)) ? cellText(model, row, column) : QString());
            cells << line;
        }
    } else if (view.currentIndex().isValid()) {
        cells << QStringList{cellText(model, view.currentIndex().row(), view.currentIndex().column())};
    }
    return tsvFromCells(cells);
}

Result<int> pasteText(QTableView &view, VersionedTableModel &model, EditUndo &undo, const QString &text)
{
    const QModelIndex current = view.currentIndex();
    if (model.tableName().isEmpty() || !current.isValid())
        return refusal(tr("Choose the cell to paste into first."));
    if (model.isReadOnly())
        return refusal(tr("%1 is read-only: nothing was pasted.").arg(model.tableName()));
    const QList<QStringList> cells = cellsFromTsv(text);
    if (cells.isEmpty())
        return refusal(tr("The clipboard holds no text to paste."));
    const QList<int> columns = visibleColumnsFrom(view, current.column());
    const TableSchema &schema = model.schema();
    QList<CellChange> changes;
    for (int r = 0; r < cells.size(); ++r) {
        const int row = current.row() + int(r);
        if (row >= model.rowCount())
            return refusal(tr("The clipboard holds %1 rows, but only %2 rows are there from the current one: "
                              "nothing was pasted. Add rows first.")
                               .arg(cells.size())
                               .arg(model.rowCount() - current.row()));
        if (cells.at(r).size() > columns.size())
            return refusal(tr("The clipboard holds %1 columns, but only %2 columns are there from the current one: "
                              "nothing was pasted.")
                               .arg(cells.at(r).size())
                               .arg(columns.size()));
        const auto state = model.rowState(row);
        if (state == VersionedTableModel::RowState::Deleted || model.hasConflict(row))
            return refusal(tr("Row %1 is deleted or in conflict: nothing was pasted.").arg(row + 1));
        for (int c = 0; c < cells.at(r).size(); ++c) {
            const int column = columns.at(c);
            const QString name = model.record().fieldName(column);
            const QModelIndex index = model.index(row, column);
            const bool keyOfLoadedRow = schema.isKeyColumn(name) && state != VersionedTableModel::RowState::Inserted;
            if (keyOfLoadedRow || name.compare(schema.versionColumn, Qt::CaseInsensitive) == 0
                || !(model.flags(index) & Qt::ItemIsEditable))
                return refusal(tr("%1 of row %2 cannot be changed by a paste: nothing was pasted.").arg(name).arg(row + 1));
            const QSqlField field = schema.fields.contains(name) ? schema.fields.field(name) : model.record().field(column);
            const QString &value = cells.at(r).at(c);
            if (value.isEmpty() && field.requiredStatus() != QSqlField::Required) {
                changes.append({row, column, QVariant(field.metaType())});
                continue;
            }
            const Result<QVariant> converted = valueFromText(value, model.columnKind(column), name);
            if (!converted)
                return refusal(tr("Row %1: %2 Nothing was pasted.").arg(row + 1).arg(converted.error().message));
            changes.append({row, column, converted.value()});
        }
    }
    undo.setCells(changes, changes.size() == 1 ? tr("Paste into %1").arg(model.record().fieldName(changes.first().column))
                                               : tr("Paste of %1 cells").arg(changes.size()));
    return int(changes.size());
}

} // namespace Concord
