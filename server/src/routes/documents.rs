//! `GET /v1/documents` and `GET /v1/documents/{id}`.

use crate::error::ApiError;
use crate::startup::AppState;
use actix_web::{web, HttpResponse};
use tally::api::{extract_json, DocumentJson, DocumentSummary};

pub async fn list(state: web::Data<AppState>) -> HttpResponse {
    let docs: Vec<DocumentSummary> = state.index.documents().map(DocumentSummary::of).collect();
    HttpResponse::Ok().json(docs)
}

pub async fn get(
    path: web::Path<String>,
    state: web::Data<AppState>,
) -> Result<HttpResponse, ApiError> {
    let id = path.into_inner();
    let doc = state
        .index
        .document(&id)
        .ok_or_else(|| ApiError::NotFound(format!("There is no document with id {id:?}.")))?;
    Ok(HttpResponse::Ok().json(DocumentJson {
        summary: DocumentSummary::of(doc),
        text: doc.text.clone(),
        claims: extract_json(&doc.text),
    }))
}
