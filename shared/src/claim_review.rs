//! A check as schema.org `ClaimReview`s (JSON-LD): the fact-check format search engines and
//! fact-check aggregators read. One review for each figure that is contradicted, outdated,
//! disputed or supported; an unverifiable figure has no rating to give.
//!
//! Google's structured-data documentation requires `claimReviewed`, `reviewRating` with
//! `alternateName`, and `url`; it recommends `author`, `datePublished`, `itemReviewed` (a
//! `Claim`) and the rating's `ratingValue`, `bestRating` and `worstRating`. All are written.

use crate::api::{CheckResponse, CheckedClaim};
use crate::check::Verdict;
use crate::corpus::Date;
use serde_json::{json, Value};

/// Who publishes the reviews, when, and where.
#[derive(Debug, Clone)]
pub struct Publication<'a> {
    /// The organization named as the reviews' author ("Tally" unless configured).
    pub author: &'a str,
    pub date: Date,
    /// The page the reviews are published on; each review's `url` is this page with the
    /// figure's anchor (`#figure-16`), as Google allows.
    pub page: &'a str,
    /// Where a source document is shown: its id is appended (`https://tally.example/documents/`).
    pub documents: &'a str,
}

/// The worst and best ratings of the scale [`rating`] uses.
pub const WORST: u8 = 1;
pub const BEST: u8 = 5;

/// A verdict as a rating from [`WORST`] (the sources say otherwise) to [`BEST`] (they agree),
/// with its name; `None` for a figure the sources say nothing about.
pub fn rating(v: Verdict) -> Option<(u8, &'static str)> {
    match v {
        Verdict::Contradicted => Some((1, "Contradicted by the sources")),
        Verdict::Outdated => Some((2, "Outdated: the sources have a newer figure")),
        Verdict::Disputed => Some((3, "Disputed: the sources disagree")),
        Verdict::Supported => Some((5, "Supported by the sources")),
        Verdict::Unverifiable => None,
    }
}

/// The reviews of a checked draft `text`, as a JSON-LD array of `ClaimReview`s.
pub fn claim_reviews(response: &CheckResponse, text: &str, publication: &Publication) -> Value {
    Value::Array(
        response
            .claims
            .iter()
            .filter_map(|c| review(c, text, publication))
            .collect(),
    )
}

fn review(c: &CheckedClaim, text: &str, p: &Publication) -> Option<Value> {
    let (value, name) = rating(c.verdict)?;
    let sentence = &c.claim.sentence;
    let claimed = text
        .get(sentence.byte_start..sentence.byte_end)
        .unwrap_or(&c.claim.phrase_text)
        .trim();
    let citations: Vec<Value> = c
        .evidence
        .iter()
        .map(|e| {
            json!({
                "@type": "CreativeWork",
                "name": e.title,
                "datePublished": e.published,
                "identifier": e.doc,
                "url": format!("{}{}", p.documents, e.doc),
            })
        })
        .collect();
    let publisher = json!({"@type": "Organization", "name": p.author});
    Some(json!({
        "@context": "https://schema.org",
        "@type": "ClaimReview",
        "url": format!("{}#figure-{}", p.page, c.claim.figure.start),
        "claimReviewed": claimed,
        "datePublished": p.date.to_string(),
        "author": publisher,
        "reviewBody": c.message,
        "reviewRating": {
            "@type": "Rating",
            "ratingValue": value,
            "bestRating": BEST,
            "worstRating": WORST,
            "alternateName": name,
        },
        "itemReviewed": {
            "@type": "Claim",
            "name": c.claim.phrase_text,
        },
        "citation": citations,
    }))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_rated_verdict_is_on_the_scale_and_named() {
        for v in Verdict::ALL {
            match rating(v) {
                Some((value, name)) => {
                    assert!((WORST..=BEST).contains(&value) && !name.is_empty(), "{v:?}");
                }
                None => assert_eq!(v, Verdict::Unverifiable),
            }
        }
    }
}
