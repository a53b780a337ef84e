//! Physical and monetary units: recognizing them after a number, their dimension, and
//! conversion to a base unit per dimension so that "about 9 miles" can meet "14.5 km".

use crate::token::{TokenKind, Tokens};
use serde::{Deserialize, Serialize};

/// What a unit measures. Values convert only within one dimension (and, for money, one
/// currency: the unit's name).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize, schemars::JsonSchema)]
#[serde(rename_all = "snake_case")]
pub enum Dimension {
    Length,
    Area,
    Volume,
    Mass,
    /// A span of time; the base unit is the day.
    Duration,
    /// A person's age; the base unit is the year.
    Age,
    Speed,
    Temperature,
    /// A share of a whole: 90% = 90 (not 0.9).
    Percent,
    /// A difference between two percentages: "3 percentage points".
    PercentagePoint,
    Currency,
    /// Watts.
    Power,
    /// Watt-hours.
    Energy,
    /// Bytes.
    Data,
    /// Hertz.
    Frequency,
    /// An earthquake's magnitude (Richter or moment scale): "magnitude 6.8", "a 7.2-magnitude
    /// quake", "7.2 on the Richter scale".
    Magnitude,
}

/// A unit as found in a text.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, schemars::JsonSchema)]
pub struct Unit {
    /// Canonical name: "meter", "mile", "day", "percent", "USD".
    pub name: String,
    pub dimension: Dimension,
    /// Multiply a value in this unit by `to_base` to get the dimension's base unit
    /// (meter, square meter, liter, kilogram, day, year, km/h, °C offsetless, percent, or the
    /// currency itself).
    pub to_base: f64,
}

impl Unit {
    pub fn new(name: &str, dimension: Dimension, to_base: f64) -> Self {
        Unit {
            name: name.to_string(),
            dimension,
            to_base,
        }
    }

    /// The value in the dimension's base unit.
    pub fn to_base(&self, v: f64) -> f64 {
        if self.dimension == Dimension::Temperature && self.name == "fahrenheit" {
            return (v - 32.0) * 5.0 / 9.0;
        }
        v * self.to_base
    }

    /// True when values in the two units can be compared.
    pub fn comparable(&self, other: &Unit) -> bool {
        self.dimension == other.dimension
            && (self.dimension != Dimension::Currency || self.name == other.name)
    }
}

const DAY: f64 = 1.0;
const YEAR_DAYS: f64 = 365.25;

/// A unit word (lowercased) as it may follow a number.
fn unit_word(w: &str) -> Option<(&'static str, Dimension, f64)> {
    use Dimension::*;
    Some(match w {
        "magnitude" => ("magnitude", Magnitude, 1.0),
        "meter" | "meters" | "metre" | "metres" | "m" => ("meter", Length, 1.0),
        "kilometer" | "kilometers" | "kilometre" | "kilometres" | "km" | "kms" => {
            ("kilometer", Length, 1000.0)
        }
        "centimeter" | "centimeters" | "centimetre" | "centimetres" | "cm" => {
            ("centimeter", Length, 0.01)
        }
        "millimeter" | "millimeters" | "millimetre" | "millimetres" | "mm" => {
            ("millimeter", Length, 0.001)
        }
        "mile" | "miles" | "mi" => ("mile", Length, 1609.344),
        "foot" | "feet" | "ft" => ("foot", Length, 0.3048),
        "yard" | "yards" | "yd" | "yds" => ("yard", Length, 0.9144),
        "inch" | "inches" => ("inch", Length, 0.0254),
        "hectare" | "hectares" | "ha" => ("hectare", Area, 10_000.0),
        "acre" | "acres" => ("acre", Area, 4046.856),
        "dunam" | "dunams" => ("dunam", Area, 1000.0),
        "liter" | "liters" | "litre" | "litres" | "l" => ("liter", Volume, 1.0),
        "milliliter" | "milliliters" | "millilitre" | "millilitres" | "ml" => {
            ("milliliter", Volume, 0.001)
        }
        "gallon" | "gallons" => ("gallon", Volume, 3.785),
        "barrel" | "barrels" => ("barrel", Volume, 158.987),
        "kilogram" | "kilograms" | "kg" | "kgs" | "kilo" | "kilos" => ("kilogram", Mass, 1.0),
        "gram" | "grams" | "g" | "gr" => ("gram", Mass, 0.001),
        "ton" | "tons" | "tonne" | "tonnes" => ("ton", Mass, 1000.0),
        "pound" | "pounds" | "lb" | "lbs" => ("pound", Mass, 0.4536),
        "ounce" | "ounces" | "oz" => ("ounce", Mass, 0.02835),
        "second" | "seconds" | "sec" | "secs" => ("second", Duration, DAY / 86_400.0),
        "minute" | "minutes" | "min" | "mins" => ("minute", Duration, DAY / 1440.0),
        "hour" | "hours" | "hr" | "hrs" => ("hour", Duration, DAY / 24.0),
        "day" | "days" => ("day", Duration, DAY),
        "night" | "nights" => ("night", Duration, DAY),
        "week" | "weeks" => ("week", Duration, 7.0),
        "fortnight" | "fortnights" => ("fortnight", Duration, 14.0),
        "month" | "months" => ("month", Duration, YEAR_DAYS / 12.0),
        "year" | "years" | "yr" | "yrs" => ("year", Duration, YEAR_DAYS),
        "decade" | "decades" => ("decade", Duration, YEAR_DAYS * 10.0),
        "century" | "centuries" => ("century", Duration, YEAR_DAYS * 100.0),
        "mph" => ("mile per hour", Speed, 1.609344),
        "kph" | "kmh" => ("kilometer per hour", Speed, 1.0),
        "percent" | "pct" | "percentage" | "pc" | "percents" => ("percent", Percent, 1.0),
        "milligram" | "milligrams" | "mg" => ("milligram", Mass, 1e-6),
        "watt" | "watts" | "w" => ("watt", Power, 1.0),
        "kilowatt" | "kilowatts" | "kw" => ("kilowatt", Power, 1e3),
        "megawatt" | "megawatts" | "mw" => ("megawatt", Power, 1e6),
        "gigawatt" | "gigawatts" | "gw" => ("gigawatt", Power, 1e9),
        "kwh" => ("kilowatt-hour", Energy, 1e3),
        "mwh" => ("megawatt-hour", Energy, 1e6),
        "gwh" => ("gigawatt-hour", Energy, 1e9),
        "kb" => ("kilobyte", Data, 1e3),
        "mb" => ("megabyte", Data, 1e6),
        "gb" => ("gigabyte", Data, 1e9),
        "tb" => ("terabyte", Data, 1e12),
        "hz" => ("hertz", Frequency, 1.0),
        "khz" => ("kilohertz", Frequency, 1e3),
        "mhz" => ("megahertz", Frequency, 1e6),
        "ghz" => ("gigahertz", Frequency, 1e9),
        "dollar" | "dollars" | "usd" | "bucks" => ("USD", Currency, 1.0),
        "euro" | "euros" | "eur" => ("EUR", Currency, 1.0),
        "shekel" | "shekels" | "nis" | "ils" => ("ILS", Currency, 1.0),
        "gbp" => ("GBP", Currency, 1.0),
        "cent" | "cents" => ("USD", Currency, 0.01),
        _ => return None,
    })
}

/// Currency signs written before a number: "$5", "€10", "£2,000".
pub fn currency_sign(s: &str) -> Option<Unit> {
    let code = match s {
        "$" => "USD",
        "€" => "EUR",
        "£" => "GBP",
        "¥" => "JPY",
        "₪" => "ILS",
        _ => return None,
    };
    Some(Unit::new(code, Dimension::Currency, 1.0))
}

/// Currency codes written before a number, spaced or glued: "US$ 1MM", "USD 5", "RM79",
/// "$US55", "A$10".
pub fn currency_prefix(t: &Tokens, i: usize) -> Option<Unit> {
    let code = match t.low(i) {
        "usd" | "us" => "USD",
        "eur" => "EUR",
        "gbp" => "GBP",
        "nis" | "ils" => "ILS",
        "rm" | "myr" => "MYR",
        "a" | "au" | "aud" => "AUD",
        "hk" | "hkd" => "HKD",
        "nz" | "nzd" => "NZD",
        "c" | "cad" => "CAD",
        "s" | "sgd" => "SGD",
        "rs" | "inr" => "INR",
        "chf" => "CHF",
        "jpy" => "JPY",
        "cny" | "rmb" => "CNY",
        _ => return None,
    };
    // One-letter codes only in their fixed forms: "A$10", "C$5".
    if t.low(i).len() == 1 && !t.is_punct(i + 1, '$') {
        return None;
    }
    Some(Unit::new(code, Dimension::Currency, 1.0))
}

/// A unit written before its number: "magnitude 6.8", "a magnitude of 7.2". `first` is the
/// number's first token.
pub fn unit_before(t: &Tokens, first: usize) -> Option<Unit> {
    let mut k = first.checked_sub(1)?;
    if t.low(k) == "of" {
        k = k.checked_sub(1)?;
    }
    matches!(t.low(k), "magnitude" | "magnitudes")
        .then(|| Unit::new("magnitude", Dimension::Magnitude, 1.0))
}

/// The unit right after a number ending at token `last`, if any: returns the unit and the
/// last token of it. `glued` says the number and the next token touch ("180ml", "42-day").
pub fn unit_after(t: &Tokens, last: usize) -> Option<(Unit, usize)> {
    let mut i = last + 1;
    // "42-day", "six-week", "100-meter": a tight hyphen between number and unit.
    let hyphenated = i < t.len() && t.is_tight_hyphen(i);
    if hyphenated {
        i += 1;
    }
    match t.kind(i)? {
        TokenKind::Punct => {
            let p = t.raw(i);
            if p == "%" {
                return Some((Unit::new("percent", Dimension::Percent, 1.0), i));
            }
            if p == "°" || p == "º" {
                let (name, to) = match t.low_at(i as isize + 1) {
                    "f" | "fahrenheit" => ("fahrenheit", i + 1),
                    "c" | "celsius" => ("celsius", i + 1),
                    _ => ("celsius", i),
                };
                return Some((Unit::new(name, Dimension::Temperature, 1.0), to));
            }
            None
        }
        TokenKind::Word => {
            let w = t.low(i);
            let next = t.low_at(i as isize + 1);
            // Multi-word units first.
            match (w, next) {
                ("on", "the")
                    if t.low_at(i as isize + 2) == "richter"
                        && t.low_at(i as isize + 3) == "scale" =>
                {
                    return Some((Unit::new("magnitude", Dimension::Magnitude, 1.0), i + 3))
                }
                ("per", "cent") => {
                    return Some((Unit::new("percent", Dimension::Percent, 1.0), i + 1))
                }
                ("percentage", "point" | "points") => {
                    return Some((
                        Unit::new("percentage point", Dimension::PercentagePoint, 1.0),
                        i + 1,
                    ))
                }
                ("square" | "sq", _) => {
                    let (u, d, f) = unit_word(next.trim_end_matches('.'))?;
                    if d != Dimension::Length {
                        return None;
                    }
                    let unit = Unit::new(&format!("square {u}"), Dimension::Area, f * f);
                    return Some((unit, i + 1));
                }
                ("degrees" | "degree", _) => {
                    let (name, to) = match next {
                        "fahrenheit" | "f" => ("fahrenheit", i + 1),
                        "celsius" | "centigrade" | "c" => ("celsius", i + 1),
                        _ => ("celsius", i),
                    };
                    return Some((Unit::new(name, Dimension::Temperature, 1.0), to));
                }
                ("km", "/") | ("kilometers" | "kilometres", "per") => {
                    if matches!(t.low_at(i as isize + 2), "h" | "hour") {
                        return Some((
                            Unit::new("kilometer per hour", Dimension::Speed, 1.0),
                            i + 2,
                        ));
                    }
                }
                ("miles", "per") if t.low_at(i as isize + 2) == "hour" => {
                    return Some((
                        Unit::new("mile per hour", Dimension::Speed, 1.609344),
                        i + 2,
                    ))
                }
                ("pounds", "sterling") => {
                    return Some((Unit::new("GBP", Dimension::Currency, 1.0), i + 1))
                }
                ("year" | "years", "old") => {
                    return Some((Unit::new("year", Dimension::Age, 1.0), i + 1))
                }
                _ => {}
            }
            // "49-year-old".
            if hyphenated
                && matches!(w, "year" | "month" | "week" | "day")
                && t.is_tight_hyphen(i + 1)
                && t.low_at(i as isize + 2) == "old"
            {
                let f = match w {
                    "year" => 1.0,
                    "month" => 1.0 / 12.0,
                    "week" => 7.0 / YEAR_DAYS,
                    _ => 1.0 / YEAR_DAYS,
                };
                return Some((Unit::new(w, Dimension::Age, f), i + 2));
            }
            // Single letters are units only glued to the number ("9m", "5l", "10g"), and "in"
            // is never an inch.
            if w.len() == 1 && t.tokens[i].space_before {
                return None;
            }
            let (name, dim, f) = unit_word(w)?;
            Some((Unit::new(name, dim, f), i))
        }
        TokenKind::Number => None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn unit_of(text: &str) -> Option<String> {
        let t = Tokens::new(text);
        unit_after(&t, 0).map(|(u, _)| u.name)
    }

    #[test]
    fn units_after_numbers() {
        assert_eq!(unit_of("9 miles").as_deref(), Some("mile"));
        assert_eq!(unit_of("42-day extension").as_deref(), Some("day"));
        assert_eq!(unit_of("90%").as_deref(), Some("percent"));
        assert_eq!(unit_of("90 per cent").as_deref(), Some("percent"));
        assert_eq!(
            unit_of("3 percentage points").as_deref(),
            Some("percentage point")
        );
        assert_eq!(unit_of("49-year-old man").as_deref(), Some("year"));
        assert_eq!(unit_of("180ml").as_deref(), Some("milliliter"));
        assert_eq!(unit_of("5 m").as_deref(), None);
        assert_eq!(unit_of("33 hostages"), None);
    }

    #[test]
    fn miles_convert_to_kilometers() {
        let mile = Unit::new("mile", Dimension::Length, 1609.344);
        let km = Unit::new("kilometer", Dimension::Length, 1000.0);
        assert!(mile.comparable(&km));
        assert!((mile.to_base(9.0) / km.to_base(1.0) - 14.484).abs() < 0.01);
    }

    #[test]
    fn currencies_do_not_convert() {
        let usd = Unit::new("USD", Dimension::Currency, 1.0);
        let eur = Unit::new("EUR", Dimension::Currency, 1.0);
        assert!(!usd.comparable(&eur));
    }
}
