//! Every numeric expression in the five seed articles, annotated in
//! `testdata/extract/seeds.json`: extraction must match the file completely — no claim
//! missing, none extra, and each one's value, interval, hedge, unit, counted thing, predicate
//! and temporal reading as annotated. `not_claims` lists numbers that are names or idioms
//! ("stage 2", "Channel 12", "in one go") and must produce no claim.
//!
//! After an intended change in extraction, regenerate with `TALLY_BLESS=1 cargo test -p
//! tally-tests --test seed_annotations` and review the diff of the JSON file line by line.

use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;
use tally_tests::{corpus_dir, testdata};

/// One claim as annotated: the fields a fact-checker reads.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
struct Annotation {
    /// Byte offset of the figure in the article.
    at: usize,
    figure: String,
    phrase: String,
    kind: String,
    #[serde(skip_serializing_if = "Option::is_none", default)]
    value: Option<f64>,
    #[serde(skip_serializing_if = "Option::is_none", default)]
    interval: Option<[f64; 2]>,
    #[serde(skip_serializing_if = "Option::is_none", default)]
    hedge: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none", default)]
    unit: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none", default)]
    counts: Option<String>,
    #[serde(skip_serializing_if = "Vec::is_empty", default)]
    modifiers: Vec<String>,
    #[serde(skip_serializing_if = "Option::is_none", default)]
    predicate: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none", default)]
    temporal: Option<serde_json::Value>,
}

#[derive(Debug, Serialize, Deserialize)]
struct NotClaim {
    /// The number as written, and enough text around it to find it.
    number: String,
    context: String,
    why: String,
}

#[derive(Debug, Serialize, Deserialize)]
struct Document {
    claims: Vec<Annotation>,
    #[serde(default)]
    not_claims: Vec<NotClaim>,
}

fn round(v: f64) -> f64 {
    (v * 1e4).round() / 1e4
}

fn annotate(text: &str) -> Vec<Annotation> {
    tally::extract(text)
        .iter()
        .map(|c| {
            let checkable = c.is_checkable();
            let name = |v: serde_json::Value| v.as_str().unwrap_or_default().to_string();
            Annotation {
                at: c.figure.start,
                figure: c.figure.slice(text).to_string(),
                phrase: c.phrase.slice(text).to_string(),
                kind: name(serde_json::to_value(c.kind).unwrap()),
                value: checkable.then(|| round(c.value)),
                interval: checkable.then(|| [round(c.interval.low), round(c.interval.high)]),
                hedge: checkable.then(|| name(serde_json::to_value(c.hedge).unwrap())),
                unit: c.unit.as_ref().map(|u| u.name.clone()),
                counts: c.subject.as_ref().map(|s| s.concept.clone()),
                modifiers: c
                    .subject
                    .as_ref()
                    .map(|s| s.modifiers.clone())
                    .unwrap_or_default(),
                predicate: c.predicate.as_ref().map(|p| {
                    let neg = if p.negated { "not " } else { "" };
                    format!("{neg}{}", p.concept)
                }),
                temporal: c
                    .temporal
                    .as_ref()
                    .map(|t| serde_json::to_value(t).unwrap()),
            }
        })
        .collect()
}

#[test]
fn seed_articles_match_their_annotations() {
    let path = testdata().join("extract/seeds.json");
    let mut docs: BTreeMap<String, Document> = if path.exists() {
        serde_json::from_str(&std::fs::read_to_string(&path).unwrap()).unwrap()
    } else {
        BTreeMap::new()
    };
    let bless = std::env::var_os("TALLY_BLESS").is_some();
    let mut failures = Vec::new();
    let mut total = 0;
    for entry in std::fs::read_dir(corpus_dir()).unwrap() {
        let p = entry.unwrap().path();
        if p.extension().is_none_or(|e| e != "txt") {
            continue;
        }
        let id = p.file_stem().unwrap().to_string_lossy().to_string();
        let text = std::fs::read_to_string(&p).unwrap();
        let got = annotate(&text);
        total += got.len();
        let doc = docs.entry(id.clone()).or_insert_with(|| Document {
            claims: vec![],
            not_claims: vec![],
        });
        for nc in &doc.not_claims {
            let at = text
                .find(&nc.context)
                .unwrap_or_else(|| panic!("{id}: context {:?} not found", nc.context));
            let start = at
                + nc.context
                    .find(&nc.number)
                    .expect("number inside its context");
            let end = start + nc.number.len();
            if let Some(c) = got
                .iter()
                .find(|c| c.at < end && c.at + c.figure.len() > start)
            {
                failures.push(format!(
                    "{id}: {:?} in {:?} must not be a claim ({}), got {c:?}",
                    nc.number, nc.context, nc.why
                ));
            }
        }
        if bless {
            doc.claims = got;
            continue;
        }
        let want: BTreeMap<usize, &Annotation> = doc.claims.iter().map(|a| (a.at, a)).collect();
        let have: BTreeMap<usize, &Annotation> = got.iter().map(|a| (a.at, a)).collect();
        for (at, w) in &want {
            match have.get(at) {
                None => failures.push(format!(
                    "{id}: missing {:?} at {at} ({:?})",
                    w.figure, w.phrase
                )),
                Some(h) if h != w => {
                    failures.push(format!("{id}: at {at}\n   want {w:?}\n   got  {h:?}"))
                }
                Some(_) => {}
            }
        }
        for (at, h) in &have {
            if !want.contains_key(at) {
                failures.push(format!(
                    "{id}: unexpected {:?} at {at} ({:?})",
                    h.figure, h.phrase
                ));
            }
        }
    }
    if bless {
        let json = serde_json::to_string_pretty(&docs).unwrap();
        std::fs::write(&path, json + "\n").unwrap();
        return;
    }
    assert!(total > 0, "no claims extracted from the seed corpus");
    assert!(
        failures.is_empty(),
        "{} of {total} annotations differ:\n{}",
        failures.len(),
        failures.join("\n")
    );
}
