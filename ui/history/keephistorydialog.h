// SPDX-License-Identifier: MIT
// SPDX-FileCopyrightText: 2026 Concord developers
#pragma once

#include <core/versioning/history.h>

#include <QDialog>

class QCheckBox;
class QLabel;
class QRadioButton;
class QSpinBox;

namespace Concord {

/// Records > Keep History…: whether the database keeps every version of a table's records, and
/// for how long. It only asks; HistoryActions writes the choice. Turning history off asks
/// whether to keep the versions recorded so far (they are kept unless the user ticks Delete).
///
/// Object names for tests: keepHistoryCheck, keepAllRadio, keepLastRadio, keepLastSpin,
/// keepDaysRadio, keepDaysSpin, dropHistoryCheck, historyStateLabel.
class KeepHistoryDialog : public QDialog
{
    Q_OBJECT

public:
    /// \a status is what the table has now.
    KeepHistoryDialog(const QString &table, const History::Status &status, QWidget *parent = nullptr);

    bool keepHistory() const;
    History::Retention retention() const;
    /// When turning history off: delete the versions recorded so far.
    bool dropHistory() const;

private:
    void updateState();

    bool m_wasEnabled = false;
    QCheckBox *m_keep = nullptr;
    QRadioButton *m_all = nullptr;
    QRadioButton *m_last = nullptr;
    QSpinBox *m_lastCount = nullptr;
    QRadioButton *m_days = nullptr;
    QSpinBox *m_dayCount = nullptr;
    QCheckBox *m_drop = nullptr;
    QLabel *m_state = nullptr;
};

} // namespace Concord
