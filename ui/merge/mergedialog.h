// SPDX-License-Identifier: MIT
// SPDX-FileCopyrightText: 2026 Concord developers
#pragma once

#include <core/merge/recordmodifiederror.h>
#include <core/merge/threewaymerge.h>
#include <core/versioning/history.h>

#include <QDateTime>
#include <QDialog>

class QAbstractButton;
class QDialogButtonBox;
class QGroupBox;
class QLabel;
class QPushButton;
class QTableView;

namespace Concord {

class MergeFieldModel;
class ValueEditor;

/// Settings of a MergeDialog beyond the conflict itself.
struct MergeDialogOptions
{
    MergeOptions merge;                                  ///< version and computed columns
    QString modifiedByColumn = QStringLiteral("modified_by"); ///< shown as "changed by WHO" (empty: none)
    QString modifiedAtColumn = QStringLiteral("modified_at"); ///< shown as "3 minutes ago" (empty: none)
    /// The moment "3 minutes ago" counts back from; invalid: the current time when the dialog opens.
    QDateTime now;
    /// When the table keeps history: the versions written after mine up to theirs, newest first
    /// (History::between()), shown as "what they changed" with who and when. Empty: not shown.
    QList<History::Entry> theirVersions;
};

/// What the history says others wrote to \a conflict's record after the version I loaded, up to
/// theirs (History::between()), newest first: for the merge dialog and the conflict bar. Empty
/// when \a schema's table keeps no history or it cannot be read: the conflict is all they need.
QList<History::Entry> theirVersionsFromHistory(const QSqlDatabase &db, const TableSchema &schema,
                                               const RecordModifiedError &conflict);
/// Each of \a theirVersions in words, oldest first: "version 8, changed by carol just now:
/// status", "deleted (was version 9), changed by bob 2 minutes ago".
QStringList theirChangeLines(const QList<History::Entry> &theirVersions, const QDateTime &now);
/// "What they changed since your version 6:" and a bulleted theirChangeLines() each; empty for none.
QString theirChangesText(const QVariant &myVersion, const QList<History::Entry> &theirVersions, const QDateTime &now);

/// Lets the user merge one conflicting record field by field: Base, Mine, Theirs and Result
/// side by side, one-sided changes already taken (and marked), conflicts to decide with Take
/// mine, Take theirs, Take base or an edited value. F7 / Shift+F7 move between unresolved
/// conflicts and every choice moves on to the next one; Save is enabled only when none is left.
///
/// When theirs was deleted the dialog offers Re-create (with the merged values) and Discard my
/// edits instead of Save. Cancel leaves everything as it was: the caller keeps my edits pending.
///
/// The header says who changed the record and when, from theirs (the row now in the database,
/// so the other user's audit columns): "Changed by bob 3 minutes ago, now version 7. You edited
/// version 6.", the exact time as the label's tooltip.
///
/// The dialog never touches the database: the caller passes resolution() to
/// VersionedTableModel::resolve() and submits. Every widget has an objectName for tests:
/// fieldTable, takeMineButton, takeTheirsButton, takeBaseButton, resetButton, valueEditor,
/// applyEditButton, previousButton, nextButton, takeAllMineButton, takeAllTheirsButton,
/// remainingLabel, saveButton, recreateButton, discardButton, cancelButton, titleLabel,
/// progressLabel, changedByLabel, deletedBanner, theirChangesLabel.
class MergeDialog : public QDialog
{
    Q_OBJECT

public:
    enum class Choice { Save, Recreate, Discard, Cancel };
    Q_ENUM(Choice)

    explicit MergeDialog(const RecordModifiedError &conflict, QWidget *parent = nullptr);
    MergeDialog(const RecordModifiedError &conflict, const MergeDialogOptions &options, QWidget *parent = nullptr);
    ~MergeDialog() override;

    /// How the dialog was closed; Cancel until then.
    Choice choice() const { return m_choice; }
    /// I deleted a record they changed: Save is "Delete Anyway", Discard is "Keep Their Version".
    bool isDeleteConflict() const;
    /// The record to write: merged values for Save and Recreate, empty for Discard and Cancel.
    QSqlRecord resolution() const;
    const RecordModifiedError &conflict() const { return m_conflict; }
    /// The merge as the user has decided it so far.
    const MergeResult &merge() const;
    int unresolvedCount() const;
    /// The field row the resolution panel works on, or -1.
    int currentField() const;
    void setCurrentField(int row);

    /// Shows "\a index of \a count" (1-based) in the title and header, for a caller that goes
    /// through several conflicting records; hidden when \a count is below 2.
    void setProgress(int index, int count);
    QString progressText() const;
    /// The window title: "Resolve Conflict 1 of 3 — customers", or "Record Deleted by Someone
    /// Else — customers" for a record the other user deleted.
    QString titleText() const;

public Q_SLOTS:
    void nextConflict();
    void previousConflict();
    void takeMine();
    void takeTheirs();
    void takeBase();
    /// Uses the value in the editor as the result of the current field, if it validates.
    bool applyEdit();
    void resetCurrent();
    void takeAllMine();
    void takeAllTheirs();

protected:
    void keyPressEvent(QKeyEvent *event) override;

private:
    void createLayout();
    QWidget *createHeader();
    QGroupBox *createResolutionPanel();
    QWidget *createNavigation();
    void createButtons();
    void createShortcuts();
    void resizeToContents();
    QString changedByText() const;
    QDateTime changedAt() const;
    void showCurrentField();
    void updateState();
    void resolveCurrent(ResultSource side);
    void advanceAfterChoice(int resolvedRow);
    void finish(Choice choice);
    QPushButton *makeButton(const QString &text, const QString &objectName, const QString &accessibleName);

    RecordModifiedError m_conflict;
    MergeDialogOptions m_options;
    MergeFieldModel *m_model = nullptr;
    Choice m_choice = Choice::Cancel;
    QString m_mergeError;
    int m_progressIndex = 0;
    int m_progressCount = 0;

    QLabel *m_titleLabel = nullptr;
    QLabel *m_progressLabel = nullptr;
    QLabel *m_changedByLabel = nullptr;
    QLabel *m_deletedBanner = nullptr;
    QLabel *m_theirChangesLabel = nullptr;
    QLabel *m_remainingLabel = nullptr;
    QTableView *m_table = nullptr;
    QGroupBox *m_panel = nullptr;
    QPushButton *m_takeMineButton = nullptr;
    QPushButton *m_takeTheirsButton = nullptr;
    QPushButton *m_takeBaseButton = nullptr;
    QPushButton *m_resetButton = nullptr;
    ValueEditor *m_editor = nullptr;
    QPushButton *m_applyEditButton = nullptr;
    QLabel *m_panelHint = nullptr;
    QPushButton *m_previousButton = nullptr;
    QPushButton *m_nextButton = nullptr;
    QPushButton *m_takeAllMineButton = nullptr;
    QPushButton *m_takeAllTheirsButton = nullptr;
    QDialogButtonBox *m_buttons = nullptr;
    QPushButton *m_saveButton = nullptr;
    QPushButton *m_recreateButton = nullptr;
    QPushButton *m_discardButton = nullptr;
    QPushButton *m_cancelButton = nullptr;
};

} // namespace Concord
