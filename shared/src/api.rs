//! The wire types of Tally's JSON interfaces, shared by the server, the CLI and the widget.
//!
//! Offsets come twice: `start`/`end` in UTF-16 code units (JavaScript string indexes) and
//! `byte_start`/`byte_end` in UTF-8 bytes. They are computed once, here, from the byte spans
//! that the rest of the crate uses.

use crate::claim::{Attribution, Claim, ClaimKind, Predicate, Subject};
use crate::hedge::{Hedge, Interval};
use crate::span::{Span, Utf16Index};
use crate::temporal::Temporal;
use crate::unit::Unit;
use serde::{Deserialize, Serialize};

/// A span in both offset systems.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct Offsets {
    pub start: usize,
    pub end: usize,
    pub byte_start: usize,
    pub byte_end: usize,
}

impl Offsets {
    pub fn new(span: Span, idx: &Utf16Index) -> Self {
        let r = idx.span(span);
        Offsets {
            start: r.start,
            end: r.end,
            byte_start: span.start,
            byte_end: span.end,
        }
    }
}

/// One extracted claim as the API sends it. `start`/`end` (UTF-16) and
/// `byte_start`/`byte_end` locate the figure; `text` is the figure as written.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ClaimJson {
    #[serde(flatten)]
    pub figure: Offsets,
    pub text: String,
    pub kind: ClaimKind,
    pub value: f64,
    pub interval: Interval,
    pub hedge: Hedge,
    pub spelled: bool,
    pub unit: Option<Unit>,
    pub subject: Option<Subject>,
    pub predicate: Option<Predicate>,
    pub attribution: Option<Attribution>,
    pub temporal: Option<Temporal>,
    /// The whole claim phrase ("more than 600 Palestinian prisoners").
    pub phrase: Offsets,
    pub phrase_text: String,
    /// The sentence the claim is in.
    pub sentence: Offsets,
    pub checkable: bool,
}

impl ClaimJson {
    pub fn new(claim: &Claim, text: &str, idx: &Utf16Index) -> Self {
        ClaimJson {
            figure: Offsets::new(claim.figure, idx),
            text: claim.figure.slice(text).to_string(),
            kind: claim.kind,
            value: claim.value,
            interval: claim.interval,
            hedge: claim.hedge,
            spelled: claim.spelled,
            unit: claim.unit.clone(),
            subject: claim.subject.clone(),
            predicate: claim.predicate.clone(),
            attribution: claim.attribution.clone(),
            temporal: claim.temporal.clone(),
            phrase: Offsets::new(claim.phrase, idx),
            phrase_text: claim.phrase.slice(text).to_string(),
            sentence: Offsets::new(claim.sentence, idx),
            checkable: claim.is_checkable(),
        }
    }
}

/// Extracts the claims of `text` in their wire form.
pub fn extract_json(text: &str) -> Vec<ClaimJson> {
    let idx = Utf16Index::new(text);
    crate::extract(text)
        .iter()
        .map(|c| ClaimJson::new(c, text, &idx))
        .collect()
}

/// The body of an error response: `{"error": {"code": "...", "message": "..."}}`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ErrorBody {
    pub error: ErrorDetail,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ErrorDetail {
    /// A stable, machine-readable code: "invalid_json", "body_too_large", ….
    pub code: String,
    /// One sentence for a person.
    pub message: String,
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn offsets_count_utf16_units_after_emoji() {
        let text = "🎉 Hamas freed 33 hostages";
        let claims = extract_json(text);
        let c = claims.iter().find(|c| c.text == "33").expect("33 found");
        assert_eq!(c.figure.byte_start, text.find("33").unwrap());
        assert_eq!(c.figure.start, c.figure.byte_start - 2); // 4 bytes, 2 UTF-16 units
        assert_eq!(c.figure.end - c.figure.start, 2);
    }
}
