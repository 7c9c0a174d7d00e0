#!/usr/bin/env bash
# Load test of auth-server over loopback with wrk: otp/generate (sessions prepared first) against
# the bare JSON echo route of the same server, in one run. Prints both request rates, their
# ratio, p50/p99 latency at full load and at half the peak rate, and the server's peak RSS.
#
#   scripts/bench-server.sh [--store sqlite|postgres] [--duration SECONDS] [--connections N] [--sessions N]
#   AUTH_SERVER_BIN=path/to/auth-server scripts/bench-server.sh ...   # measure that build instead
#
# --store postgres uses DATABASE_URL when it names a PostgreSQL server, else starts a throwaway
# one with scripts/with-postgres.sh.
#
# Targets: ratio >= 0.5; p99 <= 10 ms at half the peak rate; peak RSS <= 150 MB; with the audit
# trail and metrics on, at least 0.9 of the rate without (a second server, four interleaved runs each).
set -euo pipefail
cd "$(dirname "$0")/.."

STORE=sqlite DURATION=10 CONNECTIONS=32 SESSIONS=2000 PORT=18480
ARGS=("$@")
while [ $# -gt 0 ]; do
  case "$1" in
    --store) STORE=$2; shift 2 ;;
    --duration) DURATION=$2; shift 2 ;;
    --connections) CONNECTIONS=$2; shift 2 ;;
    --sessions) SESSIONS=$2; shift 2 ;;
    *) echo "unknown option $1" >&2; exit 64 ;;
  esac
done

command -v wrk >/dev/null || { echo "wrk is needed: apt-get install wrk" >&2; exit 69; }
case "$STORE" in
  sqlite) ;;
  postgres)
    if [[ "${DATABASE_URL:-}" != postgres* ]]; then exec scripts/with-postgres.sh "$0" "${ARGS[@]}"; fi ;;
  *) echo "--store is sqlite or postgres" >&2; exit 64 ;;
esac
# AUTH_SERVER_BIN names another build to measure (an older commit's, for a side-by-side run).
if [ -n "${AUTH_SERVER_BIN:-}" ]; then
  BIN=$AUTH_SERVER_BIN
else
  swift build -c release --product auth-server >/dev/null
  BIN=$(swift build -c release --show-bin-path)/auth-server
fi

WORK=$(mktemp -d)
SERVERS=()
trap 'kill "${SERVERS[@]}" 2>/dev/null || true; wait 2>/dev/null || true; rm -rf "$WORK"' EXIT
# Messages go to an outbox on /dev/null: delivery costs a write, not a terminal. Both limits
# are on, as in production, and high enough never to refuse: every request counts.
cat > "$WORK/bench.yaml" <<YAML
providers:
  discard: {type: outbox, path: /dev/null}
defaults:
  otpMaxCount: 1000000
  otpTimeOut: 10
  dailyCap: 1000000
  channels:
    SMS: {provider: discard}
YAML
# Several instances share PostgreSQL, so its servers take their keys from the configuration.
if [ "$STORE" = postgres ]; then
  BENCH_OTP_KEY=$(head -c 32 /dev/urandom | base64) BENCH_TOKEN_KEY=$(head -c 32 /dev/urandom | base64)
  export BENCH_OTP_KEY BENCH_TOKEN_KEY
  printf 'secrets:\n  otpKey: {env: BENCH_OTP_KEY}\n  tokenKey: {env: BENCH_TOKEN_KEY}\n' >> "$WORK/bench.yaml"
fi
database() {
  if [ "$STORE" = postgres ]; then
    local separator
    separator=$([[ "$DATABASE_URL" == *\?* ]] && echo "&" || echo "?")
    echo "${DATABASE_URL}${separator}schema=bench_$$_$1"
  else
    echo "$WORK/$1.sqlite"
  fi
}
# start NAME PORT [FLAGS...]: a server on its own database, with sessions prepared for
# distinct identifiers in $WORK/NAME.sessions, so no limit or attempt cap is involved.
start() {
  local name=$1 port=$2
  shift 2
  LOG_LEVEL=error "$BIN" --port "$port" --config "$WORK/bench.yaml" --database "$(database "$name")" --echo-route "$@" &
  SERVERS+=($!)
  for _ in $(seq 100); do curl -sf "http://127.0.0.1:$port/health" >/dev/null && break; sleep 0.1; done
  curl -sf "http://127.0.0.1:$port/health" >/dev/null || { echo "the $name server did not start" >&2; exit 1; }
  python3 - "$port" "$SESSIONS" > "$WORK/$name.sessions" <<'PY'
import http.client, json, sys
port, count = int(sys.argv[1]), int(sys.argv[2])
connection = http.client.HTTPConnection("127.0.0.1", port)
for n in range(count):
    number = "91%010d" % n
    body = json.dumps({"identifierType": "MOBILE", "identifierValue": number, "deviceId": "bench-device", "brand": "Bench"})
    connection.request("POST", "/auth/v1/token/generate", body, {"Content-Type": "application/json"})
    answer = json.loads(connection.getresponse().read())
    print(number + " " + answer["user"]["sessionId"])
PY
}
# The server measured, and beside it the same build with the audit trail (a file) and metrics
# (scraped at the end) on, which must keep at least 90 % of the rate.
OBSERVED_PORT=$((PORT + 1)) METRICS_PORT=$((PORT + 2))
start plain $PORT
SERVER=${SERVERS[0]}
start observed $OBSERVED_PORT --audit "$WORK/audit.jsonl" --metrics-port $METRICS_PORT

# run SCRIPT DELAY_MS [SERVER] -> "requests ok errors seconds p50 p99"; SERVER is plain or observed
run() {
  local server=${3:-plain} port=$PORT
  [ "$server" = observed ] && port=$OBSERVED_PORT
  SESSIONS_FILE="$WORK/$server.sessions" DELAY_MS=$2 wrk -t1 -c"$CONNECTIONS" -d"${DURATION}s" -s "scripts/bench-server/$1" "http://127.0.0.1:$port" \
    | sed -n 's/^RESULT requests=\([0-9]*\) ok=\([0-9]*\) errors=\([0-9]*\) seconds=\([0-9.]*\) p50_us=\([0-9]*\) p99_us=\([0-9]*\)$/\1 \2 \3 \4 \5 \6/p'
}
rate() { awk -v ok="$1" -v s="$2" 'BEGIN { printf "%.0f", ok / s }'; }
ms() { awk -v us="$1" 'BEGIN { printf "%.2f", us / 1000 }'; }

wrk -t1 -c"$CONNECTIONS" -d2s -s scripts/bench-server/echo.lua "http://127.0.0.1:$PORT" >/dev/null   # warm-up
read -r _ ECHO_OK ECHO_ERR ECHO_S ECHO_P50 ECHO_P99 <<< "$(run echo.lua 0)"
read -r _ OTP_OK OTP_ERR OTP_S OTP_P50 OTP_P99 <<< "$(run otp-generate.lua 0)"
ECHO_RATE=$(rate "$ECHO_OK" "$ECHO_S")
OTP_RATE=$(rate "$OTP_OK" "$OTP_S")

# Half the peak rate: each connection waits between requests so that together they send about
# OTP_RATE / 2 per second (the wait is whole milliseconds; about 1 ms goes to the request).
HALF=$((OTP_RATE / 2))
DELAY=$(awk -v c="$CONNECTIONS" -v r="$HALF" 'BEGIN { d = c * 1000 / r - 1; printf "%d", (d < 1 ? 1 : d + 0.5) }')
read -r _ HALF_OK HALF_ERR HALF_S HALF_P50 HALF_P99 <<< "$(run otp-generate.lua "$DELAY")"
RSS_KB=$(awk '/VmHWM/ { print $2 }' /proc/$SERVER/status)

# Interleaved in ABBA order, so neither server is always measured first: four runs each.
PLAIN_SUM=0 OBSERVED_SUM=0
for server in plain observed observed plain plain observed observed plain; do
  read -r _ OK _ SECONDS_RUN _ _ <<< "$(run otp-generate.lua 0 $server)"
  if [ $server = plain ]; then PLAIN_SUM=$((PLAIN_SUM + $(rate "$OK" "$SECONDS_RUN"))); else OBSERVED_SUM=$((OBSERVED_SUM + $(rate "$OK" "$SECONDS_RUN"))); fi
done
AUDIT_LINES=$(wc -l < "$WORK/audit.jsonl")
ISSUED=$(curl -sf "http://127.0.0.1:$METRICS_PORT/metrics" | awk '/^auth_otps_issued_total/ { sum += $NF } END { printf "%d", sum }')

echo "auth-server (release, $STORE store) on 127.0.0.1, wrk 1 thread, $CONNECTIONS connections, ${DURATION}s per run, $SESSIONS sessions"
printf '%-28s %10s %10s %10s %8s\n' "" "req/s" "p50 ms" "p99 ms" "errors"
printf '%-28s %10s %10s %10s %8s\n' "echo (peak)" "$ECHO_RATE" "$(ms "$ECHO_P50")" "$(ms "$ECHO_P99")" "$ECHO_ERR"
printf '%-28s %10s %10s %10s %8s\n' "otp/generate (peak)" "$OTP_RATE" "$(ms "$OTP_P50")" "$(ms "$OTP_P99")" "$OTP_ERR"
printf '%-28s %10s %10s %10s %8s\n' "otp/generate (~half peak)" "$(rate "$HALF_OK" "$HALF_S")" "$(ms "$HALF_P50")" "$(ms "$HALF_P99")" "$HALF_ERR"
awk -v o="$OTP_RATE" -v e="$ECHO_RATE" 'BEGIN { printf "ratio otp/generate : echo = %.2f (target >= 0.5)\n", o / e }'
echo "p99 at half peak = $(ms "$HALF_P99") ms (target <= 10)"
awk -v kb="$RSS_KB" 'BEGIN { printf "peak RSS = %.1f MB (target <= 150)\n", kb / 1024 }'
awk -v p="$PLAIN_SUM" -v o="$OBSERVED_SUM" -v a="$AUDIT_LINES" -v i="$ISSUED" 'BEGIN {
  printf "otp/generate with audit and metrics on: %.0f req/s against %.0f without = %.2f (target >= 0.9; %d audit lines, %d OTPs counted)\n", o / 4, p / 4, o / p, a, i }'
