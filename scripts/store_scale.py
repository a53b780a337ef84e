#!/usr/bin/env python3
"""What the corpus store costs at 100,000 articles, on SQLite and PostgreSQL.

    scripts/store_scale.py [--size 100000] [--batch 1000] [--writes 50] [--bin target/release/tally]

Uses the synthetic corpus of scripts/gen_corpus.py (target/scale/cN, written once, as
scripts/scale.py does) as newline-delimited documents, and measures, for each database:

- import throughput of the whole corpus with the CLI straight into the store
  (`tally corpus import FILE --data-dir|--database-url`), documents a second;
- import throughput through a running server's API (`tally corpus import FILE --server URL`,
  batches of --batch documents, each one request and one transaction), documents a second;
- the latency of adding one document to the 100,000-article corpus through the API
  (`POST /v1/documents`: the transaction, and the index catching up before the answer),
  p50 and max over --writes writes;
- checks during that import: 5 KB drafts sent one after another while it runs, p50 and max
  latency (a write holds the index only to file the documents it has already extracted);
- start-up of `tally serve` from the store (reading every document, then indexing), against
  start-up from the same articles as files (`--corpus DIR`), and the resident memory of each.

Prints a table and writes target/scale/store_report.json. Run by hand on a quiet machine; not
part of CI. PostgreSQL is a scratch server from scripts/postgres.sh.
"""

import argparse
import json
import os
import subprocess
import sys
import threading
import time
import urllib.request

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import scale  # noqa: E402  (ensure_binary, ensure_corpus, rss_kib, percentile)

ROOT = scale.ROOT
OUT = scale.OUT
TOKEN = "store-scale-admin-token-0123456789"


def ndjson(corpus):
    """The corpus directory as one document a line (written once)."""
    path = corpus + ".ndjson"
    if os.path.exists(path):
        return path
    with open(os.path.join(corpus, "manifest.json")) as f:
        manifest = json.load(f)
    with open(path + ".tmp", "w") as out:
        for d in manifest["documents"]:
            with open(os.path.join(corpus, d["file"])) as f:
                text = f.read()
            doc = {"id": d["id"], "title": d["title"], "published": d["published"], "text": text}
            out.write(json.dumps(doc) + "\n")
    os.replace(path + ".tmp", path)
    return path


def serve(binary, args):
    """Starts `tally serve` with writes on; returns the process, its base URL and start-up."""
    env = dict(os.environ, TALLY_ADMIN_TOKENS=TOKEN, RUST_LOG="info")
    return scale.start_server(binary, args, env)


def stop(proc):
    proc.terminate()
    proc.wait(timeout=60)


def import_cli(binary, path, store_args, batch, n):
    start = time.perf_counter()
    subprocess.run([binary, "corpus", "import", path, "--batch", str(batch), *store_args],
                   check=True, stdout=subprocess.DEVNULL,
                   env=dict(os.environ, TALLY_ADMIN_TOKEN=TOKEN))
    return n / (time.perf_counter() - start)


def post(base, doc):
    req = urllib.request.Request(base + "/v1/documents", data=json.dumps(doc).encode(),
                                 headers={"Content-Type": "application/json",
                                          "Authorization": "Bearer " + TOKEN})
    t = time.perf_counter()
    with urllib.request.urlopen(req, timeout=60) as r:
        r.read()
        if r.status != 201:
            raise RuntimeError(f"POST /v1/documents answered {r.status}")
    return (time.perf_counter() - t) * 1000


def measure(binary, name, fresh_store, path, n, batch, writes, drafts):
    """fresh_store() -> (store arguments, cleanup); each call a new, empty store."""
    row = {"database": name, "documents": n}
    args, cleanup = fresh_store()
    try:
        row["cli_import_docs_per_s"] = import_cli(binary, path, args, batch, n)
        proc, base, row["startup_from_store_s"] = serve(binary, args)
        try:
            row["rss_from_store_mib"] = scale.rss_kib(proc.pid)["VmRSS"] / 1024
            times = [post(base, {"id": f"one-{i}", "title": f"One more {i}",
                                 "published": "2026-06-30",
                                 "text": f"Some {100 + i} aid trucks entered Gaza on Monday."})
                     for i in range(writes)]
            row["add_one_p50_ms"] = scale.percentile(times, 50)
            row["add_one_max_ms"] = max(times)
        finally:
            stop(proc)
    finally:
        cleanup()
    args, cleanup = fresh_store()
    try:
        proc, base, _ = serve(binary, args)
        try:
            importing = threading.Event()
            importing.set()
            latencies = []

            def checks():
                while importing.is_set():
                    latencies.append(scale.check(base, drafts[len(latencies) % len(drafts)])[0])
            checker = threading.Thread(target=checks)
            checker.start()
            try:
                row["api_import_docs_per_s"] = import_cli(binary, path, ["--server", base],
                                                          batch, n)
            finally:
                importing.clear()
                checker.join()
            row["check_during_import_p50_ms"] = scale.percentile(latencies, 50) * 1000
            row["check_during_import_max_ms"] = max(latencies) * 1000
            row["checks_during_import"] = len(latencies)
            row["rss_after_api_import_mib"] = scale.rss_kib(proc.pid)["VmRSS"] / 1024
        finally:
            stop(proc)
    finally:
        cleanup()
    return row


def sqlite_store():
    counter = [0]

    def fresh():
        counter[0] += 1
        d = os.path.join(OUT, f"store-sqlite-{counter[0]}")
        subprocess.run(["rm", "-rf", d], check=True)
        return ["--data-dir", d], lambda: subprocess.run(["rm", "-rf", d], check=True)
    return fresh


def postgres_store():
    counter = [0]
    script = os.path.join(ROOT, "scripts", "postgres.sh")

    def fresh():
        counter[0] += 1
        d = os.path.join(OUT, f"store-postgres-{counter[0]}")
        url = subprocess.run([script, "start", d], check=True, capture_output=True,
                             text=True).stdout.strip()
        return ["--database-url", url], lambda: subprocess.run([script, "stop", d], check=True)
    return fresh


def main():
    p = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    p.add_argument("--size", type=int, default=100_000)
    p.add_argument("--batch", type=int, default=1000)
    p.add_argument("--writes", type=int, default=50)
    p.add_argument("--bin", default=os.path.join(ROOT, "target", "release", "tally"))
    a = p.parse_args()
    binary = scale.ensure_binary(a.bin)
    corpus = scale.ensure_corpus(a.size, drafts=20)
    path = ndjson(corpus)
    with open(os.path.join(corpus, "drafts.json")) as f:
        drafts = json.load(f)

    proc, _, files_startup = serve(binary, ["--corpus", corpus])
    files_rss = scale.rss_kib(proc.pid)["VmRSS"] / 1024
    stop(proc)
    rows = []
    for name, fresh in [("sqlite", sqlite_store()), ("postgres", postgres_store())]:
        row = measure(binary, name, fresh, path, a.size, a.batch, a.writes, drafts)
        row["startup_from_files_s"] = files_startup
        row["rss_from_files_mib"] = files_rss
        rows.append(row)
        print(json.dumps(row), flush=True)

    cols = [("database", "{}"), ("cli_import_docs_per_s", "{:.0f}"),
            ("api_import_docs_per_s", "{:.0f}"), ("check_during_import_p50_ms", "{:.0f}"),
            ("check_during_import_max_ms", "{:.0f}"), ("add_one_p50_ms", "{:.1f}"),
            ("add_one_max_ms", "{:.1f}"), ("startup_from_store_s", "{:.1f}"),
            ("startup_from_files_s", "{:.1f}"), ("rss_from_store_mib", "{:.0f}"),
            ("rss_from_files_mib", "{:.0f}"), ("rss_after_api_import_mib", "{:.0f}")]
    print(" | ".join(c for c, _ in cols))
    for r in rows:
        print(" | ".join(f.format(r[c]) for c, f in cols))
    with open(os.path.join(OUT, "store_report.json"), "w") as f:
        json.dump(rows, f, indent=2)


if __name__ == "__main__":
    main()
