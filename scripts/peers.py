#!/usr/bin/env python3
"""Helper for peers.sh: builds the benchmark text, runs one extractor over it, prints a table.

Subcommands (each result is one JSON object on stdout):
  text OUT BYTES            corpus/*.txt joined by blank lines, repeated to >= BYTES bytes
  sample IN OUT BYTES       the first whole lines of IN totalling <= BYTES bytes
  duckling FILE BUDGET_S    Duckling (pyduckling-native-phihos), one parse per non-empty line,
                            dims number, ordinal, quantity, money, distance, duration,
                            temperature, volume, time
  duckling-number FILE BUDGET_S   the same with the number dim only
  quantulum FILE BUDGET_S   quantulum3 parser.parse per non-empty line
  tally BIN FILE RUNS [LABEL]
                            `BIN extract FILE --json > /dev/null`, wall clock, median of RUNS
  table RESULTS.jsonl       the comparison table

Peers stop after BUDGET_S seconds of parsing and report the bytes they got through, so
throughput is always bytes parsed / seconds spent parsing: a peer measured on a sample is
compared per byte with Tally measured on the whole text.
"""

import json
import os
import statistics
import subprocess
import sys
import time

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))


def cmd_text(out, size):
    corpus = os.path.join(ROOT, "corpus")
    names = sorted(n for n in os.listdir(corpus) if n.endswith(".txt"))
    one = ""
    for n in names:
        with open(os.path.join(corpus, n), encoding="utf-8") as f:
            one += f.read().rstrip() + "\n\n"
    text = ""
    while len(text.encode()) < size:
        text += one
    with open(out, "w", encoding="utf-8") as f:
        f.write(text)
    print(json.dumps({"file": out, "bytes": len(text.encode()), "articles": len(names)}))


def cmd_sample(src, out, size):
    taken, n = [], 0
    with open(src, encoding="utf-8") as f:
        for line in f:
            b = len(line.encode())
            if n + b > size:
                break
            taken.append(line)
            n += b
    with open(out, "w", encoding="utf-8") as f:
        f.writelines(taken)
    print(json.dumps({"file": out, "bytes": n}))


def lines_of(path):
    with open(path, encoding="utf-8") as f:
        return [l for l in f.read().split("\n") if l.strip()]


def run_lines(tool, parse, path, budget, load_s):
    """Parse line by line until done or over budget. Complete: bytes = the file's size;
    stopped early: the bytes of the lines parsed, newlines included."""
    lines = lines_of(path)
    n_bytes, items, done = 0, 0, 0
    t0 = time.perf_counter()
    for line in lines:
        items += len(parse(line))
        n_bytes += len(line.encode()) + 1
        done += 1
        if time.perf_counter() - t0 > budget:
            break
    secs = time.perf_counter() - t0
    if done == len(lines):
        n_bytes = os.path.getsize(path)
    print(json.dumps({"tool": tool, "bytes": n_bytes, "seconds": secs, "items": items,
                      "lines": done, "of_lines": len(lines), "load_seconds": load_s,
                      "complete": done == len(lines)}))


DUCKLING_DIMS = ["number", "ordinal", "quantity", "amount-of-money", "distance", "duration",
                 "temperature", "volume", "time"]


def duckling_parser(dim_names):
    """A function parsing one text with Duckling (English, these dims, no latent entities), and
    Duckling's version."""
    import duckling
    from duckling import (Context, default_locale_lang, load_time_zones, parse,
                          parse_dimensions, parse_lang, parse_ref_time)
    tz = load_time_zones("/usr/share/zoneinfo")
    ref = parse_ref_time(tz, "UTC", 1740700800)  # 2025-02-28, the corpus' publication date
    ctx = Context(ref, default_locale_lang(parse_lang("EN")))
    dims = parse_dimensions(dim_names)
    return (lambda text: parse(text, ctx, dims, False)), duckling.__version__


def cmd_duckling(path, budget, dim_names=None):
    t0 = time.perf_counter()
    dim_names = dim_names or DUCKLING_DIMS
    p, version = duckling_parser(dim_names)

    p("Warm-up: more than 600 prisoners on Feb. 27, 2025, and $4.5 million.")
    load_s = time.perf_counter() - t0
    label = "all dims" if dim_names == DUCKLING_DIMS else "+".join(dim_names)
    run_lines(f"duckling {version} ({label})", p, path, budget, load_s)


def cmd_quantulum(path, budget):
    import warnings
    warnings.filterwarnings("ignore")  # "classifier dependencies not installed"
    t0 = time.perf_counter()
    from importlib.metadata import version
    from quantulum3 import parser
    parser.parse("Warm-up: more than 600 prisoners and $4.5 million.")  # loads its tables
    load_s = time.perf_counter() - t0
    run_lines(f"quantulum3 {version('quantulum3')}", parser.parse, path, budget, load_s)


def cmd_tally(binary, path, runs, label="tally (CLI, --json)"):
    size = os.path.getsize(path)
    times = []
    for _ in range(runs):
        t0 = time.perf_counter()
        r = subprocess.run([binary, "extract", path, "--json"], stdout=subprocess.DEVNULL,
                           stderr=subprocess.PIPE)
        times.append(time.perf_counter() - t0)
        if r.returncode != 0:
            sys.stderr.write(r.stderr.decode(errors="replace"))
            sys.exit(f"tally exited with {r.returncode}")
    out = subprocess.run([binary, "extract", path, "--json"], capture_output=True, check=True)
    items = sum(1 for l in out.stdout.splitlines() if l.strip())
    print(json.dumps({"tool": label, "bytes": size,
                      "seconds": statistics.median(times), "items": items, "runs": runs,
                      "all_seconds": times, "complete": True, "load_seconds": None}))


def cmd_table(results_path):
    rows = []
    with open(results_path) as f:
        for line in f:
            line = line.strip()
            if line.startswith("{"):
                rows.append(json.loads(line))
    tally = next((r for r in rows if r["tool"].startswith("tally")), None)
    t_mbs = tally["bytes"] / tally["seconds"] / 1e6 if tally else None
    hdr = f"{'tool':<34} {'bytes':>9} {'seconds':>9} {'MB/s':>8} {'items':>7} {'Tally is':>10}  note"
    print(hdr)
    print("-" * len(hdr))
    for r in rows:
        if r.get("error"):
            print(f"{r['tool']:<34} {'-':>9} {'-':>9} {'-':>8} {'-':>7} {'-':>10}  {r['error']}")
            continue
        mbs = r["bytes"] / r["seconds"] / 1e6
        ratio = f"{t_mbs / mbs:.1f}x" if t_mbs else "?"
        notes = []
        if r.get("load_seconds") is not None:
            notes.append(f"load+warm-up {r['load_seconds']:.1f}s not timed")
        if not r.get("complete", True):
            notes.append(f"budget hit: {r['lines']}/{r['of_lines']} lines")
        if r.get("runs"):
            notes.append(f"median of {r['runs']} runs, process startup included")
        print(f"{r['tool']:<34} {r['bytes']:>9} {r['seconds']:>9.3f} {mbs:>8.3f} "
              f"{r['items']:>7} {ratio:>10}  {'; '.join(notes)}")
    print("\nMB = 10^6 bytes; throughput = bytes parsed / seconds, so peers measured on a "
          "sample compare per byte with Tally on the whole text. 'items' = claims or entities "
          "found (not comparable across tools). 'Tally is' = Tally MB/s / tool MB/s.")


def main(argv):
    if len(argv) < 2:
        sys.exit(__doc__)
    c, a = argv[1], argv[2:]
    if c == "text":
        cmd_text(a[0], int(a[1]))
    elif c == "sample":
        cmd_sample(a[0], a[1], int(a[2]))
    elif c == "duckling":
        cmd_duckling(a[0], float(a[1]))
    elif c == "duckling-number":
        cmd_duckling(a[0], float(a[1]), ["number"])
    elif c == "quantulum":
        cmd_quantulum(a[0], float(a[1]))
    elif c == "tally":
        cmd_tally(*a[:2], int(a[2]), *a[3:4])
    elif c == "table":
        cmd_table(a[0])
    else:
        sys.exit(__doc__)


if __name__ == "__main__":
    main(sys.argv)
