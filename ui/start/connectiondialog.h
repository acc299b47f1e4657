// SPDX-License-Identifier: MIT
// SPDX-FileCopyrightText: 2026 Concord developers
#pragma once

#include <core/db/databaseaddress.h>

#include <QDialog>

class QComboBox;
class QLabel;
class QLineEdit;
class QPushButton;
class QSpinBox;

namespace Concord {

/// "Connect to PostgreSQL…": host, port, database, user and SSL mode, or a pasted
/// `postgresql://` URL that fills those fields; a password field; Test Connection, which opens
/// and closes a connection and shows the outcome in the dialog.
///
/// The password is kept in the dialog only as long as it is open: it is handed to whoever
/// connects (password()) and never becomes part of address(). A pasted URL that carries one
/// has it moved into the password field.
///
/// Connect does not close the dialog by itself: it emits connectRequested(), and the owner
/// either accept()s the dialog once connected or calls showResult() with the reason it could
/// not, so that the user corrects a field (a wrong password, a wrong port) and tries again.
class ConnectionDialog : public QDialog
{
    Q_OBJECT

public:
    explicit ConnectionDialog(QWidget *parent = nullptr);
    ~ConnectionDialog() override;

    /// The fields as an address (never with the password). Other libpq options of a pasted URL
    /// (connect_timeout, target_session_attrs, …) are kept. A host field holding a host list
    /// (`h1,h2:5433`) gives a multi-host address, each host without a port of its own taking the
    /// port field's.
    DatabaseAddress address() const;
    QString password() const;
    /// Fills the fields from \a address, keeping the password field as it is; a multi-host
    /// address fills the host field with its host list.
    void setAddress(const DatabaseAddress &address);
    /// Fills the fields from a `postgresql://` URL. A password in it goes to the password field.
    /// Fails, leaving the fields alone, when the text is no PostgreSQL address.
    Result<void> setUrl(const QString &text);

    /// Shows the outcome of a connection attempt under the fields; a failure also selects the
    /// password when \a passwordProblem, so that typing replaces it.
    void showResult(bool ok, const QString &message, bool passwordProblem = false);
    /// The text last shown by showResult() or Test Connection.
    QString resultText() const;

public Q_SLOTS:
    /// Opens a connection with the fields and password, closes it again, and shows the outcome.
    /// Returns true when the connection opened.
    bool testConnection();

Q_SIGNALS:
    /// The user pressed Connect; read address() and password().
    void connectRequested();

private:
    void createLayout();
    void fillFromUrlField();

    QLineEdit *m_url = nullptr;
    QLineEdit *m_host = nullptr;
    QSpinBox *m_port = nullptr;
    QLineEdit *m_database = nullptr;
    QLineEdit *m_user = nullptr;
    QComboBox *m_sslMode = nullptr;
    QLineEdit *m_password = nullptr;
    QLabel *m_result = nullptr;
    QPushButton *m_connect = nullptr;
    QPushButton *m_test = nullptr;
    QMap<QString, QString> m_otherOptions; ///< libpq options of a pasted URL other than sslmode
};

} // namespace Concord
