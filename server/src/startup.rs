//! Assembling the HTTP server.

use actix_web::dev::Server;
use actix_web::{middleware, web, App, HttpResponse, HttpServer};
use serde_json::json;
use std::net::SocketAddr;
use std::sync::Arc;
use tally::api::{ErrorBody, ErrorDetail};
use tally::corpus::Corpus;

/// What every handler can reach.
#[derive(Debug)]
pub struct AppState {
    pub corpus: Corpus,
}

/// Binds the server (port 0 picks a free port) and returns it with the address it got.
pub fn build(bind: SocketAddr, corpus: Corpus) -> std::io::Result<(Server, SocketAddr)> {
    let state = web::Data::from(Arc::new(AppState { corpus }));
    let server = HttpServer::new(move || {
        App::new()
            .app_data(state.clone())
            .wrap(middleware::Compress::default())
            .route("/healthz", web::get().to(healthz))
            .configure(crate::assets::configure)
            .default_service(web::to(not_found))
    })
    .bind(bind)?;
    let addr = server.addrs()[0];
    Ok((server.run(), addr))
}

async fn healthz(state: web::Data<AppState>) -> HttpResponse {
    HttpResponse::Ok().json(json!({
        "status": "ok",
        "documents": state.corpus.documents.len(),
        "corpus_version": state.corpus.version,
    }))
}

async fn not_found() -> HttpResponse {
    HttpResponse::NotFound().json(ErrorBody {
        error: ErrorDetail {
            code: "not_found".into(),
            message: "There is no such route.".into(),
        },
    })
}
