#!/usr/bin/env python3
"""Load-and-fault test of `tally serve`, run by hand (not in CI).

Usage: scripts/load.py [--quick] [--duration S] [--concurrency N] [--idle N] [--hostile PCT] ...

Starts the release server on a free loopback port (building it first when the binary is
missing), then for --duration seconds keeps --concurrency lanes busy with a mix of valid
checks (drafts of 200 B to 50 KB built from corpus/*.txt and testdata/check/drafts.json, as
JSON and text/plain, some with as_of) and bad requests, each class with its expected status.
Slow senders run in a few lanes of their own, a probe sends one small check every 250 ms on
a fresh connection, and after a baseline stretch the script holds --idle connections that
send nothing or half a request, re-opening them when the server closes them.
With --hostile PCT, that share of the main lanes' requests are texts built to be slow
(testdata/hostile/generators.json, 64 KB up to the body limit), which may be answered 200 or
refused with 503 overloaded / check_timeout; a second probe asks /healthz every 250 ms.
The server's RSS and open descriptors are sampled every 10 s.
At the end it sends SIGTERM while long checks are in flight and checks that they complete
and that the server exits 0 within its shutdown timeout.

Python 3.11 standard library only: asyncio over raw non-blocking sockets, so the client reads
a response even when the server answers before the client has finished sending (413, 408).
See scripts/README.md ("Load and faults") for how to read the report.
"""

from __future__ import annotations

import argparse
import asyncio
import collections
import glob
import json
import os
import random
import resource
import signal
import socket
import subprocess
import sys
import threading
import time
from dataclasses import dataclass, field
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
RECV = 262144
VERDICTS = {"supported", "contradicted", "disputed", "outdated", "unverifiable", None}
# `tally serve`'s graceful shutdown timeout: its check deadline (default 10 s) plus 5 s.
SHUTDOWN_TIMEOUT = 15.0
AS_OF = ["2024-03-01", "2024-10-07", "2025-01-19", "2025-03-01", "2025-04-30"]

# Classes sent by the main lanes, with their weights (percent) and expected outcome:
# (status, error code) or None for "nothing: the client hangs up".
MIX = {
    "valid-json": (50, (200, None)),
    "valid-text": (25, (200, None)),
    "malformed-json": (6, (400, "invalid_json")),
    "bad-utf8": (4, (400, "invalid_utf8")),
    "wrong-type": (4, (415, "unsupported_media_type")),
    "bad-as-of": (2, (422, "invalid_as_of")),
    "oversize-length": (1.5, (413, "body_too_large")),
    "oversize-chunked": (1.5, (413, "body_too_large")),
    "drop-half-body": (3, None),
    "drop-half-head": (3, None),
}
# Classes of the slow lanes, the probe and the shutdown test.
OTHER = {
    "slow-ok": (200, None),
    "slow-timeout": (408, "request_timeout"),
    "probe": (200, None),
    "healthz": (200, None),
    "shutdown-check": (200, None),
}
# Texts built to be slow (--hostile): answered, or refused for load or at the deadline.
HOSTILE_OK = {(200, None), (503, "overloaded"), (503, "check_timeout")}
VALID = {"valid-json", "valid-text", "slow-ok", "probe", "healthz", "shutdown-check"}


# --------------------------------------------------------------------------------------------
# HTTP over raw sockets


class Closed(Exception):
    """The server closed (or reset) the connection before a complete response."""

    def __init__(self, got: int, reset: bool = False):
        super().__init__(f"closed after {got} response bytes" + (" (reset)" if reset else ""))
        self.got = got
        self.reset = reset


@dataclass
class Response:
    status: int
    headers: dict
    body: bytes
    keep_alive: bool


async def connect(addr) -> socket.socket:
    loop = asyncio.get_running_loop()
    s = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
    s.setblocking(False)
    s.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)
    try:
        await loop.sock_connect(s, addr)
    except BaseException:
        s.close()
        raise
    return s


async def _fill(sock, buf: bytearray) -> None:
    try:
        chunk = await asyncio.get_running_loop().sock_recv(sock, RECV)
    except (ConnectionResetError, BrokenPipeError):
        raise Closed(len(buf), reset=True) from None
    if not chunk:
        raise Closed(len(buf))
    buf += chunk


async def read_response(sock, buf: bytearray) -> Response:
    """Reads one response (Content-Length, chunked or until EOF) from `sock`."""
    got = len(buf)
    try:
        while (i := buf.find(b"\r\n\r\n")) < 0:
            await _fill(sock, buf)
        head = bytes(buf[:i]).decode("latin-1").split("\r\n")
        del buf[: i + 4]
        version, status = head[0].split(" ", 2)[:2]
        headers = {}
        for line in head[1:]:
            k, _, v = line.partition(":")
            headers[k.strip().lower()] = v.strip()
        keep_alive = version == "HTTP/1.1" and headers.get("connection", "").lower() != "close"
        if "content-length" in headers:
            n = int(headers["content-length"])
            while len(buf) < n:
                await _fill(sock, buf)
            body = bytes(buf[:n])
            del buf[:n]
        elif "chunked" in headers.get("transfer-encoding", "").lower():
            out = bytearray()
            while True:
                while (j := buf.find(b"\r\n")) < 0:
                    await _fill(sock, buf)
                size = int(bytes(buf[:j]).split(b";")[0], 16)
                while len(buf) < j + 2 + size + 2:
                    await _fill(sock, buf)
                out += buf[j + 2 : j + 2 + size]
                del buf[: j + 2 + size + 2]
                if size == 0:
                    break
            body = bytes(out)
        else:
            try:
                while True:
                    await _fill(sock, buf)
            except Closed:
                pass
            body, keep_alive = bytes(buf), False
            buf.clear()
        if 100 <= int(status) < 200:
            return await read_response(sock, buf)  # an interim answer (100 Continue)
        return Response(int(status), headers, body, keep_alive)
    except Closed as e:
        raise Closed(got + e.got, e.reset) from None


async def send_parts(sock, parts) -> str | None:
    """Sends (bytes, delay-before) pairs; returns None, or why sending stopped early."""
    loop = asyncio.get_running_loop()
    try:
        for data, delay in parts:
            if delay:
                await asyncio.sleep(delay)
            if data:
                await loop.sock_sendall(sock, data)
    except (BrokenPipeError, ConnectionResetError) as e:
        return type(e).__name__
    return None


async def exchange(addr, parts, timeout: float, sock=None, buf=None):
    """Sends `parts` while reading the response, so that an early answer is still read.

    Returns (response, send_error); raises Closed, OSError or asyncio.TimeoutError.
    """
    own = sock is None
    if own:
        sock, buf = await connect(addr), bytearray()
    writer = asyncio.ensure_future(send_parts(sock, parts))
    try:
        resp = await asyncio.wait_for(read_response(sock, buf), timeout)
        send_error = writer.result() if writer.done() else "answered before the body was sent"
        return resp, send_error
    finally:
        if not writer.done():
            writer.cancel()
            try:
                await writer
            except BaseException:
                pass
        if own:
            sock.close()


def request_head(path: str, headers: list[tuple[str, str]], method: str = "POST") -> bytes:
    lines = [f"{method} {path} HTTP/1.1", "Host: 127.0.0.1"]
    lines += [f"{k}: {v}" for k, v in headers]
    return ("\r\n".join(lines) + "\r\n\r\n").encode("latin-1")


def pct(values, p):
    if not values:
        return None
    s = sorted(values)
    k = max(0, min(len(s) - 1, int(round(p / 100 * len(s) + 0.5)) - 1))
    return s[k]


# --------------------------------------------------------------------------------------------
# Request material


@dataclass
class Draft:
    text: str
    raw: bytes  # the UTF-8 text
    utf16: int  # its length in UTF-16 code units


def load_drafts(rng: random.Random, n: int) -> list[Draft]:
    """Drafts of 200 B to 50 KB (log-uniform sizes) cut from corpus texts and test drafts."""
    pieces = []
    for f in sorted(glob.glob(str(ROOT / "corpus" / "*.txt"))):
        pieces += [p.strip() for p in Path(f).read_text().split("\n") if p.strip()]
    drafts = json.loads((ROOT / "testdata" / "check" / "drafts.json").read_text())["drafts"]
    pieces += [d["text"] for d in drafts]
    # A few non-ASCII characters before figures, so UTF-16 and byte offsets differ.
    pieces += ["Le coût: €5 million, selon l’armée.", "Über 😀 1,200 people were killed."]
    out = []
    for i in range(n):
        size = 50_000 if i == 0 else int(200 * (250 ** rng.random()))
        parts, total = [], 0
        while total < size:
            p = rng.choice(pieces)
            parts.append(p)
            total += len(p.encode()) + 2
        raw = "\n\n".join(parts).encode()[:size]
        text = raw.decode("utf-8", "ignore")
        raw = text.encode()
        out.append(Draft(text, raw, len(text.encode("utf-16-le")) // 2))
    return out


def check_body(draft: Draft, as_of: str | None) -> bytes:
    obj = {"text": draft.text}
    if as_of:
        obj["as_of"] = as_of
    return json.dumps(obj).encode()


def validate_check(resp: Response, draft: Draft) -> str | None:
    """None when `resp` is a well-formed CheckResponse for `draft`, else what is wrong."""
    if resp.status != 200:
        return f"status {resp.status}"
    if not resp.headers.get("content-type", "").startswith("application/json"):
        return f"content-type {resp.headers.get('content-type')!r}"
    try:
        doc = json.loads(resp.body)
    except ValueError as e:
        return f"body is not JSON ({e}; {len(resp.body)} bytes)"
    if not isinstance(doc, dict) or not isinstance(doc.get("claims"), list):
        return "no claims list"
    if not isinstance(doc.get("corpus"), dict) or not doc["corpus"].get("documents"):
        return "no corpus info"
    for c in doc["claims"]:
        try:
            if c["verdict"] not in VERDICTS:
                return f"verdict {c['verdict']!r}"
            if not 0 <= c["start"] <= c["end"] <= draft.utf16:
                return f"UTF-16 span {c['start']}..{c['end']} outside the text ({draft.utf16})"
            # The figure must be the request's own text: catches answers crossing requests.
            if draft.raw[c["byte_start"] : c["byte_end"]].decode() != c["text"]:
                return f"claim text {c['text']!r} is not the draft's bytes there"
            if not isinstance(c.get("evidence", []), list):
                return "evidence is not a list"
        except (KeyError, TypeError, UnicodeDecodeError) as e:
            return f"malformed claim ({type(e).__name__}: {e})"
    return None


def validate_error(resp: Response, status: int, code: str | None) -> str | None:
    if resp.status != status:
        return f"status {resp.status} (want {status})"
    if code is None:
        return None
    try:
        err = json.loads(resp.body)["error"]
        if err["code"] != code or not isinstance(err["message"], str):
            return f"error code {err['code']!r} (want {code!r})"
    except (ValueError, KeyError, TypeError):
        return f"body is not the JSON error shape: {resp.body[:80]!r}"
    return None


# --------------------------------------------------------------------------------------------
# Statistics


@dataclass
class ClassStats:
    sent: int = 0
    statuses: collections.Counter = field(default_factory=collections.Counter)
    ok: int = 0
    unexpected: collections.Counter = field(default_factory=collections.Counter)
    examples: list = field(default_factory=list)
    latencies: dict = field(default_factory=lambda: collections.defaultdict(list))

    def bad(self, why: str) -> None:
        key = why.split(" (want")[0].split(" (")[0][:70]
        self.unexpected[key] += 1
        if len(self.examples) < 5:
            self.examples.append(why[:300])


class Run:
    def __init__(self, args, addr, rng):
        self.args = args
        self.addr = addr
        self.rng = rng
        self.stats = collections.defaultdict(ClassStats)
        self.t0 = time.monotonic()
        self.end = self.t0 + args.duration
        self.idle_from = self.t0 + args.duration * args.baseline_fraction
        self.retries = 0  # keep-alive connections the server had closed, retried once
        self.limit = args.body_limit
        self.timeout = args.request_timeout
        self.client_timeout = 3 * args.request_timeout + 30
        self.drafts = load_drafts(rng, 400)
        self.small = [d for d in self.drafts if len(d.raw) < 2000]
        self.statuses_5xx = 0
        gens = json.loads((ROOT / "testdata" / "hostile" / "generators.json").read_text())
        self.generators = gens["generators"]
        self.hostile_outcomes = collections.Counter()

    def phase(self) -> str:
        return "with-idle" if time.monotonic() >= self.idle_from else "baseline"

    def record(self, cls, resp, problem, latency=None, phase=None):
        st = self.stats[cls]
        if resp is not None:
            st.statuses[resp.status] += 1
            # A hostile text refused for load or at its deadline is the budget at work.
            if resp.status >= 500 and not (cls == "hostile" and not problem):
                self.statuses_5xx += 1
        if problem:
            st.bad(problem)
        else:
            st.ok += 1
            if latency is not None:
                st.latencies[phase or "all"].append(latency)

    # ---- valid checks, over a lane's keep-alive connection

    async def valid(self, cls, lane):
        d = self.rng.choice(self.drafts)
        if cls == "valid-json":
            as_of = self.rng.choice(AS_OF) if self.rng.random() < 0.3 else None
            body, ctype = check_body(d, as_of), "application/json"
        else:
            body, ctype = d.raw, self.rng.choice(["text/plain", "text/plain; charset=utf-8"])
        head = request_head("/v1/check", [("Content-Type", ctype), ("Content-Length", str(len(body)))])
        self.stats[cls].sent += 1
        phase = self.phase()
        for attempt in (0, 1):
            reused = lane.get("sock") is not None
            if not reused:
                try:
                    lane["sock"], lane["buf"] = await connect(self.addr), bytearray()
                except OSError as e:
                    self.record(cls, None, f"connect failed ({e})")
                    return
            start = time.monotonic()
            try:
                resp, _ = await exchange(
                    self.addr, [(head + body, 0)], self.client_timeout, lane["sock"], lane["buf"]
                )
            except (Closed, OSError, asyncio.TimeoutError) as e:
                lane["sock"].close()
                lane["sock"] = None
                if reused and attempt == 0 and isinstance(e, Closed) and e.got == 0:
                    # The server may close a kept-alive connection at any time; clients retry.
                    self.retries += 1
                    continue
                why = "no answer within the client timeout" if isinstance(e, asyncio.TimeoutError) else str(e)
                self.record(cls, None, f"{why} ({type(e).__name__})")
                return
            latency = time.monotonic() - start
            if not resp.keep_alive:
                lane["sock"].close()
                lane["sock"] = None
            self.record(cls, resp, validate_check(resp, d), latency, phase)
            return

    # ---- faults, each on a fresh connection

    async def fault(self, cls, parts, expect, drop_after=False, variant=None):
        self.stats[cls].sent += 1
        try:
            if drop_after:
                sock = await connect(self.addr)
                try:
                    err = await send_parts(sock, parts)
                finally:
                    sock.close()
                self.record(cls, None, f"sending failed ({err})" if err else None)
                return
            resp, _ = await exchange(self.addr, parts, self.client_timeout)
        except (Closed, OSError, asyncio.TimeoutError) as e:
            why = "no answer within the client timeout" if isinstance(e, asyncio.TimeoutError) else str(e)
            self.record(cls, None, f"{why} ({type(e).__name__})")
            return None
        problem = validate_error(resp, *expect)
        if problem and variant:
            problem = f"{variant}: {problem}"
        self.record(cls, resp, problem)
        return resp

    def malformed(self):
        d = self.rng.choice(self.small)
        whole = check_body(d, None)
        return self.rng.choice(
            [
                ("truncated", whole[: len(whole) // 2]),
                ("text-not-string", b'{"text": 5}'),
                ("missing-text", b'{"txt": "Hamas freed 33 hostages."}'),
                ("unknown-field", b'{"text": "33 hostages", "extra": true}'),
                ("trailing-garbage", whole + b" trailing"),
                ("not-json", b"not json at all"),
                ("empty", b""),
                ("array-not-object", b'["Hamas freed 35 hostages.", "2025-03-01"]'),
            ]
        )

    async def one_fault(self, cls):
        expect = MIX[cls][1]
        d = self.rng.choice(self.small)
        json_ct = ("Content-Type", "application/json")
        if cls == "malformed-json":
            variant, body = self.malformed()
            head = request_head("/v1/check", [json_ct, ("Content-Length", str(len(body)))])
            await self.fault(cls, [(head + body, 0)], expect, variant=variant)
        elif cls == "bad-utf8":
            bad = b"Hamas freed \xff\xfe 33 hostages \xc3\x28 in Gaza."
            if self.rng.random() < 0.5:
                body, ct = d.raw + bad, ("Content-Type", "text/plain")
            else:
                body, ct = b'{"text": "' + bad + b'"}', json_ct
            head = request_head("/v1/check", [ct, ("Content-Length", str(len(body)))])
            await self.fault(cls, [(head + body, 0)], expect)
        elif cls == "wrong-type":
            ctype = self.rng.choice(
                ["application/xml", "multipart/form-data; boundary=x", "text/html",
                 "application/x-www-form-urlencoded", "image/png"]
            )
            body = check_body(d, None)
            head = request_head("/v1/check", [("Content-Type", ctype), ("Content-Length", str(len(body)))])
            await self.fault(cls, [(head + body, 0)], expect)
        elif cls == "bad-as-of":
            body = json.dumps({"text": d.text, "as_of": self.rng.choice(["yesterday", "2025-13-01", "2025/03/01"])}).encode()
            head = request_head("/v1/check", [json_ct, ("Content-Length", str(len(body)))])
            await self.fault(cls, [(head + body, 0)], expect)
        elif cls == "oversize-length":
            n = self.limit + self.rng.randint(1, 65536)
            head = request_head("/v1/check", [("Content-Type", "text/plain"), ("Content-Length", str(n))])
            chunk = (b"Hamas freed 33 hostages. " * 2700)[:65536]
            parts = [(head, 0)] + [(chunk[: min(65536, n - i)], 0) for i in range(0, n, 65536)]
            await self.fault(cls, parts, expect)
        elif cls == "oversize-chunked":
            n = self.limit + self.rng.randint(1, 65536)
            head = request_head("/v1/check", [("Content-Type", "text/plain"), ("Transfer-Encoding", "chunked")])
            data = (b"Hamas freed 33 hostages. " * 2700)[:65536]
            parts = [(head, 0)]
            for i in range(0, n, 65536):
                c = data[: min(65536, n - i)]
                parts.append((b"%x\r\n" % len(c) + c + b"\r\n", 0))
            parts.append((b"0\r\n\r\n", 0))
            await self.fault(cls, parts, expect)
        elif cls == "drop-half-body":
            body = check_body(self.rng.choice(self.drafts), None)
            head = request_head("/v1/check", [json_ct, ("Content-Length", str(len(body)))])
            await self.fault(cls, [(head + body[: len(body) // 2], 0)], None, drop_after=True)
        elif cls == "drop-half-head":
            body = check_body(d, None)
            head = request_head("/v1/check", [json_ct, ("Content-Length", str(len(body)))])
            await self.fault(cls, [(head[: len(head) // 2], 0)], None, drop_after=True)

    # ---- texts built to be slow, each on a fresh connection

    async def hostile(self):
        g = self.rng.choice(self.generators)
        size = self.rng.randint(64 * 1024, self.limit - 1024)
        unit = g["unit"].encode()
        body = (unit * (size // len(unit) + 1))[:size]
        while body:
            try:
                body.decode()
                break
            except UnicodeDecodeError:
                body = body[:-1]  # cut at a character boundary
        head = request_head("/v1/check", [("Content-Type", "text/plain"), ("Content-Length", str(len(body)))])
        self.stats["hostile"].sent += 1
        start = time.monotonic()
        try:
            resp, _ = await exchange(self.addr, [(head + body, 0)], self.client_timeout)
        except (Closed, OSError, asyncio.TimeoutError) as e:
            self.record("hostile", None, f"{e or 'client timeout'} ({type(e).__name__})")
            return
        code = None
        if resp.status != 200:
            try:
                code = json.loads(resp.body)["error"]["code"]
            except (ValueError, KeyError, TypeError):
                code = "?"
        problem = None if (resp.status, code) in HOSTILE_OK else f"{g['name']}: {resp.status} {code}"
        self.record("hostile", resp, problem, time.monotonic() - start)
        self.hostile_outcomes[(resp.status, code)] += 1

    async def lane(self):
        names = list(MIX)
        weights = [MIX[n][0] for n in names]
        if self.args.hostile:
            names.append("hostile")
            weights.append(sum(weights) * self.args.hostile / (100 - self.args.hostile))
        lane = {"sock": None}
        try:
            while time.monotonic() < self.end:
                cls = self.rng.choices(names, weights)[0]
                if cls in VALID:
                    await self.valid(cls, lane)
                elif cls == "hostile":
                    await self.hostile()
                else:
                    await self.one_fault(cls)
        finally:
            if lane["sock"] is not None:
                lane["sock"].close()

    # ---- slow senders: a small valid body dribbled in over 40% or 200% of the timeout

    async def slow(self, cls):
        d = self.rng.choice(self.small)
        body = check_body(d, None)
        head = request_head("/v1/check", [("Content-Type", "application/json"), ("Content-Length", str(len(body)))])
        span = self.timeout * (0.4 if cls == "slow-ok" else 2.0)
        pieces = max(2, int(span / 0.25))
        step = -(-len(body) // pieces)
        parts = [(head, 0)] + [(body[i : i + step], span / pieces) for i in range(0, len(body), step)]
        self.stats[cls].sent += 1
        start = time.monotonic()
        try:
            resp, _ = await exchange(self.addr, parts, self.client_timeout)
        except (Closed, OSError, asyncio.TimeoutError) as e:
            self.record(cls, None, f"{e or 'client timeout'} ({type(e).__name__})")
            return
        latency = time.monotonic() - start
        if cls == "slow-ok":
            self.record(cls, resp, validate_check(resp, d), latency)
        else:
            self.record(cls, resp, validate_error(resp, *OTHER[cls]), latency)

    async def slow_lane(self, i):
        cls = ["slow-ok", "slow-timeout"][i % 2]
        await asyncio.sleep(i * 0.37)
        while time.monotonic() < self.end:
            await self.slow(cls)
            cls = "slow-timeout" if cls == "slow-ok" else "slow-ok"

    # ---- the probe: one small check every 250 ms on a fresh connection

    async def probe(self, stop: asyncio.Event):
        d = min(self.small, key=lambda x: abs(len(x.raw) - 400))
        body = check_body(d, None)
        head = request_head("/v1/check", [("Content-Type", "application/json"), ("Content-Length", str(len(body)))])
        await self.every_250ms("probe", head + body, lambda resp: validate_check(resp, d), stop)

    # ---- /healthz every 250 ms on a fresh connection: it must answer at once however busy

    async def healthz_probe(self, stop: asyncio.Event):
        head = request_head("/healthz", [], method="GET")
        ok = lambda resp: None if resp.status == 200 else f"status {resp.status}"
        await self.every_250ms("healthz", head, ok, stop)

    async def every_250ms(self, cls, request: bytes, validate, stop: asyncio.Event):
        while not stop.is_set():
            self.stats[cls].sent += 1
            phase = self.phase()
            start = time.monotonic()
            try:
                resp, _ = await exchange(self.addr, [(request, 0)], self.client_timeout)
                self.record(cls, resp, validate(resp), time.monotonic() - start, phase)
            except (Closed, OSError, asyncio.TimeoutError) as e:
                self.record(cls, None, f"{e or 'client timeout'} ({type(e).__name__})")
            try:
                await asyncio.wait_for(stop.wait(), 0.25)
            except asyncio.TimeoutError:
                pass


# --------------------------------------------------------------------------------------------
# Idle connections


class IdleHolder:
    """Holds `n` connections that send nothing, half a request line, or one full request and
    then half of the next one; re-opens each one the server closes."""

    KINDS = ("silent", "half-line", "after-request")

    def __init__(self, run: Run, n: int):
        self.run = run
        self.n = n
        self.open = 0
        self.reopen = True
        self.sigterm_at = None
        self.opened = collections.Counter()
        self.closed = collections.Counter()
        self.close_how = collections.defaultdict(collections.Counter)
        self.held_for = collections.defaultdict(list)  # seconds from open to server close
        self.after_sigterm = []  # seconds from SIGTERM to server close
        self.connect_errors = collections.Counter()
        self.held_series = []  # (t, open)
        self.open_since = {}  # task index -> (kind, when opened)
        self.ages_at_sigterm = collections.defaultdict(list)
        self.tasks = []

    async def one(self, i):
        kind = self.KINDS[i % len(self.KINDS)]
        run = self.run
        await asyncio.sleep(i / max(1, self.n))  # spread the opening over a second
        while self.reopen:
            try:
                sock = await connect(run.addr)
            except OSError as e:
                self.connect_errors[type(e).__name__] += 1
                await asyncio.sleep(0.2)
                continue
            loop = asyncio.get_running_loop()
            buf = bytearray()
            try:
                if kind == "half-line":
                    await loop.sock_sendall(sock, b"POST /v1/check HT")
                elif kind == "after-request":
                    await loop.sock_sendall(sock, request_head("/healthz", [], "GET"))
                    resp = await asyncio.wait_for(read_response(sock, buf), run.client_timeout)
                    if resp.status != 200:
                        self.close_how[kind][f"healthz {resp.status}"] += 1
                    if not resp.keep_alive:
                        # The server closes each connection after its response (keep-alive
                        # off): nothing to hold; this slot holds a silent connection instead.
                        self.close_how[kind]["closed after its response (keep-alive off)"] += 1
                        sock.close()
                        kind = "silent"
                        continue
                    await loop.sock_sendall(sock, b"POST /v1/check HT")
            except (OSError, Closed, asyncio.TimeoutError) as e:
                self.connect_errors[f"{kind}: {type(e).__name__}"] += 1
                sock.close()
                await asyncio.sleep(0.2)
                continue
            self.opened[kind] += 1
            self.open += 1
            opened = time.monotonic()
            self.open_since[i] = (kind, opened)
            try:
                while True:
                    chunk = await loop.sock_recv(sock, 4096)
                    if not chunk:
                        break
                    buf += chunk
                how = "closed, answered " + bytes(buf[:12]).decode("latin-1")[9:12] if buf else "closed silently"
            except ConnectionResetError:
                how = "reset"
            except asyncio.CancelledError:
                self.open -= 1
                self.open_since.pop(i, None)
                sock.close()
                raise
            now = time.monotonic()
            self.open -= 1
            self.open_since.pop(i, None)
            sock.close()
            if self.sigterm_at is not None:
                self.after_sigterm.append(now - self.sigterm_at)
                self.close_how[kind]["after SIGTERM: " + how] += 1
            else:
                self.closed[kind] += 1
                self.close_how[kind][how] += 1
                self.held_for[kind].append(now - opened)

    def mark_sigterm(self, when):
        self.sigterm_at = when
        self.reopen = False
        for kind, opened in self.open_since.values():
            self.ages_at_sigterm[kind].append(when - opened)

    def start(self):
        self.tasks = [asyncio.ensure_future(self.one(i)) for i in range(self.n)]

    async def sample(self, stop: asyncio.Event):
        while not stop.is_set():
            self.held_series.append((round(time.monotonic() - self.run.t0, 1), self.open))
            try:
                await asyncio.wait_for(stop.wait(), 1.0)
            except asyncio.TimeoutError:
                pass

    async def stop(self, grace: float):
        """Stops re-opening; waits up to `grace` s for the server to close the rest."""
        self.reopen = False
        deadline = time.monotonic() + grace
        while self.open and time.monotonic() < deadline:
            await asyncio.sleep(0.05)
        left = self.open
        for t in self.tasks:
            t.cancel()
        await asyncio.gather(*self.tasks, return_exceptions=True)
        return left


# --------------------------------------------------------------------------------------------
# The server process


def proc_status(pid, key):
    try:
        for line in Path(f"/proc/{pid}/status").read_text().splitlines():
            if line.startswith(key + ":"):
                return int(line.split()[1])
    except OSError:
        return None
    return None


def proc_cpu(pid) -> float | None:
    """User plus system CPU seconds of a process (all its threads)."""
    try:
        fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    except OSError:
        return None
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


def cpu_times():
    """{cpu: (busy, total)} jiffies from /proc/stat, 'cpu' being the whole machine."""
    out = {}
    for line in Path("/proc/stat").read_text().splitlines():
        if line.startswith("cpu"):
            name, *v = line.split()
            v = list(map(int, v))
            idle = v[3] + v[4]
            out[name] = (sum(v[:8]) - idle, sum(v[:8]))
    return out


def fd_count(pid):
    try:
        return len(os.listdir(f"/proc/{pid}/fd"))
    except OSError:
        return None


def build_if_missing(binary: Path) -> None:
    if binary.exists():
        return
    print(f"load: {binary} missing; building it (nice cargo build --release -p tally-server)", flush=True)
    subprocess.run(["nice", "cargo", "build", "--release", "-p", "tally-server"], cwd=ROOT, check=True)


def start_server(args, out_dir: Path, server_cpus):
    soft, hard = resource.getrlimit(resource.RLIMIT_NOFILE)
    want = max(args.idle * 2 + args.concurrency * 4 + 1024, 8192)
    new = want if hard == resource.RLIM_INFINITY else min(want, hard)
    if soft < new:
        resource.setrlimit(resource.RLIMIT_NOFILE, (new, hard))
    nofile = resource.getrlimit(resource.RLIMIT_NOFILE)[0]

    def preexec():
        if server_cpus:
            os.sched_setaffinity(0, server_cpus)

    cmd = [
        str(args.bin), "serve", "--bind", "127.0.0.1:0",
        "--request-timeout", str(int(args.request_timeout)),
        "--body-limit", str(args.body_limit),
    ]
    log = open(out_dir / "server.log", "w")
    proc = subprocess.Popen(cmd, stdout=log, stderr=subprocess.PIPE, preexec_fn=preexec, cwd=ROOT)
    addr_box = {}
    ready = threading.Event()

    def pump():
        for line in iter(proc.stderr.readline, b""):
            text = line.decode("utf-8", "replace")
            log.write(text)
            log.flush()
            if "serving" in text and "http://" in text and not ready.is_set():
                hostport = text.split("http://", 1)[1].split("/", 1)[0]
                host, port = hostport.rsplit(":", 1)
                addr_box["addr"] = (host, int(port))
                ready.set()
        ready.set()

    threading.Thread(target=pump, daemon=True).start()
    if not ready.wait(60) or "addr" not in addr_box:
        proc.kill()
        sys.exit(f"load: the server did not start; see {out_dir / 'server.log'}")
    return proc, addr_box["addr"], cmd, nofile


async def wait_healthz(addr, timeout=30.0):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        try:
            resp, _ = await exchange(addr, [(request_head("/healthz", [], "GET"), 0)], 5)
            if resp.status == 200 and json.loads(resp.body).get("status") == "ok":
                return json.loads(resp.body)
        except (OSError, Closed, asyncio.TimeoutError, ValueError):
            pass
        await asyncio.sleep(0.1)
    raise SystemExit("load: /healthz never answered")


async def get_metrics(addr):
    try:
        resp, _ = await exchange(addr, [(request_head("/metrics", [], "GET"), 0)], 10)
    except (OSError, Closed, asyncio.TimeoutError):
        return None
    counts = collections.Counter()
    for line in resp.body.decode().splitlines():
        if line.startswith("tally_http_requests_total{"):
            labels, n = line.rsplit(" ", 1)
            status = labels.split('status="')[1].split('"')[0]
            counts[status] += int(float(n))
    return dict(sorted(counts.items()))


# --------------------------------------------------------------------------------------------
# Shutdown


async def shutdown_test(run: Run, proc, holder: IdleHolder, n_checks: int, n_late: int):
    """Long checks in flight, SIGTERM: every one completes, the server exits 0 in time.

    "In flight" is made certain with `Expect: 100-continue`: the server answers 100 only once
    it has parsed the request head and handed the request to the app, and only then is the
    body sent. One more request (a slow sender) sends half its body before SIGTERM and the
    rest 1 s after. `n_late` further connections, opened (and accepted) beforehand, write a
    whole request just before SIGTERM without waiting for 100: informational, they show what
    a client sees when its request is in the server's socket but not yet read at SIGTERM.
    """
    loop = asyncio.get_running_loop()
    big = max(run.drafts, key=lambda d: len(d.raw))
    small = run.small[0]

    def head_for(d, expect):
        hs = [("Content-Type", "application/json"), ("Content-Length", str(len(check_body(d, None))))]
        return request_head("/v1/check", hs + ([("Expect", "100-continue")] if expect else []))

    result = {"checks": n_checks, "draft_bytes": len(big.raw)}
    answered_before = set()
    bodies_sent = asyncio.Event()
    pending_bodies = [n_checks]

    async def one(i, sock, d, mode):
        body, buf = check_body(d, None), bytearray()
        start = time.monotonic()
        try:
            if mode == "late":
                await bodies_sent.wait()
                await loop.sock_sendall(sock, head_for(d, False) + body)
                late_written[0] += 1
            else:
                await loop.sock_sendall(sock, head_for(d, True))
                while b"\r\n\r\n" not in buf:
                    await asyncio.wait_for(_fill(sock, buf), run.client_timeout)
                if not buf.startswith(b"HTTP/1.1 100"):
                    raise Closed(len(buf))
                del buf[: buf.index(b"\r\n\r\n") + 4]
                if mode == "slow":
                    half = len(body) // 2
                    await loop.sock_sendall(sock, body[:half])
                    await bodies_sent.wait()
                    await asyncio.sleep(1.0)
                    await loop.sock_sendall(sock, body[half:])
                else:
                    await loop.sock_sendall(sock, body)
                    pending_bodies[0] -= 1
                    if pending_bodies[0] == 0:
                        bodies_sent.set()
            resp = await asyncio.wait_for(read_response(sock, buf), run.client_timeout)
            if run.sigterm_at is None:
                answered_before.add(i)
            problem = validate_check(resp, d)
            if mode != "late":
                run.stats["shutdown-check"].sent += 1
                run.record("shutdown-check", resp, problem, time.monotonic() - start)
            return problem or "ok"
        except (OSError, Closed, asyncio.TimeoutError) as e:
            if mode != "late":
                run.stats["shutdown-check"].sent += 1
                run.record("shutdown-check", None, f"{e or 'client timeout'} ({type(e).__name__})")
            return f"{type(e).__name__}: {e}"
        finally:
            sock.close()

    run.sigterm_at = None
    late_written = [0]
    late = [asyncio.ensure_future(one(-1 - i, await connect(run.addr), big, "late")) for i in range(n_late)]
    tasks = [asyncio.ensure_future(one(i, await connect(run.addr), big, "check")) for i in range(n_checks)]
    tasks.append(asyncio.ensure_future(one(n_checks, await connect(run.addr), small, "slow")))
    await asyncio.wait_for(bodies_sent.wait(), run.client_timeout)
    while late_written[0] < n_late:
        await asyncio.sleep(0)
    run.sigterm_at = time.monotonic()
    held_at_sigterm = holder.open
    holder.mark_sigterm(run.sigterm_at)
    proc.send_signal(signal.SIGTERM)
    # A new connection after SIGTERM should be refused (the listener is closed).
    await asyncio.sleep(0.3)
    try:
        s = await asyncio.wait_for(connect(run.addr), 2)
        s.close()
        result["new_connection_after_sigterm"] = "accepted"
    except (OSError, asyncio.TimeoutError) as e:
        result["new_connection_after_sigterm"] = f"refused ({type(e).__name__})"
    outcomes = await asyncio.gather(*tasks)
    late_outcomes = await asyncio.gather(*late)
    result["in_flight_at_sigterm"] = n_checks + 1 - len([i for i in answered_before if i >= 0])
    result["completed_200_well_formed"] = sum(1 for o in outcomes if o == "ok")
    result["failures"] = [o for o in outcomes if o != "ok"]
    result["slow_sender_finishing_after_sigterm"] = outcomes[-1]
    result["late_unconfirmed"] = dict(collections.Counter(
        "200 well-formed" if o == "ok" else o.split(" (")[0] for o in late_outcomes))
    # Wait for the process to exit.
    deadline = run.sigterm_at + SHUTDOWN_TIMEOUT + 5
    while proc.poll() is None and time.monotonic() < deadline:
        await asyncio.sleep(0.01)
    exited = proc.poll()
    result["exit_seconds"] = round(time.monotonic() - run.sigterm_at, 3) if exited is not None else None
    if exited is None:
        proc.kill()
        proc.wait()
        result["exit_code"] = "still running; killed"
    else:
        result["exit_code"] = exited
    result["idle_open_at_sigterm"] = held_at_sigterm
    result["idle_left_open_at_exit"] = await holder.stop(0.5)
    a = holder.after_sigterm
    result["idle_closed_after_sigterm_seconds"] = (
        {"n": len(a), "p50": round(pct(a, 50), 3), "max": round(max(a), 3)} if a else None
    )
    result["ok"] = (
        result["completed_200_well_formed"] == n_checks + 1
        and result["exit_code"] == 0
        and result["exit_seconds"] is not None
        and result["exit_seconds"] <= SHUTDOWN_TIMEOUT
    )
    return result


# --------------------------------------------------------------------------------------------
# Main


async def main_async(args, proc, addr, out_dir, meta):
    rng = random.Random(args.seed)
    pid = proc.pid
    health = await wait_healthz(addr)
    run = Run(args, addr, rng)
    run.sigterm_at = None
    rss = [(0.0, proc_status(pid, "VmRSS"), fd_count(pid))]
    marks = {"start": rss[0][1]}
    stop_sampling = asyncio.Event()

    async def sampler():
        next_t, one_minute_done = 10.0, False
        while not stop_sampling.is_set():
            t = time.monotonic() - run.t0
            if not one_minute_done and t >= 60:
                marks["1min"] = proc_status(pid, "VmRSS")
                one_minute_done = True
            if t >= next_t:
                rss.append((round(t, 1), proc_status(pid, "VmRSS"), fd_count(pid)))
                next_t += 10.0
            try:
                await asyncio.wait_for(stop_sampling.wait(), 0.5)
            except asyncio.TimeoutError:
                pass

    cpu0, ru0, srv0, wall0 = cpu_times(), resource.getrusage(resource.RUSAGE_SELF), proc_cpu(pid), time.monotonic()
    load0 = Path("/proc/loadavg").read_text().split()[:3]
    holder = IdleHolder(run, args.idle)
    probe_stop = asyncio.Event()
    bg = [asyncio.ensure_future(sampler()), asyncio.ensure_future(run.probe(probe_stop)),
          asyncio.ensure_future(run.healthz_probe(probe_stop)),
          asyncio.ensure_future(holder.sample(probe_stop))]
    lanes = [asyncio.ensure_future(run.lane()) for _ in range(args.concurrency)]
    lanes += [asyncio.ensure_future(run.slow_lane(i)) for i in range(args.slow_lanes)]
    print(f"load: {args.duration:.0f} s at concurrency {args.concurrency} (+{args.slow_lanes} slow lanes, "
          f"probe); {args.idle} idle connections from t={args.duration * args.baseline_fraction:.0f} s", flush=True)
    await asyncio.sleep(max(0, run.idle_from - time.monotonic()))
    if args.idle:
        holder.start()
    last = time.monotonic()
    while not all(t.done() for t in lanes):
        await asyncio.sleep(0.5)
        if time.monotonic() - last >= 30:
            last = time.monotonic()
            n = sum(s.sent for s in run.stats.values())
            print(f"load: t={last - run.t0:.0f} s, {n} requests, idle held {holder.open}, "
                  f"RSS {proc_status(pid, 'VmRSS')} kB", flush=True)
    for t in lanes:
        t.result()  # surface any bug in the client itself
    wall = time.monotonic() - wall0
    cpu1, ru1, srv1 = cpu_times(), resource.getrusage(resource.RUSAGE_SELF), proc_cpu(pid)
    load1 = Path("/proc/loadavg").read_text().split()[:3]
    probe_stop.set()
    stop_sampling.set()
    await asyncio.gather(*bg)
    rss.append((round(time.monotonic() - run.t0, 1), proc_status(pid, "VmRSS"), fd_count(pid)))
    marks["end"] = rss[-1][1]
    meta["threads"] = proc_status(pid, "Threads")
    metrics = await get_metrics(addr)
    print("load: load done; SIGTERM test", flush=True)
    shutdown = await shutdown_test(run, proc, holder, args.shutdown_checks, args.late_requests)

    client_cpu = (ru1.ru_utime + ru1.ru_stime - ru0.ru_utime - ru0.ru_stime)
    machine = {}
    for k in cpu1:
        busy = (cpu1[k][0] - cpu0[k][0]) / max(1, cpu1[k][1] - cpu0[k][1])
        machine[k] = round(busy * (os.cpu_count() if k == "cpu" else 1), 2)
    res = {
        "command": meta["command"],
        "server_command": meta["server_command"],
        "binary": str(args.bin),
        "pinning": meta["pinning"],
        "nofile_limit": meta["nofile"],
        "settings": {
            "duration_s": args.duration, "concurrency": args.concurrency, "slow_lanes": args.slow_lanes,
            "idle": args.idle, "idle_from_s": round(args.duration * args.baseline_fraction, 1),
            "request_timeout_s": args.request_timeout, "body_limit": args.body_limit,
            "shutdown_checks": args.shutdown_checks, "seed": args.seed, "hostile_pct": args.hostile,
        },
        "corpus": health,
        "wall_s": round(wall, 1),
        "cpu": {
            "client_cores": round(client_cpu / wall, 2),
            "server_cores": round((srv1 - srv0) / wall, 2) if srv0 is not None and srv1 is not None else None,
            "machine_busy_cores": machine.get("cpu"),
            "per_cpu_busy": {k: v for k, v in machine.items() if k != "cpu"},
            "loadavg_start": load0,
            "loadavg_end": load1,
        },
        "server_threads": meta.get("threads"),
    }
    res["cpu"]["others_cores"] = (
        round(res["cpu"]["machine_busy_cores"] - res["cpu"]["client_cores"] - (res["cpu"]["server_cores"] or 0), 2)
    )
    classes = {}
    for name in list(MIX) + ["hostile"] + list(OTHER):
        st = run.stats.get(name)
        if st is None:
            continue
        expect = MIX[name][1] if name in MIX else OTHER.get(name, (200, None))
        classes[name] = {
            "expected": "nothing (client hangs up)" if expect is None else expect[0],
            "sent": st.sent, "as_expected": st.ok,
            "unexpected": sum(st.unexpected.values()),
            "statuses": dict(sorted(st.statuses.items())),
            "unexpected_reasons": dict(st.unexpected), "examples": st.examples,
        }
        lat = [x for v in st.latencies.values() for x in v]
        if lat:
            classes[name]["latency_ms"] = summary(lat)
            if len(st.latencies) > 1 or "all" not in st.latencies:
                classes[name]["latency_ms_by_phase"] = {k: summary(v) for k, v in sorted(st.latencies.items())}
    res["classes"] = classes
    load_classes = [n for n in classes if n != "shutdown-check"]
    total = sum(classes[n]["sent"] for n in load_classes)
    valid_names = ["valid-json", "valid-text"]
    valid_ok = sum(classes[n]["as_expected"] for n in valid_names if n in classes)
    vlat = [x for n in valid_names for v in run.stats[n].latencies.values() for x in v]
    by_phase = collections.defaultdict(list)
    for n in valid_names:
        for k, v in run.stats[n].latencies.items():
            by_phase[k] += v
    res["totals"] = {
        "requests": total,
        "requests_per_s": round(total / wall, 1),
        "valid_checks_ok": valid_ok,
        "valid_checks_per_s": round(valid_ok / wall, 1),
        "valid_latency_ms": summary(vlat),
        "valid_latency_ms_by_phase": {k: summary(v) for k, v in sorted(by_phase.items())},
        "keepalive_retries": run.retries,
        "responses_5xx": run.statuses_5xx,
        "failed_valid": sum(classes[n]["unexpected"] for n in classes if n in VALID),
        "hostile_outcomes": {f"{s} {c or ''}".strip(): n for (s, c), n in sorted(run.hostile_outcomes.items())},
        "unexpected_fault_outcomes": sum(classes[n]["unexpected"] for n in classes if n not in VALID),
    }
    growth = None
    if marks.get("1min") and marks.get("end"):
        growth = f"{(marks['end'] - marks['1min']) / marks['1min'] * 100:+.0f}%"
    res["rss_kb"] = {"start": marks.get("start"), "1min": marks.get("1min"), "end": marks.get("end"),
                     "growth_after_1min": growth,
                     "series": [{"t": t, "rss_kb": r, "fds": f} for t, r, f in rss]}
    res["idle"] = {
        "target": args.idle,
        "opened": dict(holder.opened),
        "closed_by_server": dict(holder.closed),
        "how_closed": {k: dict(v) for k, v in holder.close_how.items()},
        "held_seconds_before_close": {k: summary(v, scale=1) for k, v in holder.held_for.items()},
        "still_open_at_sigterm_age_s": {k: summary(v, scale=1) for k, v in holder.ages_at_sigterm.items()},
        "connect_errors": dict(holder.connect_errors),
        "held_min_max_during_idle_phase": held_range(holder.held_series, args.duration * args.baseline_fraction + 2),
    }
    res["server_metrics_statuses"] = metrics
    res["shutdown"] = shutdown
    problems = []
    if res["totals"]["responses_5xx"]:
        problems.append(f"{res['totals']['responses_5xx']} responses with a 5xx status")
    if res["totals"]["failed_valid"]:
        problems.append(f"{res['totals']['failed_valid']} valid requests failed")
    if res["totals"]["unexpected_fault_outcomes"]:
        problems.append(f"{res['totals']['unexpected_fault_outcomes']} bad requests got an unexpected outcome")
    if not shutdown["ok"]:
        problems.append("SIGTERM shutdown was not graceful (see shutdown)")
    res["problems"] = problems
    # Worth a look, but not a failed run: behaviour of the HTTP stack rather than a broken answer.
    warnings = []
    for kind, ages in holder.ages_at_sigterm.items():
        if ages and max(ages) > 2 * args.request_timeout + 5:
            warnings.append(f"{len(ages)} idle '{kind}' connections were never closed by the server "
                            f"(held up to {max(ages):.0f} s, request timeout {args.request_timeout} s)")
    if growth and marks["end"] > 1.5 * marks["1min"]:
        warnings.append(f"RSS grew {growth} between 1 min and the end")
    pp = res["classes"].get("probe", {}).get("latency_ms_by_phase", {})
    if "baseline" in pp and "with-idle" in pp and pp["with-idle"]["p50"] > 2 * pp["baseline"]["p50"]:
        warnings.append("the probe's median latency more than doubled with the idle connections held")
    res["warnings"] = warnings
    return res


def summary(values, scale=1000.0):
    if not values:
        return None
    r = lambda x: round(x * scale, 1)
    return {"n": len(values), "p50": r(pct(values, 50)), "p90": r(pct(values, 90)),
            "p99": r(pct(values, 99)), "max": r(max(values))}


def held_range(series, after):
    xs = [n for t, n in series if t >= after]
    return [min(xs), max(xs)] if xs else None


def render(res) -> str:
    out = []
    w = out.append
    s, t, c = res["settings"], res["totals"], res["cpu"]
    w("Tally load-and-fault report")
    w(f"command: {res['command']}")
    w(f"server:  {' '.join(res['server_command'])}  (threads: {res['server_threads']}, RLIMIT_NOFILE {res['nofile_limit']})")
    w(f"pinning: {res['pinning']}")
    w(f"run: {s['duration_s']:.0f} s, {s['concurrency']} lanes + {s['slow_lanes']} slow lanes + probe (4/s); "
      f"{s['idle']} idle connections from t={s['idle_from_s']:.0f} s; request timeout {s['request_timeout_s']:.0f} s; "
      f"body limit {s['body_limit']} B; wall {res['wall_s']} s")
    w(f"corpus: {res['corpus'].get('documents')} documents, version {res['corpus'].get('corpus_version')}")
    w("")
    w(f"CPU (cores, over the load): client {c['client_cores']}, server {c['server_cores']}, "
      f"whole machine {c['machine_busy_cores']} (others {c['others_cores']}); per CPU busy {c['per_cpu_busy']}")
    w(f"load average: start {' '.join(c['loadavg_start'])}, end {' '.join(c['loadavg_end'])}")
    w("")
    w(f"requests: {t['requests']} ({t['requests_per_s']}/s); valid checks OK: {t['valid_checks_ok']} "
      f"({t['valid_checks_per_s']}/s); keep-alive retries {t['keepalive_retries']}")
    lat = t["valid_latency_ms"] or {}
    w(f"valid-check latency ms: p50 {lat.get('p50')}  p90 {lat.get('p90')}  p99 {lat.get('p99')}  max {lat.get('max')}")
    for k, v in t["valid_latency_ms_by_phase"].items():
        w(f"  {k:10s} n={v['n']:<7} p50 {v['p50']}  p90 {v['p90']}  p99 {v['p99']}  max {v['max']}")
    for probe in ("probe", "healthz"):
        pr = res["classes"].get(probe, {}).get("latency_ms_by_phase", {})
        for k, v in pr.items():
            w(f"  {probe:7s} {k:10s} n={v['n']:<5} p50 {v['p50']}  p90 {v['p90']}  p99 {v['p99']}  max {v['max']}")
    if t.get("hostile_outcomes"):
        w(f"hostile texts ({s['hostile_pct']}% of the main mix): {t['hostile_outcomes']}")
    w(f"5xx responses: {t['responses_5xx']} (must be 0)   failed valid requests: {t['failed_valid']} (must be 0)   "
      f"unexpected fault outcomes: {t['unexpected_fault_outcomes']} (must be 0)")
    w("")
    w(f"{'class':18s} {'expect':>7s} {'sent':>8s} {'as exp.':>8s} {'unexp.':>7s}  statuses / latency")
    for name, v in res["classes"].items():
        exp = "drop" if isinstance(v["expected"], str) else str(v["expected"])
        line = f"{name:18s} {exp:>7s} {v['sent']:>8d} {v['as_expected']:>8d} {v['unexpected']:>7d}  {v['statuses']}"
        if "latency_ms" in v:
            lm = v["latency_ms"]
            line += f"  p50 {lm['p50']} p99 {lm['p99']} max {lm['max']} ms"
        w(line)
        for reason, n in v["unexpected_reasons"].items():
            w(f"{'':20s}unexpected x{n}: {reason}")
        for e in v["examples"][:2]:
            w(f"{'':20s}e.g. {e}")
    w("")
    r = res["rss_kb"]
    peak = max((p["rss_kb"] or 0) for p in r["series"])
    w(f"server RSS kB: start {r['start']}, at 1 min {r['1min'] or 'n/a (run under 1 min)'}, end {r['end']}, "
      f"peak of the samples {peak}; end vs 1 min: {r['growth_after_1min']}")
    w("  series (t s: RSS kB / open fds): " + ", ".join(f"{p['t']:.0f}: {p['rss_kb']}/{p['fds']}" for p in r["series"]))
    w("")
    i = res["idle"]
    w(f"idle connections (target {i['target']}): held min/max during the idle phase {i['held_min_max_during_idle_phase']}")
    w(f"  opened {i['opened']}; closed by the server {i['closed_by_server']}; connect errors {i['connect_errors']}")
    for k in IdleHolder.KINDS:
        if k not in i["opened"] and k in i["how_closed"]:
            w(f"  {k}: none held: {i['how_closed'][k]} (those slots held silent connections)")
        if k in i["opened"]:
            w(f"  {k}: {i['how_closed'].get(k, {})}")
            w(f"      held before the server closed it (s): {i['held_seconds_before_close'].get(k)}")
            w(f"      still open at SIGTERM, age (s): {i['still_open_at_sigterm_age_s'].get(k)}")
    w("")
    sd = res["shutdown"]
    w(f"SIGTERM: {sd['checks']} checks of {sd['draft_bytes']} B + 1 slow sender; in flight at SIGTERM {sd['in_flight_at_sigterm']}; "
      f"completed 200 well-formed {sd['completed_200_well_formed']}/{sd['checks'] + 1}; slow sender: {sd['slow_sender_finishing_after_sigterm']}")
    w(f"  new connection 0.3 s after SIGTERM: {sd['new_connection_after_sigterm']}; idle connections open at SIGTERM "
      f"{sd['idle_open_at_sigterm']}, closed by the server after SIGTERM {sd['idle_closed_after_sigterm_seconds']}, "
      f"left open at exit {sd['idle_left_open_at_exit']}")
    w(f"  exit code {sd['exit_code']} after {sd['exit_seconds']} s (shutdown timeout {SHUTDOWN_TIMEOUT:.0f} s) -> "
      f"{'graceful' if sd['ok'] else 'NOT graceful'}")
    if sd["failures"]:
        w(f"  failures: {sd['failures']}")
    w(f"  informational: {sum(sd['late_unconfirmed'].values())} requests written just before SIGTERM without waiting for "
      f"100 Continue: {sd['late_unconfirmed']}")
    w("")
    if res["server_metrics_statuses"]:
        w(f"server /metrics requests by status before SIGTERM: {res['server_metrics_statuses']}")
    for x in res["warnings"]:
        w(f"WARNING: {x}")
    w("RESULT: " + ("PASS" if not res["problems"] else "FAIL: " + "; ".join(res["problems"])))
    return "\n".join(out) + "\n"


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--quick", action="store_true", help="20 s, concurrency 16, 100 idle connections")
    ap.add_argument("--duration", type=float, help="seconds of load (default 300; --quick 20)")
    ap.add_argument("--concurrency", type=int, help="lanes sending the main mix (default 64; --quick 16)")
    ap.add_argument("--idle", type=int, help="idle connections held (default 1000; --quick 100)")
    ap.add_argument("--slow-lanes", type=int, help="lanes of slow senders (default concurrency/16, at least 2)")
    ap.add_argument("--request-timeout", type=float, default=5, help="the server's --request-timeout (s)")
    ap.add_argument("--body-limit", type=int, default=1 << 20, help="the server's --body-limit (bytes)")
    ap.add_argument("--baseline-fraction", type=float, default=0.2, help="share of the run before idle connections")
    ap.add_argument("--shutdown-checks", type=int, default=8, help="50 KB checks in flight at SIGTERM")
    ap.add_argument("--late-requests", type=int, default=4,
                    help="requests written just before SIGTERM without waiting for 100 Continue (informational)")
    ap.add_argument("--bin", type=Path, default=ROOT / "target" / "release" / "tally")
    ap.add_argument("--pin", choices=["split", "none"], default="split",
                    help="split: server on the first CPU, this client on the second (default)")
    ap.add_argument("--out", type=Path, default=ROOT / "target" / "load")
    ap.add_argument("--seed", type=int, default=1)
    ap.add_argument("--hostile", type=float, default=0,
                    help="percent of the main mix sent as texts built to be slow (issue 9 runs 10)")
    args = ap.parse_args()
    q = args.quick
    args.duration = args.duration if args.duration is not None else (20 if q else 300)
    args.concurrency = args.concurrency if args.concurrency is not None else (16 if q else 64)
    args.idle = args.idle if args.idle is not None else (100 if q else 1000)
    args.slow_lanes = args.slow_lanes if args.slow_lanes is not None else max(2, args.concurrency // 16)
    args.request_timeout = int(args.request_timeout)
    args.out.mkdir(parents=True, exist_ok=True)
    build_if_missing(args.bin)

    cpus = sorted(os.sched_getaffinity(0))
    server_cpus, pinning = None, "none: server and client share all CPUs"
    if args.pin == "split" and len(cpus) >= 2:
        half = len(cpus) // 2
        server_cpus, client_cpus = set(cpus[:half]), set(cpus[half:])
        pinning = (f"server on CPU {sorted(server_cpus)}, client on CPU {sorted(client_cpus)} "
                   "(sched_setaffinity, as taskset -c does)")
    proc, addr, server_cmd, nofile = start_server(args, args.out, server_cpus)
    if server_cpus:
        os.sched_setaffinity(0, client_cpus)
    meta = {"command": " ".join([Path(sys.argv[0]).as_posix()] + sys.argv[1:]),
            "server_command": server_cmd, "pinning": pinning, "nofile": nofile,
            "threads": proc_status(proc.pid, "Threads")}
    print(f"load: server pid {proc.pid} on http://{addr[0]}:{addr[1]}/; {pinning}", flush=True)
    try:
        res = asyncio.run(main_async(args, proc, addr, args.out, meta))
    finally:
        if proc.poll() is None:
            proc.kill()
            proc.wait()
    text = render(res)
    (args.out / "report.txt").write_text(text)
    (args.out / "report.json").write_text(json.dumps(res, indent=2) + "\n")
    print(text, end="")
    print(f"load: written to {args.out / 'report.txt'} and report.json", flush=True)
    return 1 if res["problems"] else 0


if __name__ == "__main__":
    sys.exit(main())
