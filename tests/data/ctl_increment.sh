#!/usr/bin/env bash
# SPDX-License-Identifier: MIT
# One of several concurrent writers: N read-modify-write increments of counters.value for row 1,
# retrying whenever concordctl reports a conflict (exit 3). Usage: ctl_increment.sh CONCORDCTL N
set -u
ctl=$1
n=$2
done=0
conflicts=0
while [ "$done" -lt "$n" ]; do
    row=$("$ctl" get counters 1) || exit 1
    version=$(awk -F'\t' '$1 == "version" { print $2 }' <<<"$row")
    value=$(awk -F'\t' '$1 == "value" { print $2 }' <<<"$row")
    "$ctl" set counters 1 --expect-version "$version" "value=$((value + 1))" >/dev/null 2>&1
    rc=$?
    case $rc in
        0) done=$((done + 1)) ;;
        3) conflicts=$((conflicts + 1)) ;;
        *) echo "concordctl set failed with $rc" >&2; exit "$rc" ;;
    esac
done
echo "conflicts $conflicts"
