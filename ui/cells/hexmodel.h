// SPDX-License-Identifier: MIT
// SPDX-FileCopyrightText: 2026 Concord developers
#pragma once

#include <QAbstractTableModel>
#include <QByteArray>

namespace Concord {

/// Bytes as a hex dump, one row per 16 bytes: the offset ("00000010"), the bytes in hex
/// ("89 50 4e 47 …", a wider gap after the eighth) and as ASCII ("." for anything unprintable).
/// Rows are made when a view asks for them, so 10 MB (655,360 rows) open at once in a view
/// with fixed row heights.
class HexModel : public QAbstractTableModel
{
    Q_OBJECT

public:
    enum Column { OffsetColumn, HexColumn, AsciiColumn, ColumnCount };
    static constexpr int bytesPerRow = 16;

    explicit HexModel(QObject *parent = nullptr);

    void setBytes(const QByteArray &bytes);
    const QByteArray &bytes() const { return m_bytes; }

    /// The texts of row \a row: offset, hex and ASCII.
    QString offsetText(int row) const;
    QString hexText(int row) const;
    QString asciiText(int row) const;

    int rowCount(const QModelIndex &parent = QModelIndex()) const override;
    int columnCount(const QModelIndex &parent = QModelIndex()) const override;
    QVariant data(const QModelIndex &index, int role = Qt::DisplayRole) const override;
    QVariant headerData(int section, Qt::Orientation orientation, int role = Qt::DisplayRole) const override;

private:
    QByteArray m_bytes;
};

} // namespace Concord
