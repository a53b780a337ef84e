#!/usr/bin/env python3
"""Helper for peers_side_by_side.sh: Tally, quantulum3, Recognizers-Text and Duckling on the same
external specs, scored by the same rule per spec, next to their throughput.

Subcommands:
  extract TOOL OUT.json [--tally BIN]   run TOOL (tally, quantulum3, recognizers, duckling) on every
                                        spec input and NewsQuant sentence; write its items per view
  speed-recognizers FILE BUDGET_S [numbers]
                                        Recognizers-Text throughput, one parse per non-empty line with
                                        all seven English models (or the NumberModel only); the JSON
                                        line of peers.py
  report RESULTS.jsonl ITEMS_DIR OUT_PREFIX
                                        score every ITEMS_DIR/*.json, print the table, write
                                        OUT_PREFIX.txt and OUT_PREFIX.json

Every tool's output is normalised to items: byte spans of the figure (the number itself) and of
the whole mention, a value (a range's low end), an optional range, a class (number, percent,
money, measure, multiplier, ordinal, date), whether the figure is vague or glued to a unit
("180ml"). A tool answers each spec through the view closest to it (see VIEWS); the scoring
functions below see only items, so every tool is scored by the same rule. The rules mirror
tests/tests/external_suites.rs; scripts/README.md lists the differences.
"""

import json
import math
import os
import re
import subprocess
import sys
import time

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, HERE)
import newsquant  # noqa: E402  (match_sentence, written_ends, run_tally, DEFAULT_DATA)
import peers  # noqa: E402  (run_lines, DUCKLING_DIMS)

ROOT = peers.ROOT
EXTERNAL = os.path.join(ROOT, "testdata", "external")
NUMBER_MODEL = "ms-recognizers-specs/Number/English/NumberModel.json"
PERCENT_MODEL = "ms-recognizers-specs/Number/English/PercentModel.json"
DUCKLING = "duckling-en-corpus/duckling_en_corpus.jsonl"
QUANTULUM = "quantulum3/quantities.json"

# Spec -> the view a tool answers it with. "numbers": bare numbers (Recognizers NumberModel,
# Duckling dim number; Tally and quantulum3: their items less vague, glued, ordinal, date and
# multiplier ones). "percent": Recognizers PercentModel; the others' percent items. "all":
# everything a tool finds (Recognizers: its seven English models merged, Duckling: its dims).
VIEWS = {"recognizers-number": "numbers", "recognizers-percent": "percent",
         "duckling-numeral": "numbers", "quantulum3-quantities": "all", "newsquant": "all"}
SPECS = list(VIEWS)
NUMBER_CLASSES = {"number", "percent", "money", "measure"}
NOT_QUANTITIES = {"ordinal", "date"}


# ---- the specs ---------------------------------------------------------------------------------

def read_external(rel):
    with open(os.path.join(EXTERNAL, rel), encoding="utf-8-sig") as f:
        return f.read()


def out_of_scope(suite):
    """{input: None (whole case) or set of surfaces} for one suite of out_of_scope.json."""
    out = {}
    for e in json.loads(read_external("out_of_scope.json"))["cases"]:
        if e["suite"] != suite:
            continue
        if e.get("surface") is None:
            out[e["input"]] = None
        elif out.get(e["input"], set()) is not None:
            out.setdefault(e["input"], set()).add(e["surface"])
    return out


def byte_of(text, i):
    return len(text[:i].encode("utf-8"))


def byte_of_utf16(text, unit):
    """Byte offset of a UTF-16 offset (Recognizers specs count C# string indexes)."""
    u = 0
    for i, ch in enumerate(text):
        if u >= unit:
            return byte_of(text, i)
        u += 2 if ord(ch) > 0xFFFF else 1
    return len(text.encode("utf-8"))


def recognizers_cases(rel, suite):
    """Clean cases (no NotSupported* key) not out of scope: (input, [(start, end, value)])."""
    oos = out_of_scope(suite)
    cases = []
    for c in json.loads(read_external(rel)):
        if "NotSupported" in c or "NotSupportedByDesign" in c or c["Input"] in oos:
            continue
        text = c["Input"]
        expected = [(byte_of_utf16(text, r["Start"]), byte_of_utf16(text, r["End"] + 1),
                     float(r["Resolution"]["value"].rstrip("%"))) for r in c["Results"]]
        cases.append((text, expected))
    return cases


def duckling_cases():
    """Numeral allExamples not out of scope: (text, target byte spans, value). A target is the
    trimmed text, with or without a trailing partitive "of" (Duckling spans it, Tally does
    not: grammar glue for the counted noun that follows)."""
    oos = out_of_scope("duckling-numeral")
    cases = []
    for line in read_external(DUCKLING).splitlines():
        if not line.strip():
            continue
        d = json.loads(line)
        if d["dimension"] != "Numeral" or d["section"] != "allExamples" or d["text"] in oos:
            continue
        text = d["text"]
        s = byte_of(text, len(text) - len(text.lstrip()))
        body = text.strip()
        targets = [(s, s + len(body.encode("utf-8")))]
        if body.lower().endswith(" of"):
            targets.append((s, s + len(body[:-3].rstrip().encode("utf-8"))))
        cases.append((text, targets, d["value"]))
    return cases


def quantulum_cases():
    """(text, gold [(span, want, surface)], dropped spans) per case not wholly out of scope. A
    want is ("point", v) or ("range", lo, hi); "a dozen" is 12; a +/- tolerance is its centre."""
    oos = out_of_scope("quantulum3-quantities")
    cases = []
    for c in json.loads(read_external(QUANTULUM)):
        text = c["req"]
        if text in oos and oos[text] is None:
            continue
        cursor, gold, dropped = 0, [], []
        for q in c["res"]:
            at = text.find(q["surface"], cursor)
            at = at if at >= 0 else text.find(q["surface"])
            cursor = at
            span = (byte_of(text, at), byte_of(text, at + len(q["surface"])))
            if q["surface"] in (oos.get(text) or ()):
                dropped.append(span)
                continue
            tolerance = "+/-" in q["surface"] or "±" in q["surface"]
            u = q.get("uncertainty")
            if u is not None and not tolerance:
                want = ("range", q["value"] - u, q["value"] + u)
            else:
                want = ("point", q["value"] * (12.0 if q["unit"] == "dozen" else 1.0))
            gold.append((span, want, q["surface"]))
        if gold or not c["res"]:
            cases.append((text, gold, dropped))
    return cases


def newsquant_items():
    path = os.environ.get("NEWSQUANT", newsquant.DEFAULT_DATA)
    if not os.path.exists(path):
        return None
    with open(path, encoding="utf-8") as f:
        return json.load(f)


def view_inputs():
    """The texts each view must be run on."""
    numbers = [t for t, _ in recognizers_cases(NUMBER_MODEL, "recognizers-number")]
    numbers += [t for t, _, _ in duckling_cases()]
    percent = [t for t, _ in recognizers_cases(PERCENT_MODEL, "recognizers-percent")]
    alls = [t for t, _, _ in quantulum_cases()]
    nq = newsquant_items() or []
    return {"numbers": dedupe(numbers), "percent": dedupe(percent),
            "all": dedupe(alls + [it["text"] for it in nq])}


def dedupe(xs):
    return list(dict.fromkeys(xs))


# ---- items ---------------------------------------------------------------------------------------

def item(text, fig, outer, value, cls, rng=None, hedge="exact", glued=False):
    """A normalised finding; fig and outer are character spans of text."""
    fs, fe = byte_of(text, fig[0]), byte_of(text, fig[1])
    lo, hi = rng if rng else (value, value)
    return {"s": fs, "e": fe, "os": byte_of(text, outer[0]), "oe": byte_of(text, outer[1]),
            "text": text[fig[0]:fig[1]], "value": value, "cls": cls,
            "range": list(rng) if rng else None,
            "hedge": "range" if rng else hedge, "glued": glued,
            "interval": {"low": lo, "high": hi}}


NUMBER_WORDS = set("""zero nought naught one two three four five six seven eight nine ten eleven
twelve thirteen fourteen fifteen sixteen seventeen eighteen nineteen twenty thirty forty fifty
sixty seventy eighty ninety hundred thousand million billion trillion dozen dozens half quarter
quarters third thirds bn mn mln lakh crore point minus negative""".split())
JOINERS = {"and", "a", "to", "-", "–", "/", "or"}
TOKEN = re.compile(r"\d[\d.,]*(?:[eE][-+]?\d+)?|\.\d+|[A-Za-z]+|\S")


def figure_of(text, start, end):
    """The number inside a peer's mention text[start:end] ("$4.5 million" -> "4.5 million",
    "3 years" -> "3", "180ml" -> "180", "3 to 4 L" -> "3 to 4"), and whether a unit is glued to
    it (a letter right after it, inside the mention). Peers give no figure span of their own."""
    toks = [(m.start() + start, m.end() + start, m.group())
            for m in TOKEN.finditer(text[start:end])]

    def is_num(t):
        return t[0].isdigit() or t[0] == "." and len(t) > 1 or t.lower() in NUMBER_WORDS

    first = next((k for k, t in enumerate(toks) if is_num(t[2])), None)
    if first is None:
        return (start, end), False
    last = first
    for k in range(first + 1, len(toks)):
        t = toks[k][2]
        if is_num(t):
            last = k
        elif t.lower() not in JOINERS:
            break
    s, e = toks[first][0], toks[last][1]
    if s > start and text[s - 1] in "-−" and (s - 1 == start or not text[s - 2].isalnum()):
        s -= 1
    glued = e < end and text[e].isalpha()
    return (s, e), glued


def by_view(inputs, find):
    """{view: {text: find(view, text)}} over the texts of every view."""
    return {view: {t: find(view, t) for t in texts} for view, texts in inputs.items()}


def select(items, view):
    """What a view keeps of everything a tool found."""
    if view == "numbers":
        return numbers_view(items)
    if view == "percent":
        return [i for i in items if i["cls"] == "percent"]
    return items


def numbers_view(items):
    """Bare numbers: what the NumberModel and Duckling's Numeral ask for."""
    return [i for i in items
            if i["cls"] in NUMBER_CLASSES and i["hedge"] != "vague" and not i["glued"]]


def merge(cands):
    """One reading per stretch of text: the longest mention wins, then the earlier priority."""
    kept = []
    for _, c in sorted(enumerate(cands), key=lambda kc: (kc[1]["os"] - kc[1]["oe"], kc[0])):
        if all(c["oe"] <= k["os"] or k["oe"] <= c["os"] for k in kept):
            kept.append(c)
    return sorted(kept, key=lambda c: c["s"])


# ---- the tools -----------------------------------------------------------------------------------

TALLY_CLASS = {"count": "number", "fraction": "number", "percent": "percent", "money": "money",
               "measure": "measure", "multiplier": "multiplier", "ordinal": "ordinal",
               "temporal": "date"}


def tally_items(text, claims):
    """Items from `tally extract --json` claims (byte offsets already)."""
    out = []
    b = text.encode("utf-8")
    for c in claims:
        e = c["byte_end"]
        rng = newsquant.written_ends(c) if c["hedge"] == "range" else None
        glued = c["unit"] is not None and b[e:e + 4].decode("utf-8", "ignore")[:1].isalpha()
        out.append({"s": c["byte_start"], "e": e, "os": c["phrase"]["byte_start"],
                    "oe": c["phrase"]["byte_end"], "text": c["text"], "value": c["value"],
                    "cls": TALLY_CLASS[c["kind"]], "range": list(rng) if rng else None,
                    "hedge": c["hedge"], "glued": glued, "interval": c["interval"]})
    return out


def run_tally_one(binary, text):
    r = subprocess.run([binary, "extract", "-", "--json"], input=text.encode("utf-8"),
                       capture_output=True, check=True)
    return [json.loads(l) for l in r.stdout.decode("utf-8").splitlines() if l.strip()]


def extract_tally(inputs, binary):
    """One process per spec input (a blank line between inputs would let Tally join spelled
    numbers across it); NewsQuant sentences in one run, as scripts/newsquant.py does."""
    ver = subprocess.run([binary, "--version"], capture_output=True, text=True).stdout.split()
    nq = newsquant_items() or []
    per = newsquant.run_tally(binary, [it["text"] for it in nq]) if nq else []
    nq_claims = {it["text"]: cl for it, cl in zip(nq, per)}

    def find(view, t):
        claims = nq_claims[t] if t in nq_claims else run_tally_one(binary, t)
        return select(tally_items(t, claims), view)

    return f"tally {ver[-1] if ver else '?'} (CLI)", by_view(inputs, find)


def quantulum_items(text, quants):
    out = []
    for q in quants:
        cs, ce = q.span
        unit, entity = q.unit.name, q.unit.entity.name
        value = q.value * (12.0 if unit == "dozen" else 1.0)
        tolerance = "+/-" in q.surface or "±" in q.surface
        rng = None
        if q.uncertainty is not None and not tolerance:
            rng = (value - q.uncertainty, value + q.uncertainty)
            value = rng[0]
        cls = ("percent" if unit == "percentage" else "money" if entity == "currency"
               else "number" if unit in ("dimensionless", "dozen") else "measure")
        fig, glued = figure_of(text, cs, ce) if cls != "number" else ((cs, ce), False)
        out.append(item(text, fig, (cs, ce), value, cls, rng, glued=glued))
    return out


def extract_quantulum(inputs):
    import warnings
    warnings.filterwarnings("ignore")  # "classifier dependencies not installed"
    from importlib.metadata import version
    from quantulum3 import parser
    views = by_view(inputs, lambda view, t: select(quantulum_items(t, parser.parse(t)), view))
    return f"quantulum3 {version('quantulum3')}", views


def recognizers_models():
    """The English models of the Python port, in merge priority (unit models first)."""
    from ms_recognizers_text import Culture
    from ms_recognizers_number import NumberRecognizer
    from ms_recognizers_number_with_unit import NumberWithUnitRecognizer
    nr = NumberRecognizer(Culture.English)
    ur = NumberWithUnitRecognizer(Culture.English)
    return [("currency", ur.get_currency_model(), "money"),
            ("dimension", ur.get_dimension_model(), "measure"),
            ("temperature", ur.get_temperature_model(), "measure"),
            ("age", ur.get_age_model(), "measure"),
            ("percent", nr.get_percentage_model(), "percent"),
            ("ordinal", nr.get_ordinal_model(), "ordinal"),
            ("number", nr.get_number_model(), "number")]


def to_float(v):
    try:
        return float(str(v).rstrip("%"))
    except (TypeError, ValueError):
        return math.nan


def recognizers_items(text, models):
    out = []
    for _name, model, cls in models:
        for r in model.parse(text):
            outer = (r.start, r.end + 1)  # End is inclusive
            value = to_float((r.resolution or {}).get("value"))
            if math.isnan(value):
                continue  # a unit named without a number ("kg", "cents"): no figure to check
            if cls in ("money", "measure"):
                fig, glued = figure_of(text, *outer)
            else:
                fig, glued = outer, False
            out.append(item(text, fig, outer, value, cls, glued=glued))
    return out


def extract_recognizers(inputs):
    from importlib.metadata import version
    models = recognizers_models()
    # The number and percent views ask the NumberModel and the PercentModel themselves.
    of_view = {"numbers": [m for m in models if m[0] == "number"],
               "percent": [m for m in models if m[0] == "percent"]}

    def find(view, t):
        if view in of_view:
            return recognizers_items(t, of_view[view])
        return merge(recognizers_items(t, models))

    return f"recognizers-text {version('ms-recognizers-text-number')}", by_view(inputs, find)


DUCKLING_CLASS = {"number": "number", "ordinal": "ordinal", "time": "date",
                  "amount-of-money": "money"}


def duckling_items(text, entities):
    out = []
    for d in entities:
        v, dim = d["value"], d["dim"]
        cls = DUCKLING_CLASS.get(dim, "measure")
        outer = (d["start"], d["end"])
        if cls == "number":
            fig, glued = outer, False
        else:
            fig, glued = figure_of(text, *outer)
        rng, hedge = None, "exact"
        if v.get("type") == "interval":
            lo, hi = v.get("from", {}).get("value"), v.get("to", {}).get("value")
            if lo is not None and hi is not None:
                rng, value = (lo, hi), lo
            else:
                value, hedge = (lo, "more_than") if lo is not None else (hi, "fewer_than")
        else:
            value = v.get("value")
        value = to_float(value) if cls != "date" else math.nan
        if cls != "date" and math.isnan(value):
            continue
        out.append(item(text, fig, outer, value, cls, rng, hedge, glued))
    return out


def extract_duckling(inputs):
    number, version = peers.duckling_parser(["number"])
    # All of peers.py's dims, quantities first so that they win a tie in merge().
    dims = [d for d in peers.DUCKLING_DIMS if d not in ("number", "ordinal", "time")]
    dims += ["number", "ordinal", "time"]
    everything, _ = peers.duckling_parser(dims)
    prio = {d: k for k, d in enumerate(dims)}

    def find(view, t):
        if view == "numbers":
            return duckling_items(t, number(t))
        if view == "percent":
            return []  # Duckling has no percent dimension
        return merge(duckling_items(t, sorted(everything(t), key=lambda d: prio[d["dim"]])))

    return f"duckling {version}", by_view(inputs, find)


def cmd_extract(tool, out, tally_bin=None):
    inputs = view_inputs()
    t0 = time.perf_counter()
    if tool == "tally":
        label, views = extract_tally(inputs, tally_bin)
    elif tool == "quantulum3":
        label, views = extract_quantulum(inputs)
    elif tool == "recognizers":
        label, views = extract_recognizers(inputs)
    elif tool == "duckling":
        label, views = extract_duckling(inputs)
    else:
        sys.exit(f"unknown tool {tool}")
    with open(out, "w", encoding="utf-8") as f:
        json.dump({"tool": label, "key": tool, "seconds": time.perf_counter() - t0,
                   "percent_view": tool != "duckling", "views": views}, f)
    print(json.dumps({"tool": label, "file": out}))


def cmd_speed_recognizers(path, budget, numbers_only):
    t0 = time.perf_counter()
    from importlib.metadata import version
    models = recognizers_models()
    if numbers_only:
        models = [m for m in models if m[0] == "number"]
    for _, m, _ in models:
        m.parse("Warm-up: more than 600 prisoners on Feb. 27, 2025, and $4.5 million, 5 km.")
    load_s = time.perf_counter() - t0

    def parse(line):
        return [r for _, m, _ in models for r in m.parse(line)]

    which = "NumberModel" if numbers_only else "7 English models"
    peers.run_lines(f"recognizers-text {version('ms-recognizers-text-number')} ({which})",
                    parse, path, budget, load_s)


# ---- scoring (tool-neutral: only items) ---------------------------------------------------------

def same_value(a, b):
    if a is None or b is None or math.isnan(a) or math.isnan(b):
        return False
    d = abs(a - b)
    return d <= 1e-6 or d <= 1e-9 * max(abs(a), abs(b))


def failure(text, found):
    shown = ", ".join(f"{f['text']!r}={f['value']:g}" + (f" {f['range']}" if f["range"] else "")
                      for f in found)
    return f"{text!r}: found [{shown}]"


def take(cands, used, ok):
    """Index of the first unused candidate satisfying ok, marked used; or None."""
    for k, c in enumerate(cands):
        if k not in used and ok(c):
            used.add(k)
            return k
    return None


def score_recognizers_number(found_of):
    """Pass: the found (span, value) set equals the expected one."""
    passed, total, fails = 0, 0, []
    for text, expected in recognizers_cases(NUMBER_MODEL, "recognizers-number"):
        found, used = found_of[text], set()
        ok = len(found) == len(expected) and all(
            take(found, used, lambda f: (f["s"], f["e"]) == (s, e) and same_value(f["value"], v))
            is not None for s, e, v in expected)
        passed, total = passed + ok, total + 1
        fails += [] if ok else [failure(text, found)]
    return passed, total, fails


def score_recognizers_percent(found_of):
    """Pass: as many percents as expected, each matched by one with the same value whose figure
    lies inside the expected span and whose mention covers it."""
    passed, total, fails = 0, 0, []
    for text, expected in recognizers_cases(PERCENT_MODEL, "recognizers-percent"):
        found, used = found_of[text], set()
        ok = len(found) == len(expected) and all(
            take(found, used, lambda f: same_value(f["value"], v) and s <= f["s"]
                 and f["e"] <= e and f["os"] <= s and e <= f["oe"]) is not None
            for s, e, v in expected)
        passed, total = passed + ok, total + 1
        fails += [] if ok else [failure(text, found)]
    return passed, total, fails


def score_duckling_numeral(found_of):
    """Pass: exactly one number, spanning the whole (trimmed) input, with the value."""
    passed, total, fails = 0, 0, []
    for text, targets, v in duckling_cases():
        found = found_of[text]
        ok = len(found) == 1 and (found[0]["s"], found[0]["e"]) in targets \
            and same_value(found[0]["value"], v)
        passed, total = passed + ok, total + 1
        fails += [] if ok else [failure(text, found)]
    return passed, total, fails


def fits(f, want):
    if want[0] == "point":
        return f["range"] is None and same_value(f["value"], want[1])
    return f["range"] is not None and same_value(f["range"][0], want[1]) \
        and same_value(f["range"][1], want[2])


def score_quantulum(found_of):
    """Pass: every expected quantity matched by a distinct item whose figure lies inside the
    surface and whose value (or range) fits, and no quantity item left over (ordinals and dates
    may be). Items inside an out-of-scope surface are ignored."""
    passed, total, fails = 0, 0, []
    for text, gold, dropped in quantulum_cases():
        found = [f for f in found_of[text]
                 if not any(d0 < f["e"] and f["s"] < d1 for d0, d1 in dropped)]
        used = set()
        all_found = all(
            take(found, used, lambda f: span[0] <= f["s"] and f["e"] <= span[1]
                 and fits(f, want)) is not None for span, want, _ in gold)
        extra = [f for k, f in enumerate(found) if k not in used and f["cls"] not in NOT_QUANTITIES]
        ok = all_found and not extra
        passed, total = passed + ok, total + 1
        fails += [] if ok else [failure(text, found)]
    return passed, total, fails


def score_newsquant(found_of):
    """Value-level P/R/F1 by scripts/newsquant.py's matching; predictions are all items but
    ordinals and dates. Returns (tp, fp, fn) or None without the data."""
    items = newsquant_items()
    if items is None:
        return None
    tp = fp = fn = 0
    for it in items:
        pred = [f for f in found_of[it["text"]] if f["cls"] not in NOT_QUANTITIES]
        m = newsquant.match_sentence(it["quantities"], pred)
        used = {ci for cis, _ in m.values() for ci in cis}
        tp += len(m)
        fn += len(it["quantities"]) - len(m)
        fp += len(pred) - len(used)
    return tp, fp, fn


SCORERS = {"recognizers-number": score_recognizers_number,
           "recognizers-percent": score_recognizers_percent,
           "duckling-numeral": score_duckling_numeral,
           "quantulum3-quantities": score_quantulum,
           "newsquant": score_newsquant}
HOME = {"recognizers": ("recognizers-number", "recognizers-percent"),
        "duckling": ("duckling-numeral",), "quantulum3": ("quantulum3-quantities",)}


# ---- the report ----------------------------------------------------------------------------------

def accuracy(path):
    with open(path, encoding="utf-8") as f:
        d = json.load(f)
    out = {"tool": d["tool"], "key": d["key"], "scores": {}}
    for spec in SPECS:
        if spec == "recognizers-percent" and not d["percent_view"]:
            out["scores"][spec] = {"na": "no percent output"}
            continue
        r = SCORERS[spec](d["views"][VIEWS[spec]])
        if r is None:
            out["scores"][spec] = {"na": "NewsQuant data absent"}
        elif spec == "newsquant":
            tp, fp, fn = r
            p = tp / (tp + fp) if tp + fp else 0.0
            rc = tp / (tp + fn) if tp + fn else 0.0
            f1 = 2 * p * rc / (p + rc) if p + rc else 0.0
            out["scores"][spec] = {"tp": tp, "fp": fp, "fn": fn, "precision": 100 * p,
                                   "recall": 100 * rc, "percent": 100 * f1}
        else:
            out["scores"][spec] = {"passed": r[0], "total": r[1], "percent": 100.0 * r[0] / r[1],
                                   "failures": r[2]}
    return out


def read_jsonl(path):
    with open(path, encoding="utf-8") as f:
        return [json.loads(l) for l in f if l.strip().startswith("{")]


SPEED_OF = {"tally": "tally (CLI", "quantulum3": "quantulum3", "recognizers": "recognizers-text",
            "duckling": "duckling"}
SHORT = {"recognizers-number": "RT number", "recognizers-percent": "RT percent",
         "duckling-numeral": "Duckling num", "quantulum3-quantities": "quantulum3",
         "newsquant": "NewsQuant F1"}


def mbs(r):
    return r["bytes"] / r["seconds"] / 1e6 if r and not r.get("error") else None


def speed_rows(speeds, key):
    """The throughput rows of one tool, its full configuration first. Tally's second row takes
    the median empty-file run (process start, no text) off the median whole run."""
    rows = [r for r in speeds if r["tool"].startswith(SPEED_OF[key]) and not r.get("error")]
    if key != "tally":
        return sorted(rows, key=lambda r: "number" in r["tool"].lower())
    full = [r for r in rows if r["tool"] == "tally (CLI, --json)"]
    empty = [r for r in rows if "empty file" in r["tool"]]
    if full and empty and full[0]["seconds"] > empty[0]["seconds"]:
        full.append({**full[0], "seconds": full[0]["seconds"] - empty[0]["seconds"],
                     "tool": f"tally (CLI, less {1000 * empty[0]['seconds']:.1f} ms process start)"})
    return full


NOTES = [
    "MB/s: Tally = wall clock of the whole `tally extract FILE --json` process (median of the",
    "  runs; startup, reading and JSON output included). Peers = in-process parse calls, one per",
    "  non-empty line, after import and one warm-up, stopped by the budget: quantulum3",
    "  parser.parse; Recognizers-Text its 7 English models (number, ordinal, percent, currency,",
    "  dimension, temperature, age); Duckling 9 dims. Each pinned to one core.",
    "Accuracy: cases passed / cases in scope (out_of_scope.json applied to every tool); * = the",
    "  tool's own test suite. NewsQuant: value-level F1 by scripts/newsquant.py's matching",
    "  (published: CQE 92.0, quantulum3 73.0, Recognizers-Text 69.1).",
    "What each tool answers with: RT number and Duckling num = bare numbers (Tally's claims and",
    "  quantulum3's quantities less vague, glued-unit, ordinal, date and multiplier ones;",
    "  Recognizers NumberModel; Duckling dim number). RT percent = percent claims, quantulum3",
    "  percentage quantities, Recognizers PercentModel (Duckling has none). quantulum3 and",
    "  NewsQuant = everything found (Recognizers: 7 models, Duckling: 9 dims, overlaps merged).",
]


def cmd_report(results, items_dir, prefix):
    speeds = read_jsonl(results)
    tools = []
    for key in ("tally", "quantulum3", "recognizers", "duckling"):
        path = os.path.join(items_dir, f"{key}.json")
        acc = accuracy(path) if os.path.exists(path) else {"tool": key, "key": key, "scores": {}}
        rows = speed_rows(speeds, key)
        acc["speed"] = [{"config": r["tool"], "mb_per_s": mbs(r), "bytes": r["bytes"],
                         "seconds": r["seconds"], "complete": r.get("complete", True)}
                        for r in rows]
        tools.append(acc)
    tally = tools[0]

    def cell(t, spec):
        s = t["scores"].get(spec)
        if s is None:
            return "-"
        if "na" in s:
            return "n/a"
        star = "*" if spec in HOME.get(t["key"], ()) else ""
        if spec == "newsquant":
            return f"{s['percent']:.1f}{star}"
        return f"{s['passed']}/{s['total']} {s['percent']:.1f}%{star}"

    def ratio(a, b):
        return f"{a / b:.2f}x" if a is not None and b else "-"

    lines = []
    hdr = f"{'tool':<30} {'MB/s':>8}" + "".join(f" {SHORT[s]:>16}" for s in SPECS)
    lines += [hdr, "-" * len(hdr)]
    for t in tools:
        speed = t["speed"][0]["mb_per_s"] if t["speed"] else None
        sp = f"{speed:.4f}" if speed is not None else "-"
        lines.append(f"{t['tool']:<30} {sp:>8}" + "".join(f" {cell(t, s):>16}" for s in SPECS))
    lines.append("")
    lines.append("Tally / peer (throughput: how many times faster; accuracy: ratio of the rates)")
    t_speed = tally["speed"][0]["mb_per_s"] if tally["speed"] else None
    for t in tools[1:]:
        speed = t["speed"][0]["mb_per_s"] if t["speed"] else None
        cells = []
        for s in SPECS:
            a, b = tally["scores"].get(s, {}), t["scores"].get(s, {})
            cells.append(ratio(a.get("percent"), b.get("percent")))
        t["ratios"] = {"mb_per_s": t_speed / speed if t_speed and speed else None,
                       **{s: c for s, c in zip(SPECS, cells)}}
        lines.append(f"{'Tally / ' + t['key']:<30} {ratio(t_speed, speed):>8}"
                     + "".join(f" {c:>16}" for c in cells))
    lines.append("")
    lines.append("Throughput, every configuration timed (MB = 10^6 bytes):")
    for t in tools:
        for r in t["speed"]:
            part = "" if r["complete"] else " (budget hit: part of the text)"
            lines.append(f"  {r['config']:<48} {r['mb_per_s']:>9.4f} MB/s  "
                         f"Tally/this {ratio(t_speed, r['mb_per_s']):>9}  "
                         f"{r['bytes']:>8} bytes in {r['seconds']:.3f} s{part}")
    for r in speeds:
        if r.get("error"):
            lines.append(f"  {r['tool']:<44} failed: {r['error']}")
    lines.append("")
    lines += NOTES
    text = "\n".join(lines)
    print(text)
    with open(prefix + "_failures.txt", "w", encoding="utf-8") as f:
        for t in tools:
            for spec, sc in t["scores"].items():
                for x in sc.get("failures", []):
                    f.write(f"{t['key']}\t{spec}\t{x}\n")
    with open(prefix + ".txt", "w", encoding="utf-8") as f:
        f.write(text + "\n")
    with open(prefix + ".json", "w", encoding="utf-8") as f:
        json.dump({"tools": tools, "specs": SPECS, "views": VIEWS}, f, indent=1)


def main(argv):
    if len(argv) < 2:
        sys.exit(__doc__)
    c, a = argv[1], argv[2:]
    if c == "extract":
        binary = a[a.index("--tally") + 1] if "--tally" in a else None
        cmd_extract(a[0], a[1], binary)
    elif c == "speed-recognizers":
        cmd_speed_recognizers(a[0], float(a[1]), len(a) > 2 and a[2] == "numbers")
    elif c == "report":
        cmd_report(a[0], a[1], a[2])
    else:
        sys.exit(__doc__)


if __name__ == "__main__":
    main(sys.argv)
