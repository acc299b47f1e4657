// SPDX-License-Identifier: MIT
// SPDX-FileCopyrightText: 2026 Concord developers
// MainWindow's record history: the History dock following the current record, the history
// actions' outcomes, and Restore This Version, which puts a version's values into the grid and
// saves them through the normal save, version check and merge dialog included.
#include "mainwindow.h"

#include <ui/history/historyactions.h>
#include <ui/history/historydock.h>
#include <ui/merge/conflictbanner.h>
#include <ui/merge/mergedialog.h>

#include <core/model/versionedtablemodel.h>
#include <core/values/valuecomparison.h>

#include <QAction>
#include <QMenu>
#include <QMenuBar>
#include <QStatusBar>
#include <QTableView>

using namespace Qt::StringLiterals;

namespace Concord {

void MainWindow::createHistory()
{
    m_historyDock = new HistoryDock(this);
    addDockWidget(Qt::RightDockWidgetArea, m_historyDock);
    m_historyDock->hide();
    if (QMenu *view = menuBar()->findChild<QMenu *>(u"viewMenu"_s))
        view->addAction(m_historyDock->toggleViewAction());
    connect(m_historyDock->toggleViewAction(), &QAction::toggled, this, [this](bool shown) {
        if (shown)
            resizeDocks({m_historyDock}, {width() * 2 / 5}, Qt::Horizontal);
    });
    connect(m_historyDock, &HistoryDock::restoreRequested, this, &MainWindow::restoreVersion);
    connect(m_historyDock, &HistoryDock::keepHistoryRequested, m_historyActions, &HistoryActions::keepHistory);
    connect(m_historyActions, &HistoryActions::historyChanged, m_historyDock, &HistoryDock::refresh);
    connect(m_historyActions, &HistoryActions::tableChanged, this, &MainWindow::onTableChanged);
    connect(m_historyActions, &HistoryActions::message, this, [this](const QString &text) {
        statusBar()->showMessage(text, 8000);
    });
}

void MainWindow::updateHistoryTarget()
{
    m_historyActions->setTarget(m_address, m_model);
    const QModelIndex current = m_grid->currentIndex();
    m_historyDock->setTarget(m_model, m_model && current.isValid() ? current.row() : -1);
}

// The version's values become the row's pending edits, field by field as if typed, and the
// save writes them at the record's loaded version: when someone changed the record meanwhile
// the save conflicts, and the merge dialog opens with the restored values as "mine".
void MainWindow::restoreVersion(const QSqlRecord &key, const History::Entry &entry)
{
    const int row = m_grid->currentIndex().row();
    if (!m_model || row < 0 || m_model->rowKey(row) != key) {
        statusBar()->showMessage(tr("The record of that history is no longer the current one; select it again."));
        return;
    }
    // Restoring saves; a save writes every pending edit, which the user did not ask for here.
    if (m_model->hasPendingWork()) {
        statusBar()->showMessage(tr("Save or revert your edits first: restoring a version saves it at once."));
        return;
    }
    const QSqlRecord values = History::restorableValues(m_model->schema(), m_model->auditColumns(), entry, false);
    int changed = 0;
    for (int i = 0; i < values.count(); ++i) {
        const int column = m_model->fieldIndex(values.fieldName(i));
        const QModelIndex index = m_model->index(row, column);
        if (column < 0 || !(m_model->flags(index) & Qt::ItemIsEditable))
            continue; // a column dropped since, or one the database computes
        if (sameValue(m_model->data(index, Qt::EditRole), values.value(i)))
            continue;
        if (!m_model->setData(index, values.value(i), Qt::EditRole)) {
            m_model->revertRow(row);
            statusBar()->showMessage(tr("Version %1 cannot be restored: %2 does not take its value %3.")
                                         .arg(entry.version.toString(), values.fieldName(i), values.value(i).toString()));
            return;
        }
        ++changed;
    }
    if (changed == 0) {
        statusBar()->showMessage(tr("The record already holds the values of version %1.").arg(entry.version.toString()));
        return;
    }
    if (save())
        statusBar()->showMessage(tr("Restored version %1 as a new version of the record.").arg(entry.version.toString()),
                                 8000);
}

// The banner's second line: what the history says the others wrote to the first of \a open
// conflicts. Read only when that conflict changes (updateStatus() runs on every edit).
void MainWindow::updateBannerHistory(const QList<RecordModifiedError> &open)
{
    const QString which = open.isEmpty() ? QString()
                                         : open.constFirst().table + u'/' + open.constFirst().keyText() + u'/'
                                               + open.constFirst().currentVersion.toString();
    if (which == m_bannerHistoryFor)
        return;
    m_bannerHistoryFor = which;
    const QList<History::Entry> entries = open.isEmpty() || !m_model
                                              ? QList<History::Entry>()
                                              : theirVersionsFromHistory(m_model->database(), m_model->schema(), open.constFirst());
    if (entries.isEmpty())
        return m_banner->setTheirChanges({});
    const RecordModifiedError &first = open.constFirst();
    m_banner->setTheirChanges(tr("History of %1 since your version %2: %3")
                                  .arg(first.keyText(), first.loadedVersion.toString(),
                                       theirChangeLines(entries, QDateTime::currentDateTimeUtc()).join(u"; "_s)));
}

} // namespace Concord
