#!/usr/bin/env python3
"""Mutation fuzzing of authgen: seeded, bounded mutations of the real-world specs on the package
mirror (scripts/lib/real-world-specs.list) and of this repository's own spec, each run through
`authgen lint` and `authgen generate`. Each document as written must generate; a mutated one
may fail with diagnostics, but must not crash, hang or exhaust memory. Prints one line per failure and a summary; exits 1 if any case failed, and
keeps each failing input under .build-fuzz/failures/ to reproduce it.

    scripts/fuzz-generator.py [--seed N] [--cases N] [--timeout SECONDS] [--authgen PATH] [--large]
"""
import argparse, json, os, pathlib, random, resource, shutil, subprocess, sys, tempfile, time

ROOT = pathlib.Path(__file__).resolve().parent.parent
try:
    import yaml
except ImportError:  # A fresh machine: PyYAML (pinned) in a virtual environment of its own.
    venv = ROOT / ".build-fuzz-venv"
    if not (venv / "bin/python").exists():
        subprocess.run([sys.executable, "-m", "venv", str(venv)], check=True)
        subprocess.run([str(venv / "bin/pip"), "install", "-q", "PyYAML==6.0.3"], check=True)
    os.execv(str(venv / "bin/python"), [str(venv / "bin/python")] + sys.argv)
WORK = ROOT / ".build-fuzz"
HOSTILE_NAMES = ["class", "self", "Type", "", "1st", "a-b", "🙂", "`", "\\", "default", "String", "init"]


def load_specs(mirror, large):
    """The documents as written, name -> bytes, and those to mutate, parsed once: name -> tree.
    The GitHub spec (8 MB) is mutated only when `large`: each of its cases takes a minute in a
    debug build."""
    originals = {"v1.json": (ROOT / "specs/v1.json").read_bytes()}
    for line in (ROOT / "scripts/lib/real-world-specs.list").read_text().splitlines():
        if line.strip() and not line.startswith("#"):
            repo, tag, path, name = line.split()
            originals[name] = subprocess.run(["git", "-C", f"{mirror}/{repo}.git", "show", f"{tag}:{path}"], check=True, capture_output=True).stdout
    loader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
    specs = {name: yaml.load(text, Loader=loader) for name, text in originals.items() if large or not name.startswith("github")}
    return originals, specs


def nodes(tree):
    """Every (container, key, path) of the tree. Iterative: mutations nest thousands deep."""
    pending = [(tree, ())]
    while pending:
        value, path = pending.pop()
        items = value.items() if isinstance(value, dict) else enumerate(value) if isinstance(value, list) else ()
        for key, child in items:
            yield value, key, path + (key,)
            pending.append((child, path + (key,)))


def pointer(path):
    return "#/" + "/".join(str(p).replace("~", "~0").replace("/", "~1") for p in path)


def mutate(tree, rng):
    """One structural mutation, in place; its name."""
    places = list(nodes(tree))
    container, key, path = rng.choice(places)
    kind = rng.choice(["retype", "delete", "transplant", "retarget", "self-ref", "nest", "huge", "rename"])
    if kind == "retype":
        container[key] = rng.choice([None, 0, -1, 1.5, True, "", "x" * 5, [], {}, [None], {"type": 7}])
    elif kind == "delete" and isinstance(container, dict):
        del container[key]
    elif kind == "transplant":
        _, other_key, other_path = rng.choice(places)
        source = tree
        for step in other_path:
            source = source[step]
        container[key] = json.loads(json.dumps(source))
    elif kind == "retarget":
        refs = [(c, k) for c, k, p in places if k == "$ref"]
        target = pointer(rng.choice(places)[2]) if rng.random() < 0.7 else "#/components/schemas/Nowhere"
        if refs:
            c, k = rng.choice(refs)
            c[k] = target
        else:
            container[key] = {"$ref": target}
    elif kind == "self-ref":
        container[key] = {"$ref": pointer(path)}
    elif kind == "nest":
        value = container[key]
        for _ in range(rng.choice([50, 300, 3000])):
            value = rng.choice([[value], {"type": "object", "properties": {"a": value}}, {"allOf": [value]}])
        container[key] = value
    elif kind == "huge":
        container[key] = "y" * rng.choice([10_000, 1_000_000]) if rng.random() < 0.5 else [f"v{i}" for i in range(50_000)]
    elif kind == "rename" and isinstance(container, dict):
        container[rng.choice(HOSTILE_NAMES)] = container.pop(key)
    return kind


def text_of(tree, rng, name):
    """The mutated tree as JSON or YAML, sometimes truncated or with a flipped byte."""
    as_json = rng.random() < 0.5
    try:
        text = json.dumps(tree, ensure_ascii=False) if as_json else yaml.dump(tree, Dumper=getattr(yaml, "CSafeDumper", yaml.SafeDumper), allow_unicode=True, sort_keys=False)
    except RecursionError:
        text = json.dumps({"openapi": "3.1.0"})
    data = text.encode()
    roll = rng.random()
    if roll < 0.1:
        data = data[: rng.randrange(len(data))]
    elif roll < 0.2:
        index = rng.randrange(len(data))
        data = data[:index] + bytes([rng.randrange(256)]) + data[index + 1:]
    return data, (pathlib.Path(name).stem + (".json" if as_json else ".yaml"))


def limit_memory():
    # 4 GiB of address space: a run that wants more is a failure, not a machine brought down.
    resource.setrlimit(resource.RLIMIT_AS, (4 << 30, 4 << 30))


def run(authgen, arguments, timeout):
    """'ok', 'crash (signal N)', 'hang' or 'out of memory' for one authgen run."""
    try:
        result = subprocess.run([authgen] + arguments, capture_output=True, timeout=timeout, preexec_fn=limit_memory)
    except subprocess.TimeoutExpired:
        return "hang"
    error = result.stderr.decode(errors="replace")
    if result.returncode < 0:
        return f"crash (signal {-result.returncode})"
    if "Fatal error" in error or "out of memory" in error.lower() or "std::bad_alloc" in error:
        return "crash: " + error.strip().splitlines()[-1][:200]
    if result.returncode not in (0, 1):
        return f"exit {result.returncode}: " + (error.strip().splitlines() or [""])[-1][:200]
    return "ok"


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--seed", type=int, default=20261202)
    parser.add_argument("--cases", type=int, default=200)
    parser.add_argument("--timeout", type=float, default=60)
    parser.add_argument("--authgen", default=None, help="the binary (default: this package's debug build)")
    parser.add_argument("--mirror", default="/opt/swift-packages")
    parser.add_argument("--large", action="store_true", help="mutate the GitHub spec too")
    options = parser.parse_args()
    authgen = options.authgen or str(ROOT / ".build/debug/authgen")
    if not pathlib.Path(authgen).exists():
        sys.exit(f"no authgen at {authgen}: run `swift build --product authgen` first")

    rng = random.Random(options.seed)
    sys.setrecursionlimit(100_000)
    originals, specs = load_specs(options.mirror, options.large)
    failures_folder = WORK / "failures"
    shutil.rmtree(WORK, ignore_errors=True)
    failures_folder.mkdir(parents=True)
    started = time.monotonic()
    counts, failures = {"ok": 0}, 0
    # Every document as written generates: a defence that refuses a real spec is a failure too.
    for name, data in sorted(originals.items()):
        with tempfile.TemporaryDirectory(dir=WORK) as folder:
            spec = pathlib.Path(folder) / name
            spec.write_bytes(data)
            result = subprocess.run([authgen, "generate", "--spec", str(spec), "--output", folder + "/Out", "--docs-output", folder + "/docs"],
                                    capture_output=True, timeout=options.timeout * 5, preexec_fn=limit_memory)
            if result.returncode != 0:
                failures += 1
                print(f"{name} as written: authgen generate exit {result.returncode}: "
                      + (result.stderr.decode(errors="replace").strip().splitlines() or [""])[0][:300], flush=True)
    for case in range(options.cases):
        name = rng.choice(sorted(specs))
        tree = json.loads(json.dumps(specs[name]))
        kinds = [mutate(tree, rng) for _ in range(rng.choice([1, 1, 2, 3]))]
        data, file_name = text_of(tree, rng, name)
        with tempfile.TemporaryDirectory(dir=WORK) as folder:
            spec = pathlib.Path(folder) / file_name
            spec.write_bytes(data)
            for command in (["lint", str(spec)], ["generate", "--spec", str(spec), "--output", folder + "/Out", "--docs-output", folder + "/docs"]):
                outcome = run(authgen, command, options.timeout)
                if outcome == "ok":
                    counts["ok"] += 1
                    continue
                failures += 1
                kept = failures_folder / f"case-{case}-{file_name}"
                kept.write_bytes(data)
                print(f"case {case} ({name}, {'+'.join(kinds)}): authgen {command[0]}: {outcome}; input kept as {kept.relative_to(ROOT)}", flush=True)
    print(f"authgen fuzzing, seed {options.seed}: {len(originals)} specs as written, {options.cases} mutated specs, {2 * options.cases} runs, "
          f"{failures} failed (crash, hang or exhausted memory), {time.monotonic() - started:.0f} s")
    sys.exit(1 if failures else 0)


if __name__ == "__main__":
    main()
