//! Writing a value the way a text writes one of its figures: in words or digits, with or
//! without thousands separators, with its currency sign, scale word and unit suffix ("$5
//! million", "42-day", "90%"). The source's figure offered as a fix reads like the draft's own.

use super::words;

/// How a figure is written: everything but its value.
#[derive(Debug, Clone, PartialEq)]
pub struct Style {
    /// In words ("thirty-three"), not digits.
    spelled: bool,
    /// Its first letter is a capital ("Thirty-three hostages were freed").
    capital: bool,
    /// Digits grouped by thousands ("48,000"); for a figure too small to show, the newsroom
    /// habit of grouping.
    grouped: bool,
    /// What is written before the number: a currency sign ("$").
    prefix: String,
    /// What is written after it: a scale word or unit ("million", "-day", "%").
    suffix: String,
    /// The scale the suffix multiplies by ("5 million": a million), 1 without one.
    scale: f64,
}

/// The style of a figure as written: "33", "48,000", "thirty-three", "$5 million", "42-day",
/// "90%". `None` for what cannot be rewritten alone: ranges and fractions ("700 to 800",
/// "half").
pub fn style_of(figure: &str) -> Option<Style> {
    let start = figure.find(|c: char| c.is_alphanumeric())?;
    let (prefix, rest) = figure.split_at(start);
    if rest.starts_with(|c: char| c.is_ascii_digit()) {
        let end = rest
            .find(|c: char| !(c.is_ascii_digit() || c == ',' || c == '.'))
            .unwrap_or(rest.len());
        let number = &rest[..end];
        let number = number.trim_end_matches(['.', ',']);
        let suffix = &rest[number.len()..];
        let integer = number.split('.').next().unwrap_or(number);
        return Some(Style {
            spelled: false,
            capital: false,
            grouped: integer.contains(',') || integer.len() < 4,
            prefix: prefix.to_string(),
            scale: scale_of(suffix)?,
            suffix: suffix.to_string(),
        });
    }
    // Words: the number words first ("thirty-three", "two hundred"), then the rest ("-day").
    let mut end = 0;
    for (at, word) in word_parts(rest) {
        let w = word.to_ascii_lowercase();
        let number = words::small(&w).is_some()
            || words::tens(&w).is_some()
            || w == "hundred"
            || (end > 0 && w == "and");
        if !number {
            break;
        }
        end = at + word.len();
    }
    if end == 0 {
        return None;
    }
    let suffix = &rest[end..];
    Some(Style {
        spelled: true,
        capital: rest.starts_with(char::is_uppercase),
        grouped: true,
        prefix: prefix.to_string(),
        scale: scale_of(suffix)?,
        suffix: suffix.to_string(),
    })
}

/// The words of `s` with their byte offsets, split at spaces and hyphens.
fn word_parts(s: &str) -> impl Iterator<Item = (usize, &str)> {
    s.split(['-', ' '])
        .scan(0, |at, w| {
            let start = *at;
            *at += w.len() + 1;
            Some((start, w))
        })
        .filter(|(_, w)| !w.is_empty())
}

/// The scale a figure's suffix multiplies by: " million" 1e6, "bn" 1e9, "k" 1e3; 1 for a unit
/// or nothing. `None` for a suffix that is more number ("½").
fn scale_of(suffix: &str) -> Option<f64> {
    let first = suffix
        .trim_start_matches([' ', '-'])
        .split(|c: char| !c.is_alphanumeric())
        .next()
        .unwrap_or("");
    let low = first.to_ascii_lowercase();
    if first.starts_with(|c: char| c.is_ascii_digit()) {
        return None;
    }
    Some(
        words::scale(&low)
            .or_else(|| words::scale_abbrev(first, &low))
            .unwrap_or(1.0),
    )
}

/// `value` written in `style`: "thirty-three", "1,968", "$5.3 million". `None` when the style
/// cannot carry it (a value below zero, or not finite).
pub fn write(value: f64, style: &Style) -> Option<String> {
    if !value.is_finite() || value < 0.0 {
        return None;
    }
    let scaled = value / style.scale;
    let whole = (scaled - scaled.round()).abs() < 1e-9;
    let number = match spell_if(style, scaled, whole) {
        Some(w) => w,
        None if whole => group(scaled.round() as u64, style.grouped),
        None => {
            let s = format!("{scaled:.2}");
            let s = s.trim_end_matches('0').trim_end_matches('.');
            let (int, frac) = s.split_once('.').unwrap_or((s, ""));
            let int = group(int.parse().ok()?, style.grouped);
            if frac.is_empty() {
                int
            } else {
                format!("{int}.{frac}")
            }
        }
    };
    Some(format!("{}{number}{}", style.prefix, style.suffix))
}

/// The value in words, when the style spells and the value is a whole number words are used
/// for.
fn spell_if(style: &Style, value: f64, whole: bool) -> Option<String> {
    if !style.spelled || !whole {
        return None;
    }
    let words = spell(value.round() as u64)?;
    Some(if style.capital {
        let mut c = words.chars();
        c.next()
            .map(|f| f.to_uppercase().chain(c).collect())
            .unwrap_or_default()
    } else {
        words
    })
}

/// A whole number below a thousand in words: "thirty-three", "two hundred", "one hundred
/// five". Larger numbers are written in digits, as newsrooms do.
pub fn spell(n: u64) -> Option<String> {
    const SMALL: [&str; 20] = [
        "zero",
        "one",
        "two",
        "three",
        "four",
        "five",
        "six",
        "seven",
        "eight",
        "nine",
        "ten",
        "eleven",
        "twelve",
        "thirteen",
        "fourteen",
        "fifteen",
        "sixteen",
        "seventeen",
        "eighteen",
        "nineteen",
    ];
    const TENS: [&str; 10] = [
        "", "", "twenty", "thirty", "forty", "fifty", "sixty", "seventy", "eighty", "ninety",
    ];
    let below_hundred = |n: usize| match n {
        0..20 => SMALL[n].to_string(),
        _ if n.is_multiple_of(10) => TENS[n / 10].to_string(),
        _ => format!("{}-{}", TENS[n / 10], SMALL[n % 10]),
    };
    let n = usize::try_from(n).ok().filter(|&n| n < 1000)?;
    Some(match (n / 100, n % 100) {
        (0, r) => below_hundred(r),
        (h, 0) => format!("{} hundred", SMALL[h]),
        (h, r) => format!("{} hundred {}", SMALL[h], below_hundred(r)),
    })
}

/// `n` in digits, grouped by thousands with commas when `grouped`.
fn group(n: u64, grouped: bool) -> String {
    let digits = n.to_string();
    if !grouped {
        return digits;
    }
    let mut out = String::with_capacity(digits.len() + digits.len() / 3);
    for (i, d) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i).is_multiple_of(3) {
            out.push(',');
        }
        out.push(d);
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn like(figure: &str, value: f64) -> Option<String> {
        write(value, &style_of(figure)?)
    }

    #[test]
    fn a_value_is_written_like_the_figure_it_replaces() {
        let cases = [
            ("35", 33.0, "33"),
            ("thirty-five", 33.0, "thirty-three"),
            ("Thirty-five", 33.0, "Thirty-three"),
            ("three", 40.0, "forty"),
            ("two hundred", 251.0, "two hundred fifty-one"),
            ("twenty", 2000.0, "2,000"),
            ("1,500", 1968.0, "1,968"),
            ("1500", 1968.0, "1968"),
            ("500", 1968.0, "1,968"),
            ("$5 million", 5_300_000.0, "$5.3 million"),
            ("42-day", 30.0, "30-day"),
            ("six-week", 7.0, "seven-week"),
            ("90%", 85.5, "85.5%"),
            ("7.2", 6.8, "6.8"),
        ];
        for (figure, value, want) in cases {
            assert_eq!(
                like(figure, value).as_deref(),
                Some(want),
                "{figure} → {value}"
            );
        }
    }

    #[test]
    fn what_is_not_one_figure_is_not_rewritten() {
        assert_eq!(style_of("half"), None);
        assert_eq!(style_of("dozens"), None);
        assert_eq!(like("33", -1.0), None);
        assert_eq!(like("33", f64::NAN), None);
    }
}
