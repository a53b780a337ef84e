#!/usr/bin/env python3
"""Score Tally against NewsQuant (CQE's news test set: 590 sentences, 904 gold quantities).

Usage: scripts/newsquant.py [NewsQuant.json] [--tally BIN] [--report FILE] [--examples N]

The data is read in place (default: ../shared/external/cqe-newsquant/formatted_test_set/
NewsQuant.json, relative to the repo root) and never copied into the repo. If it is absent the
script says so and exits 0. See scripts/README.md for the matching rules; in short:

* All sentences go, one per line with a blank line between (so Tally never joins two), into
  one temp file; `tally extract FILE --json` runs once; claims map back to sentences by
  `byte_start`.
* Predictions: claims of kind count, measure, percent, money, fraction and multiplier.
  temporal and ordinal claims are not quantities in NewsQuant (dates, years and ordinals are
  not annotated) and are left out.
* A gold single value matches an unmatched predicted claim in the same sentence whose `value`
  agrees within 1e-6 relative. A gold range "lo-hi" matches (in this order of preference)
  a claim whose two written ends are lo and hi (the ends: `value` and the last number in the
  figure text scaled like the first, or else interval low/high), or a pair of claims in the
  sentence valued lo and hi ("from $36,040 to $34,935" as two claims), or a `vague` claim
  whose interval overlaps [lo, hi] ("millions" is 1e6-1e7 in NewsQuant and [2e6, 1e9) in
  Tally: the conventions differ, the reading agrees). Each gold and each claim match once.
* Hedge agreement on matched pairs: gold `=` -> exact (for a gold range also range or
  vague), `~` -> approximate or nearly (NewsQuant's `~` covers about, around *and* nearly;
  a strict figure with nearly counted as a miss is printed too), `>` -> more_than,
  `<` -> fewer_than. Gold `up`/`down` (rose/fell by) say a direction, not a hedge, and are
  reported separately as the distribution of Tally's hedges.
"""

import argparse
import bisect
import collections
import json
import math
import os
import re
import subprocess
import sys
import tempfile

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
DEFAULT_DATA = os.path.join(ROOT, "..", "shared", "external", "cqe-newsquant",
                            "formatted_test_set", "NewsQuant.json")
QUANTITY_KINDS = {"count", "measure", "percent", "money", "fraction", "multiplier"}
HEDGE_OF_CHANGE = {"=": {"exact"}, "~": {"approximate", "nearly"}, ">": {"more_than"},
                   "<": {"fewer_than"}}
PUBLISHED_F1 = [("CQE", 92.0), ("quantulum3", 73.0), ("GPT-3", 70.6),
                ("Recognizers-Text", 69.1), ("CCG", 57.3)]


# ---- values ----------------------------------------------------------------------------------

def close(a, b, rel=1e-6):
    return abs(a - b) <= rel * max(abs(a), abs(b)) or abs(a - b) < 1e-12


def parse_gold(v):
    """'6650.0' -> (6650.0, None); '252.0-287.0' or '3.0 - 4.0' -> (252.0, 287.0) as written
    (a "from 36040 to 34935" range keeps its order); '1.99E-29' is a single value."""
    v = v.strip()
    try:
        return float(v), None
    except ValueError:
        pass
    m = re.fullmatch(r"(-?[\d.]+(?:[eE][-+]?\d+)?)\s*-\s*(-?[\d.]+(?:[eE][-+]?\d+)?)", v)
    if m:
        return float(m.group(1)), float(m.group(2))
    raise ValueError(f"unparsed gold value {v!r}")


NUM_RE = re.compile(r"\d[\d,]*(?:\.\d+)?|\.\d+")


def written_ends(c):
    """The two ends (lo, hi) a range claim was written with, or None."""
    nums = [float(n.replace(",", "")) for n in NUM_RE.findall(c["text"])]
    if len(nums) >= 2:
        scale = c["value"] / nums[0] if nums[0] else 1.0
        return c["value"], nums[-1] * scale
    if c["hedge"] == "range":
        return c["interval"]["low"], c["interval"]["high"]
    return None


def same_ends(a, b):
    return close(min(a), min(b)) and close(max(a), max(b))


# ---- running tally ---------------------------------------------------------------------------

def find_tally(explicit):
    for cand in [explicit, os.environ.get("TALLY_BIN"),
                 os.path.join(ROOT, "target", "release", "tally")]:
        if cand and os.access(cand, os.X_OK):
            return cand
    print("target/release/tally missing: cargo build --release -p tally-server", file=sys.stderr)
    subprocess.run(["cargo", "build", "--release", "-p", "tally-server"], cwd=ROOT)
    cand = os.path.join(ROOT, "target", "release", "tally")
    if os.access(cand, os.X_OK):
        return cand
    sys.exit("no tally binary (pass --tally BIN)")


def run_tally(binary, sentences):
    """Claims per sentence index, all kinds, each with `rel_start`/`rel_end` in the sentence."""
    starts, buf, pos = [], [], 0
    for s in sentences:
        b = s.encode("utf-8")
        starts.append(pos)
        buf.append(b)
        pos += len(b) + 2
    data = b"\n\n".join(buf) + b"\n"
    with tempfile.NamedTemporaryFile(prefix="newsquant-", suffix=".txt", delete=False) as f:
        f.write(data)
        path = f.name
    try:
        r = subprocess.run([binary, "extract", path, "--json"], capture_output=True)
    finally:
        os.unlink(path)
    if r.returncode != 0:
        sys.stderr.write(r.stderr.decode(errors="replace"))
        sys.exit(f"tally exited with {r.returncode}")
    per = [[] for _ in sentences]
    for line in r.stdout.decode("utf-8").splitlines():
        if not line.strip():
            continue
        c = json.loads(line)
        i = bisect.bisect_right(starts, c["byte_start"]) - 1
        c["rel_start"] = c["byte_start"] - starts[i]
        c["rel_end"] = c["byte_end"] - starts[i]
        if c["rel_end"] > len(buf[i]):
            print(f"warning: claim {c['text']!r} crosses the end of sentence {i}", file=sys.stderr)
        per[i].append(c)
    return per


# ---- matching --------------------------------------------------------------------------------

def match_sentence(golds, claims):
    """Returns {gold index: (list of claim indices, how)}; claims are the prediction claims."""
    used, out = set(), {}

    def take(gi, cis, how):
        out[gi] = (cis, how)
        used.update(cis)

    parsed = [parse_gold(g["value"]) for g in golds]
    # 1. single values
    for gi, (lo, hi) in enumerate(parsed):
        if hi is not None:
            continue
        for ci, c in enumerate(claims):
            if ci not in used and close(c["value"], lo):
                take(gi, [ci], "value")
                break
    # 2. ranges: one claim with both ends
    for gi, (lo, hi) in enumerate(parsed):
        if hi is None:
            continue
        for ci, c in enumerate(claims):
            ends = written_ends(c)
            if ci not in used and ends and same_ends(ends, (lo, hi)):
                take(gi, [ci], "range")
                break
    # 3. ranges: two claims, one per end
    for gi, (lo, hi) in enumerate(parsed):
        if hi is None or gi in out:
            continue
        a = next((ci for ci, c in enumerate(claims) if ci not in used and close(c["value"], lo)), None)
        b = next((ci for ci, c in enumerate(claims)
                  if ci not in used and ci != a and close(c["value"], hi)), None)
        if a is not None and b is not None:
            take(gi, [a, b], "range as two claims")
    # 4. ranges: a vague amount whose interval overlaps the gold range
    for gi, (lo, hi) in enumerate(parsed):
        if hi is None or gi in out:
            continue
        g_lo, g_hi = min(lo, hi), max(lo, hi)
        for ci, c in enumerate(claims):
            iv = c["interval"]
            if ci not in used and c["hedge"] == "vague" and iv["low"] <= g_hi and g_lo <= iv["high"]:
                take(gi, [ci], "vague overlaps range")
                break
    return out


def hedge_agrees(gold, claim, strict=False):
    ch = gold["change"]
    if ch not in HEDGE_OF_CHANGE:
        return None
    ok = set(HEDGE_OF_CHANGE[ch])
    if strict and ch == "~":
        ok = {"approximate"}
    if ch == "=" and parse_gold(gold["value"])[1] is not None:
        ok |= {"range", "vague"}
    return claim["hedge"] in ok


# ---- diagnosis -------------------------------------------------------------------------------

def find_digits(sentence, v):
    """Character spans of numbers written in digits whose value is v, or v in thousands,
    millions, billions or trillions ("1.2" for 1.2e6 in "1.2m")."""
    hits = []
    for m in re.finditer(r"\d[\d,]*(?:\.\d+)?|\.\d+", sentence):
        x = float(m.group().replace(",", ""))
        if any(close(x * k, abs(v)) for k in (1, 1e3, 1e6, 1e9, 1e12)):
            hits.append((m.start(), m.end()))
    return hits


def why_missed(gold, sentence, all_claims, pred_claims, used):
    lo, hi = parse_gold(gold["value"])
    vals = [lo] if hi is None else [lo, hi]
    excluded = [c for c in all_claims if c["kind"] not in QUANTITY_KINDS]
    for c in excluded:
        if any(close(c["value"], v) for v in vals):
            return f"extracted as {c['kind']}", c
    for c in pred_claims:
        if any(close(c["value"], -v) for v in vals if v):
            return "sign differs", c
    for ci, c in enumerate(pred_claims):
        for v in vals:
            if v and c["value"] and not close(c["value"], v):
                r = v / c["value"]
                for k in (100, 0.01, 1e3, 1e-3, 1e6, 1e-6, 1e9, 1e-9, 1e12, 1e-12):
                    if close(r, k, 1e-6):
                        return "scale differs (1.2m, $10 to $15 billion, 5G, four to five thousand)", c
    if hi is not None:
        for c in pred_claims:
            if any(close(c["value"], v) for v in vals):
                return "range: only one end (or ends differ)", c
            if c["hedge"] == "vague":
                return "range: vague interval disagrees", c
    for ci, c in enumerate(pred_claims):
        if ci in used and any(close(c["value"], v) for v in vals):
            return "value already taken by another gold (duplicate gold or one claim for two)", c
    # Where is the figure written?
    spans = find_digits(sentence, lo)
    if spans:
        for (s, e) in spans:
            bs, be = len(sentence[:s].encode()), len(sentence[:e].encode())
            for c in all_claims:
                if c["rel_start"] < be and bs < c["rel_end"]:
                    return "figure extracted with another value", c
        s, e = spans[0]
        before, after = sentence[max(0, s - 6):s], sentence[e:e + 6]
        if re.search(r"(minus|sub)-?\s?$", before, re.I):
            return "digits not extracted: after minus-/sub- (minus-5 yards, sub-7 nm)", None
        if re.search(r"[A-Za-z]\$?$", before):
            return "digits not extracted: currency code glued before ($US55,931,000, RM79, PS6m, USD10m)", None
        if re.match(r"[A-Za-z]", after):
            return "digits not extracted: unit glued after (256GB, 5kW, 164p, 1.38pc)", None
        return "digits not extracted: other", None
    if close(lo, 1) and re.search(r"\bone\b", sentence, re.I):
        return "'one' not extracted (one of the best ..., one solution)", None
    return "in words or implicit (sixfold, 1/16, twenty-eight thousand ...)", None


YEAR_RE = re.compile(r"^(1[6-9]|20)\d\d$")


def why_false(c, sentence, golds):
    t = c["text"]
    s, e = c["rel_start"], c["rel_end"]
    b = sentence.encode("utf-8")
    before = b[max(0, s - 12):s].decode("utf-8", "ignore")
    after = b[e:e + 12].decode("utf-8", "ignore")
    for g, matched in golds:
        lo, hi = parse_gold(g["value"])
        for v in [lo] + ([] if hi is None else [hi]):
            if close(c["value"], v):
                if matched:
                    return "duplicate: its gold is matched by another claim (two claims for one figure)"
                return "value of a gold range end, the range itself missed (see misses)"
            if c["value"] and v and not matched:
                r = v / c["value"]
                if any(close(r, k) for k in (100, 0.01, 1e3, 1e-3, 1e6, 1e-6, 1e9, 1e-9, -1)):
                    return "gold figure read with a different scale or sign (see misses)"
    if YEAR_RE.match(t.replace(",", "")):
        return "year-like number (not temporal)"
    ctx = before[-3:] + t + after[:6]
    if re.search(r"\d:\d\d|\d\s*(am|pm|a\.m\.|p\.m\.)(?![a-z])", ctx, re.I):
        return "time of day"
    if (before and (before[-1].isalpha() or before[-1] == "-" and len(before) > 1 and before[-2].isalpha())) \
            or (after and after[0].isalpha() and not re.match(
                r"(k|m|bn|b|m|km|kg|g|mm|cm|ft|lb|mph|w|kw|kwh|mw|gb|tb|mb|hz|khz|ghz|x|s|th|st|nd|rd|%)\b",
                after, re.I)):
        return "part of a name or code (5G, TA-35, COVID-19, A320)"
    if re.search(r"\b(Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Sept|Oct|Nov|Dec)[a-z]*\.?\s[\d\s\-–]*$", before) \
            or re.match(r"\s(Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Oct|Nov|Dec)[a-z]*\b", after):
        return "part of a date (Sept. 20-24, on 9 May)"
    if "×" in before[-3:] or re.search(r"×\s?10", t + after[:4]):
        return "scientific notation (1.99×10−30)"
    if c["kind"] == "count" and (re.search(r"\d-$", before) or re.match(r"-\d", after)):
        return "score or hyphenated pair (2-1, 89-89, ISO 3888-2)"
    if c["kind"] == "count" and c["unit"] is None and re.search(r"[A-Za-z&]\s$", before) \
            and re.search(r"(^|\s)[A-Za-z&.]*[A-Z][A-Za-z&.]*\s$", before):
        return "number after a name (iPhone 14, S&P 500, Stoxx 50, Boeing 787)"
    if re.match(r"\s?[A-Z]", after) and c["kind"] == "count" and c["subject"] is None:
        return "number before a proper name (9 E 71st St, Section 427)"
    if re.search(r",\s$", before) and after.startswith(",") and c["kind"] == "count":
        return "age in apposition (Senard, 65, said)"
    if not golds:
        return f"sentence has no gold quantity ({c['kind']})"
    return f"not annotated / value differs ({c['kind']})"


HEDGE_WORDS = (r"(about|around|roughly|approximately|some|nearly|almost|over|more than|at least|"
               r"above|under|below|less than|fewer than|up to|as much as|as many as|just under|"
               r"just over|close to|upwards of|in excess of)")


def why_hedge(gold, c, sentence):
    b = sentence.encode("utf-8")
    before = b[max(0, c["rel_start"] - 30):c["rel_start"]].decode("utf-8", "ignore")
    if c["hedge"] == "exact" and re.search(HEDGE_WORDS + r"\s*(US\s?|HK\s?|A|C|S)?\s?[$£€¥]\s?(US)?\s?$",
                                           before, re.I):
        return "hedge word before a currency symbol lost (more than $30 billion, about $7.2 billion)"
    if c["hedge"] == "exact" and re.search(HEDGE_WORDS + r"\s*$", before, re.I):
        return f"hedge word right before the figure not applied (gold {gold['change']})"
    if gold["change"] == "=" and c["hedge"] in ("more_than", "fewer_than", "nearly", "approximate"):
        return f"Tally {c['hedge']}, gold = (often a gold slip: 'almost five percent', 'as many as 14')"
    if c["hedge"] == "exact":
        return f"gold {gold['change']}, Tally exact (gold hedge inherited or far from the figure)"
    return f"gold {gold['change']}, Tally {c['hedge']}"


# ---- main ------------------------------------------------------------------------------------

def pct(a, b):
    return 100.0 * a / b if b else 0.0


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("data", nargs="?", default=DEFAULT_DATA)
    ap.add_argument("--tally", help="tally binary (default: $TALLY_BIN or target/release/tally)")
    ap.add_argument("--report", default=os.path.join(ROOT, "target", "newsquant-report.txt"))
    ap.add_argument("--examples", type=int, default=6, help="examples per category on stdout")
    args = ap.parse_args()

    if not os.path.exists(args.data):
        print(f"NewsQuant not found at {os.path.normpath(args.data)}: nothing to score.")
        return 0
    with open(args.data, encoding="utf-8") as f:
        items = json.load(f)
    sentences = [it["text"] for it in items]
    binary = find_tally(args.tally)
    claims_per = run_tally(binary, sentences)

    tp = fp = fn = 0
    hows = collections.Counter()
    hedge_n = hedge_ok = hedge_ok_strict = 0
    confusion = collections.Counter()
    updown = collections.Counter()
    misses, falses, hedge_bad = [], [], []
    kinds_pred = collections.Counter()
    kinds_tp = collections.Counter()

    for si, it in enumerate(items):
        golds, all_claims = it["quantities"], claims_per[si]
        pred = [c for c in all_claims if c["kind"] in QUANTITY_KINDS]
        m = match_sentence(golds, pred)
        used = {ci for cis, _ in m.values() for ci in cis}
        for c in pred:
            kinds_pred[c["kind"]] += 1
        for gi, g in enumerate(golds):
            if gi in m:
                cis, how = m[gi]
                tp += 1
                hows[how] += 1
                c = pred[cis[0]]
                for ci in cis:
                    kinds_tp[pred[ci]["kind"]] += 1
                if g["change"] in ("up", "down"):
                    updown[(g["change"], c["hedge"])] += 1
                    continue
                agree = hedge_agrees(g, c)
                hedge_n += 1
                hedge_ok += bool(agree)
                hedge_ok_strict += bool(hedge_agrees(g, c, strict=True))
                confusion[(g["change"], c["hedge"])] += 1
                if not agree:
                    hedge_bad.append((si, g, c))
            else:
                fn += 1
                cat, c = why_missed(g, sentences[si], all_claims, pred, used)
                misses.append((cat, si, g, c))
        for ci, c in enumerate(pred):
            if ci not in used:
                fp += 1
                gm = [(g, gi in m) for gi, g in enumerate(golds)]
                falses.append((why_false(c, sentences[si], gm), si, c))

    P, R = pct(tp, tp + fp), pct(tp, tp + fn)
    F = 2 * P * R / (P + R) if P + R else 0.0
    n_pred = sum(kinds_pred.values())

    out = []
    w = out.append
    w(f"NewsQuant: {len(items)} sentences, {tp + fn} gold quantities; tally {binary}")
    w(f"predictions: {n_pred} claims of kinds {', '.join(sorted(QUANTITY_KINDS))} "
      f"(temporal and ordinal left out: {sum(len(c) for c in claims_per) - n_pred})")
    w("")
    w(f"value-level  P {P:5.1f}   R {R:5.1f}   F1 {F:5.1f}   (TP {tp}, FP {fp}, FN {fn}; "
      f"P = TP/(TP+FP), a range matched by two claims is one TP)")
    w("published value-level F1: " + ", ".join(f"{n} {f:.1f}" for n, f in PUBLISHED_F1))
    w("matched as: " + ", ".join(f"{h} {n}" for h, n in hows.most_common()))
    w("")
    w(f"hedge agreement on matched pairs with gold =,~,>,<: {hedge_ok}/{hedge_n} = "
      f"{pct(hedge_ok, hedge_n):.1f}%  (with 'nearly' not counted as '~': "
      f"{pct(hedge_ok_strict, hedge_n):.1f}%)")
    hedges = ["exact", "approximate", "nearly", "more_than", "fewer_than", "range", "vague"]
    w("  gold\\tally " + " ".join(f"{h[:11]:>11}" for h in hedges))
    for ch in ["=", "~", ">", "<"]:
        w(f"  {ch:<10} " + " ".join(f"{confusion[(ch, h)]:>11}" for h in hedges))
    w("gold up/down (a direction, not a hedge), Tally's hedge on the matched claim:")
    for ch in ["up", "down"]:
        w(f"  {ch:<10} " + " ".join(f"{updown[(ch, h)]:>11}" for h in hedges))
    w("")
    w("per kind: predicted / matched  " + ", ".join(
        f"{k} {kinds_pred[k]}/{kinds_tp[k]}" for k, _ in kinds_pred.most_common()))
    summary = list(out)

    def fmt_claim(c):
        if c is None:
            return "-"
        return (f"{c['kind']} {c['text']!r} v={c['value']:g} "
                f"[{c['interval']['low']:g},{c['interval']['high']:g}] {c['hedge']}")

    def section(title, groups, render, limit):
        lines = [f"== {title}"]
        for cat, rows in sorted(groups.items(), key=lambda kv: -len(kv[1])):
            lines.append(f"-- {cat}: {len(rows)}")
            for r in rows[:limit]:
                lines.extend(render(r))
        return lines

    miss_groups = collections.defaultdict(list)
    for cat, si, g, c in misses:
        miss_groups[cat].append((si, g, c))
    fp_groups = collections.defaultdict(list)
    for cat, si, c in falses:
        fp_groups[cat].append((si, c))

    def r_miss(r):
        si, g, c = r
        return [f"   gold {g['change']} {g['value']} {g['unit']!r}  nearest: {fmt_claim(c)}",
                f"      | {sentences[si]}"]

    def r_fp(r):
        si, c = r
        golds = ", ".join(f"{g['change']}{g['value']}" for g in items[si]["quantities"]) or "none"
        return [f"   {fmt_claim(c)}  (gold: {golds})", f"      | {sentences[si]}"]

    def r_hedge(r):
        si, g, c = r
        return [f"   gold {g['change']} {g['value']}  tally {fmt_claim(c)}",
                f"      | {sentences[si]}"]

    unit_miss = collections.Counter(g["normalized_unit"] for _, _, g, _ in misses)
    unit_fp = collections.Counter((c["unit"] or {}).get("name", "-") for _, _, c in falses)
    extra = ["", "misses by gold normalized_unit: " + ", ".join(
        f"{u} {n}" for u, n in unit_miss.most_common(12)),
        "false positives by Tally unit: " + ", ".join(f"{u} {n}" for u, n in unit_fp.most_common(12))]

    hb = collections.defaultdict(list)
    for si, g, c in hedge_bad:
        hb[why_hedge(g, c, sentences[si])].append((si, g, c))
    full = summary + extra + [""] \
        + section(f"misses (gold not found): {fn}", miss_groups, r_miss, 10 ** 9) + [""] \
        + section(f"false positives: {fp}", fp_groups, r_fp, 10 ** 9) + [""] \
        + section(f"hedge disagreements: {len(hedge_bad)}", hb, r_hedge, 10 ** 9)
    short = summary + extra + [""] \
        + section(f"misses (gold not found): {fn}", miss_groups, r_miss, args.examples) + [""] \
        + section(f"false positives: {fp}", fp_groups, r_fp, args.examples) + [""] \
        + section(f"hedge disagreements: {len(hedge_bad)}", hb, r_hedge, args.examples)

    os.makedirs(os.path.dirname(args.report), exist_ok=True)
    with open(args.report, "w", encoding="utf-8") as f:
        f.write("\n".join(full) + "\n")
    print("\n".join(short))
    print(f"\nfull report: {args.report}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
