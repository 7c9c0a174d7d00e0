#!/usr/bin/env bash
# Prints wall time and peak memory of generation (release builds) on this repository's spec and
# on the largest real-world spec on this machine (GitHub Enterprise, 2.5 MB, 700+ operations),
# for authgen (models, validators, client, server, docs) and for swift-openapi-generator 1.14.3
# (types, client, server), then the compile time of both outputs. swift-openapi-generator is
# built from the local package mirror into .build-sog/ (not committed) on the first run.
set -euo pipefail
cd "$(dirname "$0")/.."
work=.build-realworld
mirror=${SWIFT_PACKAGE_MIRROR:-/opt/swift-packages}
mkdir -p "$work/specs" "$work/bench"
ghes=$work/specs/github-ghes-3.0.yaml
if [ ! -f "$ghes" ]; then
  read -r repo tag path _ < <(grep ' github-ghes-3.0.yaml$' scripts/lib/real-world-specs.list)
  git -C "$mirror/$repo.git" show "$tag:$path" > "$ghes"
fi

swift build -c release --product authgen >/dev/null 2>&1
authgen=$(swift build -c release --show-bin-path)/authgen

sog_dir=.build-sog
sog=$sog_dir/build/release/swift-openapi-generator
if [ ! -x "$sog" ]; then
  echo "building swift-openapi-generator 1.14.3 from the mirror (once)..."
  rm -rf "$sog_dir/src"
  git clone -q "$mirror/apple/swift-openapi-generator.git" "$sog_dir/src"
  git -C "$sog_dir/src" checkout -q 1.14.3
  (cd "$sog_dir/src" && swift build -c release --product swift-openapi-generator --scratch-path ../build >/dev/null)
fi

measure() { # label, then the command
  local label=$1; shift
  /usr/bin/time -f "%e %M" -o "$work/bench/time" "$@" >/dev/null 2>&1
  read -r seconds kilobytes < "$work/bench/time"
  printf '%-64s %7.2f s  peak %6d MB\n' "$label" "$seconds" "$((kilobytes / 1024))"
}

measure "authgen (specs/v1.json, Swift + docs)" "$authgen" generate --spec specs/v1.json --output "$work/bench/v1" --docs-output "$work/bench/v1-docs"
printf 'generate: [types, client, server]\naccessModifier: public\n' > "$work/bench/sog-config.yaml"
# Five runs each, into fresh folders; the same outputs for both (models, validators or types,
# client, server), then authgen with its reference pages too.
for run in 1 2 3 4 5; do
  rm -rf "$work/bench/ghes" "$work/bench/sog"; mkdir -p "$work/bench/sog"
  measure "authgen (ghes 2.5 MB, Swift) run $run" "$authgen" generate --spec "$ghes" --output "$work/bench/ghes/Sources"
  measure "swift-openapi-generator (ghes, types+client+server) run $run" "$sog" generate "$ghes" --config "$work/bench/sog-config.yaml" --output-directory "$work/bench/sog"
done
rm -rf "$work/bench/ghes-docs"
measure "authgen (ghes, Swift + 700 reference pages)" "$authgen" generate --spec "$ghes" --output "$work/bench/ghes-docs/Sources" --docs-output "$work/bench/ghes-docs/docs"

# Both outputs compile against the same debug modules (AuthGenSupport, swift-openapi-runtime,
# swift-http-types); a shared library may leave those symbols to load time.
swift build --target AuthGenSupport >/dev/null 2>&1
modules=$(swift build --show-bin-path)/Modules
compile() { # label, module name, folder of sources
  local label=$1 module=$2 folder=$3
  # A response file: thousands of paths exceed ARG_MAX.
  find "$folder" -name '*.swift' | sort > "$work/bench/$module.files"
  local start; start=$(date +%s.%N)
  swiftc -parse-as-library -emit-library -j 2 -module-name "$module" -I "$modules" -o "$work/bench/lib$module.so" \
    "@$work/bench/$module.files" > "$work/bench/$module.log" 2>&1 \
    || { echo "$label: compile FAILED"; grep -m 5 'error:' "$work/bench/$module.log"; return 1; }
  printf '%-64s %7.1f s  (%s files, %s lines)\n' "$label" "$(echo "$(date +%s.%N) - $start" | bc)" \
    "$(wc -l < "$work/bench/$module.files")" "$(xargs cat < "$work/bench/$module.files" | wc -l)"
}
compile "compile authgen output (debug, 2 jobs)" GHESAuthgen "$work/bench/ghes/Sources"
compile "compile swift-openapi-generator output (debug, 2 jobs)" GHESSog "$work/bench/sog"
