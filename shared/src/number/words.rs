//! The English number vocabulary: cardinal, ordinal, scale and fraction words.
//!
//! Every function takes an ASCII-lowercased word and answers `None` for anything else.

/// Zero to nineteen.
pub fn small(w: &str) -> Option<u32> {
    Some(match w {
        "zero" | "naught" | "nought" | "nil" => 0,
        "one" => 1,
        "two" => 2,
        "three" => 3,
        "four" => 4,
        "five" => 5,
        "six" => 6,
        "seven" => 7,
        "eight" => 8,
        "nine" => 9,
        "ten" => 10,
        "eleven" => 11,
        "twelve" => 12,
        "thirteen" => 13,
        "fourteen" => 14,
        "fifteen" => 15,
        "sixteen" => 16,
        "seventeen" => 17,
        "eighteen" => 18,
        "nineteen" => 19,
        _ => return None,
    })
}

/// Twenty to ninety.
pub fn tens(w: &str) -> Option<u32> {
    Some(match w {
        "twenty" => 20,
        "thirty" => 30,
        "forty" | "fourty" => 40,
        "fifty" => 50,
        "sixty" => 60,
        "seventy" => 70,
        "eighty" => 80,
        "ninety" => 90,
        _ => return None,
    })
}

/// Scale words that multiply what comes before them (thousand and up), singular or plural.
pub fn scale(w: &str) -> Option<f64> {
    Some(match w {
        "thousand" | "thousands" => 1e3,
        "lakh" | "lakhs" | "lac" | "lacs" | "lkh" | "lkhs" => 1e5,
        "million" | "millions" => 1e6,
        "crore" | "crores" | "koti" | "krore" | "krores" => 1e7,
        "billion" | "billions" => 1e9,
        "trillion" | "trillions" => 1e12,
        _ => return None,
    })
}

/// Scale abbreviations that may follow digits, with or without a space: "3bn", "10 k", "2mil".
///
/// `raw` is the word as written: an upper-case "M" or "G" is a scale, a lower-case "m" or "g"
/// is a unit (metres, grams), so those two are decided on case.
pub fn scale_abbrev(raw: &str, low: &str) -> Option<f64> {
    Some(match low {
        "k" => 1e3,
        "mm" if raw == "MM" => 1e6,
        "mn" | "mil" | "mln" => 1e6,
        "m" if raw == "M" => 1e6,
        "b" | "bn" | "bln" => 1e9,
        "g" if raw == "G" => 1e9,
        "tn" | "tln" | "trn" => 1e12,
        "cr" | "kr" => 1e7,
        _ => return None,
    })
}

/// Ordinal words: "first" → (1, false), "thirds" → (3, true). The flag is the plural form,
/// which only fractions use ("two thirds").
pub fn ordinal(w: &str) -> Option<(f64, bool)> {
    let (stem, plural) = match w.strip_suffix('s') {
        Some(stem) if ordinal_singular(stem).is_some() => (stem, true),
        _ => (w, false),
    };
    ordinal_singular(stem).map(|v| (v, plural))
}

fn ordinal_singular(w: &str) -> Option<f64> {
    Some(match w {
        "first" => 1.0,
        "second" => 2.0,
        "third" => 3.0,
        "fourth" => 4.0,
        "fifth" => 5.0,
        "sixth" => 6.0,
        "seventh" => 7.0,
        "eighth" => 8.0,
        "ninth" => 9.0,
        "tenth" => 10.0,
        "eleventh" => 11.0,
        "twelfth" => 12.0,
        "thirteenth" => 13.0,
        "fourteenth" => 14.0,
        "fifteenth" => 15.0,
        "sixteenth" => 16.0,
        "seventeenth" => 17.0,
        "eighteenth" => 18.0,
        "nineteenth" => 19.0,
        "twentieth" => 20.0,
        "thirtieth" => 30.0,
        "fortieth" => 40.0,
        "fiftieth" => 50.0,
        "sixtieth" => 60.0,
        "seventieth" => 70.0,
        "eightieth" => 80.0,
        "ninetieth" => 90.0,
        "hundredth" => 100.0,
        "thousandth" => 1e3,
        "millionth" => 1e6,
        "billionth" => 1e9,
        "trillionth" => 1e12,
        _ => return None,
    })
}

/// Denominator words that are not ordinals: "half"/"halves", "quarter(s)".
pub fn denominator_noun(w: &str) -> Option<(f64, bool)> {
    Some(match w {
        "half" => (2.0, false),
        "halves" => (2.0, true),
        "quarter" => (4.0, false),
        "quarters" => (4.0, true),
        _ => return None,
    })
}

/// The suffix of a digit ordinal: "1st", "22nd", "3rd", "4th".
pub fn is_ordinal_suffix(w: &str) -> bool {
    matches!(w, "st" | "nd" | "rd" | "th")
}

/// Words that state a multiple of something: "twice as many", "doubling the number".
pub fn multiplier(w: &str) -> Option<f64> {
    Some(match w {
        "twice" | "doubled" | "doubling" | "doubles" => 2.0,
        "thrice" | "tripled" | "tripling" | "triples" | "trebled" => 3.0,
        "quadrupled" | "quadrupling" => 4.0,
        _ => return None,
    })
}

/// Vague amounts and their plausible ranges: "dozens" of something is at least two dozen.
pub fn vague(w: &str) -> Option<(f64, f64)> {
    Some(match w {
        "dozens" => (24.0, 99.0),
        "scores" => (40.0, 199.0),
        "hundreds" => (200.0, 999.0),
        "thousands" => (2e3, 9_999.0),
        "millions" => (2e6, 999e6),
        "billions" => (2e9, 999e9),
        "several" => (3.0, 9.0),
        _ => return None,
    })
}

/// True for any word that can be part of a spelled-out number.
pub fn is_number_word(w: &str) -> bool {
    small(w).is_some()
        || tens(w).is_some()
        || scale(w).is_some()
        || matches!(w, "hundred" | "hundreds" | "dozen" | "dozens")
}
