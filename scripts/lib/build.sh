#!/usr/bin/env bash
# SPDX-License-Identifier: MIT
# SPDX-FileCopyrightText: 2026 Concord developers
#
# Sourced by the scripts: configures (once) and builds into build/.

concord_build() {
    local root=$1
    shift
    local flags=(-G Ninja -DCMAKE_BUILD_TYPE=RelWithDebInfo "$@")
    [ -n "${CI:-}" ] && flags+=(-DCONCORD_WERROR=ON)
    if [ ! -f "$root/build/CMakeCache.txt" ]; then
        cmake -S "$root" -B "$root/build" "${flags[@]}" || return 1
    fi
    cmake --build "$root/build" --parallel "$(nproc)"
}
