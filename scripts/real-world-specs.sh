#!/usr/bin/env bash
# Generates models, validators, client, server and docs for public OpenAPI specs found on this machine (the test
# inputs of OpenAPIKit and an example of swift-openapi-generator, read from the local package
# mirror) and compiles each output against AuthGenSupport. Prints one line per spec.
# Nothing it extracts is committed: everything lives under .build-realworld/.
set -euo pipefail
cd "$(dirname "$0")/.."
mirror=${SWIFT_PACKAGE_MIRROR:-/opt/swift-packages}
work=.build-realworld
rm -rf "$work/specs"; mkdir -p "$work/specs"

grep -v '^#' scripts/lib/real-world-specs.list | while read -r repo tag path name; do
  git -C "$mirror/$repo.git" show "$tag:$path" > "$work/specs/$name"
done

swift build -c release --product authgen >/dev/null 2>&1
authgen=$(swift build -c release --show-bin-path)/authgen

# AuthGenSupport and its dependencies (swift-openapi-runtime, swift-http-types) as modules the
# generated code imports; a shared library may leave their symbols to be resolved at load time.
swift build --target AuthGenSupport >/dev/null 2>&1
modules=$(swift build --show-bin-path)/Modules

status=0
for spec in "$work"/specs/*; do
  name=$(basename "$spec"); name=${name%.*}
  out="$work/out/$name"
  rm -rf "$out"
  start=$(date +%s.%N)
  if ! "$authgen" generate --spec "$spec" --output "$out/Sources" --docs-output "$out/docs" 2> "$work/$name.warnings"; then
    echo "$name: generation FAILED"; tail -5 "$work/$name.warnings"; status=1; continue
  fi
  generated=$(date +%s.%N)
  files=$(find "$out/Sources" -name '*.swift' | wc -l)
  warnings=$(grep -c ': warning:' "$work/$name.warnings" || true)
  # One module: the file list goes in a response file, as thousands of paths exceed ARG_MAX.
  find "$out/Sources" -name '*.swift' | sort > "$work/$name.files"
  if ! swiftc -parse-as-library -emit-library -j 2 -module-name "RealWorld" -I "$modules" \
      -o "$out/libRealWorld.so" "@$work/$name.files" > "$work/$name.compile" 2>&1; then
    echo "$name: compile FAILED"; grep -m 5 'error:' "$work/$name.compile"; status=1; continue
  fi
  compiled=$(date +%s.%N)
  printf '%-22s %5s files  %4s warnings  generate %6.2f s  compile %6.1f s  (%s KB spec)\n' \
    "$name" "$files" "$warnings" "$(echo "$generated - $start" | bc)" "$(echo "$compiled - $generated" | bc)" "$(( $(stat -c %s "$spec") / 1024 ))"
done
exit $status
