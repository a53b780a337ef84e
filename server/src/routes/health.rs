//! `GET /healthz` and `GET /metrics`.

use crate::startup::AppState;
use actix_web::{web, HttpResponse};
use serde_json::json;

pub async fn healthz(state: web::Data<AppState>) -> HttpResponse {
    HttpResponse::Ok().json(json!({
        "status": "ok",
        "documents": state.index.document_count(),
        "corpus_version": state.index.corpus.version,
    }))
}

pub async fn metrics(state: web::Data<AppState>) -> HttpResponse {
    HttpResponse::Ok()
        .content_type(crate::metrics::CONTENT_TYPE)
        .body(state.metrics.render())
}
