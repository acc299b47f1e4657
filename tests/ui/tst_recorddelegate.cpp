// SPDX-License-Identifier: MIT
// SPDX-FileCopyrightText: 2026 Concord developers
#include <ui/editor/recorddelegate.h>

#include <QPalette>
#include <QTest>

using namespace Concord;
using namespace Qt::StringLiterals;

// The grid's row colours stay readable whatever the palette: on a dark one the pending and
// conflict tints keep WCAG AA contrast (4.5:1) with the palette's text and still differ from the
// base colour and from each other.

class tst_RecordDelegate : public QObject
{
    Q_OBJECT

private:
    static QPalette palette(const QColor &base, const QColor &text)
    {
        QPalette palette;
        palette.setColor(QPalette::Base, base);
        palette.setColor(QPalette::AlternateBase, base.lighter(110));
        palette.setColor(QPalette::Window, base);
        palette.setColor(QPalette::Text, text);
        palette.setColor(QPalette::WindowText, text);
        return palette;
    }

private Q_SLOTS:
    void rowColoursKeepContrast_data()
    {
        QTest::addColumn<QPalette>("palette");
        QTest::addRow("light") << palette(Qt::white, Qt::black);
        QTest::addRow("dark (Breeze Dark)") << palette(QColor(0x23, 0x26, 0x29), QColor(0xfc, 0xfc, 0xfc));
        QTest::addRow("dark (Fusion dark)") << palette(QColor(0x2a, 0x2a, 0x2a), QColor(0xe0, 0xe0, 0xe0));
        QTest::addRow("black, grey text") << palette(Qt::black, QColor(0xb0, 0xb0, 0xb0));
    }

    void rowColoursKeepContrast()
    {
        QFETCH(QPalette, palette);
        const QColor text = palette.color(QPalette::Text);
        const QColor base = palette.color(QPalette::Base);
        QList<QColor> seen;
        for (auto mark : {RecordDelegate::RowMark::Conflict, RecordDelegate::RowMark::Inserted,
                          RecordDelegate::RowMark::Edited}) {
            const QColor background = RecordDelegate::stateColor(mark, palette);
            const double contrast = RecordDelegate::contrastRatio(background, text);
            QVERIFY2(contrast >= 4.5, qPrintable(u"%1 on %2: %3"_s.arg(text.name(), background.name()).arg(contrast)));
            QVERIFY2(background != base, qPrintable(background.name()));
            QVERIFY(!seen.contains(background));
            seen << background;
        }
    }

    void contrastRatioIsWcags()
    {
        QCOMPARE(qRound(RecordDelegate::contrastRatio(Qt::black, Qt::white)), 21);
        QCOMPARE(RecordDelegate::contrastRatio(Qt::gray, Qt::gray), 1.0);
    }
};

QTEST_MAIN(tst_RecordDelegate)
#include "tst_recorddelegate.moc"
