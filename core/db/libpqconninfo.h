// SPDX-License-Identifier: MIT
// SPDX-FileCopyrightText: 2026 Concord developers
#pragma once

#include <core/db/databaseaddress.h>
#include <core/result.h>

#include <QMap>
#include <QString>

#include <utility>

/// The libpq conninfo text that Qt's PostgreSQL driver passes on: QPSQL quotes the host, database,
/// user and password itself, but appends the connect options as they are (every ';' turned into a
/// space). So every option value Concord writes is quoted here, and an option string read back
/// (DatabaseAddress::fromDatabase()) is split by libpq's own rules.
namespace Concord::Libpq {

/// \a value as a libpq conninfo value: in single quotes, with backslash and quote escaped, so that
/// nothing in it can end the value and start another keyword. A ';' (which QPSQL would turn into
/// a space) becomes ','; control characters become spaces. An empty value gives ''.
QString quotedValue(const QString &value);

/// The options of a QPSQL connect options string, `key=value` or `key='quoted value'` separated by
/// ';' or white space, the quoted ones unescaped. Fails with InvalidArgument for an entry without
/// '=', a key without a name or an unterminated quote; the message never repeats a value.
Result<QMap<QString, QString>> parseOptions(const QString &connectOptions);

/// Refuses (InvalidAddress) a host name that no host has and that could only confuse libpq's
/// lists: white space, a quote, a backslash, ',', ';', '=' or a control character.
Result<void> checkHostName(const QString &name);

/// The host and port lists of a multi-host address as libpq takes them (`h1,h2`, `5432,5433`;
/// an empty port stands for libpq's default).
std::pair<QString, QString> hostLists(const DatabaseAddress &address);

/// Moves the `host` and `port` lists of \a address's options (a multi-host connection read back
/// by fromDatabase()) into its hosts. Fails with InvalidArgument when the lists do not match.
Result<void> takeHostLists(DatabaseAddress &address);

} // namespace Concord::Libpq
