//! The one error type of the HTTP API, and its JSON shape:
//! `{"error": {"code": "...", "message": "..."}}`.

use actix_web::http::header::ALLOW;
use actix_web::http::header::{RETRY_AFTER, WWW_AUTHENTICATE};
use actix_web::http::StatusCode;
use actix_web::{HttpResponse, ResponseError};
use std::fmt;
use tally::api::{ErrorBody, ErrorDetail, RequestError};

#[derive(Debug)]
pub enum ApiError {
    /// The body is not JSON, or not the expected shape.
    InvalidJson(String),
    /// The body is not valid UTF-8.
    InvalidUtf8 {
        offset: usize,
    },
    /// The body is larger than the configured limit.
    TooLarge {
        limit: usize,
    },
    /// Neither `application/json` nor `text/plain`.
    UnsupportedMediaType(String),
    /// A document write neither `application/json` (one document) nor `application/x-ndjson`
    /// (an import).
    UnsupportedDocumentType(String),
    /// `as_of` is not a date.
    InvalidAsOf(String),
    /// A query parameter has a value the route does not take (`format`, `url`).
    InvalidParameter {
        name: &'static str,
        message: String,
    },
    /// The client took longer than the configured timeout to send its body: its fault, so a
    /// 4xx (408), never a 5xx.
    Timeout,
    NotFound(String),
    /// Every slot for checks stayed busy for the queue wait: try again after `retry_after`
    /// seconds.
    Overloaded {
        retry_after: u64,
    },
    /// The check or extraction ran past its deadline and was stopped.
    CheckTimeout {
        deadline: std::time::Duration,
    },
    /// A known route asked with a method it does not answer; `allow` lists those it does, for
    /// the `Allow` header (RFC 9110 requires it on a 405).
    MethodNotAllowed {
        allow: String,
    },
    /// A write without a valid `Authorization: Bearer` token.
    Unauthorized,
    /// A write to a server that takes none: no admin token is configured, or its corpus is a
    /// read-only directory.
    WritesDisabled(String),
    /// A document that cannot be written: the field at fault and why.
    InvalidDocument {
        id: Option<String>,
        field: String,
        message: String,
    },
    /// `POST /v1/documents` with an id the corpus has.
    DocumentExists(String),
    /// The corpus store could not be reached or failed; details go to the log.
    StoreUnavailable(String),
    /// Something failed inside; details go to the log, not the client.
    Internal(String),
}

impl From<RequestError> for ApiError {
    fn from(e: RequestError) -> Self {
        match e {
            RequestError::InvalidJson(e) => ApiError::InvalidJson(e),
            RequestError::InvalidUtf8 { offset } => ApiError::InvalidUtf8 { offset },
            RequestError::UnsupportedMediaType(t) => ApiError::UnsupportedMediaType(t),
        }
    }
}

impl ApiError {
    fn code(&self) -> &'static str {
        match self {
            ApiError::InvalidJson(_) => "invalid_json",
            ApiError::InvalidUtf8 { .. } => "invalid_utf8",
            ApiError::TooLarge { .. } => "body_too_large",
            ApiError::UnsupportedMediaType(_) | ApiError::UnsupportedDocumentType(_) => {
                "unsupported_media_type"
            }
            ApiError::InvalidAsOf(_) => "invalid_as_of",
            ApiError::InvalidParameter { .. } => "invalid_parameter",
            ApiError::Timeout => "request_timeout",
            ApiError::NotFound(_) => "not_found",
            ApiError::Overloaded { .. } => "overloaded",
            ApiError::CheckTimeout { .. } => "check_timeout",
            ApiError::MethodNotAllowed { .. } => "method_not_allowed",
            ApiError::Unauthorized => "unauthorized",
            ApiError::WritesDisabled(_) => "writes_disabled",
            ApiError::InvalidDocument { .. } => "invalid_document",
            ApiError::DocumentExists(_) => "document_exists",
            ApiError::StoreUnavailable(_) => "store_unavailable",
            ApiError::Internal(_) => "internal",
        }
    }
}

impl fmt::Display for ApiError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            ApiError::InvalidJson(e) => write!(f, "The body is not a valid request: {e}."),
            ApiError::InvalidUtf8 { offset } => {
                write!(
                    f,
                    "The body is not valid UTF-8 (first bad byte at offset {offset})."
                )
            }
            ApiError::TooLarge { limit } => {
                write!(f, "The body is larger than the limit of {limit} bytes.")
            }
            ApiError::UnsupportedMediaType(t) => write!(
                f,
                "Content type {t:?} is not supported: send application/json or text/plain."
            ),
            ApiError::UnsupportedDocumentType(t) => write!(
                f,
                "Content type {t:?} is not supported here: send one document as \
                 application/json, or an import as application/x-ndjson."
            ),
            ApiError::InvalidAsOf(v) => {
                write!(
                    f,
                    "as_of {v:?} is not a date: use YYYY-MM-DD, e.g. 2025-03-01."
                )
            }
            ApiError::InvalidParameter { name, message } => {
                write!(f, "The query parameter {name} {message}.")
            }
            ApiError::Timeout => write!(
                f,
                "The request body took longer than the request timeout to arrive."
            ),
            ApiError::NotFound(what) => write!(f, "{what}"),
            ApiError::Overloaded { retry_after } => write!(
                f,
                "Tally is busy with other checks; try again in {retry_after} s."
            ),
            ApiError::CheckTimeout { deadline } => write!(
                f,
                "The text took longer than the limit of {} s to check; send a shorter text.",
                deadline.as_secs_f64()
            ),
            ApiError::MethodNotAllowed { allow } => {
                write!(
                    f,
                    "This route does not answer that method; it answers {allow}."
                )
            }
            ApiError::Unauthorized => write!(
                f,
                "Writing to the corpus needs an admin token: send Authorization: Bearer <token>."
            ),
            ApiError::WritesDisabled(why) => write!(f, "{why}"),
            ApiError::InvalidDocument { id, field, message } => match id {
                Some(id) => write!(f, "Document {id:?}: {field} {message}."),
                None => write!(f, "The document's {field} {message}."),
            },
            ApiError::DocumentExists(id) => write!(
                f,
                "The corpus already has a document with id {id:?}: PUT /v1/documents/{id} \
                 replaces it."
            ),
            ApiError::StoreUnavailable(_) => write!(
                f,
                "The corpus store cannot be reached; nothing was written. Try again shortly."
            ),
            ApiError::Internal(_) => {
                write!(f, "Something went wrong inside Tally; it has been logged.")
            }
        }
    }
}

impl ResponseError for ApiError {
    fn status_code(&self) -> StatusCode {
        match self {
            ApiError::InvalidJson(_)
            | ApiError::InvalidUtf8 { .. }
            | ApiError::InvalidParameter { .. } => StatusCode::BAD_REQUEST,
            ApiError::TooLarge { .. } => StatusCode::PAYLOAD_TOO_LARGE,
            ApiError::UnsupportedMediaType(_) | ApiError::UnsupportedDocumentType(_) => {
                StatusCode::UNSUPPORTED_MEDIA_TYPE
            }
            ApiError::InvalidAsOf(_) => StatusCode::UNPROCESSABLE_ENTITY,
            ApiError::Timeout => StatusCode::REQUEST_TIMEOUT,
            ApiError::NotFound(_) => StatusCode::NOT_FOUND,
            ApiError::Overloaded { .. } | ApiError::CheckTimeout { .. } => {
                StatusCode::SERVICE_UNAVAILABLE
            }
            ApiError::MethodNotAllowed { .. } => StatusCode::METHOD_NOT_ALLOWED,
            ApiError::Unauthorized => StatusCode::UNAUTHORIZED,
            ApiError::WritesDisabled(_) => StatusCode::FORBIDDEN,
            ApiError::InvalidDocument { .. } => StatusCode::UNPROCESSABLE_ENTITY,
            ApiError::DocumentExists(_) => StatusCode::CONFLICT,
            ApiError::StoreUnavailable(_) => StatusCode::SERVICE_UNAVAILABLE,
            ApiError::Internal(_) => StatusCode::INTERNAL_SERVER_ERROR,
        }
    }

    fn error_response(&self) -> HttpResponse {
        match self {
            ApiError::Internal(detail) => tracing::error!(detail = %detail, "internal error"),
            ApiError::StoreUnavailable(detail) => {
                tracing::error!(detail = %detail, "corpus store failed")
            }
            _ => {}
        }
        let mut response = HttpResponse::build(self.status_code());
        if let ApiError::Overloaded { retry_after } = self {
            response.insert_header((RETRY_AFTER, retry_after.to_string()));
        }
        if let ApiError::MethodNotAllowed { allow } = self {
            response.insert_header((ALLOW, allow.as_str()));
        }
        if let ApiError::Unauthorized = self {
            response.insert_header((WWW_AUTHENTICATE, "Bearer realm=\"tally\""));
        }
        if let ApiError::StoreUnavailable(_) = self {
            response.insert_header((RETRY_AFTER, "1"));
        }
        response.json(ErrorBody {
            error: ErrorDetail {
                code: self.code().to_string(),
                message: self.to_string(),
                field: match self {
                    ApiError::InvalidDocument { field, .. } => Some(field.clone()),
                    _ => None,
                },
            },
        })
    }
}
