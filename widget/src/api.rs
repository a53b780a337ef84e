//! Every HTTP call and every URL the widget makes, in one place.
//!
//! Requests go through `window.fetch` (web-sys); bodies are (de)serialized with the shared
//! `tally::api` types, so the widget and the server cannot disagree on the JSON shape.
//! The base URL is empty on Tally's own pages (same origin) and the Tally host when embedded
//! in a publisher's page ([`set_base`]).

use std::cell::RefCell;

use serde::de::DeserializeOwned;
use tally::api::{CheckRequest, CheckResponse, DocumentJson, ErrorBody};
use wasm_bindgen::{JsCast, JsValue};
use wasm_bindgen_futures::JsFuture;
use web_sys::{Headers, RequestInit, Response};

use crate::state::Outcome;

thread_local! {
    static BASE: RefCell<String> = const { RefCell::new(String::new()) };
}

/// Sets the origin (and path prefix) of the Tally server, without a trailing slash. Empty
/// means the page's own origin.
pub fn set_base(base: &str) {
    BASE.with(|b| *b.borrow_mut() = base.trim_end_matches('/').to_owned());
}

fn url(path: &str) -> String {
    BASE.with(|b| format!("{}{path}", b.borrow()))
}

/// Why a call failed.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum ApiError {
    /// No answer: network error, refused connection, CORS refusal, a gateway in front of a
    /// stopped server.
    Unreachable(String),
    /// The server answered with an error; `message` is its sentence for a person.
    Server {
        status: u16,
        code: String,
        message: String,
    },
    /// The answer was not what the API promises.
    Invalid(String),
}

impl ApiError {
    /// The message to show a person.
    pub fn message(&self) -> String {
        match self {
            ApiError::Unreachable(detail) => format!("Tally is unreachable ({detail})."),
            ApiError::Server { message, .. } => message.clone(),
            ApiError::Invalid(detail) => format!("Unexpected answer from Tally: {detail}"),
        }
    }
}

impl From<Result<CheckResponse, ApiError>> for Outcome {
    fn from(result: Result<CheckResponse, ApiError>) -> Self {
        match result {
            Ok(response) => Outcome::Checked(response),
            Err(ApiError::Unreachable(detail)) => Outcome::Unreachable(detail),
            Err(err) => Outcome::Error(err.message()),
        }
    }
}

/// `POST /v1/check`.
pub async fn check(text: &str, as_of: Option<&str>) -> Result<CheckResponse, ApiError> {
    let body = CheckRequest {
        text: text.to_owned(),
        as_of: as_of.map(str::to_owned),
    };
    let body = serde_json::to_string(&body).map_err(|e| ApiError::Invalid(e.to_string()))?;
    fetch_json("POST", &url("/v1/check"), Some(body)).await
}

/// `GET /v1/documents/{id}`.
pub async fn document(id: &str) -> Result<DocumentJson, ApiError> {
    let path = format!("/v1/documents/{}", tally::api::percent_encode(id));
    fetch_json("GET", &url(&path), None).await
}

/// The page of source document `doc`, landing on `quote` (the evidence's sentence) with the
/// figure at UTF-16 offset `figure_start` of the quote emphasised:
/// `/documents/{doc}?quote={quote}&at={figure_start}`.
pub fn document_page_url(doc: &str, quote: &str, figure_start: usize) -> String {
    url(&tally::api::document_page_path(doc, quote, figure_start))
}

/// The editor page.
pub fn editor_url() -> String {
    url("/")
}

fn js_detail(err: &JsValue) -> String {
    err.dyn_ref::<js_sys::Error>()
        .map(|e| String::from(e.message()))
        .or_else(|| err.as_string())
        .unwrap_or_else(|| "network error".to_owned())
}

/// `POST /v1/check?format=claimreview` for the page `page`: the ClaimReviews as JSON-LD text.
pub async fn claim_review(text: &str, as_of: Option<&str>, page: &str) -> Result<String, ApiError> {
    let body = CheckRequest {
        text: text.to_owned(),
        as_of: as_of.map(str::to_owned),
    };
    let body = serde_json::to_string(&body).map_err(|e| ApiError::Invalid(e.to_string()))?;
    let path = format!(
        "/v1/check?format=claimreview&url={}",
        tally::api::percent_encode(page)
    );
    fetch_text("POST", &url(&path), Some(body)).await
}

async fn fetch_json<T: DeserializeOwned>(
    method: &str,
    url: &str,
    body: Option<String>,
) -> Result<T, ApiError> {
    let text = fetch_text(method, url, body).await?;
    serde_json::from_str(&text).map_err(|e| ApiError::Invalid(e.to_string()))
}

/// The body of a successful answer, as text; an error answer as [`ApiError`].
async fn fetch_text(method: &str, url: &str, body: Option<String>) -> Result<String, ApiError> {
    let window = web_sys::window().ok_or_else(|| ApiError::Unreachable("no window".into()))?;
    let init = RequestInit::new();
    init.set_method(method);
    if let Some(body) = body {
        let headers = Headers::new().map_err(|e| ApiError::Invalid(js_detail(&e)))?;
        headers
            .set("Content-Type", "application/json")
            .map_err(|e| ApiError::Invalid(js_detail(&e)))?;
        init.set_headers(&headers);
        init.set_body(&JsValue::from_str(&body));
    }
    let answer = JsFuture::from(window.fetch_with_str_and_init(url, &init))
        .await
        .map_err(|e| ApiError::Unreachable(js_detail(&e)))?;
    let response: Response = answer
        .dyn_into()
        .map_err(|_| ApiError::Invalid("fetch did not return a Response".into()))?;
    let text = match response.text() {
        Ok(promise) => JsFuture::from(promise)
            .await
            .map_err(|e| ApiError::Unreachable(js_detail(&e)))?
            .as_string()
            .unwrap_or_default(),
        Err(e) => return Err(ApiError::Invalid(js_detail(&e))),
    };
    let status = response.status();
    if response.ok() {
        return Ok(text);
    }
    match serde_json::from_str::<ErrorBody>(&text) {
        Ok(body) => Err(ApiError::Server {
            status,
            code: body.error.code,
            message: body.error.message,
        }),
        // A gateway answering for a stopped server.
        Err(_) if matches!(status, 502..=504) => {
            Err(ApiError::Unreachable(format!("HTTP {status}")))
        }
        Err(_) => Err(ApiError::Server {
            status,
            code: "http_error".into(),
            message: format!("HTTP {status} {}", response.status_text()),
        }),
    }
}
