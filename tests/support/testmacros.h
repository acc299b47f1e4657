// SPDX-License-Identifier: MIT
// SPDX-FileCopyrightText: 2026 Concord developers
#pragma once

#include <QTest>

/// Verifies a QSqlQuery/QSqlDatabase/model call and prints its lastError() when it fails.
#define QVERIFY_SQL(object, call) QVERIFY2((object).call, qPrintable((object).lastError().text()))

/// Verifies a Concord::Result and prints its error message when it failed.
#define QVERIFY_RESULT(expression)                                                                     \
    do {                                                                                               \
        const auto &concordResult_ = (expression);                                                     \
        QVERIFY2(concordResult_.ok(), qPrintable(concordResult_.error().message));                     \
    } while (false)
