//! Hedges ("about", "more than", "nearly") and the interval of values a hedged figure allows.
//!
//! # Semantics
//!
//! A figure in the news is rarely exact, so every claim carries an [`Interval`] of values that
//! a careful reader would accept as consistent with it. The rules, with `v` the value and `g`
//! its granularity (the place of its last significant digit: 1 for "33", 100 for "1,200"):
//!
//! | hedge | examples | interval |
//! |---|---|---|
//! | exact, not round | "33" | `[v, v]` |
//! | exact, round (`g` ≥ 10) | "1,200", "48,000" | `v ± min(g/2, 2.5% of v)` |
//! | exact, decimal | "4.5" | `v ± g/2` |
//! | approximate | about, around, roughly, approximately, some, an estimated, close to, or so | `v ± max(5% of v, exact tolerance)` |
//! | nearly | nearly, almost, just under, close to | `[v − s, v]`, with the step `s` = max(10% of v, g when g ≤ 20% of v) |
//! | more than | more than, over, above, upwards of, at least, in excess of, or more | `[v, v + s]` |
//! | fewer than | fewer than, less than, under, below, at most, up to, as many as, no more than | `[v − s, v]` |
//! | range | "700 to 800", "between 700 and 800", "700-800" | `[low, high]`, each end with its exact tolerance |
//! | vague | dozens, hundreds, thousands, several | the word's range, e.g. dozens = `[24, 99]` |
//!
//! "More than 48,000" is read as a plausible range, not the open bound `(48000, ∞)`: a writer
//! who knew the figure were far higher would have given a higher one. Percentages are clamped
//! to `[0, 100]`. Bounds are inclusive, so "600" is consistent with "more than 600".

use serde::{Deserialize, Serialize};

/// How a figure is hedged.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize, schemars::JsonSchema)]
#[serde(rename_all = "snake_case")]
pub enum Hedge {
    Exact,
    Approximate,
    Nearly,
    MoreThan,
    FewerThan,
    Range,
    Vague,
}

/// The values consistent with a claim: `low ..= high`, always finite.
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize, schemars::JsonSchema)]
pub struct Interval {
    pub low: f64,
    pub high: f64,
}

impl Interval {
    pub fn point(v: f64) -> Self {
        Interval { low: v, high: v }
    }

    /// True when the two intervals share values. Two ranges that only touch at an end
    /// ("as many as 900" = [800, 900] and "as many as 800" = [700, 800]) do not: each stops
    /// where the other starts only because both are round.
    pub fn overlaps(&self, other: &Interval) -> bool {
        let point = self.low == self.high || other.low == other.high;
        if point {
            self.low <= other.high && other.low <= self.high
        } else {
            self.low < other.high && other.low < self.high
        }
    }

    pub fn contains(&self, v: f64) -> bool {
        self.low <= v && v <= self.high
    }

    pub fn scale(self, f: f64) -> Self {
        let (a, b) = (self.low * f, self.high * f);
        Interval {
            low: a.min(b),
            high: a.max(b),
        }
    }

    pub fn clamp(self, lo: f64, hi: f64) -> Self {
        Interval {
            low: self.low.clamp(lo, hi),
            high: self.high.clamp(lo, hi),
        }
    }
}

/// The hedge words written before a figure, longest first, each with its hedge. Words are
/// ASCII-lowercased tokens.
pub const HEDGES_BEFORE: &[(&[&str], Hedge)] = &[
    (&["no", "more", "than"], Hedge::FewerThan),
    (&["no", "fewer", "than"], Hedge::MoreThan),
    (&["no", "less", "than"], Hedge::MoreThan),
    (&["in", "excess", "of"], Hedge::MoreThan),
    (&["as", "many", "as"], Hedge::FewerThan),
    (&["as", "much", "as"], Hedge::FewerThan),
    (&["as", "few", "as"], Hedge::MoreThan),
    (&["upwards", "of"], Hedge::MoreThan),
    (&["more", "than"], Hedge::MoreThan),
    (&["greater", "than"], Hedge::MoreThan),
    (&["higher", "than"], Hedge::MoreThan),
    (&["fewer", "than"], Hedge::FewerThan),
    (&["less", "than"], Hedge::FewerThan),
    (&["lower", "than"], Hedge::FewerThan),
    (&["at", "least"], Hedge::MoreThan),
    (&["at", "most"], Hedge::FewerThan),
    (&["up", "to"], Hedge::FewerThan),
    (&["close", "to"], Hedge::Nearly),
    (&["just", "under"], Hedge::Nearly),
    (&["just", "over"], Hedge::MoreThan),
    (&["well", "over"], Hedge::MoreThan),
    (&["an", "estimated"], Hedge::Approximate),
    (&["approximately"], Hedge::Approximate),
    (&["approx"], Hedge::Approximate),
    (&["about"], Hedge::Approximate),
    (&["around"], Hedge::Approximate),
    (&["roughly"], Hedge::Approximate),
    (&["some"], Hedge::Approximate),
    (&["estimated"], Hedge::Approximate),
    (&["circa"], Hedge::Approximate),
    (&["~"], Hedge::Approximate),
    (&["nearly"], Hedge::Nearly),
    (&["almost"], Hedge::Nearly),
    (&["over"], Hedge::MoreThan),
    (&["above"], Hedge::MoreThan),
    (&["exceeding"], Hedge::MoreThan),
    (&["under"], Hedge::FewerThan),
    (&["below"], Hedge::FewerThan),
    (&["fewer"], Hedge::FewerThan),
    (&["maximum"], Hedge::FewerThan),
    (&["minimum"], Hedge::MoreThan),
];

/// Hedge words written after a figure: "600 or more", "20 or so", "600+".
pub const HEDGES_AFTER: &[(&[&str], Hedge)] = &[
    (&["or", "more"], Hedge::MoreThan),
    (&["or", "so"], Hedge::Approximate),
    (&["or", "fewer"], Hedge::FewerThan),
    (&["or", "less"], Hedge::FewerThan),
    (&["plus"], Hedge::MoreThan),
    (&["+"], Hedge::MoreThan),
];

/// The tolerance of an unhedged figure: round figures are rounded numbers.
pub fn exact_tolerance(v: f64, granularity: f64) -> f64 {
    let v = v.abs();
    if granularity < 1.0 {
        granularity / 2.0
    } else if granularity >= 10.0 {
        (granularity / 2.0).min(0.025 * v)
    } else {
        0.0
    }
}

/// The interval a hedged figure allows; see the module documentation for the rules.
pub fn interval(v: f64, granularity: f64, hedge: Hedge) -> Interval {
    let exact = exact_tolerance(v, granularity);
    // One step of the figure's own rounding ("more than 600" → up to 700), unless that step is
    // large against the figure ("nearly 2,000" is not 1,000), and at least a tenth of it.
    let g = if granularity <= 0.2 * v.abs() {
        granularity
    } else {
        0.0
    };
    let step = (0.1 * v.abs()).max(g);
    match hedge {
        Hedge::Exact | Hedge::Range | Hedge::Vague => Interval {
            low: v - exact,
            high: v + exact,
        },
        Hedge::Approximate => {
            let w = (0.05 * v.abs()).max(exact);
            Interval {
                low: v - w,
                high: v + w,
            }
        }
        Hedge::Nearly | Hedge::FewerThan => Interval {
            low: v - step,
            high: v,
        },
        Hedge::MoreThan => Interval {
            low: v,
            high: v + step,
        },
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn round_figures_are_rounded_but_not_far() {
        let i = interval(1200.0, 100.0, Hedge::Exact);
        assert_eq!((i.low, i.high), (1170.0, 1230.0));
        assert_eq!(interval(33.0, 1.0, Hedge::Exact), Interval::point(33.0));
    }

    #[test]
    fn about_1100_and_1200_do_not_overlap() {
        let about = interval(1100.0, 100.0, Hedge::Approximate);
        let exact = interval(1200.0, 100.0, Hedge::Exact);
        assert!(!about.overlaps(&exact), "{about:?} vs {exact:?}");
    }

    #[test]
    fn ranges_touching_at_a_round_end_do_not_overlap() {
        let a = interval(900.0, 100.0, Hedge::FewerThan);
        let b = interval(800.0, 100.0, Hedge::FewerThan);
        assert!(!a.overlaps(&b), "{a:?} vs {b:?}");
        assert!(Interval::point(800.0).overlaps(&b));
    }

    #[test]
    fn nearly_and_more_than_are_one_sided() {
        let n = interval(2000.0, 1000.0, Hedge::Nearly);
        assert!(n.contains(1900.0) && n.contains(2000.0) && !n.contains(2001.0));
        let m = interval(600.0, 100.0, Hedge::MoreThan);
        assert!(m.contains(600.0) && m.contains(690.0) && !m.contains(3000.0));
    }
}
