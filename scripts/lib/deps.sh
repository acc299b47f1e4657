#!/usr/bin/env bash
# SPDX-License-Identifier: MIT
# SPDX-FileCopyrightText: 2026 Concord developers
#
# Sourced by scripts/run, scripts/test and scripts/bench: installs the Debian packages Concord needs, and
# nothing when they are all present, so a developer's second run does not touch apt.

concord_packages=(
    cmake ninja-build g++ qt6-base-dev qt6-base-dev-tools
    # The SQL driver plugins are only recommended by libqt6sql6, so --no-install-recommends needs them named.
    libqt6sql6-sqlite libqt6sql6-psql
    # Qt's svg icon engine and image plugin: the toolbar's icons are SVGs (resources/icons/actions).
    libqt6svg6
    # desktop-file-validate, run by the desktop_entry test.
    desktop-file-utils
    postgresql sqlite3 xvfb xauth fonts-dejavu-core
    # PgBouncer in session and transaction mode in front of the test server (tst_pooling).
    pgbouncer
)

concord_install_packages() {
    local missing=()
    local p
    for p in "${concord_packages[@]}"; do
        dpkg -s "$p" >/dev/null 2>&1 || missing+=("$p")
    done
    [ ${#missing[@]} -eq 0 ] && return 0

    echo "Installing missing packages: ${missing[*]}"
    local sudo=()
    [ "$(id -u)" -eq 0 ] || sudo=(sudo)
    export DEBIAN_FRONTEND=noninteractive
    "${sudo[@]}" apt-get update -q || return 1
    "${sudo[@]}" apt-get install -y -q --no-install-recommends "${missing[@]}" || return 1
}
