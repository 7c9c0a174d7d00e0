#!/usr/bin/env bash
# Contract fuzzing: schemathesis (PyPI, pinned) over every phase of specs/v1.json, including the
# stateful one that follows the spec's links, against auth-server as a newcomer runs it (no
# configuration, a fresh database, OTPs on the console). Fails on any failure. Bounded by the
# seed and example count in scripts/contract/schemathesis.toml (one run is the same as the next).
#
#   scripts/contract-fuzz.sh            # builds auth-server (debug) if needed
#   AUTH_SERVER=.build/release/auth-server scripts/contract-fuzz.sh
set -euo pipefail
cd "$(dirname "$0")/.."

VENV=.build-schemathesis
if [ ! -x "$VENV/bin/schemathesis" ]; then
  python3 -m venv "$VENV"
  "$VENV/bin/pip" install -q 'schemathesis==4.32.5'
fi
SERVER=${AUTH_SERVER:-.build/debug/auth-server}
[ -x "$SERVER" ] || swift build --product auth-server
SERVER=$(cd "$(dirname "$SERVER")" && pwd)/$(basename "$SERVER")

WORK=$(mktemp -d /tmp/auth-contract.XXXXXX)
PORT=${PORT:-18480}
(cd "$WORK" && exec "$SERVER" --port "$PORT" --database auth.sqlite > console.log 2> server.log) &
PID=$!
stop() {
  kill "$PID" 2>/dev/null || true
  wait "$PID" 2>/dev/null || true
  rm -rf "$WORK"
}
trap stop EXIT
python3 - "$PORT" <<'PY'
import sys, time, urllib.request
for _ in range(200):
    try:
        urllib.request.urlopen(f"http://127.0.0.1:{sys.argv[1]}/health", timeout=1)
        break
    except OSError:
        time.sleep(0.1)
PY

AUTH_CONSOLE_OUTPUT="$WORK/console.log" SCHEMATHESIS_HOOKS=hooks PYTHONPATH=scripts/contract \
  "$VENV/bin/schemathesis" --config-file scripts/contract/schemathesis.toml run specs/v1.json \
  --url "http://127.0.0.1:$PORT"
