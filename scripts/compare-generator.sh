#!/usr/bin/env bash
# Generates Swift and reference pages for the real-world specs (scripts/lib/real-world-specs.list)
# and this repository's spec with two authgen binaries, and compares the trees byte for byte:
# a change to the generator that means to keep its output shows that it did.
#
#   scripts/compare-generator.sh                 # this checkout against HEAD's authgen
#   BASE_REF=v1 scripts/compare-generator.sh     # against another commit's
#   BASE=/path/to/authgen scripts/compare-generator.sh
#
# The base is built in a worktree under .build-compare (a few minutes the first time). Prints
# one line per spec; exits 1 when any output differs, with the first lines of the diff.
set -euo pipefail
cd "$(dirname "$0")/.."
mirror=${SWIFT_PACKAGE_MIRROR:-/opt/swift-packages}
work=.build-compare
mkdir -p "$work/specs" "$work/out"

if [[ -z "${BASE:-}" ]]; then
  ref=${BASE_REF:-HEAD}
  rm -rf "$work/base"; git worktree prune
  git worktree add --detach "$work/base" "$ref" >/dev/null
  (cd "$work/base" && swift build --product authgen >/dev/null)
  BASE=$work/base/.build/debug/authgen
fi
swift build --product authgen >/dev/null
head=$(swift build --show-bin-path)/authgen

grep -v '^#' scripts/lib/real-world-specs.list | while read -r repo tag path name; do
  git -C "$mirror/$repo.git" show "$tag:$path" > "$work/specs/$name"
done
cp specs/v1.json "$work/specs/auth-v1.json"

status=0
for spec in "$work"/specs/*; do
  name=$(basename "$spec"); name=${name%.*}
  for side in base head; do
    binary=$BASE; [[ $side == head ]] && binary=$head
    rm -rf "$work/out/$side/$name"
    "$binary" generate --spec "$spec" --output "$work/out/$side/$name/Sources" --docs-output "$work/out/$side/$name/docs" \
      > /dev/null 2> "$work/out/$side-$name.warnings" || echo "$side failed on $name" >> "$work/out/$side-$name.warnings"
  done
  if diff -r "$work/out/base/$name" "$work/out/head/$name" > "$work/out/$name.diff" \
      && diff "$work/out/base-$name.warnings" "$work/out/head-$name.warnings" >> "$work/out/$name.diff"; then
    echo "$name: identical ($(find "$work/out/head/$name" -type f | wc -l) files)"
  else
    echo "$name: DIFFERS"; head -20 "$work/out/$name.diff"; status=1
  fi
done
exit $status
