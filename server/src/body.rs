//! Reading request bodies: the size limit, the content type and UTF-8, each failing with a
//! clear [`ApiError`] rather than actix's plain-text defaults.

use crate::error::ApiError;
use crate::startup::Settings;
use actix_web::http::header::CONTENT_TYPE;
use actix_web::{web, HttpRequest};
use tally::api::CheckRequest;
use tally::corpus::Date;

/// Reads and parses a check or extract request.
pub async fn request(
    req: &HttpRequest,
    payload: web::Payload,
    settings: &Settings,
) -> Result<CheckRequest, ApiError> {
    let bytes = read(req, payload, settings.body_limit, settings.request_timeout).await?;
    parse_request(req, bytes)
}

/// The request's `as_of`, parsed: a present but malformed date is refused with 422, also by
/// `/v1/extract`, which has no use for it but takes the same body, declared with `format: date`.
pub fn as_of(request: &CheckRequest) -> Result<Option<Date>, ApiError> {
    request
        .as_of
        .as_deref()
        .map(|s| Date::parse(s).ok_or_else(|| ApiError::InvalidAsOf(s.to_string())))
        .transpose()
}

/// Reads the whole body, refusing more than `limit` bytes or a body slower than `timeout`.
pub async fn read(
    req: &HttpRequest,
    payload: web::Payload,
    limit: usize,
    timeout: std::time::Duration,
) -> Result<Vec<u8>, ApiError> {
    let declared = req
        .headers()
        .get(actix_web::http::header::CONTENT_LENGTH)
        .and_then(|v| v.to_str().ok())
        .and_then(|v| v.parse::<usize>().ok());
    if declared.is_some_and(|n| n > limit) {
        return Err(ApiError::TooLarge { limit });
    }
    // A client that dribbles its body is cut off after the request timeout.
    let read = actix_web::rt::time::timeout(timeout, payload.to_bytes_limited(limit));
    match read.await {
        Err(_) => Err(ApiError::Timeout),
        Ok(Ok(Ok(bytes))) => Ok(bytes.to_vec()),
        Ok(Ok(Err(e))) => Err(ApiError::InvalidJson(format!(
            "the body could not be read ({e})"
        ))),
        Ok(Err(_)) => Err(ApiError::TooLarge { limit }),
    }
}

/// Parses the body by its content type (see [`tally::api::parse_request`]).
fn parse_request(req: &HttpRequest, body: Vec<u8>) -> Result<CheckRequest, ApiError> {
    let content_type = req
        .headers()
        .get(CONTENT_TYPE)
        .map(|v| v.to_str().unwrap_or("(not text)"));
    Ok(tally::api::parse_request(content_type, body)?)
}
