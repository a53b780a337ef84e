//! `POST /v1/check` and `POST /v1/extract`.

use crate::body;
use crate::error::ApiError;
use crate::startup::AppState;
use actix_web::http::header::ContentType;
use actix_web::{web, HttpRequest, HttpResponse};
use serde::Serialize;
use tally::api::{check_json_with, extract_json_with, ExtractResponse};
use tally::check::Verdict;

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

/// Checks a draft: every figure with its verdict, message and evidence.
pub async fn check(
    req: HttpRequest,
    payload: web::Payload,
    state: web::Data<AppState>,
) -> Result<HttpResponse, ApiError> {
    let request = body::request(&req, payload, &state.settings).await?;
    let as_of = body::as_of(&request)?;
    let st = state.clone();
    let (body, verdicts) = state
        .run(&req, request.text.len(), move |work| {
            let response = check_json_with(&st.index, &request.text, as_of, work)?;
            let mut verdicts = [0u64; Verdict::ALL.len()];
            for c in &response.claims {
                verdicts[Verdict::ALL
                    .iter()
                    .position(|v| *v == c.verdict)
                    .unwrap_or(0)] += 1;
            }
            Ok((json_body(&response), verdicts))
        })
        .await?;
    state.metrics.count_verdicts(verdicts);
    json_response(body)
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
