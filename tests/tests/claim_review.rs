//! A check as schema.org ClaimReviews (issue 11, part 4), validated against the properties
//! Google's structured-data documentation lists (`testdata/claimreview/google-properties.json`):
//! every review has each required and recommended property, with the right types, a rating on
//! its own scale and dates in ISO 8601; unverifiable figures get no review.

use serde::Deserialize;
use serde_json::Value;
use std::collections::HashMap;
use tally::api::check_json;
use tally::claim_review::{claim_reviews, Publication};
use tally::corpus::Date;
use tally_tests::testdata;

#[derive(Debug, Deserialize)]
struct Properties {
    required: Vec<String>,
    recommended: Vec<String>,
    types: HashMap<String, String>,
}

/// The value at a dotted path ("reviewRating.alternateName"); the whole value for "".
fn at<'a>(v: &'a Value, path: &str) -> Option<&'a Value> {
    if path.is_empty() {
        return Some(v);
    }
    path.split('.').try_fold(v, |v, key| v.get(key))
}

fn present(v: Option<&Value>) -> bool {
    match v {
        None | Some(Value::Null) => false,
        Some(Value::String(s)) => !s.trim().is_empty(),
        Some(Value::Array(a)) => !a.is_empty(),
        Some(Value::Object(o)) => !o.is_empty(),
        Some(_) => true,
    }
}

#[test]
fn claim_reviews_have_every_property_google_lists() {
    let text = std::fs::read_to_string(testdata().join("claimreview/google-properties.json"))
        .expect("google-properties.json");
    let props: Properties = serde_json::from_str(&text).expect("parses");
    let index = tally_tests::seed_index();
    let draft = "Hamas has freed 35 hostages since the truce began. \
        Some 59 hostages remain in Gaza. A storm in Texas killed 14 people.";
    let response = check_json(&index, draft, None);
    let publication = Publication {
        author: "Tally",
        date: Date::parse("2026-12-02").expect("a date"),
        page: "https://news.example/checks/draft-1",
        documents: "https://tally.example/documents/",
    };
    let reviews = claim_reviews(&response, draft, &publication);
    let reviews = reviews.as_array().expect("an array of reviews");
    let rated = response
        .claims
        .iter()
        .filter(|c| c.verdict != tally::check::Verdict::Unverifiable)
        .count();
    assert!(rated >= 2, "the draft has rated figures: {rated}");
    assert_eq!(
        reviews.len(),
        rated,
        "one review per rated figure, none for unverifiable"
    );
    for r in reviews {
        assert_eq!(r["@context"], "https://schema.org");
        for p in props.required.iter().chain(&props.recommended) {
            assert!(present(at(r, p)), "missing {p} in {r:#}");
        }
        for (p, t) in &props.types {
            assert_eq!(
                at(r, p).and_then(|v| v.get("@type")),
                Some(&Value::from(t.as_str())),
                "{p}"
            );
        }
        let rating = &r["reviewRating"];
        let value = rating["ratingValue"].as_u64().expect("a number");
        let (worst, best) = (
            rating["worstRating"].as_u64(),
            rating["bestRating"].as_u64(),
        );
        assert!(worst <= Some(value) && Some(value) <= best, "{rating}");
        let date = r["datePublished"].as_str().expect("a date");
        assert!(Date::parse(date).is_some(), "{date}");
        let url = r["url"].as_str().expect("a url");
        assert!(
            url.starts_with("https://news.example/checks/draft-1#figure-"),
            "{url}"
        );
        assert!(draft.contains(r["claimReviewed"].as_str().expect("text")));
        for c in r["citation"].as_array().expect("citations") {
            assert!(
                Date::parse(c["datePublished"].as_str().unwrap_or("")).is_some(),
                "{c}"
            );
            assert!(present(c.get("name")), "{c}");
        }
    }
}
