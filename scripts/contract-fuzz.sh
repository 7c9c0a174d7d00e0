#!/usr/bin/env bash
# Contract fuzzing: schemathesis (PyPI, pinned) over every phase of specs/v1.json, including the
# stateful one that follows the spec's links, against auth-server as a newcomer runs it (a fresh
# database, OTPs on the console) with passwords on (scripts/contract/auth.yaml). Fails on any
# failure, and when no request logged in through otp/validate (the hooks found no OTP). Bounded
# by the seed and example count in scripts/contract/schemathesis.toml (one run is the same as
# the next).
#
#   scripts/contract-fuzz.sh            # builds auth-server (debug) if needed
#   AUTH_SERVER=.build/release/auth-server scripts/contract-fuzz.sh
set -euo pipefail
cd "$(dirname "$0")/.."
source scripts/lib/server.sh

VENV=.build-schemathesis
if [ ! -x "$VENV/bin/schemathesis" ]; then
  python3 -m venv "$VENV"
  "$VENV/bin/pip" install -q 'schemathesis==4.32.5'
fi
SERVER=${AUTH_SERVER:-.build/debug/auth-server}
[ -x "$SERVER" ] || swift build --product auth-server

WORK=$(mktemp -d /tmp/auth-contract.XXXXXX)
PORT=${PORT:-18480}
start_server "$SERVER" "$WORK" "$PORT" --database auth.sqlite --config "$PWD/scripts/contract/auth.yaml"

touch "$WORK/logins"
AUTH_CONSOLE_OUTPUT="$WORK/console.log" AUTH_CONTRACT_LOGINS="$WORK/logins" AUTH_CONTRACT_URL="http://127.0.0.1:$PORT" \
  SCHEMATHESIS_HOOKS=hooks PYTHONPATH=scripts/contract \
  "$VENV/bin/schemathesis" --config-file scripts/contract/schemathesis.toml run specs/v1.json \
  --url "http://127.0.0.1:$PORT"
# A run that never got past otp/validate (no OTP found on the console, say) checked little of the API.
LOGINS=$(wc -l < "$WORK/logins")
echo "contract-fuzz: $LOGINS logins through otp/validate with the OTP the console printed"
if [ "$LOGINS" -eq 0 ]; then
  echo "contract-fuzz: no request got past otp/validate; is AUTH_CONSOLE_OUTPUT the console's output?" >&2
  exit 1
fi
