// SPDX-License-Identifier: MIT
// SPDX-FileCopyrightText: 2026 Concord developers
#include "referencechooser.h"

#include <core/text.h>

#include <QCoreApplication>
#include <QDialogButtonBox>
#include <QHBoxLayout>
#include <QHeaderView>
#include <QKeyEvent>
#include <QLabel>
#include <QLineEdit>
#include <QPushButton>
#include <QStandardItemModel>
#include <QTableView>
#include <QTimer>
#include <QVBoxLayout>

namespace Concord {

namespace {
constexpr int searchPauseMs = 200;
}

ReferenceChooser::ReferenceChooser(const QSqlDatabase &db, const ReferenceTarget &target, const QString &referencingColumn,
                                   const QVariant &current, QWidget *parent)
    : QDialog(parent)
    , m_db(db)
    , m_target(target)
    , m_current(current)
{
    setObjectName(QStringLiteral("referenceChooser"));
    setWindowTitle(tr("Choose a Record of %1").arg(target.table));
    auto *layout = new QVBoxLayout(this);
    auto *intro = new QLabel(tr("%1 refers to a record of <b>%2</b>. Type part of its %3 or its %4:")
                                 .arg(referencingColumn.toHtmlEscaped(), target.table.toHtmlEscaped(),
                                      (target.labelColumn.isEmpty() ? target.keyColumn : target.labelColumn).toHtmlEscaped(),
                                      target.keyColumn.toHtmlEscaped()));
    intro->setWordWrap(true);
    layout->addWidget(intro);
    auto *searchRow = new QHBoxLayout;
    auto *searchLabel = new QLabel(tr("&Search:"));
    searchRow->addWidget(searchLabel);
    m_search = new QLineEdit;
    m_search->setObjectName(QStringLiteral("referenceSearch"));
    m_search->setPlaceholderText(tr("Search %1").arg(target.table));
    m_search->setClearButtonEnabled(true);
    searchLabel->setBuddy(m_search);
    searchRow->addWidget(m_search, 1);
    layout->addLayout(searchRow);

    m_rows = new QStandardItemModel(this);
    m_rows->setHorizontalHeaderLabels(QStringList{target.keyColumn, target.labelColumn} + target.detailColumns);
    m_list = new QTableView;
    m_list->setObjectName(QStringLiteral("referenceRows"));
    m_list->setModel(m_rows);
    m_list->setSelectionBehavior(QAbstractItemView::SelectRows);
    m_list->setSelectionMode(QAbstractItemView::SingleSelection);
    m_list->setEditTriggers(QAbstractItemView::NoEditTriggers);
    m_list->verticalHeader()->hide();
    m_list->verticalHeader()->setDefaultSectionSize(m_list->fontMetrics().height() + 8);
    m_list->horizontalHeader()->setStretchLastSection(true);
    m_list->setColumnHidden(1, target.labelColumn.isEmpty());
    layout->addWidget(m_list, 1);
    connect(m_list, &QTableView::doubleClicked, this, &ReferenceChooser::accept);

    m_note = new QLabel;
    m_note->setObjectName(QStringLiteral("referenceNote"));
    layout->addWidget(m_note);
    auto *buttons = new QDialogButtonBox(QDialogButtonBox::Ok | QDialogButtonBox::Cancel);
    buttons->button(QDialogButtonBox::Ok)->setText(tr("&Choose"));
    connect(buttons, &QDialogButtonBox::accepted, this, &ReferenceChooser::accept);
    connect(buttons, &QDialogButtonBox::rejected, this, &ReferenceChooser::reject);
    layout->addWidget(buttons);

    m_pause = new QTimer(this);
    m_pause->setSingleShot(true);
    m_pause->setInterval(searchPauseMs);
    connect(m_pause, &QTimer::timeout, this, &ReferenceChooser::searchNow);
    connect(m_search, &QLineEdit::textEdited, m_pause, qOverload<>(&QTimer::start));
    // Up and Down in the search field move through the list, as in a completer.
    m_search->installEventFilter(this);
    resize(640, 440);
    searchNow();
    selectKey(current);
}

void ReferenceChooser::searchNow()
{
    m_pause->stop();
    const auto rows = findReferenceRows(m_db, m_target, m_search->text(), rowLimit() + 1);
    if (!rows) {
        m_rows->removeRows(0, m_rows->rowCount());
        m_note->setText(tr("Cannot search %1: %2").arg(m_target.table, rows.error().message));
        return;
    }
    showRows(rows.value());
}

void ReferenceChooser::showRows(const QList<ReferenceRow> &rows)
{
    m_rows->removeRows(0, m_rows->rowCount());
    const int shown = int(qMin<qsizetype>(rows.size(), rowLimit()));
    for (int i = 0; i < shown; ++i) {
        auto *key = new QStandardItem(rows[i].key.toString());
        key->setData(rows[i].key, Qt::UserRole);
        QList<QStandardItem *> items{key, new QStandardItem(rows[i].label)};
        for (const QString &detail : rows[i].details)
            items << new QStandardItem(detail);
        m_rows->appendRow(items);
    }
    if (rows.isEmpty())
        m_note->setText(tr("No record of %1 matches.").arg(m_target.table));
    else if (rows.size() > rowLimit())
        m_note->setText(tr("The first %1 matches; type more to narrow them.").arg(QLocale().toString(rowLimit())));
    else
        m_note->setText(countText(shown, tr("%1 match."), tr("%1 matches.")));
    m_list->resizeColumnsToContents();
    if (shown > 0)
        m_list->setCurrentIndex(m_rows->index(0, 0));
}

void ReferenceChooser::selectKey(const QVariant &key)
{
    for (int row = 0; !key.isNull() && row < m_rows->rowCount(); ++row) {
        if (m_rows->item(row, 0)->text() == key.toString()) {
            m_list->setCurrentIndex(m_rows->index(row, 0));
            return;
        }
    }
}

bool ReferenceChooser::eventFilter(QObject *watched, QEvent *event)
{
    if (watched == m_search && event->type() == QEvent::KeyPress) {
        const int key = static_cast<QKeyEvent *>(event)->key();
        if (key == Qt::Key_Up || key == Qt::Key_Down || key == Qt::Key_PageUp || key == Qt::Key_PageDown) {
            QCoreApplication::sendEvent(m_list, event);
            return true;
        }
    }
    return QDialog::eventFilter(watched, event);
}

int ReferenceChooser::listedRows() const
{
    return m_rows->rowCount();
}

void ReferenceChooser::accept()
{
    if (m_pause->isActive())
        searchNow(); // Enter right after typing takes the first match of what was typed
    const QModelIndex current = m_list->currentIndex();
    if (!current.isValid())
        return;
    m_chosen = m_rows->item(current.row(), 0)->data(Qt::UserRole);
    QDialog::accept();
}

} // namespace Concord
