// SPDX-License-Identifier: MIT
// SPDX-FileCopyrightText: 2026 Concord developers
#pragma once

#include <core/versioning/versioning.h>

#include <QFrame>

class QLabel;
class QPushButton;

namespace Concord {

/// The schema check's findings on connect, as a dismissable bar above the grid: "2 tables are not
/// fully protected" with Details (every finding and how to fix it) and a close button.
/// objectName "schemaBanner"; children "schemaBannerText", "schemaDetailsButton", "schemaCloseButton".
class SchemaBanner : public QFrame
{
    Q_OBJECT

public:
    explicit SchemaBanner(QWidget *parent = nullptr);

    /// Shows the bar when there are findings, hides it otherwise.
    void setFindings(const QList<SchemaFinding> &findings);
    QString text() const;
    /// One line per finding, errors first.
    QString detailsText() const;

private:
    void showDetails();

    QList<SchemaFinding> m_findings;
    QLabel *m_text = nullptr;
};

} // namespace Concord
