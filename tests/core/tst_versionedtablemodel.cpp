#include <QTest>
class tst_VersionedTableModel : public QObject { Q_OBJECT private Q_SLOTS: void nothing() {} };
QTEST_GUILESS_MAIN(tst_VersionedTableModel)
#include "tst_versionedtablemodel.moc"
