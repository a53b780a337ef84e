//! Runs every case in `testdata/extract/cases.json` through `tally::extract`, reports each
//! failure by case name, and fails once at the end. The format is described in
//! `testdata/README.md`.

use serde::Deserialize;
use serde_json::Value;
use tally::Claim;
use tally_tests::testdata;

#[derive(Debug, Deserialize)]
struct File {
    cases: Vec<Case>,
}

#[derive(Debug, Deserialize)]
struct Case {
    name: String,
    text: String,
    claims: Vec<Expected>,
    #[serde(default)]
    none: Vec<String>,
    #[serde(default)]
    only: bool,
}

#[derive(Debug, Deserialize)]
struct Expected {
    figure: String,
    #[serde(default = "one")]
    occurrence: usize,
    #[serde(flatten)]
    fields: serde_json::Map<String, Value>,
}

fn one() -> usize {
    1
}

fn nth_find(text: &str, needle: &str, n: usize) -> Option<usize> {
    let mut at = 0;
    let mut found = None;
    for _ in 0..n {
        let i = text[at..].find(needle)? + at;
        found = Some(i);
        at = i + needle.len();
    }
    found
}

fn close(a: f64, b: f64) -> bool {
    (a - b).abs() <= 1e-3 * b.abs().max(1.0)
}

/// Compares one expected field with the claim; returns a description of a mismatch.
fn check_field(c: &Claim, key: &str, want: &Value) -> Option<String> {
    let enum_name = |v: Value| v.as_str().unwrap_or_default().to_string();
    let got: Value = match key {
        "kind" => enum_name(serde_json::to_value(c.kind).unwrap()).into(),
        "hedge" => enum_name(serde_json::to_value(c.hedge).unwrap()).into(),
        "value" => {
            return (!close(c.value, want.as_f64()?))
                .then(|| format!("value {} != {want}", c.value))
        }
        "interval" => {
            let w = want.as_array()?;
            let ok =
                close(c.interval.low, w[0].as_f64()?) && close(c.interval.high, w[1].as_f64()?);
            return (!ok).then(|| {
                format!(
                    "interval [{}, {}] != {want}",
                    c.interval.low, c.interval.high
                )
            });
        }
        "spelled" => c.spelled.into(),
        "unit" => c.unit.as_ref().map(|u| u.name.clone()).into(),
        "counts" => c.subject.as_ref().map(|s| s.concept.clone()).into(),
        "modifiers" => c
            .subject
            .as_ref()
            .map(|s| s.modifiers.clone())
            .unwrap_or_default()
            .into(),
        "inferred" => c.subject.as_ref().is_some_and(|s| s.inferred).into(),
        "predicate" => c.predicate.as_ref().map(|p| p.concept.clone()).into(),
        "negated" => c.predicate.as_ref().is_some_and(|p| p.negated).into(),
        "modal" => c.predicate.as_ref().is_some_and(|p| p.modal).into(),
        "agent" => c.predicate.as_ref().is_some_and(|p| p.agent).into(),
        "attribution" => c.attribution.as_ref().map(|a| a.text.clone()).into(),
        other => return Some(format!("unknown field {other:?} in test data")),
    };
    (&got != want).then(|| format!("{key}: got {got}, want {want}"))
}

#[test]
fn annotated_sentences() {
    let path = testdata().join("extract/cases.json");
    let file: File = serde_json::from_str(&std::fs::read_to_string(&path).unwrap()).unwrap();
    let mut failures = Vec::new();
    for case in &file.cases {
        let claims = tally::extract(&case.text);
        let mut used = vec![false; claims.len()];
        for e in &case.claims {
            let Some(at) = nth_find(&case.text, &e.figure, e.occurrence) else {
                failures.push(format!(
                    "{}: figure {:?} not in the text",
                    case.name, e.figure
                ));
                continue;
            };
            let span = tally::Span::new(at, at + e.figure.len());
            let Some(k) = claims.iter().position(|c| c.figure == span) else {
                let near: Vec<_> = claims.iter().map(|c| c.figure.slice(&case.text)).collect();
                failures.push(format!(
                    "{}: no claim with figure {:?}; found {near:?}",
                    case.name, e.figure
                ));
                continue;
            };
            used[k] = true;
            for (key, want) in &e.fields {
                if let Some(m) = check_field(&claims[k], key, want) {
                    failures.push(format!("{}: {:?}: {m}", case.name, e.figure));
                }
            }
        }
        for n in &case.none {
            for (k, c) in claims.iter().enumerate() {
                if c.figure.slice(&case.text).contains(n.as_str()) && !used[k] {
                    failures.push(format!("{}: {:?} must not be a claim", case.name, n));
                }
            }
        }
        if case.only {
            for (k, c) in claims.iter().enumerate() {
                if !used[k] && c.is_checkable() {
                    failures.push(format!(
                        "{}: unexpected claim {:?}",
                        case.name,
                        c.figure.slice(&case.text)
                    ));
                }
            }
        }
    }
    assert!(!file.cases.is_empty());
    assert!(
        failures.is_empty(),
        "{} failures in {} cases:\n{}",
        failures.len(),
        file.cases.len(),
        failures.join("\n")
    );
}
