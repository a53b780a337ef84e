//! Data-driven runs of the external test suites in `testdata/external/` (MIT/BSD data; see its
//! README for sources, commits and licenses).
//!
//! Each suite test runs every case, prints one pass-rate line such as
//! `suite recognizers-number: 170/178 passed (95.5%) (7 out of scope)` followed by the failing
//! inputs, and asserts a floor. Run with `cargo test -p tally-tests --test external_suites --
//! --nocapture` to see the report.
//!
//! # Out of scope
//!
//! Cases a news extractor legitimately does not handle (caret powers such as "1.1^23",
//! colloquial "one twenty two", …) are listed by category, with the reason, in
//! `testdata/external/out_of_scope.json`. They are skipped and counted separately, never
//! silently dropped; an entry that no longer matches any case fails the test, so the list
//! cannot go stale. Failures that are merely bugs stay in the denominator.
//!
//! # Mapping conventions
//!
//! ## Recognizers-Text `Number/English/NumberModel.json` (suite `recognizers-number`)
//!
//! - Only cases WITHOUT a `NotSupported` or `NotSupportedByDesign` key are run (the "clean"
//!   subset, which every port of Recognizers-Text passes). Floor: 98 %, just below the
//!   98.2 % reached (164/167), so that one lost case fails.
//! - The NumberModel returns bare numbers only, so the found set is
//!   [`tally::number::find_numbers`] restricted to [`NumberForm::Cardinal`] and
//!   [`NumberForm::Fraction`] matches that are not `glued_suffix` ("180ml", "29km" are numbers
//!   glued to a unit, which the model refuses). Ordinals, multipliers ("twice") and vague
//!   amounts ("dozens") are not numbers in its sense.
//! - Recognizers offsets count UTF-16 code units (C# string indexes) and `End` is inclusive;
//!   they are converted to exclusive byte offsets (the inputs contain U+202F NARROW NO-BREAK
//!   SPACE, which is 3 bytes but 1 unit). The loader checks that the converted span slices the
//!   expected `Text` (case-insensitively: Recognizers lowercases "10G" to "10g").
//! - A value matches with relative tolerance 1e-9 or absolute tolerance 1e-6 (the specs round
//!   to 15 significant digits: "103.666666666667").
//! - A case passes when the found set equals the expected set exactly: same count, each
//!   expected result matched by a distinct found number with the same span and value. A
//!   negative case (`Results: []`) passes when nothing is found.
//!
//! ## Recognizers-Text `Number/English/PercentModel.json` (suite `recognizers-percent`)
//!
//! - Optional, report-only suite with a floor below the current rate. Clean cases only.
//! - Runs [`tally::extract`] and keeps the [`ClaimKind::Percent`] claims. An expected result
//!   ("100 percent", value "100%") is matched by a percent claim with the same value whose
//!   figure lies inside the expected span and whose phrase covers it. Counts must be equal.
//!
//! ## Duckling `Numeral` corpus (suite `duckling-numeral`)
//!
//! - The `allExamples` section of dimension `Numeral`. Floor: 94 %, just below the 94.8 % reached (92/97).
//! - Duckling checks that the WHOLE input resolves to the value, so a case passes when
//!   [`find_numbers`] returns exactly one cardinal or fraction match, not `glued_suffix`, whose
//!   span is the whitespace-trimmed text and whose value matches (same tolerance as above).
//! - A trailing partitive "of" ("a dozen of", "a couple of") is Duckling grammar glue for the
//!   counted noun that follows, not part of the number: it is trimmed before comparing.
//!
//! ## quantulum3 `quantities.json` (suite `quantulum3-quantities`)
//!
//! - Runs [`tally::extract`]. quantulum3 gives no offsets: each expected `surface` is located
//!   verbatim in the sentence (in order). An expected quantity is matched by a distinct claim
//!   whose figure lies inside the surface and whose value matches ("value + surface"):
//!   - a range (value = midpoint, `uncertainty` = half-width: "3 to 4 L" is 3.5 ± 0.5) is
//!     matched by a [`Hedge::Range`] claim from `value − uncertainty` to `value + uncertainty`;
//!     a `+/-` or `±` tolerance ("9.83e-3 +/- 1e-5") is matched by its central value;
//!   - quantulum3 counts "a dozen eggs" as 1 of the unit "dozen": that is 12 in tally's terms.
//! - Units are not compared (the vocabularies differ).
//! - A case passes when every expected quantity is matched and no checkable claim (see
//!   [`tally::Claim::is_checkable`]) is left over; leftover ordinals and dates are tolerated,
//!   since quantulum3 has no such notions. A quantity-level recall line is printed too.
//! - Out-of-scope entries for this suite may name one `surface` to drop just that quantity
//!   (claims inside that surface are then ignored too); a case whose every quantity is dropped
//!   counts as out of scope.
//! - Floor: a bit below the current rate, so that regressions fail.
//!
//! ## quantulum3 `errors.json`
//!
//! - Inputs that once crashed quantulum3: [`tally::extract`] and [`find_numbers`] must not
//!   panic on them (nor on any other input of the suites above).

use serde::Deserialize;
use std::collections::BTreeMap;
use std::fs;
use std::panic::{catch_unwind, AssertUnwindSafe};
use std::path::PathBuf;
use tally::number::{find_numbers, NumberForm, NumberMatch};
use tally::token::Tokens;
use tally::{ClaimKind, Hedge, Span};

// ---------------------------------------------------------------------------------------------
// Loading

fn data_path(rel: &str) -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
        .join("../testdata/external")
        .join(rel)
}

/// Reads a data file, dropping a UTF-8 byte-order mark.
fn read_text(rel: &str) -> String {
    let path = data_path(rel);
    let s = fs::read_to_string(&path).unwrap_or_else(|e| panic!("reading {}: {e}", path.display()));
    match s.strip_prefix('\u{feff}') {
        Some(rest) => rest.to_string(),
        None => s,
    }
}

fn read_json<T: for<'de> Deserialize<'de>>(rel: &str) -> T {
    serde_json::from_str(&read_text(rel)).unwrap_or_else(|e| panic!("parsing {rel}: {e}"))
}

#[derive(Debug, Deserialize)]
struct OutOfScopeFile {
    categories: BTreeMap<String, String>,
    cases: Vec<OutOfScope>,
}

#[derive(Debug, Deserialize)]
struct OutOfScope {
    suite: String,
    input: String,
    /// For suites with several quantities per input: drop only this one.
    #[serde(default)]
    surface: Option<String>,
    category: String,
    reason: String,
}

/// The out-of-scope entries of one suite, with a check that each is used.
#[derive(Debug)]
struct Exclusions {
    suite: &'static str,
    entries: Vec<OutOfScope>,
    used: Vec<bool>,
}

impl Exclusions {
    fn load(suite: &'static str) -> Self {
        let file: OutOfScopeFile = read_json("out_of_scope.json");
        for e in &file.cases {
            assert!(
                file.categories.contains_key(&e.category),
                "out_of_scope.json: {:?} has unknown category {:?}",
                e.input,
                e.category
            );
            assert!(
                !e.reason.trim().is_empty(),
                "out_of_scope.json: {:?} has no reason",
                e.input
            );
        }
        let entries: Vec<OutOfScope> = file
            .cases
            .into_iter()
            .filter(|e| e.suite == suite)
            .collect();
        let used = vec![false; entries.len()];
        Exclusions {
            suite,
            entries,
            used,
        }
    }

    /// The whole case with this input is out of scope.
    fn case(&mut self, input: &str) -> Option<&OutOfScope> {
        let k = self
            .entries
            .iter()
            .position(|e| e.surface.is_none() && e.input == input)?;
        self.used[k] = true;
        Some(&self.entries[k])
    }

    /// One quantity (by surface) of this input is out of scope.
    fn quantity(&mut self, input: &str, surface: &str) -> Option<&OutOfScope> {
        let k = self
            .entries
            .iter()
            .position(|e| e.input == input && e.surface.as_deref() == Some(surface))?;
        self.used[k] = true;
        Some(&self.entries[k])
    }

    fn assert_all_used(&self) {
        let stale: Vec<String> = self
            .entries
            .iter()
            .zip(&self.used)
            .filter(|(_, u)| !**u)
            .map(|(e, _)| format!("{:?} (surface {:?})", e.input, e.surface))
            .collect();
        assert!(
            stale.is_empty(),
            "out_of_scope.json entries for suite {} match no case: {stale:?}",
            self.suite
        );
    }
}

// ---------------------------------------------------------------------------------------------
// Reporting

#[derive(Debug)]
struct Report {
    suite: &'static str,
    passed: usize,
    total: usize,
    out_of_scope: usize,
    failures: Vec<String>,
    notes: Vec<String>,
}

impl Report {
    fn new(suite: &'static str) -> Self {
        Report {
            suite,
            passed: 0,
            total: 0,
            out_of_scope: 0,
            failures: Vec::new(),
            notes: Vec::new(),
        }
    }

    fn record(&mut self, failure: Option<String>) {
        self.total += 1;
        match failure {
            None => self.passed += 1,
            Some(f) => self.failures.push(f),
        }
    }

    fn rate(&self) -> f64 {
        if self.total == 0 {
            return 0.0;
        }
        100.0 * self.passed as f64 / self.total as f64
    }

    fn print(&self) {
        println!(
            "suite {}: {}/{} passed ({:.1}%) ({} out of scope)",
            self.suite,
            self.passed,
            self.total,
            self.rate(),
            self.out_of_scope
        );
        for n in &self.notes {
            println!("  {n}");
        }
        for f in &self.failures {
            println!("  FAIL {f}");
        }
    }

    /// Prints the report, then asserts the pass rate is at least `floor` percent.
    fn assert_floor(&self, floor: f64) {
        self.print();
        assert!(self.total > 0, "suite {} ran no case", self.suite);
        assert!(
            self.rate() >= floor,
            "suite {}: {}/{} passed ({:.1}%), below the floor of {floor}%",
            self.suite,
            self.passed,
            self.total,
            self.rate()
        );
    }
}

fn same_value(a: f64, b: f64) -> bool {
    let d = (a - b).abs();
    d <= 1e-6 || d <= 1e-9 * a.abs().max(b.abs())
}

/// The byte offset of UTF-16 offset `unit` in `s`, if it falls on a char boundary.
fn byte_of_utf16(s: &str, unit: usize) -> Option<usize> {
    let mut u = 0;
    for (i, c) in s.char_indices() {
        if u == unit {
            return Some(i);
        }
        if u > unit {
            return None;
        }
        u += c.len_utf16();
    }
    (u == unit).then_some(s.len())
}

fn show_span(text: &str, s: Span) -> String {
    format!("{:?}@{}..{}", s.slice(text), s.start, s.end)
}

// ---------------------------------------------------------------------------------------------
// Microsoft Recognizers-Text

#[derive(Debug, Deserialize)]
#[serde(rename_all = "PascalCase")]
struct RecCase {
    input: String,
    #[serde(default)]
    not_supported: Option<String>,
    #[serde(default)]
    not_supported_by_design: Option<String>,
    results: Vec<RecResult>,
}

#[derive(Debug, Deserialize)]
#[serde(rename_all = "PascalCase")]
struct RecResult {
    text: String,
    start: usize,
    end: usize,
    resolution: RecResolution,
}

#[derive(Debug, Deserialize)]
struct RecResolution {
    value: Option<String>,
}

/// One expected result: its byte span and value.
#[derive(Debug, Clone, Copy)]
struct Expected {
    span: Span,
    value: f64,
}

/// The clean cases (no NotSupported* key) of a Recognizers-Text spec file.
fn recognizers_cases(rel: &str) -> Vec<RecCase> {
    let all: Vec<RecCase> = read_json(rel);
    assert!(!all.is_empty(), "{rel} is empty");
    all.into_iter()
        .filter(|c| c.not_supported.is_none() && c.not_supported_by_design.is_none())
        .collect()
}

/// Converts a Recognizers result to a byte span and value, checking the span slices its text.
fn recognizers_expected(input: &str, r: &RecResult) -> Expected {
    let start = byte_of_utf16(input, r.start);
    let end = byte_of_utf16(input, r.end + 1);
    let (Some(start), Some(end)) = (start, end) else {
        panic!(
            "{input:?}: result {:?} has offsets {}..={} off char boundaries",
            r.text, r.start, r.end
        );
    };
    let span = Span::new(start, end);
    assert_eq!(
        span.slice(input).to_lowercase(),
        r.text.to_lowercase(),
        "{input:?}: offsets {}..={} do not slice {:?}",
        r.start,
        r.end,
        r.text
    );
    let raw = r
        .resolution
        .value
        .as_deref()
        .unwrap_or_else(|| panic!("{input:?}: no value"));
    let value = raw
        .trim_end_matches('%')
        .parse::<f64>()
        .unwrap_or_else(|e| panic!("{input:?}: value {raw:?}: {e}"));
    Expected { span, value }
}

/// True when the found (span, value) pairs are exactly the expected ones: same count, each
/// expected pair matched by a distinct found pair.
fn exact_set(expected: &[Expected], found: &[Expected]) -> bool {
    if expected.len() != found.len() {
        return false;
    }
    let mut used = vec![false; found.len()];
    expected.iter().all(|e| {
        let k = found
            .iter()
            .enumerate()
            .position(|(k, f)| !used[k] && f.span == e.span && same_value(f.value, e.value));
        match k {
            Some(k) => {
                used[k] = true;
                true
            }
            None => false,
        }
    })
}

fn show_set(input: &str, xs: &[Expected]) -> String {
    let parts: Vec<String> = xs
        .iter()
        .map(|x| format!("{} = {}", show_span(input, x.span), x.value))
        .collect();
    format!("[{}]", parts.join(", "))
}

/// The bare numbers of the Recognizers NumberModel: cardinals and fractions not glued to a unit.
fn model_numbers(text: &str) -> Vec<NumberMatch> {
    let t = Tokens::new(text);
    find_numbers(&t)
        .into_iter()
        .filter(|m| matches!(m.form, NumberForm::Cardinal | NumberForm::Fraction))
        .filter(|m| !m.glued_suffix)
        .collect()
}

#[test]
fn recognizers_number_model() {
    let mut ex = Exclusions::load("recognizers-number");
    let mut report = Report::new("recognizers-number");
    for case in recognizers_cases("ms-recognizers-specs/Number/English/NumberModel.json") {
        let input = case.input.as_str();
        let expected: Vec<Expected> = case
            .results
            .iter()
            .map(|r| recognizers_expected(input, r))
            .collect();
        if ex.case(input).is_some() {
            report.out_of_scope += 1;
            continue;
        }
        let found: Vec<Expected> = model_numbers(input)
            .iter()
            .map(|m| Expected {
                span: m.span,
                value: m.value,
            })
            .collect();
        let failure = (!exact_set(&expected, &found)).then(|| {
            format!(
                "{input:?}: expected {} found {}",
                show_set(input, &expected),
                show_set(input, &found)
            )
        });
        report.record(failure);
    }
    report.assert_floor(98.0);
    ex.assert_all_used();
}

#[test]
fn recognizers_percent_model() {
    let mut ex = Exclusions::load("recognizers-percent");
    let mut report = Report::new("recognizers-percent");
    for case in recognizers_cases("ms-recognizers-specs/Number/English/PercentModel.json") {
        let input = case.input.as_str();
        let expected: Vec<Expected> = case
            .results
            .iter()
            .map(|r| recognizers_expected(input, r))
            .collect();
        if ex.case(input).is_some() {
            report.out_of_scope += 1;
            continue;
        }
        let claims: Vec<tally::Claim> = tally::extract(input)
            .into_iter()
            .filter(|c| c.kind == ClaimKind::Percent)
            .collect();
        let mut used = vec![false; claims.len()];
        let all_found = expected.iter().all(|e| {
            let k = claims.iter().enumerate().position(|(k, c)| {
                !used[k]
                    && same_value(c.value, e.value)
                    && e.span.contains(c.figure)
                    && c.phrase.contains(e.span)
            });
            k.map(|k| used[k] = true).is_some()
        });
        let failure = (!(all_found && claims.len() == expected.len())).then(|| {
            let found: Vec<String> = claims
                .iter()
                .map(|c| {
                    format!(
                        "figure {} phrase {} = {}",
                        show_span(input, c.figure),
                        show_span(input, c.phrase),
                        c.value
                    )
                })
                .collect();
            format!(
                "{input:?}: expected {} found {found:?}",
                show_set(input, &expected)
            )
        });
        report.record(failure);
    }
    // Report-only suite: the floor sits below the current rate to catch regressions.
    report.assert_floor(PERCENT_FLOOR);
    ex.assert_all_used();
}

/// Below the 11/11 (100%) passed when it was last raised, so that regressions fail.
const PERCENT_FLOOR: f64 = 90.0;

// ---------------------------------------------------------------------------------------------
// Duckling

#[derive(Debug, Deserialize)]
struct DucklingLine {
    dimension: String,
    section: String,
    text: String,
    kind: String,
    #[serde(default)]
    value: Option<f64>,
}

fn duckling_lines() -> Vec<DucklingLine> {
    read_text("duckling-en-corpus/duckling_en_corpus.jsonl")
        .lines()
        .filter(|l| !l.trim().is_empty())
        .enumerate()
        .map(|(n, l)| {
            serde_json::from_str(l).unwrap_or_else(|e| panic!("duckling line {}: {e}", n + 1))
        })
        .collect()
}

/// The part of a Duckling input the number must span: trimmed, without a trailing "of".
fn duckling_target(text: &str) -> Span {
    let start = text.len() - text.trim_start().len();
    let mut body = text.trim();
    let low = body.to_ascii_lowercase();
    if low.ends_with(" of") {
        body = body[..body.len() - 3].trim_end();
    }
    Span::new(start, start + body.len())
}

#[test]
fn duckling_numeral() {
    let mut ex = Exclusions::load("duckling-numeral");
    let mut report = Report::new("duckling-numeral");
    let lines: Vec<DucklingLine> = duckling_lines()
        .into_iter()
        .filter(|l| l.dimension == "Numeral" && l.section == "allExamples")
        .collect();
    for line in &lines {
        let text = line.text.as_str();
        assert_eq!(line.kind, "value", "{text:?}: unexpected kind");
        let value = line.value.unwrap_or_else(|| panic!("{text:?}: no value"));
        if ex.case(text).is_some() {
            report.out_of_scope += 1;
            continue;
        }
        let target = duckling_target(text);
        let found = model_numbers(text);
        let ok = found.len() == 1 && found[0].span == target && same_value(found[0].value, value);
        let failure = (!ok).then(|| {
            let f: Vec<String> = found
                .iter()
                .map(|m| format!("{} = {} ({:?})", show_span(text, m.span), m.value, m.form))
                .collect();
            let all: Vec<String> = find_numbers(&Tokens::new(text))
                .iter()
                .filter(|m| !found.iter().any(|x| x.span == m.span))
                .map(|m| {
                    format!(
                        "{} = {} ({:?}{})",
                        show_span(text, m.span),
                        m.value,
                        m.form,
                        if m.glued_suffix { ", glued" } else { "" }
                    )
                })
                .collect();
            let others = if all.is_empty() {
                String::new()
            } else {
                format!(" (also {all:?})")
            };
            format!(
                "{text:?}: expected {} = {value}, found {f:?}{others}",
                show_span(text, target)
            )
        });
        report.record(failure);
    }
    report.assert_floor(94.0);
    ex.assert_all_used();
}

// ---------------------------------------------------------------------------------------------
// quantulum3

#[derive(Debug, Deserialize)]
struct QuantCase {
    req: String,
    res: Vec<QuantRes>,
}

#[derive(Debug, Deserialize)]
struct QuantRes {
    value: f64,
    unit: String,
    surface: String,
    #[serde(default)]
    uncertainty: Option<f64>,
}

/// What a quantulum3 quantity asks of a claim.
#[derive(Debug, Clone, Copy)]
enum Want {
    Point(f64),
    Range(f64, f64),
}

fn want_of(q: &QuantRes) -> Want {
    let tolerance = q.surface.contains("+/-") || q.surface.contains('±');
    let per_unit = match q.unit.as_str() {
        "dozen" => 12.0,
        _ => 1.0,
    };
    match q.uncertainty {
        Some(u) if !tolerance => Want::Range(q.value - u, q.value + u),
        _ => Want::Point(q.value * per_unit),
    }
}

/// The upper end of a range claim: the last number in its figure.
fn range_high(text: &str, c: &tally::Claim) -> Option<f64> {
    let fig = c.figure.slice(text);
    find_numbers(&Tokens::new(fig)).last().map(|m| m.value)
}

fn claim_fits(text: &str, c: &tally::Claim, want: Want) -> bool {
    match want {
        Want::Point(v) => c.hedge != Hedge::Range && same_value(c.value, v),
        Want::Range(lo, hi) => {
            c.hedge == Hedge::Range
                && same_value(c.value, lo)
                && range_high(text, c).is_some_and(|h| same_value(h, hi))
        }
    }
}

fn show_claim(text: &str, c: &tally::Claim) -> String {
    format!(
        "{:?} {} = {} ({:?})",
        c.kind,
        show_span(text, c.figure),
        c.value,
        c.hedge
    )
}

#[test]
fn quantulum3_quantities() {
    let mut ex = Exclusions::load("quantulum3-quantities");
    let mut report = Report::new("quantulum3-quantities");
    let cases: Vec<QuantCase> = read_json("quantulum3/quantities.json");
    let (mut gold_total, mut gold_found, mut gold_oos, mut extras) = (0, 0, 0, 0);
    for case in &cases {
        let text = case.req.as_str();
        if ex.case(text).is_some() {
            report.out_of_scope += 1;
            continue;
        }
        // Locate each surface, in order.
        let mut cursor = 0;
        let mut gold: Vec<(Span, Want, &str)> = Vec::new();
        let mut dropped: Vec<Span> = Vec::new();
        for q in &case.res {
            let at = text[cursor..]
                .find(&q.surface)
                .map(|i| i + cursor)
                .or_else(|| text.find(&q.surface))
                .unwrap_or_else(|| panic!("{text:?}: surface {:?} not found", q.surface));
            cursor = at;
            let span = Span::new(at, at + q.surface.len());
            if ex.quantity(text, &q.surface).is_some() {
                gold_oos += 1;
                dropped.push(span);
                continue;
            }
            gold.push((span, want_of(q), q.surface.as_str()));
        }
        if gold.is_empty() && !case.res.is_empty() {
            // Every quantity of the case is out of scope.
            report.out_of_scope += 1;
            continue;
        }
        // Claims inside an out-of-scope surface are neither expected nor extra.
        let claims: Vec<tally::Claim> = tally::extract(text)
            .into_iter()
            .filter(|c| {
                !dropped
                    .iter()
                    .any(|d| d.start < c.figure.end && c.figure.start < d.end)
            })
            .collect();
        let mut used = vec![false; claims.len()];
        let mut missing: Vec<String> = Vec::new();
        for (span, want, surface) in &gold {
            gold_total += 1;
            let k = claims.iter().enumerate().position(|(k, c)| {
                !used[k] && span.contains(c.figure) && claim_fits(text, c, *want)
            });
            match k {
                Some(k) => {
                    used[k] = true;
                    gold_found += 1;
                }
                None => missing.push(format!("{surface:?} {want:?}")),
            }
        }
        let extra: Vec<String> = claims
            .iter()
            .zip(&used)
            .filter(|(c, u)| !**u && c.is_checkable())
            .map(|(c, _)| show_claim(text, c))
            .collect();
        extras += extra.len();
        let failure = (!missing.is_empty() || !extra.is_empty()).then(|| {
            let all: Vec<String> = claims.iter().map(|c| show_claim(text, c)).collect();
            format!("{text:?}: missing {missing:?}, extra {extra:?}; claims {all:?}")
        });
        report.record(failure);
    }
    report.notes.push(format!(
        "quantities: {gold_found}/{gold_total} expected found, {extras} extra checkable claims, \
         {gold_oos} quantities out of scope"
    ));
    report.assert_floor(QUANTULUM_FLOOR);
    ex.assert_all_used();
}

/// Below the 78/100 (78.0%) passed when it was last raised, so that regressions fail.
const QUANTULUM_FLOOR: f64 = 75.0;

/// Runs `f` on `input`, turning a panic into a message.
fn no_panic(what: &str, input: &str, f: impl FnOnce()) -> Option<String> {
    catch_unwind(AssertUnwindSafe(f)).err().map(|e| {
        let msg = e
            .downcast_ref::<String>()
            .cloned()
            .or_else(|| e.downcast_ref::<&str>().map(|s| s.to_string()))
            .unwrap_or_default();
        format!("{what} panicked on {input:?}: {msg}")
    })
}

fn run_both(input: &str) -> Vec<String> {
    let a = no_panic("extract", input, || {
        tally::extract(input);
    });
    let b = no_panic("find_numbers", input, || {
        find_numbers(&Tokens::new(input));
    });
    a.into_iter().chain(b).collect()
}

#[test]
fn quantulum3_errors_do_not_panic() {
    let inputs: Vec<String> = read_json("quantulum3/errors.json");
    assert!(!inputs.is_empty());
    let panics: Vec<String> = inputs.iter().flat_map(|i| run_both(i)).collect();
    println!(
        "suite quantulum3-errors: {}/{} ran without panic",
        inputs.len() - panics.len(),
        inputs.len()
    );
    assert!(panics.is_empty(), "{panics:#?}");
}

#[test]
fn no_suite_input_panics() {
    let mut inputs: Vec<String> = Vec::new();
    for rel in [
        "ms-recognizers-specs/Number/English/NumberModel.json",
        "ms-recognizers-specs/Number/English/PercentModel.json",
    ] {
        let all: Vec<RecCase> = read_json(rel);
        inputs.extend(all.into_iter().map(|c| c.input));
    }
    inputs.extend(duckling_lines().into_iter().map(|l| l.text));
    let q: Vec<QuantCase> = read_json("quantulum3/quantities.json");
    inputs.extend(q.into_iter().map(|c| c.req));
    let panics: Vec<String> = inputs.iter().flat_map(|i| run_both(i)).collect();
    println!(
        "all suite inputs: {} inputs, {} panics",
        inputs.len(),
        panics.len()
    );
    assert!(panics.is_empty(), "{panics:#?}");
}
