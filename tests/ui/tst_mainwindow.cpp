// placeholder
#include <QTest>
class tst_MainWindow : public QObject { Q_OBJECT private Q_SLOTS: void nothing() {} };
QTEST_MAIN(tst_MainWindow)
#include "tst_mainwindow.moc"
