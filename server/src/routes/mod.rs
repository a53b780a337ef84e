//! One module per endpoint; each handler parses, calls `tally`, and serializes.

pub mod check;
pub mod conflicts;
pub mod documents;
pub mod health;
pub mod openapi;

use crate::error::ApiError;
use actix_web::web;

/// Runs CPU work on the blocking pool, so that a long draft does not stall other requests.
pub async fn blocking<T: Send + 'static>(
    f: impl FnOnce() -> T + Send + 'static,
) -> Result<T, ApiError> {
    web::block(f)
        .await
        .map_err(|e| ApiError::Internal(format!("a blocking task failed: {e}")))
}
