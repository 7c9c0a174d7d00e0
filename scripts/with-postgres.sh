#!/usr/bin/env bash
# Runs a command beside a throwaway PostgreSQL server: installs PostgreSQL from Debian's packages
# when it is missing, starts it on loopback from a fresh data directory, creates the database
# `auth`, exports DATABASE_URL (and AUTH_TEST_POSTGRES_CA, the CA of its TLS certificate), runs
# the command, and stops the server afterwards, pass or fail.
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
# TLS from a CA of this run's own, so a test can connect with sslmode=require and
# sslrootcert=$AUTH_TEST_POSTGRES_CA and see the certificate verified.
TLS="$PGDATA/tls"
mkdir "$TLS"
openssl req -x509 -newkey rsa:2048 -nodes -days 2 -subj "/CN=auth-engine test CA" \
  -keyout "$TLS/ca.key" -out "$TLS/ca.pem" 2>/dev/null
openssl req -newkey rsa:2048 -nodes -subj "/CN=127.0.0.1" -keyout "$TLS/server.key" -out "$TLS/server.csr" 2>/dev/null
printf 'subjectAltName=IP:127.0.0.1\nbasicConstraints=CA:FALSE\nextendedKeyUsage=serverAuth\n' >"$TLS/server.ext"
openssl x509 -req -in "$TLS/server.csr" -CA "$TLS/ca.pem" -CAkey "$TLS/ca.key" -CAcreateserial -days 2 \
  -extfile "$TLS/server.ext" -out "$TLS/server.pem" 2>/dev/null
chmod 600 "$TLS/server.key"
[ "$(id -u)" = 0 ] && chown -R postgres "$TLS"
chmod 755 "$TLS" && chmod 644 "$TLS/ca.pem"
as_owner "$PGBIN/pg_ctl" -D "$PGDATA" -l "$PGDATA/server.log" -w start \
  -o "-c listen_addresses=127.0.0.1 -p $PGPORT -c unix_socket_directories=$PGDATA -c max_connections=300 -c synchronous_commit=off \
      -c ssl=on -c ssl_cert_file=$TLS/server.pem -c ssl_key_file=$TLS/server.key" >/dev/null
as_owner "$PGBIN/createdb" -h 127.0.0.1 -p "$PGPORT" -U postgres auth
export DATABASE_URL="postgres://postgres@127.0.0.1:$PGPORT/auth?sslmode=disable"
export AUTH_TEST_POSTGRES_CA="$TLS/ca.pem"
echo "with-postgres: PostgreSQL $("$PGBIN/postgres" --version | awk '{print $3}') at $DATABASE_URL" >&2

"$@"
