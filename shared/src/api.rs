//! The wire types of Tally's JSON interfaces, shared by the server, the CLI and the widget.
//!
//! Offsets come twice: `start`/`end` in UTF-16 code units (JavaScript string indexes) and
//! `byte_start`/`byte_end` in UTF-8 bytes. They are computed once, here, from the byte spans
//! that the rest of the crate uses.

use crate::check::features::Features;
use crate::check::index::CorpusIndex;
use crate::check::EvidenceItem;
use crate::claim::{Attribution, Claim, ClaimKind, Predicate, Subject};
use crate::corpus::Date;
use crate::hedge::{Hedge, Interval};
use crate::span::{Span, Utf16Index};
use crate::temporal::Temporal;
use crate::unit::Unit;
use crate::work::{Stopped, Work};
use serde::{Deserialize, Serialize};
use std::collections::{HashMap, HashSet};

/// A span in both offset systems.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, schemars::JsonSchema)]
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
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, schemars::JsonSchema)]
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
    extract_json_with(text, &Work::new()).unwrap_or_default()
}

/// [`extract_json`], counting the work on `work` and stopping when it says so.
pub fn extract_json_with(text: &str, work: &Work) -> Result<Vec<ClaimJson>, Stopped> {
    let claims = crate::extract::extract_with(text, work)?;
    let idx = Utf16Index::new(text);
    work.add(claims.len() as u64);
    Ok(claims
        .iter()
        .map(|c| ClaimJson::new(c, text, &idx))
        .collect())
}

/// The body of `POST /v1/check` (and `POST /v1/extract`, which ignores `as_of`).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, schemars::JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct CheckRequest {
    /// The draft, as plain text.
    pub text: String,
    /// Only sources published on or before this date (`YYYY-MM-DD`) count.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[schemars(extend("format" = "date"))]
    pub as_of: Option<String>,
}

/// Why a check or extract request body was refused, before any checking.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum RequestError {
    /// The body is not JSON, or not the shape of [`CheckRequest`].
    #[error("the body is not a valid request: {0}")]
    InvalidJson(String),
    /// The body is not UTF-8; `offset` is the first bad byte.
    #[error("the body is not valid UTF-8 (first bad byte at offset {offset})")]
    InvalidUtf8 { offset: usize },
    /// Neither `application/json` nor `text/plain`.
    #[error("content type {0:?} is not supported")]
    UnsupportedMediaType(String),
}

/// Parses a check or extract request body as the server receives it: a JSON
/// [`CheckRequest`] (`application/json`, or no content type) or the draft itself
/// (`text/plain`). Parameters such as `charset` are ignored; the body must be UTF-8.
pub fn parse_request(
    content_type: Option<&str>,
    body: Vec<u8>,
) -> Result<CheckRequest, RequestError> {
    let content_type = content_type.unwrap_or("application/json");
    let mime = content_type
        .split(';')
        .next()
        .unwrap_or("")
        .trim()
        .to_ascii_lowercase();
    if !matches!(mime.as_str(), "application/json" | "" | "text/plain") {
        return Err(RequestError::UnsupportedMediaType(content_type.to_string()));
    }
    let text = String::from_utf8(body).map_err(|e| RequestError::InvalidUtf8 {
        offset: e.utf8_error().valid_up_to(),
    })?;
    if mime == "text/plain" {
        return Ok(CheckRequest { text, as_of: None });
    }
    // serde reads a struct from an array of its fields too (`["draft", "2025-03-01"]`); the
    // API promises an object only.
    if text
        .trim_start_matches([' ', '\t', '\n', '\r'])
        .starts_with('[')
    {
        return Err(RequestError::InvalidJson(
            "expected a JSON object such as {\"text\": \"...\"}, found an array".to_string(),
        ));
    }
    serde_json::from_str(&text).map_err(|e| RequestError::InvalidJson(e.to_string()))
}

/// Which corpus answered.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, schemars::JsonSchema)]
pub struct CorpusInfo {
    pub documents: usize,
    /// A hash of the corpus content: answers from the same version are comparable.
    pub version: String,
}

/// One corpus claim cited as evidence.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, schemars::JsonSchema)]
pub struct EvidenceJson {
    /// The document's id, title and publication date.
    pub doc: String,
    pub title: String,
    pub published: String,
    /// The sentence quoted, and the figure's place in it (UTF-16 code units of `quote`).
    pub quote: String,
    pub quote_start: usize,
    pub quote_end: usize,
    /// The figure as written in the source, its value (in its own unit) and interval.
    pub text: String,
    pub value: f64,
    pub interval: Interval,
    pub unit: Option<Unit>,
    /// Whether it agrees with the draft's figure.
    pub agrees: bool,
    /// Why this claim was taken as evidence.
    pub why: Vec<String>,
    pub score: f64,
}

/// One checked claim of the draft: the extracted claim, its verdict, a sentence for the
/// editor, and the evidence.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, schemars::JsonSchema)]
pub struct CheckedClaim {
    #[serde(flatten)]
    pub claim: ClaimJson,
    pub verdict: crate::check::Verdict,
    pub message: String,
    pub evidence: Vec<EvidenceJson>,
    /// For an `unverifiable` figure, the nearest source figures that are not established as
    /// the same quantity (their `why` says what they do not share): context for the editor,
    /// never evidence. Empty for every other verdict.
    #[serde(default)]
    pub related: Vec<EvidenceJson>,
    /// For a `contradicted` or `outdated` figure, the source's figure written the way the
    /// draft writes its own, to put in place of `replace`; `null` for every other verdict, or
    /// when the figure cannot be rewritten alone (a range, a fraction).
    #[serde(default)]
    pub suggestion: Option<Suggestion>,
}

/// A fix for a flagged figure: the source's figure as the draft would write it ("thirty-three"
/// for a spelled figure, "about 59" when the draft hedges), its value, and the source.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, schemars::JsonSchema)]
pub struct Suggestion {
    /// The text to put in place of `replace`.
    pub text: String,
    /// The value `text` states, in the draft figure's unit.
    pub value: f64,
    /// The id of the document that gives it.
    pub doc: String,
    /// What `text` replaces: the figure, with the draft's hedge words when it has them
    /// ("about 35").
    pub replace: Offsets,
}

/// What the editor's and the embed's cards say above a figure's related source figures.
pub const RELATED_HEAD: &str =
    "Related, not evidence: nearby figures the sources give for another occasion, place or time";

/// What a related source figure does not share with the draft's, from its `why` ("the source
/// does not name Sunday"), joined for a card; empty when it names all of the draft's frame.
pub fn unshared(why: &[String]) -> String {
    why.iter()
        .filter(|w| w.starts_with(crate::check::matching::UNNAMED))
        .map(String::as_str)
        .collect::<Vec<_>>()
        .join("; ")
}

/// The response of `POST /v1/check`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, schemars::JsonSchema)]
pub struct CheckResponse {
    pub claims: Vec<CheckedClaim>,
    /// Figures of the draft that cannot all hold, whatever the sources say.
    #[serde(default)]
    pub consistency: Vec<ConsistencyJson>,
    pub corpus: CorpusInfo,
}

/// Figures of one draft that cannot all hold: `restated` when two state the same quantity
/// with values that disagree, `sum` when parts cannot make their stated total (the total
/// first). `claims` are indexes into the response's `claims`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, schemars::JsonSchema)]
pub struct ConsistencyJson {
    /// `restated` or `sum`.
    pub kind: String,
    pub claims: Vec<usize>,
    pub message: String,
}

/// The response of `POST /v1/extract`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, schemars::JsonSchema)]
pub struct ExtractResponse {
    pub claims: Vec<ClaimJson>,
}

impl CorpusInfo {
    pub fn of(index: &CorpusIndex) -> Self {
        CorpusInfo {
            documents: index.document_count(),
            version: index.corpus.version.clone(),
        }
    }
}

/// Builds the evidence entry for corpus claim `k`.
pub fn evidence_json(index: &CorpusIndex, item: &EvidenceItem) -> EvidenceJson {
    let ic = &index.claims[item.claim];
    let doc = &index.corpus.documents[ic.doc];
    let quote = ic.sentence.slice(&doc.text);
    let rel = Span::new(
        ic.figure.start - ic.sentence.start,
        ic.figure.end - ic.sentence.start,
    );
    let q = Utf16Index::new(quote).span(rel);
    EvidenceJson {
        doc: doc.id.clone(),
        title: doc.title.clone(),
        published: doc.published.to_string(),
        quote: quote.to_string(),
        quote_start: q.start,
        quote_end: q.end,
        text: ic.figure.slice(&doc.text).to_string(),
        value: ic.value,
        interval: ic.interval,
        unit: ic.unit.as_deref().cloned(),
        agrees: item.agrees,
        why: item.why.clone(),
        score: (item.score * 100.0).round() / 100.0,
    }
}

/// The fix corpus claim `k` offers for the draft's `claim`: its value in the draft's unit,
/// written like the draft's figure, behind the draft's hedge if it has one.
fn suggestion(
    index: &CorpusIndex,
    k: usize,
    claim: &Claim,
    text: &str,
    idx: &Utf16Index,
) -> Option<Suggestion> {
    let source = &index.claims[k];
    let doc = &index.corpus.documents[source.doc];
    let loose = |h: Hedge| matches!(h, Hedge::Range | Hedge::Vague);
    if loose(claim.hedge) || loose(source.features.hedge) {
        return None;
    }
    let value = match (&claim.unit, source.unit.as_deref()) {
        (None, None) => source.value,
        (Some(a), Some(b)) if a.comparable(b) => b.to_base(source.value) / a.to_base(1.0),
        _ => return None,
    };
    let style = crate::number::write::style_of(claim.figure.slice(text))?;
    let figure = crate::number::write::write(value, &style)?;
    // Behind the draft's own hedge ("about 35" → "about 59"): the draft's way of writing.
    let (start, text_out) = match hedge_words(text, claim.phrase, claim.figure) {
        Some(h) => (claim.phrase.start, format!("{h} {figure}")),
        None => (claim.figure.start, figure),
    };
    Some(Suggestion {
        text: text_out,
        value,
        doc: doc.id.clone(),
        replace: Offsets::new(Span::new(start, claim.figure.end), idx),
    })
}

/// The hedge words written before a figure ("about", "more than"), as written, when the
/// text between its phrase's start and the figure is exactly one of them.
fn hedge_words(text: &str, phrase: Span, figure: Span) -> Option<&str> {
    let before = text.get(phrase.start..figure.start)?.trim_end();
    let words: Vec<String> = before
        .split_whitespace()
        .map(str::to_ascii_lowercase)
        .collect();
    crate::hedge::HEDGES_BEFORE
        .iter()
        .any(|(hedge, _)| {
            hedge.len() == words.len() && hedge.iter().zip(&words).all(|(a, b)| a == b)
        })
        .then_some(before)
        .filter(|b| !b.is_empty())
}

/// Checks `text` against the corpus as of `as_of` and builds the response.
pub fn check_json(index: &CorpusIndex, text: &str, as_of: Option<Date>) -> CheckResponse {
    let response = check_json_with(index, text, as_of, &Work::new());
    response.unwrap_or_else(|Stopped| CheckResponse {
        claims: Vec::new(),
        consistency: Vec::new(),
        corpus: CorpusInfo::of(index),
    })
}

/// [`check_json`], counting the work on `work` and stopping when it says so.
pub fn check_json_with(
    index: &CorpusIndex,
    text: &str,
    as_of: Option<Date>,
    work: &Work,
) -> Result<CheckResponse, Stopped> {
    let claims = crate::extract::extract_with(text, work)?;
    let interner = &mut crate::check::features::Interner::default();
    let feats = Features::of_text_with(text, &claims, None, interner, work)?;
    let judgements = crate::check::judge_all(index, text, &claims, &feats, as_of, work)?;
    let idx = Utf16Index::new(text);
    work.add(claims.len() as u64);
    // The response lists the checked claims only: where each claim sits in it.
    let mut at = Vec::with_capacity(claims.len());
    let mut n = 0;
    for j in &judgements {
        at.push(j.is_some().then_some(n));
        n += usize::from(j.is_some());
    }
    let consistency = crate::check::consistency::findings(text, &claims, &feats)
        .into_iter()
        .filter_map(|f| {
            Some(ConsistencyJson {
                kind: f.kind.as_str().to_string(),
                claims: f.claims.iter().map(|&k| at[k]).collect::<Option<_>>()?,
                message: f.message,
            })
        })
        .collect();
    let checked = claims
        .iter()
        .zip(judgements)
        .filter_map(|(c, j)| {
            let j = j?;
            Some(CheckedClaim {
                claim: ClaimJson::new(c, text, &idx),
                verdict: j.verdict,
                message: j.message,
                evidence: j.evidence.iter().map(|e| evidence_json(index, e)).collect(),
                related: j.related.iter().map(|e| evidence_json(index, e)).collect(),
                suggestion: j.fix.and_then(|k| suggestion(index, k, c, text, &idx)),
            })
        })
        .collect();
    Ok(CheckResponse {
        claims: checked,
        consistency,
        corpus: CorpusInfo::of(index),
    })
}

/// A corpus document, without its text.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, schemars::JsonSchema)]
pub struct DocumentSummary {
    pub id: String,
    pub title: String,
    pub published: String,
    pub date_basis: Option<String>,
    /// Where the article is published, when the corpus knows.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub url: Option<String>,
}

impl DocumentSummary {
    pub fn of(doc: &crate::corpus::Document) -> Self {
        DocumentSummary {
            id: doc.id.clone(),
            title: doc.title.clone(),
            published: doc.published.to_string(),
            date_basis: doc.date_basis.clone(),
            url: doc.url.clone(),
        }
    }
}

/// A document to add to the corpus (`POST /v1/documents`, `PUT /v1/documents/{id}`, one line of
/// an import). Read field by field by [`crate::submission::document`], so that each problem names
/// its field; unknown fields are refused.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, schemars::JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct NewDocument {
    /// Letters, digits, `_`, `-` or `.`, at most 128. Without one, an id is made from the
    /// document's title, date and text (`doc-` and 16 hex digits). `PUT` takes it from the path.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub id: Option<String>,
    /// One line of plain text, at most 1,000 characters.
    pub title: String,
    /// The publication date, YYYY-MM-DD: what the article's figures are dated by.
    #[schemars(extend("format" = "date"))]
    pub published: String,
    /// The article's text, at most 1 MiB, not only whitespace.
    pub text: String,
    /// Where the article is published: an http or https address.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub url: Option<String>,
    /// How the publication date was established, when it is not a dateline.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub date_basis: Option<String>,
}

impl From<&crate::corpus::Document> for NewDocument {
    /// A corpus document as the write API takes it.
    fn from(d: &crate::corpus::Document) -> Self {
        NewDocument {
            id: Some(d.id.clone()),
            title: d.title.clone(),
            published: d.published.to_string(),
            text: d.text.clone(),
            url: d.url.clone(),
            date_basis: d.date_basis.clone(),
        }
    }
}

impl NewDocument {
    /// The fields a document may have.
    pub const FIELDS: [&'static str; 6] = ["id", "title", "published", "text", "url", "date_basis"];
}

/// The answer to a write: the document written or removed, and the corpus version that has
/// it. A check answered with this version or a later one uses the change.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, schemars::JsonSchema)]
pub struct WriteResponse {
    pub id: String,
    pub version: String,
}

/// The answer to an import (`POST /v1/documents/import`): how many documents were written,
/// the version that has them, and every line refused, with why.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, schemars::JsonSchema)]
pub struct ImportResponse {
    pub imported: usize,
    pub version: String,
    pub rejected: Vec<RejectedDocument>,
}

/// A line of an import that was not written.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, schemars::JsonSchema)]
pub struct RejectedDocument {
    /// The line's number, from 1.
    pub line: usize,
    /// The document's id, when the line has one.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub id: Option<String>,
    /// The field at fault (`title`, `published`, …), or `document` for the whole line.
    pub field: String,
    pub message: String,
}

/// A corpus document with its text and claims (`GET /v1/documents/{id}`).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, schemars::JsonSchema)]
pub struct DocumentJson {
    #[serde(flatten)]
    pub summary: DocumentSummary,
    pub text: String,
    pub claims: Vec<ClaimJson>,
}

/// A quantity on which the corpus's sources disagree (`GET /v1/conflicts`).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, schemars::JsonSchema)]
pub struct ConflictJson {
    /// What is counted and said, e.g. "person · killed".
    pub quantity: String,
    /// `disagreement` (the sources differ) or `changed_over_time` (a newer source gives a new
    /// value of a quantity that changes, such as hostages still held).
    pub kind: String,
    /// The disagreeing claims, source by source, in corpus order: at most
    /// [`CONFLICT_CLAIMS`].
    pub claims: Vec<EvidenceJson>,
    /// More claims dispute this quantity than are listed.
    pub truncated: bool,
}

/// A conflict lists at most this many claims: on a corpus of thousands of articles on one
/// beat, a quantity such as "person · killed" has thousands of disagreeing figures.
pub const CONFLICT_CLAIMS: usize = 50;

/// Every quantity on which two sources of the corpus disagree: pairs of claims that dispute
/// each other in the sense of [`crate::check::disputes`], grouped by what they count and say.
/// On a large corpus each claim is compared with the bounded candidates of
/// [`CorpusIndex::candidates`], and a group full with [`CONFLICT_CLAIMS`] claims stops
/// looking for more.
pub fn conflicts(index: &CorpusIndex) -> Vec<ConflictJson> {
    const KINDS: [&str; 2] = ["disagreement", "changed_over_time"];
    let mut out: Vec<ConflictJson> = Vec::new();
    let mut groups: HashMap<(String, &str), usize> = HashMap::new();
    // (group, document, quoted sentence, figure's offset in it): each claim once per group.
    let mut listed: HashSet<(usize, usize, &str, usize)> = HashSet::new();
    for (a, ca) in index.claims.iter().enumerate() {
        if !index.is_live(a) {
            continue;
        }
        let quantity = format!(
            "{} · {}",
            ca.features.subject.as_deref().unwrap_or("?"),
            ca.features.predicate.as_deref().unwrap_or("?")
        );
        let changes = crate::check::changes_over_time(ca.features.predicate.as_deref());
        // This claim's group of each kind, once it exists.
        let mut own: [Option<usize>; 2] =
            KINDS.map(|kind| groups.get(&(quantity.clone(), kind)).copied());
        for b in index.candidates(&ca.features, None, &[]) {
            if b <= a {
                continue;
            }
            let kind = usize::from(changes && index.published(a) != index.published(b));
            let full = own[kind].is_some_and(|g| out[g].truncated);
            if full || !crate::check::disputes(index, a, b) {
                continue;
            }
            let m =
                crate::check::matching::compare_sources(&ca.features, &index.claims[b].features)
                    .expect("disputing claims match");
            let group = *own[kind].get_or_insert_with(|| {
                out.push(ConflictJson {
                    quantity: quantity.clone(),
                    kind: KINDS[kind].to_string(),
                    claims: Vec::new(),
                    truncated: false,
                });
                groups.insert((quantity.clone(), KINDS[kind]), out.len() - 1);
                out.len() - 1
            });
            for k in [a, b] {
                let c = &index.claims[k];
                let quote = c.sentence.slice(&index.corpus.documents[c.doc].text);
                if !listed.insert((group, c.doc, quote, c.figure.start - c.sentence.start)) {
                    continue;
                }
                if out[group].claims.len() == CONFLICT_CLAIMS {
                    out[group].truncated = true;
                    break;
                }
                let e = EvidenceItem {
                    claim: k,
                    agrees: false,
                    score: m.score,
                    why: m.why.clone(),
                    strong: m.strong,
                };
                out[group].claims.push(evidence_json(index, &e));
            }
        }
    }
    out
}

/// Percent-encodes a URL path segment or query component: everything but the RFC 3986
/// unreserved characters.
pub fn percent_encode(value: &str) -> String {
    const HEX: &[u8; 16] = b"0123456789ABCDEF";
    let mut out = String::with_capacity(value.len());
    for byte in value.bytes() {
        if byte.is_ascii_alphanumeric() || matches!(byte, b'-' | b'_' | b'.' | b'~') {
            out.push(char::from(byte));
        } else {
            out.push('%');
            out.push(char::from(HEX[usize::from(byte >> 4)]));
            out.push(char::from(HEX[usize::from(byte & 0xf)]));
        }
    }
    out
}

/// The path of a source document's page that lands on `quote` (an evidence's sentence) with
/// the figure at UTF-16 offset `figure_start` of the quote emphasised; the editor's and the
/// embed's cards both link to it: `/documents/{doc}?quote={quote}&at={figure_start}`.
pub fn document_page_path(doc: &str, quote: &str, figure_start: usize) -> String {
    format!(
        "/documents/{}?quote={}&at={figure_start}",
        percent_encode(doc),
        percent_encode(quote)
    )
}

/// The body of an error response: `{"error": {"code": "...", "message": "..."}}`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, schemars::JsonSchema)]
pub struct ErrorBody {
    pub error: ErrorDetail,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, schemars::JsonSchema)]
pub struct ErrorDetail {
    /// A stable, machine-readable code: "invalid_json", "body_too_large", ….
    pub code: String,
    /// One sentence for a person.
    pub message: String,
    /// For an invalid document: the field at fault (`title`, `published`, …).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub field: Option<String>,
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn document_links_are_percent_encoded() {
        assert_eq!(percent_encode("004_f4-2.c~"), "004_f4-2.c~");
        assert_eq!(
            percent_encode("a b&c=d/é\"<"),
            "a%20b%26c%3Dd%2F%C3%A9%22%3C"
        );
        assert_eq!(
            percent_encode("Hamas released 33 hostages & “more”"),
            "Hamas%20released%2033%20hostages%20%26%20%E2%80%9Cmore%E2%80%9D"
        );
        assert_eq!(
            document_page_path("000_e1", "33 hostages", 3),
            "/documents/000_e1?quote=33%20hostages&at=3"
        );
    }

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
