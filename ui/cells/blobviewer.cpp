// SPDX-License-Identifier: MIT
// SPDX-FileCopyrightText: 2026 Concord developers
#include "blobviewer.h"

#include <ui/cells/cellface.h>
#include <ui/cells/hexmodel.h>

#include <QBuffer>
#include <QDialogButtonBox>
#include <QDir>
#include <QFile>
#include <QFileDialog>
#include <QFontDatabase>
#include <QHeaderView>
#include <QImageReader>
#include <QLabel>
#include <QPainter>
#include <QPlainTextEdit>
#include <QPushButton>
#include <QSaveFile>
#include <QStringDecoder>
#include <QTabWidget>
#include <QTableView>
#include <QVBoxLayout>

using namespace Qt::StringLiterals;

namespace Concord {

namespace {

// The image, scaled to fit and centred on a checkerboard that shows transparency.
class ImageView : public QWidget
{
public:
    explicit ImageView(QWidget *parent = nullptr)
        : QWidget(parent)
    {
        setObjectName(u"blobImage"_s);
        setMinimumSize(120, 90);
    }
    void setImage(const QImage &image)
    {
        m_image = image;
        update();
    }

protected:
    void paintEvent(QPaintEvent *) override
    {
        QPainter painter(this);
        if (m_image.isNull())
            return;
        QSize size = m_image.size();
        if (size.width() > width() - 16 || size.height() > height() - 16)
            size.scale(width() - 16, height() - 16, Qt::KeepAspectRatio);
        const QRect target(QPoint((width() - size.width()) / 2, (height() - size.height()) / 2), size);
        QPixmap checker(16, 16);
        checker.fill(QColor(0xee, 0xee, 0xee));
        QPainter(&checker).fillRect(0, 0, 8, 8, QColor(0xd8, 0xd8, 0xd8));
        QPainter(&checker).fillRect(8, 8, 8, 8, QColor(0xd8, 0xd8, 0xd8));
        painter.fillRect(target, QBrush(checker));
        painter.setRenderHint(QPainter::SmoothPixmapTransform);
        painter.drawImage(target, m_image);
    }

private:
    QImage m_image;
};

QImage imageOf(const QByteArray &bytes)
{
    QBuffer buffer;
    buffer.setData(bytes);
    buffer.open(QIODevice::ReadOnly);
    QImageReader reader(&buffer);
    return reader.canRead() ? reader.read() : QImage();
}

} // namespace

BlobViewer::BlobViewer(const QString &column, const QByteArray &bytes, bool isNull, bool editable, QWidget *parent)
    : QDialog(parent)
    , m_column(column)
    , m_bytes(bytes)
    , m_isNull(isNull)
{
    setObjectName(u"blobViewer"_s);
    setWindowTitle(tr("Blob — %1").arg(column));
    m_hex = new HexModel(this);
    createLayout(editable);
    showBytes();
    resize(760, 520);
}

BlobViewer::~BlobViewer() = default;

void BlobViewer::createLayout(bool editable)
{
    m_summary = new QLabel;
    m_summary->setObjectName(u"blobSummary"_s);
    QFont bold = m_summary->font();
    bold.setBold(true);
    m_summary->setFont(bold);

    m_tabs = new QTabWidget;
    m_tabs->setObjectName(u"blobTabs"_s);
    m_tabs->setDocumentMode(true);
    m_tabs->addTab(createHexTab(), tr("&Hex"));
    m_text = new QPlainTextEdit;
    m_text->setObjectName(u"blobText"_s);
    m_text->setReadOnly(true);
    m_tabs->addTab(m_text, tr("&Text"));
    m_imageView = new ImageView;
    m_tabs->addTab(m_imageView, tr("I&mage"));
    connect(m_tabs, &QTabWidget::currentChanged, this, &BlobViewer::showTextIfNeeded);

    m_status = new QLabel;
    m_status->setObjectName(u"blobStatus"_s);
    m_status->setWordWrap(true);
    auto *buttons = new QDialogButtonBox(QDialogButtonBox::Close);
    m_import = buttons->addButton(tr("&Import from File…"), QDialogButtonBox::ActionRole);
    m_import->setObjectName(u"blobImportButton"_s);
    m_import->setVisible(editable);
    m_import->setToolTip(tr("Replace the cell's bytes with a file's, as an unsaved edit"));
    m_export = buttons->addButton(tr("&Export to File…"), QDialogButtonBox::ActionRole);
    m_export->setObjectName(u"blobExportButton"_s);
    m_export->setToolTip(tr("Write the bytes to a file, exactly as stored"));
    connect(m_import, &QPushButton::clicked, this, &BlobViewer::chooseImportFile);
    connect(m_export, &QPushButton::clicked, this, &BlobViewer::chooseExportFile);
    connect(buttons, &QDialogButtonBox::rejected, this, &QDialog::reject);

    auto *layout = new QVBoxLayout(this);
    layout->addWidget(m_summary);
    layout->addWidget(m_tabs, 1);
    layout->addWidget(m_status);
    layout->addWidget(buttons);
}

QWidget *BlobViewer::createHexTab()
{
    m_hexView = new QTableView;
    m_hexView->setObjectName(u"blobHex"_s);
    m_hexView->setModel(m_hex);
    const QFont fixed = QFontDatabase::systemFont(QFontDatabase::FixedFont);
    m_hexView->setFont(fixed);
    m_hexView->setShowGrid(false);
    m_hexView->setWordWrap(false);
    m_hexView->setAlternatingRowColors(true);
    m_hexView->setSelectionBehavior(QAbstractItemView::SelectRows);
    m_hexView->verticalHeader()->hide();
    // Fixed row heights: the view never measures 655,360 rows of a 10 MB blob.
    m_hexView->verticalHeader()->setSectionResizeMode(QHeaderView::Fixed);
    m_hexView->verticalHeader()->setDefaultSectionSize(QFontMetrics(fixed).height() + 4);
    const QFontMetrics metrics(fixed);
    const int margin = 16;
    m_hexView->horizontalHeader()->resizeSection(HexModel::OffsetColumn, metrics.horizontalAdvance(u"00000000"_s) + margin);
    m_hexView->horizontalHeader()->resizeSection(HexModel::HexColumn,
                                                 metrics.horizontalAdvance(QString(HexModel::bytesPerRow * 3 + 1, u'0')) + margin);
    m_hexView->horizontalHeader()->setStretchLastSection(true);
    m_hexView->horizontalHeader()->setDefaultAlignment(Qt::AlignLeft | Qt::AlignVCenter);
    return m_hexView;
}

QString BlobViewer::summary() const
{
    if (m_isNull)
        return tr("NULL: no bytes. Import from File… gives the cell some.");
    QString text = CellFace::blobLabel(m_bytes, locale());
    if (!m_image.isNull())
        text += tr(" · %1 × %2 pixels").arg(m_image.width()).arg(m_image.height());
    return text;
}

void BlobViewer::showBytes()
{
    m_hex->setBytes(m_bytes);
    m_image = imageOf(m_bytes);
    static_cast<ImageView *>(m_imageView)->setImage(m_image);
    m_tabs->setTabEnabled(2, !m_image.isNull());
    QStringDecoder check(QStringDecoder::Utf8, QStringDecoder::Flag::Stateless);
    const QString decoded = check.decode(m_bytes); // decode() is lazy: the QString decodes
    m_tabs->setTabEnabled(1, !check.hasError()); // bytes that are no text offer no Text tab
    m_textShown = false;
    m_text->clear();
    m_summary->setText(summary());
    m_export->setEnabled(!m_isNull);
    m_tabs->setCurrentIndex(m_image.isNull() ? 0 : 2);
    showTextIfNeeded();
}

// The text is decoded when its tab is first shown: a 10 MB blob needs no text until asked.
void BlobViewer::showTextIfNeeded()
{
    if (m_textShown || m_tabs->currentWidget() != m_text)
        return;
    m_textShown = true;
    QStringDecoder decoder(QStringDecoder::Utf8, QStringDecoder::Flag::Stateless);
    const QString text = decoder.decode(m_bytes);
    if (decoder.hasError()) {
        m_text->setPlaceholderText(tr("These bytes are not UTF-8 text; see Hex."));
        m_text->clear();
    } else {
        m_text->setPlainText(text);
    }
}

void BlobViewer::showStatus(const QString &text)
{
    m_status->setText(text);
}

Result<void> BlobViewer::importFile(const QString &path)
{
    QFile file(path);
    if (!file.open(QIODevice::ReadOnly)) {
        const QString reason = tr("Cannot read %1: %2").arg(QDir::toNativeSeparators(path), file.errorString());
        showStatus(reason);
        return makeError(ErrorCode::NotFound, reason);
    }
    m_bytes = file.readAll();
    m_isNull = false;
    showBytes();
    showStatus(tr("Imported %1. The cell holds it as an unsaved edit: Save writes it, Undo takes it back.")
                   .arg(QDir::toNativeSeparators(path)));
    emit bytesImported(m_bytes);
    return {};
}

Result<void> BlobViewer::exportFile(const QString &path) const
{
    QSaveFile file(path);
    if (!file.open(QIODevice::WriteOnly) || file.write(m_bytes) != m_bytes.size() || !file.commit()) {
        const QString reason = tr("Cannot write %1: %2").arg(QDir::toNativeSeparators(path), file.errorString());
        m_status->setText(reason);
        return makeError(ErrorCode::InvalidArgument, reason);
    }
    m_status->setText(tr("Wrote %1 to %2.").arg(CellFace::blobLabel(m_bytes, locale()), QDir::toNativeSeparators(path)));
    return {};
}

void BlobViewer::chooseImportFile()
{
    auto *dialog = new QFileDialog(this, tr("Import from File"));
    dialog->setObjectName(u"blobFileDialog"_s);
    // Qt's own dialog: the same on every desktop, and one that tests can fill in.
    dialog->setOption(QFileDialog::DontUseNativeDialog);
    dialog->setFileMode(QFileDialog::ExistingFile);
    dialog->setAcceptMode(QFileDialog::AcceptOpen);
    dialog->setAttribute(Qt::WA_DeleteOnClose);
    connect(dialog, &QFileDialog::fileSelected, this, [this](const QString &path) { importFile(path); });
    dialog->open();
}

void BlobViewer::chooseExportFile()
{
    auto *dialog = new QFileDialog(this, tr("Export to File"));
    dialog->setObjectName(u"blobFileDialog"_s);
    dialog->setOption(QFileDialog::DontUseNativeDialog);
    dialog->setFileMode(QFileDialog::AnyFile);
    dialog->setAcceptMode(QFileDialog::AcceptSave);
    const QString format = CellFace::imageFormatOf(m_bytes).toLower();
    dialog->selectFile(m_column + (format.isEmpty() ? u".bin"_s : u"."_s + (format == "jpeg"_L1 ? u"jpg"_s : format)));
    dialog->setAttribute(Qt::WA_DeleteOnClose);
    connect(dialog, &QFileDialog::fileSelected, this, [this](const QString &path) { exportFile(path); });
    dialog->open();
}

} // namespace Concord
