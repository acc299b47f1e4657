// SPDX-License-Identifier: MIT
// SPDX-FileCopyrightText: 2026 Concord developers
#pragma once

#include <QSqlError>
#include <QString>

#include <optional>
#include <utility>

namespace Concord {

/// What went wrong, as a value callers can switch on. Never match the message text.
enum class ErrorCode {
    None,
    InvalidAddress,   ///< the database address cannot be parsed
    NotFound,         ///< a file, table, column or row that does not exist
    NotADatabase,     ///< the file exists but is not a (healthy) database
    ConnectionFailed, ///< the driver could not connect
    PasswordRequired, ///< the server wants a password that neither PGPASSWORD nor ~/.pgpass gave, or refused the one given
    NoPrimaryKey,     ///< a table without a primary key cannot be protected
    NoVersionColumn,  ///< a table without its version column cannot be protected
    RecordModified,   ///< someone else changed or deleted the row since it was loaded
    LockHeld,         ///< an advisory lock is held by someone else
    InvalidValue,     ///< a value does not fit its column
    InvalidArgument,  ///< a programmer or user passed something meaningless
    Sql,              ///< any other database error; see sqlError
    Cancelled,        ///< the user or caller cancelled the operation
};

struct Error
{
    ErrorCode code = ErrorCode::None;
    QString message;
    QSqlError sqlError;
};

/// Holds either a value or an Error. Check ok() before value(); Concord never throws.
template<typename T>
class Result
{
public:
    Result(T value) : m_value(std::move(value)) {}
    Result(Error error) : m_error(std::move(error)) {}

    bool ok() const { return m_value.has_value(); }
    explicit operator bool() const { return ok(); }

    const T &value() const & { return *m_value; }
    T &value() & { return *m_value; }
    T &&value() && { return std::move(*m_value); }
    const Error &error() const { return m_error; }

private:
    std::optional<T> m_value;
    Error m_error;
};

/// Result of an operation that produces nothing but success or an Error.
template<>
class Result<void>
{
public:
    Result() = default;
    Result(Error error) : m_error(std::move(error)) {}

    bool ok() const { return m_error.code == ErrorCode::None; }
    explicit operator bool() const { return ok(); }
    const Error &error() const { return m_error; }

private:
    Error m_error;
};

inline Error makeError(ErrorCode code, const QString &message, const QSqlError &sqlError = {})
{
    return Error{code, message, sqlError};
}

} // namespace Concord
