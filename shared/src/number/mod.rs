//! Recognizing numbers, however news writes them.
//!
//! [`find_numbers`] walks the tokens once and returns every number it can read: digits with
//! separators and scales ("1,200", "48 000", "1.2 million", "3bn"), spelled-out cardinals
//! ("one hundred and twenty", "twenty-five", "a dozen"), fractions ("half", "two-thirds",
//! "one and a half"), multiples ("twice", "doubling"), ordinals ("first", "21st") and vague
//! amounts ("dozens", "hundreds of thousands").
//!
//! This layer knows nothing of what is counted: deciding that "2023" is a year or "Channel 12"
//! a name is the job of [`crate::extract`].

pub mod words;
pub mod write;

use crate::span::Span;
use crate::token::{is_hyphen, TokenKind, Tokens};
use serde::{Deserialize, Serialize};

/// What kind of number a match is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum NumberForm {
    /// A count or amount: "33", "thirty-three", "1.2 million".
    Cardinal,
    /// A fraction: "half", "two-thirds", "3/4".
    Fraction,
    /// A multiple: "twice", "doubling", "three times".
    Multiplier,
    /// A position: "first", "21st".
    Ordinal,
    /// A vague amount with a plausible range: "dozens", "hundreds of thousands".
    Vague,
}

/// One number found in a text.
#[derive(Debug, Clone, PartialEq)]
pub struct NumberMatch {
    /// First and last token (inclusive) of the number.
    pub first: usize,
    pub last: usize,
    pub span: Span,
    pub value: f64,
    /// For [`NumberForm::Vague`], the top of the plausible range (`value` is the bottom).
    pub high: Option<f64>,
    pub form: NumberForm,
    /// Written in words rather than digits.
    pub spelled: bool,
    /// Digits glued to a following word that is not a scale ("180ml", "29km", "9am").
    pub glued_suffix: bool,
    /// The place value of the last significant digit as written (1 for "33", 100 for "1,200",
    /// 0.1 for "4.5"); the basis of treating round figures as rounded.
    pub granularity: f64,
    /// The scale word the number ends with, if any: 1e6 for "1.2 million" and "3m", 1 for
    /// none. Ranges pass it to a bare first end ("$10 to $15 billion").
    pub scale: f64,
}

/// How much of a number to read at a position. The number after a sign ("negative one over
/// 20") is read [`Reading::Unsigned`]: no second sign. A number read inside another (the
/// "three" of "one over three") is read [`Reading::Plain`]: it does not itself extend into a
/// ratio, a proportion or a sign, nor look for a fraction after its "and". Reading therefore
/// never recurses more than two levels, and a chain such as "1 over 2 over 3 …" or "minus
/// minus …" costs the same at every position.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Reading {
    Full,
    Unsigned,
    Plain,
}

/// Finds every number in the tokens, left to right, without overlaps.
pub fn find_numbers(t: &Tokens) -> Vec<NumberMatch> {
    let mut out: Vec<NumberMatch> = Vec::new();
    let mut i = 0;
    while i < t.len() {
        t.step(1);
        match read_at(t, i, Reading::Full) {
            // Overflowing notations ("1e999") are not numbers a reader could check.
            Some(m) if !m.value.is_finite() || m.high.is_some_and(|h| !h.is_finite()) => {
                i = m.last + 1;
            }
            Some(m) => {
                i = m.last + 1;
                out.push(m);
            }
            None => i += 1,
        }
    }
    merge_restatements(t, &mut out);
    out
}

/// Reads the number starting at token `i`, if one does.
fn read_at(t: &Tokens, i: usize, reading: Reading) -> Option<NumberMatch> {
    let kind = t.kind(i)?;
    let mut m = match kind {
        TokenKind::Number => read_digits(t, i, reading),
        TokenKind::Word => read_words(t, i, reading),
        TokenKind::Punct if reading == Reading::Full => read_signed(t, i),
        TokenKind::Punct => None,
    }?;
    m.span = t.span(m.first, m.last);
    Some(m)
}

fn new_match(first: usize, last: usize, value: f64, form: NumberForm) -> NumberMatch {
    NumberMatch {
        first,
        last,
        span: Span::default(),
        value,
        high: None,
        form,
        spelled: false,
        glued_suffix: false,
        granularity: 1.0,
        scale: 1.0,
    }
}

/// "-1", "−5", "fell to -5 degrees": a minus sign glued to a number, after a space or at the
/// start, where it cannot be a range dash ("700-800") or a compound ("F-16").
fn read_signed(t: &Tokens, i: usize) -> Option<NumberMatch> {
    let sign = t.raw(i);
    if !(sign == "-" || sign == "\u{2212}") {
        return None;
    }
    let after_space = i == 0 || t.tokens[i].space_before;
    let glued = t.kind(i + 1) == Some(TokenKind::Number) && !t.tokens[i + 1].space_before;
    let after_number = i > 0 && t.kind(i - 1) == Some(TokenKind::Number);
    if !after_space || !glued || after_number {
        return None;
    }
    let mut m = read_digits(t, i + 1, Reading::Unsigned)?;
    if m.form != NumberForm::Cardinal && m.form != NumberForm::Fraction {
        return None;
    }
    m.first = i;
    m.value = -m.value;
    Some(m)
}

/// Parses the digits of a number token: "1,200" → 1200, "48 000" → 48000, ".25" → 0.25.
pub fn parse_digits(s: &str) -> Option<(f64, f64)> {
    // Plain digits, the most common case, need no copy: exact as an integer up to 15 digits.
    if s.len() <= 15 && !s.is_empty() && s.bytes().all(|b| b.is_ascii_digit()) {
        let v = s.bytes().fold(0u64, |v, b| v * 10 + u64::from(b - b'0'));
        let zeros = s.bytes().rev().take_while(|&b| b == b'0').count();
        let granularity = if zeros == s.len() {
            1.0
        } else {
            10f64.powi(zeros as i32)
        };
        return Some((v as f64, granularity));
    }
    let mut clean = String::with_capacity(s.len());
    for c in s.chars() {
        if c.is_ascii_digit() || c == '.' {
            clean.push(c);
        }
    }
    let value: f64 = clean.parse().ok()?;
    // Granularity: the place of the last non-zero digit written (trailing zeros are rounding).
    let granularity = match clean.split_once('.') {
        Some((_, frac)) => 10f64.powi(-(frac.len() as i32)),
        None => {
            let zeros = clean.bytes().rev().take_while(|&b| b == b'0').count();
            if zeros == clean.len() {
                1.0
            } else {
                10f64.powi(zeros as i32)
            }
        }
    };
    Some((value, granularity))
}

fn read_digits(t: &Tokens, i: usize, reading: Reading) -> Option<NumberMatch> {
    t.step(t.raw(i).len());
    let (mut value, mut granularity) = parse_digits(t.raw(i))?;
    let mut m = new_match(i, i, value, NumberForm::Cardinal);
    let next_glued = |j: usize| j < t.len() && !t.tokens[j].space_before;

    // Scientific notation: "1e10", "12.32e+14", "-12e-1".
    if next_glued(i + 1) && t.low(i + 1) == "e" {
        let (sign, at) = if t.is_punct(i + 2, '+') && next_glued(i + 2) {
            (1.0, i + 3)
        } else if t.is_punct(i + 2, '-') && next_glued(i + 2) {
            (-1.0, i + 3)
        } else {
            (1.0, i + 2)
        };
        let short = |j: usize| t.raw(j).len() <= 3 && t.raw(j).bytes().all(|b| b.is_ascii_digit());
        if next_glued(at) && t.kind(at) == Some(TokenKind::Number) && short(at) {
            if let Some((exp, _)) = parse_digits(t.raw(at)) {
                m.value = value * 10f64.powf(sign * exp);
                m.last = at;
                return Some(m);
            }
        }
    }

    // A fraction in digits: "3/4", and a mixed number "2 1/4".
    if let Some((v, last)) = digit_fraction(t, i) {
        m.value = v;
        m.last = last;
        m.form = NumberForm::Fraction;
        m.granularity = 0.01;
        return Some(m);
    }
    if t.kind(i + 1) == Some(TokenKind::Number) && t.tokens[i + 1].space_before {
        if let Some((v, last)) = digit_fraction(t, i + 1) {
            if v < 1.0 {
                m.value = value + v;
                m.last = last;
                return Some(m);
            }
        }
    }

    let mut last = i;
    // Glued suffixes: ordinals ("21st"), scales ("3bn", "10k", "2mil"), or a unit ("180ml").
    if next_glued(i + 1) && t.is_word(i + 1) {
        let (raw, low) = (t.raw(i + 1), t.low(i + 1));
        if words::is_ordinal_suffix(low) {
            m.last = i + 1;
            m.form = NumberForm::Ordinal;
            return Some(m);
        }
        // A lower-case "m" is a metre, except in money and before a plural noun, where news
        // means million: "$5.4m", "1.2m tons".
        let million = low == "m"
            && raw == "m"
            && ((i > 0 && matches!(t.raw(i - 1), "$" | "€" | "£"))
                || (t.is_word(i + 2) && crate::lexicon::lemma(t.low(i + 2)) != t.low(i + 2)));
        let scale = if million {
            Some(1e6)
        } else {
            words::scale_abbrev(raw, low)
        };
        if let Some(s) = scale.or_else(|| words::scale(low)) {
            value *= s;
            granularity *= s;
            m.scale = s;
            last = i + 1;
        } else {
            m.glued_suffix = true;
        }
    } else if last + 1 < t.len() && t.is_word(last + 1) {
        // Spaced scales: "1.2 million", "322 hundred", "2 dozen", "2.33 k", "1,674.5 G".
        let (raw, low) = (t.raw(last + 1), t.low(last + 1));
        let s = match low {
            "hundred" => Some(100.0),
            "dozen" | "dozens" | "dzs" | "doz" | "dozs" => Some(12.0),
            _ => words::scale(low).or_else(|| words::scale_abbrev(raw, low)),
        };
        // "thousands" after digits is a plural scale only after a number: "3 thousands" is rare
        // but "2 millions" occurs; "1 m" is a metre, which scale_abbrev already refuses.
        if let Some(s) = s {
            value *= s;
            granularity *= s;
            m.scale = s;
            last += 1;
            // "1.2 million" may chain another scale: "three thousand millions".
            if let Some(s2) = t
                .tokens
                .get(last + 1)
                .and_then(|_| words::scale(t.low(last + 1)))
            {
                if s2 > s {
                    value *= s2;
                    granularity *= s2;
                    m.scale = s * s2;
                    last += 1;
                }
            }
        }
    }
    m.value = value;
    m.last = last;
    m.granularity = granularity;

    // "1 point 1": a decimal part in words.
    if t.low_at(last as isize + 1) == "point" && last == i {
        if let Some((frac, e)) = decimal_part(t, last + 2) {
            m.value += frac;
            m.last = e - 1;
            return Some(m);
        }
    }
    // "2000 over 3", "1 over three": a ratio, only when nothing follows that would make
    // "over" a hedge ("$2000 over 3 years").
    if reading != Reading::Plain && t.low_at(last as isize + 1) == "over" {
        if let Some(d) =
            read_at(t, last + 2, Reading::Plain).filter(|d| d.form == NumberForm::Cardinal)
        {
            if !t.is_word(d.last + 1) && d.value != 0.0 {
                m.value /= d.value;
                m.last = d.last;
                m.form = NumberForm::Fraction;
            }
        }
    }
    Some(m)
}

/// "3/4" at token `i`: digits, a slash and digits, glued, and not a date like "1/19/2025".
fn digit_fraction(t: &Tokens, i: usize) -> Option<(f64, usize)> {
    let glued = |j: usize| j < t.len() && !t.tokens[j].space_before;
    if !(t.is_punct(i + 1, '/') && glued(i + 1) && glued(i + 2)) {
        return None;
    }
    if t.kind(i + 2) != Some(TokenKind::Number) || (t.is_punct(i + 3, '/') && glued(i + 3)) {
        return None;
    }
    let (n, _) = parse_digits(t.raw(i))?;
    let (d, _) = parse_digits(t.raw(i + 2))?;
    if d == 0.0 || n.fract() != 0.0 || d.fract() != 0.0 || d > 1000.0 {
        return None;
    }
    Some((n / d, i + 2))
}

/// The state of a spelled-out cardinal being read.
#[derive(Debug, Clone, Copy, PartialEq)]
enum Last {
    Nothing,
    /// "a" or "an" before a scale word.
    Article,
    /// One to nine.
    Unit,
    /// Ten to nineteen, or zero.
    Teen,
    Tens,
    Hundred,
    Scale(f64),
}

/// A spelled-out cardinal being accumulated: `total` holds completed scale groups, `group`
/// the part under a thousand.
#[derive(Debug, Clone, Copy)]
struct Cardinal {
    total: f64,
    group: f64,
    /// The value added by the last run of units and tens ("two" in "three hundred and two").
    tail: f64,
    last: Last,
    top_scale: f64,
}

impl Cardinal {
    fn value(&self) -> f64 {
        self.total + self.group
    }
}

fn read_words(t: &Tokens, i: usize, reading: Reading) -> Option<NumberMatch> {
    let w = t.low(i);
    // "minus five", "negative 1,200,000".
    if matches!(w, "minus" | "negative") && i + 1 < t.len() {
        if reading != Reading::Full {
            return None;
        }
        let mut m = read_at(t, i + 1, Reading::Unsigned)?;
        if !matches!(m.form, NumberForm::Cardinal | NumberForm::Fraction) || m.value < 0.0 {
            return None;
        }
        m.first = i;
        m.value = -m.value;
        return Some(m);
    }
    // Vague amounts first: "dozens of", "hundreds of thousands", "tens of thousands".
    if let Some(m) = vague_at(t, i) {
        return Some(m);
    }
    if let Some(v) = words::multiplier(w) {
        let mut m = new_match(i, i, v, NumberForm::Multiplier);
        m.spelled = true;
        return Some(m);
    }
    // A lone fraction word: "half", "half a dozen", "a third", "two-thirds" (handled below).
    if w == "half" {
        let mut m = new_match(i, i, 0.5, NumberForm::Fraction);
        m.spelled = true;
        m.granularity = 0.01;
        // "half a dozen", "half a million".
        if matches!(t.low_at(i as isize + 1), "a" | "an") {
            if let Some(s) = scale_word(t.low_at(i as isize + 2)) {
                m.value = 0.5 * s;
                m.form = NumberForm::Cardinal;
                m.last = i + 2;
                m.granularity = m.value;
            }
        }
        return Some(m);
    }
    let Some((card, mut end)) = read_cardinal(t, i, reading) else {
        return read_ordinal_word(t, i);
    };
    let started_with_article = matches!(w, "a" | "an");
    let mut m = new_match(i, end - 1, card.value(), NumberForm::Cardinal);
    m.spelled = true;
    m.scale = match card.last {
        Last::Scale(s) => s,
        Last::Hundred => 100.0,
        _ => 1.0,
    };
    m.granularity = if card.value() == 0.0 {
        1.0
    } else {
        granularity_of(card.value())
    };

    // A fraction: numerator then an ordinal denominator ("two thirds", "a fifth", "one-eighth").
    let numerator_is_one = card.value() == 1.0;
    if let Some((d, plural, dend)) = denominator_at(t, end, numerator_is_one) {
        if plural || numerator_is_one {
            m.value = card.value() / d;
            m.last = dend - 1;
            m.form = NumberForm::Fraction;
            m.granularity = m.value.abs().min(1.0) / 100.0;
            end = dend;
        }
    } else if started_with_article && card.last == Last::Article {
        return None;
    }
    // "one and a half", "twenty and three fifths": a fraction after "and". A "fraction" of
    // one or more is no mixed number: "one hundred and thirty fifths" is 130/5.
    if m.form == NumberForm::Cardinal && t.low_at(end as isize) == "and" {
        if let Some((num, den, fend)) = fraction_after_and(t, end + 1) {
            if num < den {
                m.value += num / den;
            } else {
                m.value = (m.value + num) / den;
                m.form = NumberForm::Fraction;
            }
            m.last = fend - 1;
            end = fend;
            // "two and a half million".
            if let Some(s) = words::scale(t.low_at(end as isize)) {
                if card.top_scale < s {
                    m.value *= s;
                    m.last = end;
                }
            }
        }
    }
    // "nine in ten", "one in five": a proportion.
    if reading == Reading::Plain {
        return Some(m);
    }
    if m.form == NumberForm::Cardinal && t.low_at(m.last as isize + 1) == "in" {
        if let Some(d) =
            read_at(t, m.last + 2, Reading::Plain).filter(|d| d.form == NumberForm::Cardinal)
        {
            if d.value > m.value && d.value <= 1000.0 && d.spelled == m.spelled {
                m.value /= d.value;
                m.last = d.last;
                m.form = NumberForm::Fraction;
                m.granularity = 0.001;
            }
        }
    }
    // "one over three", "one out of three".
    if m.form == NumberForm::Cardinal {
        let (w1, w2) = (t.low_at(m.last as isize + 1), t.low_at(m.last as isize + 2));
        let den_at = match (w1, w2) {
            ("over", _) => Some(m.last + 2),
            ("out", "of") => Some(m.last + 3),
            _ => None,
        };
        if let Some(j) = den_at {
            if let Some(d) =
                read_at(t, j, Reading::Plain).filter(|d| d.form == NumberForm::Cardinal)
            {
                let after_is_word = t.is_word(d.last + 1);
                if d.value != 0.0 && (w1 == "out" || !after_is_word) {
                    m.value /= d.value;
                    m.last = d.last;
                    m.form = NumberForm::Fraction;
                }
            }
        }
    }
    Some(m)
}

/// An ordinal in words: "first", "second", "twenty-first". "At first" and "first," (an
/// adverb) are not ordinals, nor is "second" after a number ("30 second").
fn read_ordinal_word(t: &Tokens, i: usize) -> Option<NumberMatch> {
    let (base, j) = match words::tens(t.low(i)) {
        Some(n) if t.is_tight_hyphen(i + 1) => (n as f64, i + 2),
        _ => (0.0, i),
    };
    let (v, plural) = words::ordinal(t.low_at(j as isize))?;
    if plural || (base > 0.0 && v >= 10.0) {
        return None;
    }
    if t.low_at(i as isize - 1) == "at" || !t.is_word(j + 1) {
        return None;
    }
    if i > 0 && t.kind(i - 1) == Some(TokenKind::Number) {
        return None;
    }
    let mut m = new_match(i, j, base + v, NumberForm::Ordinal);
    m.spelled = true;
    Some(m)
}

/// The place value of the last non-zero digit of a whole number (1 for 33, 100 for 1,200).
pub fn granularity_of(v: f64) -> f64 {
    if v.fract() != 0.0 || v == 0.0 {
        return 1.0;
    }
    let mut g = 1.0;
    while g < 1e15 && (v / (g * 10.0)).fract() == 0.0 {
        g *= 10.0;
    }
    g
}

fn scale_word(w: &str) -> Option<f64> {
    match w {
        "dozen" => Some(12.0),
        "hundred" => Some(100.0),
        _ => words::scale(w).filter(|_| !w.ends_with('s')),
    }
}

fn vague_at(t: &Tokens, i: usize) -> Option<NumberMatch> {
    let w = t.low(i);
    // "tens of thousands", "hundreds of thousands", "dozens of millions".
    let head = match w {
        "tens" => Some(10.0),
        "dozens" => Some(12.0),
        "hundreds" => Some(100.0),
        _ => None,
    };
    if let Some(h) = head {
        if t.low_at(i as isize + 1) == "of" {
            let s = match t.low_at(i as isize + 2) {
                "thousands" => 1e3,
                "millions" => 1e6,
                "billions" => 1e9,
                _ => 0.0,
            };
            if s > 0.0 {
                let mut m = new_match(i, i + 2, 2.0 * h * s, NumberForm::Vague);
                m.high = Some(10.0 * h * s - 1.0);
                m.spelled = true;
                m.granularity = h * s;
                return Some(m);
            }
        }
    }
    let (lo, hi) = words::vague(w)?;
    // A plural scale right after a number is not vague: "three billions".
    let mut m = new_match(i, i, lo, NumberForm::Vague);
    m.high = Some(hi);
    m.spelled = true;
    m.granularity = lo;
    Some(m)
}

/// Reads a spelled-out cardinal from token `i`; returns it and the index after it. Read
/// [`Reading::Plain`], it looks for a fraction after "and" without reading a cardinal there.
fn read_cardinal(t: &Tokens, i: usize, reading: Reading) -> Option<(Cardinal, usize)> {
    let mut c = Cardinal {
        total: 0.0,
        group: 0.0,
        tail: 0.0,
        last: Last::Nothing,
        top_scale: 0.0,
    };
    let mut j = i;
    let mut end = i; // index after the last token taken
    while j < t.len() {
        t.step(1);
        if !t.is_word(j) {
            // A hyphen between tens and a unit: "twenty-five", "fifty - two".
            if c.last == Last::Tens && is_hyphen(t.raw(j)) {
                if let Some(u) =
                    words::small(t.low_at(j as isize + 1)).filter(|u| (1..10).contains(u))
                {
                    c.group += u as f64;
                    c.tail += u as f64;
                    c.last = Last::Unit;
                    j += 2;
                    end = j;
                    continue;
                }
            }
            // "point 77" after a number word: a decimal in digits.
            break;
        }
        let w = t.low(j);
        if let Some(n) = words::small(w) {
            let ok = match c.last {
                Last::Nothing | Last::Hundred | Last::Scale(_) => true,
                Last::Tens => (1..10).contains(&n),
                _ => false,
            };
            if !ok {
                break;
            }
            c.group += n as f64;
            c.tail = if c.last == Last::Tens {
                c.tail + n as f64
            } else {
                n as f64
            };
            c.last = if (1..10).contains(&n) {
                Last::Unit
            } else {
                Last::Teen
            };
        } else if let Some(n) = words::tens(w) {
            if !matches!(c.last, Last::Nothing | Last::Hundred | Last::Scale(_)) {
                break;
            }
            c.group += n as f64;
            c.tail = n as f64;
            c.last = Last::Tens;
        } else if w == "hundred" {
            let ok = match c.last {
                Last::Article | Last::Unit | Last::Teen | Last::Tens => c.group < 100.0,
                _ => false,
            };
            if !ok {
                break;
            }
            c.group = c.group.max(1.0) * 100.0;
            c.tail = 0.0;
            c.last = Last::Hundred;
        } else if let Some(s) = words::scale(w) {
            if c.last == Last::Nothing {
                break;
            }
            // A plural scale after a number is exact ("three billions"); alone it is vague.
            if c.group == 0.0 && c.total > 0.0 && s > c.top_scale {
                // "three thousand millions".
                c.total *= s;
            } else if c.group > 0.0 || c.last == Last::Article {
                if c.top_scale != 0.0 && s >= c.top_scale {
                    break;
                }
                c.total += c.group.max(1.0) * s;
                c.group = 0.0;
            } else {
                break;
            }
            c.top_scale = c.top_scale.max(s);
            c.tail = 0.0;
            c.last = Last::Scale(s);
        } else if matches!(w, "dozen" | "dozens" | "dozs" | "doz" | "dzs") {
            if c.last == Last::Nothing {
                break;
            }
            // "three hundred and two dozens" is 300 + 2 × 12; "two hundred dozens" is 200 × 12.
            if c.last == Last::Hundred || c.last == Last::Article {
                c.group = c.group.max(1.0) * 12.0;
            } else {
                c.group += c.tail * 11.0;
            }
            c.tail = 0.0;
            c.last = Last::Hundred;
        } else if matches!(w, "a" | "an") && c.last == Last::Nothing {
            let next = t.low_at(j as isize + 1);
            if !(next == "hundred" || next == "dozen" || words::scale(next).is_some()) {
                // "a third", "a half", "a twenty-first": the article stands for one, and a
                // fraction must follow.
                if denominator_at(t, j + 1, true).is_some() {
                    c.group = 1.0;
                    c.last = Last::Article;
                    end = j + 1;
                }
                break;
            }
            c.last = Last::Article;
        } else if w == "and" {
            // Only continue if what follows can continue the number.
            let next = t.low_at(j as isize + 1);
            let continues = match c.last {
                Last::Hundred | Last::Scale(_) => {
                    words::small(next).is_some_and(|n| n > 0) || words::tens(next).is_some()
                }
                Last::Tens => words::small(next).is_some_and(|n| (1..10).contains(&n)),
                _ => false,
            };
            // A fraction after "and" is read by the caller ("one hundred and three quarters").
            let fraction = match reading {
                Reading::Plain => simple_fraction_at(t, j + 1),
                _ => fraction_after_and(t, j + 1).is_some(),
            };
            if !continues || fraction {
                break;
            }
        } else if w == "point" && c.last != Last::Nothing && c.last != Last::Article {
            match decimal_part(t, j + 1) {
                Some((frac, e)) => {
                    c.group += frac;
                    end = e;
                    c.last = Last::Teen;
                    // "two point two million".
                    if let Some(s) = words::scale(t.low_at(e as isize)).filter(|_| c.total == 0.0) {
                        c.group *= s;
                        c.top_scale = s;
                        end = e + 1;
                    }
                    break;
                }
                None => break,
            }
        } else {
            break;
        }
        j += 1;
        if c.last != Last::Article {
            end = j;
        }
    }
    if c.last == Last::Nothing || end == i {
        // "point 77" on its own. `i` may be past the last token: "one and" ends the text.
        if t.low_at(i as isize) == "point" {
            let (frac, e) = decimal_part(t, i + 1)?;
            let c = Cardinal {
                total: 0.0,
                group: frac,
                tail: 0.0,
                last: Last::Teen,
                top_scale: 0.0,
            };
            return Some((c, e));
        }
        return None;
    }
    Some((c, end))
}

/// The digits after "point": "zero three" → 0.03, "seventy-one" → 0.71, "77" → 0.77.
fn decimal_part(t: &Tokens, i: usize) -> Option<(f64, usize)> {
    if t.kind(i) == Some(TokenKind::Number) && t.raw(i).bytes().all(|b| b.is_ascii_digit()) {
        let s = format!("0.{}", t.raw(i));
        return Some((s.parse().ok()?, i + 1));
    }
    let mut digits = String::new();
    let mut j = i;
    while j < t.len() && t.is_word(j) {
        t.step(1);
        let w = t.low(j);
        if let Some(n) = words::small(w).filter(|n| *n < 10) {
            digits.push(char::from(b'0' + n as u8));
            j += 1;
        } else if let Some(n) = words::tens(w) {
            let mut v = n;
            j += 1;
            if j + 1 < t.len() && is_hyphen(t.raw(j)) {
                if let Some(u) = words::small(t.low(j + 1)).filter(|u| (1..10).contains(u)) {
                    v += u;
                    j += 2;
                }
            }
            digits.push_str(&v.to_string());
        } else if let Some(n) = words::small(w) {
            digits.push_str(&n.to_string());
            j += 1;
        } else {
            break;
        }
    }
    if digits.is_empty() {
        return None;
    }
    Some((format!("0.{digits}").parse().ok()?, j))
}

/// An ordinal denominator at `i` ("fifths", "twenty-firsts", "hundredth", "quarter"):
/// (denominator, plural, index after). "first" and "second" alone are never denominators.
fn denominator_at(t: &Tokens, i: usize, after_one: bool) -> Option<(f64, bool, usize)> {
    let mut j = i;
    if j < t.len() && is_hyphen(t.raw(j)) {
        j += 1; // "one-eighth", "two-thirds"
    }
    let w = t.low_at(j as isize);
    if let Some((d, plural)) = words::denominator_noun(w) {
        return Some((d, plural, j + 1));
    }
    // Compound ordinals: "twenty-first(s)", "twenty fifths", "one hundred fifth".
    let mut base = 0.0;
    let mut k = j;
    if let Some(n) = words::tens(w) {
        base = n as f64;
        k += 1;
        if k < t.len() && is_hyphen(t.raw(k)) {
            k += 1;
        }
    } else if let Some(n) = words::small(w) {
        if t.low_at(k as isize + 1) == "hundred" {
            base = n as f64 * 100.0;
            k += 2;
            if t.low_at(k as isize) == "and" {
                k += 1;
            }
        }
    }
    let (o, plural) = words::ordinal(t.low_at(k as isize))?;
    if base == 0.0 && (o == 1.0 || o == 2.0) {
        return None;
    }
    if base > 0.0 && o >= 10.0 {
        return None;
    }
    if !plural && !after_one && base == 0.0 {
        return None;
    }
    Some((base + o, plural, k + 1))
}

/// A fraction of one or two words at `i` ("a half", "three fifths", "twenty-one hundredths"),
/// looked for without reading a whole cardinal: what a number read inside another asks after
/// its "and", so that the look never recurses.
fn simple_fraction_at(t: &Tokens, i: usize) -> bool {
    let w = t.low_at(i as isize);
    if matches!(w, "a" | "an" | "one") {
        return denominator_at(t, i + 1, true).is_some();
    }
    let (value, next) = match (words::small(w), words::tens(w)) {
        (Some(n), _) => (n, i + 1),
        (None, Some(n)) if t.is_tight_hyphen(i + 1) => (
            n + words::small(t.low_at(i as isize + 2)).unwrap_or(0),
            i + 3,
        ),
        (None, Some(n)) => (n, i + 1),
        _ => return false,
    };
    denominator_at(t, next, value == 1).is_some_and(|(_, plural, _)| plural || value == 1)
}

/// After "and": "a half", "a quarter", "three fifths", "two thirds": (numerator,
/// denominator, index after).
fn fraction_after_and(t: &Tokens, i: usize) -> Option<(f64, f64, usize)> {
    let w = t.low_at(i as isize);
    if matches!(w, "a" | "an" | "one") {
        let (d, _, e) = denominator_at(t, i + 1, true)?;
        return Some((1.0, d, e));
    }
    let (card, end) = read_cardinal(t, i, Reading::Plain)?;
    let (d, plural, e) = denominator_at(t, end, card.value() == 1.0)?;
    if !plural && card.value() != 1.0 {
        return None;
    }
    Some((card.value(), d, e))
}

/// "forty-five (45)" and "45 (forty five)" are one number, not two. One pass: each match is
/// kept, or merged into the one before it.
fn merge_restatements(t: &Tokens, out: &mut Vec<NumberMatch>) {
    t.step(out.len());
    let mut merged: Vec<NumberMatch> = Vec::with_capacity(out.len());
    let mut just_merged = false;
    for b in out.drain(..) {
        let paren = !just_merged
            && merged.last().is_some_and(|a| {
                b.first == a.last + 2
                    && t.is_punct(a.last + 1, '(')
                    && t.is_punct(b.last + 1, ')')
                    && a.value == b.value
                    && a.spelled != b.spelled
            });
        match merged.last_mut() {
            Some(a) if paren => {
                a.last = b.last + 1;
                a.span = t.span(a.first, a.last);
                just_merged = true;
            }
            _ => {
                merged.push(b);
                just_merged = false;
            }
        }
    }
    *out = merged;
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn and_ending_the_text_after_a_number_is_not_a_fraction() {
        // Found by the `extract` fuzz target: "one and" read a cardinal past the last token.
        assert_eq!(values("one and"), [("one".to_string(), 1.0)]);
    }

    fn values(text: &str) -> Vec<(String, f64)> {
        let t = Tokens::new(text);
        find_numbers(&t)
            .into_iter()
            .map(|m| (m.span.slice(text).to_string(), m.value))
            .collect()
    }

    fn one(text: &str) -> f64 {
        let v = values(text);
        assert_eq!(v.len(), 1, "{text:?} gave {v:?}");
        assert_eq!(v[0].0, text.trim(), "{text:?} matched only part");
        v[0].1
    }

    #[test]
    fn digits_with_separators_and_scales() {
        assert_eq!(one("1,200"), 1200.0);
        assert_eq!(one("48 000"), 48000.0);
        assert_eq!(one("1.2 million"), 1_200_000.0);
        assert_eq!(one("3bn"), 3e9);
        assert_eq!(one("10k"), 1e4);
        assert_eq!(one("4.800"), 4.8);
    }

    #[test]
    fn spelled_cardinals() {
        assert_eq!(one("four"), 4.0);
        assert_eq!(one("twenty-five"), 25.0);
        assert_eq!(one("one hundred and twenty"), 120.0);
        assert_eq!(one("a dozen"), 12.0);
        assert_eq!(one("two hundred and two thousand"), 202_000.0);
        assert_eq!(
            one("twenty-one trillion and three hundred"),
            21_000_000_000_300.0
        );
        assert_eq!(one("three hundred and two dozens"), 324.0);
        assert_eq!(one("two hundred point zero three"), 200.03);
    }

    #[test]
    fn fractions_and_multiples() {
        assert_eq!(one("half"), 0.5);
        assert_eq!(one("a third"), 1.0 / 3.0);
        assert_eq!(one("two-thirds"), 2.0 / 3.0);
        assert_eq!(one("one and a half"), 1.5);
        assert_eq!(one("half a dozen"), 6.0);
        assert_eq!(one("3/4"), 0.75);
        assert_eq!(one("twice"), 2.0);
        assert_eq!(one("twenty and three fifths"), 20.6);
    }

    #[test]
    fn separate_numbers_stay_separate() {
        assert_eq!(values("between three and four").len(), 2);
        assert_eq!(values("three-nought-four").len(), 3);
        assert_eq!(values("1, 234, 567").len(), 3);
    }

    #[test]
    fn granularity_reflects_round_figures() {
        assert_eq!(parse_digits("1,200").unwrap().1, 100.0);
        assert_eq!(parse_digits("33").unwrap().1, 1.0);
        assert_eq!(parse_digits("4.5").unwrap().1, 0.1);
        assert_eq!(granularity_of(48_000.0), 1000.0);
    }
}
