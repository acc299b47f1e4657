// SPDX-License-Identifier: MIT
// SPDX-FileCopyrightText: 2026 Concord developers
#pragma once

#include <core/result.h>

#include <QByteArray>
#include <QDialog>
#include <QImage>

class QLabel;
class QPlainTextEdit;
class QPushButton;
class QTabWidget;
class QTableView;

namespace Concord {

class HexModel;

/// "View Blob…": a blob cell's bytes, never edited as text.
///
/// Tabs: Hex (offset, hex and ASCII, a row per 16 bytes from a HexModel: a 10 MB blob opens at
/// once), Text (the bytes as UTF-8, only when they are valid UTF-8) and Image (when QImage reads
/// them, scaled to fit). The title line says what the bytes are ("image (PNG), 12,345 bytes ·
/// 640 × 480").
///
/// Import from File… replaces the bytes with a file's (bytesImported(): the window sets the cell,
/// a pending edit that Undo takes back); Export to File… writes them exactly, through QSaveFile,
/// so that a failed write never leaves half a file. Both use Qt's own file dialog (objectName
/// "blobFileDialog"), which tests fill in; importFile() and exportFile() do the work.
class BlobViewer : public QDialog
{
    Q_OBJECT

public:
    /// \a editable: whether Import from File… is offered (not for a read-only cell).
    BlobViewer(const QString &column, const QByteArray &bytes, bool isNull, bool editable, QWidget *parent = nullptr);
    ~BlobViewer() override;

    QByteArray bytes() const { return m_bytes; }
    /// The title line: the blob label, and the image size for an image.
    QString summary() const;
    HexModel *hexModel() const { return m_hex; }
    QTabWidget *tabs() const { return m_tabs; }
    /// The image the Image tab shows; null when the bytes are no image.
    QImage image() const { return m_image; }

    /// Reads \a path and shows its bytes; emits bytesImported(). Fails with NotFound and the
    /// reason when the file cannot be read (nothing changes then).
    Result<void> importFile(const QString &path);
    /// Writes the bytes to \a path exactly. Fails with InvalidArgument and the reason when the
    /// file cannot be written; an existing file is then left as it was.
    Result<void> exportFile(const QString &path) const;

public Q_SLOTS:
    /// Opens the file dialog for importFile() / exportFile().
    void chooseImportFile();
    void chooseExportFile();

Q_SIGNALS:
    /// The user imported \a bytes from a file: the cell should hold them.
    void bytesImported(const QByteArray &bytes);

private:
    void createLayout(bool editable);
    QWidget *createHexTab();
    void showBytes();
    void showTextIfNeeded();
    void showStatus(const QString &text);

    QString m_column;
    QByteArray m_bytes;
    bool m_isNull = false;
    QImage m_image;
    bool m_textShown = false;
    HexModel *m_hex = nullptr;
    QTabWidget *m_tabs = nullptr;
    QTableView *m_hexView = nullptr;
    QPlainTextEdit *m_text = nullptr;
    QWidget *m_imageView = nullptr;
    QLabel *m_summary = nullptr;
    QLabel *m_status = nullptr;
    QPushButton *m_import = nullptr;
    QPushButton *m_export = nullptr;
};

} // namespace Concord
