// SPDX-License-Identifier: MIT
// SPDX-FileCopyrightText: 2026 Concord developers
#pragma once

#include <QList>
#include <QSqlDatabase>
#include <QSqlDriver>
#include <QSqlError>
#include <QSqlRecord>
#include <QSqlResult>
#include <QVariant>

#include <memory>

namespace Concord {

/// A driver that only tells QSqlQueryModel "no query size": with it, the model fetches rows
/// lazily (fetchMore()) from a CursorResult instead of sizing itself from the whole result.
class LazyFetchDriver : public QSqlDriver
{
public:
    bool hasFeature(DriverFeature feature) const override { return feature == Unicode; }
    bool open(const QString &, const QString &, const QString &, const QString &, int, const QString &) override
    {
        return false;
    }
    void close() override {}
    QSqlResult *createResult() const override { return nullptr; }
};

/// A result a QSqlQueryModel can browse, read from a PostgreSQL server-side cursor a screenful at
/// a time: the QPSQL driver would otherwise bring the whole result into memory before the first
/// row shows. Rows fetched so far are kept, so that the model can seek back among them; the
/// cursor lives in a read-only transaction of its own connection, closed (and the snapshot
/// released) once the last row has been read.
class CursorResult : public QSqlResult
{
public:
    /// Declares the cursor for \a statement on \a reader (a connection used for nothing else).
    static std::unique_ptr<CursorResult> open(const QSqlDriver *driver, const QSqlDatabase &reader,
                                              const QString &statement, QSqlError *error);
    ~CursorResult() override;

protected:
    QVariant data(int column) override;
    bool isNull(int column) override;
    bool reset(const QString &) override { return false; }
    bool fetch(int row) override;
    bool fetchFirst() override { return fetch(0); }
    bool fetchLast() override;
    int size() override { return -1; }
    int numRowsAffected() override { return -1; }
    QSqlRecord record() const override { return m_record; }

private:
    CursorResult(const QSqlDriver *driver, const QSqlDatabase &reader);
    bool fetchChunk();
    void finish();

    static constexpr int chunkRows = 256;
    QSqlDatabase m_reader;
    QSqlRecord m_record;
    QList<QVariantList> m_rows;
    bool m_open = false; ///< the cursor and its transaction are still open
};

} // namespace Concord
