// SPDX-License-Identifier: MIT
// SPDX-FileCopyrightText: 2026 Concord developers
//
// MergeDialog's widgets and layout, built once by the constructor; mergedialog.cpp holds its
// behaviour (navigation, choices, the result). One class in two files keeps each under budget.
#include "mergedialog.h"

#include <ui/merge/mergefieldmodel.h>
#include <ui/widgets/valueeditor.h>

#include <core/relativetime.h>
#include <core/versioning/auditconfig.h>

#include <QDialogButtonBox>
#include <QGridLayout>
#include <QGroupBox>
#include <QHeaderView>
#include <QLabel>
#include <QLocale>
#include <QPushButton>
#include <QScreen>
#include <QScrollBar>
#include <QShortcut>
#include <QStyle>
#include <QTableView>
#include <QVBoxLayout>

using namespace Qt::StringLiterals;

namespace Concord {

QPushButton *MergeDialog::makeButton(const QString &text, const QString &objectName, const QString &accessibleName)
{
    auto *button = new QPushButton(text);
    button->setObjectName(objectName);
    button->setAccessibleName(accessibleName);
    button->setAutoDefault(false); // Enter in an editor must not save the record
    return button;
}

void MergeDialog::createLayout()
{
    m_table = new QTableView;
    m_table->setObjectName(u"fieldTable"_s);
    m_table->setAccessibleName(tr("Fields"));
    m_table->setAccessibleDescription(tr("Base, mine, theirs and result of every field, with its status"));
    m_table->setModel(m_model);
    m_table->setSelectionBehavior(QAbstractItemView::SelectRows);
    m_table->setSelectionMode(QAbstractItemView::SingleSelection);
    m_table->setEditTriggers(QAbstractItemView::NoEditTriggers);
    m_table->setTabKeyNavigation(false);
    m_table->setWordWrap(false);
    m_table->verticalHeader()->hide();
    m_table->verticalHeader()->setSectionResizeMode(QHeaderView::ResizeToContents);
    // Values start as wide as they need (the user may narrow them); the status takes the rest.
    QHeaderView *header = m_table->horizontalHeader();
    header->setSectionResizeMode(QHeaderView::Interactive);
    header->setStretchLastSection(true);
    m_table->resizeColumnsToContents();
    connect(m_table->selectionModel(), &QItemSelectionModel::currentRowChanged, this, &MergeDialog::showCurrentField);

    createButtons();
    auto *layout = new QVBoxLayout(this);
    layout->addWidget(createHeader());
    layout->addWidget(m_table, 1);
    layout->addWidget(createResolutionPanel());
    layout->addWidget(createNavigation());
    layout->addWidget(m_buttons);
}

QWidget *MergeDialog::createHeader()
{
    auto *header = new QWidget;
    header->setObjectName(u"header"_s);
    m_titleLabel = new QLabel(tr("Record %1 in %2").arg(m_conflict.keyText(), m_conflict.table));
    m_titleLabel->setObjectName(u"titleLabel"_s);
    QFont titleFont = m_titleLabel->font();
    titleFont.setBold(true);
    titleFont.setPointSizeF(titleFont.pointSizeF() * 1.2);
    m_titleLabel->setFont(titleFont);
    m_titleLabel->setAccessibleName(m_titleLabel->text());
    m_titleLabel->setTextInteractionFlags(Qt::TextSelectableByMouse);

    m_progressLabel = new QLabel;
    m_progressLabel->setObjectName(u"progressLabel"_s);
    m_progressLabel->setFont(titleFont);
    m_progressLabel->hide();
    auto *titleRow = new QHBoxLayout;
    titleRow->addWidget(m_titleLabel, 1);
    titleRow->addWidget(m_progressLabel);

    m_changedByLabel = new QLabel(m_mergeError.isEmpty() ? changedByText() : m_mergeError);
    m_changedByLabel->setObjectName(u"changedByLabel"_s);
    m_changedByLabel->setAccessibleName(m_changedByLabel->text());
    m_changedByLabel->setWordWrap(true);
    m_changedByLabel->setTextInteractionFlags(Qt::TextSelectableByMouse);
    if (changedAt().isValid()) // "3 minutes ago" in the text, the moment itself on hover
        m_changedByLabel->setToolTip(QLocale::c().toString(changedAt().toLocalTime(), u"yyyy-MM-dd HH:mm:ss"_s));

    m_deletedBanner = new QLabel(tr("⚠ Deleted by the other user. Re-create the record with the Result values, "
                                    "or discard your edits."));
    m_deletedBanner->setObjectName(u"deletedBanner"_s);
    m_deletedBanner->setAccessibleName(m_deletedBanner->text());
    m_deletedBanner->setWordWrap(true);
    m_deletedBanner->setFrameShape(QFrame::StyledPanel);
    m_deletedBanner->setMargin(m_deletedBanner->fontMetrics().height() / 3);
    m_deletedBanner->setVisible(m_conflict.deletedByOther);

    const QDateTime now = m_options.now.isValid() ? m_options.now : QDateTime::currentDateTimeUtc();
    m_theirChangesLabel = new QLabel(theirChangesText(m_conflict.loadedVersion, m_options.theirVersions, now));
    m_theirChangesLabel->setObjectName(u"theirChangesLabel"_s);
    m_theirChangesLabel->setAccessibleName(m_theirChangesLabel->text());
    m_theirChangesLabel->setWordWrap(true);
    m_theirChangesLabel->setTextInteractionFlags(Qt::TextSelectableByMouse);
    m_theirChangesLabel->setVisible(!m_theirChangesLabel->text().isEmpty());

    auto *layout = new QVBoxLayout(header);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->addLayout(titleRow);
    layout->addWidget(m_changedByLabel);
    layout->addWidget(m_theirChangesLabel);
    layout->addWidget(m_deletedBanner);
    return header;
}

void MergeDialog::setProgress(int index, int count)
{
    m_progressIndex = index;
    m_progressCount = count;
    const QString progress = progressText();
    m_progressLabel->setText(progress);
    m_progressLabel->setAccessibleName(tr("Record %1").arg(progress));
    m_progressLabel->setVisible(!progress.isEmpty());
    setWindowTitle(titleText());
}

// A record the other user deleted was not "changed": the title says what happened to it.
QString MergeDialog::titleText() const
{
    const QString progress = progressText();
    if (m_conflict.deletedByOther) {
        return progress.isEmpty() ? tr("Record Deleted by Someone Else — %1").arg(m_conflict.table)
                                  : tr("Record Deleted by Someone Else, %1 — %2").arg(progress, m_conflict.table);
    }
    return progress.isEmpty() ? tr("Resolve Conflict — %1").arg(m_conflict.table)
                              : tr("Resolve Conflict %1 — %2").arg(progress, m_conflict.table);
}

QString MergeDialog::progressText() const
{
    return m_progressCount < 2 ? QString() : tr("%1 of %2").arg(m_progressIndex).arg(m_progressCount);
}

QString MergeDialog::changedByText() const
{
    const QString loaded = m_conflict.loadedVersion.isNull() ? tr("none") : m_conflict.loadedVersion.toString();
    if (m_conflict.deletedByOther)
        return tr("Another user deleted this record after you loaded version %1.").arg(loaded);
    // Theirs is the row now in the database: its audit columns name the other user.
    const QVariant who = m_options.modifiedByColumn.isEmpty() ? QVariant() : m_conflict.theirs.value(m_options.modifiedByColumn);
    const QString name = who.isNull() || who.toString().isEmpty() ? tr("another user") : who.toString();
    const QDateTime now = m_options.now.isValid() ? m_options.now : QDateTime::currentDateTime();
    const QString change = Concord::changedByText(name, changedAt(), now); // "changed by bob 3 minutes ago"
    if (isDeleteConflict()) {
        return tr("You deleted this record, but it was %1, after you loaded version %2 "
                  "(now version %3). Delete it anyway, or keep their version?")
            .arg(change, loaded, m_conflict.currentVersion.toString());
    }
    QString text = change;
    text[0] = text.at(0).toUpper();
    return tr("%1, now version %2. You edited version %3.").arg(text, m_conflict.currentVersion.toString(), loaded);
}

// When theirs was written, by its audit column; invalid when it has none.
QDateTime MergeDialog::changedAt() const
{
    if (m_options.modifiedAtColumn.isEmpty() || m_conflict.deletedByOther)
        return {};
    return auditTimeValue(m_conflict.theirs.value(m_options.modifiedAtColumn));
}

QGroupBox *MergeDialog::createResolutionPanel()
{
    m_panel = new QGroupBox;
    m_panel->setObjectName(u"resolutionPanel"_s);
    m_takeMineButton = makeButton(tr("Take &mine"), u"takeMineButton"_s, tr("Take mine"));
    m_takeTheirsButton = makeButton(tr("Take &theirs"), u"takeTheirsButton"_s, tr("Take theirs"));
    m_takeBaseButton = makeButton(tr("Take &base"), u"takeBaseButton"_s, tr("Take base"));
    m_resetButton = makeButton(tr("R&eset"), u"resetButton"_s, tr("Reset to the automatic result"));
    connect(m_takeMineButton, &QPushButton::clicked, this, &MergeDialog::takeMine);
    connect(m_takeTheirsButton, &QPushButton::clicked, this, &MergeDialog::takeTheirs);
    connect(m_takeBaseButton, &QPushButton::clicked, this, &MergeDialog::takeBase);
    connect(m_resetButton, &QPushButton::clicked, this, &MergeDialog::resetCurrent);

    m_editor = new ValueEditor;
    m_editor->setObjectName(u"valueEditor"_s);
    m_editor->setAccessibleName(tr("Result value"));
    auto *valueLabel = new QLabel(tr("&Value:"));
    valueLabel->setObjectName(u"valueLabel"_s);
    valueLabel->setBuddy(m_editor);
    m_applyEditButton = makeButton(tr("&Use this value"), u"applyEditButton"_s, tr("Use this value"));
    connect(m_applyEditButton, &QPushButton::clicked, this, &MergeDialog::applyEdit);
    connect(m_editor, &ValueEditor::submitted, this, &MergeDialog::applyEdit);
    connect(m_editor, &ValueEditor::edited, this, [this] {
        m_panelHint->setText(m_editor->hasAcceptableInput() ? QString() : tr("This value does not fit the column."));
    });

    m_panelHint = new QLabel;
    m_panelHint->setObjectName(u"panelHint"_s);
    m_panelHint->setWordWrap(true);

    auto *layout = new QGridLayout(m_panel);
    auto *choices = new QHBoxLayout;
    for (QPushButton *button : {m_takeMineButton, m_takeTheirsButton, m_takeBaseButton, m_resetButton})
        choices->addWidget(button);
    choices->addStretch(1);
    layout->addLayout(choices, 0, 0, 1, 3);
    layout->addWidget(valueLabel, 1, 0);
    layout->addWidget(m_editor, 1, 1);
    layout->addWidget(m_applyEditButton, 1, 2);
    layout->addWidget(m_panelHint, 2, 0, 1, 3);
    layout->setColumnStretch(1, 1);
    return m_panel;
}

QWidget *MergeDialog::createNavigation()
{
    auto *navigation = new QWidget;
    navigation->setObjectName(u"navigation"_s);
    m_previousButton = makeButton(tr("&Previous Conflict (Shift+F7)"), u"previousButton"_s, tr("Previous conflict"));
    m_previousButton->setIcon(style()->standardIcon(QStyle::SP_ArrowUp));
    m_nextButton = makeButton(tr("&Next Conflict (F7)"), u"nextButton"_s, tr("Next conflict"));
    m_nextButton->setIcon(style()->standardIcon(QStyle::SP_ArrowDown));
    m_remainingLabel = new QLabel;
    m_remainingLabel->setObjectName(u"remainingLabel"_s);
    QFont bold = m_remainingLabel->font();
    bold.setBold(true);
    m_remainingLabel->setFont(bold);
    m_takeAllMineButton = makeButton(tr("Take All M&ine"), u"takeAllMineButton"_s, tr("Take all mine"));
    m_takeAllTheirsButton = makeButton(tr("Take All T&heirs"), u"takeAllTheirsButton"_s, tr("Take all theirs"));
    connect(m_previousButton, &QPushButton::clicked, this, &MergeDialog::previousConflict);
    connect(m_nextButton, &QPushButton::clicked, this, &MergeDialog::nextConflict);
    connect(m_takeAllMineButton, &QPushButton::clicked, this, &MergeDialog::takeAllMine);
    connect(m_takeAllTheirsButton, &QPushButton::clicked, this, &MergeDialog::takeAllTheirs);

    auto *layout = new QHBoxLayout(navigation);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->addWidget(m_previousButton);
    layout->addWidget(m_nextButton);
    layout->addWidget(m_remainingLabel);
    layout->addStretch(1);
    layout->addWidget(m_takeAllMineButton);
    layout->addWidget(m_takeAllTheirsButton);
    return navigation;
}

void MergeDialog::createButtons()
{
    m_buttons = new QDialogButtonBox;
    m_buttons->setObjectName(u"buttons"_s);
    m_saveButton = makeButton(tr("&Save Merged Record"), u"saveButton"_s, tr("Save merged record"));
    m_recreateButton = makeButton(tr("&Re-create Record"), u"recreateButton"_s, tr("Re-create record"));
    m_discardButton = makeButton(tr("&Discard My Edits"), u"discardButton"_s, tr("Discard my edits"));
    m_cancelButton = makeButton(tr("Cancel"), u"cancelButton"_s, tr("Cancel, keep my edits pending"));
    m_cancelButton->setToolTip(tr("Close without deciding; your edits stay pending in the grid"));
    // The buttons that do not apply stay children of the dialog, hidden: a button box would
    // show them again whenever it lays out.
    const bool deleted = m_conflict.deletedByOther;
    if (isDeleteConflict()) {
        m_saveButton->setText(tr("&Delete Anyway"));
        m_saveButton->setAccessibleName(tr("Delete the record anyway"));
        m_discardButton->setText(tr("&Keep Their Version"));
        m_discardButton->setAccessibleName(tr("Keep their version, do not delete"));
    }
    for (QPushButton *button : {m_saveButton, m_recreateButton, m_discardButton}) {
        const bool wanted = isDeleteConflict() ? button != m_recreateButton : (button == m_saveButton) != deleted;
        if (wanted) {
            m_buttons->addButton(button, button == m_discardButton ? QDialogButtonBox::DestructiveRole
                                                                   : QDialogButtonBox::AcceptRole);
        } else {
            button->setParent(this);
            button->hide();
        }
    }
    m_buttons->addButton(m_cancelButton, QDialogButtonBox::RejectRole);
    connect(m_saveButton, &QPushButton::clicked, this, [this] { finish(Choice::Save); });
    connect(m_recreateButton, &QPushButton::clicked, this, [this] { finish(Choice::Recreate); });
    connect(m_discardButton, &QPushButton::clicked, this, [this] { finish(Choice::Discard); });
    connect(m_cancelButton, &QPushButton::clicked, this, [this] { finish(Choice::Cancel); });
}

void MergeDialog::createShortcuts()
{
    auto *next = new QShortcut(QKeySequence(Qt::Key_F7), this);
    next->setObjectName(u"nextShortcut"_s);
    connect(next, &QShortcut::activated, this, &MergeDialog::nextConflict);
    auto *previous = new QShortcut(QKeySequence(Qt::SHIFT | Qt::Key_F7), this);
    previous->setObjectName(u"previousShortcut"_s);
    connect(previous, &QShortcut::activated, this, &MergeDialog::previousConflict);
}

// Wide enough for every value unelided, within the screen; sized from the content and the font,
// so that 200% scaling gets a dialog twice as large rather than a cramped one.
void MergeDialog::resizeToContents()
{
    const QHeaderView *header = m_table->horizontalHeader();
    int tableWidth = 2 * m_table->frameWidth() + m_table->verticalScrollBar()->sizeHint().width();
    for (int column = 0; column < m_model->columnCount(); ++column)
        tableWidth += qMax(header->sectionSize(column), header->sectionSizeHint(column));
    // Two pixels of slack: layouts round, and a pixel short shows a scroll bar for nothing.
    int tableHeight = header->sizeHint().height() + 2 * m_table->frameWidth() + 2;
    for (int row = 0; row < m_model->rowCount(); ++row)
        tableHeight += m_table->verticalHeader()->sectionSizeHint(row);
    const QSize chrome = sizeHint() - m_table->sizeHint();
    QSize wanted(tableWidth + chrome.width(), tableHeight + chrome.height());
    if (const QScreen *screen = this->screen())
        wanted = wanted.boundedTo(screen->availableGeometry().size() * 9 / 10);
    resize(wanted.expandedTo(minimumSizeHint()));
}

} // namespace Concord
