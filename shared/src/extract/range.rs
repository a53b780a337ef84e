//! Ranges: "700 to 800", "between 700 and 800", "700-800", "two or three".

use crate::number::{NumberForm, NumberMatch};
use crate::token::{is_hyphen, Tokens};
use crate::unit::unit_after;

/// The upper end of a range joined to a first number.
#[derive(Debug, Clone, PartialEq)]
pub struct Second {
    pub low: f64,
    pub low_granularity: f64,
    pub high: f64,
    pub granularity: f64,
    /// The last token of the second number.
    pub last: usize,
}

/// Verbs of change: "rose from 5 to 10" is a change, not a range.
fn is_change_verb(w: &str) -> bool {
    matches!(
        w,
        "rose"
            | "risen"
            | "rise"
            | "rising"
            | "fell"
            | "fallen"
            | "fall"
            | "falling"
            | "increased"
            | "increase"
            | "decreased"
            | "decrease"
            | "grew"
            | "grown"
            | "dropped"
            | "drop"
            | "climbed"
            | "jumped"
            | "raised"
            | "cut"
            | "reduced"
            | "lowered"
            | "soared"
            | "plunged"
            | "declined"
            | "up"
            | "down"
    )
}

/// Joins `first` and `next` into a range if the text between them says so.
pub fn join(t: &Tokens, first: &NumberMatch, next: Option<&NumberMatch>) -> Option<Second> {
    let next = next?;
    let plain = |m: &NumberMatch| m.form == NumberForm::Cardinal && m.value >= 0.0;
    if !plain(first) || !plain(next) || first.spelled != next.spelled {
        return None;
    }
    // The first number may carry its unit: "from 252 miles to 287 miles"; then the second
    // must carry the same one ("from 44 ml to 50 mg" is no range).
    let mut j = first.last + 1;
    if let Some((u, ul)) = unit_after(t, first.last) {
        if ul + 2 == next.first || ul + 3 == next.first {
            let same = unit_after(t, next.last).is_some_and(|(v, _)| v.name == u.name);
            if !same {
                return None;
            }
            j = ul + 1;
        }
    }
    // "$10 to $15 billion": a currency sign before the second number.
    let mut end = next.first;
    if end > j && matches!(t.raw(end - 1), "$" | "€" | "£") {
        end -= 1;
    }
    let gap = end.checked_sub(j)?;
    let before = t.low_at(first.first as isize - 1);
    let ok = match gap {
        1 => {
            let w = t.low(j);
            (is_hyphen(t.raw(j)) && (t.raw(j) != "-" || !t.tokens[j].space_before))
                || (w == "to" && !is_change_verb(before))
                || (w == "and" && before == "between")
                || (w == "or" && first.spelled)
        }
        _ => false,
    };
    if !ok || next.value <= first.value {
        return None;
    }
    // "from 5 to 10" after a verb of change is a change.
    if before == "from" && is_change_verb(t.low_at(first.first as isize - 2)) {
        return None;
    }
    // "1-2 million", "four to five thousand", "$10 to $15 billion": the scale of the second
    // end applies to a bare first end that would otherwise be far below it.
    let scaled = first.scale == 1.0 && next.scale > 1.0 && first.value * next.scale <= next.value;
    let f = if scaled { next.scale } else { 1.0 };
    Some(Second {
        low: first.value * f,
        low_granularity: first.granularity * f,
        high: next.value,
        granularity: next.granularity,
        last: next.last,
    })
}
