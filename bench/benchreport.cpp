// SPDX-License-Identifier: MIT
// SPDX-FileCopyrightText: 2026 Concord developers
#include "benchreport.h"

#include "instructions.h"

#include <QFile>
#include <QJsonDocument>
#include <QJsonObject>
#include <QTextStream>

#include <algorithm>
#include <cmath>
#include <cstdio>

#include <unistd.h>

using namespace Qt::StringLiterals;

namespace Concord::Bench {

double median(QList<double> values)
{
    if (values.isEmpty())
        return 0;
    std::sort(values.begin(), values.end());
    const qsizetype middle = values.size() / 2;
    return values.size() % 2 ? values.at(middle) : (values.at(middle - 1) + values.at(middle)) / 2;
}

Paired measurePaired(int warmups, int repetitions, const std::function<double()> &ours,
                     const std::function<double()> &reference)
{
    QList<double> oursTimes;
    QList<double> referenceTimes;
    QList<double> ratios;
    for (int i = 0; i < warmups + repetitions; ++i) {
        double a = 0;
        double b = 0;
        const QString oursLabel = i < warmups ? u"warmup"_s : u"ours"_s;
        const QString referenceLabel = i < warmups ? u"warmup"_s : u"reference"_s;
        if (i % 2 == 0) {
            a = ours();
            Instructions::close(oursLabel);
            b = reference();
            Instructions::close(referenceLabel);
        } else {
            b = reference();
            Instructions::close(referenceLabel);
            a = ours();
            Instructions::close(oursLabel);
        }
        if (i < warmups)
            continue;
        oursTimes << a;
        referenceTimes << b;
        if (b > 0)
            ratios << a / b;
    }
    return Paired{median(oursTimes), median(referenceTimes), median(ratios)};
}

double residentMiB()
{
    QFile statm(u"/proc/self/statm"_s);
    if (!statm.open(QIODevice::ReadOnly))
        return 0;
    const QList<QByteArray> fields = statm.readAll().split(' ');
    if (fields.size() < 2)
        return 0;
    return fields.at(1).toDouble() * double(sysconf(_SC_PAGESIZE)) / (1024.0 * 1024.0);
}

void Report::add(const Row &row)
{
    m_rows << row;
    Instructions::close(u"row %1|%2|%3"_s.arg(row.measure, row.backend, row.size));
    // Progress on stderr, so that a long run shows where it is; the table goes to stdout.
    std::fprintf(stderr, "  done: %s / %s / %s\n", qPrintable(row.measure), qPrintable(row.backend),
                 qPrintable(row.size));
}

void Report::addJson(const QJsonArray &rows)
{
    for (const QJsonValue &value : rows) {
        const QJsonObject object = value.toObject();
        Row row;
        row.measure = object.value("measure"_L1).toString();
        row.backend = object.value("backend"_L1).toString();
        row.size = object.value("size"_L1).toString();
        const auto number = [&object](const char *key) -> std::optional<double> {
            const QJsonValue v = object.value(QLatin1StringView(key));
            return v.isDouble() ? std::optional<double>(v.toDouble()) : std::nullopt;
        };
        row.ours = number("ours");
        row.reference = number("reference");
        row.ratio = number("ratio");
        row.goal = object.value("goal"_L1).toString();
        row.met = object.value("met"_L1).toBool();
        m_rows << row;
    }
}

namespace {

QString formatNumber(const std::optional<double> &value)
{
    if (!value)
        return u"n/a"_s;
    const double v = *value;
    if (v != 0 && std::abs(v) < 0.01)
        return QString::number(v, 'g', 3);
    return QString::number(v, 'f', std::abs(v) >= 100 ? 1 : std::abs(v) >= 10 ? 2 : 3);
}

} // namespace

void Report::print() const
{
    const QStringList headers{u"measure"_s, u"backend"_s, u"size"_s, u"ours"_s, u"reference"_s,
                              u"ratio"_s, u"goal"_s, u"met"_s};
    QList<QStringList> lines;
    for (const Row &row : m_rows) {
        lines << QStringList{row.measure, row.backend, row.size, formatNumber(row.ours), formatNumber(row.reference),
                             formatNumber(row.ratio), row.goal, row.met ? u"yes"_s : u"NO"_s};
    }
    QList<int> widths;
    for (const QString &header : headers)
        widths << int(header.size());
    for (const QStringList &line : std::as_const(lines)) {
        for (int i = 0; i < line.size(); ++i)
            widths[i] = std::max(widths.at(i), int(line.at(i).size()));
    }
    QTextStream out(stdout);
    const auto printLine = [&](const QStringList &cells) {
        QStringList padded;
        for (int i = 0; i < cells.size(); ++i)
            padded << cells.at(i).leftJustified(widths.at(i));
        out << padded.join(" | "_L1).trimmed() << '\n';
    };
    printLine(headers);
    QStringList rule;
    for (int width : std::as_const(widths))
        rule << QString(width, u'-');
    out << rule.join("-+-"_L1) << '\n';
    for (const QStringList &line : std::as_const(lines))
        printLine(line);
    out.flush();
}

QJsonArray Report::toJson(const QList<Row> &rows)
{
    QJsonArray array;
    for (const Row &row : rows) {
        const auto number = [](const std::optional<double> &v) { return v ? QJsonValue(*v) : QJsonValue(); };
        array.append(QJsonObject{{u"measure"_s, row.measure},
                                 {u"backend"_s, row.backend},
                                 {u"size"_s, row.size},
                                 {u"ours"_s, number(row.ours)},
                                 {u"reference"_s, number(row.reference)},
                                 {u"ratio"_s, number(row.ratio)},
                                 {u"goal"_s, row.goal},
                                 {u"met"_s, row.met}});
    }
    return array;
}

bool Report::writeJson(const QString &path) const
{
    QFile file(path);
    if (!file.open(QIODevice::WriteOnly | QIODevice::Truncate))
        return false;
    const QByteArray json = QJsonDocument(toJson(m_rows)).toJson(QJsonDocument::Indented);
    return file.write(json) == json.size();
}

} // namespace Concord::Bench
