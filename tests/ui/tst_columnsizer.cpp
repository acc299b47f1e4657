// SPDX-License-Identifier: MIT
// SPDX-FileCopyrightText: 2026 Concord developers
#include <core/model/versionedtablemodel.h>
#include <tests/support/scratchdatabase.h>
#include <tests/support/testmacros.h>
#include <ui/editor/recorddelegate.h>
#include <ui/widgets/columnsizer.h>

#include <QHeaderView>
#include <QLocale>
#include <QStyle>
#include <QTableView>
#include <QTest>

#include <memory>

using namespace Concord;
using namespace Concord::Test;
using namespace Qt::StringLiterals;

// Column widths from the column's type, on SQLite and PostgreSQL: ids are never cut, long text
// is capped and shown in full as a tooltip only when cut, and every header fits.

class tst_ColumnSizer : public QObject
{
    Q_OBJECT

private:
    std::unique_ptr<ScratchDatabase> m_db;
    std::unique_ptr<VersionedTableModel> m_model;
    std::unique_ptr<QTableView> m_view;
    QString m_longText;

    int margins() const
    {
        return 2 * (m_view->style()->pixelMetric(QStyle::PM_FocusFrameHMargin, nullptr, m_view.get()) + 1);
    }
    int width(const QString &column) const { return m_view->columnWidth(m_model->fieldIndex(column)); }
    QStyleOptionViewItem cellOption(int row, const QString &column) const
    {
        QStyleOptionViewItem option;
        option.initFrom(m_view->viewport());
        option.widget = m_view.get();
        option.font = m_view->font();
        option.rect = m_view->visualRect(m_model->index(row, m_model->fieldIndex(column)));
        return option;
    }

private Q_SLOTS:
    void initTestCase() { CONCORD_REQUIRE_BACKEND(); }

    void init()
    {
        m_db = std::make_unique<ScratchDatabase>();
        QCOMPARE(m_db->create(backendUnderTest()), QString());
        m_longText = QString(600, u'x');
        // The grid reads in batches: the first rows hold small ids, later ones a 7-digit id.
        QCOMPARE(m_db->exec({u"CREATE TABLE wide (id BIGINT PRIMARY KEY, flag BOOLEAN, body TEXT,"
                             " an_unusually_long_column_header BOOLEAN, version INTEGER NOT NULL DEFAULT 1)"_s,
                             u"INSERT INTO wide (id, flag, body) VALUES (1, TRUE, 'short'), (2, FALSE, '%1')"_s
                                 .arg(m_longText),
                             u"INSERT INTO wide (id, flag, body) VALUES (1234567, TRUE, 'later')"_s}),
                 QString());
        m_model = std::make_unique<VersionedTableModel>(nullptr, m_db->open(u"sizer"_s));
        m_model->setTable(u"wide"_s);
        QVERIFY(!m_model->tableName().isEmpty());
        m_model->setSort(0, Qt::AscendingOrder);
        QVERIFY(m_model->select());
        m_view = std::make_unique<QTableView>();
        m_view->setItemDelegate(new RecordDelegate(m_view.get()));
        m_view->setModel(m_model.get());
        m_view->horizontalHeader()->setStretchLastSection(false);
        m_view->resize(1600, 400);
        m_view->show();
        QVERIFY(QTest::qWaitForWindowExposed(m_view.get()));
        ColumnSizer::apply(m_view.get(), m_model->record());
    }

    void cleanup()
    {
        m_view.reset();
        m_model.reset();
        m_db.reset();
    }

    void aSevenDigitIdIsNotElided()
    {
        const QString shown = QLocale().toString(1234567LL);
        QVERIFY2(width(u"id"_s) >= m_view->fontMetrics().horizontalAdvance(shown) + margins(),
                 qPrintable(u"%1 px for %2"_s.arg(width(u"id"_s)).arg(shown)));
        // Ten digits fit as well, however the first rows looked
        QVERIFY(width(u"id"_s) >= m_view->fontMetrics().horizontalAdvance(QLocale().toString(9999999999LL)) + margins());
        const int row = m_model->rowCount() - 1;
        QCOMPARE(m_model->index(row, 0).data().toLongLong(), 1234567);
        QVERIFY(static_cast<RecordDelegate *>(m_view->itemDelegate())->elidedToolTip(cellOption(row, u"id"_s),
                                                                                     m_model->index(row, 0)).isEmpty());
    }

    void longTextIsCappedAndItsTooltipHoldsTheValue()
    {
        QVERIFY2(width(u"body"_s) <= ColumnSizer::maxTextWidth + margins() + 2, qPrintable(QString::number(width(u"body"_s))));
        QVERIFY(width(u"body"_s) >= m_view->fontMetrics().horizontalAdvance(u"short"_s));
        auto *delegate = static_cast<RecordDelegate *>(m_view->itemDelegate());
        const int body = m_model->fieldIndex(u"body"_s);
        QCOMPARE(delegate->elidedToolTip(cellOption(1, u"body"_s), m_model->index(1, body)), m_longText);
        QCOMPARE(delegate->elidedToolTip(cellOption(0, u"body"_s), m_model->index(0, body)), QString());
    }

    void booleansAreNarrowAndHeadersFit()
    {
        QVERIFY(width(u"flag"_s) < width(u"id"_s));
        QVERIFY(width(u"flag"_s) >= m_view->fontMetrics().horizontalAdvance(u"false"_s));
        for (int column = 0; column < m_model->columnCount(); ++column) {
            QVERIFY2(m_view->columnWidth(column) >= m_view->horizontalHeader()->sectionSizeHint(column),
                     qPrintable(m_model->headerData(column, Qt::Horizontal).toString()));
        }
    }
};

QTEST_MAIN(tst_ColumnSizer)
#include "tst_columnsizer.moc"
