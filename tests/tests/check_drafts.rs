//! Labelled drafts checked in-process against the seed corpus, scored the way
//! `../shared/eval/check_eval.py` scores a server: each label's figure must be found, get an
//! accepted verdict, and (for a wrong figure) cite the corpus value; no unlabelled figure may be
//! flagged. Runs `testdata/check/drafts.json`, `testdata/check/morocco-drafts.json` (against the
//! other beat's corpus), and `../shared/eval/dev.json` when present.

use tally::api::check_json;
use tally::check::index::CorpusIndex;
use tally::check::Verdict;
use tally_tests::eval::score;
use tally_tests::{shared_path, testdata};

fn load_corpus() -> CorpusIndex {
    tally_tests::seed_index()
}

/// Scores the drafts of `testdata/check/{file}` against `index`: every label right.
fn all_right(index: &CorpusIndex, file: &str) {
    let s = score(index, &testdata().join("check").join(file));
    println!("testdata/check/{file}: {s}");
    assert!(
        s.labels > 0 && s.failures.is_empty(),
        "{}",
        s.failures.join("\n")
    );
}

#[test]
fn own_drafts_get_the_verdicts_a_fact_checker_would_give() {
    all_right(&load_corpus(), "drafts.json");
}

#[test]
fn other_beat_drafts_get_the_verdicts_a_fact_checker_would_give() {
    let dir = tally_tests::root().join("testdata/beat/morocco-quake");
    all_right(&tally_tests::eval::index_of(&dir), "morocco-drafts.json");
}

#[test]
fn shared_dev_drafts_when_present() {
    let Some(path) = shared_path("eval/dev.json") else {
        return;
    };
    let index = load_corpus();
    let s = score(&index, &path);
    println!("shared/eval/dev.json: {s}");
    assert!(s.failures.is_empty(), "{}", s.failures.join("\n"));
}

#[test]
fn verdicts_show_their_evidence() {
    let index = load_corpus();
    let r = check_json(
        &index,
        "Hamas has freed 35 hostages since the truce began.",
        None,
    );
    let c = &r.claims[0];
    assert_eq!(c.verdict, Verdict::Contradicted);
    let e = &c.evidence[0];
    assert!(!e.agrees && e.value == 33.0);
    // The quote's span points at the figure inside the quote (UTF-16 units of the quote).
    let quote16: Vec<u16> = e.quote.encode_utf16().collect();
    let figure = String::from_utf16(&quote16[e.quote_start..e.quote_end]).unwrap();
    assert_eq!(figure, e.text);
    assert!(!e.why.is_empty());
    assert!(
        c.message.contains("33") && c.message.contains("35"),
        "{}",
        c.message
    );
}
