// SPDX-License-Identifier: MIT
// SPDX-FileCopyrightText: 2026 Concord developers
#include "filterheader.h"

#include <QLineEdit>
#include <QSignalBlocker>
#include <QTimer>

namespace Concord {

namespace {
constexpr int typingPauseMs = 400; ///< long enough not to query on every key stroke
}

FilterHeader::FilterHeader(QWidget *parent)
    : QHeaderView(Qt::Horizontal, parent)
    , m_debounce(new QTimer(this))
{
    setObjectName(QStringLiteral("filterHeader"));
    setSectionsClickable(true);
    setSortIndicatorShown(true);
    setHighlightSections(true);
    m_debounce->setSingleShot(true);
    m_debounce->setInterval(typingPauseMs);
    connect(m_debounce, &QTimer::timeout, this, [this] { emit filtersChanged(filterTexts()); });
    connect(this, &QHeaderView::sectionResized, this, &FilterHeader::placeFields);
    connect(this, &QHeaderView::sectionMoved, this, &FilterHeader::placeFields);
}

int FilterHeader::fieldHeight() const
{
    return fontMetrics().height() + 10;
}

QSize FilterHeader::sizeHint() const
{
    QSize size = QHeaderView::sizeHint();
    size.setHeight(size.height() + fieldHeight());
    return size;
}

void FilterHeader::resetFields()
{
    qDeleteAll(m_fields);
    m_fields.clear();
    const int columns = model() ? model()->columnCount() : 0;
    for (int column = 0; column < columns; ++column) {
        auto *field = new QLineEdit(this);
        field->setObjectName(QStringLiteral("filter%1").arg(column));
        const QString name = model()->headerData(column, Qt::Horizontal).toString();
        field->setPlaceholderText(tr("Filter"));
        field->setAccessibleName(tr("Filter %1").arg(name));
        field->setClearButtonEnabled(true);
        field->setToolTip(tr("Filter %1: text to find, or =5, !=5, <5, <=5, >5, >=5, NULL, !NULL").arg(name));
        connect(field, &QLineEdit::textEdited, m_debounce, qOverload<>(&QTimer::start));
        connect(field, &QLineEdit::returnPressed, this, [this] {
            m_debounce->stop();
            emit filtersChanged(filterTexts());
        });
        // The clear button changes the text without textEdited.
        connect(field, &QLineEdit::textChanged, this, [this, field](const QString &text) {
            if (text.isEmpty() && !field->signalsBlocked())
                m_debounce->start();
        });
        m_fields << field;
        field->show();
    }
    updateGeometries();
}

QMap<int, QString> FilterHeader::filterTexts() const
{
    QMap<int, QString> texts;
    for (int column = 0; column < m_fields.size(); ++column) {
        if (!m_fields.at(column)->text().trimmed().isEmpty())
            texts.insert(column, m_fields.at(column)->text());
    }
    return texts;
}

void FilterHeader::setFilterTexts(const QMap<int, QString> &texts)
{
    for (int column = 0; column < m_fields.size(); ++column) {
        const QSignalBlocker blocker(m_fields.at(column));
        m_fields.at(column)->setText(texts.value(column));
    }
}

QLineEdit *FilterHeader::field(int column) const
{
    return m_fields.value(column, nullptr);
}

void FilterHeader::updateGeometries()
{
    setViewportMargins(0, 0, 0, m_fields.isEmpty() ? 0 : fieldHeight());
    QHeaderView::updateGeometries();
    placeFields();
}

void FilterHeader::placeFields()
{
    const int top = height() - fieldHeight();
    for (int column = 0; column < m_fields.size(); ++column) {
        QLineEdit *field = m_fields.at(column);
        if (isSectionHidden(column)) {
            field->hide();
            continue;
        }
        field->setGeometry(sectionViewportPosition(column), top, sectionSize(column), fieldHeight());
        field->show();
    }
}

} // namespace Concord
