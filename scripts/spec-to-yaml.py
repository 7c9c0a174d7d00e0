#!/usr/bin/env python3
"""Writes specs/v1.yaml from specs/v1.json (the source of truth), key order kept."""
import json
import pathlib
import yaml

root = pathlib.Path(__file__).resolve().parent.parent
document = json.loads((root / "specs/v1.json").read_text())
text = yaml.safe_dump(document, sort_keys=False, allow_unicode=True, width=100)
(root / "specs/v1.yaml").write_text(text)
print("wrote specs/v1.yaml")
