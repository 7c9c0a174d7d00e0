#!/usr/bin/env python3
"""Every repository path the project's text names exists: README, the docs, the templates'
README, and the comments of Sources/, Tests/, scripts/ and Plugins/. A path is a word that
starts with one of the repository's top-level folders (Sources/, Tests/, scripts/, ...) or names
a file at the top (README.md, Package.swift, authgen.yaml). Prints each missing one with where
it is named; exits 1 if any is missing."""
import os
import re
import subprocess
import sys

root = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
os.chdir(root)
tracked = subprocess.run(["git", "ls-files"], capture_output=True, text=True, check=True).stdout.split()
folders = sorted({path.split("/")[0] for path in tracked if "/" in path})
top_files = ["README.md", "Package.swift", "authgen.yaml", ".ci/run"]
pattern = re.compile(r"(?<![\w./-])((?:%s)/[\w.+/-]*[\w+]|%s)" % ("|".join(re.escape(f) for f in folders if not f.startswith(".")) + "|\\.ci", "|".join(re.escape(f) for f in top_files)))
existing = set(tracked)
directories = {os.path.dirname(path) for path in tracked}
while any(os.path.dirname(d) not in directories and d for d in directories):
    directories |= {os.path.dirname(d) for d in directories}


def exists(path):
    path = path.rstrip("/.")
    return path in existing or path in directories or any(p.startswith(path) for p in existing if "*" in path) or os.path.exists(path)


texts = [p for p in tracked if p.endswith(".md") and not p.startswith("Tests/Fixtures/")]
code = [p for p in tracked if re.match(r"(Sources|Tests|scripts|Plugins)/", p) and p.endswith((".swift", ".sh", ".py")) and "/Fixtures/" not in p and "/Embedded/" not in p]
missing = []
for path in texts + code:
    with open(path, encoding="utf-8") as handle:
        for number, line in enumerate(handle, 1):
            if path.endswith(".swift") and "//" not in line:
                continue
            if path.endswith((".sh", ".py")) and "#" not in line:
                continue
            for match in pattern.finditer(line):
                name = match.group(1)
                if "*" in name or "<" in name or name.endswith((".build", ".swiftpm")):
                    continue
                if not exists(name):
                    missing.append(f"{path}:{number}: names {name}, which is not in the repository")
for line in missing:
    print(line)
print(f"check-references: {len(texts) + len(code)} files read, {len(missing)} missing path(s)")
sys.exit(1 if missing else 0)
