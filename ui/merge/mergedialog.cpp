// SPDX-License-Identifier: MIT
// SPDX-FileCopyrightText: 2026 Concord developers
#include "mergedialog.h"

#include <ui/merge/mergefieldmodel.h>
#include <ui/widgets/valueeditor.h>

#include <core/db/tableschema.h>
#include <core/relativetime.h>

#include <QDialogButtonBox>
#include <QGridLayout>
#include <QGroupBox>
#include <QHeaderView>
#include <QKeyEvent>
#include <QLabel>
#include <QPushButton>
#include <QScreen>
#include <QScrollBar>
#include <QShortcut>
#include <QStyle>
#include <QTableView>
#include <QVBoxLayout>

using namespace Qt::StringLiterals;

namespace Concord {

namespace {

QVariant firstNonNull(std::initializer_list<QVariant> values)
{
    for (const QVariant &value : values) {
        if (value.isValid() && !value.isNull())
            return value;
    }
    return {};
}

} // namespace

MergeDialog::MergeDialog(const RecordModifiedError &conflict, QWidget *parent)
    : MergeDialog(conflict, MergeDialogOptions(), parent)
{
}

MergeDialog::MergeDialog(const RecordModifiedError &conflict, const MergeDialogOptions &options, QWidget *parent)
    : QDialog(parent)
    , m_conflict(conflict)
    , m_options(options)
{
    setObjectName(u"mergeDialog"_s);
    setWindowTitle(titleText());
    setAccessibleName(tr("Resolve conflict in record %1 of %2").arg(conflict.keyText(), conflict.table));
    // I deleted a record they changed: nothing of mine to merge; the choice is between deleting
    // their version anyway and keeping it. Their changes show against the base.
    auto merged = isDeleteConflict() ? ThreeWayMerge::merge(conflict.base, conflict.base, conflict.theirs, false, options.merge)
                                     : ThreeWayMerge::merge(conflict, options.merge);
    if (!merged)
        m_mergeError = merged.error().message;
    m_model = new MergeFieldModel(merged ? merged.value() : MergeResult(), this);
    connect(m_model, &MergeFieldModel::resolutionChanged, this, &MergeDialog::updateState);

    createLayout();
    createShortcuts();

    const int first = m_model->nextUnresolved(-1, 1);
    setCurrentField(first >= 0 ? first : 0);
    showCurrentField(); // also when there are no fields (a merge that failed): disables the panel
    updateState();
    resizeToContents(); // after the panel has its title, which takes a line of its own
    m_table->setFocus();
}

MergeDialog::~MergeDialog() = default;

bool MergeDialog::isDeleteConflict() const
{
    return m_conflict.operation == RecordModifiedError::Operation::Delete && !m_conflict.deletedByOther;
}

const MergeResult &MergeDialog::merge() const
{
    return m_model->merge();
}

int MergeDialog::unresolvedCount() const
{
    return m_model->unresolvedCount();
}

QSqlRecord MergeDialog::resolution() const
{
    if (m_choice != Choice::Save && m_choice != Choice::Recreate)
        return {};
    if (isDeleteConflict())
        return m_conflict.theirs; // delete anyway: the delete is rebased onto their version
    return m_model->merge().record(m_conflict.mine);
}

int MergeDialog::currentField() const
{
    return m_table->currentIndex().isValid() ? m_table->currentIndex().row() : -1;
}

void MergeDialog::setCurrentField(int row)
{
    if (row < 0 || row >= m_model->rowCount())
        return;
    m_table->setCurrentIndex(m_model->index(row, MergeFieldModel::FieldColumn));
    m_table->scrollTo(m_table->currentIndex());
    showCurrentField();
}

void MergeDialog::showCurrentField()
{
    const int row = currentField();
    const bool valid = row >= 0;
    const bool choosable = m_model->isChoosable(row);
    m_panel->setEnabled(valid);
    if (!valid)
        return;
    const FieldMerge &field = m_model->merge().fields.at(row);
    m_panel->setTitle(tr("Result for %1").arg(field.name));
    m_panel->setAccessibleName(m_panel->title());
    m_takeMineButton->setEnabled(choosable);
    m_takeTheirsButton->setEnabled(choosable && !m_model->merge().theirsDeleted);
    m_takeBaseButton->setEnabled(choosable);
    m_resetButton->setEnabled(choosable && field.source != m_model->merge().automaticSource(row));
    m_editor->setValue(field.resolved() ? field.result : field.mine, field.kind,
                       firstNonNull({field.mine, field.theirs, field.base}));
    m_editor->setAccessibleFieldName(field.name);
    m_editor->setEnabled(choosable);
    m_applyEditButton->setEnabled(choosable && m_editor->isEditable());
    if (field.databaseManaged)
        m_panelHint->setText(tr("The database sets this field; the merge always takes theirs."));
    else if (!field.resolved())
        m_panelHint->setText(tr("Both of you changed this field. Take mine, theirs or base, or type a value."));
    else
        m_panelHint->clear();
}

void MergeDialog::updateState()
{
    const int left = m_model->unresolvedCount();
    const bool mergeable = m_mergeError.isEmpty();
    // Spelled out rather than "%n conflict(s)": without a loaded translation Qt prints the "(s)".
    m_remainingLabel->setText(left == 0   ? tr("No conflicts left")
                              : left == 1 ? tr("1 conflict left")
                                          : tr("%1 conflicts left").arg(left));
    m_remainingLabel->setAccessibleName(m_remainingLabel->text());
    m_previousButton->setEnabled(left > 0);
    m_nextButton->setEnabled(left > 0);
    const bool anyConflict = !m_model->merge().conflictingFields().isEmpty();
    m_takeAllMineButton->setEnabled(anyConflict);
    m_takeAllTheirsButton->setEnabled(anyConflict && !m_model->merge().theirsDeleted);
    m_saveButton->setEnabled(mergeable && left == 0);
    m_recreateButton->setEnabled(mergeable && left == 0);
    m_discardButton->setEnabled(true);
    m_saveButton->setToolTip(left == 0 ? tr("Save the merged record") : tr("Resolve every conflict first"));
    if (currentField() >= 0)
        m_resetButton->setEnabled(m_model->isChoosable(currentField())
                                  && m_model->merge().fields.at(currentField()).source
                                         != m_model->merge().automaticSource(currentField()));
}

void MergeDialog::nextConflict()
{
    setCurrentField(m_model->nextUnresolved(currentField(), 1));
}

void MergeDialog::previousConflict()
{
    const int row = currentField();
    setCurrentField(m_model->nextUnresolved(row < 0 ? 0 : row, -1));
}

void MergeDialog::resolveCurrent(ResultSource side)
{
    const int row = currentField();
    if (m_model->resolveField(row, side))
        advanceAfterChoice(row);
}

void MergeDialog::takeMine()
{
    resolveCurrent(ResultSource::Mine);
}

void MergeDialog::takeTheirs()
{
    resolveCurrent(ResultSource::Theirs);
}

void MergeDialog::takeBase()
{
    resolveCurrent(ResultSource::Base);
}

bool MergeDialog::applyEdit()
{
    const int row = currentField();
    if (!m_model->isChoosable(row) || !m_editor->isEditable())
        return false;
    if (!m_editor->hasAcceptableInput()) {
        m_panelHint->setText(tr("This value does not fit the column."));
        m_editor->setFocus();
        return false;
    }
    if (!m_model->setEditedValue(row, m_editor->value()))
        return false;
    advanceAfterChoice(row);
    return true;
}

void MergeDialog::resetCurrent()
{
    const int row = currentField();
    if (!m_model->isChoosable(row))
        return;
    m_model->resetField(row);
    showCurrentField();
}

void MergeDialog::takeAllMine()
{
    m_model->resolveAll(ResultSource::Mine);
    advanceAfterChoice(-1);
}

void MergeDialog::takeAllTheirs()
{
    m_model->resolveAll(ResultSource::Theirs);
    advanceAfterChoice(-1);
}

// After a conflict is decided the next unresolved one comes up, as in KDiff3 and Meld; with
// none left the focus goes to the button that finishes the merge.
void MergeDialog::advanceAfterChoice(int resolvedRow)
{
    const bool wasConflict = resolvedRow < 0 || m_model->merge().fields.at(resolvedRow).isConflict();
    const int next = m_model->nextUnresolved(resolvedRow, 1);
    if (wasConflict && next >= 0) {
        setCurrentField(next);
        m_table->setFocus();
        return;
    }
    showCurrentField();
    if (wasConflict && next < 0)
        (m_conflict.deletedByOther ? m_recreateButton : m_saveButton)->setFocus();
}

// Enter never saves the record on its own. QDialogButtonBox makes Save the default button when it
// is shown, and QDialog clicks the default button on an Enter nobody took: the Enter that takes a
// typed value for the last conflict (the line edit submits, then lets the key go) would save the
// record before the user has seen the result. Save is pressed on purpose: a click, Alt+S, or
// Space or Enter on the focused button (QPushButton handles those itself).
void MergeDialog::keyPressEvent(QKeyEvent *event)
{
    if ((event->key() == Qt::Key_Return || event->key() == Qt::Key_Enter)
        && !(event->modifiers() & ~Qt::KeypadModifier)) {
        event->accept();
        return;
    }
    QDialog::keyPressEvent(event);
}

void MergeDialog::finish(Choice choice)
{
    if ((choice == Choice::Save || choice == Choice::Recreate) && (!m_mergeError.isEmpty() || unresolvedCount() > 0))
        return;
    m_choice = choice;
    if (choice == Choice::Cancel)
        reject();
    else
        accept();
}

QList<History::Entry> theirVersionsFromHistory(const QSqlDatabase &db, const TableSchema &schema,
                                               const RecordModifiedError &conflict)
{
    const Result<History::Status> status = History::status(db, schema.table);
    if (!status || status.value().state == History::State::Off)
        return {};
    const Result<QList<History::Entry>> entries =
        History::between(db, schema, conflict.key, conflict.loadedVersion, conflict.currentVersion);
    return entries ? entries.value() : QList<History::Entry>();
}

QStringList theirChangeLines(const QList<History::Entry> &theirVersions, const QDateTime &now)
{
    QStringList lines;
    // Oldest first: the story in the order it happened.
    for (auto it = theirVersions.crbegin(); it != theirVersions.crend(); ++it) {
        const QString who = changedByText(it->changedBy, it->changedAt, now);
        QString line = it->operation == History::Operation::Delete
                           ? MergeDialog::tr("deleted (was version %1), %2").arg(it->version.toString(), who)
                           : MergeDialog::tr("version %1, %2").arg(it->version.toString(), who);
        if (it->operation == History::Operation::Update && !it->changedFields.isEmpty())
            line += MergeDialog::tr(": %1").arg(it->changedFields.join(QStringLiteral(", ")));
        lines << line;
    }
    return lines;
}

QString theirChangesText(const QVariant &myVersion, const QList<History::Entry> &theirVersions, const QDateTime &now)
{
    if (theirVersions.isEmpty())
        return {};
    QStringList lines{MergeDialog::tr("What they changed since your version %1:").arg(myVersion.toString())};
    for (const QString &line : theirChangeLines(theirVersions, now))
        lines << MergeDialog::tr("• %1").arg(line);
    return lines.join(u'\n');
}

} // namespace Concord
