// SPDX-License-Identifier: MIT
// SPDX-FileCopyrightText: 2026 Concord developers
#include "recordmodifiederror.h"

#include <core/values/valuecomparison.h>

#include <QCoreApplication>
#include <QSqlField>

using namespace Qt::StringLiterals;

namespace Concord {

QString keyText(const QSqlRecord &key)
{
    QStringList parts;
    for (int i = 0; i < key.count(); ++i)
        parts << key.fieldName(i) + u'=' + key.value(i).toString();
    return parts.join(", "_L1);
}

QString RecordModifiedError::keyText() const
{
    return Concord::keyText(key);
}

QString RecordModifiedError::describe() const
{
    const auto tr = [](const char *text) { return QCoreApplication::translate("Concord::RecordModifiedError", text); };
    if (deletedByOther)
        return tr("Record %1 in %2 was deleted by another user.").arg(keyText(), table);
    QString text = tr("Record %1 in %2 was changed by another user (version %3, now %4).")
                       .arg(keyText(), table,
                            loadedVersion.isNull() ? u"none"_s : loadedVersion.toString(),
                            currentVersion.toString());
    if (!changedByThem.isEmpty())
        text += u' ' + tr("They changed: %1.").arg(changedByThem.join(", "_L1));
    if (!changedByMe.isEmpty())
        text += u' ' + tr("You changed: %1.").arg(changedByMe.join(", "_L1));
    return text;
}

QStringList changedFields(const QSqlRecord &a, const QSqlRecord &b, const QStringList &ignored)
{
    QStringList changed;
    for (int i = 0; i < a.count(); ++i) {
        const QString name = a.fieldName(i);
        if (ignored.contains(name, Qt::CaseInsensitive))
            continue;
        const int j = b.indexOf(name);
        const ValueKind kind = columnKind(a.field(i).metaType(), {a.value(i), b.value(j)});
        if (j < 0 || !sameValue(a.value(i), b.value(j), kind))
            changed << name;
    }
    return changed;
}

} // namespace Concord
