// SPDX-License-Identifier: MIT
// SPDX-FileCopyrightText: 2026 Concord developers
#pragma once

#include <core/result.h>

#include <QSqlDatabase>
#include <QSqlError>
#include <QSqlQuery>
#include <QString>
#include <QVariant>
#include <QVariantList>

namespace Concord {

/// A QSqlQuery for statements with `?` placeholders that works on every connection Concord
/// opens, including PostgreSQL behind a transaction-mode pooler.
///
/// Qt's PostgreSQL driver prepares with SQL-level `PREPARE qpsqlpstmt_N`, which lives in the
/// server session; behind a transaction-mode pooler the next statement may run in another
/// session, where it does not exist, or already exists from another client (pgadmin4#6285,
/// dbeaver#10742). On such a connection, and on any that may go through a proxy (bindsOnClient()),
/// BoundQuery binds on the client:
/// prepare() keeps the text, and exec() sends one statement with each value written as a literal
/// by the driver's own formatValue() (the same literal Qt's driver sends in its `EXECUTE`),
/// quoted so that the server types it by its context as it types a parameter. On every other
/// connection it is a plain QSqlQuery.
///
/// Use it in place of QSqlQuery wherever a statement is prepared. It is not a QSqlQuery to the
/// compiler (private base): QSqlQuery's own prepare() and exec() on it, through a QSqlQuery
/// reference, would send a server-side PREPARE after all, or run nothing, so no such reference can
/// be taken; results are read through the members it shows.
class BoundQuery : private QSqlQuery
{
public:
    explicit BoundQuery(const QSqlDatabase &db);

    bool prepare(const QString &sql);
    void addBindValue(const QVariant &value);
    void bindValue(int position, const QVariant &value);
    bool exec();
    /// Runs \a sql, a statement without placeholders.
    bool exec(const QString &sql) { return QSqlQuery::exec(sql); }

    using QSqlQuery::at;
    using QSqlQuery::driver;
    using QSqlQuery::executedQuery;
    using QSqlQuery::finish;
    using QSqlQuery::first;
    using QSqlQuery::isActive;
    using QSqlQuery::isForwardOnly;
    using QSqlQuery::isNull;
    using QSqlQuery::isSelect;
    using QSqlQuery::isValid;
    using QSqlQuery::lastInsertId;
    using QSqlQuery::lastQuery;
    using QSqlQuery::next;
    using QSqlQuery::numRowsAffected;
    using QSqlQuery::record;
    using QSqlQuery::seek;
    using QSqlQuery::setForwardOnly;
    using QSqlQuery::size;
    using QSqlQuery::value;
    /// The error of the last prepare() or exec(): a value with no literal form, or the driver's.
    QSqlError lastError() const;
    /// True when this query binds on the client (bindsOnClient() of its connection).
    bool bindsOnClient() const { return m_onClient; }

private:
    QSqlDatabase m_db;
    bool m_onClient = false;
    QString m_sql;
    QVariantList m_values;
    int m_bindCount = 0;
    QSqlError m_error;
};

/// \a sql with each `?` outside quotes, quoted identifiers, dollar quotes and comments replaced
/// by the literal of the value at its position (NULL for a null value), written by \a db's driver.
/// Fails with InvalidArgument when the count of placeholders and values differ or a value has no
/// literal form (a list, a map): nothing is sent then.
Result<QString> withLiteralValues(const QSqlDatabase &db, const QString &sql, const QVariantList &values);

/// sqlError() of \a query's last error (BoundQuery::lastError(), which knows its own refusals).
Error sqlError(const BoundQuery &query, const QString &what = {});

} // namespace Concord
