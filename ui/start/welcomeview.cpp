// SPDX-License-Identifier: MIT
// SPDX-FileCopyrightText: 2026 Concord developers
#include "welcomeview.h"

#include <ui/start/appsettings.h>
#include <ui/start/connectiondialog.h>

#include <core/db/demodatabase.h>

#include <QContextMenuEvent>
#include <QFileDialog>
#include <QFileInfo>
#include <QHBoxLayout>
#include <QKeyEvent>
#include <QLabel>
#include <QListWidget>
#include <QMenu>
#include <QMessageBox>
#include <QPushButton>
#include <QSqlQuery>
#include <QStandardPaths>
#include <QVBoxLayout>

using namespace Qt::StringLiterals;

namespace Concord {

namespace {

constexpr int addressRole = Qt::UserRole;

QString sqliteFilter()
{
    return WelcomeView::tr("SQLite databases (*.sqlite *.sqlite3 *.db *.db3);;All files (*)");
}

} // namespace

WelcomeView::WelcomeView(QWidget *parent)
    : QWidget(parent)
{
    setObjectName(u"welcomeView"_s);
    setAccessibleName(tr("Welcome"));
    createLayout();
}

QPushButton *WelcomeView::addButton(const QString &text, const QString &name, const QString &tip)
{
    auto *button = new QPushButton(text, m_buttons);
    button->setObjectName(name);
    button->setToolTip(tip);
    button->setMinimumHeight(button->sizeHint().height() + 8);
    button->setMinimumWidth(220);
    m_buttons->layout()->addWidget(button);
    return button;
}

void WelcomeView::createLayout()
{
    auto *title = new QLabel(tr("Concord"));
    QFont titleFont = title->font();
    titleFont.setPointSizeF(titleFont.pointSizeF() * 2.2);
    titleFont.setBold(true);
    title->setFont(titleFont);
    auto *subtitle = new QLabel(tr("Edit database records with others, without losing anyone's work."));
    subtitle->setWordWrap(true);

    m_message = new QLabel;
    m_message->setObjectName(u"welcomeMessage"_s);
    m_message->setWordWrap(true);
    m_message->setTextInteractionFlags(Qt::TextSelectableByMouse);
    m_message->setStyleSheet(u"QLabel { background: #fdecea; color: #8a1c13; border: 1px solid #f5c2bd;"
                             " border-radius: 4px; padding: 8px; }"_s);
    m_message->hide();

    m_buttons = new QWidget;
    auto *buttonLayout = new QVBoxLayout(m_buttons);
    buttonLayout->setContentsMargins(0, 0, 0, 0);
    connect(addButton(tr("&Open SQLite File…"), u"openFileButton"_s, tr("Open an existing SQLite database file")),
            &QPushButton::clicked, this, &WelcomeView::openSqliteFile);
    connect(addButton(tr("&New Database…"), u"newDatabaseButton"_s,
                      tr("Create a SQLite database file, empty or with the demo tables")),
            &QPushButton::clicked, this, &WelcomeView::newDatabase);
    connect(addButton(tr("&Connect to PostgreSQL…"), u"connectButton"_s, tr("Connect to a PostgreSQL server")),
            &QPushButton::clicked, this, &WelcomeView::connectToPostgreSQL);
    buttonLayout->addStretch(1);

    auto *recentTitle = new QLabel(tr("<b>Recent databases</b>"));
    m_recent = new QListWidget;
    m_recent->setObjectName(u"recentList"_s);
    m_recent->setAccessibleName(tr("Recent databases"));
    m_recent->setContextMenuPolicy(Qt::DefaultContextMenu);
    m_recent->setMinimumWidth(360);
    m_recent->setStyleSheet(u"QListWidget::item { padding: 6px 4px; }"_s); // two lines an entry, room to click
    m_recent->installEventFilter(this);
    m_recent->viewport()->installEventFilter(this);
    // One click opens, as on a start page; the keyboard opens with Return and removes with
    // Delete (eventFilter()).
    connect(m_recent, &QListWidget::itemClicked, this,
            [this](QListWidgetItem *item) { openRecent(item->data(addressRole).toString()); });
    m_recentEmpty = new QLabel(tr("Databases you open are listed here."));
    m_recentEmpty->setEnabled(false);

    auto *recentColumn = new QVBoxLayout;
    recentColumn->addWidget(recentTitle);
    recentColumn->addWidget(m_recent, 1);
    recentColumn->addWidget(m_recentEmpty, 1, Qt::AlignTop); // takes the list's room while it is hidden

    auto *columns = new QHBoxLayout;
    columns->addWidget(m_buttons);
    columns->addSpacing(24);
    columns->addLayout(recentColumn, 1);

    auto *panel = new QWidget;
    panel->setMaximumWidth(820);
    auto *panelLayout = new QVBoxLayout(panel);
    panelLayout->addWidget(title);
    panelLayout->addWidget(subtitle);
    panelLayout->addSpacing(12);
    panelLayout->addWidget(m_message);
    panelLayout->addLayout(columns, 1);

    auto *outer = new QHBoxLayout(this);
    outer->setContentsMargins(32, 32, 32, 32);
    outer->addStretch(1);
    outer->addWidget(panel, 4);
    outer->addStretch(1);
    refreshRecent();
}

void WelcomeView::setOpener(Opener opener)
{
    m_opener = std::move(opener);
}

void WelcomeView::showMessage(const QString &text)
{
    m_message->setText(text);
    m_message->setVisible(!text.isEmpty());
}

QString WelcomeView::message() const
{
    return m_message->text();
}

void WelcomeView::refreshRecent()
{
    m_recent->clear();
    const QStringList recent = AppSettings().recentDatabases();
    for (const QString &text : recent) {
        const auto address = DatabaseAddress::parse(text);
        const QString name = address ? address.value().displayName() : text;
        auto *item = new QListWidgetItem(name.isEmpty() ? text : u"%1\n%2"_s.arg(name, text), m_recent);
        item->setData(addressRole, text);
        item->setToolTip(tr("Open %1 (right-click for more)").arg(text));
    }
    m_recent->setVisible(!recent.isEmpty());
    m_recentEmpty->setVisible(recent.isEmpty());
}

Result<void> WelcomeView::submit(const OpenRequest &request)
{
    if (!m_opener)
        return makeError(ErrorCode::InvalidArgument, tr("Nothing can be opened here."));
    const Result<void> opened = m_opener(request);
    // A new window reports its own problems; this one says what happened to its request.
    showMessage(opened ? QString() : opened.error().message);
    refreshRecent();
    return opened;
}

void WelcomeView::openSqliteFile()
{
    const QString path = QFileDialog::getOpenFileName(this, tr("Open SQLite File"), {}, sqliteFilter());
    if (!path.isEmpty())
        openFile(path);
}

Result<void> WelcomeView::openFile(const QString &path, bool newWindow)
{
    OpenRequest request;
    request.address.kind = DatabaseAddress::Kind::SQLite;
    request.address.path = path;
    request.newWindow = newWindow;
    return submit(request);
}

void WelcomeView::newDatabase()
{
    const QString path = QFileDialog::getSaveFileName(this, tr("New Database"), {}, sqliteFilter(),
                                                      nullptr, QFileDialog::DontConfirmOverwrite);
    if (path.isEmpty())
        return;
    QMessageBox question(QMessageBox::Question, tr("New Database"),
                         tr("Create %1 empty, or with the demo tables (customers, products, orders)?")
                             .arg(QFileInfo(path).fileName()),
                         QMessageBox::Cancel, this);
    QPushButton *empty = question.addButton(tr("&Empty"), QMessageBox::AcceptRole);
    QPushButton *demo = question.addButton(tr("With &Demo Tables"), QMessageBox::AcceptRole);
    question.setDefaultButton(empty);
    question.exec();
    if (question.clickedButton() == empty || question.clickedButton() == demo)
        createDatabase(path, question.clickedButton() == demo);
}

Result<void> WelcomeView::createDatabase(const QString &path, bool withDemo)
{
    DatabaseAddress address;
    address.path = path;
    Result<void> created;
    if (QFileInfo::exists(path)) {
        created = makeError(ErrorCode::InvalidArgument,
                            tr("%1 already exists. Open it with Open SQLite File…, or choose a new name.").arg(path));
    } else if (withDemo) {
        created = DemoDatabase::createIfMissing(address);
    } else {
        // WAL, as Concord's own databases are; writing the header also creates the file.
        const QString name = connectionNameFor(u"new-database"_s);
        OpenOptions options;
        options.createIfMissing = true;
        {
            auto db = openDatabase(address, name, options);
            if (db)
                QSqlQuery(db.value()).exec(u"PRAGMA journal_mode = WAL"_s);
            else
                created = db.error();
        }
        closeDatabase(name);
    }
    if (!created) {
        showMessage(created.error().message);
        return created;
    }
    return openFile(path);
}

ConnectionDialog *WelcomeView::connectionDialog() const
{
    return m_dialog;
}

void WelcomeView::connectToPostgreSQL()
{
    if (m_dialog) {
        m_dialog->raise();
        m_dialog->activateWindow();
        return;
    }
    m_dialog = new ConnectionDialog(window());
    m_dialog->setAttribute(Qt::WA_DeleteOnClose);
    connect(m_dialog, &ConnectionDialog::connectRequested, this, &WelcomeView::connectFromDialog);
    m_dialog->open();
}

void WelcomeView::connectFromDialog()
{
    OpenRequest request;
    request.address = m_dialog->address();
    request.password = m_dialog->password();
    request.askForPassword = false;
    const Result<void> opened = m_opener ? m_opener(request) : makeError(ErrorCode::InvalidArgument, QString());
    refreshRecent();
    if (opened) {
        showMessage({});
        m_dialog->accept();
        return;
    }
    m_dialog->showResult(false, opened.error().message, opened.error().code == ErrorCode::PasswordRequired);
}

Result<void> WelcomeView::openRecent(const QString &addressText, bool newWindow)
{
    const auto address = DatabaseAddress::parse(addressText);
    if (!address) {
        showMessage(address.error().message);
        return address.error();
    }
    OpenRequest request;
    request.address = address.value();
    request.newWindow = newWindow;
    return submit(request);
}

void WelcomeView::removeRecent(const QString &addressText)
{
    AppSettings().removeRecentDatabase(addressText);
    refreshRecent();
}

QMenu *WelcomeView::createRecentMenu(const QString &addressText)
{
    auto *menu = new QMenu(this);
    menu->setObjectName(u"recentMenu"_s);
    menu->setAttribute(Qt::WA_DeleteOnClose);
    QAction *open = menu->addAction(tr("&Open"), this, [this, addressText] { openRecent(addressText); });
    open->setObjectName(u"openRecentAction"_s);
    menu->addAction(tr("Open in &New Window"), this, [this, addressText] { openRecent(addressText, true); })
        ->setObjectName(u"openRecentInNewWindowAction"_s);
    menu->addSeparator();
    menu->addAction(tr("&Remove from List"), this, [this, addressText] { removeRecent(addressText); })
        ->setObjectName(u"removeRecentAction"_s);
    menu->setDefaultAction(open);
    return menu;
}

void WelcomeView::showEvent(QShowEvent *event)
{
    refreshRecent();
    QWidget::showEvent(event);
}

bool WelcomeView::eventFilter(QObject *watched, QEvent *event)
{
    if (watched == m_recent->viewport() && event->type() == QEvent::ContextMenu) {
        const auto *menuEvent = static_cast<QContextMenuEvent *>(event);
        if (QListWidgetItem *item = m_recent->itemAt(menuEvent->pos())) {
            createRecentMenu(item->data(addressRole).toString())->popup(menuEvent->globalPos());
            return true;
        }
    }
    if (watched == m_recent && event->type() == QEvent::KeyPress) {
        const int key = static_cast<QKeyEvent *>(event)->key();
        if ((key == Qt::Key_Return || key == Qt::Key_Enter) && m_recent->currentItem()) {
            openRecent(m_recent->currentItem()->data(addressRole).toString());
            return true;
        }
        if (key == Qt::Key_Delete && m_recent->currentItem()) {
            removeRecent(m_recent->currentItem()->data(addressRole).toString());
            return true;
        }
    }
    return QWidget::eventFilter(watched, event);
}

} // namespace Concord
