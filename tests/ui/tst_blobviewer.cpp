// SPDX-License-Identifier: MIT
// SPDX-FileCopyrightText: 2026 Concord developers
//
// Issue #12: blobs are shown by size and kind, never as bytes, and looked at in the blob viewer
// (hex, text, image), exported to a file and imported back byte for byte as an undoable pending
// edit. Runs on SQLite and PostgreSQL (tst_blobviewer_postgresql).
#include <core/model/versionedtablemodel.h>
#include <tests/support/scratchdatabase.h>
#include <tests/support/testmacros.h>
#include <ui/cells/blobviewer.h>
#include <ui/cells/cellface.h>
#include <ui/cells/hexmodel.h>
#include <ui/editor/cellactions.h>
#include <ui/editor/journalprompt.h>
#include <ui/editor/mainwindow.h>
#include <ui/editor/recorddelegate.h>
#include <ui/widgets/celleditor.h>

#include <QAbstractItemModelTester>
#include <QAction>
#include <QApplication>
#include <QBuffer>
#include <QElapsedTimer>
#include <QFile>
#include <QFileDialog>
#include <QImage>
#include <QMenu>
#include <QPlainTextEdit>
#include <QPushButton>
#include <QRandomGenerator>
#include <QSqlQuery>
#include <QStandardPaths>
#include <QTabWidget>
#include <QTableView>
#include <QTemporaryDir>
#include <QTest>

#include <memory>

using namespace Concord;
using namespace Concord::Test;
using namespace Qt::StringLiterals;

namespace {

// A PNG of noise, which does not compress: about 100 kB.
QByteArray noisePng()
{
    QImage image(185, 185, QImage::Format_RGB32);
    QRandomGenerator random(12);
    for (int y = 0; y < image.height(); ++y) {
        for (int x = 0; x < image.width(); ++x)
            image.setPixel(x, y, random.generate() | 0xff000000u);
    }
    QByteArray bytes;
    QBuffer buffer(&bytes);
    buffer.open(QIODevice::WriteOnly);
    image.save(&buffer, "PNG");
    return bytes;
}

QByteArray pattern(int size)
{
    QByteArray bytes(size, Qt::Uninitialized);
    for (int i = 0; i < size; ++i)
        bytes[i] = char(i % 251);
    return bytes;
}

} // namespace

class tst_BlobViewer : public QObject
{
    Q_OBJECT

private:
    std::unique_ptr<ScratchDatabase> m_db;
    std::unique_ptr<MainWindow> m_window;
    QSqlDatabase m_other;
    QByteArray m_png;
    QTemporaryDir m_files;

    VersionedTableModel *model() const { return m_window->model(); }
    QTableView *grid() const { return m_window->grid(); }
    QModelIndex cell(int row) const { return model()->index(row, model()->fieldIndex(u"data"_s)); }

    QByteArray stored(int id)
    {
        QSqlQuery query(m_other);
        if (!query.exec(u"SELECT data FROM files WHERE id = %1"_s.arg(id)) || !query.next())
            return "<no row>";
        return query.value(0).toByteArray();
    }
    QString shown(const QModelIndex &index) const
    {
        QStyleOptionViewItem option;
        option.initFrom(grid()->viewport());
        option.widget = grid();
        option.locale = grid()->locale();
        option.rect = grid()->visualRect(index);
        return static_cast<RecordDelegate *>(grid()->itemDelegate())->shownText(option, index);
    }
    // Enter on the cell, as a user opens the viewer.
    BlobViewer *openViewer(int row)
    {
        grid()->setFocus();
        grid()->setCurrentIndex(cell(row));
        QTest::keyClick(grid(), Qt::Key_Return);
        BlobViewer *viewer = m_window->cellActions()->blobViewer();
        if (viewer && !QTest::qWaitForWindowExposed(viewer))
            return nullptr;
        return viewer;
    }
    // Clicks \a button and fills in the file dialog it opens with \a path.
    bool chooseFile(BlobViewer *viewer, const char *button, const QString &path)
    {
        QTest::mouseClick(viewer->findChild<QPushButton *>(QLatin1String(button)), Qt::LeftButton);
        auto *dialog = viewer->findChild<QFileDialog *>(u"blobFileDialog"_s);
        if (!dialog || !dialog->testOption(QFileDialog::DontUseNativeDialog))
            return false;
        dialog->selectFile(path);
        static_cast<QDialog *>(dialog)->accept(); // as its Open or Save button does
        return true;
    }

private Q_SLOTS:
    void initTestCase()
    {
        QStandardPaths::setTestModeEnabled(true);
        CONCORD_REQUIRE_BACKEND();
        m_png = noisePng();
        QVERIFY(m_png.size() > 90000);
    }

    void init()
    {
        m_db = std::make_unique<ScratchDatabase>();
        QCOMPARE(m_db->create(backendUnderTest()), QString());
        m_other = m_db->open(u"other"_s);
        const QString blob = backendUnderTest() == Backend::SQLite ? u"BLOB"_s : u"bytea"_s;
        QCOMPARE(m_db->exec({u"CREATE TABLE files (id INTEGER PRIMARY KEY, name TEXT, data %1, "
                              "version INTEGER NOT NULL DEFAULT 1)"_s.arg(blob)}),
                 QString());
        QSqlQuery insert(m_other);
        QVERIFY(insert.prepare(u"INSERT INTO files (id, name, data, version) VALUES (?, ?, ?, 1)"_s));
        const QList<QPair<QString, QVariant>> rows{{u"picture"_s, m_png},
                                                   {u"pattern"_s, pattern(102400)},
                                                   {u"empty"_s, QVariant(QMetaType::fromType<QByteArray>())}};
        for (int i = 0; i < rows.size(); ++i) {
            insert.addBindValue(i + 1);
            insert.addBindValue(rows.at(i).first);
            insert.addBindValue(rows.at(i).second);
            QVERIFY2(insert.exec(), qPrintable(insert.lastError().text()));
        }
        m_window = std::make_unique<MainWindow>();
        QVERIFY_RESULT(m_window->openAddress(m_db->address()));
        m_window->show();
        QVERIFY(QTest::qWaitForWindowExposed(m_window.get()));
        QVERIFY(m_window->showTable(u"files"_s));
        grid()->setLocale(QLocale(QLocale::English, QLocale::UnitedStates));
    }

    void cleanup()
    {
        if (m_window && model())
            m_window->journalPrompt()->discardEdits();
        m_window.reset();
        m_other = {};
        m_db.reset();
    }

    void blobsAreShownBySizeAndKindNeverAsBytes()
    {
        QCOMPARE(shown(cell(0)), u"image (PNG), %1 bytes"_s.arg(QLocale(QLocale::English).toString(m_png.size())));
        QCOMPARE(shown(cell(1)), u"blob, 102,400 bytes"_s);
        QCOMPARE(shown(cell(2)), u"NULL"_s);
        QCOMPARE(CellFace::blobLabel(QByteArray("\xff\xd8\xff\xe0", 4), QLocale::c()), u"image (JPEG), 4 bytes"_s);
        QCOMPARE(CellFace::blobLabel("GIF89a!", QLocale::c()), u"image (GIF), 7 bytes"_s);
        QCOMPARE(CellFace::blobLabel("x", QLocale::c()), u"blob, 1 byte"_s);
        // And a blob cell is not typed into: F2 opens no text editor
        grid()->setFocus();
        grid()->setCurrentIndex(cell(1));
        QTest::keyClick(grid(), Qt::Key_F2);
        QVERIFY(!grid()->findChild<CellEditor *>());
        QCOMPARE(QApplication::focusWidget(), grid());
    }

    void theViewerShowsHexAndTheImage()
    {
        BlobViewer *viewer = openViewer(0);
        QVERIFY(viewer);
        QVERIFY(viewer->summary().startsWith(u"image (PNG), "_s));
        QVERIFY2(viewer->summary().endsWith(u" · 185 × 185 pixels"_s), qPrintable(viewer->summary()));
        QCOMPARE(viewer->tabs()->currentIndex(), 2); // the image, scaled to fit
        QCOMPARE(viewer->image().size(), QSize(185, 185));
        // The hex view's first line: offset, 16 bytes in two groups of 8, ASCII
        HexModel *hex = viewer->hexModel();
        QAbstractItemModelTester tester(hex, QAbstractItemModelTester::FailureReportingMode::QtTest);
        hex->setBytes(hex->bytes()); // a reset, watched by the tester
        QCOMPARE(hex->index(0, HexModel::OffsetColumn).data().toString(), u"00000000"_s);
        QCOMPARE(hex->index(0, HexModel::HexColumn).data().toString(), u"89 50 4e 47 0d 0a 1a 0a  00 00 00 0d 49 48 44 52"_s);
        QCOMPARE(hex->index(0, HexModel::AsciiColumn).data().toString(), u".PNG........IHDR"_s);
        QCOMPARE(hex->rowCount(), int((m_png.size() + 15) / 16));
        QCOMPARE(hex->index(1, HexModel::OffsetColumn).data().toString(), u"00000010"_s);
        viewer->reject();
    }

    void aBlobIsExportedAndImportedByteForByte()
    {
        // Given the PNG exported through the viewer's file dialog
        const QString path = m_files.filePath(u"picture.png"_s);
        BlobViewer *viewer = openViewer(0);
        QVERIFY(viewer);
        QVERIFY(chooseFile(viewer, "blobExportButton", path));
        QFile exported(path);
        QVERIFY(exported.open(QIODevice::ReadOnly));
        QCOMPARE(exported.readAll(), m_png);
        viewer->reject();
        QTRY_VERIFY(!m_window->cellActions()->blobViewer());

        // When it is imported into the NULL cell of row 3
        viewer = openViewer(2);
        QVERIFY(viewer);
        QVERIFY(chooseFile(viewer, "blobImportButton", path));
        // Then the viewer shows it and the cell holds it as a pending edit
        QTRY_COMPARE(viewer->bytes(), m_png);
        QCOMPARE(cell(2).data(Qt::EditRole).toByteArray(), m_png);
        QCOMPARE(model()->pendingRows(), QList<int>{2});
        viewer->reject();
        QTRY_VERIFY(!m_window->cellActions()->blobViewer());
        // Undo takes it back, Redo brings it again (shortcuts reach the active window only)
        m_window->activateWindow();
        QVERIFY(QTest::qWaitForWindowActive(m_window.get()));
        QTest::keySequence(grid(), QKeySequence(Qt::CTRL | Qt::Key_Z));
        QVERIFY(cell(2).data(Qt::EditRole).isNull());
        QTest::keySequence(grid(), QKeySequence(Qt::CTRL | Qt::SHIFT | Qt::Key_Z));
        QCOMPARE(cell(2).data(Qt::EditRole).toByteArray(), m_png);
        // And saving stores the same bytes, read back by another connection
        QTest::keySequence(m_window.get(), QKeySequence::Save);
        QTRY_VERIFY(model()->pendingRows().isEmpty());
        QCOMPARE(stored(3), m_png);
        QCOMPARE(stored(1), m_png);
    }

    void aDoubleClickAndViewBlobOpenTheViewerToo()
    {
        // A double-click on the cell (QTest's double-click is its second click only)
        QTest::mouseClick(grid()->viewport(), Qt::LeftButton, {}, grid()->visualRect(cell(1)).center());
        QTest::mouseDClick(grid()->viewport(), Qt::LeftButton, {}, grid()->visualRect(cell(1)).center());
        QTRY_VERIFY(m_window->cellActions()->blobViewer());
        QCOMPARE(m_window->cellActions()->blobViewer()->bytes(), pattern(102400));
        QVERIFY(!grid()->findChild<CellEditor *>());
        m_window->cellActions()->blobViewer()->reject();
        QTRY_VERIFY(!m_window->cellActions()->blobViewer());
        // Edit > View Blob… (also in the grid's menu), on the current cell only when it is a blob
        auto *action = m_window->findChild<QAction *>(u"viewBlobAction"_s);
        QVERIFY(m_window->findChild<QMenu *>(u"editMenu"_s)->actions().contains(action));
        QVERIFY(grid()->actions().contains(action));
        grid()->setCurrentIndex(model()->index(0, model()->fieldIndex(u"name"_s)));
        QVERIFY(!action->isEnabled());
        grid()->setCurrentIndex(cell(0));
        QVERIFY(action->isEnabled());
        action->trigger();
        QTRY_VERIFY(m_window->cellActions()->blobViewer());
        QCOMPARE(m_window->cellActions()->blobViewer()->bytes(), m_png);
        m_window->cellActions()->blobViewer()->reject();
    }

    void aFileThatCannotBeReadChangesNothing()
    {
        BlobViewer *viewer = openViewer(1);
        QVERIFY(viewer);
        const auto result = viewer->importFile(m_files.filePath(u"missing.bin"_s));
        QVERIFY(!result);
        QVERIFY(result.error().message.contains(u"missing.bin"_s));
        QCOMPARE(viewer->bytes(), pattern(102400));
        QVERIFY(model()->pendingRows().isEmpty());
        const auto written = viewer->exportFile(m_files.filePath(u"no/such/folder/x.bin"_s));
        QVERIFY(!written);
        viewer->reject();
    }

    void textIsShownWhenItIsUtf8()
    {
        BlobViewer text(u"data"_s, u"héllo\nwörld"_s.toUtf8(), false, false);
        text.tabs()->setCurrentIndex(1);
        QCOMPARE(text.findChild<QPlainTextEdit *>(u"blobText"_s)->toPlainText(), u"héllo\nwörld"_s);
        QVERIFY(!text.tabs()->isTabEnabled(2));
        QVERIFY(text.tabs()->isTabEnabled(1));
        BlobViewer binary(u"data"_s, QByteArray("\xff\xfe\x00\x80", 4), false, false);
        QVERIFY(!binary.tabs()->isTabEnabled(1));
        binary.tabs()->setCurrentIndex(1);
        QVERIFY(binary.findChild<QPlainTextEdit *>(u"blobText"_s)->toPlainText().isEmpty());
        QVERIFY(!binary.findChild<QPlainTextEdit *>(u"blobText"_s)->placeholderText().isEmpty());
    }

    void tenMegabytesOpenAtOnce()
    {
        QByteArray bytes(10 * 1024 * 1024, Qt::Uninitialized);
        QRandomGenerator random(7);
        random.fillRange(reinterpret_cast<quint32 *>(bytes.data()), bytes.size() / 4);
        QElapsedTimer timer;
        timer.start();
        BlobViewer viewer(u"data"_s, bytes, false, true);
        viewer.show();
        QVERIFY(QTest::qWaitForWindowExposed(&viewer));
        QCOMPARE(viewer.hexModel()->rowCount(), 655360);
        auto *hex = viewer.findChild<QTableView *>(u"blobHex"_s);
        hex->scrollToBottom();
        QCoreApplication::processEvents();
        QVERIFY2(timer.elapsed() < 3000, qPrintable(QString::number(timer.elapsed())));
        QCOMPARE(viewer.hexModel()->index(655359, HexModel::OffsetColumn).data().toString(), u"009ffff0"_s);
    }
};

QTEST_MAIN(tst_BlobViewer)
#include "tst_blobviewer.moc"
