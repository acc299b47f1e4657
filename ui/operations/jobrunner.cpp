// SPDX-License-Identifier: MIT
// SPDX-FileCopyrightText: 2026 Concord developers
#include "jobrunner.h"

#include <QHBoxLayout>
#include <QLabel>
#include <QProgressBar>
#include <QToolButton>

using namespace Qt::StringLiterals;

namespace Concord {

namespace {
constexpr int progressSteps = 1000; // permille: totals may exceed an int (bytes of a large file)
}

JobRunner::JobRunner(QWidget *parent)
    : QWidget(parent)
{
    setObjectName(u"jobRunner"_s);
    setAccessibleName(tr("Background operation"));

    m_description = new QLabel;
    m_description->setObjectName(u"jobDescription"_s);
    m_description->setAccessibleName(tr("Running operation"));
    m_progress = new QProgressBar;
    m_progress->setObjectName(u"jobProgress"_s);
    m_progress->setAccessibleName(tr("Progress of the running operation"));
    m_progress->setRange(0, progressSteps);
    m_progress->setMaximumWidth(fontMetrics().averageCharWidth() * 24);
    m_progress->setTextVisible(true);
    m_cancel = new QToolButton;
    m_cancel->setObjectName(u"cancelJobButton"_s);
    m_cancel->setText(tr("Cancel"));
    m_cancel->setAccessibleName(tr("Cancel the running operation"));
    m_cancel->setToolTip(tr("Stop the operation; nothing it did is kept"));
    connect(m_cancel, &QToolButton::clicked, this, &JobRunner::cancel);
    m_result = new QLabel;
    m_result->setObjectName(u"jobResult"_s);
    m_result->setAccessibleName(tr("Result of the last operation"));

    auto *layout = new QHBoxLayout(this);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->addWidget(m_result);
    layout->addWidget(m_description);
    layout->addWidget(m_progress);
    layout->addWidget(m_cancel);
    for (QWidget *widget : {static_cast<QWidget *>(m_description), static_cast<QWidget *>(m_progress),
                            static_cast<QWidget *>(m_cancel), static_cast<QWidget *>(m_result)})
        widget->hide();
}

JobRunner::~JobRunner()
{
    if (m_job) {
        // The job's destructor cancels and waits; nobody is left to hear finished().
        m_job->disconnect(this);
        delete m_job;
    }
}

bool JobRunner::start(Job *job)
{
    if (isBusy()) {
        delete job;
        return false;
    }
    m_job = job;
    job->setParent(this);
    connect(job, &Job::progressChanged, this, &JobRunner::onProgress);
    connect(job, &Job::finished, this, &JobRunner::onFinished);
    connect(job, &Job::reconnecting, this, &JobRunner::onReconnecting);
    m_description->setText(job->description() + u'…');
    m_description->setToolTip({});
    m_progress->setValue(0);
    m_progress->setRange(0, 0); // busy until the first report says how much there is
    m_cancel->setEnabled(true);
    m_result->hide();
    m_description->show();
    m_progress->show();
    m_cancel->show();
    emit jobStarted(job);
    job->start();
    return true;
}

void JobRunner::cancel()
{
    if (!m_job)
        return;
    m_job->cancel();
    m_cancel->setEnabled(false);
    m_description->setText(tr("Cancelling %1…").arg(m_job->description()));
}

void JobRunner::onProgress(qint64 done, qint64 total)
{
    if (total <= 0) {
        m_progress->setRange(0, 0);
        return;
    }
    if (m_job && m_cancel->isEnabled() && !m_description->toolTip().isEmpty()) {
        // The re-run after a reconnection is under way.
        m_description->setText(m_job->description() + u'…');
        m_description->setToolTip({});
    }
    m_progress->setRange(0, progressSteps);
    m_progress->setValue(int(qBound(qint64(0), done * progressSteps / total, qint64(progressSteps))));
}

void JobRunner::onReconnecting(int attempt, int nextInMs, const QString &reason)
{
    if (!m_job || !m_cancel->isEnabled()) // a cancelled job keeps saying so
        return;
    m_description->setText(tr("%1: connection lost; reconnecting (attempt %2, in %3 s)…")
                               .arg(m_job->description())
                               .arg(attempt)
                               .arg(nextInMs / 1000.0));
    m_description->setToolTip(reason);
    m_progress->setRange(0, 0);
}

void JobRunner::onFinished(const JobResult &result)
{
    Job *job = m_job;
    if (!job)
        return;
    m_description->hide();
    m_progress->hide();
    m_cancel->hide();
    setResultText(defaultResultText(*job, result), !result.ok() && result.error().code != ErrorCode::Cancelled);
    m_job.clear(); // a receiver may start the next job
    emit jobFinished(job, result);
    job->deleteLater();
}

QString JobRunner::resultText() const
{
    return m_result->text();
}

void JobRunner::setResultText(const QString &text, bool failed)
{
    m_result->setText(text);
    m_result->setToolTip(text);
    QPalette palette = m_result->palette();
    palette.setColor(QPalette::WindowText, failed ? QColor(0xa0, 0x1c, 0x1c) : QColor(0x1d, 0x5c, 0x2a));
    m_result->setPalette(palette);
    m_result->setVisible(!text.isEmpty());
}

QString JobRunner::defaultResultText(const Job &job, const JobResult &result)
{
    if (result.ok()) {
        const QString note = job.recoveryNote();
        return note.isEmpty() ? tr("%1: done.").arg(job.description()) : tr("%1: done. %2").arg(job.description(), note);
    }
    switch (result.error().code) {
    case ErrorCode::Cancelled:
        return tr("%1: cancelled, nothing was written.").arg(job.description());
    case ErrorCode::LockHeld:
        return tr("%1: not started. %2").arg(job.description(), result.error().message);
    default:
        return tr("%1 failed: %2").arg(job.description(), result.error().message);
    }
}

} // namespace Concord
