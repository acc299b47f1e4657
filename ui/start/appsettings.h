// SPDX-License-Identifier: MIT
// SPDX-FileCopyrightText: 2026 Concord developers
#pragma once

#include <core/db/databaseaddress.h>

#include <QByteArray>
#include <QHash>
#include <QSettings>
#include <QStringList>

namespace Concord {

/// The editor's settings, typed: every key Concord stores is read and written here, so that no
/// other code spells a settings key. Backed by the application's QSettings (organisation and
/// application name, user scope); tests point it elsewhere with QSettings::setPath().
///
/// Nothing here ever holds a password: addresses are stored in their written form, which has
/// none (DatabaseAddress refuses one), and withoutPassword() strips any that a caller's text
/// might still carry.
class AppSettings
{
public:
    AppSettings();

    /// At most this many recent databases are remembered.
    static constexpr int maxRecentDatabases = 10;

    /// Recently opened databases, most recent first, as address texts (DatabaseAddress::toString()).
    QStringList recentDatabases() const;
    /// Puts \a address first in the recent list (moving it there if already listed) and drops the
    /// oldest beyond maxRecentDatabases.
    void addRecentDatabase(const DatabaseAddress &address);
    /// Removes \a addressText from the recent list; nothing happens when it is not listed.
    void removeRecentDatabase(const QString &addressText);

    /// Main window geometry and toolbar/dock state (QWidget::saveGeometry(), QMainWindow::saveState()).
    QByteArray windowGeometry() const;
    void setWindowGeometry(const QByteArray &geometry);
    QByteArray windowState() const;
    void setWindowState(const QByteArray &state);
    /// The editor's splitter (table list | grid), QSplitter::saveState().
    QByteArray splitterState() const;
    void setSplitterState(const QByteArray &state);

    /// Column widths the user chose for \a table of the database at \a address, by column name.
    /// Empty when the user never resized a column of it.
    QHash<QString, int> columnWidths(const DatabaseAddress &address, const QString &table) const;
    void setColumnWidths(const DatabaseAddress &address, const QString &table, const QHash<QString, int> &widths);

    /// \a addressText with any password removed (a `postgresql://user:secret@…` user info, a
    /// `password=` or `sslpassword=` query item). Text that is not a URL is returned as is.
    static QString withoutPassword(const QString &addressText);

    /// Writes pending changes to disk now (QSettings::sync()); tests read the file afterwards.
    void sync();

private:
    QSettings m_settings;
};

} // namespace Concord
