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

measure() { python3 scripts/bench-enumeration.py "$PORT" "$WORK/console.log" "$PAIRS"; }
each_build "${PORT:-18495}" "$PASSWORDS_WITHOUT_LIMITS" measure
