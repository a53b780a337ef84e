//! The labelled sets built from other outlets' reporting (issue 10), scored in-process and
//! printed: drafts on the seed events, sentences on neighbouring events (none may be flagged),
//! and a second beat with its own corpus. Each set is held to the floors in
//! `testdata/scores.json`, so that a change may improve a score but never lower it.
//! `cargo test -p tally-tests --test real_reporting -- --nocapture` prints the scores (the
//! README's test command does), and with `TALLY_EVAL_FAILURES=1` every failure.

use serde::Deserialize;
use tally_tests::eval::{index_of, score};
use tally_tests::{root, shared_path, testdata};

/// Whether to print each failure, not only the scores.
fn show_failures() -> bool {
    std::env::var_os("TALLY_EVAL_FAILURES").is_some_and(|v| v == "1")
}

#[derive(Debug, Deserialize)]
struct Scores {
    sets: Vec<Set>,
}

#[derive(Debug, Deserialize)]
struct Set {
    file: String,
    corpus: String,
    min_right: usize,
    max_false_alarms: usize,
}

#[test]
fn real_reporting_scores_hold_their_floors() {
    let text = std::fs::read_to_string(testdata().join("scores.json")).expect("scores.json");
    let scores: Scores = serde_json::from_str(&text).expect("scores.json parses");
    let mut below = Vec::new();
    for set in &scores.sets {
        let index = index_of(&root().join(&set.corpus));
        let s = score(&index, &testdata().join(&set.file));
        println!("{}: {s}", set.file);
        if show_failures() {
            for f in &s.failures {
                println!("    {f}");
            }
        }
        if s.right < set.min_right {
            below.push(format!(
                "{}: {} right, floor {}",
                set.file, s.right, set.min_right
            ));
        }
        // Reporting that was published is consistent: a finding on it is a false one.
        if s.findings > 0 {
            below.push(format!("{}: {} consistency findings", set.file, s.findings));
        }
        if s.false_alarms > set.max_false_alarms {
            below.push(format!(
                "{}: {} false alarms, at most {}",
                set.file, s.false_alarms, set.max_false_alarms
            ));
        }
    }
    assert!(below.is_empty(), "below the floors:\n{}", below.join("\n"));
}

/// Fields of a CSV file with `delimiter`, quotes doubled inside quoted fields (which may span
/// lines), rows as vectors; the header is the first row.
fn csv_rows(text: &str, delimiter: char) -> Vec<Vec<String>> {
    let (mut rows, mut row, mut field) = (Vec::new(), Vec::new(), String::new());
    let mut chars = text.chars().peekable();
    let mut quoted = false;
    while let Some(c) = chars.next() {
        match (quoted, c) {
            (true, '"') if chars.peek() == Some(&'"') => {
                field.push('"');
                chars.next();
            }
            (true, '"') => quoted = false,
            (true, c) => field.push(c),
            (false, '"') if field.is_empty() => quoted = true,
            (false, c) if c == delimiter => row.push(std::mem::take(&mut field)),
            (false, '\n') => {
                row.push(std::mem::take(&mut field));
                rows.push(std::mem::take(&mut row));
            }
            (false, '\r') => {}
            (false, c) => field.push(c),
        }
    }
    if !field.is_empty() || !row.is_empty() {
        row.push(field);
        rows.push(row);
    }
    rows
}

#[derive(Debug, Deserialize)]
struct QuanTempFloors {
    quantemp: QuanTemp,
}

#[derive(Debug, Deserialize)]
struct QuanTemp {
    max_flagged: usize,
    max_supported: usize,
}

#[test]
fn fact_checked_claims_on_other_topics_are_not_flagged() {
    // QuanTemp's claims (US politics, COVID, crime) are read in place: their license does not
    // allow copying them here. Against the seed corpus none may be flagged.
    let Some(dir) = shared_path("external/quantemp") else {
        return;
    };
    let mut claims = Vec::new();
    for (file, column) in [
        ("complex_num_facts_categorized_subset.csv", "claim"),
        ("test_claimdecomp.csv", "claims"),
    ] {
        let text = std::fs::read_to_string(dir.join(file)).expect("a QuanTemp file");
        let rows = csv_rows(&text, '@');
        let at = rows[0]
            .iter()
            .position(|h| h == column)
            .expect("the claim column");
        claims.extend(
            rows[1..]
                .iter()
                .filter_map(|r| r.get(at))
                .map(|c| c.trim_matches('"').to_string()),
        );
    }
    let index = tally_tests::seed_index();
    let (mut figures, mut flagged, mut supported) = (0, Vec::new(), Vec::new());
    for c in &claims {
        for k in tally::api::check_json(&index, c, None).claims {
            figures += 1;
            if k.verdict.needs_attention() {
                flagged.push(format!("{:?} {:?}: {c}", k.verdict, k.claim.text));
            } else if k.verdict == tally::check::Verdict::Supported {
                supported.push(format!("{:?}: {c}", k.claim.text));
            }
        }
    }
    println!(
        "QuanTemp: {} claims, {figures} figures checked: {} flagged, {} supported ({:.2}%)",
        claims.len(),
        flagged.len(),
        supported.len(),
        100.0 * supported.len() as f64 / figures.max(1) as f64
    );
    if show_failures() {
        for f in flagged.iter().chain(&supported) {
            println!("    {f}");
        }
    }
    let text = std::fs::read_to_string(testdata().join("scores.json")).expect("scores.json");
    let floors: QuanTempFloors = serde_json::from_str(&text).expect("scores.json parses");
    assert!(
        claims.len() > 2_000,
        "QuanTemp read: {} claims",
        claims.len()
    );
    assert!(
        flagged.len() <= floors.quantemp.max_flagged,
        "{} flagged",
        flagged.len()
    );
    assert!(
        supported.len() <= floors.quantemp.max_supported,
        "{} supported",
        supported.len()
    );
}
