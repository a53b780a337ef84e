//! The corpus's documents: `GET /v1/documents` and `GET /v1/documents/{id}` for anyone;
//! `POST /v1/documents` (one document, or an import of newline-delimited ones),
//! `PUT /v1/documents/{id}` and `DELETE /v1/documents/{id}` with an admin token.
//!
//! A write is committed to the store, then the served index catches up before the answer, so
//! the next check on this server uses it; other servers on the same store follow within their
//! poll interval.

use crate::body;
use crate::error::ApiError;
use crate::startup::AppState;
use crate::store::{Store, WriteError};
use actix_web::http::header;
use actix_web::http::StatusCode;
use actix_web::{web, HttpRequest, HttpResponse};
use tally::api::{extract_json, DocumentJson, DocumentSummary, ImportResponse, WriteResponse};
use tally::corpus::Document;
use tally::submission::{self, FieldError};

pub async fn list(state: web::Data<AppState>) -> HttpResponse {
    let docs: Vec<DocumentSummary> = state
        .corpus
        .read()
        .index
        .documents()
        .map(DocumentSummary::of)
        .collect();
    HttpResponse::Ok().json(docs)
}

pub async fn get(
    path: web::Path<String>,
    state: web::Data<AppState>,
) -> Result<HttpResponse, ApiError> {
    let id = path.into_inner();
    let doc = state
        .corpus
        .read()
        .index
        .document(&id)
        .cloned()
        .ok_or_else(|| ApiError::NotFound(format!("There is no document with id {id:?}.")))?;
    Ok(HttpResponse::Ok().json(DocumentJson {
        summary: DocumentSummary::of(&doc),
        claims: extract_json(&doc.text),
        text: doc.text,
    }))
}

/// `POST /v1/documents`: a JSON document is created (201; 409 if its id is taken); a body of
/// newline-delimited documents (`application/x-ndjson`) is an import.
pub async fn create(
    req: HttpRequest,
    payload: web::Payload,
    state: web::Data<AppState>,
) -> Result<HttpResponse, ApiError> {
    let store = writable(&req, &state)?;
    if kind_of(&req)? == Kind::Lines {
        return import(req, payload, state, store).await;
    }
    let doc = read_document(&req, payload, &state).await?;
    let id = doc.id.clone();
    let version = store.create(doc).await.map_err(|e| match e {
        WriteError::Exists(id) => ApiError::DocumentExists(id),
        WriteError::Database(e) => ApiError::StoreUnavailable(format!("{e:#}")),
    })?;
    written(&state, StatusCode::CREATED, id, version).await
}

/// `PUT /v1/documents/{id}`: the document is created (201) or replaced (200).
pub async fn put(
    req: HttpRequest,
    path: web::Path<String>,
    payload: web::Payload,
    state: web::Data<AppState>,
) -> Result<HttpResponse, ApiError> {
    let store = writable(&req, &state)?;
    let id = path.into_inner();
    submission::valid_id(&id).map_err(|m| ApiError::InvalidDocument {
        id: None,
        field: "id".into(),
        message: format!("{id:?} in the path {m}"),
    })?;
    if kind_of(&req)? == Kind::Lines {
        return Err(ApiError::UnsupportedDocumentType(
            "application/x-ndjson (imports go to POST /v1/documents)".into(),
        ));
    }
    let bytes = body::read(
        &req,
        payload,
        document_limit(&state),
        state.settings.request_timeout,
    )
    .await?;
    let mut value = json_value(&bytes)?;
    match value.get("id") {
        Some(serde_json::Value::String(given)) if *given != id => {
            return Err(ApiError::InvalidDocument {
                id: Some(id),
                field: "id".into(),
                message: format!("{given:?} differs from the id in the path"),
            })
        }
        _ => {}
    }
    if let Some(fields) = value.as_object_mut() {
        fields.insert("id".into(), serde_json::Value::String(id.clone()));
    }
    let doc = submission::document(value).map_err(invalid(Some(&id)))?;
    let existed = store.contains(&id).await.map_err(unavailable)?;
    let version = store.put(vec![doc]).await.map_err(unavailable)?;
    let status = if existed {
        StatusCode::OK
    } else {
        StatusCode::CREATED
    };
    written(&state, status, id, version).await
}

/// `DELETE /v1/documents/{id}`: 200 with the new version, or 404.
pub async fn remove(
    req: HttpRequest,
    path: web::Path<String>,
    state: web::Data<AppState>,
) -> Result<HttpResponse, ApiError> {
    let store = writable(&req, &state)?;
    let id = path.into_inner();
    match store.remove(&id).await.map_err(unavailable)? {
        Some(version) => written(&state, StatusCode::OK, id, version).await,
        None => Err(ApiError::NotFound(format!(
            "There is no document with id {id:?}."
        ))),
    }
}

/// An import: each line a document, written together in one transaction (each created or
/// replacing the one with its id, so an import can be run again). Lines that cannot be written
/// are listed with their line, id, field and reason; the others are written.
async fn import(
    req: HttpRequest,
    payload: web::Payload,
    state: web::Data<AppState>,
    store: Store,
) -> Result<HttpResponse, ApiError> {
    let bytes = body::read(
        &req,
        payload,
        state.settings.import_limit,
        state.settings.request_timeout,
    )
    .await?;
    let (docs, rejected) = super::blocking(move || submission::lines(&bytes)).await?;
    let imported = docs.len();
    let version = if docs.is_empty() {
        state.corpus.read().version
    } else {
        let version = store.put(docs).await.map_err(unavailable)?;
        caught_up(&state, version).await;
        version
    };
    Ok(HttpResponse::Ok().json(ImportResponse {
        imported,
        version: version.to_string(),
        rejected,
    }))
}

/// The answer to a write committed at `version`, once this server's index has it.
async fn written(
    state: &web::Data<AppState>,
    status: StatusCode,
    id: String,
    version: i64,
) -> Result<HttpResponse, ApiError> {
    caught_up(state, version).await;
    let mut response = HttpResponse::build(status);
    if status == StatusCode::CREATED {
        response.insert_header((header::LOCATION, format!("/v1/documents/{id}")));
    }
    Ok(response.json(WriteResponse {
        id,
        version: version.to_string(),
    }))
}

/// Brings the served index up to a committed write. The write stands if this fails: the
/// follower retries, so it is logged, not answered as an error.
async fn caught_up(state: &web::Data<AppState>, version: i64) {
    match state.corpus.catch_up().await {
        Ok(served) if served >= version => {}
        Ok(served) => tracing::warn!(served, version, "the index is behind a write"),
        Err(e) => tracing::warn!("cannot bring the index up to version {version}: {e:#}"),
    }
}

/// The store, if this request may write to it: the corpus must be a store, writes must be on
/// (an admin token configured), and the request must carry one of the tokens.
fn writable(req: &HttpRequest, state: &AppState) -> Result<Store, ApiError> {
    let Some(store) = state.corpus.store() else {
        return Err(ApiError::WritesDisabled(
            "This server serves a read-only corpus read from files (--corpus); start it without \
             --corpus to keep the corpus in a store that takes writes."
                .into(),
        ));
    };
    let tokens = &state.settings.admin_tokens;
    if tokens.is_empty() {
        return Err(ApiError::WritesDisabled(
            "Writing to the corpus is off on this server: no admin token is configured \
             (--admin-token-file or TALLY_ADMIN_TOKENS)."
                .into(),
        ));
    }
    let given = req
        .headers()
        .get(header::AUTHORIZATION)
        .and_then(|v| v.to_str().ok())
        .and_then(|v| {
            let (scheme, token) = v.trim().split_once(' ')?;
            scheme.eq_ignore_ascii_case("bearer").then(|| token.trim())
        })
        .ok_or(ApiError::Unauthorized)?;
    // Every token is compared in full, so the time taken tells nothing of a near miss.
    let known = tokens.iter().fold(false, |found, t| {
        found | same(t.as_bytes(), given.as_bytes())
    });
    if known {
        Ok(store.clone())
    } else {
        Err(ApiError::Unauthorized)
    }
}

/// Equal bytes, compared in time that depends only on the lengths.
fn same(a: &[u8], b: &[u8]) -> bool {
    a.len() == b.len() && a.iter().zip(b).fold(0u8, |acc, (x, y)| acc | (x ^ y)) == 0
}

#[derive(Debug, PartialEq)]
enum Kind {
    /// One JSON document.
    One,
    /// Newline-delimited JSON documents: an import.
    Lines,
}

/// The body's kind by its `Content-Type`: JSON (or none) is one document, NDJSON an import.
fn kind_of(req: &HttpRequest) -> Result<Kind, ApiError> {
    let Some(value) = req.headers().get(header::CONTENT_TYPE) else {
        return Ok(Kind::One);
    };
    let value = value.to_str().unwrap_or("(not text)");
    let essence = value
        .split(';')
        .next()
        .unwrap_or("")
        .trim()
        .to_ascii_lowercase();
    match essence.as_str() {
        "application/json" => Ok(Kind::One),
        "application/x-ndjson" | "application/jsonl" | "application/jsonlines" => Ok(Kind::Lines),
        _ => Err(ApiError::UnsupportedDocumentType(value.to_string())),
    }
}

/// Reads one JSON document from the body.
async fn read_document(
    req: &HttpRequest,
    payload: web::Payload,
    state: &AppState,
) -> Result<Document, ApiError> {
    let bytes = body::read(
        req,
        payload,
        document_limit(state),
        state.settings.request_timeout,
    )
    .await?;
    let value = json_value(&bytes)?;
    let id = value.get("id").and_then(|v| v.as_str()).map(str::to_string);
    submission::document(value).map_err(invalid(id.as_deref()))
}

/// The largest body of one document: room for a text of the largest size, escaped, and fields
/// over their limits, so that those are refused by name rather than by size.
fn document_limit(state: &AppState) -> usize {
    state
        .settings
        .body_limit
        .max(4 * submission::MAX_TEXT)
        .min(state.settings.import_limit.max(state.settings.body_limit))
}

/// The body as JSON: invalid UTF-8 and invalid JSON are told apart.
fn json_value(bytes: &[u8]) -> Result<serde_json::Value, ApiError> {
    let text = std::str::from_utf8(bytes).map_err(|e| ApiError::InvalidUtf8 {
        offset: e.valid_up_to(),
    })?;
    serde_json::from_str(text).map_err(|e| ApiError::InvalidJson(e.to_string()))
}

fn invalid(id: Option<&str>) -> impl FnOnce(FieldError) -> ApiError + '_ {
    move |e| ApiError::InvalidDocument {
        id: id.map(str::to_string),
        field: e.field,
        message: e.message,
    }
}

fn unavailable(e: anyhow::Error) -> ApiError {
    ApiError::StoreUnavailable(format!("{e:#}"))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn tokens_are_compared_whole() {
        assert!(same(b"secret-token", b"secret-token"));
        assert!(!same(b"secret-token", b"secret-tokem"));
        assert!(!same(b"secret-token", b"secret"));
    }
}
