#!/usr/bin/env bash
# The password-hashing flood, as an unauthenticated attacker sends it: registration batches of
# 10 items with passwords, and password logins for ever new identifiers (each a hash), from 16
# threads at once, while /health is timed before and during. Prints /health's median and p99
# both times and what the flood was answered; with ANCHOR, the same against that binary after.
#
#   scripts/flood-registration.sh            # release build, 15 s of flood
#   scripts/flood-registration.sh 5 debug
#   ANCHOR=../old/.build/release/auth-server scripts/flood-registration.sh
set -euo pipefail
cd "$(dirname "$0")/.."
source scripts/lib/server.sh
SECONDS_TO_RUN=${1:-15}
CONFIGURATION=${2:-release}
SERVER=.build/$CONFIGURATION/auth-server
[ -x "$SERVER" ] || swift build -c "$CONFIGURATION" --product auth-server

flood() {
  local binary=$1 port=$2 work
  work=$(mktemp -d /tmp/auth-flood.XXXXXX)
  # Passwords on at the default scrypt parameters; limits high enough not to be what stops the flood.
  cat > "$work/auth.yaml" <<YAML
defaults:
  otpMaxCount: 100000
  otpTimeOut: 1
  dailyCap: 1000000
  passwords: {enabled: true}
  channels:
    SMS: {provider: console}
    EMAIL: {provider: console}
YAML
  start_server "$binary" "$work" "$port" --config auth.yaml --database auth.sqlite
  echo "== $binary"
  python3 scripts/flood-registration.py "$port" "$SECONDS_TO_RUN"
  kill "$SERVER_PID"; wait "$SERVER_PID" 2>/dev/null || true
  rm -rf "$work"
}
flood "$SERVER" "${PORT:-18496}"
if [ -n "${ANCHOR:-}" ]; then flood "$ANCHOR" "$(( ${PORT:-18496} + 1 ))"; fi
