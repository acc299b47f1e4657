// SPDX-License-Identifier: MIT
// SPDX-FileCopyrightText: 2026 Concord developers
#pragma once

#include <core/db/databaseaddress.h>

#include <QPointer>
#include <QWidget>

#include <functional>

class QLabel;
class QListWidget;
class QListWidgetItem;
class QMenu;
class QPushButton;

namespace Concord {

class ConnectionDialog;

/// What the welcome view asks its window to open.
struct OpenRequest
{
    DatabaseAddress address;
    /// A password typed into the connection dialog; memory only. Empty = let libpq find one.
    QString password;
    /// Open in a new window instead of this one.
    bool newWindow = false;
    /// May the window prompt for a (another) password? The connection dialog says no: it has a
    /// password field of its own and shows the refusal there.
    bool askForPassword = true;
};

/// The first thing a window shows, and what it returns to when its database closes: the recent
/// databases (click or Return to open; a context menu opens one in a new window or removes it
/// from the list, as does Delete), Open SQLite File…, New Database… and Connect to PostgreSQL….
///
/// It opens nothing itself: every request goes to the opener the window gives it
/// (setOpener()), and a failure is shown in the view's message area (or, for the connection
/// dialog, in the dialog), with the reason, so that the user can try again. Nothing here ever
/// quits the program.
class WelcomeView : public QWidget
{
    Q_OBJECT

public:
    using Opener = std::function<Result<void>(const OpenRequest &)>;

    explicit WelcomeView(QWidget *parent = nullptr);

    void setOpener(Opener opener);
    /// Shows \a text in the message area as an error; an empty text hides the area.
    void showMessage(const QString &text);
    QString message() const;
    /// Re-reads the recent list from AppSettings (other windows may have opened databases).
    void refreshRecent();
    QListWidget *recentList() const { return m_recent; }
    /// The connection dialog while it is open, else null.
    ConnectionDialog *connectionDialog() const;
    /// The recent list's context menu for \a addressText (Open, Open in New Window, Remove from
    /// List), parented to the view and deleted when closed.
    QMenu *createRecentMenu(const QString &addressText);

public Q_SLOTS:
    /// Asks for a file with QFileDialog, then openFile().
    void openSqliteFile();
    /// Opens the SQLite file at \a path; a failure is shown in the message area and returned.
    Result<void> openFile(const QString &path, bool newWindow = false);
    /// Asks where with QFileDialog and whether to fill it with the demo, then createDatabase().
    void newDatabase();
    /// Creates a SQLite database at \a path (empty, or the demo tables when \a withDemo) and opens
    /// it. Refuses a path where a file already exists: that is what Open is for.
    Result<void> createDatabase(const QString &path, bool withDemo);
    /// Opens the connection dialog (non-modal to the rest of the application, modal to the window).
    void connectToPostgreSQL();
    /// Opens a recent entry.
    Result<void> openRecent(const QString &addressText, bool newWindow = false);
    void removeRecent(const QString &addressText);

protected:
    void showEvent(QShowEvent *event) override;
    bool eventFilter(QObject *watched, QEvent *event) override;

private:
    void createLayout();
    QPushButton *addButton(const QString &text, const QString &name, const QString &tip);
    Result<void> submit(const OpenRequest &request);
    void connectFromDialog();

    Opener m_opener;
    QListWidget *m_recent = nullptr;
    QLabel *m_recentEmpty = nullptr;
    QLabel *m_message = nullptr;
    QWidget *m_buttons = nullptr;
    QPointer<ConnectionDialog> m_dialog;
};

} // namespace Concord
