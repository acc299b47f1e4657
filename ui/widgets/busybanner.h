// SPDX-License-Identifier: MIT
// SPDX-FileCopyrightText: 2026 Concord developers
#pragma once

#include <QFrame>
#include <QHash>

class QLabel;

namespace Concord {

/// A non-modal bar above the grid while someone else runs exclusive work on the table on screen:
/// "Busy: Import into orders by ann@ws7 since 10:32", and that saves to it are refused until the
/// work ends (edits stay in the grid). Hidden while the busy tables are other ones.
/// objectName "busyBanner"; child "busyBannerText".
class BusyBanner : public QFrame
{
    Q_OBJECT

public:
    explicit BusyBanner(QWidget *parent = nullptr);

    /// Table -> who holds it (LockMonitor::busyTables()); hides the bar when empty.
    void setBusyTables(const QHash<QString, QString> &busy);
    /// The table shown in the grid.
    void setCurrentTable(const QString &table);
    QString text() const;

private:
    void updateText();

    QHash<QString, QString> m_busy;
    QString m_current;
    QLabel *m_text = nullptr;
};

} // namespace Concord
