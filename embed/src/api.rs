//! `POST /v1/check` on the Tally host, through `window.fetch`.
//!
//! The request and error bodies are the shared `tally::api` types. The answer is read into
//! [`Checked`], a view of `tally::api::CheckResponse` with only the fields the embed shows:
//! deserializing the whole response (units, subjects, temporals, flattened structs) would
//! double the size of the embed's WebAssembly. A test checks the view against a real
//! `tally::api::check_json` answer, so the two cannot drift apart unnoticed.

use std::cell::RefCell;

use serde::Deserialize;
use tally::api::{CheckRequest, ErrorBody};
use tally::check::Verdict;
use wasm_bindgen::{JsCast, JsValue};
use wasm_bindgen_futures::JsFuture;
use web_sys::{Headers, RequestInit, Response};

thread_local! {
    static BASE: RefCell<String> = const { RefCell::new(String::new()) };
}

/// Sets the origin (and path prefix) of the Tally server.
pub fn set_base(base: &str) {
    BASE.with(|b| *b.borrow_mut() = base.trim_end_matches('/').to_owned());
}

fn url(path: &str) -> String {
    BASE.with(|b| format!("{}{path}", b.borrow()))
}

/// The answer of `POST /v1/check`, as far as the embed reads it (a view of
/// `tally::api::CheckResponse`; unknown fields are ignored).
#[derive(Debug, Clone, PartialEq, Deserialize)]
pub struct Checked {
    pub claims: Vec<CheckedFigure>,
}

/// A view of `tally::api::CheckedClaim`.
#[derive(Debug, Clone, PartialEq, Deserialize)]
pub struct CheckedFigure {
    /// The figure's UTF-16 span in the checked text.
    pub start: usize,
    pub end: usize,
    /// The figure as written.
    pub text: String,
    /// The whole claim phrase.
    pub phrase_text: String,
    pub verdict: Verdict,
    pub message: String,
    pub evidence: Vec<Evidence>,
    /// Source figures near this one, not established as the same quantity (unverifiable
    /// figures only): context, never evidence.
    #[serde(default)]
    pub related: Vec<Evidence>,
}

/// A view of `tally::api::EvidenceJson`.
#[derive(Debug, Clone, PartialEq, Deserialize)]
pub struct Evidence {
    pub doc: String,
    pub title: String,
    pub published: String,
    pub quote: String,
    /// The figure's UTF-16 span in `quote`.
    pub quote_start: usize,
    pub quote_end: usize,
    /// The figure as written in the source.
    pub text: String,
    pub agrees: bool,
    /// Why it was taken as evidence, or for a related figure, what it does not share.
    #[serde(default)]
    pub why: Vec<String>,
}

/// Why a check failed.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum ApiError {
    /// No answer: network error, refused connection, CORS refusal, a gateway in front of a
    /// stopped server.
    Unreachable,
    /// The server answered with an error; its sentence for a person.
    Server(String),
    /// The answer was not what the API promises.
    Invalid(String),
}

impl ApiError {
    /// The message to show a person (for errors other than [`ApiError::Unreachable`], which
    /// the panel states on its own).
    pub fn message(&self) -> String {
        match self {
            ApiError::Unreachable => "Tally is unreachable.".to_owned(),
            ApiError::Server(message) => message.clone(),
            ApiError::Invalid(detail) => format!("Unexpected answer from Tally: {detail}"),
        }
    }
}

/// The page of source document `doc`, landing on `quote` with the figure at UTF-16 offset
/// `figure_start` of the quote emphasised (the same URL the editor's cards link to).
pub fn document_page_url(doc: &str, quote: &str, figure_start: usize) -> String {
    url(&tally::api::document_page_path(doc, quote, figure_start))
}

fn js_detail(err: &JsValue) -> String {
    err.dyn_ref::<js_sys::Error>()
        .map(|e| String::from(e.message()))
        .or_else(|| err.as_string())
        .unwrap_or_else(|| "network error".to_owned())
}

/// `POST /v1/check` with `text`.
pub async fn check(text: &str) -> Result<Checked, ApiError> {
    let body = CheckRequest {
        text: text.to_owned(),
        as_of: None,
    };
    let body = serde_json::to_string(&body).map_err(|e| ApiError::Invalid(e.to_string()))?;
    let window = web_sys::window().ok_or(ApiError::Unreachable)?;
    let init = RequestInit::new();
    init.set_method("POST");
    let headers = Headers::new().map_err(|e| ApiError::Invalid(js_detail(&e)))?;
    headers
        .set("Content-Type", "application/json")
        .map_err(|e| ApiError::Invalid(js_detail(&e)))?;
    init.set_headers(&headers);
    init.set_body(&JsValue::from_str(&body));
    let answer = JsFuture::from(window.fetch_with_str_and_init(&url("/v1/check"), &init))
        .await
        .map_err(|_| ApiError::Unreachable)?;
    let response: Response = answer
        .dyn_into()
        .map_err(|_| ApiError::Invalid("fetch did not return a Response".into()))?;
    let text = match response.text() {
        Ok(promise) => JsFuture::from(promise)
            .await
            .map_err(|_| ApiError::Unreachable)?
            .as_string()
            .unwrap_or_default(),
        Err(e) => return Err(ApiError::Invalid(js_detail(&e))),
    };
    let status = response.status();
    if let Some(performance) = window.performance() {
        let _ = performance.mark("tally-answer");
    }
    if response.ok() {
        return serde_json::from_str(&text).map_err(|e| ApiError::Invalid(e.to_string()));
    }
    match serde_json::from_str::<ErrorBody>(&text) {
        Ok(body) => Err(ApiError::Server(body.error.message)),
        // A gateway answering for a stopped server.
        Err(_) if matches!(status, 502..=504) => Err(ApiError::Unreachable),
        Err(_) => Err(ApiError::Server(format!(
            "HTTP {status} {}",
            response.status_text()
        ))),
    }
}

#[cfg(test)]
mod tests {
    use std::path::Path;

    use tally::check::index::CorpusIndex;
    use tally::corpus::Corpus;

    use super::*;

    /// The view reads what the server sends: a real answer from the seed corpus, serialized
    /// as the server does, read back field by field.
    #[test]
    fn the_view_reads_a_real_check_response() {
        let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("../corpus");
        let manifest = std::fs::read_to_string(dir.join("manifest.json")).unwrap();
        let corpus = Corpus::load(&manifest, |file| {
            std::fs::read_to_string(dir.join(file)).map_err(|e| e.to_string())
        })
        .unwrap();
        let index = CorpusIndex::build(corpus);
        let text = "Hamas has freed 35 hostages since the truce began. 🎉 About 1,200 were killed.";
        let response = tally::api::check_json(&index, text, None);
        let json = serde_json::to_string(&response).unwrap();
        let view: Checked = serde_json::from_str(&json).unwrap();

        assert!(!response.claims.is_empty());
        assert!(response.claims.iter().any(|c| !c.evidence.is_empty()));
        assert_eq!(view.claims.len(), response.claims.len());
        for (v, c) in view.claims.iter().zip(&response.claims) {
            assert_eq!((v.start, v.end), (c.claim.figure.start, c.claim.figure.end));
            assert_eq!(v.text, c.claim.text);
            assert_eq!(v.phrase_text, c.claim.phrase_text);
            assert_eq!(v.verdict, c.verdict);
            assert_eq!(v.message, c.message);
            assert_eq!(v.evidence.len(), c.evidence.len());
            for (ve, e) in v.evidence.iter().zip(&c.evidence) {
                assert_eq!(
                    (&ve.doc, &ve.title, &ve.published, &ve.quote, &ve.text),
                    (&e.doc, &e.title, &e.published, &e.quote, &e.text)
                );
                assert_eq!(
                    (ve.quote_start, ve.quote_end, ve.agrees),
                    (e.quote_start, e.quote_end, e.agrees)
                );
            }
        }
    }
}
