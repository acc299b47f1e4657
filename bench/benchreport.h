// SPDX-License-Identifier: MIT
// SPDX-FileCopyrightText: 2026 Concord developers
#pragma once

#include <QJsonArray>
#include <QList>
#include <QString>

#include <functional>
#include <optional>

namespace Concord::Bench {

/// One line of the report: a figure of ours against a reference measured in the same run.
/// Times are milliseconds unless the measure's name says otherwise; an absent value is "n/a".
struct Row
{
    QString measure;
    QString backend; ///< "sqlite", "postgresql" or "none"
    QString size;
    std::optional<double> ours;
    std::optional<double> reference;
    std::optional<double> ratio; ///< ours / reference, the median of per-pair ratios where paired
    QString goal;
    bool met = false;
};

/// How long and how often to measure; --quick shrinks both.
struct Settings
{
    bool quick = false;
    int warmups = 2;
    int repetitions = 15;
};

/// The median of \a values (the mean of the two middle ones for an even count); 0 when empty.
double median(QList<double> values);

/// The medians of a paired measurement.
struct Paired
{
    double ours = 0;
    double reference = 0;
    double ratio = 0; ///< median of ours[i] / reference[i]
};

/// Runs \a warmups unrecorded pairs, then \a repetitions recorded ones. Each pair times one run
/// of each side, alternating which goes first, so that drift on a busy machine hits both sides.
/// The callables return their own elapsed milliseconds, so that setup can stay outside the clock.
Paired measurePaired(int warmups, int repetitions, const std::function<double()> &ours,
                     const std::function<double()> &reference);

/// Resident set size of this process, in MiB (from /proc/self/statm).
double residentMiB();

/// Collects rows, prints them as a table and writes them as JSON.
class Report
{
public:
    void add(const Row &row);
    void addJson(const QJsonArray &rows); ///< rows produced by a helper process
    const QList<Row> &rows() const { return m_rows; }
    void print() const;
    bool writeJson(const QString &path) const;
    static QJsonArray toJson(const QList<Row> &rows);

private:
    QList<Row> m_rows;
};

} // namespace Concord::Bench
