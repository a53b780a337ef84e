//! From text to claims: numbers and temporal expressions are found, then each number is read
//! in its context — hedge, range, unit, counted thing, predicate and attribution.
//!
//! The pipeline, in order:
//! 1. [`crate::token`] splits the text; [`crate::sentence`] finds sentences.
//! 2. [`crate::number::find_numbers`] and [`crate::temporal::find_temporals`] find figures.
//! 3. Numbers inside dates, names and identifiers ("Channel 12", "stage 2", "F-16") are dropped.
//! 4. Each remaining number becomes a [`Claim`]: ranges are joined ([`range`]), the hedge read
//!    ([`crate::hedge`]), the unit ([`crate::unit`]) and the phrase around it ([`phrase`]).
//! 5. Figures whose counted thing is elided ("eight *more*", "*the 40*") take it from an
//!    earlier mention.
//!
//! Every step does a bounded amount of work per token and per claim (sentences are bounded,
//! look-backs have fixed reaches, a sentence's attribution is read once), so the cost of a text
//! is linear in its length; [`extract_with`] counts it on a [`Work`] meter.

mod phrase;
mod range;

use crate::claim::{Claim, ClaimKind};
use crate::hedge::{interval, Hedge, Interval, HEDGES_AFTER, HEDGES_BEFORE};
use crate::lexicon::{self, is_identifier_noun, month, weekday};
use crate::number::{find_numbers, NumberForm, NumberMatch};
use crate::sentence::sentences;
use crate::span::Span;
use crate::temporal::find_temporals;
use crate::token::{is_hyphen, TokenKind, Tokens};
use crate::unit::{currency_prefix, currency_sign, unit_after, unit_before, Dimension, Unit};
use crate::work::{Stopped, Work};
use phrase::Found;
use std::cell::RefCell;
use std::collections::HashMap;

/// How many claims back an elided counted thing ("eight *more*") looks for its antecedent.
const ANAPHOR_REACH: usize = 32;

/// Finds and understands every numeric claim in `text`, in text order.
///
/// Never fails: text without numbers gives an empty list.
pub fn extract(text: &str) -> Vec<Claim> {
    extract_with(text, &Work::new()).unwrap_or_default()
}

/// [`extract`], counting its work on `work` and stopping when `work` says so.
pub fn extract_with(text: &str, work: &Work) -> Result<Vec<Claim>, Stopped> {
    let t = Tokens::new(text);
    let sents = sentences(text, work);
    let sentence_of = sentence_index(&t, &sents);
    work.check()?;
    let numbers = find_numbers(&t);
    work.check()?;
    let temporals = find_temporals(&t, &numbers);
    work.check()?;

    let mut in_temporal = vec![false; t.len()];
    let mut dates: Vec<Claim> = Vec::with_capacity(temporals.len());
    for m in &temporals {
        in_temporal[m.first..=m.last]
            .iter_mut()
            .for_each(|x| *x = true);
        // Numbers are in token order: find the first one starting inside the expression.
        let k = numbers.partition_point(|n| n.first < m.first);
        let value = numbers
            .get(k)
            .filter(|n| n.last <= m.last)
            .map_or(0.0, |n| n.value);
        dates.push(Claim {
            kind: ClaimKind::Temporal,
            figure: m.span,
            phrase: m.span,
            sentence: sentence_span(&t, &sents, &sentence_of, m.first, m.last),
            value,
            interval: Interval::point(value),
            hedge: Hedge::Exact,
            spelled: t.kind(m.first) == Some(TokenKind::Word),
            unit: None,
            subject: None,
            predicate: None,
            attribution: None,
            temporal: Some(m.value.clone()),
        });
    }

    let mut claims: Vec<Claim> = Vec::with_capacity(numbers.len());
    let ctx = Context {
        t: &t,
        sents: &sents,
        sentence_of: &sentence_of,
        attribution: RefCell::new(None),
    };
    let mut earlier = Earlier::default();
    let mut k = 0;
    while k < numbers.len() {
        if k % 64 == 0 {
            work.check()?;
        }
        let n = &numbers[k];
        k += 1;
        if (n.first..=n.last).any(|i| in_temporal[i]) || is_identifier(&t, n) || is_pronoun(&t, n) {
            continue;
        }
        // A range swallows the number after it.
        let second = range::join(&t, n, numbers.get(k));
        if second.is_some() {
            k += 1;
        }
        if let Some((mut c, found)) = ctx.claim(n, second) {
            match found.elided {
                Some(e) => {
                    let source = earlier.source(&t, &claims, &c, e);
                    let source = source.map(|i| &mut claims[i]);
                    phrase::resolve(&mut c, source, found.remains_of);
                }
                None if found.remains_of => phrase::mark_dead(&mut c),
                None => {}
            }
            earlier.note(&c, claims.len());
            claims.push(c);
        }
    }
    magnitudes_beside(&mut claims);
    work.add(t.steps() + (dates.len() + claims.len()) as u64);
    Ok(in_text_order(dates, claims))
}

/// A bare decimal from 1 to 10 in a sentence that gives an earthquake's magnitude is one too:
/// "a magnitude of 7.2, while the US Geological Survey measured 6.8". Claims are in text
/// order, so each sentence's are one run.
fn magnitudes_beside(claims: &mut [Claim]) {
    let is_magnitude = |c: &Claim| {
        c.unit
            .as_ref()
            .is_some_and(|u| u.dimension == Dimension::Magnitude)
    };
    let bare_decimal = |c: &Claim| {
        c.kind == ClaimKind::Count
            && c.unit.is_none()
            && c.subject.is_none()
            && !c.spelled
            && c.value.fract() != 0.0
            && (1.0..10.0).contains(&c.value)
    };
    let mut i = 0;
    while i < claims.len() {
        let sentence = claims[i].sentence;
        let end = i + claims[i..]
            .iter()
            .take_while(|c| c.sentence == sentence)
            .count();
        if claims[i..end].iter().any(is_magnitude) {
            for c in claims[i..end].iter_mut().filter(|c| bare_decimal(c)) {
                c.kind = ClaimKind::Measure;
                c.unit = Some(Unit::new("magnitude", Dimension::Magnitude, 1.0));
            }
        }
        i = end;
    }
}

/// Merges two lists of claims, each in text order and not overlapping the other, into one.
fn in_text_order(a: Vec<Claim>, b: Vec<Claim>) -> Vec<Claim> {
    if a.is_empty() {
        return b;
    }
    let key = |c: &Claim| (c.figure.start, c.figure.end);
    let mut out = Vec::with_capacity(a.len() + b.len());
    let (mut a, mut b) = (a.into_iter().peekable(), b.into_iter().peekable());
    loop {
        let take_a = match (a.peek(), b.peek()) {
            (Some(x), Some(y)) => key(x) <= key(y),
            (Some(_), None) => true,
            (None, Some(_)) => false,
            (None, None) => return out,
        };
        out.extend(if take_a { a.next() } else { b.next() });
    }
}

/// The earlier claims an elided counted thing may refer to, found without rescanning them.
#[derive(Default)]
struct Earlier {
    /// The last count with a counted thing, by value (`f64::to_bits`): "the 40".
    by_value: HashMap<u64, usize>,
}

impl Earlier {
    /// Records the claim about to be pushed at `index` of the number claims.
    fn note(&mut self, c: &Claim, index: usize) {
        if phrase::is_source(c) {
            self.by_value.insert(c.value.to_bits(), index);
        }
    }

    /// The index among `numbers` (the number claims so far, in text order) of the claim whose
    /// counted thing `claim` takes: the nearest earlier count in its sentence, at most
    /// [`ANAPHOR_REACH`] claims back ("eight *more*"), or the last count of the same value
    /// ("*the 40*").
    fn source(
        &self,
        t: &Tokens,
        numbers: &[Claim],
        claim: &Claim,
        elided: phrase::Elided,
    ) -> Option<usize> {
        match elided {
            phrase::Elided::Anaphor => {
                let from = numbers.len().saturating_sub(ANAPHOR_REACH);
                (from..numbers.len()).rev().find(|&i| {
                    t.step(1);
                    let c = &numbers[i];
                    phrase::is_source(c)
                        && c.sentence == claim.sentence
                        && c.figure.end <= claim.figure.start
                })
            }
            phrase::Elided::SameValue => self.by_value.get(&claim.value.to_bits()).copied(),
        }
    }
}

/// For each token, the index of its sentence.
fn sentence_index(t: &Tokens, sents: &[Span]) -> Vec<usize> {
    let mut out = Vec::with_capacity(t.len());
    let mut s = 0;
    for tok in &t.tokens {
        while s + 1 < sents.len() && tok.span.start >= sents[s].end {
            s += 1;
        }
        out.push(s);
    }
    out
}

/// The sentence of the figure on tokens `first..=last`. A figure written across a line break
/// ("5\nbillion" in hard-wrapped text), or a token that the cut of an overlong sentence fell
/// inside, spans two sentences: its sentence is then both, so that the sentence always holds
/// the figure.
fn sentence_span(
    t: &Tokens,
    sents: &[Span],
    sentence_of: &[usize],
    first: usize,
    last: usize,
) -> Span {
    let a = sentence_of[first];
    let end = t.tokens[last].span.end;
    let b = sents
        .partition_point(|s| s.start < end)
        .saturating_sub(1)
        .max(a);
    sents[a].cover(sents[b])
}

struct Context<'a, 't> {
    t: &'a Tokens<'t>,
    sents: &'a [Span],
    sentence_of: &'a [usize],
    /// The attribution of the last sentence read (its first and last token): claims come in
    /// text order, so each sentence's attribution is read once.
    attribution: RefCell<Option<SentenceAttribution>>,
}

/// A sentence (first and last token) and its attribution.
type SentenceAttribution = ((usize, usize), Option<crate::claim::Attribution>);

impl Context<'_, '_> {
    fn attribution_of(&self, s_first: usize, s_last: usize) -> Option<crate::claim::Attribution> {
        let mut cache = self.attribution.borrow_mut();
        match &*cache {
            Some((key, a)) if *key == (s_first, s_last) => a.clone(),
            _ => {
                let a = phrase::attribution(self.t, s_first, s_last);
                *cache = Some(((s_first, s_last), a.clone()));
                a
            }
        }
    }

    fn sentence_tokens(&self, i: usize) -> (usize, usize) {
        let s = self.sentence_of[i];
        let first = self.sentence_of.partition_point(|&x| x < s);
        let last = self.sentence_of.partition_point(|&x| x <= s) - 1;
        (first, last)
    }

    fn claim(&self, n: &NumberMatch, second: Option<range::Second>) -> Option<(Claim, Found)> {
        let t = self.t;
        let (s_first, s_last) = self.sentence_tokens(n.first);
        let last = second.as_ref().map_or(n.last, |s| s.last);
        let sentence = sentence_span(t, self.sents, self.sentence_of, n.first, last);
        let figure = t.span(n.first, last);

        if n.form == NumberForm::Ordinal {
            let c = Claim {
                kind: ClaimKind::Ordinal,
                figure,
                phrase: figure,
                sentence,
                value: n.value,
                interval: Interval::point(n.value),
                hedge: Hedge::Exact,
                spelled: n.spelled,
                unit: None,
                subject: None,
                predicate: None,
                attribution: None,
                temporal: None,
            };
            return Some((c, Found::default()));
        }

        // A currency sign or code before the number, then hedge words before that ("more than
        // $30 billion").
        let mut unit: Option<Unit> = None;
        let mut money_first = n.first;
        if n.first > s_first {
            let p = n.first - 1;
            if let Some(u) = currency_sign(t.raw(p)) {
                unit = Some(u);
                money_first = p;
                if p > s_first && !t.tokens[p].space_before && currency_prefix(t, p - 1).is_some() {
                    money_first = p - 1;
                    unit = currency_prefix(t, p - 1);
                }
            } else if let Some(u) = currency_prefix(t, p) {
                // "RM79", "USD 10", "$US55"; a spaced "US 100" is not money.
                let glued = !t.tokens[n.first].space_before;
                if glued || t.low(p) != "us" {
                    unit = Some(u);
                    money_first = p;
                    if p > s_first && t.is_punct(p - 1, '$') && !t.tokens[p].space_before {
                        money_first = p - 1;
                    }
                }
            }
        }
        if unit.is_none() {
            unit = unit_before(t, n.first);
        }
        let (mut hedge, mut phrase_first) = hedge_before(t, money_first, s_first);
        let mut phrase_last = last;
        if let Some((u, ul)) = unit_after(t, last).filter(|_| unit.is_none()) {
            unit = Some(u);
            phrase_last = ul;
        }
        if let Some((h, hl)) = hedge_after(t, phrase_last) {
            if hedge == Hedge::Exact {
                hedge = h;
                phrase_last = hl;
            }
        }
        // "over three days" and "within eight days" are not "more than".
        if hedge == Hedge::MoreThan || hedge == Hedge::FewerThan {
            let w = t.low_at(n.first as isize - 1);
            let duration = unit
                .as_ref()
                .is_some_and(|u| u.dimension == Dimension::Duration);
            if duration && matches!(w, "over" | "under") {
                hedge = Hedge::Exact;
                phrase_first = money_first;
            }
        }
        if n.glued_suffix && unit.is_none() {
            // "29km" with an unknown suffix, or a code like "4x4": not a claim we can read.
            return None;
        }

        let (value, mut iv) = match (&second, n.form) {
            (Some(s), _) => {
                let lo = interval(s.low, s.low_granularity, Hedge::Exact);
                let hi = interval(s.high, s.granularity, Hedge::Exact);
                hedge = Hedge::Range;
                (
                    s.low,
                    Interval {
                        low: lo.low,
                        high: hi.high,
                    },
                )
            }
            (None, NumberForm::Vague) => {
                hedge = Hedge::Vague;
                (
                    n.value,
                    Interval {
                        low: n.value,
                        high: n.high.unwrap_or(n.value),
                    },
                )
            }
            (None, _) => (n.value, interval(n.value, n.granularity, hedge)),
        };

        let kind = match (&unit, n.form) {
            (Some(u), _) if u.dimension == Dimension::Percent => ClaimKind::Percent,
            (Some(u), _) if u.dimension == Dimension::Currency => ClaimKind::Money,
            (Some(_), _) => ClaimKind::Measure,
            (None, NumberForm::Fraction) => ClaimKind::Fraction,
            (None, NumberForm::Multiplier) => ClaimKind::Multiplier,
            _ => ClaimKind::Count,
        };
        if kind == ClaimKind::Percent {
            iv = iv.clamp(0.0, 100.0);
        }
        let mut found = phrase::read(
            t,
            kind,
            phrase_first,
            n.first,
            phrase_last,
            (s_first, s_last),
        );
        found.attribution = self.attribution_of(s_first, s_last);
        let phrase_end = found.np_last.map_or(phrase_last, |e| e.max(phrase_last));
        let claim = Claim {
            kind,
            figure,
            phrase: t.span(phrase_first, phrase_end),
            sentence,
            value,
            interval: iv,
            hedge,
            spelled: n.spelled,
            unit,
            subject: found.subject.take(),
            predicate: found.predicate.take(),
            attribution: found.attribution.take(),
            temporal: None,
        };
        Some((claim, found))
    }
}

/// The hedge written just before token `first`, and where the phrase then starts.
fn hedge_before(t: &Tokens, first: usize, floor: usize) -> (Hedge, usize) {
    if first == floor || !ends_hedge(t.low(first - 1)) {
        return (Hedge::Exact, first);
    }
    for (words, hedge) in HEDGES_BEFORE {
        let n = words.len();
        if first < floor + n {
            continue;
        }
        let start = first - n;
        if words
            .iter()
            .enumerate()
            .all(|(k, w)| t.low(start + k) == *w)
        {
            // "some" and "over" need the number right after them; "an estimated" may stand
            // after "an".
            return (*hedge, start);
        }
    }
    (Hedge::Exact, first)
}

/// True when `w` is the last word of a hedge of [`HEDGES_BEFORE`] (a unit test keeps the two in
/// step): most figures have none, and this spares them a walk through the table.
fn ends_hedge(w: &str) -> bool {
    matches!(
        w,
        "than"
            | "of"
            | "as"
            | "least"
            | "most"
            | "to"
            | "under"
            | "over"
            | "estimated"
            | "approximately"
            | "approx"
            | "about"
            | "around"
            | "roughly"
            | "some"
            | "circa"
            | "~"
            | "nearly"
            | "almost"
            | "above"
            | "exceeding"
            | "below"
            | "fewer"
            | "maximum"
            | "minimum"
    )
}

/// The hedge written just after token `last` ("or more", "or so", "+").
fn hedge_after(t: &Tokens, last: usize) -> Option<(Hedge, usize)> {
    for (words, hedge) in HEDGES_AFTER {
        let n = words.len();
        if last + n >= t.len() {
            continue;
        }
        if words
            .iter()
            .enumerate()
            .all(|(k, w)| t.low(last + 1 + k) == *w)
        {
            // "600+" must be glued.
            if *words == ["+"] && t.tokens[last + 1].space_before {
                continue;
            }
            return Some((*hedge, last + n));
        }
    }
    None
}

/// Numbers that are part of a name or identifier: "stage 2", "Channel 12", "F-16", "A320",
/// "COVID-19".
fn is_identifier(t: &Tokens, n: &NumberMatch) -> bool {
    let i = n.first;
    if i == 0 {
        return false;
    }
    let prev = i - 1;
    let glued = !t.tokens[i].space_before;
    // Letters glued before digits: "A320", "G7", "user123" — but not a currency code ("RM79").
    if glued && t.is_word(prev) && !n.spelled {
        return currency_prefix(t, prev).is_none();
    }
    // Letters, a tight hyphen, digits: "F-16", "COVID-19", "SCP-173".
    if glued
        && is_hyphen(t.raw(prev))
        && prev > 0
        && t.is_word(prev - 1)
        && !t.tokens[prev].space_before
    {
        return !n.spelled;
    }
    // "No. 3", "Nos. 4": an abbreviated identifier noun and its period.
    if t.is_punct(prev, '.') && prev > 0 && is_identifier_noun(t.low(prev - 1)) {
        return true;
    }
    if !t.is_word(prev) {
        return false;
    }
    let w = t.low(prev);
    if is_identifier_noun(w.trim_end_matches('.')) {
        // "Channel 12", "stage 2", "phase two negotiations".
        return true;
    }
    // A capitalized word that is not a sentence start, month or weekday: "Route 60" is
    // caught above; "Boeing 747" here. Title-case headlines put a plural noun after the
    // number ("Releases 3 Hostages"), which keeps it a count.
    let sentence_start = prev == 0 || t.tokens[prev].line_before || is_sentence_end(t, prev - 1);
    if t.is_capitalized(prev)
        && !sentence_start
        && month(w).is_none()
        && weekday(w).is_none()
        && lexicon::qualifier(&lexicon::lemma(w)).is_none()
        && !n.spelled
        && n.form == NumberForm::Cardinal
        && !next_is_plural_noun(t, n.last)
        && unit_after(t, n.last).is_none()
        && !is_function_capital(w)
    {
        return true;
    }
    false
}

/// Capitalized words that still start a count: "About 130", "Some 130", "Hamas freed 33" …
fn is_function_capital(w: &str) -> bool {
    lexicon::is_function_word(w)
        || HEDGES_BEFORE.iter().any(|(ws, _)| ws.last() == Some(&w))
        || lexicon::predicate(w).is_some()
}

fn is_sentence_end(t: &Tokens, i: usize) -> bool {
    matches!(
        t.raw(i),
        "." | "!" | "?" | ":" | "\"" | "“" | "”" | "(" | "—" | "•"
    )
}

fn next_is_plural_noun(t: &Tokens, last: usize) -> bool {
    // Skip adjectives such as "Israeli" or "security" before the noun.
    for j in last + 1..last + 4 {
        if !t.is_word(j) {
            return false;
        }
        let w = t.low(j);
        if lexicon::is_function_word(w) {
            return false;
        }
        if lexicon::lemma(w) != w || w == "people" {
            return true;
        }
    }
    false
}

/// "one" used as a pronoun or in idioms: "one of the", "one from Qatar", "in one go",
/// "no one", "one another".
fn is_pronoun(t: &Tokens, n: &NumberMatch) -> bool {
    if !(n.spelled && n.first == n.last && t.low(n.first) == "one") {
        return false;
    }
    let prev = t.low_at(n.first as isize - 1);
    let next = t.low_at(n.last as isize + 1);
    matches!(
        prev,
        "no" | "any" | "every" | "each" | "the" | "this" | "that" | "which" | "someone"
    ) || matches!(
        next,
        "of" | "from" | "another" | "go" | "by" | "who" | "that" | ""
    ) || t.kind(n.last + 1) == Some(TokenKind::Punct)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ends_hedge_knows_the_last_word_of_every_hedge() {
        for (words, _) in HEDGES_BEFORE {
            let last = words.last().expect("a hedge has words");
            assert!(ends_hedge(last), "{last:?} ends a hedge");
        }
    }

    #[test]
    fn a_figure_across_a_line_break_lies_in_its_sentence() {
        // Found by the `extract` fuzz target: "5\rb" (5 billion) crossed the line break that
        // ends a sentence, and its sentence held only "5". Issue 9's fuzzing with 64 KB inputs:
        // an overlong sentence was cut at the space inside "4 100".
        let long = format!("{}4 100 km", "x ".repeat(500));
        let glued = format!("{}(12,345,678 people", "y".repeat(1_994));
        for text in [
            "-.<5\rb.00G",
            "Aid rose to 5\nbillion dollars.",
            "from 5 to\n10 people",
            long.as_str(),
            glued.as_str(),
        ] {
            for c in extract(text) {
                assert!(c.sentence.contains(c.figure), "{text:?}: {c:?}");
            }
        }
    }
}
