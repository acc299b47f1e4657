// SPDX-License-Identifier: MIT
// SPDX-FileCopyrightText: 2026 Concord developers
#include "keephistorydialog.h"

#include <QCheckBox>
#include <QDialogButtonBox>
#include <QFormLayout>
#include <QGroupBox>
#include <QHBoxLayout>
#include <QLabel>
#include <QPushButton>
#include <QRadioButton>
#include <QSpinBox>
#include <QVBoxLayout>

using namespace Qt::StringLiterals;

namespace Concord {

namespace {

QSpinBox *amountSpin(const QString &name, int value, const QString &suffix)
{
    auto *spin = new QSpinBox;
    spin->setObjectName(name);
    spin->setRange(1, 1000000);
    spin->setValue(value);
    spin->setSuffix(suffix);
    return spin;
}

} // namespace

KeepHistoryDialog::KeepHistoryDialog(const QString &table, const History::Status &status, QWidget *parent)
    : QDialog(parent)
    , m_wasEnabled(status.state != History::State::Off)
{
    setObjectName(u"keepHistoryDialog"_s);
    setWindowTitle(tr("Keep History — %1").arg(table));
    auto *layout = new QVBoxLayout(this);
    auto *intro = new QLabel(tr("The database records every version of %1's records as it is written, by "
                                "anyone: this editor, concordctl, imports and bulk changes, psql or sqlite3. "
                                "Versions can then be compared and restored, and deleted records recovered.")
                                 .arg(table));
    intro->setWordWrap(true);
    layout->addWidget(intro);
    m_keep = new QCheckBox(tr("&Keep the history of %1").arg(table));
    m_keep->setObjectName(u"keepHistoryCheck"_s);
    m_keep->setChecked(m_wasEnabled);
    layout->addWidget(m_keep);

    auto *retention = new QGroupBox(tr("Keep"));
    auto *form = new QFormLayout(retention);
    m_all = new QRadioButton(tr("&Every version"));
    m_all->setObjectName(u"keepAllRadio"_s);
    form->addRow(m_all);
    m_last = new QRadioButton(tr("The &last"));
    m_last->setObjectName(u"keepLastRadio"_s);
    m_lastCount = amountSpin(u"keepLastSpin"_s, 20, tr(" versions of each record"));
    form->addRow(m_last, m_lastCount);
    m_days = new QRadioButton(tr("Versions of the last"));
    m_days->setObjectName(u"keepDaysRadio"_s);
    m_dayCount = amountSpin(u"keepDaysSpin"_s, 90, tr(" days"));
    form->addRow(m_days, m_dayCount);
    auto *note = new QLabel(tr("Older versions are removed by Apply History Retention (Records menu) or "
                               "<tt>concordctl history prune</tt>. The last version of a deleted record is always "
                               "kept, so that it can be recovered."));
    note->setWordWrap(true);
    form->addRow(note);
    layout->addWidget(retention);
    switch (status.retention.kind) {
    case History::Retention::Kind::KeepAll: m_all->setChecked(true); break;
    case History::Retention::Kind::LastVersions:
        m_last->setChecked(true);
        m_lastCount->setValue(status.retention.amount);
        break;
    case History::Retention::Kind::Days:
        m_days->setChecked(true);
        m_dayCount->setValue(status.retention.amount);
        break;
    }

    m_drop = new QCheckBox(tr("&Delete the versions recorded so far"));
    m_drop->setObjectName(u"dropHistoryCheck"_s);
    m_drop->setToolTip(tr("Unticked, they stay in the database, and are shown again if history is turned back on"));
    layout->addWidget(m_drop);
    m_state = new QLabel;
    m_state->setObjectName(u"historyStateLabel"_s);
    m_state->setWordWrap(true);
    layout->addWidget(m_state);

    auto *buttons = new QDialogButtonBox(QDialogButtonBox::Ok | QDialogButtonBox::Cancel);
    connect(buttons, &QDialogButtonBox::accepted, this, &QDialog::accept);
    connect(buttons, &QDialogButtonBox::rejected, this, &QDialog::reject);
    layout->addWidget(buttons);
    for (QAbstractButton *button : {static_cast<QAbstractButton *>(m_keep), static_cast<QAbstractButton *>(m_all),
                                    static_cast<QAbstractButton *>(m_last), static_cast<QAbstractButton *>(m_days)})
        connect(button, &QAbstractButton::toggled, this, &KeepHistoryDialog::updateState);
    if (status.state == History::State::Outdated)
        m_state->setText(tr("%1 changed since its history was set up (new columns: %2): OK brings the history up "
                            "to date, so that they are recorded too.")
                             .arg(table, status.missingColumns.join(u", "_s)));
    else if (status.state == History::State::Off && status.hasHistoryTable)
        m_state->setText(tr("Versions recorded before history was turned off are still in the database; keeping "
                            "history again continues them."));
    updateState();
}

void KeepHistoryDialog::updateState()
{
    const bool keep = m_keep->isChecked();
    for (QWidget *widget : {static_cast<QWidget *>(m_all), static_cast<QWidget *>(m_last),
                            static_cast<QWidget *>(m_days)})
        widget->setEnabled(keep);
    m_lastCount->setEnabled(keep && m_last->isChecked());
    m_dayCount->setEnabled(keep && m_days->isChecked());
    // Deleting history is only ever a choice when turning it off.
    m_drop->setVisible(m_wasEnabled && !keep);
    if (!keep)
        m_drop->setEnabled(true);
}

bool KeepHistoryDialog::keepHistory() const
{
    return m_keep->isChecked();
}

History::Retention KeepHistoryDialog::retention() const
{
    History::Retention retention;
    if (m_last->isChecked()) {
        retention.kind = History::Retention::Kind::LastVersions;
        retention.amount = m_lastCount->value();
    } else if (m_days->isChecked()) {
        retention.kind = History::Retention::Kind::Days;
        retention.amount = m_dayCount->value();
    }
    return retention;
}

bool KeepHistoryDialog::dropHistory() const
{
    return m_wasEnabled && !m_keep->isChecked() && m_drop->isChecked();
}

} // namespace Concord
