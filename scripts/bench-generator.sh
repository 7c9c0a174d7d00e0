#!/usr/bin/env bash
# Prints wall time and peak memory of `authgen generate` (release build) on this repository's
# spec and on the largest real-world spec on this machine (GitHub Enterprise, 2.5 MB, 700+
# operations), and the compile time of that output. Run scripts/real-world-specs.sh once
# first, or let this script extract the spec itself.
set -euo pipefail
cd "$(dirname "$0")/.."
work=.build-realworld
mirror=${SWIFT_PACKAGE_MIRROR:-/opt/swift-packages}
mkdir -p "$work/specs" "$work/bench"
[ -f "$work/specs/github-ghes-3.0.yaml" ] || git -C "$mirror/mattpolzin/OpenAPIKit.git" show 6.4.0:Tests/inputs/ghes-3.0.yaml > "$work/specs/github-ghes-3.0.yaml"

swift build -c release --product authgen >/dev/null
authgen=$(swift build -c release --show-bin-path)/authgen

measure() { # label, then the command
  local label=$1; shift
  /usr/bin/time -f "%e %M" -o "$work/bench/time" "$@" >/dev/null 2>&1
  read -r seconds kilobytes < "$work/bench/time"
  printf '%-40s %7.2f s  peak %6d MB\n' "$label" "$seconds" "$((kilobytes / 1024))"
}

measure "authgen generate (specs/v1.json)" "$authgen" generate --spec specs/v1.json --output "$work/bench/v1" --docs-output "$work/bench/v1-docs"
rm -rf "$work/bench/ghes"
measure "authgen generate (ghes 2.5 MB, all)" "$authgen" generate --spec "$work/specs/github-ghes-3.0.yaml" --output "$work/bench/ghes/Sources" --docs-output "$work/bench/ghes/docs"

support=$work/support
if [ ! -f "$support/libAuthGenSupport.so" ]; then
  mkdir -p "$support"
  swiftc -O -parse-as-library -emit-library -emit-module -module-name AuthGenSupport \
    -emit-module-path "$support/AuthGenSupport.swiftmodule" -o "$support/libAuthGenSupport.so" Sources/AuthGenSupport/*.swift
fi
start=$(date +%s.%N)
find "$work/bench/ghes/Sources" -name '*.swift' -print0 | xargs -0 swiftc -parse-as-library -emit-library -j 2 \
  -module-name RealWorld -I "$support" -L "$support" -lAuthGenSupport -o "$work/bench/libRealWorld.so"
printf '%-40s %7.1f s\n' "compile ghes output (debug, 2 jobs)" "$(echo "$(date +%s.%N) - $start" | bc)"
