# Sourced by the scripts that run auth-server on loopback.
#
#   start_server BINARY WORK PORT [ARGUMENTS...]
#
# Starts BINARY in the folder WORK (OTPs printed to WORK/console.log, logs to WORK/server.log),
# sets SERVER_PID, waits until /health answers (fails with the server's log if it exits or
# never answers), and stops the server and removes WORK when the calling script exits.
start_server() {
  local binary work port
  binary=$(cd "$(dirname "$1")" && pwd)/$(basename "$1")
  work=$2 port=$3
  shift 3
  (cd "$work" && exec "$binary" --port "$port" "$@" > console.log 2> server.log) &
  SERVER_PID=$!
  # Expanded now: the trap runs after this function's locals are gone.
  trap "kill $SERVER_PID 2>/dev/null || true; wait $SERVER_PID 2>/dev/null || true; rm -rf '$work'" EXIT
  if ! python3 - "$port" "$SERVER_PID" <<'PY'
import os, sys, time, urllib.request
port, pid = sys.argv[1], int(sys.argv[2])
for _ in range(300):
    try:
        urllib.request.urlopen(f"http://127.0.0.1:{port}/health", timeout=1)
        sys.exit(0)
    except OSError:
        try:
            os.kill(pid, 0)
        except OSError:
            sys.exit(1)
        time.sleep(0.1)
sys.exit(1)
PY
  then
    echo "auth-server did not answer /health on port $port; its log:" >&2
    cat "$work/server.log" >&2
    return 1
  fi
}

# A configuration for measuring password work: passwords on at the default scrypt parameters,
# console delivery, and limits high enough never to be what stops the traffic.
PASSWORDS_WITHOUT_LIMITS='defaults:
  otpMaxCount: 100000
  otpTimeOut: 1
  dailyCap: 1000000
  passwords: {enabled: true}
  channels:
    SMS: {provider: console}
    EMAIL: {provider: console}'

#   each_build PORT CONFIGURATION COMMAND...
#
# Starts $SERVER, then $ANCHOR when it is set (another build, for a side-by-side run), each in a
# fresh folder with CONFIGURATION as its auth.yaml, and runs COMMAND against each with PORT and
# WORK set (the console's output is $WORK/console.log); each server stops before the next starts.
each_build() {
  local port=$1 configuration=$2 binary
  shift 2
  for binary in "$SERVER" ${ANCHOR:+"$ANCHOR"}; do
    WORK=$(mktemp -d /tmp/auth-build.XXXXXX)
    printf '%s\n' "$configuration" > "$WORK/auth.yaml"
    start_server "$binary" "$WORK" "$port" --config auth.yaml --database auth.sqlite
    echo "== $binary"
    PORT=$port "$@"
    kill "$SERVER_PID"
    wait "$SERVER_PID" 2>/dev/null || true
    rm -rf "$WORK"
    port=$((port + 1))
  done
}
