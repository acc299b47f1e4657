// SPDX-License-Identifier: MIT
// SPDX-FileCopyrightText: 2026 Concord developers
#pragma once

#include <QDialog>

class QLabel;
class QTableWidget;

namespace Concord {

/// What a finished job could not do, listed without blocking the editor: the rejected lines of
/// an import (line, column, reason) or the rows a bulk edit left untouched (key, what happened).
/// Opens non-modally and deletes itself on close.
/// objectName "jobReport"; children "jobReportSummary", "jobReportTable".
class JobReportDialog : public QDialog
{
    Q_OBJECT

public:
    JobReportDialog(const QString &title, const QString &summary, const QStringList &headers,
                    const QList<QStringList> &rows, QWidget *parent = nullptr);

    QString summary() const;
    QTableWidget *table() const { return m_table; }

private:
    QLabel *m_summary = nullptr;
    QTableWidget *m_table = nullptr;
};

} // namespace Concord
