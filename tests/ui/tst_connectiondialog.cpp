// SPDX-License-Identifier: MIT
// SPDX-FileCopyrightText: 2026 Concord developers
#include <core/model/versionedtablemodel.h>
#include <tests/support/scratchdatabase.h>
#include <tests/support/testmacros.h>
#include <ui/editor/mainwindow.h>
#include <ui/start/appsettings.h>
#include <ui/start/connectiondialog.h>
#include <ui/start/welcomeview.h>

#include "shelldriver.h"

#include <QComboBox>
#include <QFile>
#include <QScopeGuard>
#include <QInputDialog>
#include <QLabel>
#include <QLineEdit>
#include <QPushButton>
#include <QSettings>
#include <QSpinBox>
#include <QStandardPaths>
#include <QTest>

#include <memory>

using namespace Concord;
using namespace Concord::Test;
using namespace Qt::StringLiterals;

// Connect to PostgreSQL…: the dialog's fields and URL, Test Connection, and connecting from it,
// with a wrong port or password corrected in place; and the window's own password prompt, which
// asks again when the server refuses. Needs the PostgreSQL test server for everything but the URL.

class tst_ConnectionDialog : public QObject
{
    Q_OBJECT

private:
    std::unique_ptr<ScratchDatabase> m_db;
    std::unique_ptr<MainWindow> m_window;

    bool onPostgreSQL() const { return backendUnderTest() == Backend::PostgreSQL; }
    QString password() const { return qEnvironmentVariable("PGPASSWORD"); }

    template<typename T = QWidget>
    static T *field(ConnectionDialog *dialog, const char *name)
    {
        return dialog->findChild<T *>(QLatin1String(name));
    }

    // Opens the dialog the way the user does: Connect to PostgreSQL… on the welcome view.
    ConnectionDialog *openDialog()
    {
        QTest::mouseClick(m_window->welcomeView()->findChild<QPushButton *>(u"connectButton"_s), Qt::LeftButton);
        ConnectionDialog *dialog = m_window->welcomeView()->connectionDialog();
        return dialog && QTest::qWaitForWindowExposed(dialog) ? dialog : nullptr;
    }

    static void fillIn(ConnectionDialog *dialog, const DatabaseAddress &address, const QString &password)
    {
        field<QLineEdit>(dialog, "hostEdit")->setText(address.host);
        field<QSpinBox>(dialog, "portSpin")->setValue(address.port);
        field<QLineEdit>(dialog, "databaseEdit")->setText(address.databaseName);
        field<QLineEdit>(dialog, "userEdit")->setText(address.user);
        field<QLineEdit>(dialog, "passwordEdit")->setText(password);
    }

    static void click(ConnectionDialog *dialog, const char *button)
    {
        QTest::mouseClick(field<QPushButton>(dialog, button), Qt::LeftButton);
    }

private Q_SLOTS:
    void initTestCase()
    {
        QStandardPaths::setTestModeEnabled(true);
        CONCORD_REQUIRE_BACKEND();
    }

    void init()
    {
        QSettings().clear();
        if (onPostgreSQL()) {
            QString error;
            m_db = demoDatabase(&error);
            QVERIFY2(m_db, qPrintable(error));
        }
        m_window = std::make_unique<MainWindow>();
        m_window->show();
        QVERIFY(QTest::qWaitForWindowExposed(m_window.get()));
    }

    void cleanup()
    {
        m_window.reset();
        m_db.reset();
    }

    void aPastedUrlFillsTheFields()
    {
        ConnectionDialog *dialog = openDialog();
        QVERIFY(dialog);
        // When I paste a URL that even holds a password
        field<QLineEdit>(dialog, "urlEdit")->setText(u"postgresql://ann:s3cret@db.example.com:6543/sales?sslmode=verify-full"_s);
        // Then every field is filled, the password moves to its own field and leaves the URL
        QCOMPARE(field<QLineEdit>(dialog, "hostEdit")->text(), u"db.example.com"_s);
        QCOMPARE(field<QSpinBox>(dialog, "portSpin")->value(), 6543);
        QCOMPARE(field<QLineEdit>(dialog, "databaseEdit")->text(), u"sales"_s);
        QCOMPARE(field<QLineEdit>(dialog, "userEdit")->text(), u"ann"_s);
        QCOMPARE(field<QComboBox>(dialog, "sslModeCombo")->currentText(), u"verify-full"_s);
        QCOMPARE(dialog->password(), u"s3cret"_s);
        QVERIFY(!field<QLineEdit>(dialog, "urlEdit")->text().contains("s3cret"_L1));
        QCOMPARE(dialog->address().toString(), u"postgresql://ann@db.example.com:6543/sales?sslmode=verify-full"_s);
        // and the SSL modes are libpq's
        QComboBox *modes = field<QComboBox>(dialog, "sslModeCombo");
        QStringList names;
        for (int i = 0; i < modes->count(); ++i)
            names << modes->itemText(i);
        QCOMPARE(names, (QStringList{u"disable"_s, u"allow"_s, u"prefer"_s, u"require"_s, u"verify-ca"_s, u"verify-full"_s}));
    }

    // Issue #14: a failover address pasted with a password keeps every host, each with its port.
    void aPastedMultiHostUrlKeepsEveryHost()
    {
        ConnectionDialog dialog;
        // When I paste a two-host URL that holds a password
        QVERIFY(dialog.setUrl(u"postgresql://ann:s3cret@db1:6543,[::1]/sales?target_session_attrs=read-write"_s));
        // Then the host field lists both hosts, the password moves to its field
        QCOMPARE(field<QLineEdit>(&dialog, "hostEdit")->text(), u"db1:6543,[::1]"_s);
        QCOMPARE(dialog.password(), u"s3cret"_s);
        // ...and the address keeps both, a host without a port taking the port field's
        QCOMPARE(dialog.address().toString(),
                 u"postgresql://ann@db1:6543,[::1]:6543/sales?target_session_attrs=read-write"_s);
        // When I type a host list myself
        field<QLineEdit>(&dialog, "hostEdit")->setText(u"a, b:7000"_s);
        field<QSpinBox>(&dialog, "portSpin")->setValue(5432);
        QCOMPARE(dialog.address().hostListText(), u"a:5432,b:7000"_s);
        QCOMPARE(dialog.address().displayName(), u"sales@a,b"_s);
    }

    void aUrlThatIsNoAddressIsRefused()
    {
        ConnectionDialog dialog;
        dialog.setAddress(DatabaseAddress::parse(u"postgresql://ann@db/sales"_s).value());
        QVERIFY(!dialog.setUrl(u"postgresql://ann@db/sales?bogus=1"_s));
        QVERIFY(!dialog.setUrl(u"sqlite:/tmp/x.sqlite"_s));
        QCOMPARE(field<QLineEdit>(&dialog, "hostEdit")->text(), u"db"_s); // left alone
    }

    void testConnectionReportsSuccessAndFailure()
    {
        if (!onPostgreSQL())
            QSKIP("needs the PostgreSQL server");
        ConnectionDialog *dialog = openDialog();
        fillIn(dialog, m_db->address(), QString()); // the password comes from PGPASSWORD
        // When I click Test Connection with the right fields
        click(dialog, "testButton");
        // Then the dialog says so, with the server's version, and stays open
        QVERIFY2(dialog->resultText().startsWith("Connected to"_L1), qPrintable(dialog->resultText()));
        QVERIFY(dialog->resultText().contains("PostgreSQL"_L1));
        QVERIFY(field<QLabel>(dialog, "resultLabel")->isVisible());
        QVERIFY(dialog->isVisible());
        QVERIFY(!m_window->model()); // a test opens nothing in the window
        // When the port is wrong
        field<QSpinBox>(dialog, "portSpin")->setValue(1);
        click(dialog, "testButton");
        QVERIFY2(dialog->resultText().startsWith("Connection failed"_L1), qPrintable(dialog->resultText()));
        // and with a wrong password
        fillIn(dialog, m_db->address(), u"wrong"_s);
        click(dialog, "testButton");
        QVERIFY2(dialog->resultText().contains("password"_L1), qPrintable(dialog->resultText()));
    }

    void aWrongPortOrPasswordIsCorrectedInTheDialog()
    {
        if (!onPostgreSQL())
            QSKIP("needs the PostgreSQL server");
        ConnectionDialog *dialog = openDialog();
        // When I connect with a wrong port
        DatabaseAddress wrong = m_db->address();
        wrong.port = 1;
        fillIn(dialog, wrong, password());
        click(dialog, "connectButton");
        // Then the dialog stays, saying why, and the window still welcomes
        QVERIFY(dialog->isVisible());
        QVERIFY2(dialog->resultText().contains("Cannot connect"_L1), qPrintable(dialog->resultText()));
        QVERIFY(m_window->isWelcomeShown());
        // When I fix the port but mistype the password
        fillIn(dialog, m_db->address(), u"wrong-"_s + password());
        click(dialog, "connectButton");
        QVERIFY(dialog->isVisible());
        QVERIFY2(dialog->resultText().contains("password"_L1), qPrintable(dialog->resultText()));
        QVERIFY(field<QLineEdit>(dialog, "passwordEdit")->hasFocus() || !QApplication::focusWidget());
        // When I type the right one
        field<QLineEdit>(dialog, "passwordEdit")->setText(password());
        click(dialog, "connectButton");
        // Then the dialog closes and the grid shows the database
        QTRY_VERIFY(!m_window->welcomeView()->connectionDialog());
        QVERIFY(!m_window->isWelcomeShown());
        QCOMPARE(m_window->model()->tableName(), u"customers"_s);
        QCOMPARE(m_window->address().toString(), m_db->addressText());
        QCOMPARE(AppSettings().recentDatabases(), QStringList{m_db->addressText()});
    }

    void theWindowAsksAgainForARefusedPassword()
    {
        if (!onPostgreSQL())
            QSKIP("needs the PostgreSQL server");
        // Given libpq finds no password of its own (no PGPASSWORD, no pgpass file)
        const QByteArray saved = qgetenv("PGPASSWORD");
        const QByteArray savedFile = qgetenv("PGPASSFILE");
        qunsetenv("PGPASSWORD");
        qputenv("PGPASSFILE", "/nonexistent/pgpass");
        const auto restore = qScopeGuard([&] {
            qputenv("PGPASSWORD", saved);
            qputenv("PGPASSFILE", savedFile);
        });
        // When I open the database from the recent list, and mistype the password I am asked for
        QStringList prompts;
        const QString right = QString::fromUtf8(saved);
        whenModal<QInputDialog>([&prompts, right](QInputDialog *first) {
            prompts << first->labelText();
            whenModal<QInputDialog>([&prompts, right, first](QInputDialog *second) {
                if (second == first && !second->isVisible())
                    return;
                prompts << second->labelText();
                second->setTextValue(right);
                second->accept();
            });
            first->setTextValue(u"wrong"_s);
            first->accept();
        });
        const auto opened = m_window->welcomeView()->openRecent(m_db->addressText());
        // Then I am asked again, told the first was refused, and the second opens the database
        QVERIFY_RESULT(opened);
        QCOMPARE(prompts.size(), 2);
        QVERIFY(!prompts.at(0).contains("not accepted"_L1));
        QVERIFY(prompts.at(1).contains("not accepted"_L1));
        QCOMPARE(m_window->model()->tableName(), u"customers"_s);
        // and the password is kept nowhere but in the connection
        QSettings settings;
        settings.sync();
        QFile file(settings.fileName());
        QVERIFY(file.open(QIODevice::ReadOnly));
        QVERIFY(!file.readAll().contains(saved));
    }

    void cancellingThePromptLeavesTheWelcomeViewWithTheReason()
    {
        if (!onPostgreSQL())
            QSKIP("needs the PostgreSQL server");
        const QByteArray saved = qgetenv("PGPASSWORD");
        const QByteArray savedFile = qgetenv("PGPASSFILE");
        qunsetenv("PGPASSWORD");
        qputenv("PGPASSFILE", "/nonexistent/pgpass");
        const auto restore = qScopeGuard([&] {
            qputenv("PGPASSWORD", saved);
            qputenv("PGPASSFILE", savedFile);
        });
        whenModal<QInputDialog>([](QInputDialog *prompt) { prompt->reject(); });
        QVERIFY(!m_window->welcomeView()->openRecent(m_db->addressText()));
        QVERIFY(m_window->isWelcomeShown());
        QVERIFY(m_window->welcomeView()->message().contains("No password"_L1));
    }
};

QTEST_MAIN(tst_ConnectionDialog)
#include "tst_connectiondialog.moc"
