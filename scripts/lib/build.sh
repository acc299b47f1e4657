#!/usr/bin/env bash
# SPDX-License-Identifier: MIT
# SPDX-FileCopyrightText: 2026 Concord developers
#
# Sourced by the scripts: configures (once) and builds into build/ (or CONCORD_BUILD_DIR).

concord_build() {
    local root=$1
    shift
    local dir=${CONCORD_BUILD_DIR:-$root/build}
    local flags=(-G Ninja -DCMAKE_BUILD_TYPE=RelWithDebInfo "$@")
    [ -n "${CI:-}" ] && flags+=(-DCONCORD_WERROR=ON)
    if [ ! -f "$dir/CMakeCache.txt" ]; then
        cmake -S "$root" -B "$dir" "${flags[@]}" || return 1
    fi
    cmake --build "$dir" --parallel "$(nproc)"
}
