#!/usr/bin/env bash
# Soak: a few minutes of mixed traffic against auth-server on loopback (scripts/soak.py says
# what), printing its peak memory and open file descriptors against their bounds.
#
#   scripts/soak.sh              # 180 s against a release build
#   scripts/soak.sh 30 debug     # what CI runs
set -euo pipefail
cd "$(dirname "$0")/.."
SECONDS_TO_RUN=${1:-180}
CONFIGURATION=${2:-release}
SERVER=.build/$CONFIGURATION/auth-server
[ -x "$SERVER" ] || swift build -c "$CONFIGURATION" --product auth-server
SERVER=$(pwd)/$SERVER

WORK=$(mktemp -d /tmp/auth-soak.XXXXXX)
PORT=${PORT:-18490}
# Limits high enough for the traffic, as a busy brand would set them; a request deadline of 2 s
# so the stalled clients are cut off while the soak runs.
cat > "$WORK/auth.yaml" <<YAML
defaults:
  otpMaxCount: 1000
  otpTimeOut: 1
  dailyCap: 100000
  channels:
    SMS: {provider: console}
    EMAIL: {provider: console}
YAML
(cd "$WORK" && exec "$SERVER" --port "$PORT" --config auth.yaml --database auth.sqlite --request-timeout 2 > console.log 2> server.log) &
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
python3 scripts/soak.py "$PORT" "$PID" "$WORK/console.log" "$SECONDS_TO_RUN"
