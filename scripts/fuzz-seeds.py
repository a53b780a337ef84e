#!/usr/bin/env python3
"""Writes the seed corpora of the fuzz targets from the project's data (used by scripts/fuzz.sh).

Usage: scripts/fuzz-seeds.py OUT_DIR TARGET...

Each seed goes to OUT_DIR/TARGET/<sha1 of its bytes>, the layout libFuzzer reads. The inputs
are the formats of fuzz/src/lib.rs: plain text for `extract` and `check`, a Content-Type line
then the body for `check_body`, and NUL-separated manifest, name, contents, ... for
`corpus_load`.
"""

import hashlib
import json
import pathlib
import sys

ROOT = pathlib.Path(__file__).resolve().parent.parent
DATA = ROOT / "testdata"


def load(path):
    return json.loads((DATA / path).read_text(encoding="utf-8"))


def corpus():
    manifest_text = (ROOT / "corpus" / "manifest.json").read_text(encoding="utf-8")
    manifest = json.loads(manifest_text)
    files = {
        d["file"]: (ROOT / "corpus" / d["file"]).read_text(encoding="utf-8")
        for d in manifest["documents"]
    }
    return manifest_text, manifest, files


def api_bodies():
    """(content type or None, body bytes) of every POST case of testdata/api/cases.json."""
    for case in load("api/cases.json")["cases"]:
        if case["method"] != "POST":
            continue
        if "body_json" in case:
            body = json.dumps(case["body_json"], ensure_ascii=False).encode()
        elif "body_hex" in case:
            body = bytes.fromhex(case["body_hex"])
        elif "body_repeat" in case:
            rep = case["body_repeat"]
            # Big enough to be long, small enough for a quick seed.
            body = (rep["text"] * min(rep["times"], 200)).encode()
        else:
            body = case.get("body", "").encode()
        yield case.get("content_type"), body


def texts():
    """Every piece of prose the project has: the corpus, test sentences and external suites."""
    _, _, files = corpus()
    yield from files.values()
    yield from (c["text"] for c in load("extract/cases.json")["cases"])
    yield from (d["text"] for d in load("check/drafts.json")["drafts"])
    for ct, body in api_bodies():
        if ct and ct.startswith("application/json"):
            try:
                yield json.loads(body)["text"]
            except (ValueError, KeyError, TypeError):
                pass
    ext = DATA / "external"
    for line in (ext / "duckling-en-corpus" / "duckling_en_corpus.jsonl").open(encoding="utf-8"):
        yield json.loads(line)["text"]
    yield from (q["req"] for q in json.loads((ext / "quantulum3" / "quantities.json").read_text()))
    for spec in sorted((ext / "ms-recognizers-specs").rglob("*.json")):
        yield from (c["Input"] for c in json.loads(spec.read_text(encoding="utf-8-sig")))


def check_bodies():
    for ct, body in api_bodies():
        yield (ct or "").encode() + b"\n" + body
    for d in load("check/drafts.json")["drafts"]:
        yield b"application/json\n" + json.dumps({"text": d["text"]}).encode()
        yield b"\n" + json.dumps({"text": d["text"], "as_of": "2024-04-01"}).encode()
        yield b"text/plain; charset=utf-8\n" + d["text"].encode()


def corpora():
    manifest_text, manifest, files = corpus()

    def pack(manifest_text, files):
        parts = [manifest_text]
        for name, text in files.items():
            parts += [name, text]
        return "\0".join(parts).encode()

    yield pack(manifest_text, files)
    docs = manifest["documents"]
    # Smaller corpora: each pair of documents, so that disputes across dates are reachable.
    for i, a in enumerate(docs):
        for b in docs[i + 1 :]:
            sub = {"documents": [a, b]}
            yield pack(json.dumps(sub, indent=1), {d["file"]: files[d["file"]] for d in (a, b)})
    # The manifest of shared/src/corpus.rs's unit tests, and a few refusals.
    small = {
        "documents": [
            {"id": "a", "file": "a.txt", "title": "A", "published": "2025-02-28", "date_basis": "x"},
            {"id": "b", "file": "b.txt", "title": "B", "published": "2024-03-30"},
        ]
    }
    yield pack(json.dumps(small), {"a.txt": "33 hostages were freed.", "b.txt": "130 hostages are held."})
    yield pack('{"documents": []}', {})
    yield pack(json.dumps(small).replace("a.txt", "../a.txt"), {"a.txt": "x"})


def main():
    out, targets = pathlib.Path(sys.argv[1]), sys.argv[2:]
    seeds = {
        "extract": lambda: (t.encode() for t in texts() if isinstance(t, str)),
        "check": lambda: (t.encode() for t in texts() if isinstance(t, str)),
        "check_body": check_bodies,
        "corpus_load": corpora,
    }
    for target in targets:
        d = out / target
        d.mkdir(parents=True, exist_ok=True)
        n = 0
        for seed in seeds[target]():
            (d / hashlib.sha1(seed).hexdigest()).write_bytes(seed)
            n += 1
        print(f"{target}: {n} seeds in {d}")


if __name__ == "__main__":
    main()
