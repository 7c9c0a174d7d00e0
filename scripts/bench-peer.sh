#!/usr/bin/env bash
# The generated server against its peer: specs/v1.json through authgen (the committed
# Sources/AuthAPI) and through swift-openapi-generator 1.14.3 (types + server), each on
# swift-openapi-hummingbird and the same Hummingbird, in one release binary, with a handler that
# answers otp/generate with the same fixed success. Beside each, the bare echo route of the same
# process. Runs are interleaved (ABBA), so neither side is always measured first.
#
#   scripts/bench-peer.sh [--duration SECONDS] [--connections N] [--rounds N]
#
# swift-openapi-generator is built from the local package mirror into .build-sog/ (shared with
# bench-generator.sh), the peer package lives in .build-peer/; neither is committed. A third
# server answers fixed bytes through the same transport with no generated code: the floor that
# bounds what any generated server on it can reach.
# Targets: ours >= 0.8 of echo, and >= 1.5x swift-openapi-generator's.
set -euo pipefail
cd "$(dirname "$0")/.."
DURATION=10 CONNECTIONS=32 ROUNDS=2 PORT=18490
while [ $# -gt 0 ]; do
  case "$1" in
    --duration) DURATION=$2; shift 2 ;;
    --connections) CONNECTIONS=$2; shift 2 ;;
    --rounds) ROUNDS=$2; shift 2 ;;
    *) echo "unknown option $1" >&2; exit 64 ;;
  esac
done
command -v wrk >/dev/null || { echo "wrk is needed: apt-get install wrk" >&2; exit 69; }
root=$PWD mirror=${SWIFT_PACKAGE_MIRROR:-/opt/swift-packages}

sog=.build-sog/build/release/swift-openapi-generator
if [ ! -x "$sog" ]; then
  echo "building swift-openapi-generator 1.14.3 from the mirror (once)..."
  rm -rf .build-sog/src
  git clone -q "$mirror/apple/swift-openapi-generator.git" .build-sog/src
  git -C .build-sog/src checkout -q 1.14.3
  (cd .build-sog/src && swift build -c release --product swift-openapi-generator --scratch-path ../build >/dev/null)
fi
swift build --product authgen >/dev/null
authgen=$(swift build --show-bin-path)/authgen

# The peer package: our generated code and its support library as they are committed, the
# other generator's output from the same spec, and one executable serving either.
# Written aside, then copied over only where a file changed, so a second run rebuilds nothing.
peer=.build-peer/staging
rm -rf "$peer"
mkdir -p "$peer/Sources/SOGAPI" "$peer/Sources/OursServer" "$peer/Sources/SOGServer" "$peer/Sources/peer-server"
ln -s "$root/Sources/AuthGenSupport" "$peer/Sources/AuthGenSupport"
ln -s "$root/Sources/AuthAPI" "$peer/Sources/AuthAPI"
# Only otp/generate on its side (its protocol has no default handlers to leave the rest to);
# ours keeps every route, which Hummingbird's trie finds as fast.
printf 'generate: [types, server]\naccessModifier: public\nnamingStrategy: idiomatic\nfilter:\n  operations: [generate-otp-api]\n' \
  > .build-peer/sog-config.yaml
"$sog" generate specs/v1.json --config .build-peer/sog-config.yaml --output-directory "$peer/Sources/SOGAPI" > .build-peer/sog.log 2>&1 \
  || { cat .build-peer/sog.log; exit 1; }
# Every operation gets authgen's skeleton (it throws); otp/generate answers the fixed success.
"$authgen" scaffold --all --output "$peer/Sources/OursServer" --type TrivialAPI --module AuthAPI >/dev/null
cat > "$peer/Package.swift" <<'SWIFT'
// swift-tools-version: 6.2
import PackageDescription

let runtime = Target.Dependency.product(name: "OpenAPIRuntime", package: "swift-openapi-runtime")
let hummingbird: [Target.Dependency] = [
    .product(name: "Hummingbird", package: "hummingbird"),
    .product(name: "OpenAPIHummingbird", package: "swift-openapi-hummingbird"),
]
let package = Package(
    name: "peer",
    platforms: [.macOS(.v14)],
    dependencies: [
        .package(url: "https://github.com/apple/swift-openapi-runtime", from: "1.13.4"),
        .package(url: "https://github.com/apple/swift-http-types", from: "1.8.0"),
        .package(url: "https://github.com/hummingbird-project/hummingbird", from: "2.28.1"),
        .package(url: "https://github.com/hummingbird-project/swift-openapi-hummingbird", from: "2.1.0"),
    ],
    targets: [
        .target(name: "AuthGenSupport", dependencies: [runtime, .product(name: "HTTPTypes", package: "swift-http-types")]),
        .target(name: "AuthAPI", dependencies: ["AuthGenSupport", runtime]),
        .target(name: "SOGAPI", dependencies: [runtime, .product(name: "HTTPTypes", package: "swift-http-types")]),
        .target(name: "OursServer", dependencies: ["AuthAPI", "AuthGenSupport", runtime] + hummingbird),
        .target(name: "SOGServer", dependencies: ["SOGAPI", runtime] + hummingbird),
        .executableTarget(
            name: "peer-server",
            dependencies: ["OursServer", "SOGServer", runtime, .product(name: "HTTPTypes", package: "swift-http-types")] + hummingbird),
    ]
)
SWIFT
cat > "$peer/Sources/OursServer/TrivialAPI+GenerateOtpApi.swift" <<'SWIFT'
import AuthAPI

extension TrivialAPI {
    func generateOtpApi(_ input: Operations.GenerateOtpApi.Input) async throws -> Operations.GenerateOtpApi.Output {
        .ok(StatusResponse(status: Status(success: true, code: 200, message: "SUCCESS")))
    }
}
SWIFT
cat > "$peer/Sources/OursServer/Register.swift" <<'SWIFT'
import AuthAPI
import Hummingbird
import OpenAPIHummingbird

public func registerOurs(on router: Router<BasicRequestContext>) throws { try TrivialAPI().registerHandlers(on: router) }
SWIFT
cat > "$peer/Sources/SOGServer/Register.swift" <<'SWIFT'
import Foundation
import Hummingbird
import OpenAPIHummingbird
import OpenAPIRuntime
import SOGAPI

/// The same fixed success for otp/generate; the other operations are not called.
struct TrivialSOG: APIProtocol {
    func generateOtpApi(_ input: Operations.GenerateOtpApi.Input) async throws -> Operations.GenerateOtpApi.Output {
        .ok(.init(body: .json(.StatusResponse(.init(status: .init(success: true, code: 200, message: "SUCCESS"))))))
    }
}

public func registerSOG(on router: Router<BasicRequestContext>) throws { try TrivialSOG().registerHandlers(on: router) }
SWIFT
cat > "$peer/Sources/peer-server/main.swift" <<'SWIFT'
import HTTPTypes
import Hummingbird
import OpenAPIHummingbird
import OpenAPIRuntime
import OursServer
import SOGServer

// peer-server ours|sog|floor PORT: one side's generated server, or the floor (fixed bytes
// answered straight through swift-openapi-hummingbird, no generated code), and POST /echo.
let router = Router()
router.post("/echo") { request, context in
    let body = try await request.body.collect(upTo: context.maxUploadSize)
    return Response(status: .ok, headers: [.contentType: "application/json"], body: .init(byteBuffer: body))
}
switch CommandLine.arguments[1] {
case "ours": try registerOurs(on: router)
case "sog": try registerSOG(on: router)
default:
    let answer = #"{"status":{"success":true,"code":200,"message":"SUCCESS"}}"#
    let head = HTTPResponse(status: .ok, headerFields: [.contentType: "application/json", .contentLength: String(answer.utf8.count)])
    router.register(
        { _, body, _ in
            if let body { _ = try await ArraySlice<UInt8>(collecting: body, upTo: 1 << 20) }
            return (head, HTTPBody(answer))
        }, method: .post, path: "/auth/v1/otp/generate")
}
let app = Application(router: router, configuration: .init(address: .hostname("127.0.0.1", port: Int(CommandLine.arguments[2])!)))
try await app.runService()
SWIFT
package=.build-peer/package
mkdir -p "$package"
(cd "$peer" && find . -type l -print) | while read -r link; do ln -sfn "$(readlink "$peer/$link")" "$package/$link"; done
(cd "$peer" && find . -type f -print) | while read -r file; do
  if ! cmp -s "$peer/$file" "$package/$file"; then mkdir -p "$(dirname "$package/$file")"; cp "$peer/$file" "$package/$file"; fi
done
(cd "$package/Sources" && find . -type f -print) | while read -r file; do [ -e "$peer/Sources/$file" ] || rm "$package/Sources/$file"; done
echo "building the peer servers (release)..."
(cd "$package" && swift build -c release --product peer-server > ../build.log 2>&1) || { grep -A3 error: .build-peer/build.log; exit 1; }
bin=$(cd "$package" && swift build -c release --show-bin-path)/peer-server

servers=()
trap 'kill "${servers[@]}" 2>/dev/null || true; wait 2>/dev/null || true' EXIT
sides=(ours sog floor)
port() { case $1 in ours) echo $PORT ;; sog) echo $((PORT + 1)) ;; *) echo $((PORT + 2)) ;; esac; }
for side in "${sides[@]}"; do
  LOG_LEVEL=error "$bin" "$side" "$(port "$side")" & servers+=($!)
  for _ in $(seq 100); do curl -s -o /dev/null "http://127.0.0.1:$(port "$side")/echo" -d '{}' && break; sleep 0.1; done
done
body=$(sed -n "s/^wrk.body = '\\(.*\\)'$/\\1/p" scripts/bench-server/fixed-otp-generate.lua)
for side in "${sides[@]}"; do  # the same answer from each (swift-openapi-generator's pretty-printed)
  answer=$(curl -sf -H 'Content-Type: application/json' -d "$body" "http://127.0.0.1:$(port "$side")/auth/v1/otp/generate" | tr -d ' \n')
  echo "$side answers: $answer"
done

# run SIDE SCRIPT -> requests per second
run() {
  wrk -t1 -c"$CONNECTIONS" -d"${DURATION}s" -s "scripts/bench-server/$2" "http://127.0.0.1:$(port "$1")" \
    | sed -n 's/^RESULT requests=[0-9]* ok=\([0-9]*\) errors=\([0-9]*\) seconds=\([0-9.]*\) .*/\1 \2 \3/p' \
    | awk '{ if ($2 > 0) { print "errors: " $2 > "/dev/stderr"; exit 1 } printf "%.0f\n", $1 / $3 }'
}
for side in "${sides[@]}"; do wrk -t1 -c"$CONNECTIONS" -d2s -s scripts/bench-server/echo.lua "http://127.0.0.1:$(port "$side")" >/dev/null; done
declare -A sum=()
for ((round = 1; round <= ROUNDS; round++)); do
  # Each side first and last in turn, so no side is always measured at the same point.
  for side in ours sog floor floor sog ours; do
    for script in echo.lua fixed-otp-generate.lua; do
      rate=$(run $side $script)
      sum[$side$script]=$(( ${sum[$side$script]:-0} + rate ))
      printf '  round %d %-5s %-24s %8d req/s\n' "$round" $side "${script%.lua}" "$rate"
    done
  done
done
runs=$((ROUNDS * 2))
echo "generated servers on swift-openapi-hummingbird (release), wrk 1 thread, $CONNECTIONS connections, ${DURATION}s per run, $runs runs each"
awk -v oe="${sum[oursecho.lua]}" -v oo="${sum[oursfixed-otp-generate.lua]}" -v se="${sum[sogecho.lua]}" -v so="${sum[sogfixed-otp-generate.lua]}" \
  -v fe="${sum[floorecho.lua]}" -v fo="${sum[floorfixed-otp-generate.lua]}" -v n=$runs 'BEGIN {
  printf "%-52s %10s %10s %10s\n", "", "echo", "otp/gen", "of echo"
  printf "%-52s %10.0f %10.0f %10.2f\n", "authgen (validates)", oe / n, oo / n, oo / oe
  printf "%-52s %10.0f %10.0f %10.2f\n", "swift-openapi-generator 1.14.3", se / n, so / n, so / se
  printf "%-52s %10.0f %10.0f %10.2f\n", "floor (fixed bytes, the transport alone)", fe / n, fo / n, fo / fe
  printf "ours : echo = %.2f (target >= 0.8); ours : swift-openapi-generator = %.2fx (target >= 1.5)\n", oo / oe, oo / so }'
