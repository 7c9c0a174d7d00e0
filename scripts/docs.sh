#!/usr/bin/env bash
# The DocC documentation of the libraries users import, built with swift-docc-plugin; any
# warning (a broken symbol link, an unknown article) fails it. The archives land in
# .build/plugins/Swift-DocC/outputs/; `swift package --disable-sandbox preview-documentation
# --target AuthServer` serves one locally.
set -euo pipefail
cd "$(dirname "$0")/.."
swift package generate-documentation --warnings-as-errors \
    --target AuthGenSupport --target AuthPayloadHash --target AuthServer
