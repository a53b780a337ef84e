#!/usr/bin/env python3
"""How Tally's costs grow with the corpus: start-up, memory, check latency, index size.

    scripts/scale.py [--sizes 1000,10000,100000] [--requests 200] [--bin target/release/tally]

For each size N it writes (once, then reuses) a synthetic corpus of N articles with
scripts/gen_corpus.py into target/scale/cN, starts `tally serve --corpus` on it and measures:

- start-up: from spawning the process to its "serving" line (loading, validating, extracting
  and indexing the whole corpus), wall clock;
- resident memory (VmRSS, VmHWM) once serving and after the checks;
- /v1/check latency for 5 KB drafts written like the corpus but not in it, one request at a
  time (p50, p90, p99, max over --requests requests after 5 warm-up ones);
- the index's size as the server reports it in /metrics (claims, keys, postings, and the
  estimated bytes of the index besides the text);
- the first GET /v1/conflicts, which computes the corpus's conflicts (then cached).

Prints a table and writes target/scale/report.txt and report.json. Run it by hand on a quiet
machine (see scripts/README.md); it is not part of CI. The release binary is built with
`cargo build --release -p tally-server` when missing.
"""

import argparse
import json
import os
import re
import signal
import subprocess
import sys
import threading
import time
import urllib.request

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
OUT = os.path.join(ROOT, "target", "scale")


def ensure_binary(path):
    if not os.path.exists(path):
        subprocess.run(["cargo", "build", "--release", "-p", "tally-server"], cwd=ROOT,
                       check=True)
    return path


def ensure_corpus(n, drafts):
    d = os.path.join(OUT, f"c{n}")
    if not os.path.exists(os.path.join(d, "manifest.json")):
        subprocess.run([sys.executable, os.path.join(ROOT, "scripts", "gen_corpus.py"), d,
                        str(n), "--drafts", str(drafts)], check=True)
    return d


def rss_kib(pid):
    out = {}
    with open(f"/proc/{pid}/status") as f:
        for line in f:
            if line.startswith(("VmRSS:", "VmHWM:")):
                key, value = line.split(":")
                out[key] = int(value.split()[0])
    return out


def metrics(base):
    with urllib.request.urlopen(base + "/metrics", timeout=60) as r:
        text = r.read().decode()
    found = {}
    for name in ("tally_index_documents", "tally_index_claims", "tally_index_keys",
                 "tally_index_postings", "tally_index_bytes", "tally_startup_seconds"):
        m = re.search(rf"^{name} ([0-9.e+]+)$", text, re.M)
        if m:
            found[name] = float(m.group(1))
    return found


def check(base, text):
    body = json.dumps({"text": text}).encode()
    req = urllib.request.Request(base + "/v1/check", data=body,
                                 headers={"Content-Type": "application/json"})
    t = time.perf_counter()
    with urllib.request.urlopen(req, timeout=120) as r:
        data = r.read()
        status = r.status
    elapsed = time.perf_counter() - t
    if status != 200:
        raise RuntimeError(f"/v1/check answered {status}")
    return elapsed, json.loads(data)


def percentile(values, p):
    s = sorted(values)
    return s[min(len(s) - 1, int(round(p / 100 * (len(s) - 1))))]


def start_server(binary, args, env=None):
    """Starts `tally serve` on a free port with `args`; returns the process, its base URL and
    the seconds from spawning it to its "serving" line."""
    start = time.perf_counter()
    proc = subprocess.Popen([binary, "serve", "--bind", "127.0.0.1:0", *args], env=env,
                            stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True)
    base = None
    for line in proc.stderr:
        m = re.search(r"serving .* on (http://[0-9.:]+)/", line)
        if m:
            base = m.group(1)
            break
    if base is None:
        raise RuntimeError(f"tally serve exited with {proc.wait()} before serving")
    startup = time.perf_counter() - start
    # The server logs a line per request on stderr: keep reading it, or a full pipe stalls it.
    threading.Thread(target=lambda: [None for _ in proc.stderr], daemon=True).start()
    return proc, base, startup


def measure(binary, n, requests):
    corpus = ensure_corpus(n, drafts=20)
    with open(os.path.join(corpus, "drafts.json")) as f:
        drafts = json.load(f)
    size = sum(os.path.getsize(os.path.join(corpus, x)) for x in os.listdir(corpus)
               if x.endswith(".txt"))
    proc, base, startup = start_server(binary, ["--corpus", corpus])
    try:
        rss_start = rss_kib(proc.pid)
        stats = metrics(base)
        for d in drafts[:5]:
            check(base, d)
        times, claims, flagged = [], 0, 0
        for i in range(requests):
            elapsed, resp = check(base, drafts[i % len(drafts)])
            times.append(elapsed * 1000)
            claims += len(resp["claims"])
            flagged += sum(c["verdict"] in ("contradicted", "outdated", "disputed")
                           for c in resp["claims"])
        rss_end = rss_kib(proc.pid)
        t = time.perf_counter()
        with urllib.request.urlopen(base + "/v1/conflicts", timeout=600) as r:
            conflicts = json.loads(r.read())
        conflicts_s = time.perf_counter() - t
    finally:
        proc.send_signal(signal.SIGTERM)
        proc.wait(timeout=60)
    return {
        "documents": n,
        "text_mb": size / 1e6,
        "startup_s": startup,
        "rss_start_mib": rss_start["VmRSS"] / 1024,
        "rss_end_mib": rss_end["VmRSS"] / 1024,
        "peak_mib": rss_end["VmHWM"] / 1024,
        "check_p50_ms": percentile(times, 50),
        "check_p90_ms": percentile(times, 90),
        "check_p99_ms": percentile(times, 99),
        "check_max_ms": max(times),
        "draft_bytes": sum(len(d.encode()) for d in drafts) / len(drafts),
        "claims_per_draft": claims / requests,
        "flagged_per_draft": flagged / requests,
        "conflicts_s": conflicts_s,
        "conflict_groups": len(conflicts),
        **{k.replace("tally_", ""): v for k, v in stats.items()},
    }


COLUMNS = [
    ("documents", "docs", "{:.0f}"), ("text_mb", "text MB", "{:.1f}"),
    ("startup_s", "start-up s", "{:.2f}"), ("rss_start_mib", "RSS MiB", "{:.0f}"),
    ("peak_mib", "peak MiB", "{:.0f}"), ("rss_end_mib", "RSS end", "{:.0f}"),
    ("check_p50_ms", "p50 ms", "{:.1f}"), ("check_p99_ms", "p99 ms", "{:.1f}"),
    ("index_claims", "claims", "{:.0f}"), ("index_keys", "keys", "{:.0f}"),
    ("index_postings", "postings", "{:.0f}"), ("index_bytes", "index MiB", "{:.0f}"),
    ("conflicts_s", "conflicts s", "{:.1f}"),
]


def table(rows):
    lines = ["  ".join(f"{h:>10}" for _, h, _ in COLUMNS)]
    for r in rows:
        cells = []
        for key, _, fmt in COLUMNS:
            v = r.get(key)
            if key == "index_bytes" and v is not None:
                v = v / 2**20
            cells.append(f"{fmt.format(v) if v is not None else '-':>10}")
        lines.append("  ".join(cells))
    return "\n".join(lines)


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--sizes", default="1000,10000,100000")
    ap.add_argument("--requests", type=int, default=200)
    ap.add_argument("--bin", default=os.path.join(ROOT, "target", "release", "tally"))
    args = ap.parse_args()
    binary = ensure_binary(args.bin)
    os.makedirs(OUT, exist_ok=True)
    rows = []
    for n in [int(x) for x in args.sizes.split(",")]:
        row = measure(binary, n, args.requests)
        rows.append(row)
        print(table([row]).splitlines()[-1], flush=True)
    report = table(rows)
    load = open("/proc/loadavg").read().split()[0]
    note = (f"\n{args.requests} sequential /v1/check requests per size, drafts of "
            f"{rows[0]['draft_bytes']:.0f} B on average; load average {load} on "
            f"{os.cpu_count()} cores at the end.")
    print("\n" + report + note)
    with open(os.path.join(OUT, "report.txt"), "w") as f:
        f.write(report + note + "\n")
    with open(os.path.join(OUT, "report.json"), "w") as f:
        json.dump(rows, f, indent=2)


if __name__ == "__main__":
    main()
