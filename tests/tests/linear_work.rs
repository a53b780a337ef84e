//! Issue 9: no text can make Tally spin. The work of extraction and of checking, as counted by
//! `tally::Work` (the steps of the tokenizer, the sentence splitter, the number, date and
//! phrase readers, the features and the matcher), grows linearly with the text: a text four
//! times longer costs at most about four times the work. Proven by counting, not by a clock,
//! over the hostile generators of `testdata/hostile/generators.json` and random mixes of
//! hostile pieces.

// The generators and `repeat_to` are the hostile benchmark's.
#[path = "../../shared/benches/common/mod.rs"]
mod common;

use common::{generators, repeat_to};
use proptest::prelude::*;
use std::sync::OnceLock;
use tally::api::{check_json_with, extract_json_with};
use tally::check::index::CorpusIndex;
use tally::Work;
use tally_tests::seed_index;

/// Growth allowed from n to 4n bytes: 4x, plus a tenth for where the cut falls in the unit,
/// plus a constant for fixed costs.
fn linear(small: u64, large: u64) -> bool {
    large as f64 <= 4.4 * small as f64 + 500.0
}

fn index() -> &'static CorpusIndex {
    static INDEX: OnceLock<CorpusIndex> = OnceLock::new();
    INDEX.get_or_init(seed_index)
}

fn extract_work(text: &str) -> u64 {
    let work = Work::new();
    extract_json_with(text, &work).expect("an unlimited meter never stops");
    work.steps()
}

fn check_work(text: &str) -> u64 {
    let work = Work::new();
    check_json_with(index(), text, None, &work).expect("an unlimited meter never stops");
    work.steps()
}

#[test]
fn every_hostile_generator_costs_linear_work() {
    let (n, big) = (4_000, 16_000);
    let mut failures = Vec::new();
    for g in &generators() {
        let (small, large) = (repeat_to(&g.unit, n), repeat_to(&g.unit, big));
        let (e1, e4) = (extract_work(&small), extract_work(&large));
        let (c1, c4) = (check_work(&small), check_work(&large));
        println!(
            "{:<22} extract {e1:>7} -> {e4:>7} ({:.2}x)   check {c1:>7} -> {c4:>7} ({:.2}x)",
            g.name,
            e4 as f64 / e1.max(1) as f64,
            c4 as f64 / c1.max(1) as f64
        );
        // The meter must see the text at all: at least the tokenizer's pass over it.
        if e1 < n as u64 {
            failures.push(format!("{}: only {e1} steps for {n} bytes", g.name));
        }
        if !linear(e1, e4) {
            failures.push(format!("{}: extraction {e1} -> {e4} steps", g.name));
        }
        if !linear(c1, c4) {
            failures.push(format!("{}: check {c1} -> {c4} steps", g.name));
        }
    }
    assert!(
        failures.is_empty(),
        "superlinear work:\n{}",
        failures.join("\n")
    );
}

/// Pieces that exercise every reader: number words and scales, separators, decimals, hedges,
/// units, dates, ranges, ratios, anaphora, attribution, sentence ends and abbreviations,
/// line breaks, long words and multi-byte characters.
fn hostile_piece() -> impl Strategy<Value = String> {
    prop_oneof![
        prop::sample::select(vec![
            "one",
            "twenty",
            "-",
            "five",
            "hundred",
            "thousand",
            "million",
            "and",
            "a",
            "half",
            "point",
            "minus",
            "over",
            "in",
            "out of",
            "dozen",
            "dozens of",
            "third",
            "thirds",
        ])
        .prop_map(str::to_string),
        prop::sample::select(vec![
            "1",
            "22",
            "333",
            "1,200",
            ",",
            ".",
            "4.5",
            "1.2.3",
            "(45)",
            "forty-five",
            "%",
            "$",
            "km",
            "miles",
            "more than",
            "about",
            "nearly",
            "some",
            "at least",
            "or more",
            "to",
            "between",
            "October",
            "7",
            "Oct.",
            "2023",
            "2024-25",
            "Monday",
            "last month",
            "more",
            "the 40",
            "another",
            "of them",
            "said",
            "according to",
            "officials say",
            "hostages",
            "freed",
            "released",
            "killed",
            "held",
            "bodies of",
            "per",
            "each week",
            ". ",
            "! ",
            "? ",
            "\n",
            "Gen.",
            "U.S.",
            "No.",
            "é",
            "🎉",
            "\u{a0}",
            "\u{202f}000",
        ])
        .prop_map(str::to_string),
        "[a-z]{1,40}",
        "[0-9]{1,6}",
    ]
}

fn hostile_unit() -> impl Strategy<Value = String> {
    (
        prop::collection::vec(hostile_piece(), 1..12),
        prop::sample::select(vec!["", " ", ", ", " and "]),
    )
        .prop_map(|(pieces, sep)| {
            let mut unit = pieces.join(sep);
            unit.push_str(sep);
            unit
        })
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 48, ..ProptestConfig::default() })]

    #[test]
    fn random_hostile_mixes_cost_linear_work(unit in hostile_unit()) {
        let (small, large) = (repeat_to(&unit, 2_000), repeat_to(&unit, 8_000));
        let (e1, e4) = (extract_work(&small), extract_work(&large));
        prop_assert!(linear(e1, e4), "extraction of {unit:?}: {e1} -> {e4} steps");
        let (c1, c4) = (check_work(&small), check_work(&large));
        prop_assert!(linear(c1, c4), "check of {unit:?}: {c1} -> {c4} steps");
    }
}
