// SPDX-License-Identifier: MIT
// SPDX-FileCopyrightText: 2026 Concord developers
#include "connectiondialog.h"

#include <QComboBox>
#include <QDialogButtonBox>
#include <QFormLayout>
#include <QLabel>
#include <QLineEdit>
#include <QPushButton>
#include <QSpinBox>
#include <QSqlQuery>
#include <QUrl>
#include <QVBoxLayout>

using namespace Qt::StringLiterals;

namespace Concord {

namespace {

constexpr int defaultPort = 5432;
const QString defaultSslMode = u"prefer"_s; // libpq's own default: left out of the address

} // namespace

ConnectionDialog::ConnectionDialog(QWidget *parent)
    : QDialog(parent)
{
    setObjectName(u"connectionDialog"_s);
    setWindowTitle(tr("Connect to PostgreSQL"));
    createLayout();
}

// QWidget's destructor hides the URL field, whose focus-out emits editingFinished: by then this
// dialog's own members are gone, so nothing of it may run any more.
ConnectionDialog::~ConnectionDialog()
{
    m_url->disconnect(this);
}

void ConnectionDialog::createLayout()
{
    const auto edit = [this](const QString &name, const QString &placeholder) {
        auto *line = new QLineEdit(this);
        line->setObjectName(name);
        line->setPlaceholderText(placeholder);
        return line;
    };
    m_url = edit(u"urlEdit"_s, tr("paste postgresql://user@host:port/dbname to fill the fields"));
    m_host = edit(u"hostEdit"_s, tr("localhost"));
    m_database = edit(u"databaseEdit"_s, tr("same as the user name"));
    m_user = edit(u"userEdit"_s, tr("your login name"));
    m_password = edit(u"passwordEdit"_s, tr("from ~/.pgpass or PGPASSWORD when empty"));
    m_password->setEchoMode(QLineEdit::Password);
    m_port = new QSpinBox(this);
    m_port->setObjectName(u"portSpin"_s);
    m_port->setRange(1, 65535);
    m_port->setValue(defaultPort);
    m_sslMode = new QComboBox(this);
    m_sslMode->setObjectName(u"sslModeCombo"_s);
    m_sslMode->addItems({u"disable"_s, u"allow"_s, u"prefer"_s, u"require"_s, u"verify-ca"_s, u"verify-full"_s});
    m_sslMode->setCurrentText(defaultSslMode);
    connect(m_url, &QLineEdit::textChanged, this, &ConnectionDialog::fillFromUrlField);
    connect(m_url, &QLineEdit::editingFinished, this, [this] {
        if (const QString text = m_url->text().trimmed(); !text.isEmpty()) {
            if (auto filled = setUrl(text); !filled)
                showResult(false, filled.error().message);
        }
    });

    auto *form = new QFormLayout;
    form->addRow(tr("U&RL:"), m_url);
    form->addRow(tr("&Host:"), m_host);
    form->addRow(tr("P&ort:"), m_port);
    form->addRow(tr("&Database:"), m_database);
    form->addRow(tr("&User:"), m_user);
    form->addRow(tr("&SSL mode:"), m_sslMode);
    form->addRow(tr("Pass&word:"), m_password);
    auto *note = new QLabel(tr("The password is used for this connection only and never saved."), this);
    note->setEnabled(false); // greyed: a remark, not a field
    form->addRow(QString(), note);

    m_result = new QLabel(this);
    m_result->setObjectName(u"resultLabel"_s);
    m_result->setWordWrap(true);
    m_result->setTextInteractionFlags(Qt::TextSelectableByMouse);
    m_result->hide();

    auto *buttons = new QDialogButtonBox(QDialogButtonBox::Cancel, this);
    m_test = buttons->addButton(tr("&Test Connection"), QDialogButtonBox::ActionRole);
    m_test->setObjectName(u"testButton"_s);
    m_connect = buttons->addButton(tr("&Connect"), QDialogButtonBox::AcceptRole);
    m_connect->setObjectName(u"connectButton"_s);
    m_connect->setDefault(true);
    connect(m_test, &QPushButton::clicked, this, &ConnectionDialog::testConnection);
    // Not accept(): the dialog stays open until the owner has actually connected.
    disconnect(buttons, &QDialogButtonBox::accepted, nullptr, nullptr);
    connect(buttons, &QDialogButtonBox::accepted, this, &ConnectionDialog::connectRequested);
    connect(buttons, &QDialogButtonBox::rejected, this, &QDialog::reject);

    auto *layout = new QVBoxLayout(this);
    layout->addLayout(form);
    layout->addWidget(m_result);
    layout->addStretch(1);
    layout->addWidget(buttons);
    setMinimumWidth(560);
}

DatabaseAddress ConnectionDialog::address() const
{
    DatabaseAddress address;
    address.kind = DatabaseAddress::Kind::PostgreSQL;
    address.host = m_host->text().trimmed();
    address.port = m_port->value();
    // Several hosts (h1,h2:5433): each takes the port field's port unless it names its own. A
    // single host stays the text as typed, so that libpq says what is wrong with it.
    if (address.host.contains(u',')) {
        if (auto hosts = DatabaseAddress::parseHostList(address.host); hosts) {
            for (DatabaseHost &host : hosts.value()) {
                if (host.port <= 0)
                    host.port = m_port->value();
            }
            address.setHosts(hosts.value());
        }
    }
    address.user = m_user->text().trimmed();
    address.databaseName = m_database->text().trimmed();
    address.options = m_otherOptions;
    if (m_sslMode->currentText() != defaultSslMode)
        address.options.insert(u"sslmode"_s, m_sslMode->currentText());
    return address;
}

QString ConnectionDialog::password() const
{
    return m_password->text();
}

void ConnectionDialog::setAddress(const DatabaseAddress &address)
{
    // A multi-host address shows its whole host list, each host with its own port.
    m_host->setText(address.moreHosts.isEmpty() ? address.host : address.hostListText());
    m_port->setValue(address.port > 0 ? address.port : defaultPort);
    m_user->setText(address.user);
    m_database->setText(address.databaseName);
    m_otherOptions = address.options;
    const QString sslMode = m_otherOptions.take(u"sslmode"_s);
    m_sslMode->setCurrentText(sslMode.isEmpty() ? defaultSslMode : sslMode);
}

namespace {

// The password of a postgresql:// URL and the URL without it. By hand rather than with QUrl,
// which does not read libpq's host lists (postgresql://ann:pw@h1,h2/db).
std::pair<QString, QString> splitPassword(const QString &text)
{
    const qsizetype start = text.indexOf("://"_L1);
    if (start < 0)
        return {QString(), text};
    qsizetype end = start + 3;
    while (end < text.size() && text.at(end) != u'/' && text.at(end) != u'?' && text.at(end) != u'#')
        ++end;
    const qsizetype at = text.lastIndexOf(u'@', end - 1);
    const qsizetype colon = at > start ? text.indexOf(u':', start + 3) : -1;
    if (colon < 0 || colon > at)
        return {QString(), text};
    const QString password = QUrl::fromPercentEncoding(text.mid(colon + 1, at - colon - 1).toUtf8());
    return {password, text.left(colon) + text.mid(at)};
}

} // namespace

Result<void> ConnectionDialog::setUrl(const QString &text)
{
    // DatabaseAddress refuses a password in the URL, rightly for argv; pasted into this dialog it
    // is what the user means to connect with, so it moves to the password field.
    const auto [password, withoutPassword] = splitPassword(text.trimmed());
    const auto address = DatabaseAddress::parse(withoutPassword);
    if (!address)
        return address.error();
    if (!address.value().isPostgreSQL())
        return makeError(ErrorCode::InvalidAddress, tr("Not a postgresql:// address."));
    setAddress(address.value());
    if (!password.isEmpty())
        m_password->setText(password);
    return {};
}

// Filled as the user types or pastes; a complaint waits until the field is left, since every
// URL is invalid halfway through typing it.
void ConnectionDialog::fillFromUrlField()
{
    const QString text = m_url->text().trimmed();
    if (text.isEmpty())
        return;
    const bool hadPassword = !QUrl(text).password().isEmpty();
    if (auto filled = setUrl(text); !filled) {
        if (!m_url->hasFocus())
            showResult(false, filled.error().message);
        return;
    }
    m_result->hide();
    if (hadPassword) {
        // Moved to its own field; it must not stay readable in the URL.
        const QSignalBlocker blocker(m_url);
        m_url->setText(address().toString());
    }
}

void ConnectionDialog::showResult(bool ok, const QString &message, bool passwordProblem)
{
    m_result->setText(message);
    m_result->setProperty("ok", ok);
    m_result->setStyleSheet(ok ? u"color: #1b5e20;"_s : u"color: #b71c1c;"_s);
    m_result->show();
    if (!ok && passwordProblem) {
        m_password->setFocus();
        m_password->selectAll();
    }
}

QString ConnectionDialog::resultText() const
{
    return m_result->isVisible() || !m_result->text().isEmpty() ? m_result->text() : QString();
}

bool ConnectionDialog::testConnection()
{
    const DatabaseAddress target = address();
    const QString name = connectionNameFor(u"connection-test"_s);
    OpenOptions options;
    options.password = password();
    bool ok = false;
    bool passwordProblem = false;
    QString message;
    {
        const auto db = openDatabase(target, name, options);
        ok = db.ok();
        passwordProblem = !ok && db.error().code == ErrorCode::PasswordRequired;
        if (ok) {
            QSqlQuery query(db.value());
            const QString version = query.exec(u"SHOW server_version"_s) && query.next() ? query.value(0).toString()
                                                                                        : QString();
            message = version.isEmpty() ? tr("Connected to %1.").arg(target.displayName())
                                        : tr("Connected to %1 (PostgreSQL %2).").arg(target.displayName(), version);
        } else {
            message = db.error().message;
        }
    }
    closeDatabase(name);
    showResult(ok, ok ? message : tr("Connection failed: %1").arg(message), passwordProblem);
    return ok;
}

} // namespace Concord
