// SPDX-License-Identifier: MIT
// SPDX-FileCopyrightText: 2026 Concord developers
#pragma once

#include <core/db/columndefaults.h>
#include <core/db/databaseaddress.h>
#include <core/db/foreignkeys.h>
#include <core/db/referencerows.h>
#include <core/merge/recordmodifiederror.h>
#include <core/versioning/history.h>
#include <ui/widgets/gridplace.h>

#include <QMainWindow>
#include <QHash>
#include <QMap>
#include <QSqlRecord>

#include <optional>

class QAction;
class QLabel;
class QMenu;
class QSplitter;
class QStackedWidget;
class QTableView;

namespace Concord {

class BusyBanner;
class CellActions;
class ConflictBanner;
class JobRunner;
class JournalPrompt;
class Reconnector;
struct SaveOutcome;
class LockMonitor;
class LocksDock;
class StatusFields;
class TableList;
class TableOperations;
class SaveController;
class SchemaBanner;
class ConflictResolver;
class EditUndo;
class FilterHeader;
class FindBar;
class HistoryActions;
class HistoryDock;
class RecordForm;
class ReferenceLabels;
class VersionedTableModel;
class WelcomeView;
class WindowMemory;
struct OpenRequest;

/// The editor: the database's tables on the left, the selected table in an editable grid.
/// Edits collect until Save. A save that conflicts opens the merge dialog for each conflicting
/// record in turn (ConflictResolver); records left unresolved stay marked in the grid and in a
/// non-modal bar above it (ConflictBanner), from which, or from the row, they can be reviewed
/// again. Nothing typed is ever lost.
///
/// Exclusive operations (import, bulk edit and delete, enable versioning: TableOperations) run in
/// the background, one at a time, shown by the JobRunner in the status bar; the grid stays
/// usable. Everyone's exclusive work on the database is shown by LockMonitor: a bar above the grid
/// (BusyBanner, only over the busy table) and " (busy)" in the table list; View > Locks
/// (LocksDock) lists every lock held, the editor's own marked "(you)". A save on a table someone
/// else holds fails at once, naming the holder, and keeps the edits.
///
/// Without a database the window shows its WelcomeView (recent databases, open, create,
/// connect), and returns to it when the database closes or cannot be opened; an open error is
/// shown there, never by quitting. Each window holds one database on a connection of its own;
/// File > New Window opens another. The menu bar (createMenus(), mainwindowmenus.cpp) holds every
/// action; WindowMemory keeps geometry, splitter and the user's column widths across sessions.
///
/// The status bar's permanent fields (StatusFields) name the database, the current row ("row 3
/// of 12"), unsaved edits and conflicts; the JobRunner after them shows the running job.
class MainWindow : public QMainWindow
{
    Q_OBJECT

public:
    explicit MainWindow(QWidget *parent = nullptr);
    ~MainWindow() override;

    /// Opens \a address, asking for a password if the server wants one that libpq could not find,
    /// and again while the server refuses the one given. On failure (or a cancelled prompt) the
    /// window shows its welcome view, and the error is returned; any database open before is closed.
    Result<void> openAddress(const DatabaseAddress &address);
    /// Opens what the welcome view asks for: in this window (after asking to save unsaved edits;
    /// refused with an empty Cancelled error when the user cancels) or, with request.newWindow, in
    /// a new one, which shows its own welcome view with the error when it cannot open it.
    /// A database that opened is put first in the recent list (without password).
    Result<void> open(const OpenRequest &request);
    /// The page shown without a database.
    WelcomeView *welcomeView() const { return m_welcome; }
    bool isWelcomeShown() const;
    /// The text of Help > About Concord (rich text).
    QString aboutText() const;
    /// Shows \a table in the grid; false when the table cannot be edited (the status bar says why).
    bool showTable(const QString &table);

    VersionedTableModel *model() const { return m_model; }
    QTableView *grid() const { return m_grid; }
    ConflictResolver *conflictResolver() const { return m_resolver; }
    /// Every save of the grid goes through it.
    SaveController *saveController() const { return m_saver; }
    /// Keeps the table's unsaved edits on disk and offers them back after a crash.
    JournalPrompt *journalPrompt() const { return m_journal; }
    ConflictBanner *conflictBanner() const { return m_banner; }
    DatabaseAddress address() const { return m_address; }
    TableList *tableList() const { return m_tableList; }
    JobRunner *jobRunner() const { return m_jobs; }
    LockMonitor *lockMonitor() const { return m_locks; }
    BusyBanner *busyBanner() const { return m_busyBanner; }
    TableOperations *tableOperations() const { return m_operations; }
    /// Every lock held on the database, live (View > Locks).
    LocksDock *locksDock() const { return m_locksDock; }
    /// The status bar's permanent fields: database, current row, unsaved edits, conflicts.
    StatusFields *statusFields() const { return m_statusFields; }
    FilterHeader *filterHeader() const { return m_filterHeader; }
    FindBar *findBar() const { return m_findBar; }
    /// Find, Go to Row, Go to Key, Clear Filters: for the menus.
    QList<QAction *> browseActions() const { return m_browseActions; }
    /// Undo and redo of the grid's unsaved edits (Edit > Undo, Ctrl+Z; Edit > Redo, Ctrl+Shift+Z).
    EditUndo *editUndo() const { return m_editUndo; }
    /// Edit Text… and View Blob…: the editors that do not fit in a cell (mainwindowcells.cpp).
    CellActions *cellActions() const { return m_cellActions; }
    /// View > History: the current record's kept versions (mainwindowhistory.cpp).
    HistoryDock *historyDock() const { return m_historyDock; }
    /// Keep History…, Deleted Records…, Apply History Retention (Records menu).
    HistoryActions *historyActions() const { return m_historyActions; }

public Q_SLOTS:
    /// A new window showing its welcome view, deleted when closed; returns it.
    MainWindow *newWindow();
    /// Shows the welcome view, with \a message in its message area (empty: none).
    void showWelcome(const QString &message = QString());
    /// File > Close Database: asks about unsaved edits, closes, and shows the welcome view.
    void closeCurrentDatabase();
    /// Help > About Concord: versions of Concord, Qt and the open database's engine.
    void showAbout();
    bool save();
    void revertAll();
    void revertSelectedRows();
    void addRow();
    void deleteSelectedRows();
    void reload();
    /// Opens the merge dialog for the current row, if it has an open conflict.
    void reviewCurrentRow();
    /// Sets the current cell to NULL (a pending edit), when its column allows NULL: never the key,
    /// the version or a NOT NULL column. Action "setNullAction", Ctrl+Shift+0 and the grid's menu.
    void setCurrentCellToNull();

    /// Sorts by \a column in the database: ascending, then descending, then the key order again.
    /// With pending edits the user is asked to save first; nothing is dropped.
    void sortByColumn(int column);
    /// Applies the filter row's texts (ColumnFilter syntax, by logical column); false when a
    /// value does not fit its column's type or the user kept pending edits (the status bar says).
    bool applyColumnFilters(const QMap<int, QString> &texts);
    /// Shows only the rows with \a text in any column; empty shows all.
    bool findInTable(const QString &text);
    void clearFilters();
    /// Makes \a row (0-based, of the grid's order) current and shows it.
    bool goToRow(int row);
    /// Makes the record with primary key \a keyText current, wherever it is ("7", or "3, 12" for
    /// a two-column key); false with the reason in the status bar when there is none.
    bool goToKey(const QString &keyText);
    void askGoToRow();
    void askGoToKey();
    /// Edit > Copy (Ctrl+C): the selected rows, or the current cell, as TSV (see copyText()).
    void copySelection();
    /// Edit > Paste (Ctrl+V): the clipboard's TSV from the current cell on, one undo step, or
    /// refused whole with the reason in a message box (see pasteText()).
    void pasteClipboard();
    /// Records > Duplicate Row (Ctrl+D): a new pending row with the current row's values, except
    /// the key and the version.
    void duplicateCurrentRow();

    // mainwindowreferences.cpp: foreign keys
    /// Records > Choose Referenced Record… (F4): a search of the referenced table for the current
    /// foreign-key cell; the choice is a pending edit.
    void chooseReferencedRecord();
    /// Records > Go to Referenced Record (Ctrl+J): the referenced table, showing that record.
    void goToReferencedRecord();
    /// Records > Show Referencing Records… (Ctrl+Shift+J): the records of another table that refer
    /// to the current one (a menu with their counts when several tables do).
    void showReferencingRecords();
    /// Shows \a table filtered to the records whose \a columns hold \a values; false when refused.
    bool showRecordsWhere(const QString &table, const QStringList &columns, const QVariantList &values);

    // mainwindowform.cpp: the form view
    /// View > Form View (Ctrl+Shift+F): the current record as a form of labelled fields, or the grid.
    void setFormViewShown(bool shown);
    bool isFormViewShown() const;
    RecordForm *recordForm() const { return m_form; }

protected:
    void closeEvent(QCloseEvent *event) override;
    bool eventFilter(QObject *watched, QEvent *event) override;

private:
    void createActions();
    void createLayout();
    void createGrid();
    void createSaving();
    void createOperations();
    void createMenus();
    void createFileMenu();
    QAction *addMenuAction(QMenu *menu, const QString &text, const QKeySequence &shortcut, const QString &name);
    void fillRecentMenu();
    void updateActions();
    Result<void> openHere(const OpenRequest &request);
    // mainwindowchrome.cpp: icons, toolbar layout, the Locks dock, the first size
    void createChrome();
    void setActionIcons();
    void arrangeToolBars();
    void createLocksDock();
    // mainwindowhistory.cpp: the History dock and the history actions.
    void createHistory();
    void updateHistoryTarget();
    void restoreVersion(const QSqlRecord &key, const History::Entry &entry);
    void updateBannerHistory(const QList<RecordModifiedError> &open);
    void resizeToFitScreen();
    void updateRowStatus();
    void showReadOnlyTable(const QString &table);
    void createBrowsing();
    void createBrowsingActions();
    void resetBrowsing();
    bool readyToReread(const QString &what);
    void syncBrowsingControls();
    void updateRowSummary();
    void refreshTables();
    void onTableChanged(const QString &table, bool schemaChanged);
    void updateStatus();
    void hideRemovedRows(const QList<int> &rows);
    void showSaveFailure(const QString &reason, const QString &details);
    void updateReviewAction();
    void createSetNullAction();
    void createEditingActions(); // mainwindowundo.cpp: undo, copy, paste, duplicate
    QSqlRecord newRowDefaults() const;
    void updateSetNullAction();
    bool canSetToNull(const QModelIndex &index) const;
    void closeDatabase();
    void openLocks();
    void showPooling(const QSqlDatabase &db);
    void reconnectIfLost(const SaveOutcome &outcome);
    Result<void> reconnect();
    void rememberPlace();
    void restorePlace();
    bool confirmDiscardingEdits();
    QList<int> selectedRows() const;
    bool typedTextBlocks(const QString &what);
    void createReferenceActions();
    void connectReferences();
    void readReferences();
    QString referenceText(const QModelIndex &index, const QString &text) const;
    QString defaultPlaceholder(const QModelIndex &index, const QString &text) const;
    void readColumnDefaults();
    std::optional<ReferenceTarget> currentReference() const;
    void updateReferenceActions();
    void createFormView();
    void connectFormView();
    void moveFormRecord(int delta);
    void showCurrentInForm();
    // mainwindowcells.cpp: cell and row selection, Edit Text…, View Blob…
    void createCellSelection();
    void createCellActions();
    CellActions *m_cellActions = nullptr;
    HistoryDock *m_historyDock = nullptr;
    HistoryActions *m_historyActions = nullptr;
    QString m_bannerHistoryFor; ///< the conflict the banner's history line was read for

    QStackedWidget *m_pages = nullptr;
    WelcomeView *m_welcome = nullptr;
    QSplitter *m_splitter = nullptr;
    WindowMemory *m_memory = nullptr;
    QMenu *m_recentMenu = nullptr;
    QList<QAction *> m_databaseActions; ///< disabled while no database is open
    TableList *m_tableList = nullptr;
    JobRunner *m_jobs = nullptr;
    LockMonitor *m_locks = nullptr;
    BusyBanner *m_busyBanner = nullptr;
    TableOperations *m_operations = nullptr;
    QTableView *m_grid = nullptr;
    StatusFields *m_statusFields = nullptr;
    LocksDock *m_locksDock = nullptr;
    ConflictBanner *m_banner = nullptr;
    SchemaBanner *m_schemaBanner = nullptr;
    SaveController *m_saver = nullptr;
    JournalPrompt *m_journal = nullptr;
    Reconnector *m_reconnector = nullptr;
    ConflictResolver *m_resolver = nullptr;
    QAction *m_reviewAction = nullptr;
    QAction *m_setNullAction = nullptr;
    EditUndo *m_editUndo = nullptr;
    VersionedTableModel *m_model = nullptr;
    DatabaseAddress m_address;
    QString m_connectionName;
    FilterHeader *m_filterHeader = nullptr;
    FindBar *m_findBar = nullptr;
    QList<QAction *> m_browseActions;
    QMap<int, QString> m_appliedFilterTexts; ///< the filter row as the grid shows it
    int m_sortColumn = -1;                   ///< -1: the key order
    Qt::SortOrder m_sortOrder = Qt::AscendingOrder;
    GridPlace m_place; ///< the grid's current and selected records across a re-read
    ReferenceLabels *m_references = nullptr;
    QList<ForeignKey> m_referencingKeys; ///< other tables' keys that refer to the shown table
    QHash<QString, QList<ForeignKey>> m_referencingByTable; ///< foreignKeysTo() by table, until the schema changes
    QHash<QString, ColumnDefault> m_columnDefaults; ///< of the shown table, by column
    QList<QAction *> m_referenceActions;
    QStackedWidget *m_recordViews = nullptr; ///< the grid, or the form view
    RecordForm *m_form = nullptr;
    QAction *m_formViewAction = nullptr;
    bool m_formHeld = false; ///< a live re-read is under way: the form keeps its record
};

} // namespace Concord
