//! `POST /v1/check` and `POST /v1/extract`.

use crate::body;
use crate::error::ApiError;
use crate::startup::AppState;
use actix_web::{web, HttpRequest, HttpResponse};
use tally::api::{check_json, extract_json, ExtractResponse};
use tally::corpus::Date;

/// Checks a draft: every figure with its verdict, message and evidence.
pub async fn check(
    req: HttpRequest,
    payload: web::Payload,
    state: web::Data<AppState>,
) -> Result<HttpResponse, ApiError> {
    let bytes = body::read(&req, payload, &state.settings).await?;
    let request = body::parse_request(&req, bytes)?;
    let as_of = match request.as_of.as_deref() {
        None => None,
        Some(s) => Some(Date::parse(s).ok_or_else(|| ApiError::InvalidAsOf(s.to_string()))?),
    };
    // Checking is CPU work: run it on the blocking pool so slow drafts do not stall others.
    let st = state.clone();
    let response = web::block(move || check_json(&st.index, &request.text, as_of))
        .await
        .map_err(|e| ApiError::Internal(format!("check task failed: {e}")))?;
    state
        .metrics
        .count_verdicts(response.claims.iter().map(|c| c.verdict));
    Ok(HttpResponse::Ok().json(response))
}

/// Extracts a draft's claims without judging them.
pub async fn extract(
    req: HttpRequest,
    payload: web::Payload,
    state: web::Data<AppState>,
) -> Result<HttpResponse, ApiError> {
    let bytes = body::read(&req, payload, &state.settings).await?;
    let request = body::parse_request(&req, bytes)?;
    let claims = web::block(move || extract_json(&request.text))
        .await
        .map_err(|e| ApiError::Internal(format!("extract task failed: {e}")))?;
    Ok(HttpResponse::Ok().json(ExtractResponse { claims }))
}
