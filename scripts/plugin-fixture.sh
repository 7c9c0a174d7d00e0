#!/usr/bin/env bash
# The two SwiftPM plugins, used by another package the way the README says
# (Tests/Fixtures/PluginPackage, which depends on this one by path):
#   - its build: the AuthGenBuild plugin generates the Greetings module into the build folder,
#     and again when the spec is edited;
#   - plugin-check serves and calls both generated modules and fails on any difference;
#   - the AuthGenCommand plugin rewrites a deleted committed file, identical, and `check` passes.
# CI runs it on a clean clone, so the fixture builds from nothing there (authgen and its
# dependencies included: a few minutes); here it reuses the fixture's .build.
set -euo pipefail
cd "$(dirname "$0")/../Tests/Fixtures/PluginPackage"
swift build
swift run --skip-build plugin-check
committed=Sources/CommittedGreetings/Client.swift
spec=Sources/Greetings/greetings.yaml
trap 'git checkout -- "$committed" "$spec"' ERR
# Editing the spec regenerates at the next build: a property added appears in the module, and
# is gone again once the edit is undone.
generated() { grep -rqs "public var language" .build/plugins/outputs/*/Greetings; }
sed -i 's/^        text: {type: string}$/&\n        language: {type: string}/' "$spec"
swift build
generated || { echo "plugin-fixture: the build did not regenerate after the spec was edited"; exit 1; }
git checkout -- "$spec"
swift build
! generated || { echo "plugin-fixture: the build kept what an undone spec edit generated"; exit 1; }
rm "$committed"
swift package --allow-writing-to-package-directory authgen generate
changed=$(git status --porcelain -- Sources/CommittedGreetings)
if [[ -n "$changed" ]]; then
    echo "plugin-fixture: generate through the plugin differs from what is committed:"; echo "$changed"; exit 1
fi
swift package --allow-writing-to-package-directory authgen check
echo "plugin-fixture: build plugin, generated modules and command plugin all as committed"
