#!/usr/bin/env bash
# Runs a command beside a throwaway PostgreSQL server: installs PostgreSQL from Debian's packages
# when it is missing, starts it on loopback from a fresh data directory, creates the database
# `auth`, exports DATABASE_URL, runs the command, and stops the server afterwards, pass or fail.
#
#   scripts/with-postgres.sh swift test
#
# The server commits without waiting for its WAL flush (synchronous_commit=off), like the
# SQLite store's synchronous=NORMAL. PGPORT picks the port (default 54329). As root, initdb
# and pg_ctl run as the postgres user: the server refuses to run as root.
set -euo pipefail

if ! ls /usr/lib/postgresql/*/bin/initdb >/dev/null 2>&1; then
  echo "with-postgres: installing PostgreSQL from Debian's packages" >&2
  apt-get update -qq
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq postgresql >/dev/null
fi
PGBIN=$(ls -d /usr/lib/postgresql/*/bin | sort -V | tail -1)
PGPORT=${PGPORT:-54329}

as_owner() {
  if [ "$(id -u)" = 0 ]; then runuser -u postgres -- "$@"; else "$@"; fi
}

PGDATA=$(mktemp -d /tmp/auth-postgres.XXXXXX)
[ "$(id -u)" = 0 ] && chown postgres "$PGDATA"
stop() {
  as_owner "$PGBIN/pg_ctl" -D "$PGDATA" -m fast stop >/dev/null 2>&1 || true
  rm -rf "$PGDATA"
}
trap stop EXIT

as_owner "$PGBIN/initdb" -D "$PGDATA" -U postgres --auth=trust -E UTF8 >/dev/null
as_owner "$PGBIN/pg_ctl" -D "$PGDATA" -l "$PGDATA/server.log" -w start \
  -o "-c listen_addresses=127.0.0.1 -p $PGPORT -c unix_socket_directories=$PGDATA -c max_connections=300 -c synchronous_commit=off" >/dev/null
as_owner "$PGBIN/createdb" -h 127.0.0.1 -p "$PGPORT" -U postgres auth
export DATABASE_URL="postgres://postgres@127.0.0.1:$PGPORT/auth?sslmode=disable"
echo "with-postgres: PostgreSQL $("$PGBIN/postgres" --version | awk '{print $3}') at $DATABASE_URL" >&2

"$@"
