//! One module per endpoint; each handler parses, calls `tally`, and serializes.

pub mod check;
pub mod conflicts;
pub mod documents;
pub mod health;
pub mod openapi;

use crate::error::ApiError;
use actix_web::dev::Handler;
use actix_web::http::Method;
use actix_web::{web, FromRequest, HttpResponse, Resource, Responder, Route};

/// The route `path` answering `method` with `handler`, and any other method with 405.
///
/// `web::get().to(..)` on a scope or app would put the method in the route's guard, so a wrong
/// method would not match the path at all and fall through to 404.
pub fn resource<F, Args>(path: &str, method: Method, handler: F) -> Resource
where
    F: Handler<Args>,
    Args: FromRequest + 'static,
    F::Output: Responder + 'static,
{
    let allow = method.to_string();
    web::resource(path)
        .route(web::method(method).to(handler))
        .default_service(method_not_allowed(allow))
}

/// A 405 `method_not_allowed` error listing `allow` (for example `GET, HEAD`) in its `Allow`
/// header: a resource's default service, answering the methods it has no route for.
pub fn method_not_allowed(allow: String) -> Route {
    web::to(move || {
        let allow = allow.clone();
        async move { Err::<HttpResponse, _>(ApiError::MethodNotAllowed { allow }) }
    })
}

/// Runs CPU work on the blocking pool, so that a long draft does not stall other requests.
pub async fn blocking<T: Send + 'static>(
    f: impl FnOnce() -> T + Send + 'static,
) -> Result<T, ApiError> {
    web::block(f)
        .await
        .map_err(|e| ApiError::Internal(format!("a blocking task failed: {e}")))
}
