#!/usr/bin/env bash
# SPDX-License-Identifier: MIT
# SPDX-FileCopyrightText: 2026 Concord developers
#
# Sourced by scripts/test after scripts/lib/postgres.sh: two throwaway PgBouncer poolers in front
# of the test server, one in session mode and one in transaction mode, on private loopback ports.
# Each offers two databases: `concord` (a pool of 20 server connections) and `concord_tiny` (the
# same database through a pool of one, so that tests can fill it: a second client then waits
# query_wait_timeout seconds and is refused).
#
# Ports: CONCORD_BOUNCER_PORT (session) and the one after it (transaction); default the main
# port + 10, so that parallel runs on other main ports can also keep their poolers apart.
#
# PgBouncer refuses to run as root, so as root it runs as the postgres system user, like the
# server. The password is in an owner-only auth file, never on a command line.

concord_bouncer_base=${CONCORD_BOUNCER_BASE:-/tmp/concord-bouncer-${concord_pg_port:-54329}}

concord_bouncer_stop() {
    local mode
    for mode in session transaction; do
        if [ -f "$concord_bouncer_base/$mode.pid" ]; then
            kill "$(cat "$concord_bouncer_base/$mode.pid")" 2>/dev/null || true
        fi
    done
    rm -rf "$concord_bouncer_base"
}

# concord_bouncer_config MODE PORT: the configuration of one pooler.
concord_bouncer_config() {
    local mode=$1 port=$2
    cat <<EOF
[databases]
concord = host=127.0.0.1 port=$concord_pg_port dbname=$concord_pg_db pool_size=20
concord_tiny = host=127.0.0.1 port=$concord_pg_port dbname=$concord_pg_db pool_size=1

[pgbouncer]
listen_addr = 127.0.0.1
listen_port = $port
unix_socket_dir =
auth_type = scram-sha-256
auth_file = $concord_bouncer_base/users.txt
pool_mode = $mode
max_client_conn = 200
default_pool_size = 20
query_wait_timeout = 3
server_login_retry = 1
ignore_startup_parameters = extra_float_digits,options
logfile = $concord_bouncer_base/$mode.log
pidfile = $concord_bouncer_base/$mode.pid
EOF
}

# Starts both poolers and exports CONCORD_TEST_PGBOUNCER_SESSION and
# CONCORD_TEST_PGBOUNCER_TRANSACTION (addresses of the `concord` database through each). Needs
# the server of concord_pg_start running and PGPASSWORD set. Returns non-zero with a message when
# a pooler cannot start.
concord_bouncer_start() {
    if ! command -v pgbouncer >/dev/null && [ ! -x /usr/sbin/pgbouncer ]; then
        echo "pgbouncer not found (package pgbouncer)" >&2
        return 1
    fi
    local bin
    bin=$(command -v pgbouncer || echo /usr/sbin/pgbouncer)
    concord_bouncer_stop
    mkdir -p "$concord_bouncer_base"
    ( umask 077; printf '"%s" "%s"\n' "$concord_pg_user" "$PGPASSWORD" > "$concord_bouncer_base/users.txt" )
    local session_port=${CONCORD_BOUNCER_PORT:-$((concord_pg_port + 10))}
    local transaction_port=$((session_port + 1))
    concord_bouncer_config session "$session_port" > "$concord_bouncer_base/session.ini"
    concord_bouncer_config transaction "$transaction_port" > "$concord_bouncer_base/transaction.ini"
    [ "$(id -u)" -eq 0 ] && chown -R postgres:postgres "$concord_bouncer_base"
    local mode
    for mode in session transaction; do
        concord_pg_run "$bin" -d "$concord_bouncer_base/$mode.ini" >/dev/null 2>&1 || {
            cat "$concord_bouncer_base/$mode.log" >&2 2>/dev/null
            return 1
        }
    done
    # The pgpass file the server's start wrote covers its own port; the poolers' ports are added
    # so that child processes (concordctl lock's command) find the password the same way.
    ( umask 077; for port in "$session_port" "$transaction_port"; do
        printf '127.0.0.1:%s:*:%s:%s\n' "$port" "$concord_pg_user" "$PGPASSWORD"
    done >> "$PGPASSFILE" )
    local port tries
    for port in "$session_port" "$transaction_port"; do
        for tries in $(seq 50); do
            (exec 3<>"/dev/tcp/127.0.0.1/$port") 2>/dev/null && break
            sleep 0.1
        done
    done
    export CONCORD_TEST_PGBOUNCER_SESSION="postgresql://$concord_pg_user@127.0.0.1:$session_port/$concord_pg_db"
    export CONCORD_TEST_PGBOUNCER_TRANSACTION="postgresql://$concord_pg_user@127.0.0.1:$transaction_port/$concord_pg_db"
    echo "PgBouncer on ports $session_port (session pooling) and $transaction_port (transaction pooling)"
}
