// SPDX-License-Identifier: MIT
// SPDX-FileCopyrightText: 2026 Concord developers
#include "statusfields.h"

#include <core/text.h>
#include <core/db/databaseaddress.h>

#include <QFileInfo>
#include <QLabel>
#include <QLocale>
#include <QStatusBar>

using namespace Qt::StringLiterals;

namespace Concord {

namespace {

QLabel *addField(QStatusBar *bar, const QString &name, const QString &accessibleName)
{
    auto *label = new QLabel;
    label->setObjectName(name);
    label->setAccessibleName(accessibleName);
    const int gap = label->fontMetrics().averageCharWidth();
    label->setContentsMargins(gap, 0, gap, 0);
    bar->addPermanentWidget(label);
    return label;
}

} // namespace

StatusFields::StatusFields(QStatusBar *bar)
    : QObject(bar)
{
    m_database = addField(bar, u"databaseStatus"_s, tr("Database"));
    m_row = addField(bar, u"rowStatus"_s, tr("Current row"));
    m_pending = addField(bar, u"pendingStatus"_s, tr("Unsaved edits"));
    m_conflicts = addField(bar, u"conflictStatus"_s, tr("Open conflicts"));
    clearDatabase();
}

QString StatusFields::databaseText(const DatabaseAddress &address, const QString &user)
{
    if (address.isSQLite())
        return tr("sqlite: %1").arg(QFileInfo(address.path).fileName());
    const QString who = address.user.isEmpty() ? user : address.user;
    QString where = address.host.isEmpty() ? u"localhost"_s : address.host;
    if (address.host.startsWith(u'/'))
        where = tr("local socket");
    if (address.port > 0)
        where += u':' + QString::number(address.port);
    if (!address.moreHosts.isEmpty())
        where = address.hostListText();
    QString text = who.isEmpty() ? where : who + u'@' + where;
    if (!address.databaseName.isEmpty())
        text += u'/' + address.databaseName;
    return text;
}

QString StatusFields::rowText(int row, int count)
{
    const QLocale locale;
    if (count <= 0)
        return tr("no rows");
    if (row < 0)
        return count == 1 ? tr("1 row") : tr("%1 rows").arg(locale.toString(count));
    return tr("row %1 of %2").arg(locale.toString(row + 1), locale.toString(count));
}

void StatusFields::setDatabase(const DatabaseAddress &address, const QString &user)
{
    m_database->setText(databaseText(address, user));
    m_database->setToolTip(address.toString());
}

void StatusFields::clearDatabase()
{
    m_database->setText(tr("No database"));
    m_database->setToolTip({});
    m_row->clear();
    m_row->hide();
    m_pending->clear(); // "No database" once, in the database field
    m_conflicts->clear();
    m_conflicts->hide();
}

void StatusFields::setRow(int row, int count)
{
    m_row->setText(rowText(row, count));
    m_row->show();
}

void StatusFields::setPending(int pending, bool outdated)
{
    QString text = pending ? countText(pending, tr("%1 unsaved record"), tr("%1 unsaved records")) : tr("All saved");
    if (outdated)
        text += u" · "_s + tr("others changed this table: it refreshes once your edits are saved");
    m_pending->setText(text);
}

void StatusFields::setConflicts(int conflicts)
{
    m_conflicts->setText(conflicts ? countText(conflicts, tr("%1 conflict"), tr("%1 conflicts")) : QString());
    m_conflicts->setVisible(conflicts > 0);
}

} // namespace Concord
