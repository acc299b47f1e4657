// SPDX-License-Identifier: MIT
// SPDX-FileCopyrightText: 2026 Concord developers
#include "jobreportdialog.h"

#include <QDialogButtonBox>
#include <QHeaderView>
#include <QLabel>
#include <QPushButton>
#include <QTableWidget>
#include <QVBoxLayout>

using namespace Qt::StringLiterals;

namespace Concord {

JobReportDialog::JobReportDialog(const QString &title, const QString &summary, const QStringList &headers,
                                 const QList<QStringList> &rows, QWidget *parent)
    : QDialog(parent)
{
    setObjectName(u"jobReport"_s);
    setAccessibleName(title);
    setWindowTitle(title);
    setAttribute(Qt::WA_DeleteOnClose);

    m_summary = new QLabel(summary);
    m_summary->setObjectName(u"jobReportSummary"_s);
    m_summary->setAccessibleName(tr("Summary"));
    m_summary->setWordWrap(true);
    m_summary->setTextInteractionFlags(Qt::TextSelectableByMouse);

    m_table = new QTableWidget(int(rows.size()), int(headers.size()));
    m_table->setObjectName(u"jobReportTable"_s);
    m_table->setAccessibleName(tr("Details"));
    m_table->setHorizontalHeaderLabels(headers);
    m_table->horizontalHeader()->setStretchLastSection(true);
    m_table->verticalHeader()->hide();
    m_table->setEditTriggers(QAbstractItemView::NoEditTriggers);
    m_table->setWordWrap(false);
    for (int row = 0; row < rows.size(); ++row) {
        for (int column = 0; column < rows.at(row).size() && column < headers.size(); ++column)
            m_table->setItem(row, column, new QTableWidgetItem(rows.at(row).at(column)));
    }
    m_table->resizeColumnsToContents();
    m_table->setVisible(!rows.isEmpty());

    auto *buttons = new QDialogButtonBox(QDialogButtonBox::Close);
    buttons->setObjectName(u"jobReportButtons"_s);
    buttons->button(QDialogButtonBox::Close)->setObjectName(u"jobReportCloseButton"_s);
    connect(buttons, &QDialogButtonBox::rejected, this, &QDialog::close);

    auto *layout = new QVBoxLayout(this);
    layout->addWidget(m_summary);
    layout->addWidget(m_table, 1);
    layout->addWidget(buttons);
    resize(620, rows.isEmpty() ? 140 : 360);
}

QString JobReportDialog::summary() const
{
    return m_summary->text();
}

} // namespace Concord
