// SPDX-License-Identifier: MIT
// SPDX-FileCopyrightText: 2026 Concord developers
#include "schemabanner.h"

#include <core/text.h>

#include <QHBoxLayout>
#include <QLabel>
#include <QMessageBox>
#include <QPushButton>
#include <QSet>
#include <QToolButton>

using namespace Qt::StringLiterals;

namespace Concord {

SchemaBanner::SchemaBanner(QWidget *parent)
    : QFrame(parent)
{
    setObjectName(u"schemaBanner"_s);
    setAccessibleName(tr("Schema check"));
    setFrameShape(QFrame::StyledPanel);
    setAutoFillBackground(true);
    QPalette palette = this->palette();
    palette.setColor(QPalette::Window, QColor(0xff, 0xf1, 0xc2));
    palette.setColor(QPalette::WindowText, QColor(0x5c, 0x45, 0x00));
    setPalette(palette);

    m_text = new QLabel;
    m_text->setObjectName(u"schemaBannerText"_s);
    m_text->setWordWrap(true);
    auto *details = new QPushButton(tr("&Details…"));
    details->setObjectName(u"schemaDetailsButton"_s);
    details->setAccessibleName(tr("Schema check details"));
    connect(details, &QPushButton::clicked, this, &SchemaBanner::showDetails);
    auto *close = new QToolButton;
    close->setObjectName(u"schemaCloseButton"_s);
    close->setText(u"✕"_s);
    close->setAutoRaise(true);
    close->setAccessibleName(tr("Dismiss the schema check"));
    close->setToolTip(tr("Dismiss"));
    connect(close, &QToolButton::clicked, this, &QWidget::hide);

    auto *layout = new QHBoxLayout(this);
    const int margin = fontMetrics().height() / 3;
    layout->setContentsMargins(2 * margin, margin, margin, margin);
    layout->addWidget(m_text, 1);
    layout->addWidget(details);
    layout->addWidget(close);
    hide();
}

void SchemaBanner::setFindings(const QList<SchemaFinding> &findings)
{
    m_findings = findings;
    std::stable_sort(m_findings.begin(), m_findings.end(), [](const SchemaFinding &a, const SchemaFinding &b) {
        return a.severity == SchemaFinding::Severity::Error && b.severity != SchemaFinding::Severity::Error;
    });
    QSet<QString> tables;
    bool serious = false;
    for (const SchemaFinding &finding : std::as_const(m_findings)) {
        tables.insert(finding.table);
        serious = serious || finding.severity == SchemaFinding::Severity::Error;
    }
    const QString summary = countText(tables.size(), tr("%1 table is not fully protected"),
                                      tr("%1 tables are not fully protected"));
    m_text->setText((serious ? u"⚠ "_s : QString()) + summary + u": "_s
                    + (m_findings.isEmpty() ? QString() : m_findings.first().message)
                    + (m_findings.size() > 1 ? tr(" (and %1 more)").arg(m_findings.size() - 1) : QString()));
    setAccessibleDescription(m_text->text());
    setVisible(!m_findings.isEmpty());
}

QString SchemaBanner::text() const
{
    return m_text->text();
}

QString SchemaBanner::detailsText() const
{
    QStringList lines;
    for (const SchemaFinding &finding : m_findings) {
        lines << (finding.severity == SchemaFinding::Severity::Error ? tr("Error") : tr("Warning")) + u": "_s
                     + finding.message;
    }
    return lines.join(u"\n\n"_s);
}

void SchemaBanner::showDetails()
{
    auto *box = new QMessageBox(QMessageBox::Information, tr("Schema check"),
                                tr("Concord checked how each table is protected. `concordctl check` prints the "
                                   "same list; `concordctl apply` and `concordctl triggers create` fix most of it."),
                                QMessageBox::Close, this);
    box->setObjectName(u"schemaDetails"_s);
    box->setInformativeText(detailsText());
    box->setAttribute(Qt::WA_DeleteOnClose);
    box->open();
}

} // namespace Concord
