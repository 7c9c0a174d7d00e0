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

measure() { python3 scripts/flood-registration.py "$PORT" "$SECONDS_TO_RUN"; }
each_build "${PORT:-18496}" "$PASSWORDS_WITHOUT_LIMITS" measure
