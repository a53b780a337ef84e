//! Labelled drafts checked in-process against the seed corpus, scored the way
//! `../shared/eval/check_eval.py` scores a server: each label's figure must be found, get an
//! accepted verdict, and (for a wrong figure) cite the corpus value; no unlabelled figure may be
//! flagged. Runs `testdata/check/drafts.json`, and `../shared/eval/dev.json` when present.

use serde::Deserialize;

use std::path::Path;
use tally::api::{check_json, CheckedClaim};
use tally::check::index::CorpusIndex;
use tally::check::Verdict;
use tally::corpus::Date;
use tally_tests::{root, testdata};

#[derive(Debug, Deserialize)]
struct File {
    drafts: Vec<Draft>,
}

#[derive(Debug, Deserialize)]
struct Draft {
    id: String,
    text: String,
    as_of: Option<String>,
    claims: Vec<Label>,
}

#[derive(Debug, Deserialize)]
struct Label {
    number: String,
    #[serde(default = "first")]
    occurrence: usize,
    accept: Vec<Verdict>,
    corpus_value: Option<serde_json::Value>,
}

fn first() -> usize {
    1
}

fn load_corpus() -> CorpusIndex {
    tally_tests::seed_index()
}

fn flagged(v: Verdict) -> bool {
    matches!(v, Verdict::Contradicted | Verdict::Outdated)
}

/// Scores one file; returns the failures.
fn score(index: &CorpusIndex, path: &Path) -> (usize, Vec<String>) {
    let file: File = serde_json::from_str(&std::fs::read_to_string(path).unwrap()).unwrap();
    let mut failures = Vec::new();
    let mut labels = 0;
    for d in &file.drafts {
        let as_of = d
            .as_of
            .as_deref()
            .map(|s| Date::parse(s).expect("a valid as_of"));
        let response = check_json(index, &d.text, as_of);
        let mut used = vec![false; response.claims.len()];
        for l in &d.claims {
            labels += 1;
            let at = d
                .text
                .match_indices(&l.number)
                .nth(l.occurrence - 1)
                .map(|(i, _)| i);
            let Some(at) = at else {
                failures.push(format!("{}: {:?} not in the draft", d.id, l.number));
                continue;
            };
            let (start, end) = (at, at + l.number.len());
            let hit = response
                .claims
                .iter()
                .position(|c| c.claim.figure.byte_start < end && c.claim.figure.byte_end > start);
            let Some(k) = hit else {
                failures.push(format!("{}: {:?} not detected", d.id, l.number));
                continue;
            };
            used[k] = true;
            let c: &CheckedClaim = &response.claims[k];
            if !l.accept.contains(&c.verdict) {
                failures.push(format!(
                    "{}: {:?}: got {:?}, want {:?} ({})",
                    d.id, l.number, c.verdict, l.accept, c.message
                ));
            } else if flagged(c.verdict) {
                let wanted: Vec<f64> = match &l.corpus_value {
                    Some(serde_json::Value::Array(v)) => {
                        v.iter().filter_map(|x| x.as_f64()).collect()
                    }
                    Some(v) => v.as_f64().into_iter().collect(),
                    None => vec![],
                };
                let cited = c.evidence.iter().any(|e| {
                    wanted
                        .iter()
                        .any(|w| (e.value - w).abs() <= 0.01 * w.abs().max(1e-9))
                });
                if !wanted.is_empty() && !cited {
                    failures.push(format!(
                        "{}: {:?}: evidence does not cite {wanted:?}",
                        d.id, l.number
                    ));
                }
            }
        }
        for (k, c) in response.claims.iter().enumerate() {
            if !used[k] && flagged(c.verdict) {
                failures.push(format!(
                    "{}: unlabelled {:?} flagged {:?}",
                    d.id, c.claim.text, c.verdict
                ));
            }
        }
    }
    (labels, failures)
}

#[test]
fn own_drafts_get_the_verdicts_a_fact_checker_would_give() {
    let index = load_corpus();
    let (labels, failures) = score(&index, &testdata().join("check/drafts.json"));
    println!(
        "testdata/check/drafts.json: {}/{labels} labels right",
        labels - failures.len()
    );
    assert!(labels > 0 && failures.is_empty(), "{}", failures.join("\n"));
}

#[test]
fn shared_dev_drafts_when_present() {
    let path = root().join("../shared/eval/dev.json");
    if !path.exists() {
        println!("{} not present: skipped", path.display());
        return;
    }
    let index = load_corpus();
    let (labels, failures) = score(&index, &path);
    println!(
        "shared/eval/dev.json: {}/{labels} labels right",
        labels - failures.len()
    );
    assert!(failures.is_empty(), "{}", failures.join("\n"));
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
