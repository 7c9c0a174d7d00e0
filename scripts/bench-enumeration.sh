#!/usr/bin/env bash
# Times what a caller could use to tell customers apart: token/generate, a registration,
# password/forget and user/updateIdentifierValue, each for a known customer (or a taken address)
# and an unknown one (or a free address), interleaved, and prints the medians side by side.
# EnumerationTests holds the answers to be the same; this shows the work is too.
#
#   scripts/bench-enumeration.sh            # release build, 200 pairs (40 for the change, which hashes)
#   scripts/bench-enumeration.sh 50 debug
#   ANCHOR=../old/.build/release/auth-server scripts/bench-enumeration.sh   # the same against another build after
set -euo pipefail
cd "$(dirname "$0")/.."
source scripts/lib/server.sh
PAIRS=${1:-200}
CONFIGURATION=${2:-release}
SERVER=.build/$CONFIGURATION/auth-server
[ -x "$SERVER" ] || swift build -c "$CONFIGURATION" --product auth-server

bench() {
  local binary=$1 port=$2 work
  work=$(mktemp -d /tmp/auth-enumeration.XXXXXX)
  # Limits high enough that the pairs never meet them; passwords on.
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
  python3 scripts/bench-enumeration.py "$port" "$work/console.log" "$PAIRS"
  kill "$SERVER_PID"; wait "$SERVER_PID" 2>/dev/null || true
  rm -rf "$work"
}
bench "$SERVER" "${PORT:-18495}"
if [ -n "${ANCHOR:-}" ]; then bench "$ANCHOR" "$(( ${PORT:-18495} + 1 ))"; fi
