//! `POST /v1/check` and `POST /v1/extract`.

use crate::body;
use crate::error::ApiError;
use crate::startup::AppState;
use actix_web::http::header::ContentType;
use actix_web::{web, HttpRequest, HttpResponse};
use serde::{Deserialize, Serialize};
use tally::api::{check_json_with, extract_json_with, ExtractResponse};
use tally::check::Verdict;
use tally::claim_review::{claim_reviews, Publication};
use tally::corpus::Date;

/// A body serialized where the work was done, on the blocking pool: the answer to a large
/// text can be tens of megabytes, and writing it on an async worker would hold up `/healthz`
/// and every other request that worker serves.
fn json_body<T: Serialize>(value: &T) -> Result<Vec<u8>, String> {
    serde_json::to_vec(value).map_err(|e| format!("cannot serialize a response: {e}"))
}

fn json_response(body: Result<Vec<u8>, String>) -> Result<HttpResponse, ApiError> {
    let body = body.map_err(ApiError::Internal)?;
    Ok(HttpResponse::Ok()
        .content_type(ContentType::json())
        .body(body))
}

/// The query of `POST /v1/check`: `format=claimreview` answers schema.org ClaimReviews, for
/// the page `url`.
#[derive(Debug, Deserialize)]
struct CheckQuery {
    format: Option<String>,
    url: Option<String>,
}

/// How a check is answered.
enum Format {
    Json,
    /// JSON-LD ClaimReviews for the page at this URL.
    ClaimReview {
        page: String,
        documents: String,
    },
}

/// Reads the query's `format` and `url` (defaulting to this server's editor page).
fn format_of(req: &HttpRequest) -> Result<Format, ApiError> {
    let query = web::Query::<CheckQuery>::from_query(req.query_string()).map_err(|e| {
        ApiError::InvalidParameter {
            name: "format",
            message: format!("cannot be read: {e}"),
        }
    })?;
    let info = req.connection_info();
    let origin = format!("{}://{}", info.scheme(), info.host());
    // A url is checked whatever the format: a parameter the API takes is never ignored.
    let url = query.url.as_deref().map(web_url).transpose()?;
    match query.format.as_deref() {
        None | Some("json") => Ok(Format::Json),
        Some("claimreview") => {
            let page = url.unwrap_or_else(|| format!("{origin}/"));
            Ok(Format::ClaimReview {
                page,
                documents: format!("{origin}/documents/"),
            })
        }
        Some(other) => Err(ApiError::InvalidParameter {
            name: "format",
            message: format!("is {other:?}: use json or claimreview"),
        }),
    }
}

/// `url` when it is an http(s) address a page can have (the rule documents' urls follow).
fn web_url(url: &str) -> Result<String, ApiError> {
    tally::submission::valid_url(url)
        .map(|()| url.to_string())
        .map_err(|message| ApiError::InvalidParameter {
            name: "url",
            message,
        })
}

/// Today's date by the server's clock (UTC).
fn today() -> Date {
    let secs = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map_or(0, |d| d.as_secs());
    Date::from_days_since_epoch((secs / 86_400) as i64)
}

/// Checks a draft: every figure with its verdict, message and evidence; or, with
/// `format=claimreview`, the ClaimReviews of the figures the sources rate.
pub async fn check(
    req: HttpRequest,
    payload: web::Payload,
    state: web::Data<AppState>,
) -> Result<HttpResponse, ApiError> {
    let format = format_of(&req)?;
    let content_type = match format {
        Format::Json => ContentType::json(),
        Format::ClaimReview { .. } => {
            ContentType("application/ld+json".parse().expect("a media type"))
        }
    };
    let request = body::request(&req, payload, &state.settings).await?;
    let as_of = body::as_of(&request)?;
    let st = state.clone();
    let (body, verdicts) = state
        .run(&req, request.text.len(), move |work| {
            // One version of the corpus for the whole check.
            let served = st.corpus.read();
            let response = check_json_with(&served.index, &request.text, as_of, work)?;
            drop(served);
            let mut verdicts = [0u64; Verdict::ALL.len()];
            for c in &response.claims {
                verdicts[Verdict::ALL
                    .iter()
                    .position(|v| *v == c.verdict)
                    .unwrap_or(0)] += 1;
            }
            let body = match &format {
                Format::Json => json_body(&response),
                Format::ClaimReview { page, documents } => {
                    let publication = Publication {
                        author: &st.settings.review_author,
                        date: today(),
                        page,
                        documents,
                    };
                    json_body(&claim_reviews(&response, &request.text, &publication))
                }
            };
            Ok((body, verdicts))
        })
        .await?;
    state.metrics.count_verdicts(verdicts);
    let body = body.map_err(ApiError::Internal)?;
    Ok(HttpResponse::Ok().content_type(content_type).body(body))
}

/// Extracts a draft's claims without judging them.
pub async fn extract(
    req: HttpRequest,
    payload: web::Payload,
    state: web::Data<AppState>,
) -> Result<HttpResponse, ApiError> {
    let request = body::request(&req, payload, &state.settings).await?;
    body::as_of(&request)?;
    let body = state
        .run(&req, request.text.len(), move |work| {
            let claims = extract_json_with(&request.text, work)?;
            Ok(json_body(&ExtractResponse { claims }))
        })
        .await?;
    json_response(body)
}
