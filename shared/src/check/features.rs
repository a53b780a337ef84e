//! What matching compares: a claim normalised into the quantity it speaks of, and the words
//! around it.

use super::context::{self, Context, Day, Word};
use crate::claim::{Claim, ClaimKind};
use crate::hedge::{Hedge, Interval};
use crate::lexicon::{self, lemma};
use crate::sentence::sentences;
use crate::token::Tokens;
use crate::unit::{Dimension, Unit};
use crate::work::{Stopped, Work};
use std::collections::{HashMap, HashSet};
use std::sync::Arc;

/// A shared string: counted things, predicates and qualifiers repeat across millions of
/// corpus claims, so an index keeps one copy of each (see [`Interner`]).
pub type Sym = Arc<str>;

/// One copy of each symbol, qualifier list and unit: what keeps a large corpus index small.
#[derive(Debug, Default)]
pub struct Interner {
    strs: HashSet<Sym>,
    lists: HashSet<Arc<[Sym]>>,
    units: HashMap<String, Arc<Unit>>,
}

impl Interner {
    pub fn sym(&mut self, s: &str) -> Sym {
        if let Some(x) = self.strs.get(s) {
            return x.clone();
        }
        let x: Sym = s.into();
        self.strs.insert(x.clone());
        x
    }

    pub fn list(&mut self, items: Vec<Sym>) -> Arc<[Sym]> {
        if let Some(x) = self.lists.get(items.as_slice()) {
            return x.clone();
        }
        let x: Arc<[Sym]> = items.into();
        self.lists.insert(x.clone());
        x
    }

    /// Units are shared by name: a canonical name stands for one unit.
    pub fn unit(&mut self, u: Unit) -> Arc<Unit> {
        self.units
            .entry(u.name.clone())
            .or_insert_with(|| Arc::new(u))
            .clone()
    }
}

/// The kind of quantity: only claims of the same class can be compared.
#[derive(Debug, Clone, PartialEq)]
pub enum Class {
    Count,
    /// Fractions and percentages, compared in percent.
    Share,
    Measure(Dimension),
    Money(Sym),
    Multiplier,
}

/// A claim as matching sees it.
#[derive(Debug, Clone)]
pub struct Features {
    pub class: Class,
    /// The counted thing's concept, normalised ("body" counts dead hostages).
    pub subject: Option<Sym>,
    /// Qualifiers, with states folded in ("eight of them dead" → "dead").
    pub modifiers: Arc<[Sym]>,
    /// The predicate's concept, without states ("dead", "alive").
    pub predicate: Option<Sym>,
    pub modal: bool,
    pub negated: bool,
    pub agent: bool,
    /// The values the claim allows, in the class's base unit (percent for shares).
    pub interval: Interval,
    pub hedge: Hedge,
    pub vague: bool,
    /// The sentence speaks of a running total ("so far", "since", "in all").
    pub cumulative: bool,
    /// Content words of the sentence (weight 1) and of the one before (weight 0.5), the days
    /// named there and the other figures of the sentence.
    pub context: Context,
}

/// Qualifier pairs that make two claims speak of different quantities.
const CONFLICTS: &[(&str, &str)] = &[("alive", "dead"), ("palestinian", "israeli")];

/// Qualifiers that split a quantity into parts: a claim about the living or the dead does not
/// speak of the whole.
/// ("per": a rate, "50 for each hostage", is not a total.)
const PARTS: &[&str] = &["alive", "dead", "per"];

/// How many claims on each side of a claim its context takes figures and days from: more
/// than any sentence of prose holds, and a bound on the work per claim in a list of numbers.
const CONTEXT_CLAIMS: usize = 24;

impl Features {
    /// The features of each claim of `text` (same order as `claims`, which are in text
    /// order as [`crate::extract`] gives them).
    pub fn of_text(text: &str, claims: &[Claim]) -> Vec<Features> {
        Self::of_text_with(text, claims, &mut Interner::default(), &Work::new()).unwrap_or_default()
    }

    /// [`Features::of_text`] with the symbols taken from `interner`, counting the work on
    /// `work` and stopping when it says so.
    pub fn of_text_with(
        text: &str,
        claims: &[Claim],
        interner: &mut Interner,
        work: &Work,
    ) -> Result<Vec<Features>, Stopped> {
        let sents = sentences(text, work);
        work.check()?;
        let words: Vec<Arc<[Word]>> = sents
            .iter()
            .map(|s| context::words(content_words(s.slice(text), work)))
            .collect();
        let no_words: Arc<[Word]> = Arc::new([]);
        claims
            .iter()
            .enumerate()
            .map(|(at, c)| {
                if at % 256 == 0 {
                    work.check()?;
                }
                let i = sents
                    .partition_point(|s| s.end <= c.figure.start)
                    .min(sents.len().saturating_sub(1));
                let sentence = words.get(i).cloned().unwrap_or_else(|| no_words.clone());
                let previous = (i > 0).then(|| sents[i - 1]);
                let previous_words = match previous {
                    Some(_) => words[i - 1].clone(),
                    None => no_words.clone(),
                };
                // The other claims of this sentence and the one before: a window of the
                // claims, which are in text order, of at most `CONTEXT_CLAIMS` each side.
                let from = previous.map_or(c.sentence.start, |p| p.start.min(c.sentence.start));
                let first = claims[..at]
                    .partition_point(|o| o.figure.start < from)
                    .max(at.saturating_sub(CONTEXT_CLAIMS));
                let last = (at + claims[at..].partition_point(|o| o.figure.start < c.sentence.end))
                    .min(at + 1 + CONTEXT_CLAIMS);
                work.add((last.max(first) - first) as u64 + 1);
                let mut days = Vec::new();
                let mut figures = Vec::new();
                for other in claims[first..last.max(first)]
                    .iter()
                    .filter(|o| o.figure != c.figure)
                {
                    let weight = if o_in(other, c.sentence) {
                        1.0
                    } else if previous.is_some_and(|p| o_in(other, p)) {
                        0.5
                    } else {
                        continue;
                    };
                    if let Some(t) = &other.temporal {
                        // "130 hostages remain in Gaza since Hamas’s October 7 massacre, which saw
                        // terrorists kill some 1,200": the date starts a period for the figures
                        // before it and dates the event of the figures after it.
                        let before =
                            &text[floor_char_boundary(text, other.figure.start.saturating_sub(24))
                                ..other.figure.start];
                        let starts_period = before.split_whitespace().rev().take(3).any(|w| {
                            matches!(w.to_ascii_lowercase().as_str(), "since" | "from" | "until")
                        });
                        if starts_period && c.figure.start < other.figure.start {
                            continue;
                        }
                        if let (Some(month), Some(day)) = (t.month, t.day) {
                            days.push((Day { month, day }, weight));
                        }
                    } else if other.is_checkable() && weight == 1.0 {
                        figures.push(other.value);
                    }
                }
                let context = Context::new(sentence, previous_words, days, figures);
                Ok(Features::new(c, context, interner))
            })
            .collect()
    }

    fn new(c: &Claim, context: Context, interner: &mut Interner) -> Features {
        let mut subject = c.subject.as_ref().map(|s| s.concept.clone());
        let mut modifiers: Vec<String> = c
            .subject
            .as_ref()
            .map(|s| s.modifiers.clone())
            .unwrap_or_default();
        let mut predicate = c.predicate.as_ref().map(|p| p.concept.clone());
        let negated = c.predicate.as_ref().is_some_and(|p| p.negated);
        if subject.as_deref() == Some("body") {
            subject = Some("hostage".into());
            modifiers.push("dead".into());
        }
        // States are qualifiers: "eight of them dead", "24 believed to be still alive",
        // "34 of the hostages are no longer alive".
        let mut state_negated = false;
        match predicate.as_deref() {
            Some("dead") => {
                modifiers.push("dead".into());
                predicate = None;
            }
            Some("alive") => {
                modifiers.push(if negated { "dead" } else { "alive" }.into());
                predicate = None;
                state_negated = negated;
            }
            _ => {}
        }
        // People taken are hostages: "abduct another 253" counts what "took 251 people
        // hostage" counts.
        if predicate.as_deref() == Some("taken") && subject.as_deref() == Some("person") {
            subject = Some("hostage".into());
        }
        // A death toll counts people killed.
        let toll = c.predicate.as_ref().is_some_and(|p| {
            matches!(
                p.text.to_ascii_lowercase().as_str(),
                "toll" | "death" | "deaths"
            )
        });
        if subject.is_none() && toll {
            subject = Some("person".into());
        }
        modifiers.sort();
        modifiers.dedup();
        let modifiers: Vec<Sym> = modifiers.iter().map(|m| interner.sym(m)).collect();
        let modifiers = interner.list(modifiers);
        let subject = subject.map(|s| interner.sym(&s));
        let predicate = predicate.map(|p| interner.sym(&p));

        let (class, interval) = match (c.kind, &c.unit) {
            (ClaimKind::Fraction, _) => (Class::Share, c.interval.scale(100.0)),
            (ClaimKind::Percent, _) => (Class::Share, c.interval),
            (ClaimKind::Money, Some(u)) => (
                Class::Money(interner.sym(&u.name)),
                c.interval.scale(u.to_base),
            ),
            (ClaimKind::Measure, Some(u)) => (
                Class::Measure(u.dimension),
                Interval {
                    low: u.to_base(c.interval.low),
                    high: u.to_base(c.interval.high),
                },
            ),
            (ClaimKind::Multiplier, _) => (Class::Multiplier, c.interval),
            _ => (Class::Count, c.interval),
        };
        Features {
            class,
            subject,
            modifiers,
            predicate,
            modal: c.predicate.as_ref().is_some_and(|p| p.modal),
            negated: negated && !state_negated,
            agent: c.predicate.as_ref().is_some_and(|p| p.agent),
            interval,
            hedge: c.hedge,
            vague: c.hedge == Hedge::Vague,
            cumulative: ["far", "since", "total", "overall", "altogether"]
                .iter()
                .any(|w| context.in_sentence(w)),
            context,
        }
    }

    /// True when a corpus claim's values are consistent with this draft claim. A draft's
    /// "more than" is read as the bound it states: "more than 40,000" is consistent with
    /// 48,000.
    ///
    /// Only "more than" is read so: "as many as 900" and "up to 900" state a figure, not a
    /// bound, and do not agree with "as many as 800".
    pub fn agrees_with(&self, c: &Features) -> bool {
        match self.hedge {
            Hedge::MoreThan => c.interval.high >= self.interval.low,
            _ => self.interval.overlaps(&c.interval),
        }
    }

    /// True when qualifiers show the two claims count different things.
    pub fn conflicting_qualifiers(&self, other: &Features) -> bool {
        let has = |f: &Features, m: &str| f.modifiers.iter().any(|x| &**x == m);
        CONFLICTS
            .iter()
            .any(|(a, b)| has(self, a) && has(other, b) || has(self, b) && has(other, a))
            || PARTS.iter().any(|p| has(self, p) != has(other, p))
    }
}

/// The largest char boundary of `text` at or before byte `i` (`str::floor_char_boundary` is
/// newer than the crate's minimum Rust).
fn floor_char_boundary(text: &str, mut i: usize) -> usize {
    while !text.is_char_boundary(i) {
        i -= 1;
    }
    i
}

fn o_in(claim: &Claim, sentence: crate::span::Span) -> bool {
    sentence.contains(claim.figure)
}

/// Content words of a sentence, lemmatised.
fn content_words(sentence: &str, work: &Work) -> Vec<String> {
    let t = Tokens::new(sentence);
    work.add(t.steps());
    let mut out = Vec::new();
    for i in 0..t.len() {
        if !t.is_word(i) {
            continue;
        }
        let w = t.low(i);
        if w.len() < 3 || lexicon::is_function_word(w) {
            continue;
        }
        out.push(lemma(w));
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_date_after_multibyte_text_reads_its_context_on_char_boundaries() {
        // Found by the `check` fuzz target: the 24 bytes before "1960" started inside a "€".
        let text = "€€€€€€€€€ 33 hostages 1960";
        let claims = crate::extract(text);
        assert!(claims
            .iter()
            .any(|c| c.temporal.is_some() && c.figure.slice(text) == "1960"));
        assert_eq!(Features::of_text(text, &claims).len(), claims.len());
        assert_eq!(floor_char_boundary(text, 1), 0);
    }
}
