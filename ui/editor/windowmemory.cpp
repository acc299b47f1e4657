// SPDX-License-Identifier: MIT
// SPDX-FileCopyrightText: 2026 Concord developers
#include "windowmemory.h"

#include <ui/start/appsettings.h>

#include <QEvent>
#include <QHeaderView>
#include <QMainWindow>
#include <QSplitter>
#include <QSqlQueryModel>
#include <QSqlRecord>
#include <QTableView>

namespace Concord {

WindowMemory::WindowMemory(QMainWindow *window, QSplitter *splitter, QTableView *grid)
    : QObject(window)
    , m_window(window)
    , m_splitter(splitter)
    , m_grid(grid)
{
    QHeaderView *header = m_grid->horizontalHeader();
    header->viewport()->installEventFilter(this);
    connect(header, &QHeaderView::sectionResized, this, &WindowMemory::onSectionResized);
}

void WindowMemory::restoreWindow()
{
    const AppSettings settings;
    if (const QByteArray geometry = settings.windowGeometry(); !geometry.isEmpty())
        m_window->restoreGeometry(geometry);
    if (const QByteArray state = settings.windowState(); !state.isEmpty())
        m_window->restoreState(state);
    if (const QByteArray splitter = settings.splitterState(); !splitter.isEmpty())
        m_splitter->restoreState(splitter);
}

void WindowMemory::saveWindow()
{
    AppSettings settings;
    settings.setWindowGeometry(m_window->saveGeometry());
    settings.setWindowState(m_window->saveState());
    settings.setSplitterState(m_splitter->saveState());
}

void WindowMemory::setTable(const DatabaseAddress &address, const QString &table)
{
    m_address = address;
    m_table = table;
    const QHash<QString, int> widths = AppSettings().columnWidths(address, table);
    for (int column = 0; column < m_grid->horizontalHeader()->count(); ++column) {
        if (const int width = widths.value(columnName(column)); width > 0)
            m_grid->setColumnWidth(column, width);
    }
}

void WindowMemory::clearTable()
{
    m_address = {};
    m_table.clear();
}

QString WindowMemory::columnName(int column) const
{
    // By name, not position: a column added or dropped elsewhere must not shift the widths.
    const auto *model = qobject_cast<const QSqlQueryModel *>(m_grid->model());
    return model ? model->record().fieldName(column) : QString();
}

// Between a press and a release on the header, a resize is the user's own: a drag of a handle,
// or a double-click on one. Anything else resizing a column is the program.
bool WindowMemory::eventFilter(QObject *watched, QEvent *event)
{
    switch (event->type()) {
    case QEvent::MouseButtonPress:
    case QEvent::MouseButtonDblClick:
        m_userResizing = true;
        break;
    case QEvent::MouseButtonRelease:
        m_userResizing = false;
        break;
    default:
        break;
    }
    return QObject::eventFilter(watched, event);
}

void WindowMemory::onSectionResized(int column, int, int newWidth)
{
    if (!m_userResizing || m_table.isEmpty() || newWidth <= 0)
        return;
    const QString name = columnName(column);
    if (name.isEmpty())
        return;
    AppSettings settings;
    QHash<QString, int> widths = settings.columnWidths(m_address, m_table);
    widths.insert(name, newWidth);
    settings.setColumnWidths(m_address, m_table, widths);
}

} // namespace Concord
