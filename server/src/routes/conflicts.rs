//! `GET /v1/conflicts`: the quantities on which the corpus's sources disagree.

use super::blocking;
use crate::error::ApiError;
use crate::startup::AppState;
use actix_web::{web, HttpResponse};
use tally::api::conflicts;

/// Computed on the first request (on the blocking pool; concurrent first requests wait for
/// the one computation), then served from memory.
pub async fn list(state: web::Data<AppState>) -> Result<HttpResponse, ApiError> {
    let st = state.clone();
    blocking(move || {
        st.conflicts.get_or_init(|| conflicts(&st.index));
    })
    .await?;
    Ok(HttpResponse::Ok().json(state.conflicts.get()))
}
