#!/usr/bin/env bash
# Soak: a few minutes of mixed traffic against auth-server on loopback (scripts/soak.py says
# what), printing its peak memory and open file descriptors against their bounds.
#
#   scripts/soak.sh              # 180 s against a release build
#   scripts/soak.sh 30 debug     # what CI runs
set -euo pipefail
cd "$(dirname "$0")/.."
source scripts/lib/server.sh
SECONDS_TO_RUN=${1:-180}
CONFIGURATION=${2:-release}
SERVER=.build/$CONFIGURATION/auth-server
[ -x "$SERVER" ] || swift build -c "$CONFIGURATION" --product auth-server

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
start_server "$SERVER" "$WORK" "$PORT" --config auth.yaml --database auth.sqlite --request-timeout 2
python3 scripts/soak.py "$PORT" "$SERVER_PID" "$WORK/console.log" "$SECONDS_TO_RUN"
