//! Figures of one draft that cannot all hold, whatever the sources say: the same quantity
//! stated twice with values that disagree ("Hamas freed 33 hostages … the 35 hostages freed"),
//! parts that do not make their stated whole ("59 hostages remain: 24 alive and 30 dead"), and
//! a rate and a length that do not make their stated total ("three a week for six weeks, 33 in
//! all").
//!
//! No finding without cause: a figure restates another only when the draft writes it as one
//! given before ("the 35 hostages"), counts the same thing, says the same of it, has the same
//! status and qualifiers, each states the other's whole frame (names, occasions, times), and
//! the two are within [`super::MAGNITUDE`] of each other (a count ten times another is a part
//! of it); parts are read as the whole only when they split it into states that
//! leave nothing out (alive and dead), or are listed after a colon or "of whom". A part that is
//! only some of the whole ("including 8") is no split.

use super::features::{Class, Features};
use super::same_magnitude;
use crate::claim::Claim;
use crate::hedge::Hedge;
use crate::unit::Dimension;
use std::collections::HashMap;

/// What kind of inconsistency a finding is.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum FindingKind {
    /// Two figures state the same quantity with values that cannot both hold.
    Restated,
    /// Figures stated as the parts of a total cannot make that total.
    Sum,
}

impl FindingKind {
    pub fn as_str(self) -> &'static str {
        match self {
            FindingKind::Restated => "restated",
            FindingKind::Sum => "sum",
        }
    }
}

/// One inconsistency: its kind, the claims involved (indexes into the claims given, in text
/// order; for a sum the total first), and a sentence for the editor.
#[derive(Debug, Clone, PartialEq)]
pub struct Finding {
    pub kind: FindingKind,
    pub claims: Vec<usize>,
    pub message: String,
}

/// The states that split a count with nothing left out.
const STATES: [&str; 2] = ["alive", "dead"];

/// The inconsistencies among a draft's `claims` (with `features`, in the same order, as
/// [`Features::of_text`] gives them), in text order of their first claim.
pub fn findings(text: &str, claims: &[Claim], features: &[Features]) -> Vec<Finding> {
    let mut out = sums(text, claims, features);
    out.extend(rates(text, claims, features));
    out.extend(restated(text, claims, features));
    out.sort_by_key(|f| f.claims.iter().min().copied());
    out
}

/// Pairs of figures that state one quantity with values that cannot both hold.
fn restated(text: &str, claims: &[Claim], features: &[Features]) -> Vec<Finding> {
    let mut out = Vec::new();
    // The earlier figures of each counted thing and verb, the last RESTATED_REACH of them.
    let mut earlier: HashMap<(Option<&str>, Option<&str>), Vec<usize>> = HashMap::new();
    for j in 0..claims.len() {
        let key = (
            features[j].subject.as_deref(),
            features[j].predicate.as_deref(),
        );
        let before = earlier.entry(key).or_default();
        let candidates = &before[before.len().saturating_sub(RESTATED_REACH)..];
        let first = (refers_back(text, &claims[j]) && !another(text, &claims[j]))
            .then(|| {
                candidates.iter().copied().find(|&i| {
                    let (a, b) = (&features[i], &features[j]);
                    one_quantity(a, b)
                        && !another(text, &claims[i])
                        && !other_voice(&claims[i], &claims[j])
                        && !a.agrees_with(b)
                        && !a.compatible_with(b)
                        && !b.compatible_with(a)
                        && same_magnitude(a, b)
                })
            })
            .flatten();
        before.push(j);
        // Each figure is reported once, with the first figure it disagrees with.
        if let Some(i) = first {
            out.push(Finding {
                kind: FindingKind::Restated,
                claims: vec![i, j],
                message: format!(
                    "This draft gives {} as {} and as {}: both cannot hold.",
                    thing(&features[j]),
                    phrase(text, &claims[i]),
                    phrase(text, &claims[j]),
                ),
            });
        }
    }
    out
}

/// How many earlier figures of the same counted thing and verb a figure is compared with:
/// the work stays linear in the draft.
const RESTATED_REACH: usize = 32;

/// How many figures after a total are read as its parts, at most (and how far from a rate
/// its length and total are looked for).
const PARTS_REACH: usize = 12;

/// True when a figure is written as one the text has given before: "the 35 hostages freed so
/// far", "those 59 captives", with its counted thing written beside it (not "the 35 of them").
/// A figure the text introduces ("Hamas freed 35 hostages") may be another event's.
fn refers_back(text: &str, c: &Claim) -> bool {
    let mut before = text[..c.figure.start]
        .split_whitespace()
        .rev()
        .map(str::to_ascii_lowercase);
    let definite = before
        .next()
        .is_some_and(|w| matches!(w.as_str(), "the" | "those" | "these" | "all"));
    // "four of the 28 bodies": the whole a part is taken from, not a figure restated.
    let whole = before.next().is_some_and(|w| w == "of");
    definite && !whole && c.subject.as_ref().is_some_and(|s| !s.inferred)
}

/// True when two figures are given by different sources: two voices that disagree are a
/// dispute the draft reports, not an error of the draft's.
fn other_voice(a: &Claim, b: &Claim) -> bool {
    match (&a.attribution, &b.attribution) {
        (Some(x), Some(y)) => !x.text.eq_ignore_ascii_case(&y.text),
        _ => false,
    }
}

/// True when two draft figures state one quantity: the same counted thing and what is said of
/// it, the same qualifiers and status, and each states the other's whole frame.
fn one_quantity(a: &Features, b: &Features) -> bool {
    // A measure may be named by its occasion alone: "the first phase lasts 42 days".
    // A count is named by its thing and what is said of it; a measure by its thing ("the
    // 60-day first phase").
    let named = a.subject.is_some() && (a.predicate.is_some() || a.class != Class::Count);
    a.class == b.class
        && !a.vague
        && !b.vague
        && named
        && a.subject == b.subject
        && a.predicate == b.predicate
        && same_set(&a.modifiers, &b.modifiers)
        && (a.modal, a.proposed, a.negated, a.agent, a.cumulative)
            == (b.modal, b.proposed, b.negated, b.agent, b.cumulative)
        && (!a.proposed || a.proposer.is_some() && a.proposer == b.proposer)
        && a.context.unmatched_frame(&b.context).next().is_none()
        && b.context.unmatched_frame(&a.context).next().is_none()
}

/// Words that tell one event from others of its kind without naming it: "in the previous
/// swap", "another 600", "three each week". A figure said with one is not restated by another.
const ANOTHER: &[&str] = &[
    "another", "other", "previous", "earlier", "latest", "last", "next", "later", "again", "each",
    "every", "per", "separate",
];

/// True when the sentence of `c` has a word of [`ANOTHER`].
fn another(text: &str, c: &Claim) -> bool {
    c.sentence.slice(text).split_whitespace().any(|w| {
        let w = w
            .trim_matches(|c: char| !c.is_alphanumeric())
            .to_ascii_lowercase();
        ANOTHER.contains(&w.as_str())
    })
}

fn same_set<T: PartialEq>(a: &[T], b: &[T]) -> bool {
    a.len() == b.len() && a.iter().all(|x| b.contains(x))
}

/// Totals whose listed parts cannot make them.
fn sums(text: &str, claims: &[Claim], features: &[Features]) -> Vec<Finding> {
    let mut out = Vec::new();
    for t in 0..claims.len() {
        let total = &features[t];
        // A total that is itself a part ("10 of the hostages") is not split by what follows.
        let part_of_another = text
            [claims[t].figure.end..claims[t].phrase.end.max(claims[t].figure.end)]
            .trim_start()
            .starts_with("of ");
        if !claims[t].is_checkable()
            || total.vague
            || total.subject.is_none()
            || state(total)
            || part_of_another
        {
            continue;
        }
        // The counts after the total in its sentence, each a distinct kind of the total's
        // thing: the living and the dead, or children, women and men.
        let parts: Vec<usize> = (t + 1..claims.len())
            .filter(|&p| claims[p].is_checkable())
            .take_while(|&p| {
                claims[p].sentence == claims[t].sentence && features[p].class == total.class
            })
            .take(PARTS_REACH)
            .collect();
        if parts.len() < 2 || parts.iter().any(|&p| features[p].vague) {
            continue;
        }
        let between = &text[claims[t].figure.end..claims[parts[0]].figure.start];
        if !splits(between, &parts, total, features) {
            continue;
        }
        let low: f64 = parts.iter().map(|&p| features[p].interval.low).sum();
        let high: f64 = parts.iter().map(|&p| features[p].interval.high).sum();
        if high >= total.interval.low && low <= total.interval.high {
            continue;
        }
        let listed: Vec<String> = parts
            .iter()
            .map(|&p| {
                let figure = phrase(text, &claims[p]);
                match STATES.iter().find(|s| has(&features[p], s)) {
                    Some(s) => format!("{figure} {s}"),
                    None => figure.to_string(),
                }
            })
            .collect();
        let sum = parts.iter().map(|&p| claims[p].value).sum::<f64>();
        out.push(Finding {
            kind: FindingKind::Sum,
            claims: std::iter::once(t).chain(parts).collect(),
            message: format!(
                "The parts ({}) make {}, not the {} stated.",
                listed.join(", "),
                number(sum),
                claims[t].figure.slice(text),
            ),
        });
    }
    out
}

/// Totals stated beside a rate and a length that cannot make them: "three hostages each week
/// for six weeks, 33 in all". The total must be said to be one ("in all", "in total", "a total
/// of", "altogether"); the rate's period is a day or a week.
fn rates(text: &str, claims: &[Claim], features: &[Features]) -> Vec<Finding> {
    let mut out = Vec::new();
    let in_sentence = |a: usize, b: usize| claims[a].sentence == claims[b].sentence;
    for r in 0..claims.len() {
        let rate = &features[r];
        let Some(period) = period_of(text, &claims[r]).filter(|_| has(rate, "per")) else {
            continue;
        };
        if rate.vague || rate.class != Class::Count {
            continue;
        }
        // The claims of its sentence, within a bounded reach: the work stays linear.
        let window = r.saturating_sub(PARTS_REACH)..(r + PARTS_REACH + 1).min(claims.len());
        let near = |k: &usize| in_sentence(r, *k) && *k != r;
        let length = window
            .clone()
            .filter(near)
            .find(|&k| features[k].class == Class::Measure(Dimension::Duration));
        let total = window.filter(near).find(|&k| {
            let t = &features[k];
            t.class == Class::Count
                && !t.vague
                && !has(t, "per")
                && (t.subject.is_none() || t.subject == rate.subject)
                && said_to_be_total(text, &claims[k])
        });
        let (Some(d), Some(t)) = (length, total) else {
            continue;
        };
        let times = |v: f64, days: f64| v * days / period;
        let (dur, tot) = (&features[d].interval, &features[t].interval);
        let (low, high) = (
            times(rate.interval.low, dur.low),
            times(rate.interval.high, dur.high),
        );
        if high >= tot.low && low <= tot.high {
            continue;
        }
        out.push(Finding {
            kind: FindingKind::Sum,
            claims: vec![t, r, d],
            message: format!(
                "{} a {} for {} make {}, not the {} stated.",
                claims[r].phrase.slice(text),
                if period == 7.0 { "week" } else { "day" },
                claims[d].phrase.slice(text),
                number(times(claims[r].value, dur.low)),
                claims[t].figure.slice(text),
            ),
        });
    }
    out
}

/// The period of a rate written after its figure, in days: "each week", "a day", "per week",
/// "weekly"; `None` for any other rate ("50 prisoners for each hostage").
fn period_of(text: &str, c: &Claim) -> Option<f64> {
    let after = text.get(c.phrase.end.max(c.figure.end)..)?;
    let words: Vec<String> = after
        .split_whitespace()
        .take(6)
        .map(|w| {
            w.trim_matches(|c: char| !c.is_alphanumeric())
                .to_ascii_lowercase()
        })
        .collect();
    words.iter().enumerate().find_map(|(i, w)| {
        let before = i.checked_sub(1).map(|k| words[k].as_str());
        let per = matches!(before, Some("each" | "every" | "a" | "per"));
        match w.as_str() {
            "week" if per => Some(7.0),
            "day" if per => Some(1.0),
            "weekly" => Some(7.0),
            "daily" => Some(1.0),
            _ => None,
        }
    })
}

/// True when a figure is said to be a total: "33 in all", "in total", "a total of 33",
/// "altogether".
fn said_to_be_total(text: &str, c: &Claim) -> bool {
    let start = c.phrase.start.min(c.figure.start);
    let before = text
        .get(start.saturating_sub(12)..start)
        .unwrap_or("")
        .to_ascii_lowercase();
    let end = c.phrase.end.max(c.figure.end);
    let after = text
        .get(end..(end + 16).min(text.len()))
        .unwrap_or("")
        .to_ascii_lowercase();
    before.contains("total of")
        || ["in all", "in total", "altogether"]
            .iter()
            .any(|w| after.trim_start().starts_with(w))
}

/// True when the parts after a total (with `between` the text from the total to the first
/// part) split it with nothing left out: into the living and the dead, or into kinds listed
/// after a colon, a dash or "of whom". "Including" and "among them" name only some.
fn splits(between: &str, parts: &[usize], total: &Features, features: &[Features]) -> bool {
    let low = between.to_ascii_lowercase();
    let partial = ["includ", "among", "at least", "more than", "some of"]
        .iter()
        .any(|w| low.contains(w))
        || parts
            .iter()
            .any(|&p| matches!(features[p].hedge, Hedge::MoreThan | Hedge::FewerThan));
    if partial {
        return false;
    }
    // Each part a state of the total's thing, alive and dead both given.
    let states = parts.iter().all(|&p| {
        state(&features[p])
            && (features[p].subject.is_none() || features[p].subject == total.subject)
    }) && STATES
        .iter()
        .all(|s| parts.iter().any(|&p| has(&features[p], s)));
    // Each part a different kind, listed as the total's.
    let kinds: Vec<_> = parts.iter().map(|&p| &features[p].subject).collect();
    let distinct = kinds
        .iter()
        .enumerate()
        .all(|(k, s)| s.is_some() && *s != &total.subject && !kinds[..k].contains(s));
    let listed = low.trim_end().ends_with([':', '—', '–'])
        || low.contains("of whom")
        || low.contains("of them");
    states || listed && distinct
}

fn has(f: &Features, m: &str) -> bool {
    f.modifiers.iter().any(|x| &**x == m)
}

/// True when a figure counts the living or the dead.
fn state(f: &Features) -> bool {
    STATES.iter().any(|s| has(f, s))
}

/// What a figure counts and what is said of it, or what it measures: "the number of
/// hostages released", "the length of the phase".
fn thing(f: &Features) -> String {
    match (&f.class, f.subject.as_deref(), f.predicate.as_deref()) {
        (Class::Count, Some(s), Some(p)) => format!("the number of {s}s {p}"),
        (Class::Measure(Dimension::Duration), Some(s), _) => format!("the length of the {s}"),
        (_, Some(s), _) => format!("the {s}"),
        _ => "one quantity".to_string(),
    }
}

/// A claim's figure with its hedge, as the draft writes it ("about 59").
fn phrase<'a>(text: &'a str, c: &Claim) -> &'a str {
    let start = c.phrase.start.min(c.figure.start);
    text.get(start..c.figure.end).unwrap_or("").trim()
}

fn number(v: f64) -> String {
    if (v - v.round()).abs() < 1e-9 {
        format!("{}", v.round() as i64)
    } else {
        format!("{v:.1}")
    }
}
