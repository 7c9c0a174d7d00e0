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
