//! Figures of one draft that cannot all hold (issue 11, part 3): the labelled drafts of
//! `testdata/consistency/drafts.json` get exactly the findings they list, by kind and by the
//! figures each names, and the drafts that must get none get none. (Drafts of real reporting
//! must get none either: `real_reporting.rs` holds every set to that.)

use serde::Deserialize;
use tally::api::check_json;
use tally_tests::eval::Drafts;
use tally_tests::testdata;

#[derive(Debug, Deserialize)]
struct Draft {
    id: String,
    text: String,
    findings: Vec<Expected>,
}

#[derive(Debug, Deserialize, PartialEq)]
struct Expected {
    kind: String,
    figures: Vec<String>,
}

#[test]
fn drafts_get_the_consistency_findings_they_list_and_no_other() {
    let path = testdata().join("consistency/drafts.json");
    let file: Drafts<Draft> =
        serde_json::from_str(&std::fs::read_to_string(&path).expect("drafts.json"))
            .expect("parses");
    let index = tally_tests::seed_index();
    let mut wrong = Vec::new();
    let (mut fire, mut quiet) = (0, 0);
    for d in &file.drafts {
        let r = check_json(&index, &d.text, None);
        let got: Vec<Expected> = r
            .consistency
            .iter()
            .map(|f| Expected {
                kind: f.kind.clone(),
                figures: f
                    .claims
                    .iter()
                    .map(|&k| r.claims[k].claim.text.clone())
                    .collect(),
            })
            .collect();
        if d.findings.is_empty() {
            quiet += 1;
        } else {
            fire += 1;
        }
        if got != d.findings {
            wrong.push(format!("{}: got {got:?}, want {:?}", d.id, d.findings));
        }
    }
    println!(
        "testdata/consistency/drafts.json: {} of {} drafts right ({fire} with findings, {quiet} that must get none)",
        file.drafts.len() - wrong.len(),
        file.drafts.len()
    );
    assert!(
        fire > 0 && quiet > 0 && wrong.is_empty(),
        "{}",
        wrong.join("\n")
    );
}

#[test]
fn every_finding_names_checked_claims_and_says_why() {
    let index = tally_tests::seed_index();
    let r = check_json(
        &index,
        "Some 59 hostages remain in Gaza: 24 alive and 30 dead.",
        None,
    );
    assert_eq!(r.consistency.len(), 1, "{:?}", r.consistency);
    let f = &r.consistency[0];
    assert_eq!(f.kind, "sum");
    assert!(f.claims.iter().all(|&k| k < r.claims.len()));
    assert!(
        f.message.contains("54") && f.message.contains("59"),
        "{}",
        f.message
    );
}
