// SPDX-License-Identifier: MIT
// SPDX-FileCopyrightText: 2026 Concord developers
#include "hexmodel.h"

using namespace Qt::StringLiterals;

namespace Concord {

HexModel::HexModel(QObject *parent)
    : QAbstractTableModel(parent)
{
}

void HexModel::setBytes(const QByteArray &bytes)
{
    beginResetModel();
    m_bytes = bytes;
    endResetModel();
}

QString HexModel::offsetText(int row) const
{
    return u"%1"_s.arg(qulonglong(row) * bytesPerRow, 8, 16, QChar(u'0'));
}

QString HexModel::hexText(int row) const
{
    static const char digits[] = "0123456789abcdef";
    const qsizetype start = qsizetype(row) * bytesPerRow;
    QString text;
    text.reserve(bytesPerRow * 3 + 1);
    for (qsizetype i = start; i < start + bytesPerRow && i < m_bytes.size(); ++i) {
        const auto byte = static_cast<unsigned char>(m_bytes.at(i));
        if (i > start)
            text += i - start == bytesPerRow / 2 ? u"  "_s : u" "_s;
        text += QLatin1Char(digits[byte >> 4]);
        text += QLatin1Char(digits[byte & 0xf]);
    }
    return text;
}

QString HexModel::asciiText(int row) const
{
    const qsizetype start = qsizetype(row) * bytesPerRow;
    QString text;
    for (qsizetype i = start; i < start + bytesPerRow && i < m_bytes.size(); ++i) {
        const char c = m_bytes.at(i);
        text += c >= 0x20 && c < 0x7f ? QLatin1Char(c) : QLatin1Char('.');
    }
    return text;
}

int HexModel::rowCount(const QModelIndex &parent) const
{
    if (parent.isValid())
        return 0;
    return int((m_bytes.size() + bytesPerRow - 1) / bytesPerRow);
}

int HexModel::columnCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : ColumnCount;
}

QVariant HexModel::data(const QModelIndex &index, int role) const
{
    if (!index.isValid())
        return {};
    if (role == Qt::DisplayRole) {
        switch (index.column()) {
        case OffsetColumn:
            return offsetText(index.row());
        case HexColumn:
            return hexText(index.row());
        case AsciiColumn:
            return asciiText(index.row());
        default:
            break;
        }
    }
    if (role == Qt::TextAlignmentRole)
        return QVariant::fromValue(Qt::Alignment(Qt::AlignLeft | Qt::AlignVCenter));
    return {};
}

QVariant HexModel::headerData(int section, Qt::Orientation orientation, int role) const
{
    if (orientation != Qt::Horizontal || role != Qt::DisplayRole)
        return QAbstractTableModel::headerData(section, orientation, role);
    switch (section) {
    case OffsetColumn:
        return tr("Offset");
    case HexColumn:
        return tr("Hex");
    case AsciiColumn:
        return tr("ASCII");
    default:
        return {};
    }
}

} // namespace Concord
