//! `GET /v1/conflicts`: the quantities on which the corpus's sources disagree.

use super::blocking;
use crate::error::ApiError;
use crate::startup::AppState;
use actix_web::{web, HttpResponse};

/// Computed once per corpus version (on the blocking pool), then served from memory.
pub async fn list(state: web::Data<AppState>) -> Result<HttpResponse, ApiError> {
    let corpus = state.corpus.clone();
    let conflicts = blocking(move || corpus.conflicts()).await?;
    Ok(HttpResponse::Ok().json(&*conflicts))
}
