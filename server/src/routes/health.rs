//! `GET /healthz` and `GET /metrics`.

use crate::startup::AppState;
use actix_web::{web, HttpResponse};
use serde_json::json;

/// Up, with the corpus served: its documents and version.
pub async fn healthz(state: web::Data<AppState>) -> HttpResponse {
    let served = state.corpus.read();
    HttpResponse::Ok().json(json!({
        "status": "ok",
        "documents": served.index.document_count(),
        "corpus_version": served.index.corpus.version,
    }))
}

pub async fn metrics(state: web::Data<AppState>) -> HttpResponse {
    {
        let served = state.corpus.read();
        state
            .metrics
            .set_corpus(served.index.stats(), served.version);
    }
    HttpResponse::Ok()
        .content_type(crate::metrics::CONTENT_TYPE)
        .body(state.metrics.render())
}
