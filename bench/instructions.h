// SPDX-License-Identifier: MIT
// SPDX-FileCopyrightText: 2026 Concord developers
#pragma once

#include <QElapsedTimer>
#include <QString>

namespace Concord::Bench {

/// Instruction counts, for a reading that holds on a noisy machine (issue #13). Under valgrind's
/// callgrind (`scripts/bench --instructions`, which starts it with counting off) every Stopwatch
/// counts the instructions of exactly the region it times, measurePaired() closes a count after
/// each side of each pair, and Report::add() closes the counts of its row; outside valgrind all
/// of this costs a few instructions and does nothing.
namespace Instructions {

/// True when this process runs under valgrind.
bool available();
/// Switches counting on or off (callgrind's toggle).
void toggle();
/// Ends the current count with \a label ("ours", "reference", "warmup", or "row …").
void close(const QString &label);

/// Reads the counts a callgrind run left in \a directory and prints, for every row that had
/// paired counts, the median instructions of each side and their ratio. Returns an exit code.
int printReport(const QString &directory);

} // namespace Instructions

/// Times one side of a measure (setup stays outside it); under callgrind it also counts the
/// instructions of the same region.
class Stopwatch
{
public:
    Stopwatch()
    {
        Instructions::toggle();
        m_timer.start();
    }
    /// Milliseconds since construction; call once.
    double stop()
    {
        const double ms = double(m_timer.nsecsElapsed()) / 1e6;
        Instructions::toggle();
        return ms;
    }

private:
    QElapsedTimer m_timer;
};

} // namespace Concord::Bench
