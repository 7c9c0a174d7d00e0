#!/usr/bin/env bash
# swift-format over every hand-written Swift file, with the committed .swift-format.
#   scripts/format.sh         rewrite the files in place
#   scripts/format.sh --lint  only report, non-zero on any finding (CI runs this)
# Generated code (Sources/AuthAPI, the template bundle, the fixtures' APIs) is left out: the
# templates decide its layout, and `authgen check` keeps it as they render it. The libraries
# users import must also document every public declaration.
set -euo pipefail
cd "$(dirname "$0")/.."
mapfile -t files < <(git ls-files '*.swift' | grep -v -e '^Sources/AuthAPI/' -e '^Sources/AuthGenCore/Embedded/' -e '^Tests/Fixtures/')
if [[ "${1:-}" == "--lint" ]]; then
    swift format lint --strict --parallel "${files[@]}"
    public_docs=$(mktemp)
    trap 'rm -f "$public_docs"' EXIT
    python3 -c 'import json, sys; c = json.load(open(".swift-format")); c["rules"]["AllPublicDeclarationsHaveDocumentation"] = True; json.dump(c, open(sys.argv[1], "w"))' "$public_docs"
    swift format lint --strict --configuration "$public_docs" --recursive Sources/AuthGenSupport Sources/AuthServer Sources/AuthPayloadHash
    echo "format: ${#files[@]} files clean; every public declaration of AuthGenSupport, AuthServer, AuthPayloadHash documented"
else
    swift format format --in-place --parallel "${files[@]}"
fi
