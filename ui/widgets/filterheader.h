// SPDX-License-Identifier: MIT
// SPDX-FileCopyrightText: 2026 Concord developers
#pragma once

#include <QHeaderView>
#include <QList>
#include <QMap>

class QLineEdit;
class QTimer;

namespace Concord {

/// A grid's column header with a filter field under every column, as in DB Browser for SQLite
/// and spreadsheet auto-filters. What a field accepts is ColumnFilter::parse()'s syntax ("abc"
/// contains, "=5", ">10", "NULL", "!NULL"), explained in its tooltip. filtersChanged() is
/// emitted a moment after the user stops typing, or at once on Return.
class FilterHeader : public QHeaderView
{
    Q_OBJECT

public:
    explicit FilterHeader(QWidget *parent = nullptr);

    /// One empty field per column of the model; called after the model's columns changed.
    void resetFields();
    /// The texts of the non-empty fields, by logical column.
    QMap<int, QString> filterTexts() const;
    /// Puts \a texts in the fields without emitting filtersChanged() (e.g. after a refusal).
    void setFilterTexts(const QMap<int, QString> &texts);
    /// The field of \a column (for tests and focus), or nullptr.
    QLineEdit *field(int column) const;
    /// Moves the fields to their sections; call when the view scrolled sideways.
    void placeFields();

    QSize sizeHint() const override;

Q_SIGNALS:
    void filtersChanged(const QMap<int, QString> &texts);

protected:
    void updateGeometries() override;

private:
    int fieldHeight() const;

    QList<QLineEdit *> m_fields;
    QTimer *m_debounce = nullptr;
};

} // namespace Concord
