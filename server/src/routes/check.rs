//! `POST /v1/check` and `POST /v1/extract`.

use super::blocking;
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
    let request = body::request(&req, payload, &state.settings).await?;
    let as_of = match request.as_of.as_deref() {
        None => None,
        Some(s) => Some(Date::parse(s).ok_or_else(|| ApiError::InvalidAsOf(s.to_string()))?),
    };
    let st = state.clone();
    let response = blocking(move || check_json(&st.index, &request.text, as_of)).await?;
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
    let request = body::request(&req, payload, &state.settings).await?;
    body::as_of(&request)?;
    let claims = blocking(move || extract_json(&request.text)).await?;
    Ok(HttpResponse::Ok().json(ExtractResponse { claims }))
}
