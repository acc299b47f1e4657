// SPDX-License-Identifier: MIT
// SPDX-FileCopyrightText: 2026 Concord developers
#include "journalprompt.h"

#include <core/text.h>
#include <core/db/databaseaddress.h>
#include <core/model/editjournal.h>
#include <core/model/versionedtablemodel.h>

#include <QFile>
#include <QLocale>
#include <QMessageBox>
#include <QPushButton>
#include <QWidget>

namespace Concord {

JournalPrompt::JournalPrompt(QWidget *window)
    : QObject(window)
    , m_window(window)
{
}

JournalPrompt::~JournalPrompt() = default;

QMessageBox *JournalPrompt::question() const
{
    return m_question;
}

void JournalPrompt::watch(VersionedTableModel *model, const DatabaseAddress &address)
{
    stop();
    m_model = model;
    const QString path = EditJournal::pathFor(address, model->tableName());
    // An earlier session's edits are read before this session's journal can overwrite them.
    if (QFile::exists(path))
        offer(path);
    m_journal = new EditJournal(model, address, path, this);
}

void JournalPrompt::discardEdits()
{
    if (m_journal)
        m_journal->discard();
}

void JournalPrompt::stop()
{
    if (m_question)
        m_question->reject();
    if (m_journal && m_model && m_model->pendingRows().isEmpty())
        m_journal->discard(); // a save just before closing may not have rewritten it yet
    delete m_journal;
    m_journal = nullptr;
    m_model = nullptr;
}

void JournalPrompt::offer(const QString &path)
{
    const auto journal = Journal::read(path);
    auto *box = new QMessageBox(m_window);
    box->setObjectName(QStringLiteral("restoreJournalMessage"));
    box->setAttribute(Qt::WA_DeleteOnClose);
    box->setWindowTitle(tr("Unsaved edits from the last session"));
    if (!journal) {
        // Never guessed at, never deleted: the file stays for the user to look at.
        box->setIcon(QMessageBox::Warning);
        box->setText(tr("Concord kept unsaved edits of this table, but cannot read them."));
        box->setInformativeText(journal.error().message);
        box->setStandardButtons(QMessageBox::Ok);
        m_question = box;
        box->open();
        return;
    }
    box->setIcon(QMessageBox::Question);
    box->setText(countText(journal.value().entries.size(), tr("Concord closed with %1 unsaved edit of %2."),
                           tr("Concord closed with %1 unsaved edits of %2."))
                     .arg(journal.value().table));
    box->setInformativeText(tr("Kept on %1. Restore them? Records someone changed since are listed, not overwritten.")
                                .arg(QLocale().toString(journal.value().savedAt.toLocalTime(), QLocale::ShortFormat)));
    QPushButton *restoreButton = box->addButton(tr("&Restore"), QMessageBox::AcceptRole);
    restoreButton->setObjectName(QStringLiteral("restoreJournalButton"));
    QPushButton *discardButton = box->addButton(tr("&Discard"), QMessageBox::DestructiveRole);
    discardButton->setObjectName(QStringLiteral("discardJournalButton"));
    box->setDefaultButton(restoreButton);
    // The journal as read now: edits made while the question is open rewrite the file.
    const Journal kept = journal.value();
    connect(restoreButton, &QPushButton::clicked, this, [this, kept] { restore(kept); });
    connect(discardButton, &QPushButton::clicked, this, [this, path] {
        if (!m_model || m_model->pendingRows().isEmpty())
            QFile::remove(path);
    });
    m_question = box;
    box->open();
}

void JournalPrompt::restore(const Journal &journal)
{
    if (!m_model)
        return;
    const auto done = EditJournal::restore(*m_model, journal);
    if (!done)
        return report({done.error().message});
    emit restored(done.value().restored);
    if (!done.value().notRestored.isEmpty())
        report(done.value().notRestored);
}

void JournalPrompt::report(const QStringList &notRestored)
{
    auto *box = new QMessageBox(QMessageBox::Information, tr("Some edits were not restored"),
                                countText(notRestored.size(), tr("%1 edit was not restored:"), tr("%1 edits were not restored:")),
                                QMessageBox::Ok, m_window);
    box->setObjectName(QStringLiteral("journalReportMessage"));
    box->setAttribute(Qt::WA_DeleteOnClose);
    box->setInformativeText(notRestored.join(u'\n'));
    box->setDetailedText(notRestored.join(u'\n'));
    box->open();
}

} // namespace Concord
