#!/usr/bin/env bash
# Runs PostgreSQL from Debian's package on loopback: postgres.sh DATA_DIR PORT
# POSTGRES_PASSWORD is the superuser's password; the cluster is created on first start.
# POSTGRES_FAST=1 trades durability for speed (test runs only).
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
. "$here/common.sh"
data=$1 port=$2
bin=$(ls -d /usr/lib/postgresql/*/bin | sort -V | tail -n 1)
own_dir postgres "$data"
chmod 700 "$data"

if [ ! -s "$data/PG_VERSION" ]; then
  pwfile=$(mktemp)
  printf '%s\n' "${POSTGRES_PASSWORD:?POSTGRES_PASSWORD is required}" > "$pwfile"
  [ "$(id -u)" = 0 ] && chown postgres "$pwfile"
  (as_user postgres "$bin/initdb" -D "$data" -U postgres --pwfile="$pwfile" \
      --auth-local=trust --auth-host=scram-sha-256 -E UTF8 --locale=C.UTF-8) >/dev/null
  rm -f "$pwfile"
fi

# A server left running by a crashed orchestrator holds the data folder: stop it first.
if [ -f "$data/postmaster.pid" ] && kill -0 "$(head -n 1 "$data/postmaster.pid")" 2>/dev/null; then
  (as_user postgres "$bin/pg_ctl" -D "$data" -m fast -w stop) || true
fi

extra=()
if [ "${POSTGRES_FAST:-0}" = 1 ]; then
  extra=(-c fsync=off -c synchronous_commit=off -c full_page_writes=off)
fi

# Fast shutdown on TERM: smart shutdown would wait for every service to disconnect.
supervise INT as_user postgres "$bin/postgres" -D "$data" -p "$port" \
  -c listen_addresses=127.0.0.1 -c unix_socket_directories="$data" \
  -c max_connections=500 -c logging_collector=off -c timezone=UTC "${extra[@]}"
