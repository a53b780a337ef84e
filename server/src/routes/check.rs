//! `POST /v1/check` and `POST /v1/extract`.

use crate::body;
use crate::error::ApiError;
use crate::startup::AppState;
use actix_web::{web, HttpRequest, HttpResponse};
use tally::api::{check_json_with, extract_json_with, ExtractResponse};

/// Checks a draft: every figure with its verdict, message and evidence.
pub async fn check(
    req: HttpRequest,
    payload: web::Payload,
    state: web::Data<AppState>,
) -> Result<HttpResponse, ApiError> {
    let request = body::request(&req, payload, &state.settings).await?;
    let as_of = body::as_of(&request)?;
    let st = state.clone();
    let response = state
        .run(&req, move |work| {
            check_json_with(&st.index, &request.text, as_of, work)
        })
        .await?;
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
    let claims = state
        .run(&req, move |work| extract_json_with(&request.text, work))
        .await?;
    Ok(HttpResponse::Ok().json(ExtractResponse { claims }))
}
