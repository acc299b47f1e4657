#!/usr/bin/env bash
# SPDX-License-Identifier: MIT
# SPDX-FileCopyrightText: 2026 Concord developers
#
# Sourced by scripts/test and scripts/bench: a throwaway PostgreSQL server on a private port.
# postgres refuses to run as root, so as root the server runs as the postgres system user.
# The password lives in a file readable by the server owner only and in PGPASSWORD for
# the child processes; it is never put on a command line.

concord_pg_port=${CONCORD_PG_PORT:-54329}
concord_pg_base=${CONCORD_PG_BASE:-/tmp/concord-pg-$concord_pg_port}
concord_pg_user=concord
concord_pg_db=concord

concord_pg_run() {
    if [ "$(id -u)" -eq 0 ]; then
        runuser -u postgres -- "$@"
    else
        "$@"
    fi
}

concord_pg_stop() {
    local bin
    bin=$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -1)
    if [ -n "$bin" ] && [ -f "$concord_pg_base/data/postmaster.pid" ]; then
        concord_pg_run "$bin/pg_ctl" -D "$concord_pg_base/data" -m fast -w stop >/dev/null 2>&1 || true
    fi
    rm -rf "$concord_pg_base"
    rm -f "$concord_pg_base.pgpass"
}

# Starts the server and exports PGPASSWORD and CONCORD_TEST_POSTGRESQL. Returns non-zero with a
# message when the server cannot start.
concord_pg_start() {
    local bin
    bin=$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -1)
    if [ -z "$bin" ]; then
        echo "PostgreSQL server binaries not found (package postgresql)" >&2
        return 1
    fi
    concord_pg_stop # a server left over from an interrupted run
    mkdir -p "$concord_pg_base"
    chmod 755 "$concord_pg_base"
    [ "$(id -u)" -eq 0 ] && chown postgres:postgres "$concord_pg_base"

    PGPASSWORD=$(od -An -N12 -tx1 /dev/urandom | tr -d ' \n')
    export PGPASSWORD
    local pwfile="$concord_pg_base/pwfile"
    ( umask 077; printf '%s\n' "$PGPASSWORD" > "$pwfile" )
    [ "$(id -u)" -eq 0 ] && chown postgres:postgres "$pwfile"

    concord_pg_run "$bin/initdb" -D "$concord_pg_base/data" -U "$concord_pg_user" --pwfile="$pwfile" \
        --auth-local=trust --auth-host=scram-sha-256 -E UTF8 --locale=C.UTF-8 --no-sync \
        >"$concord_pg_base/initdb.log" 2>&1 || { cat "$concord_pg_base/initdb.log" >&2; return 1; }
    rm -f "$pwfile"
    concord_pg_run mkdir -p "$concord_pg_base/sock"
    concord_pg_run "$bin/pg_ctl" -D "$concord_pg_base/data" -l "$concord_pg_base/server.log" -w -t 30 \
        -o "-p $concord_pg_port -k $concord_pg_base/sock -c listen_addresses=127.0.0.1 -c fsync=off \
            -c synchronous_commit=off -c full_page_writes=off -c client_connection_check_interval=200ms \
            -c max_connections=200" \
        start >/dev/null || { cat "$concord_pg_base/server.log" >&2; return 1; }
    concord_pg_run "$bin/createdb" -h "$concord_pg_base/sock" -p "$concord_pg_port" -U "$concord_pg_user" \
        -O "$concord_pg_user" "$concord_pg_db" || return 1
    # Commands run under `concordctl lock` get no PGPASSWORD; like a user's, they find the password
    # in a pgpass file (owner-only, outside the server's folder, removed by concord_pg_stop).
    ( umask 077; printf '127.0.0.1:%s:*:%s:%s\n' "$concord_pg_port" "$concord_pg_user" "$PGPASSWORD" > "$concord_pg_base.pgpass" )
    export PGPASSFILE="$concord_pg_base.pgpass"
    # For the test that restarts the server under a pending save (run alone: RUN_SERIAL). pg_ctl
    # restart keeps the options the server was started with.
    local runner=""
    [ "$(id -u)" -eq 0 ] && runner="runuser -u postgres --"
    export CONCORD_TEST_PG_RESTART="$runner $bin/pg_ctl -D $concord_pg_base/data -m fast -w -t 30 restart"
    export CONCORD_TEST_POSTGRESQL="postgresql://$concord_pg_user@127.0.0.1:$concord_pg_port/$concord_pg_db"
    # The server's log, where bench measure 10 counts the statements of a watching editor.
    export CONCORD_PG_LOG="$concord_pg_base/server.log"
    echo "PostgreSQL test server on port $concord_pg_port"
}
