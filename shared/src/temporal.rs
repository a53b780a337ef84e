//! Temporal expressions: dates, months, years, weekdays, times of day and relative times
//! ("Oct. 7, 2023", "January 19", "in 2006", "late Thursday", "last month", "0:00").
//!
//! They are not counts to be checked, but they are kept: they anchor when a claim holds, and
//! the numbers inside them ("7" in "October 7") must not be read as quantities.

use crate::lexicon::{month, weekday};
use crate::number::{NumberForm, NumberMatch};
use crate::span::Span;
use crate::token::{is_hyphen, TokenKind, Tokens};
use serde::{Deserialize, Serialize};

/// What a temporal expression says, as far as the text says it.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize, schemars::JsonSchema)]
pub struct Temporal {
    #[serde(skip_serializing_if = "Option::is_none")]
    pub year: Option<i32>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub month: Option<u8>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub day: Option<u8>,
    /// 1 = Monday … 7 = Sunday.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub weekday: Option<u8>,
    /// A time of day as written: "0:00", "9 a.m.".
    #[serde(skip_serializing_if = "Option::is_none")]
    pub time: Option<String>,
    /// A time relative to the article's date, as written: "last month", "three days ago".
    #[serde(skip_serializing_if = "Option::is_none")]
    pub relative: Option<String>,
}

/// A temporal expression found in the tokens (first and last token inclusive).
#[derive(Debug, Clone, PartialEq)]
pub struct TemporalMatch {
    pub first: usize,
    pub last: usize,
    pub span: Span,
    pub value: Temporal,
}

/// Words before a year or a month that mark it as a time.
fn is_time_preposition(w: &str) -> bool {
    matches!(
        w,
        "in" | "since"
            | "from"
            | "until"
            | "till"
            | "by"
            | "of"
            | "through"
            | "before"
            | "after"
            | "early"
            | "late"
            | "mid"
            | "during"
            | "last"
            | "next"
            | "this"
            | "year"
            | "summer"
            | "winter"
            | "spring"
            | "fall"
            | "autumn"
            | "to"
            | "and"
            | "end"
            | "between"
            | "on"
    )
}

fn is_relative_noun(w: &str) -> bool {
    matches!(
        w,
        "week"
            | "month"
            | "year"
            | "weekend"
            | "night"
            | "summer"
            | "winter"
            | "spring"
            | "fall"
            | "autumn"
            | "morning"
            | "evening"
            | "afternoon"
            | "decade"
            | "century"
    )
}

fn int_value(t: &Tokens, i: usize) -> Option<u32> {
    if t.kind(i) != Some(TokenKind::Number) {
        return None;
    }
    let raw = t.raw(i);
    if !raw.bytes().all(|b| b.is_ascii_digit()) || raw.len() > 4 {
        return None;
    }
    raw.parse().ok()
}

fn is_year(t: &Tokens, i: usize) -> Option<i32> {
    (t.kind(i) == Some(TokenKind::Number) && t.raw(i).len() == 4)
        .then(|| int_value(t, i))
        .flatten()
        .filter(|y| (1900..=2100).contains(y))
        .map(|y| y as i32)
}

/// A day of the month at `i`, with an optional ordinal suffix: "7", "7th".
fn day_at(t: &Tokens, i: usize) -> Option<(u8, usize)> {
    let d = int_value(t, i).filter(|d| (1..=31).contains(d) && t.raw(i).len() <= 2)?;
    let glued_suffix = i + 1 < t.len()
        && !t.tokens[i + 1].space_before
        && matches!(t.low(i + 1), "st" | "nd" | "rd" | "th");
    Some((d as u8, if glued_suffix { i + 1 } else { i }))
}

/// Finds the temporal expressions in the tokens.
pub fn find_temporals(t: &Tokens, numbers: &[NumberMatch]) -> Vec<TemporalMatch> {
    let mut out = Vec::new();
    let mut i = 0;
    while i < t.len() {
        t.step(1);
        if let Some(m) = temporal_at(t, i, numbers) {
            i = m.last + 1;
            out.push(m);
        } else {
            i += 1;
        }
    }
    out
}

fn temporal_at(t: &Tokens, i: usize, numbers: &[NumberMatch]) -> Option<TemporalMatch> {
    let mut v = Temporal::default();
    let w = t.low(i);
    let last = match t.kind(i)? {
        TokenKind::Word => {
            if let Some(m) = month(w).filter(|_| is_month_word(t, i)) {
                v.month = Some(m);
                let mut j = i;
                // "Feb." — the period of an abbreviation, not of a full name ending a sentence.
                if t.is_punct(j + 1, '.') && crate::lexicon::is_abbreviation(w) {
                    j += 1;
                }
                if let Some((d, e)) = day_at(t, j + 1) {
                    v.day = Some(d);
                    j = e;
                    // ", 2023"
                    if t.is_punct(j + 1, ',') {
                        if let Some(y) = is_year(t, j + 2) {
                            v.year = Some(y);
                            j += 2;
                        }
                    } else if let Some(y) = is_year(t, j + 1) {
                        v.year = Some(y);
                        j += 1;
                    }
                } else if let Some(y) = is_year(t, j + 1) {
                    v.year = Some(y);
                    j += 1;
                }
                j
            } else if let Some(d) = weekday(w).filter(|_| t.is_capitalized(i)) {
                v.weekday = Some(d);
                let mut j = i;
                if matches!(
                    t.low_at(i as isize + 1),
                    "night" | "morning" | "afternoon" | "evening"
                ) {
                    j += 1;
                }
                return Some(with_modifiers(t, i, j, v));
            } else if matches!(w, "yesterday" | "today" | "tonight" | "tomorrow")
                && !(i > 0 && t.is_capitalized(i - 1) && t.is_capitalized(i))
            {
                v.relative = Some(w.to_string());
                i
            } else if matches!(w, "last" | "next" | "past" | "coming" | "previous" | "this")
                && is_relative_noun(t.low_at(i as isize + 1))
            {
                v.relative = Some(format!("{} {}", w, t.low(i + 1)));
                i + 1
            } else if matches!(w, "noon" | "midnight") {
                v.time = Some(w.to_string());
                i
            } else {
                return None;
            }
        }
        TokenKind::Number => {
            // "0:00", "9:30"
            if t.is_punct(i + 1, ':')
                && !t.tokens[i + 1].space_before
                && i + 2 < t.len()
                && !t.tokens[i + 2].space_before
                && int_value(t, i + 2).is_some()
                && t.raw(i + 2).len() == 2
                && int_value(t, i).is_some_and(|h| h < 25)
            {
                let mut j = i + 2;
                if matches!(t.low_at(j as isize + 1), "a.m." | "p.m." | "am" | "pm") {
                    j += 1;
                }
                v.time = Some(t.span(i, j).slice(t.text).to_string());
                j
            } else if int_value(t, i).is_some_and(|h| (1..=12).contains(&h))
                && matches!(t.low_at(i as isize + 1), "a.m." | "p.m." | "am" | "pm")
            {
                v.time = Some(t.span(i, i + 1).slice(t.text).to_string());
                i + 1
            } else if let Some((d, e)) = day_at(t, i) {
                // "7 October 2023", "7th of October".
                let mut j = e + 1;
                if t.low_at(j as isize) == "of" {
                    j += 1;
                }
                let m =
                    month(t.low_at(j as isize)).filter(|_| j < t.len() && is_month_word(t, j))?;
                v.day = Some(d);
                v.month = Some(m);
                if let Some(y) = is_year(t, j + 1) {
                    v.year = Some(y);
                    j += 1;
                }
                j
            } else if let Some(y) = year_in_context(t, i, numbers) {
                v.year = Some(y);
                let mut j = i;
                // "2023-24", "2023–2025"
                if j + 2 < t.len()
                    && is_hyphen(t.raw(j + 1))
                    && !t.tokens[j + 1].space_before
                    && int_value(t, j + 2).is_some()
                    && !t.tokens[j + 2].space_before
                {
                    j += 2;
                }
                j
            } else {
                return None;
            }
        }
        TokenKind::Punct => return None,
    };
    Some(with_modifiers(t, i, last, v))
}

/// Extends a match leftwards over "late", "early", "last", "next", "this" and "mid".
fn with_modifiers(t: &Tokens, first: usize, last: usize, mut v: Temporal) -> TemporalMatch {
    let mut f = first;
    let prev = t.low_at(first as isize - 1);
    if matches!(
        prev,
        "late" | "early" | "last" | "next" | "this" | "mid" | "past"
    ) {
        f -= 1;
        if v.weekday.is_some() || v.month.is_some() && v.day.is_none() {
            v.relative.get_or_insert_with(|| prev.to_string());
        }
    }
    TemporalMatch {
        first: f,
        last,
        span: t.span(f, last),
        value: v,
    }
}

/// Month names need care: "May" and "March" are also words, and abbreviations are only
/// months when capitalized ("Feb."), so "may" the verb and "a march" are not dates.
fn is_month_word(t: &Tokens, i: usize) -> bool {
    if !t.is_capitalized(i) {
        return false;
    }
    let w = t.low(i);
    let full = matches!(
        w,
        "january"
            | "february"
            | "april"
            | "june"
            | "july"
            | "august"
            | "september"
            | "october"
            | "november"
            | "december"
    );
    if full {
        return true;
    }
    // Abbreviations, "May" and "March" need a day, a year or a time preposition.
    let next_is_number = t.kind(i + 1) == Some(TokenKind::Number)
        || (t.is_punct(i + 1, '.') && t.kind(i + 2) == Some(TokenKind::Number));
    let abbreviated = w.len() <= 4 && w != "may" && w != "june" && w != "july";
    if abbreviated {
        return next_is_number;
    }
    next_is_number || is_time_preposition(t.low_at(i as isize - 1))
}

/// A bare four-digit year: "in 2006", "Hamas’ 2023 attack", "2025." — but not "2000
/// prisoners", where a plural noun follows and the number counts something.
fn year_in_context(t: &Tokens, i: usize, numbers: &[NumberMatch]) -> Option<i32> {
    let y = is_year(t, i)?;
    // Only when the number stands alone (not "2023.5" or "2,023"). Numbers are in token order
    // and do not overlap: the one holding token `i` is the last to start at or before it.
    let k = numbers.partition_point(|n| n.first <= i);
    if let Some(n) = k
        .checked_sub(1)
        .map(|k| &numbers[k])
        .filter(|n| i <= n.last)
    {
        if n.first != i || n.last != i || n.form != NumberForm::Cardinal {
            return None;
        }
    }
    let prev = t.low_at(i as isize - 1);
    // "$2000" is money.
    if matches!(prev, "$" | "€" | "£" | "₪") {
        return None;
    }
    if is_time_preposition(prev) || prev == "’" || prev == "'" || prev.ends_with("’s") {
        return Some(y);
    }
    // "about 2000 Palestinian prisoners": a hedged figure counts something.
    if matches!(
        prev,
        "about" | "around" | "nearly" | "almost" | "some" | "roughly" | "approximately" | "over"
    ) {
        return None;
    }
    match t.kind(i + 1) {
        None | Some(TokenKind::Punct) => {
            // "2025." or "2023," — a year unless a unit sign follows.
            if t.is_punct(i + 1, '%') {
                None
            } else {
                Some(y)
            }
        }
        Some(TokenKind::Word) => {
            let next = t.low(i + 1);
            // A plural noun after it means a count: "2000 prisoners", and after an adjective
            // of nationality: "2000 Palestinian prisoners".
            let is_plural = |w: &str| w.ends_with('s') && !w.ends_with("ss") && w.len() > 3;
            let demonym = t.is_capitalized(i + 1)
                && crate::lexicon::qualifier(next).is_some()
                && t.is_word(i + 2)
                && is_plural(t.low(i + 2));
            let plural = is_plural(next) || demonym;
            let counted = plural || next == "people" || next == "percent" || next == "per";
            (!counted).then_some(y)
        }
        Some(TokenKind::Number) => None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::number::find_numbers;

    fn found(text: &str) -> Vec<(String, Temporal)> {
        let t = Tokens::new(text);
        let n = find_numbers(&t);
        find_temporals(&t, &n)
            .into_iter()
            .map(|m| (m.span.slice(text).to_string(), m.value))
            .collect()
    }

    #[test]
    fn dates_in_news_forms() {
        let f = found("on Oct. 7, 2023 and January 19 and 7 October 2023");
        let texts: Vec<_> = f.iter().map(|(s, _)| s.as_str()).collect();
        assert_eq!(texts, ["Oct. 7, 2023", "January 19", "7 October 2023"]);
        assert_eq!(f[0].1.year, Some(2023));
        assert_eq!(f[0].1.month, Some(10));
        assert_eq!(f[0].1.day, Some(7));
    }

    #[test]
    fn years_weekdays_and_relative_times() {
        let f = found(
            "since 2006, late Thursday, last month, Hamas’ 2023 attack, 2000 prisoners, 0:00",
        );
        let texts: Vec<_> = f.iter().map(|(s, _)| s.as_str()).collect();
        assert_eq!(
            texts,
            ["2006", "late Thursday", "last month", "2023", "0:00"]
        );
    }

    #[test]
    fn may_the_verb_is_not_a_month() {
        assert!(found("fighting may resume").is_empty());
        assert_eq!(found("in May").len(), 1);
    }
}
