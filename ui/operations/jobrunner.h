// SPDX-License-Identifier: MIT
// SPDX-FileCopyrightText: 2026 Concord developers
#pragma once

#include <core/jobs/job.h>

#include <QPointer>
#include <QWidget>

class QLabel;
class QProgressBar;
class QToolButton;

namespace Concord {

/// Runs one Job at a time in the background and shows it in the status bar: the job's
/// description, a progress bar ("jobProgress") and a Cancel button ("cancelJobButton"). When the
/// job ends the bar gives way to a one-line result ("jobResult"); nothing here is modal, and the
/// rest of the window stays usable while the job runs (the job has its own connection and thread).
/// While the job reconnects after a lost connection (Job::reconnecting()) the description says
/// so ("Import into orders: connection lost; reconnecting (attempt 2, in 1 s)…", the reason in
/// its tooltip) and the bar is busy, until the re-run reports progress again.
///
/// objectName "jobRunner"; children "jobDescription", "jobProgress", "cancelJobButton", "jobResult".
class JobRunner : public QWidget
{
    Q_OBJECT

public:
    explicit JobRunner(QWidget *parent = nullptr);
    /// Cancels a job still running; its destructor waits for the rollback.
    ~JobRunner() override;

    /// Takes ownership of \a job and starts it. Returns false, and deletes the job unstarted, when
    /// another job is still running (one at a time: they would only wait for each other's locks).
    bool start(Job *job);
    bool isBusy() const { return !m_job.isNull(); }
    Job *currentJob() const { return m_job; }

    /// The line shown after the last job; replaced by the next job.
    QString resultText() const;
    /// Replaces the result line, e.g. with a job-specific summary ("3 saved, 1 changed by someone else").
    void setResultText(const QString &text, bool failed);
    /// "Import into orders: cancelled, nothing was written" and the like, for any job.
    static QString defaultResultText(const Job &job, const JobResult &result);

public Q_SLOTS:
    /// Asks the running job to stop; it rolls back, so nothing is written, and finishes with Cancelled.
    void cancel();

Q_SIGNALS:
    void jobStarted(Concord::Job *job);
    /// The job ended. It is deleted once receivers return, so they may read its report now.
    void jobFinished(Concord::Job *job, const Concord::JobResult &result);

private:
    void onProgress(qint64 done, qint64 total);
    void onReconnecting(int attempt, int nextInMs, const QString &reason);
    void onFinished(const JobResult &result);

    QPointer<Job> m_job;
    QLabel *m_description = nullptr;
    QProgressBar *m_progress = nullptr;
    QToolButton *m_cancel = nullptr;
    QLabel *m_result = nullptr;
};

} // namespace Concord
