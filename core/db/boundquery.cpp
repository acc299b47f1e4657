// SPDX-License-Identifier: MIT
// SPDX-FileCopyrightText: 2026 Concord developers
#include "boundquery.h"

#include <core/db/pooling.h>
#include <core/errors.h>

#include <QCoreApplication>
#include <QSqlDriver>
#include <QSqlField>

#include <algorithm>
#include <optional>

using namespace Qt::StringLiterals;

namespace Concord {

namespace {

QString tr(const char *text)
{
    return QCoreApplication::translate("Concord::BoundQuery", text);
}

bool isIdentifierChar(QChar c)
{
    return c.isLetterOrNumber() || c == u'_';
}

// The end (one past) of the quoted text, comment or dollar-quoted body starting at \a i, or \a i
// itself when none starts there.
qsizetype skipQuoted(const QString &sql, qsizetype i)
{
    const qsizetype n = sql.size();
    const QChar c = sql.at(i);
    if (c == u'\'' || c == u'"') {
        qsizetype j = i + 1;
        for (; j < n; ++j) {
            if (sql.at(j) != c)
                continue;
            if (j + 1 < n && sql.at(j + 1) == c) { // '' or "" inside
                ++j;
                continue;
            }
            return j + 1;
        }
        return n;
    }
    if (c == u'-' && i + 1 < n && sql.at(i + 1) == u'-') {
        const qsizetype end = sql.indexOf(u'\n', i);
        return end < 0 ? n : end + 1;
    }
    if (c == u'/' && i + 1 < n && sql.at(i + 1) == u'*') {
        int depth = 0; // PostgreSQL's block comments nest
        for (qsizetype j = i; j + 1 < n; ++j) {
            if (sql.at(j) == u'/' && sql.at(j + 1) == u'*') {
                ++depth;
                ++j;
            } else if (sql.at(j) == u'*' && sql.at(j + 1) == u'/') {
                ++j;
                if (--depth == 0)
                    return j + 1;
            }
        }
        return n;
    }
    if (c == u'$' && (i == 0 || !isIdentifierChar(sql.at(i - 1)))) {
        // $tag$ … $tag$, the tag empty or an identifier not starting with a digit ($1 is a parameter).
        qsizetype j = i + 1;
        while (j < n && isIdentifierChar(sql.at(j)) && !(j == i + 1 && sql.at(j).isDigit()))
            ++j;
        if (j < n && sql.at(j) == u'$') {
            const QString tag = sql.mid(i, j - i + 1);
            const qsizetype end = sql.indexOf(tag, j + 1);
            return end < 0 ? n : end + tag.size();
        }
    }
    return i;
}

// The literal the driver writes for \a value, quoted so that the server types it from its
// context (as it types a parameter of a prepared statement); nullopt when it has none.
std::optional<QString> literalFor(const QSqlDriver *driver, const QVariant &value)
{
    if (!value.isValid() || value.isNull())
        return u"NULL"_s;
    QSqlField field(QString(), value.metaType());
    switch (value.metaType().id()) {
    case QMetaType::QByteArray:
    case QMetaType::QDateTime:
    case QMetaType::QDate:
    case QMetaType::QTime:
        field.setValue(value);
        return driver->formatValue(field);
    case QMetaType::Bool:
    case QMetaType::Int:
    case QMetaType::UInt:
    case QMetaType::LongLong:
    case QMetaType::ULongLong:
    case QMetaType::Short:
    case QMetaType::UShort:
    case QMetaType::Double:
    case QMetaType::Float:
    case QMetaType::QString:
    case QMetaType::QChar:
    case QMetaType::QUuid: {
        QSqlField text(QString(), QMetaType(QMetaType::QString));
        text.setValue(value.toString());
        return driver->formatValue(text);
    }
    default:
        return std::nullopt;
    }
}

} // namespace

Result<QString> withLiteralValues(const QSqlDatabase &db, const QString &sql, const QVariantList &values)
{
    const QSqlDriver *driver = db.driver();
    if (!driver)
        return makeError(ErrorCode::ConnectionFailed, tr("The connection is not open."));
    QString out;
    out.reserve(sql.size() + 16 * values.size());
    qsizetype next = 0;
    qsizetype used = 0;
    for (qsizetype i = 0; i < sql.size();) {
        if (const qsizetype end = skipQuoted(sql, i); end != i) {
            out += QStringView(sql).mid(i, end - i);
            i = end;
            continue;
        }
        // `?` takes the next value; PostgreSQL's own `$n` (which Qt's driver passes through) the n-th.
        qsizetype index = -1;
        qsizetype length = 1;
        if (sql.at(i) == u'?') {
            index = next++;
        } else if (sql.at(i) == u'$' && (i == 0 || !isIdentifierChar(sql.at(i - 1)))) {
            while (i + length < sql.size() && sql.at(i + length).isDigit())
                ++length;
            if (length > 1)
                index = QStringView(sql).mid(i + 1, length - 1).toLongLong() - 1;
        }
        if (index < 0) {
            out += sql.at(i++);
            continue;
        }
        if (index >= values.size())
            return makeError(ErrorCode::InvalidArgument, tr("The statement has more placeholders than values."));
        const std::optional<QString> literal = literalFor(driver, values.at(index));
        if (!literal) {
            return makeError(ErrorCode::InvalidArgument, tr("A value of type %1 cannot be sent as a literal.")
                                                             .arg(QString::fromLatin1(values.at(index).typeName())));
        }
        out += *literal;
        used = std::max(used, index + 1);
        i += length;
    }
    if (used != values.size())
        return makeError(ErrorCode::InvalidArgument, tr("The statement has fewer placeholders than values."));
    return out;
}

BoundQuery::BoundQuery(const QSqlDatabase &db)
    : QSqlQuery(db)
    , m_db(db)
    , m_onClient(Concord::bindsOnClient(db))
{
}

bool BoundQuery::prepare(const QString &sql)
{
    m_error = QSqlError();
    if (!m_onClient)
        return QSqlQuery::prepare(sql);
    m_sql = sql;
    m_values.clear();
    m_bindCount = 0;
    return true;
}

void BoundQuery::addBindValue(const QVariant &value)
{
    if (!m_onClient) {
        QSqlQuery::addBindValue(value);
        return;
    }
    bindValue(m_bindCount++, value);
}

void BoundQuery::bindValue(int position, const QVariant &value)
{
    if (!m_onClient) {
        QSqlQuery::bindValue(position, value);
        return;
    }
    while (m_values.size() <= position)
        m_values.append(QVariant());
    m_values[position] = value;
}

bool BoundQuery::exec()
{
    m_error = QSqlError();
    if (!m_onClient)
        return QSqlQuery::exec();
    // Like QSqlQuery: values stay bound for the next exec(), addBindValue() starts again at the first.
    m_bindCount = 0;
    const Result<QString> text = withLiteralValues(m_db, m_sql, m_values);
    if (!text) {
        m_error = QSqlError(text.error().message, {}, QSqlError::StatementError);
        return false;
    }
    return QSqlQuery::exec(text.value());
}

QSqlError BoundQuery::lastError() const
{
    return m_error.isValid() ? m_error : QSqlQuery::lastError();
}

Error sqlError(const BoundQuery &query, const QString &what)
{
    return sqlError(query.lastError(), what);
}

} // namespace Concord
