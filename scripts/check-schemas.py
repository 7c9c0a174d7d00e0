#!/usr/bin/env python3
"""Checks the committed JSON Schemas (Schemas/) with a validator nobody here wrote (jsonschema,
from PyPI, in a virtual environment made on first use): each schema is valid Draft 2020-12;
the repository's authgen configs, the README's example configurations and the generated
reference data conform; and documents broken on purpose are refused, so a schema that accepts
anything fails here too."""
import copy
import json
import os
import pathlib
import re
import subprocess
import sys
import tempfile

ROOT = pathlib.Path(__file__).resolve().parent.parent
VENV = ROOT / ".build-schema-venv"
if sys.prefix != str(VENV):
    if not (VENV / "bin/python").exists():
        subprocess.run([sys.executable, "-m", "venv", str(VENV)], check=True)
        subprocess.run([str(VENV / "bin/pip"), "install", "-q", "jsonschema==4.23.0", "PyYAML==6.0.3"], check=True)
    os.execv(str(VENV / "bin/python"), [str(VENV / "bin/python")] + sys.argv)

import jsonschema  # noqa: E402
import yaml  # noqa: E402

failures = []
checked = 0


def load_schema(name):
    schema = json.loads((ROOT / "Schemas" / name).read_text())
    jsonschema.Draft202012Validator.check_schema(schema)
    return jsonschema.Draft202012Validator(schema)


def expect(validator, document, valid, label):
    global checked
    checked += 1
    errors = sorted(validator.iter_errors(document), key=lambda e: list(e.absolute_path))
    if valid and errors:
        failures.append(f"{label}: {errors[0].message} (at /{'/'.join(map(str, errors[0].absolute_path))})")
    if not valid and not errors:
        failures.append(f"{label}: accepted, but it is broken on purpose")


authgen = load_schema("authgen.schema.json")
server = load_schema("auth-server.schema.json")
reference = load_schema("reference-data.schema.json")

configs = [ROOT / "authgen.yaml", *sorted((ROOT / "Tests/Fixtures").glob("*.authgen.yaml"))]
for path in configs:
    document = yaml.safe_load(path.read_text())
    expect(authgen, document, True, path.relative_to(ROOT))
base = yaml.safe_load((ROOT / "authgen.yaml").read_text())
for label, change in [
    ("unknown key", lambda d: d.update(output=[])),
    ("unknown output kind", lambda d: d["outputs"][0].update(kind="kotlin")),
    ("override that is code", lambda d: d.update(nameOverrides={"pet_type": "a; import Darwin"})),
    ("twins without labels", lambda d: d["pages"]["twins"].pop("primary")),
]:
    broken = copy.deepcopy(base)
    change(broken)
    expect(authgen, broken, False, f"authgen.yaml, {label}")

readme = (ROOT / "README.md").read_text()
examples = re.findall(r"```yaml\n(.*?)```", readme, re.S)
server_examples = [yaml.safe_load(text) for text in examples if text.startswith("# auth.yaml")]
if not server_examples:
    failures.append("README.md: no example configuration (a ```yaml block starting with # auth.yaml)")
for index, document in enumerate(server_examples):
    expect(server, document, True, f"README.md auth.yaml example {index + 1}")
    for label, change in [
        ("inline secret", lambda d: d["secrets"].update(otpKey="c2VjcmV0")),
        ("misspelt key", lambda d: d["brands"]["DocDemo"].update(otpLenght=6)),
        ("webhook without url", lambda d: d["providers"]["gateway"].pop("url")),
        ("unknown channel", lambda d: d["defaults"]["channels"].update(PIGEON={"provider": "gateway"})),
        ("otpLength out of range", lambda d: d["defaults"].update(otpLength=3)),
        ("password minimum below 8", lambda d: d["defaults"].update(passwords={"enabled": True, "minLength": 4})),
    ]:
        broken = copy.deepcopy(document)
        change(broken)
        expect(server, broken, False, f"README.md auth.yaml example {index + 1}, {label}")

data = sorted((ROOT / "docs/reference-data").glob("*.json"))
if len(data) < 3:
    failures.append("docs/reference-data: expected the index, the catalogue and the pages")
for path in data:
    document = json.loads(path.read_text())
    expect(reference, document, True, path.relative_to(ROOT))
page = json.loads((ROOT / "docs/reference-data/generate-otp-api.json").read_text())
for label, change in [
    ("no operationId", lambda d: d.pop("operationId")),
    ("an unknown requirement", lambda d: d["body"]["parameters"][0].update(requirement="maybe")),
    ("a code that is not a number", lambda d: d["errors"][0].update(code="E1")),
]:
    broken = copy.deepcopy(page)
    change(broken)
    expect(reference, broken, False, f"generate-otp-api.json, {label}")

# authgen's own reader refuses exactly what the schema refuses: the repository's config with
# each key in turn removed, set to a number or to text, and an unknown key beside each mapping's
# keys, judged by jsonschema and by `authgen check` (built first, as CI does).
authgen_binary = ROOT / ".build/debug/authgen"
if not authgen_binary.exists():
    failures.append(f"{authgen_binary.relative_to(ROOT)}: missing; run swift build first")
else:
    config = yaml.safe_load((ROOT / "authgen.yaml").read_text())
    config["spec"] = str(ROOT / "specs/v1.json")
    config.pop("templates", None)

    def mutations(node, path=()):
        if isinstance(node, dict):
            yield path, "add an unknown key", lambda parent: parent.update(bogus=1)
            for key, value in node.items():
                yield path, f"remove {key}", lambda parent, key=key: parent.pop(key)
                yield path, f"{key} a number", lambda parent, key=key: parent.update({key: 7})
                yield path, f"{key} text", lambda parent, key=key: parent.update({key: "x y"})
                yield from mutations(value, path + (key,))
        elif isinstance(node, list):
            for index, value in enumerate(node):
                yield from mutations(value, path + (index,))

    compared = 0
    with tempfile.TemporaryDirectory() as folder:
        path = pathlib.Path(folder) / "authgen.yaml"
        for where, label, change in mutations(config):
            broken = copy.deepcopy(config)
            parent = broken
            for key in where:
                parent = parent[key]
            change(parent)
            path.write_text(yaml.safe_dump(broken))
            run = subprocess.run([str(authgen_binary), "check", "--config", str(path)], capture_output=True, text=True)
            refused = f"{path}:" in run.stderr and "error" in run.stderr
            valid = not list(authgen.iter_errors(broken))
            compared += 1
            if refused == valid:
                name = "/" + "/".join(map(str, where))
                failures.append(f"authgen.yaml at {name}, {label}: the schema {'accepts' if valid else 'refuses'} it, authgen does not")
    print(f"config reader: {compared} configs, each judged by jsonschema and by authgen check")

for failure in failures:
    print("FAIL", failure)
print(f"schemas: {checked} documents checked against 3 schemas, {len(failures)} failures")
sys.exit(1 if failures else 0)
